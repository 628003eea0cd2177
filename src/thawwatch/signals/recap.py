"""Recaps: a summary sentence telling a change made months before the item.

Feeds' summaries give background: "China imposed the 100 per cent tariffs in March 2025",
"When Beijing suspended its tariffs on canola meal and peas last March, exports surged",
"… since Beijing restored Canada's Approved Destination Status in November 2025". Read as
changes, they put the old duty back in the ledger dated today, or next to the real news
(a suspension beside the restore the item reports). A change in the past tense with a
time named beside it that lies well before the publication is such a recap.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from thawwatch.signals.dates import MONTH_NUMBERS, SOON
from thawwatch.signals.settle import RECAP_DAYS  # a time further back than this: a recap
from thawwatch.signals.text import Hit, Sentence, may_mention

#: How many tokens from the change the time may stand.
TIME_REACH = 12

_MONTH = (r"(?P<month>jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?"
          r"|aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
          r"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre"
          r"|novembre|d[ée]cembre)")
# A time gone by: "in March 2025", "last March", "on March 1", "since February",
# "in 2025", "en novembre 2025", "le 20 mars 2025"; not an end ("until Dec. 31") nor a
# start told with "from" (a change made now may be told in the past: "suspended the
# duties from Jan. 1")
_TIME = re.compile(
    rf"\b(?:(?P<last>last)|in|since|on|by|early|late|mid|en|depuis|le)(?:\s+|-)"
    rf"(?:(?P<day1>\d{{1,2}})(?:er)?\s+)?{_MONTH}(?:\s+(?P<day2>\d{{1,2}})\b)?"
    rf"(?:,?\s+(?P<year>20\d\d))?(?![\w-])"
    r"|\b(?:in|since|en|depuis)\s+(?P<only_year>20\d\d)\b(?!\s*[-–/])"
    r"|\b(?P<ago>last\s+year|a\s+year\s+ago|earlier\s+this\s+year|l['’]an\s+dernier"
    r"|l['’]ann[ée]e\s+derni[èe]re)\b", re.I)
# A start told with "from" after a change in the past: made now, it starts soon ("suspended
# the duties from Jan. 1", in December); a start long gone is a recap's ("China suspended its
# tariffs on canola meal and peas from March 1 to Dec. 31", in December)
_FROM_TIME = re.compile(
    rf"\bfrom\s+(?:(?P<day1>\d{{1,2}})\s+)?{_MONTH}(?:\s+(?P<day2>\d{{1,2}})\b)?"
    rf"(?:,?\s+(?P<year>20\d\d))?(?![\w-])", re.I)
# The change told in the past: "imposed", "suspended", "were suspended", "set", "a rétabli"
_PAST_VERB = re.compile(r"(?:\w+ed|set|cut|put|hit|slapped|made|gave|took|began|lifted)$",
                        re.I)
_NOT_PAST = re.compile(r"\b(?:will|would|to|shall|may|might|can|could|must|should)\s+$",
                       re.I)
_DIGIT = re.compile(r"\d")
# Chinese: a sentence told as earlier events ("此前", "早前", "先前": previously)
_ZH_EARLIER = re.compile(r"\s*(?:此前|早前|先前|此前已)")
_FR_PAST = re.compile(r"\b(?:a|ont|avait|avaient)(?:\s+été)?\s+$", re.I)
# Chinese has no tenses: a sentence that opens on a time well gone by tells what was done
# then ("2025年3月，…", "今年3月1日起，…"; not "自2027年1月1日起", a start to come)
_ZH_TIME_FIRST = re.compile(
    r"\s*(?:自|从|從|于|於)?\s*(?:(20\d\d)\s*年|([今去])年)?\s*(\d{1,2})\s*月"
    r"(?:\s*(\d{1,2})\s*[日号號])?")


def is_recap(s: Sentence, action: Hit, published: date | None) -> bool:
    """Whether ``action`` in a summary sentence tells a change made long before
    ``published``: in the past tense, with a time gone by near it. A title is the news."""
    if s.in_title:
        return False
    if _ZH_EARLIER.match(s.text):
        return True  # "此前，中方自2025年3月20日起对…加征100%关税" (earlier, China imposed …)
    if published is not None and (m := _ZH_TIME_FIRST.match(s.text)) is not None and (
            (when := _zh_when(m, published)) is not None
            and (published - when).days > RECAP_DAYS):
        return True  # "2025年3月，中方对…加征100%关税", "今年3月1日起，中方暂停…": told as before
    if published is None or not _past(s.text, action):
        return False
    if not may_mention(s.text, *_CLUES) and not _DIGIT.search(s.text):
        return False
    for m in _TIME.finditer(s.text):
        if s.distance(m.start(), action.start) > TIME_REACH:
            continue
        when = _when(m, published)
        if when is not None and (published - when).days > RECAP_DAYS:
            return True
    for m in _FROM_TIME.finditer(s.text):  # (before it: "… from March 1 and cut …")
        if s.distance(m.start(), action.start) > TIME_REACH:
            continue
        when = _started(m, published)
        if when is not None and (published - when).days > RECAP_DAYS:
            return True
    return False


def _started(m: re.Match[str], published: date) -> date | None:
    """The start a "from" day after a change in the past names: the latest such day at
    most ``SOON`` after ``published`` (see ``dates``); None if it names none."""
    word = m.group("month").lower().rstrip(".")
    month = MONTH_NUMBERS.get(word) or MONTH_NUMBERS.get(word[:3])
    named = m.group("day1") or m.group("day2")
    if month is None:
        return None
    day = min(int(named) if named else 1, 28 if month == 2 else 30 if month in (4, 6, 9, 11)
              else 31)
    if m.group("year"):
        return date(int(m.group("year")), month, day)
    for year in (published.year + 1, published.year, published.year - 1):
        if date(year, month, day) - published <= SOON:
            return date(year, month, day)
    return None


_CLUES = ("last", "year", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
          "oct", "nov", "dec", "juil", "ao", "mai", "avril")


def _past(text: str, action: Hit) -> bool:
    before = text[max(0, action.start - 24):action.start]
    if _FR_PAST.search(before):
        return True
    word = action.text.split()[0] if action.text.split() else ""
    return bool(_PAST_VERB.fullmatch(word)) and not _NOT_PAST.search(before)


def _when(m: re.Match[str], published: date) -> date | None:
    """The latest day a time gone by may mean (a month: its last day, so "in October",
    read on 30 November, may be a month ago); None if it names none before
    ``published``."""
    if ago := m.group("ago"):
        return date(published.year - 1, 12, 31) if "last" in ago.lower() or "derni" in (
            ago.lower()) else None  # ("a year ago", "earlier this year": no day to go by)
    if m.group("only_year"):
        year = int(m.group("only_year"))
        return date(year, 12, 31) if year < published.year else None
    word = m.group("month").lower().rstrip(".")
    month = MONTH_NUMBERS.get(word) or MONTH_NUMBERS.get(word[:3])
    if month is None:
        return None
    named = m.group("day1") or m.group("day2")
    day = int(named) if named else 1
    year = int(m.group("year")) if m.group("year") else published.year
    if not m.group("year") and ((month, day) > (published.month, published.day)
                                or (m.group("last") and month >= published.month)):
        year -= 1  # told in the past: the last such day before the item
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last) if named else last)


def _zh_when(m: re.Match[str], published: date) -> date | None:
    """The day a Chinese time at a sentence's start names (its month's first day when it
    names none; a month without a year, the latest such at most ``SOON`` ahead)."""
    month, day = int(m.group(3)), int(m.group(4) or 1)
    if not 1 <= month <= 12:
        return None
    if m.group(1) or m.group(2):
        year = int(m.group(1)) if m.group(1) else published.year - (m.group(2) == "去")
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))
    # no year: a start soon to come ("自1月1日起", in late December), else the one gone by
    for year in (published.year + 1, published.year, published.year - 1):
        when = date(year, month, min(day, calendar.monthrange(year, month)[1]))
        if when - published <= SOON:
            return when
    return None
