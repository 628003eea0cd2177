"""Calendar months added to a day: shared by the classifier (a suspension "for six
months") and the ledger (an extension "by a year" from the end it has), without the
ledger importing the rules engine."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date | None:
    """``day`` moved by whole months (the 31st to a shorter month's last day); None past
    the calendar's end (feed text can say "for 99999 months")."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        return None
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
