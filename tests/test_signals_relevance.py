"""Relevance: both sides present or implied; third-country stories are not Canada–China."""

from __future__ import annotations

import pytest

from thawwatch.signals import classify

RELEVANT = [
    ("Ottawa and Beijing resume ministerial trade dialogue", ""),
    ("Carney to meet Xi on APEC sidelines", ""),
    ("Anand holds call with Wang Yi", ""),
    ("MOFCOM announces ruling on canola", "The duty applies to rapeseed imported from Canada."),
    ("Beijing eases duties on canola", "Prairie farmers expect more sales."),  # weak Canada side
    ("China suspends tariffs on lobster", "Nova Scotia exporters welcomed the move."),
    ("Global Affairs Canada summons Chinese ambassador", ""),
    ("Notice to importers: China surtax order amended", ""),  # Canadian customs wording
    ("Sino-Canadian trade talks open in Ottawa", ""),
]

DISTRACTORS = [
    ("US raises tariffs on Chinese electric vehicles", "The White House cited overcapacity."),
    ("EU imposes countervailing duties on Chinese EVs", "Brussels said the duties follow a probe."),
    ("Canada and US trade officials meet on steel tariffs", ""),
    ("Australia's barley returns to China after duties lifted", "Canberra welcomed the decision."),
    ("Canada, India agree to restart talks", "Ottawa and New Delhi will name new envoys."),
    ("China cuts tariffs on US soybeans", "Beijing made the move under a truce with Washington."),
    ("China resumes imports of Australian canola", "Western Australian growers celebrate."),
    ("Canadian dollar weakens", "The loonie fell against the greenback."),
    ("BYD sales surge in Europe", "The Chinese carmaker outsold Tesla."),
    ("Lobster prices rise in Maine", "Exporters in Massachusetts expect strong demand from China."),
    ("EU slaps tariffs on Chinese EVs", "The move follows similar measures by the US and Canada."),
]


@pytest.mark.parametrize(("title", "summary"), RELEVANT)
def test_relevant(title: str, summary: str) -> None:
    result = classify(title, summary)
    assert result.relevant, result.reasons
    assert result.reasons[0].startswith("relevance:")


@pytest.mark.parametrize(("title", "summary"), DISTRACTORS)
def test_distractors_are_not_relevant(title: str, summary: str) -> None:
    result = classify(title, summary)
    assert not result.relevant, result.reasons
    assert result.topics == ()
    assert result.direction == "neutral"
    assert result.signals == ()
    assert result.weight == 0.0
    assert result.reasons and result.reasons[0].startswith("not relevant")


def test_reason_names_the_matched_words() -> None:
    result = classify("Ottawa protests Beijing's detention of citizen")
    assert result.reasons[0] == "relevance: 'Ottawa' + 'Beijing'"


def test_empty_item() -> None:
    result = classify("", "")
    assert not result.relevant


def test_chinas_pea_and_lobster_tariffs_imply_canada() -> None:
    """"China not expected to extend pea tariff relief, analysts say" names no Canada
    word, but China's pea and lobster tariffs in these stories are Canada's; a third
    country named still voids the hint."""
    from thawwatch.signals import classify

    for title in ("China not expected to extend pea tariff relief, analysts say",
                  "Analysts: Beijing likely to roll over peas, lobster tariff suspension"):
        assert classify(title, "", None).relevant, title
    for title in ("China slaps tariffs on US lobster", "China cuts lobster tariff for Australia"):
        assert not classify(title, "", None).relevant, title


@pytest.mark.parametrize(("title", "summary", "topic"), [
    ("Canola : Pékin réduit ses droits antidumping à 5,9 %",
     "Les producteurs de la Saskatchewan saluent la décision.", "agriculture"),
    ("Ottawa impose une surtaxe de 50 % sur l'acier chinois", "", "steel_aluminum"),
    ("La Chine prolonge la suspension des droits sur le canola et les pois canadiens", "",
     "agriculture"),
    ("Pékin rétablit le statut de destination approuvée pour le Canada", "", "tourism"),
    ("Les homardiers de la Nouvelle-Écosse soulagés par la décision chinoise", "", "seafood"),
    ("中国下调加拿大油菜籽关税", "", "agriculture"),
    ("加拿大总理卡尼会见习近平", "", "diplomacy"),
    # traditional characters (Hong Kong, Taiwan): 中國, 習近平, 會晤, 龍蝦 were not read
    ("中國對加拿大油菜籽徵收關稅", "", "agriculture"),
    ("加拿大總理卡尼與習近平會晤", "", "diplomacy"),
    ("中國暫停對加拿大龍蝦加徵關稅", "", "seafood"),
])
def test_french_and_chinese_headlines_are_read_for_relevance_and_topics(
        title: str, summary: str, topic: str) -> None:
    """Radio-Canada's and La Presse's headlines (and Chinese ones, the README's search
    example among them) were all "not relevant": no side word matched "Chine", "Pékin",
    "canadiens" or 加拿大. They now count, with their irritant (and their tariff signals:
    see test_signals_tariffs)."""
    from datetime import date

    result = classify(title, summary, date(2026, 11, 20))
    assert result.relevant, title
    assert topic in result.topics, (title, result.topics)


