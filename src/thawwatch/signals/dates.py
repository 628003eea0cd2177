"""Dates stated around a tariff change: when it takes effect and until when it runs.

Reads "from March 1 to December 31", "effective March 1, 2026", "1 March 2026",
"2026-03-01", "until Dec. 31", "through 2027", "until the end of the year", "until the end
of next year", "through March", "for five years", "for six months", "as of March 1", "by
March 1". A month-day without a year takes the year that puts
it nearest the item's publication date (or a year named in the text); after a past verb
the one gone by ("lifted … on Dec. 31"), after a future one the one to come ("to end …
Dec. 31"), as after an end word ("ended Dec. 31", "ends Dec. 31").
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from thawwatch.months import add_months
from thawwatch.signals.starts import gated
from thawwatch.signals.text import may_mention

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-zà-ÿ])\.?"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(20\d\d)"
_DATE = gated(
    re.compile(
        rf"\b{_MON}\s+{_DAY}\b(?:,?\s+{_YEAR})?"  # March 1, 2026
        rf"|\b{_DAY}\s+{_MON}(?:,?\s+{_YEAR})?"  # 1 March 2026
        rf"|\b{_YEAR}-(\d\d)-(\d\d)\b"  # 2026-03-01
        rf"|\b(?:the\s+)?(?:end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:year|{_YEAR})"  # end of year
        rf"|year[\s-]end(?:\s+(?:of\s+)?{_YEAR})?|end-{_YEAR})"  # year-end 2027, end-2027
        rf"|(?<=\bthrough\s){_YEAR}|(?<=\buntil\s){_YEAR}|(?<=\bthru\s){_YEAR}"  # through 2027
        rf"|(?<=\btill\s){_YEAR}"
        rf"|(?<=\bthroughout\s){_YEAR}|(?<=\bfor\sall\sof\s){_YEAR}",  # "for all of 2027"
        re.I,
    )
)
_UNTIL = gated(
    re.compile(
        r"(?:\buntil|\btill|\bthrough|\bthroughout|\bthru|\bto|\bending|\bup\s+to"
        r"|\bfor\s+all\s+of"
        r"|\bno\s+later\s+than|\bexpir\w*(?:\s+on)?|\bruns?\s+to"
        r"|\bbetween\s[^;]{1,20}?\band)\s*(?:the\s+)?$",  # "between March 1 and Dec. 31"
        re.I,
    )
)
#: The words that name a start before a day ("from March 1", "effective March 1"): each
#: rule below adds its own (``_EFFECTIVE`` "on", ``_FROM`` "taking effect", and tariffs's
#: ``_NOT_ITS_END`` the untils), so the shared ones cannot drift apart.
START_WORDS = (r"\bfrom|\bstarting|\bstarts|\bas\s+of|\beffective|\bbeginning|\bbegins|\bby"
               r"|\bafter|\bcommencing")
_EFFECTIVE = gated(
    re.compile(rf"(?:{START_WORDS}|\bon|\bstart\s+on|\bfrom\s+the)\s*$", re.I)
)
_PAST = gated(
    re.compile(
        r"(?:\bsince|\bin|\blast|\bdue\s+to\s+expire(?:\s+on)?|\bwas\s+due"
        # the end an extension moved: "the suspension had been due to end on Dec. 31"
        r"|\b(?:was|were|had\s+been)\s+due\s+to\s+(?:end|lapse|run\s+out)(?:\s+on)?"
        # "…, which was to end on December 31" (AFP): the end it had
        r"|\b(?:was|were)\s+(?:(?:set|scheduled|slated)\s+)?to\s+(?:end|lapse|run\s+out"
        r"|expire)(?:\s+on)?"
        r"|\bbegan(?:\s+on)?|\bstarted(?:\s+on)?|\btook\s+effect(?:\s+on)?"
        r"|\bcame\s+into\s+force(?:\s+on)?)\s*(?:the\s+)?$", re.I
    )
)
# An end still to come, right before its day: "the relief ends Dec. 31", "to end Dec. 31",
# "runs out March 1". The day is read forward, as an until date is: late in February, "ends
# Dec. 31" is the coming Dec. 31, not the one just gone ("ended", past, is not read here).
_ENDS = gated(re.compile(
    r"(?:\bends?|\blapses?|\bruns?\s+out)(?:\s+on)?\s*(?:the\s+)?$", re.I))
# An end gone by, right before its day: "the relief ended Dec. 31", "lapsed on March 1". The
# day is read backward: in September, "ended Dec. 31" is the Dec. 31 gone, not the coming one
# ("expired Dec. 31" is no start at all: see _EXPIRE).
_ENDED = gated(re.compile(
    r"(?:\bended|\blapsed|\bran\s+out)(?:\s+on)?\s*(?:the\s+)?$", re.I))
#: Days a day gone by may lie after the publication (a feed's clock, its time zone).
PAST_SLACK = 2
#: How far ahead a change told in the past may start ("suspended … from March 1", said
#: late in February): a start further ahead is the last one gone by.
SOON = timedelta(days=60)
# A start named before a day: a change made in the past may take effect later ("suspended
# tariffs on peas from March 1", said late in February), so a past verb does not read such a
# day backward (see ``find_span``'s ``tense``); "on" alone is the day of the change itself
_FROM = gated(re.compile(
    rf"(?:{START_WORDS}|\bstart"
    # "…, taking effect on Dec. 31", "to take effect", "coming into force" (a review)
    r"|\b(?:take|takes|taking|took|taken)\s+effect|\b(?:come|comes|coming|came)\s+into"
    r"\s+(?:force|effect)|\bkicks?\s+in|\bin\s+(?:force|effect))"
    r"(?:\s+on)?\s*(?:the\s+)?$", re.I))
# … of those, the ones that say the start is ahead: "to take effect on Dec. 31"
_TAKES_EFFECT = re.compile(
    r"(?:\b(?:take|takes|taking|took|taken)\s+effect|\b(?:come|comes|coming|came)\s+into"
    r"\s+(?:force|effect)|\bkicks?\s+in|\bin\s+(?:force|effect))(?:\s+on)?\s*(?:the\s+)?$",
    re.I)
_EXPIRE = re.compile(r"\bexpir\w*\s*(?:on|at)?\s*(?:the\s+)?$", re.I)
# … though it is the day something ends ("the suspension expires Dec. 31"), unless that
# day was once due ("the relief had been set to expire Dec. 31": an end put off)
_ONCE_DUE = re.compile(r"\b(?:was|were|been)\s+(?:due|set|scheduled|slated)\s+to\s+expir\w*"
                       r"\s*(?:on|at)?\s*(?:the\s+)?$", re.I)
_DURATION = re.compile(
    r"\bfor\s+(?:a\s+(?:further|period\s+of)\s+|another\s+)?"
    r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|a)"
    r"\s+(?:more\s+)?(years?|months?)\b"
    # Chinese: "为期一年" (for a period of a year), "暂停…加征关税一年" (the duties
    # suspended for a year: the length right after them)
    # (not "加征关税一年来" / "一年后", the year since or after)
    r"|(?:为期|(?<=关税)|(?<=關稅))\s*(\d{1,2}|[一二两兩三四五六])\s*(年|个月|個月)"
    r"(?!来|來|后|後|前|多|以来|以來|左右)",
    re.I,
)
# A length added to an end the text does not give, not counted from today: "extends …
# by a year", "for another 12 months", "12 more months", "a one-year extension", French
# "prolonge d'un an", "de six mois", Chinese "延长一年" (not "延长至2027年": a day). Read by
# ``_added_months``; the ledger knows the end it moves (``Span.further``).
_N = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|a)"
_UNIT = r"(?:years?|months?)\b(?![\s-]*(?:end|long|old)\b)"
_LONGER = re.compile(
    rf"\bby\s+{_N}\s+{_UNIT}"
    rf"|\b(?:another|a\s+further|an?\s+(?:additional|extra)|one\s+more)\s+(?:{_N}\s+)?{_UNIT}"
    rf"|\b{_N}\s+(?:more|additional|further)\s+{_UNIT}"
    rf"|\b{_N}[\s-](?:year|month)\s+(?:extension|renewal|rollover)\b"
    r"|\bd['’]une?\s+(?:an|année)\b"
    r"|\bde\s+(?:\d{1,3}|deux|trois|six|douze|dix-huit)\s+(?:ans|années|mois)\b"
    r"|\b(?:un|une)\s+(?:an|année)\s+(?:de\s+plus|supplémentaire)\b"
    # "pendant 12 mois de plus", "six mois supplémentaires"
    r"|\b(?:\d{1,3}|deux|trois|six|douze|dix-huit)\s+(?:ans|années|mois)\s+"
    r"(?:de\s+plus|supplémentaires)\b"
    r"|(?:延长|延長|延期)(?:[一二两兩三四五六半]|\d{1,2})\s*(?:年|个月|個月)"
    # "继续暂停加征关税一年" (continues the suspension for a year)
    r"|(?<=关税|關稅)(?:[一二两兩三四五六半]|\d{1,2})\s*(?:年|个月|個月)(?=[，。,;；]|$)"
    # "la suspension … est prolongée pour 12 mois" (pour: as an extension says it)
    r"|\b(?:prolong|reconduit|reconduct|renouvel)\w*\s+(?:[\w'’]+\s+){0,3}?pour\s+"
    r"(?:\d{1,3}|deux|trois|six|douze|dix-huit|un|une)\s+(?:ans?|années?|mois)\b",
    re.I,
)
_LENGTH_NUMBER = re.compile(
    r"\d+|\b(?:one|two|three|four|five|six|seven|eighteen|eight|nine|ten|eleven|twelve"
    r"|deux|trois|douze|dix-huit)\b|[一二两兩三四五六半]", re.I)
_MONTH_UNIT = re.compile(r"month|mois|个月|個月", re.I)


def _added_months(text: str) -> int | None:
    """The length, in months, of "by a year", "for another 12 months", "d'un an", "延长
    一年" (``_LONGER``) in ``text``; None if it names none."""
    m = _LONGER.search(text)
    if m is None:
        return None
    said = m.group(0)
    if "半" in said:
        return 6
    number = _LENGTH_NUMBER.search(said)
    word = number.group(0).lower() if number else "a"
    count = _WORDS.get(word) or (int(word) if word.isdigit() else 1)
    months = count if _MONTH_UNIT.search(said) else 12 * count
    return months if 0 < months <= 120 else None


