"""Feed dates feedparser gets wrong, read before its own handlers try.

- Chinese dates, "2025年3月5日 08:00", "2025年10月31日 下午2:30 来源：新华网" (Xinhua,
  People's Daily), and slashed ones, "2025/10/31 14:00" (Chinese sites): feedparser's ISO
  8601 reader took the first digits and made every one 1 November of its year, as if
  known. A Chinese date's time is China's (UTC+8); a date alone is midnight UTC, as
  feedparser reads one. One this module cannot read is no date, never 1 November.
- Zones written "GMT+8", "UTC+0800" (hours off), an ISO time followed by a zone's name
  or ISO's basic form "20251031T140000Z" (the time dropped), and US dates, "Oct 31, 2025
  2:00 PM" (no date at all).
- ISO 8601 dates that cannot be, "2026-02-30T10:00:00Z": feedparser rolled them over to
  2 March, as if known. They are read as no date (the item's first-seen time).
- RFC 822 dates with a 12-hour clock ("2:30:00 PM GMT" was 02:30), without a zone ("Tue,
  04 Mar 2025 14:30:00" was unreadable, though an ISO date without one counts as UTC), or
  with a zone feedparser does not know (CEST, BST, AEDT, JST… were taken as UTC, up to 11
  hours off).
- French dates, as PHP's strftime and Drupal write them in a French locale ("lun., 15
  févr. 2021 15:46:59 +0100", "sam., 04 juil. 2026", "Vendredi, 13 Mars, 2020 - 12:22"):
  a weekday or month name with a dot or an accent, or juin/juillet (both "jui"), left
  the item no date at all; Quebec's zone names (HNE, HAE…) were taken as UTC.
- Unix times, as some CMSs and scrapers write them ("1764460800", in milliseconds
  "1764460800000"): feedparser read their digits as a year and a day ("2017000000" was a
  day of 2016, as known), or as a year before 1990 (no date).

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
    # Canada's zones as Quebec writes them: heure normale / avancée de l'Est, du Centre…
    "hnt": -3.5, "hat": -2.5, "hna": -4, "haa": -3, "hne": -5, "hae": -4, "hnc": -6,
    "hac": -5, "hnr": -7, "har": -6, "hnp": -8, "hap": -7,
}
# China Standard Time or US Central, India or Ireland or Israel: an ISO time with one of
# these is left as feedparser reads it (the day, at midnight), not guessed hours off
_AMBIGUOUS = frozenset({"cst", "ist"})
_KNOWN_TO_FEEDPARSER = frozenset({
    "ut", "gmt", "z", "adt", "ast", "at", "edt", "est", "et", "cdt", "cst", "ct", "mdt",
    "mst", "mt", "pdt", "pst", "pt", "met", "mest",
})
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# French months by their first four letters, accents dropped ("févr." "fevr", "août"
# "aout", "déc." "dec"); the three-letter English keys cover the rest ("janv", "mars",
# "sept", "oct.", "nov.")
_MONTHS_FR = {"fevr": 2, "fev": 2, "avr": 4, "avri": 4, "mai": 5, "juin": 6, "juil": 7,
              "aout": 8, "aou": 8, "dece": 12}
_ACCENTS = str.maketrans("éèêëûùôîàâç", "eeeeuuoiaac")
_TIME_AND_ZONE = (
    r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?\s*"
    r"(?:([a-z]{1,5})|(?:(?:gmt|utc)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?)?")
# (a weekday and a month may be French: "ven.," "févr.", "Mars," then "- 12:22")
_RFC822 = re.compile(
    r"^\s*(?:[^\W\d_]{3,9}\.?(?:,\s*|\s+))?(\d{1,2})\s+([^\W\d_]{3,9})\.?,?\s+"
    r"(\d{2}|\d{4}),?\s+(?:[-à]\s+)?"
    rf"{_TIME_AND_ZONE}\s*$", re.IGNORECASE)
# "Oct 31, 2025", "October 31, 2025 2:00 PM EDT" (US sites); feedparser had no date
_US = re.compile(
    r"^(?:[a-z]{3,9},?\s+)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})"
    rf"(?:,?\s+(?:at\s+)?{_TIME_AND_ZONE})?\s*$", re.IGNORECASE)
# The date, a weekday ("星期五", "周五", in brackets or not), a half of the day, a time
# ("14:30", "14时30分", "14时30分00秒"), then anything (a source: "来源：新华网")
_CJK = re.compile(
    r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"\s*(?:[（(]?\s*(?:星期|周|週|禮拜|礼拜)[一二三四五六日天]\s*[）)]?)?"
    r"\s*(上午|下午|早上|晚上|中午|凌晨)?"
    r"(?:\s*(\d{1,2})\s*[:：時时点點]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?)?"
)
_AFTERNOON = frozenset({"下午", "晚上"})
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?![\d])")
# An ISO day and time with what feedparser's ISO reader cannot take after it: a zone's
# name ("CST"), or "GMT+0800"; it kept the day and dropped the time
_ISO_ZONED = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*"
    r"(?:([a-z]{2,5})|(?:gmt|utc)\s*([+-])(\d{1,2})(?::?(\d{2}))?)$", re.IGNORECASE)
# ISO 8601's basic form, "20251031T140000Z" (feedparser kept the day only)
_ISO_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})?$")
# "2025/10/31 14:00:00", "2025.10.31" (Chinese sites): feedparser made them 1 November
_SLASHED = re.compile(
    r"^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
# What an impossible date reads as: year 1, which no feed date may be (parse._MIN_YEAR),
# so the item gets its first-seen time (a handler's None would let feedparser roll it on)
IMPOSSIBLE = time.struct_time((1, 1, 1, 0, 0, 0, 0, 1, 0))
_CHINA = timezone(timedelta(hours=8))
_installed = False


# Unix seconds from 1973 to 2286, or milliseconds from 2001 (a fraction after either is
# dropped); eight digits stay ISO's basic form of a day ("20251031"), and twelve a compact
# date and time ("202510311200"), no millisecond count since 2001
_EPOCH = re.compile(r"(\d{9,10}|\d{13})(?:\.\d+)?")
_LONGEST = 64  # no date this module reads is longer, once its spaces are folded


def parse_extra(value: str) -> time.struct_time | None:
    """``value`` as a UTC time tuple if it is one of the dates this module reads.

    Spaces are folded and the length capped first: on raw feed text (a date followed by
    thousands of spaces) the patterns' optional parts would backtrack for seconds."""
    value = " ".join(value.split())
    if (epoch := _EPOCH.fullmatch(value)) is not None:
        return _from_epoch(epoch.group(1))
    if len(value) > _LONGEST:  # a Chinese date followed by its source, at most, is read
        return _cjk(value[:_LONGEST]) if "年" in value[:_LONGEST] else None
    if (iso := _ISO_DAY.match(value)) is not None:
        y, mo, d = (int(g) for g in iso.groups())
        try:
            datetime(y, mo, d)
        except ValueError:
            return IMPOSSIBLE
        if (zoned := _ISO_ZONED.match(value)) is not None:
            return _iso_zoned(zoned)
        return None  # a real day: feedparser's ISO 8601 reader reads it
    if "年" in value:
        return _cjk(value)
    if (m := _SLASHED.match(value)) is not None:
        y, _, mo, d, h, mi, sec = (g if g == "/" or g == "." else int(g or 0)
                                   for g in m.groups())
        return _checked(y, mo, d, h, mi, sec, UTC)  # type: ignore[arg-type]
    if (m := _ISO_BASIC.match(value)) is not None:
        y, mo, d, h, mi, sec = (int(g or 0) for g in m.groups()[:6])
        zone = m.group(7) or "Z"
        offset = 0 if zone == "Z" else (int(zone[1:3]) * 60 + int(zone[3:])) * (
            -1 if zone[0] == "-" else 1)
        return _checked(y, mo, d, h, mi, sec, timezone(timedelta(minutes=offset)))
    if (m := _RFC822.match(value)) is not None:
        return _written(*m.groups())
    if (m := _US.match(value)) is not None:  # "October 31, 2025 2:00 PM": month first
        month, day, *rest = m.groups()
        return _written(day, month, *rest)
    return None


