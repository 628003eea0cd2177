"""Direction: verbs scored by their objects, negation and hedging, signal overrides."""

from __future__ import annotations

from datetime import date

import pytest

from thawwatch.signals import classify

WARMING = [
    "China scraps tariffs on Canadian canola meal",
    "Canada and China sign trade roadmap",
    "Beijing resumes imports of Canadian canola",
    "Carney to visit Beijing in spring",
    "China grants Canadians visa-free entry",
    "Ottawa eases surtax on Chinese steel",
    "China frees detained Canadian",
    "China to impose anti-dumping duty of 5.9% on Canadian canola seed, down from 75.8%",
    "China extends suspension of tariffs on Canadian peas",
    "Canadian and Chinese ministers agree to end trade war",
]
COOLING = [
    "China slaps tariffs on Canadian pork",
    "China halts imports of Canadian canola",
    "Canada expels Chinese diplomat over interference",
    "Beijing suspends group tours to Canada",
    "China executes Canadian citizen",
    "Trump threatens Canada over China trade deal",
    "Ottawa condemns Beijing's sanctions on Canadian MPs",
    "China reinstates tariffs on Canadian peas",
    "China refuses to lift canola tariffs on Canada",
    "China launches anti-dumping probe into Canadian canola",
    "Is the canola thaw over? China reimposes 100% duty on peas",  # the answer after it
]
NEUTRAL = [
    "China delays ruling on Canadian canola",
    "China keeps tariff on Canadian canola oil unchanged",
    "Canada has no plans to drop EV surtax on China",
    "Canola farmers urge Ottawa to scrap tariffs on Chinese EVs",
    "China extends anti-dumping investigation into Canadian canola",
    "Poll: Canadians split on China relations",
    # a question reports no change: December's "will the pause be extended?" read warming
    "Will China extend the canola meal tariff pause? Crushers wait",
    "Will China cut tariffs on Canadian canola?",
    "Peas tariff: will Beijing extend the pause?",
    "Did China just extend the pea tariff pause? Not quite, say analysts",
]


@pytest.mark.parametrize("title", WARMING)
def test_warming(title: str) -> None:
    result = classify(title)
    assert result.direction == "warming", result.reasons
    assert result.score > 0


@pytest.mark.parametrize("title", COOLING)
def test_cooling(title: str) -> None:
    result = classify(title)
    assert result.direction == "cooling", result.reasons
    assert result.score < 0


@pytest.mark.parametrize("title", NEUTRAL)
def test_neutral(title: str) -> None:
    result = classify(title)
    assert result.direction == "neutral", result.reasons


def test_suspending_tariffs_and_imports_differ() -> None:
    assert classify("China suspends tariffs on Canadian peas").score > 0
    assert classify("China suspends imports of Canadian peas").score < 0


def test_reasons_name_words_and_scores() -> None:
    result = classify("China suspends tariffs on Canadian peas")
    assert any(r.startswith("direction warming: ") and "(+7.0)" in r for r in result.reasons)


def test_score_bounds_and_weight() -> None:
    result = classify("China executes Canadian, expels diplomats and slaps tariffs on Canada")
    assert -10 <= result.score <= 10
    assert result.weight >= 1.0


def test_a_bigger_quota_warms_and_a_smaller_one_cools() -> None:
    """"Canada raises EV import quota" scored as raising a barrier (−7): a quota says how
    much may enter, and more may now."""
    from thawwatch.signals import classify

    assert classify("Canada raises EV import quota to 70,000 Chinese vehicles", "",
                    None).direction == "warming"
    assert classify("Canada cuts quota for Chinese EV imports", "", None).direction == "cooling"


def test_a_summary_recounting_the_past_does_not_outweigh_the_news() -> None:
    """ "Beijing cuts canola oil tariff to 50%" over "The tariff was raised to 100% in March
    2025 in retaliation for Ottawa's EV surtax." read cooling: the background sentence
    outweighed the cut. Recounting the past, it now weighs less; a summary telling news
    of its own still counts in full."""
    from datetime import date

    nov = date(2026, 11, 20)
    title = "Beijing cuts canola oil tariff to 50%"
    past = "The tariff was raised to 100% in March 2025 in retaliation for Ottawa's EV surtax."
    assert classify(title, past, nov).direction == "warming"
    news = "Beijing also imposed a 100% tariff on Canadian pork and retaliated against steel."
    assert classify("Canada and China hold trade talks", news, nov).direction == "cooling"