# An end named by its month alone: "through March", "until the end of June 2027", "to
# end-June 2027" (a day after the month is a whole date, which _DATE reads).
_MONTH_END = gated(
    re.compile(
        rf"\b(?:(?:until|till|through|thru|(?:to|until|through|by)\s+the\s+end\s+of)\s+"
        rf"|(?:to|until|till|through|by)\s+end-)(?:next\s+)?{_MON}"  # "to end-June 2027"
        rf"(?![\s.]*\d{{1,2}}\b)(?:,?\s+{_YEAR})?",
        re.I,
    )
)
# … in French: "jusqu'à la fin (de) juin", "jusqu'à fin juin", "jusqu'en juin 2027"
_MONTH_END_FR = re.compile(
    r"\bjusqu['’](?:à\s+(?:la\s+)?fin\s+(?:de\s+|du\s+mois\s+de\s+)?|en\s+)"
    r"(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre"
    r"|d[ée]cembre)(?![\s.]*\d{1,2}\b)(?:\s+(20\d\d))?", re.I)
# … or a relief carried on to a month and year: "extends tariff exemption for Canadian
# lobster to June 2027" (only after a renewal: "postpones new duties to June 2027" names
# when they start)
_TO_MONTH_YEAR = re.compile(rf"\bto\s+{_MON}(?![\s.]*\d{{1,2}}\b),?\s+{_YEAR}", re.I)
# (the renewal's own words up to "to": not another verb's, "… and delays review to June
# 2027", nor a period's, "exports rose 40% in the year to October 2026", "from September
# to November 2026"; a day's abbreviation "Dec. 31" is no sentence's end)
_RENEWED_BEFORE = re.compile(
    r"\b(?:extend(?:s|ed|ing)?|extension|prolong(?:s|ed|ing)?|renew(?:s|ed|ing)?|roll(?:s|ed)"
    r"\s+over)\b(?:(?!\b(?:as|while|after|but|following|from|since|rose|fell|grew|last|"
    r"climb\w*|jump\w*|slid|slump\w*|highs?|lows?|exports?|imports?|prices?|sales|"
    r"delay\w*|review\w*|talks)\b)(?:[^.;:]|\.(?=\s*\d)))*$", re.I)
