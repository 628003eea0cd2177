"""Simplified and traditional Chinese forms of a search word, for the trade vocabulary.

Mainland outlets write 中国对加拿大油菜籽征收关税; Hong Kong and Taiwan outlets write
中國對加拿大油菜籽徵收關稅. A reader searching either should find both. A full converter
(OpenCC) maps phrases with dictionaries; searching needs far less: the characters of the
words a Canada–China trade reader looks for, one form each way. A character outside the
table stays as it is (most are the same in both scripts: 加拿大, 北京, 油菜籽, 豌豆).
"""

from __future__ import annotations

# simplified → traditional, one pair per character (where a simplified character stands
# for several, the one trade news means: 发 → 發, not 髮)
_PAIRS = (
    "国國关關税稅贸貿猪豬农農产產业業务務习習华華电電车車龙龍虾蝦鲜鮮钢鋼铁鐵铝鋁"
    "游遊团團会會见見总總进進对對经經济濟协協议議谈談长長发發报報组組织織际際场場"
    "价價买買卖賣运運输輸称稱将將于於与與这這们們为為时時东東门門间間问問题題应應"
    "说說让讓开開头頭渔漁鱼魚鲑鮭贝貝类類粮糧麦麥饲飼倾傾销銷补補贴貼调調决決临臨"
    "暂暫征徵额額条條约約签簽领領导導统統边邊双雙赢贏复復样樣区區尔爾亚亞"
    "汇匯罚罰惩懲级級币幣钱錢银銀损損诉訴讼訟审審规規则則检檢许許证證网網"
    "闻聞记記态態势勢紧緊张張缓緩极極"
)
_TO_TRADITIONAL = {s: t for s, t in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)}
_TO_SIMPLIFIED = {t: s for s, t in _TO_TRADITIONAL.items()}


def script_forms(word: str) -> tuple[str, ...]:
    """``word``, then its simplified and traditional forms where they differ from it
    (an ASCII word alone, at once)."""
    if word.isascii():
        return (word,)
    forms = [word]
    for table in (_TO_SIMPLIFIED, _TO_TRADITIONAL):
        form = "".join(table.get(ch, ch) for ch in word)
        if form not in forms:
            forms.append(form)
    return tuple(forms)
