"""Feed dates feedparser gets wrong, read before its own handlers try.

- Chinese dates, "2025年3月5日 08:00" (Xinhua, People's Daily): feedparser's ISO 8601
  reader took the first digits and made every one 1 November of its year, as if known.
  Their time is China's (UTC+8); a date alone is midnight UTC, as feedparser reads one.
- ISO 8601 dates that cannot be, "2026-02-30T10:00:00Z": feedparser rolled them over to
  2 March, as if known. They are read as no date (the item's first-seen time).
- RFC 822 dates with a 12-hour clock ("2:30:00 PM GMT" was 02:30), without a zone ("Tue,
  04 Mar 2025 14:30:00" was unreadable, though an ISO date without one counts as UTC), or
  with a zone feedparser does not know (CEST, BST, AEDT, JST… were taken as UTC, up to 11
  hours off).

Anything else is left to feedparser (None from a handler means "not mine").
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta, timezone

__all__ = ["IMPOSSIBLE", "install", "parse_extra"]

# Zones feedparser reads itself (US and Atlantic ones, UT/GMT/Z, military letters, MET)
# are not repeated; IST (India? Ireland? Israel?) and CST stay feedparser's.
_ZONES = {
    "utc": 0.0, "cet": 1, "cest": 2, "bst": 1, "wet": 0, "west": 1, "eet": 2, "eest": 3,
    "msk": 3, "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "awst": 8, "acst": 9.5,
    "acdt": 10.5, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13, "nst": -3.5,
    "ndt": -2.5, "hst": -10, "akst": -9, "akdt": -8,
}
_KNOWN_TO_FEEDPARSER = frozenset({
    "ut", "gmt", "z", "adt", "ast", "at", "edt", "est", "et", "cdt", "cst", "ct", "mdt",
    "mst", "mt", "pdt", "pst", "pt", "met", "mest",
})
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_RFC822 = re.compile(
    r"^\s*(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{2}|\d{4})\s+"
    r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?\s*"
    r"(?:([a-z]{1,5})|([+-])(\d{2}):?(\d{2}))?\s*$",
    re.IGNORECASE,
)
_CJK = re.compile(
    r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"(?:\s*(\d{1,2})\s*[:：時时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?\s*秒?)?\s*$"
)
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?![\d])")
# What an impossible date reads as: year 1, which no feed date may be (parse._MIN_YEAR),
# so the item gets its first-seen time (a handler's None would let feedparser roll it on)
IMPOSSIBLE = time.struct_time((1, 1, 1, 0, 0, 0, 0, 1, 0))
_CHINA = timezone(timedelta(hours=8))
_installed = False


_LONGEST = 64  # no date this module reads is longer, once its spaces are folded


def parse_extra(value: str) -> time.struct_time | None:
    """``value`` as a UTC time tuple if it is one of the dates this module reads.

    Spaces are folded and the length capped first: on raw feed text (a date followed by
    thousands of spaces) the patterns' optional parts would backtrack for seconds."""
    value = " ".join(value.split())
    if len(value) > _LONGEST:
        return None
    if (iso := _ISO_DAY.match(value)) is not None:
        y, mo, d = (int(g) for g in iso.groups())
        try:
            datetime(y, mo, d)
        except ValueError:
            return IMPOSSIBLE
        return None  # a real day: feedparser's ISO 8601 reader reads it
    if "年" in value:
        m = _CJK.match(value)
        if m is None:
            return None
        y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
        tz = _CHINA if m.group(4) else UTC  # a date alone is midnight UTC, as feedparser's
        return _utc(datetime(y, mo, d, h, mi, min(s, 59), tzinfo=tz))
    m = _RFC822.match(value)
    if m is None:
        return None
    day, month, year, hour, minute, second, half, zone, sign, zh, zm = m.groups()
    zone = (zone or "").lower()
    if zone and zone not in _ZONES and zone not in _KNOWN_TO_FEEDPARSER:
        return None  # a zone nobody here knows: feedparser's to read, as before
    if not half and (sign or zone in _KNOWN_TO_FEEDPARSER):
        return None  # feedparser reads these right
    mon = _MONTHS.get(month[:3].lower())
    if mon is None:
        return None
    y = int(year) + ((1900 if int(year) >= 90 else 2000) if len(year) == 2 else 0)
    h = int(hour)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    if sign:
        offset = (int(zh) * 60 + int(zm)) * (-1 if sign == "-" else 1)
    elif zone in _KNOWN_TO_FEEDPARSER:  # with a 12-hour clock
        from feedparser.datetimes.rfc822 import timezone_names

        offset = timezone_names[zone] * 60
    else:
        offset = round(_ZONES.get(zone, 0) * 60)  # no zone: UTC, as an ISO date without one
    tz = timezone(timedelta(minutes=offset))
    return _utc(datetime(y, mon, int(day), h, int(minute), min(int(second or 0), 59),
                         tzinfo=tz))


def _utc(when: datetime) -> time.struct_time:
    return when.astimezone(UTC).utctimetuple()


def _handler(value: str) -> time.struct_time | None:
    try:
        return parse_extra(value)
    except (ValueError, OverflowError):
        return None


def install() -> None:
    """Put this module's reader before feedparser's own (once per process)."""
    global _installed
    if not _installed:
        from feedparser.datetimes import registerDateHandler

        registerDateHandler(_handler)
        _installed = True