_NEXT_MONTH = re.compile(r"\bnext\s+month\b", re.I)
_DIGIT = re.compile(r"\d")
_YEAR_ONLY = re.compile(r"20\d\d")
_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    # French and Chinese, as ``_LONGER`` reads lengths ("de deux ans", "延长两年")
    "deux": 2, "trois": 3, "douze": 12, "dix-huit": 18,
    "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
}


@dataclass(frozen=True)
class Span:
    """The effective and until dates read from a piece of text."""

    effective: date | None = None
    until: date | None = None
    # the end was counted from the publication ("suspends … for six months", no start): an
    # extension's end counts from the end it extends, which the text does not give
    counted: bool = False
    # the length of time a relief is put off by, past the end it had ("extends … by a
    # year", "for another 12 months", "d'un an", "延长一年"), or that ``counted`` counted
    months: int | None = None
    # ``months`` says it is more time ("another", "more", "further", "by"): what lasts
    # that much longer is an extension, even in a suspension's words ("will continue
    # suspending the duties for another 12 months")
    further: bool = False
    # the day an end word stands right before ("the suspension ends Dec. 31", "expires Dec.
    # 31", "prend fin le 31 décembre"): what ends there is not known here. A suspension's or
    # an extension's end is its until (the signal decides: see ``lasting_dates``); a duty's
    # end is when its removal takes effect, so "ends Dec. 31" stays the ``effective``
    end: date | None = None


# r"\b(20\d\d)\b", written to open with the literal "20" (which ``re`` finds fast); the
# lookbehind then checks what \b checked: no word character before the "2".
_YEAR_HINT = re.compile(r"(20(?<!\w20)\d\d)\b")


def year_hint(text: str) -> int | None:
    m = _YEAR_HINT.search(text)
    return int(m.group(1)) if m else None


