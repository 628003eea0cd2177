"""Time classify() on hostile items: the longest title and summary a feed can give, built
to make the rules work hardest (long lists of goods and actions in one sentence).

    python bench/hostile_classify.py

Prints one row per case: seconds for one classify() and the signals it read. Before the
list walk and the cap on side words (session 14) the worst of these took 80-89 s, and
"cuts 5%" repeated before a list of goods 15-24 s (a product's rate looked up per action,
session 15). The English and French cases now take under 0.3 s; Chinese text, which has no
spaces to bound the rules' windows, up to about 1 s for 8,000 characters.
"""

from __future__ import annotations

import time
from datetime import date

from thawwatch.signals import classify

TITLE_MAX, SUMMARY_MAX = 4000, 8000  # as parse.py caps them

CASES = {
    "goods list (canola, peas, pork)": (
        "China cuts tariff on Canadian canola",
        "cuts tariffs on canola oil, meal and seed and peas and pork, " * 200),
    "seafood parts list": (
        "China extends suspension of tariffs to Canadian pork",
        "extends suspension to lobster, crab, shrimp, oyster, clam, scallop, " * 200),
    "title of goods": (
        "China lifts tariffs on Canadian lobster, crab, pork, peas, steel, " * 80, ""),
    "actions and rates": (
        "China cuts tariffs on Canadian canola oil to 50%",
        "cuts to 50% from 100% until Dec. 31, raises to 25%, suspends, extends, " * 150),
    "exceptions": (
        "China lifts tariffs on Canadian seafood except lobster",
        "seafood except lobster, crab and shrimp other than oysters, " * 150),
    "sides and possessives": (
        "Canada's steel surtax on China expires",
        "Canada's China's Ottawa's Beijing's steel surtax on China and Canada, " * 120),
    "a side's possessive, repeated": (
        "China cuts tariff on Canadian canola",
        "China's " * 850 + "tariff cut on canola, peas, pork, lobster, " * 10),
    "rates, then a list of goods": (
        "China cuts tariffs on Canadian canola oil",
        "cuts 5% " * 500 + "canola oil, peas, pork, lobster, crab, canola meal, " * 7),
    "French goods and rates": (
        "Canola : Pékin ramène ses droits à 15 %",
        "suspend les droits de 25,5 % sur le porc, le homard et le crabe canadiens, lève"
        " ceux de 100 % à 50 % sur l’huile et le tourteau de canola, " * 60),
    # Chinese: no spaces, so a whole summary is one token and one clause to the windows
    "Chinese goods and actions": (
        "中方暂停对加拿大豌豆加征关税",
        "中方暂停对原产于加拿大的豌豆、龙虾、蟹类、猪肉、菜籽油加征100%关税延长至2027年底" * 110),
    "Chinese without punctuation": (
        "中方下调对加拿大油菜籽反倾销保证金至15%",
        "加拿大中方对华加征暂停取消下调恢复延长豌豆猪肉龙虾的关税" * 280),
}


def main() -> None:
    classify("warm up: China and Canada", "")
    print(f"{'case':36} {'seconds':>8} {'signals':>8}")
    for name, (title, summary) in CASES.items():
        start = time.perf_counter()
        result = classify(title[:TITLE_MAX], summary[:SUMMARY_MAX], date(2026, 3, 1))
        print(f"{name:36} {time.perf_counter() - start:8.3f} {len(result.signals):8d}")


if __name__ == "__main__":
    main()