@pytest.mark.parametrize("title", [
    "China denies it will cut pork tariffs on Canada",
    "Canada rejects report it will scrap 100% surtax on Chinese EVs",
])
def test_a_denial_says_nothing_moved(title: str) -> None:
    """A denial of a change read as the change (warming), or as a refusal of it (cooling)."""
    assert classify(title, "", date(2026, 11, 20)).direction == "neutral"


def test_a_refused_visa_is_still_a_refusal() -> None:
    assert classify("Beijing denies visa to Canadian MP, sanctions two senators", "",
                    date(2026, 11, 20)).direction == "cooling"


# French (Radio-Canada, La Presse, Le Devoir …) and Chinese (Xinhua, MOFCOM, Hong Kong and
# Taiwan papers) headlines: they were relevant but always neutral, so they never moved the
# thaw index.
FRENCH_AND_CHINESE = [
    ("La Chine lève ses droits de douane sur le homard canadien", "warming"),
    ("Pékin suspend les tarifs sur les pois canadiens jusqu’à la fin de l’année", "warming"),
    ("Ottawa supprime la surtaxe de 100 % sur les véhicules électriques chinois", "warming"),
    ("Canola : Pékin ramène ses droits à 15 % sur la graine canadienne", "warming"),
    # the head of a French noun phrase comes first: a suspension is extended, or ended
    ("La Chine prolonge la suspension des droits de douane sur les pois canadiens", "warming"),
    ("La Chine met fin à la suspension des droits sur les pois canadiens", "cooling"),
    ("Pékin impose des droits de 100 % sur l’huile de canola canadienne", "cooling"),
    ("Les exportations de canola canadien vers la Chine chutent de 80 %", "cooling"),
    ("Le Canada et la Chine signent un accord commercial", "warming"),
    ("Pékin condamne Ottawa et menace de représailles", "cooling"),
    ("La Chine libère deux Canadiens détenus", "warming"),
    ("La visite du ministre chinois du Commerce à Ottawa annulée à la dernière minute",
     "cooling"),
    ("Ottawa élargit la surtaxe de 25 % aux produits dérivés de l’acier chinois", "cooling"),
    ("La Chine ne lèvera pas ses tarifs sur le canola canadien", "neutral"),
    ("La Chine pourrait réduire ses droits sur le canola canadien", "neutral"),
    ("Les exportateurs de homard de la Nouvelle-Écosse espèrent une levée des tarifs chinois",
     "neutral"),
    ("国务院关税税则委员会：停止对原产于加拿大的豌豆加征关税", "warming"),
    ("中方决定不再延长对加拿大龙虾暂停加征关税措施", "cooling"),
    ("加拿大猪肉对华出口连续三个月下滑", "cooling"),
    ("加拿大油菜籽对华出口大幅回升", "warming"),
    ("海关总署：恢复两家加拿大企业油菜籽输华资格", "warming"),
    ("又一加拿大公民在華被拘　渥太華要求領事探視", "cooling"),
    ("加拿大扩大对华钢铝产品附加税范围 中方：将采取必要措施", "cooling"),
    ("中方表示暂不会取消对加拿大猪肉加征的关税", "neutral"),
    ("加拿大芥花籽協會促北京取消餘下關稅", "neutral"),
]


@pytest.mark.parametrize(("title", "direction"), FRENCH_AND_CHINESE)
def test_french_and_chinese_headlines_get_a_direction(title: str, direction: str) -> None:
    result = classify(title, "", date(2026, 11, 20))
    assert result.relevant, result.reasons
    assert result.direction == direction, result.reasons


def test_a_hedged_change_is_no_change() -> None:
    """"Ottawa considers lifting surtax" scored 7 x 0.15 = 1.05, just past the threshold:
    hopes and musings read as a thaw (a damping of 0.1 keeps them under it)."""
    for title in ("Ottawa considers lifting surtax on Chinese steel",
                  "Nova Scotia lobster exporters hope China lifts tariffs"):
        assert classify(title).direction == "neutral", classify(title).reasons