def find_span(text: str, published: date | None, hint: int | None = None,
              start: date | None = None,
              tense: Callable[[int], str | None] | None = None,
              told_before: bool = True) -> Span:
    """Effective/until dates stated in ``text``; a duration without a start in the text
    ("for six months") counts from ``start``, else from ``published`` (``counted``).
    ``tense``, given where a day stands, says whether the verb of the change it is the day
    of is "past" ("lifted its pause on canola tariffs on Dec. 31": the day gone by, as
    "ended Dec. 31" is read) or "future" ("to end tariff relief on peas Dec. 31": the day
    to come, as "ends Dec. 31" is), or None (the day nearest the publication); French and
    Chinese days read "fr-past", "fr-future", "zh-past", "zh-future" (see ``_french_dates``,
    ``_chinese_dates``), English days only "past" and "future". ``told_before``: the text
    may tell what was done long ago (a summary: a start after a past verb is the last such
    day unless it is at most ``SOON`` ahead); a title is the news (the day nearest)."""
    effective: date | None = None
    until: date | None = None
    ends_on: date | None = None  # Span.end
    until_year = False  # the end date named its year ("to December 31, 2026")
    for m in _dates(text):
        before = text[max(0, m.start() - 32) : m.start()]  # "between March 1, 2026 and "
        if _PAST.search(before):
            continue
        if _EXPIRE.search(before):  # no start (the day after "expire"), but an end
            if ends_on is None and not _ONCE_DUE.search(before):
                ends_on = _to_date(m, published, hint, future=True)
            continue
        year_end = _is_year_end(m.group(0))
        until_word = bool(_UNTIL.search(before))  # "until the year-end deadline" still ends
        if year_end and not until_word and (
                _DEADLINE_BEFORE.search(before) or _YEAR_END_NOUN.match(text, m.end())):
            continue  # "ahead of year-end", "a year-end package": no day the change ends on
        is_until = until_word or (year_end and not _EFFECTIVE.search(before))
        ends = not is_until and bool(_ENDS.search(before))
        past = not is_until and bool(_ENDED.search(before))
        verb = (tense(m.start()) if tense is not None and not (is_until or ends or past)
                else None)
        # "suspended … from March 1", not "lowered …, taking effect on Dec. 31" (said ahead)
        start_word = verb == "past" and bool(_FROM.search(before))
        day = _to_date(m, published, hint, future=is_until or ends or verb == "future",
                       recent=not is_until and (ends or verb == "future"),
                       past=past or (verb == "past" and not start_word),
                       lately=told_before and start_word and not _TAKES_EFFECT.search(before))
        if day is None:
            continue
        if ends and ends_on is None:
            ends_on = day
        if is_until:
            if until is None:
                until, until_year = day, _names_year(m)
        elif effective is None:
            effective = day
            if not _names_year(m) and until is not None and until_year:
                effective = _before(effective, until)
    if effective is None and until is None and ("月" in text or "年" in text):
        effective, until = _first_start_and_end(_chinese_dates(text, published, hint, tense))
    if effective is None and until is None and _FR_DATE.search(text):
        french = list(_french_dates(text, published, hint, tense))
        effective, until = _first_start_and_end(
            (day, is_until) for day, is_until, ends in french if ends != "expires")
        ends_on = ends_on or next((day for day, _, ends in french if ends and day), None)
    if effective is None and published and may_mention(text, "next") and _NEXT_MONTH.search(text):
        effective = _next_month(published)
    if until is None and (month_end := _month_end(text, published, hint)):
        until, until_year = month_end
    if until is None and may_mention(text, "quarter", "half", "q1", "q2", "q3", "q4", "h1", "h2"):
        until = _part_of_year_end(text)
        until_year = until is not None
    months = _added_months(text) if until is None and effective is None else None
    further = months is not None
    start = effective or start or published
    duration = _DURATION.search(text) if until is None and start is not None else None
    counted = False
    if duration and start is not None:
        number = duration.group(1) or duration.group(3)
        by_month = (duration.group(2) or duration.group(4)).lower().startswith(
            ("month", "个", "個"))
        count = _WORDS.get(number.lower()) or int(number)
        end = add_months(start, count) if by_month else _add_years(start, count)
        until = end - timedelta(days=1) if end and end > date.min else None
        counted = effective is None and until is not None
        if counted and months is None:
            months = count if by_month else 12 * count
    if effective and until and until < effective:
        if until_year:  # "from March 1 to December 31, 2026": the start is that year's
            effective = _before(effective, until)
        else:
            until = _add_years(until, 1)
    return Span(effective, until, counted, months=months if counted or further else None,
                further=further, end=ends_on)


