"""Names of a relief from a duty that several rules look for, kept here once.

The rules that ask "is a relief named here?" each keep their own list (they differ on
purpose: "relief" alone, or only "tariff relief"); the names added since are shared from
here so that each list learns them at once.
"""

# A freeze, a moratorium or a halt on a duty is its suspension by another name: "China
# lets tariff freeze on Canadian canola meal expire", "extends moratorium on tariffs on
# Canadian peas", "extends halt on extra levies". In running text, only on a duty (a
# freeze or a halt of anything else is not one: "hiring freeze", "halt in talks"):
OTHER_RELIEFS = (
    r"(?<=tariff\s)freeze|(?<=duty\s)freeze|moratori(?:um|ums|a)"
    r"|(?:freeze|halt)(?=\s+(?:on|of|to)\s+(?:[\w-]+\s+){0,2}?(?:tariffs?|duty|duties|levies)\b)")
# … and as an action's own words (the duty word before it is not part of them):
OTHER_RELIEF_WORDS = r"freeze|moratori(?:um|ums|a)"
