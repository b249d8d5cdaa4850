"""Calendar arithmetic the definitions use: months and years later, clamped to the month's last day, and the
months an extract covers."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache

from ..core.periods import Period

__all__ = ["covered_months", "month_end"]

ONE_DAY = dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (earlier if negative); 31 March less a month is 28 or 29 February."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@cache
def month_of(day: dt.date) -> Period:
    """The month a date falls in (kept: an extract's tens of thousands of events fall on a few hundred days)."""
    return Period.month(day.year, day.month)


def month_end(month: Period) -> dt.date:
    year, number = divmod(month.end, 12)
    return dt.date(year, number + 1, calendar.monthrange(year, number + 1)[1])


def covered_months(as_at: dt.date, count: int) -> tuple[Period, ...]:
    """The ``count`` whole months up to the as-at date: its own month only when it is the month's last day, since
    a part month's counts would read as a fall."""
    last = month_of(as_at) if (as_at + ONE_DAY).day == 1 else month_of(as_at).previous()
    return tuple(last.shifted(n - count + 1) for n in range(count))


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day`` (someone born on 29 February turns a year older on 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