def lasting_dates(span: Span) -> tuple[date | None, date | None]:
    """The (effective, until) of a change that lasts to an end (a suspension, an extension)
    from a span: a day an end word stands before is its end, not its start ("China suspends
    canola duty" || "The suspension ends Dec. 31": until Dec. 31), unless the span has an
    until already ("runs until …"). With a later until, the end day is the one the relief
    had ("The suspension, due to end on Dec. 31, will run through 2027"): no start either
    (it started the extension on 2026-12-31, a day early, where the same news without that
    clause ran from the day after the old end)."""
    if span.end is None:
        return span.effective, span.until
    if span.until is not None:
        starts_at_old_end = span.effective == span.end and span.until > span.end
        return (None if starts_at_old_end else span.effective), span.until
    return (None if span.effective == span.end else span.effective), span.end


# Chinese dates: "2026年3月1日", "3月1日", "2027年底"; an end after 至, 到, 截至 … or before 止,
# 为止, 前 …; a start after 自, 从, 于 … or before 起, 开始, 生效 (a date marked neither is a
# start, as in English)
_ZH_DATE = re.compile(
    r"(?:(20\d\d)\s*年|([去今明])年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]"
    r"|(?:(20\d\d)\s*|([去今明]))年\s*(?:底|末)")
_ZH_UNTIL_BEFORE = re.compile(r"(?:至|到|截至|截止|直至|直到)\s*$")
_ZH_UNTIL_AFTER = re.compile(r"\s*(?:止|为止|為止|前|结束|結束|到期)")
_ZH_FROM_BEFORE = re.compile(r"(?:自|从|從|于|於)\s*$")
_ZH_FROM_AFTER = re.compile(r"\s*(?:起|开始|開始|生效)")
_ZH_START = re.compile(r"(?:自|从|從)\s*$")  # a start named (not 于, "on")


def _chinese_dates(text: str, published: date | None, hint: int | None,
                   tense: Callable[[int], str | None] | None = None,
                   ) -> Iterator[tuple[date | None, bool]]:
    """The dates a Chinese text states (see ``_ZH_DATE``; 今年 and 明年, this year and next,
    count from ``published``), each with whether it is an end. A day of a change told in
    its tense (``tense``, see ``find_span``) is read in it ("将于12月31日取消" in February: the
    coming Dec. 31; "已于12月31日取消" in September: the one gone by), but a start named
    ("自3月1日起") or an end, read as before."""
    for m in _ZH_DATE.finditer(text):
        before, after = text[max(0, m.start() - 4):m.start()], text[m.end():m.end() + 3]
        # an end word after the day is its end, whatever 于 ("on") stands before it: "将于12月
        # 31日到期" (expires on Dec. 31)
        ends_after = bool(_ZH_UNTIL_AFTER.match(after))
        is_until = bool(_ZH_UNTIL_BEFORE.search(before) or ends_after) and not (
            (_ZH_FROM_BEFORE.search(before) and not ends_after) or _ZH_FROM_AFTER.match(after))
        verb = (tense(m.start()) if tense is not None and not is_until
                and not _ZH_START.search(before) and not _ZH_FROM_AFTER.match(after) else None)
        year, relative = (m.group(1), m.group(2)) if m.group(3) else (m.group(5), m.group(6))
        if relative:
            if published is None or relative == "去":  # last year's: when the duty began
                continue
            year = str(published.year + {"去": -1, "今": 0, "明": 1}[relative])
        try:
            if not m.group(3):
                day: date | None = date(int(year), 12, 31)
            else:
                day = _resolve(int(m.group(3)), int(m.group(4)), year, published, hint,
                               future=is_until or verb == "zh-future",
                               past=verb == "zh-past", recent=verb == "zh-future")
        except ValueError:  # "2月30日"
            continue
        yield day, is_until


# French dates: "1er mars 2026", "31 décembre", "la fin de 2027", "la fin de l'année"; an end
# after "jusqu'au", "jusqu'à", "au" (du … au …), "d'ici"; a start after "à compter du",
# "à partir du", "dès le", "du", "le" (a date marked neither is a start, as in English)
_FR_MONTHS = {"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5,
              "juin": 6, "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10,
              "novembre": 11, "décembre": 12, "decembre": 12}
# Month numbers by English (three letters) and French name: what recap.py reads too
MONTH_NUMBERS = {**_MONTHS, **_FR_MONTHS}
_FR_DATE = re.compile(  # month names in lower case, as French writes them ("2 Mars plants")
    r"\b(1er|\d{1,2})\s+(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre"
    r"|octobre|novembre|d[ée]cembre)(?:\s+(20\d\d))?\b"
    r"|\b[Ff]in\s+(?:de\s+(?:l['’](?:année(?:\s+(prochaine))?|an\s+(prochain))|(20\d\d))"
    r"|(20\d\d))\b")
_FR_PAST = re.compile(r"(?:depuis|imposée?s?|instaurée?s?|entrée?s?\s+en\s+vigueur|expir\w*"
                      # "qui devait prendre fin le 31 décembre": the end it had
                      r"|dev(?:ait|aient)\s+(?:prendre\s+fin|se\s+terminer))"
                      r"\s+(?:le\s+|la\s+)?$", re.I)  # "en vigueur depuis le 20 mars 2025"