# An outside review of the French and Chinese words: look-alikes that read the wrong way
@pytest.mark.parametrize(("title", "direction"), [
    ("Nouveau signe de tension entre Ottawa et Pékin", "cooling"),  # a sign, not signing
    ("La Chine conclut à un dumping du canola canadien et impose des droits de 75,8 %",
     "cooling"),  # "finds", not "concludes a deal"
    ("Pékin revient sur sa décision d'imposer des droits sur le canola canadien", "warming"),
    ("La demande chinoise de canola canadien bondit après la levée des droits", "warming"),
    ("Selon La Presse, Pékin lèvera les droits sur le canola canadien", "warming"),
    ("La Chine n'impose plus de droits sur les pois canadiens", "warming"),
    ("Pékin met en place des droits antidumping sur le canola canadien", "cooling"),
    ("Pékin exige qu'Ottawa lève la surtaxe sur les véhicules électriques chinois", "neutral"),
    ("La Chine suspend les droits d'atterrissage d'Air Canada", "neutral"),  # landing rights
    ("China uses canola as a lever in trade dispute with Canada", "cooling"),  # English
    ("China's envoy salutes Canadian veterans at Ottawa ceremony", "neutral"),
    ("中方重启对加拿大油菜籽的反倾销调查", "cooling"),  # an investigation reopened
    ("中方决定撤销对加拿大油菜籽加征的关税", "warming"),
    ("中方宣布不再对加拿大豌豆加征关税", "warming"),
    ("外交部：目前没有关于加拿大总理访华的信息", "neutral"),
])
def test_look_alikes_read_the_right_way(title: str, direction: str) -> None:
    result = classify(title, "", date(2026, 11, 20))
    assert result.direction == direction, result.reasons


def test_a_reason_pulling_against_the_direction_says_so() -> None:
    """"direction warming: '加征' (-4.0)" read as if 加征 (levying) were warming: a word that
    pulled the other way is named as such."""
    result = classify("国务院关税税则委员会：停止对原产于加拿大的豌豆加征关税", "",
                      date(2026, 11, 1))
    assert result.direction == "warming"
    mine = [r for r in result.reasons if r.startswith("direction")]
    assert "direction warming: '停止对原产于加拿大的豌豆' (+7.0)" in mine
    assert "direction warming, despite '加征' (-4.0)" in mine


@pytest.mark.parametrize("title", [
    "Beijing will not renew tariff pause on Canadian peas, ministry says",
    "China declines to extend the suspension of tariffs on Canadian peas",
    "La Chine ne prolongera pas le répit tarifaire sur les pois canadiens",
])
def test_a_relief_refused_its_renewal_cools(title: str) -> None:
    """The relief ends, as 中方决定不再延长…暂停 (cooling) says; negated, the extension
    scored nothing and the headline read neutral."""
    assert classify(title, "", date(2026, 11, 20)).direction == "cooling"


def test_a_duty_not_extended_is_no_relief_refused() -> None:
    assert classify("China will not extend tariffs on Canadian peas", "",
                    date(2026, 11, 20)).direction != "cooling"


@pytest.mark.parametrize(("title", "direction"), [
    # a relief on another country's goods is no Canada–China thaw
    ("China lifts tariffs on U.S. soybeans; Canadian canola still shut out", "neutral"),
    ("China cuts tariffs on American pork to 10%, leaving Canadian pork at 25%", "neutral"),
    # … Canada's own goods, named first, still are
    ("China lifts tariffs on Canadian and U.S. soybeans", "warming"),
])
def test_a_relief_on_a_third_countrys_goods_is_not_a_thaw(title: str, direction: str) -> None:
    assert classify(title, "", date(2026, 11, 20)).direction == direction


@pytest.mark.parametrize(("title", "direction"), [
    # from a second adversarial review: a third country's change leaves no word behind to
    # score alone ("ban", cooling); Canadian goods or Canada listed with it keep it
    ("China lifts ban on U.S. beef as Canada waits", "neutral"),
    ("China lifts ban on US and Canadian beef", "warming"),
    ("China lifts sanctions on U.S., Canadian lawmakers", "warming"),
    ("China lifts tariffs on U.S. and Canadian farm goods", "warming"),
    # … or it is the third country (with China) that acts
    ("Canada watches as US and China extend tariff truce", "neutral"),
    ("Trump, Xi extend tariff truce as Canadian canola remains shut out of China", "neutral"),
    ("China and Canada extend tariff truce", "warming"),
    # … but the U.S. acting alone on Canada over China is pressure the thaw counts
    ("U.S. raises tariffs on Canadian goods over China ties", "cooling"),
    ("Trump slaps tariffs on Canada over China EV deal", "cooling"),
    ("US blocks Canadian EV exports built with Chinese parts", "cooling"),
    # … and a third country alone on China's goods is its own quarrel (a December audit:
    # both cooled, -7), unless Canada's goods are listed with them
    ("Mexico raises tariffs on Chinese steel to 50%; Canada holds at 25%", "neutral"),
    ("U.S. raises tariffs on Chinese EVs to 125%, Canada says it has no plans to follow",
     "neutral"),
    ("U.S. raises tariffs on Chinese and Canadian steel", "cooling"),
    # a ban on imports not renewed, a relief not widened, farm aid not renewed: no relief
    # of Canada–China's ends
    ("China won't extend the suspension of Canadian beef imports", "neutral"),
    ("Ottawa will not extend AgriStability relief for canola farmers hit by China tariffs",
     "neutral"),
    ("China extends tariff pause on Canadian peas but did not extend the exemption to lobster",
     "warming"),
    # a hedged refusal is weighed as hedged
    ("China may decline to extend pea tariff pause, analysts say", "neutral"),
    # the relief a hedged end would end is the compound's head ("tariff pause")
    ("China will end pea tariff pause, sources say", "cooling"),
    # a French warning in the past is a threat
    ("La Chine a averti qu'elle imposerait des droits sur le porc canadien", "cooling"),
])
def test_third_parties_refusals_and_warnings_read_right(title: str, direction: str) -> None:
    assert classify(title, "", date(2026, 11, 20)).direction == direction