def test_a_french_story_about_a_third_country_stays_out() -> None:
    assert not classify("Les États-Unis et la Chine s'affrontent sur le soja", "", None).relevant


@pytest.mark.parametrize("title", [
    "国务院关税税则委员会：停止对原产于加拿大的豌豆加征关税",  # the State Council's body
    "中方暂停对加拿大龙虾、蟹类加征关税",  # "the Chinese side"
    "中方就加方对中国电动汽车加征附加税提出严正交涉",  # and "the Canadian side"
    "加拿大油菜籽对华出口大幅回升",  # "to China"
    "加拿大總理訪華 中加簽署多項經貿合作文件",  # "visits China"
    "前10个月中加双边贸易额同比增长12.3%",  # China–Canada in one word
    "首批加拿大活龙虾经全货机运抵郑州",  # a Chinese city
    "Des autocars de touristes chinois de retour au Saguenay–Lac-Saint-Jean",
    "Trois abattoirs québécois de nouveau autorisés à exporter du porc vers la Chine",
    "Tarifs chinois sur les pois : une décision attendue en décembre",  # China's pea tariff
])
def test_official_chinese_and_french_regional_wording_is_relevant(title: str) -> None:
    """Chinese official prose names the sides as 中方 and 加方, "to China" as 对华, and the
    State Council's tariff commission without 中国; French stories name Quebec's regions
    and people. Such headlines were "not relevant"."""
    assert classify(title, "", None).relevant, classify(title, "", None).reasons


@pytest.mark.parametrize("title", [
    "国务院关税税则委员会：对原产于美国的部分商品停止加征关税",  # the US, not Canada
    "加拿大央行公布增加方式",  # 加方 inside 增加方式
    "集中方式处理加拿大订单",  # 中方 inside 集中方式
    "其中加拿大占三成",  # 中加 inside 其中加拿大
])
def test_look_alikes_of_the_new_words_are_not_relevant(title: str) -> None:
    assert not classify(title, "", None).relevant, classify(title, "", None).reasons


@pytest.mark.parametrize("title", [
    "卡尼赴华盛顿与特朗普会谈 加拿大寻求降低关税",  # 华 of Washington, not of China
    "加拿大在华人口超过170万",  # ethnic Chinese
    "美国国务院批评加拿大数字服务税",  # the US State Department
    "新华社渥太华电 加拿大与美国举行贸易谈判",  # Xinhua is a source, not a side
    "加拿大外交部发言人表示将继续支持乌克兰",  # Canada's spokesperson
    "中国放宽过境免签 外国人入境更加方便",  # 更加方便: more convenient
])
def test_chinese_look_alikes_of_the_sides_are_not_relevant(title: str) -> None:
    assert not classify(title, "", None).relevant, classify(title, "", None).reasons


@pytest.mark.parametrize("title", [
    "China restores export licence for Olymel pork plant",  # a Canadian firm
    "What the WTO's DS636 ruling means for Canadian peas and pork",  # their dispute
    "China lets pea reprieve lapse",  # China's relief on peas is Canada's
])
def test_a_side_named_by_its_firm_dispute_or_relief(title: str) -> None:
    """Each named one side only by a firm, a WTO dispute number or a relief, and was out."""
    assert classify(title, "", None).relevant


@pytest.mark.parametrize("title", [
    "U.S. lets pea reprieve lapse for Indian imports",
    "DS636 panel report delayed, U.S. trade rep says",
])
def test_a_third_country_voids_those_hints(title: str) -> None:
    assert not classify(title, "", None).relevant


@pytest.mark.parametrize(("title", "relevant"), [
    ("Canada routs China 9-0 in women's hockey exhibition in Shenzhen", False),
    ("Le Canadien de Montréal jouera deux matchs préparatoires en Chine en 2027", False),
    ("Canadian figure skaters win gold at Grand Prix in Chongqing", False),
    # guards: tied to their relations
    ("China bans Canadian hockey broadcasts amid trade spat", True),
    ("Canadian skater detained in China", True),
    ("Canada and China hold talks on Olympic cooperation", True),
])
def test_a_sports_story_about_both_is_not_about_their_relations(title: str,
                                                                relevant: bool) -> None:
    """From an audit of feed summaries: a hockey score between the two read as about
    Canada–China relations, as both sides are named."""
    assert classify(title, "", None).relevant is relevant