# (and, as in English, the day a relief was to expire: "qui devait expirer le 31 décembre")
# An end still to come, right before its day, read forward as English "ends Dec. 31" is:
# "le répit prend fin le 31 décembre", "se termine le 31 décembre"
_FR_ENDS = re.compile(r"(?:\bpren(?:d|nent|dra|dront)\s+fin|\bse\s+termine\w*"
                      r"|\barrive\w*\s+à\s+échéance)\s+(?:le\s+)?$", re.I)
# … and one gone by, read backward as English "ended Dec. 31" is: "a pris fin le 31 décembre"
_FR_ENDED = re.compile(r"(?:\b(?:a|ont)\s+pris\s+fin|\bs['’](?:est|sont)\s+terminée?s?"
                       r"|\b(?:est|sont)\s+arrivée?s?\s+à\s+échéance)\s+(?:le\s+)?$", re.I)
# a finite "expire" (not "qui devait expirer le 31 décembre", an end put off)
_FR_EXPIRES = re.compile(r"\bexpir(?:e|ent|era|eront)\s+(?:le\s+)?$", re.I)
# a day that is not the change's own: a start named ("à compter du", "à partir du", "dès
# le", "du … au"), "en vigueur le", "prend effet le"
_FR_FROM = re.compile(r"(?:\bdu|\bdès\s+le|\bvigueur\s+le|\beffet\s+le|\bentre\s+le"
                      r"|\bde|\bet\s+le|\bavant\s+le|\baprès\s+le)\s*$", re.I)
_FR_UNTIL = re.compile(r"(?:jusqu['’](?:au|à|a)|\bau|\bd['’]ici|\bavant)\s+(?:le\s+|la\s+)?$",
                       re.I)


def _french_dates(text: str, published: date | None, hint: int | None,
                  tense: Callable[[int], str | None] | None = None,
                  ) -> Iterator[tuple[date | None, bool, str | None]]:
    """The dates a French text states (see ``_FR_DATE``), each with whether it is an end
    (an until), and the end word right before it, if any (see ``Span.end``): "ends" ("prend
    fin le": read as a start too, as in English) or "expires" ("expire le": no start). A
    day after "le" (or nothing) is read in the tense of its change (``tense``, see
    ``find_span``): "a levé … le 31 décembre" in September, the one gone by; "mettra fin …
    le 31 décembre" in February, the coming one. A start named ("à compter du", "dès le")
    and an until are read as before."""
    for m in _FR_DATE.finditer(text):
        if _FR_PAST.search(text[max(0, m.start() - 30):m.start()]):
            if _FR_EXPIRES.search(text[max(0, m.start() - 30):m.start()]) and m.group(1):
                # "la suspension expire le 31 décembre": no start, but an end
                yield _french_end(m, published, hint), False, "expires"
            continue  # when the duty began, not when the change does
        is_until = bool(_FR_UNTIL.search(text[max(0, m.start() - 14):m.start()]))
        ends = None
        try:
            if m.group(1):
                if not is_until and _FR_ENDS.search(text[max(0, m.start() - 24):m.start()]):
                    ends = "ends"
                past = not is_until and bool(
                    _FR_ENDED.search(text[max(0, m.start() - 30):m.start()]))
                verb = (tense(m.start()) if tense is not None and not (is_until or ends or past)
                        and not _FR_FROM.search(text[max(0, m.start() - 24):m.start()])
                        else None)
                day = _french_day(m, published, hint,
                                  future=is_until or bool(ends) or verb == "fr-future",
                                  past=past or verb == "fr-past", recent=verb == "fr-future")
            else:
                year = m.group(6) or m.group(7)
                if year is None:  # "la fin de l'année (prochaine)", "de l'an prochain"
                    if published is None:
                        continue
                    year = str(published.year + bool(m.group(4) or m.group(5)))
                day = date(int(year), 12, 31)
                is_until = True  # an end of year is an end
        except (ValueError, KeyError):
            continue
        yield day, is_until, ends


def _french_end(m: re.Match[str], published: date | None, hint: int | None) -> date | None:
    """The day of a French end, read forward; None if there is no such day."""
    try:
        return _french_day(m, published, hint, future=True)
    except (ValueError, KeyError):
        return None


def _french_day(m: re.Match[str], published: date | None, hint: int | None,
                future: bool, past: bool = False, recent: bool = False) -> date | None:
    """The day of a French day and month ("1er mars 2026", "31 décembre"); ValueError if
    there is no such day."""
    year = m.group(3)
    if not year and published is not None and (said := _FR_YEAR_WORD.match(m.string, m.end())):
        # "jusqu'au 31 décembre de l'an prochain": the year the words name
        year = str(published.year + (said.group(1) is not None))
    return _resolve(_FR_MONTHS[m.group(2).lower()],
                    1 if m.group(1).lower() == "1er" else int(m.group(1)),
                    year, published, hint, future=future, past=past, recent=recent)