def _from_epoch(digits: str) -> time.struct_time:
    """A Unix time in seconds (9 or 10 digits) or milliseconds (12 or 13)."""
    seconds = int(digits) / (1000 if len(digits) > 10 else 1)
    return _utc(datetime.fromtimestamp(seconds, UTC))


def _written(day: str, month: str, year: str, hour: str | None, minute: str | None,
             second: str | None, half: str | None, zone: str | None, sign: str | None,
             zh: str | None, zm: str | None) -> time.struct_time | None:
    """A date with its month's name, its time (12- or 24-hour) and its zone, if any."""
    zone = (zone or "").lower()
    if zone and zone not in _ZONES and zone not in _KNOWN_TO_FEEDPARSER:
        return None  # a zone nobody here knows: feedparser's to read, as before
    mon = _month(month)
    if mon is None:
        return None
    y = int(year) + ((1900 if int(year) >= 90 else 2000) if len(year) == 2 else 0)
    h = int(hour or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    if sign:
        offset = (int(zh or 0) * 60 + int(zm or 0)) * (-1 if sign == "-" else 1)
    else:  # no zone: UTC, as an ISO date without one
        offset = (_zone_minutes(zone) or 0) if zone else 0
    return _checked(y, mon, int(day), h, int(minute or 0), int(second or 0),
                    timezone(timedelta(minutes=offset)))


def _month(name: str) -> int | None:
    """A month's number from its English or French name, whole or cut ("Nov", "févr")."""
    name = name.lower().translate(_ACCENTS)
    return _MONTHS_FR.get(name[:4]) or _MONTHS_FR.get(name[:3]) or _MONTHS.get(name[:3])


def _cjk(value: str) -> time.struct_time:
    """A Chinese date ("2025年10月31日 下午2:30"); one not read is no date: feedparser's
    ISO reader took its first digits for 1 November of the year, as known."""
    m = _CJK.match(value)
    if m is None:
        return IMPOSSIBLE
    y, mo, d, half, h, mi, sec = m.groups()
    hour = int(h or 0)
    if h and (half in _AFTERNOON or (half == "中午" and hour < 11)) and hour < 12:
        hour += 12  # "下午2:30" is 14:30, "中午1:00" 13:00; a half of the day alone no hour
    tz = _CHINA if h else UTC  # a date alone is midnight UTC, as feedparser reads one
    return _checked(int(y), int(mo), int(d), hour, int(mi or 0), int(sec or 0), tz)


def _iso_zoned(m: re.Match[str]) -> time.struct_time | None:
    """An ISO day and time followed by a zone's name or a GMT offset; an unknown name is
    feedparser's to read, as before."""
    y, mo, d, h, mi, sec, name, sign, zh, zm = m.groups()
    if name is not None:
        if name.lower() in _AMBIGUOUS:
            return None  # feedparser's to read, as before (see _ZONES)
        offset = _zone_minutes(name.lower())
        if offset is None:
            return None
    else:
        offset = (int(zh) * 60 + int(zm or 0)) * (-1 if sign == "-" else 1)
    return _checked(int(y), int(mo), int(d), int(h), int(mi), int(sec or 0),
                    timezone(timedelta(minutes=offset)))


def _zone_minutes(zone: str) -> int | None:
    """A zone's offset from UTC in minutes, from this module's table or feedparser's."""
    if zone in _ZONES:
        return round(_ZONES[zone] * 60)
    if zone in _KNOWN_TO_FEEDPARSER:
        from feedparser.datetimes.rfc822 import timezone_names

        return int(timezone_names[zone] * 60)
    return None


def _checked(y: int, mo: int, d: int, h: int, mi: int, sec: int,
             tz: timezone) -> time.struct_time:
    """The moment as a UTC tuple; one that cannot be (month 13, 25 o'clock) is no date."""
    try:
        return _utc(datetime(y, mo, d, h, mi, min(sec, 59), tzinfo=tz))
    except ValueError:
        return IMPOSSIBLE


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