@pytest.mark.parametrize(("title", "direction"), [
    # the head of "tariffs on imports" is the tariffs: lifting them warms (it read as
    # lifting the imports, a flow cut)
    ("China lifts tariffs on imports from Canada", "warming"),
    ("China lifts suspension of Canadian pork imports", "warming"),
])
def test_a_noun_with_its_english_complement_is_headed_by_the_noun(title: str,
                                                                 direction: str) -> None:
    assert classify(title, "", date(2026, 11, 20)).direction == direction


@pytest.mark.parametrize(("title", "direction"), [
    # a high reached is a rise, not a blow ("hit" read as a setback)
    ("Canadian canola exports to China hit two-year high in November", "warming"),
    ("Canadian lobster sales to China hit record high", "warming"),
    ("Canadian canola exports to China hit lowest level in years", "cooling"),
    # a travel advisory is no visit ("travel to" warmed it)
    ("China advises citizens against travel to Canada", "cooling"),
    ("China issues travel advisory for Canada", "cooling"),
    ("Chinese tourists travel to Canada in record numbers", "warming"),
    # … and one lifted or eased warms (a December audit: it cooled, -5)
    ("China lifts travel advisory for Canada", "warming"),
    ("China eases travel warning for Canada", "warming"),
])
def test_highs_and_travel_advisories(title: str, direction: str) -> None:
    assert classify(title, "", date(2026, 11, 30)).direction == direction


@pytest.mark.parametrize(("title", "direction"), [
    ("Ottawa lifts Chinese EV quota to 54,000 for second year of deal", "warming"),
    ("Canada trims Chinese EV quota for second half of 2027 to 20,000 vehicles", "cooling"),
    ("Ottawa sets 2027 Chinese EV quota at 49,000, unchanged from 2026", "neutral"),
    ("Véhicules électriques chinois : Ottawa porte le quota à 55 000 pour la deuxième année",
     "warming"),
    ("加拿大将中国电动汽车进口配额提高至每年5.5万辆", "warming"),
    ("China, Canada notify WTO of mutually agreed solution in EV surtax dispute", "warming"),
    ("Le Canada et la Chine suspendent leurs litiges à l'OMC", "warming"),
    ("China begins refunding canola deposits collected above the final 5.9% duty", "warming"),
    ("Chinese group tour bookings to Canada up 40% for Lunar New Year", "warming"),
    ("Canada speeds up visitor visa processing for Chinese tourists", "warming"),
    ("中方决定将对加拿大持普通护照人员免签政策延长至2027年12月31日", "warming"),
    ("China suspends imports of Canadian canola", "cooling"),
])
def test_quotas_settlements_refunds_and_visas(title: str, direction: str) -> None:
    """From a second audit: a quota raised read as goods removed, cooling; a dispute put on
    hold or solved, refunds, bookings up and visas made easier had no cue."""
    assert classify(title, "", date(2026, 11, 30)).direction == direction


@pytest.mark.parametrize(("title", "direction"), [
    ("Carney and Xi hold call, pledge to deepen trade ties", "warming"),
    ("Canada and China vow to expand trade", "warming"),
    ("Canada and China strengthen economic and trade cooperation", "warming"),
    ("China vows to retaliate against Canada's steel surtax", "cooling"),
])
def test_a_call_and_a_vow_to_work_together_warm(title: str, direction: str) -> None:
    """From a user review: a leaders' call pledging deeper ties read neutral (it kept the
    Diplomacy index under 50), and a vow to expand trade read as a threat (cooling)."""
    assert classify(title, "", date(2026, 11, 30)).direction == direction


def test_french_tours_resuming_warm() -> None:
    """"Les voyages organisés chinois reprennent" read neutral: "reprennent" is not
    "reprend*", and organised tours were no flow."""
    assert classify("Les voyages organisés chinois reprennent vers Québec et Montréal", "",
                    date(2026, 11, 30)).direction == "warming"