# A year named in words right after a French day and month: "31 décembre de l'an prochain",
# "de l'année prochaine", "de cette année"
_FR_YEAR_WORD = re.compile(r"\s*(?:de\s+l['’](?:an|année)\s+(prochaine?)|de\s+cette\s+année)\b",
                           re.I)


def _first_start_and_end(
        dates: Iterable[tuple[date | None, bool]]) -> tuple[date | None, date | None]:
    """The first start and the first end among ``dates`` (day, whether an end)."""
    effective: date | None = None
    until: date | None = None
    for day, is_until in dates:
        if day is None:
            continue
        if is_until and until is None:
            until = day
        elif not is_until and effective is None:
            effective = day
    return effective, until


def zh_end_day(text: str, published: date | None) -> date | None:
    """The day a Chinese end starts with ("12月31日到期": the coming Dec. 31, as an end
    still to come is read), or None."""
    m = _ZH_DATE.match(text)
    if m is None or not m.group(3):
        return None
    try:
        return _resolve(int(m.group(3)), int(m.group(4)), m.group(1), published, None,
                        future=True)
    except ValueError:  # "2月30日"
        return None


def end_day(text: str, at: int, published: date | None, past: bool = False) -> date | None:
    """The day a date at ``at`` in ``text`` names, read forward as an end still to come
    is ("ends Dec. 31": the coming one), or with ``past`` backward as one gone by ("ended
    Dec. 31": the one gone); None if no date stands there."""
    if m := _DATE.match(text, at):
        return _to_date(m, published, None, future=not past, past=past)
    if (m := _FR_DATE.match(text, at)) and m.group(1):
        try:
            return _french_day(m, published, None, future=not past, past=past)
        except (ValueError, KeyError):
            return None
    return None


def _names_year(m: re.Match[str]) -> bool:
    """Whether a date as written names its year ("March 1, 2026", "2026-03-01", "through
    2027", "the end of next year"; not "March 1" nor "the end of the year")."""
    g = m.groups()
    return bool(g[2] or g[5] or g[6] or any(g[9:])) or "next" in m.group(0).lower()


def _month_end(text: str, published: date | None,
               hint: int | None) -> tuple[date, bool] | None:
    """The last day of a month named alone as an end ("through March": 31 March, the
    next one not long past; "until next June"), and whether its year was named; None if
    there is none."""
    m = _MONTH_END.search(text) if may_mention(text, "til", "thr", "end of", "end-") else None
    if m is None and "jusqu" in text:  # French: "jusqu'à la fin juin", "jusqu'en juin 2027"
        m = _MONTH_END_FR.search(text)
    if m is None and may_mention(text, "to "):
        m = next((t for t in _TO_MONTH_YEAR.finditer(text)
                  if _RENEWED_BEFORE.search(text, max(0, t.start() - 80), t.start())
                  and (published is None or _last_day(
                      int(t.group(2)), MONTH_NUMBERS.get(t.group(1).lower())
                      or _MONTHS[t.group(1)[:3].lower()]) > published)), None)
    if m is None or _PAST.search(text[max(0, m.start() - 25):m.start()]):
        return None
    month = MONTH_NUMBERS.get(m.group(1).lower()) or _MONTHS[m.group(1)[:3].lower()]
    if m.group(2):
        year = int(m.group(2))
    elif published is not None:
        last = _last_day(published.year, month)
        year = published.year if (last - published).days >= -31 else published.year + 1
        if year == published.year and "next" in m.group(0).lower():
            year += 1  # "until next December", said in November: not this one
    elif hint:
        year = hint
    else:
        return None
    return _last_day(year, month), bool(m.group(2))


# An end named by a part of a year, its year given: "through the first quarter of 2027",
# "until the end of Q2 2027", "for the first half of 2027", "until H1 2027"
_PART_OF_YEAR = re.compile(
    r"\b(?:until|till|through|thru|to|by|for)\s+(?:the\s+end\s+of\s+)?(?:the\s+)?"
    r"(?:(first|second|third|fourth|1st|2nd|3rd|4th)\s+(quarter|half)\s+(?:of\s+)?(20\d\d)"
    r"|([QH])([1-4])\s*(20\d\d))\b", re.I)
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4}


def _part_of_year_end(text: str) -> date | None:
    """The last day of a quarter or half named with its year (``_PART_OF_YEAR``)."""
    m = _PART_OF_YEAR.search(text)
    if m is None:
        return None
    if m.group(1):
        n, months, year = _ORDINALS[m.group(1).lower()], 3, int(m.group(3))
        if m.group(2).lower() == "half":
            months = 6
    else:
        n, months, year = int(m.group(5)), 3 if m.group(4).upper() == "Q" else 6, int(m.group(6))
    if n * months > 12:
        return None
    return _last_day(year, n * months)


def _last_day(year: int, month: int) -> date:
    """The last day of ``month`` in ``year``."""
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _before(start: date, end: date) -> date:
    """``start``'s month and day in the last year that puts it on or before ``end``."""
    moved = _add_years(start, end.year - start.year) or start
    return moved if moved <= end else (_add_years(moved, -1) or moved)


def _dates(text: str) -> Iterator[re.Match[str]]:
    """``_DATE``'s matches. Each holds a digit or "end": a text with neither (many
    sentences) is told apart for a fraction of the regex's cost."""
    if _DIGIT.search(text) is None and not may_mention(text, "end"):
        return iter(())
    return _DATE.finditer(text)


# The year's end as a deadline or a kind of thing, not a change's end: "removes tariffs on
# pork ahead of year-end", "as part of year-end package", "talks ahead of year-end deadline"
_DEADLINE_BEFORE = re.compile(
    r"\b(?:ahead\s+of|before|prior\s+to|in\s+time\s+for|part\s+of|by)\s+(?:the\s+)?$", re.I)
_YEAR_END_NOUN = re.compile(
    r"\s+(?:deadlines?|packages?|reviews?|talks|sales|rally|holidays?|reports?|results"
    r"|meetings?|summits?|push|targets?|window|agreements?|deals?|decisions?)\b", re.I)


def _is_year_end(text: str) -> bool:
    low = text.lower()
    return "end" in low or bool(_YEAR_ONLY.fullmatch(low))


# A year named in words right after a month and day: "December 31 next year"
_YEAR_WORD = re.compile(r"\s*,?\s*(?:of\s+)?(next|this)\s+year\b", re.I)


def _to_date(
    m: re.Match[str], published: date | None, hint: int | None, future: bool = False,
    past: bool = False, recent: bool = False, lately: bool = False,
) -> date | None:
    g = m.groups()
    try:
        if g[0] or g[4]:
            month, day, year = (g[0], g[1], g[2]) if g[0] else (g[4], g[3], g[5])
            if not year and published is not None and (
                    said := _YEAR_WORD.match(m.string, m.end())):
                # "until December 31 next year": the year the words name
                year = str(published.year + (said.group(1).lower() == "next"))
            return _resolve(_MONTHS[month[:3].lower()], int(day), year, published, hint,
                            future, past, recent, lately)
        if g[6]:
            return date(int(g[6]), int(g[7]), int(g[8]))
        year = next((x for x in g[9:] if x), None)
        if year:
            return date(int(year), 12, 31)
        low = m.group(0).lower()
        if published is not None and ("next" in low or "this" in low):
            return date(published.year + ("next" in low), 12, 31)
        return _resolve(12, 31, None, published, hint, future, past, recent)
    except ValueError:
        return None


def _resolve(
    month: int,
    day: int,
    year: str | None,
    published: date | None,
    hint: int | None,
    future: bool = False,
    past: bool = False,
    recent: bool = False,
    lately: bool = False,
) -> date | None:
    """Year from the text, else the one nearest ``published`` (an end date: not before it;
    with ``past``, a day gone by: not after it, but for ``PAST_SLACK`` days; with
    ``recent``, a day to come may be one ``PAST_SLACK`` days gone, a feed's clock; with
    ``lately``, the start a change made in the past took: gone by, or at most ``SOON``
    to come ("suspended tariffs on peas from March 1", in December: the March gone)."""
    if year:
        return date(int(year), month, day)
    if published is None:
        return date(hint, month, day) if hint else None
    guess = date(published.year, month, day)
    if lately:
        for year_of in (published.year + 1, published.year, published.year - 1):
            with contextlib.suppress(ValueError):  # (a Feb. 29)
                if (date(year_of, month, day) - published) <= SOON:
                    return date(year_of, month, day)
        return None
    if past:
        return guess if (guess - published).days <= PAST_SLACK else date(
            published.year - 1, month, day)
    if future:  # this year's, else next year's if this one is over a month gone; but
        # last year's within a feed's clock of the publication (a review: "will lift … on
        # Dec. 31" published Jan. 1, a US evening in UTC, took the Dec. 31 a year ahead)
        with contextlib.suppress(ValueError):  # (a Feb. 29)
            last = date(published.year - 1, month, day)
            if recent and (published - last).days <= PAST_SLACK:
                return last
        return guess if (guess - published).days >= -31 else date(published.year + 1, month, day)
    if (guess - published).days < -183:
        return date(published.year + 1, month, day)
    if (guess - published).days > 183:
        return date(published.year - 1, month, day)
    return guess


def _next_month(day: date) -> date | None:
    """The first of the month after ``day`` (None after December 9999)."""
    if day.month < 12:
        return date(day.year, day.month + 1, 1)
    return date(day.year + 1, 1, 1) if day.year < 9999 else None


def _add_years(day: date, years: int) -> date | None:
    """``day`` moved by whole years; None past the calendar's end (feed text can say "for
    99999 years", which must not take the classifier down)."""
    year = day.year + years
    if not 1 <= year <= 9999:
        return None
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)
