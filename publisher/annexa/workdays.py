"""Working days in England and Wales: weekdays that are neither a bank holiday nor one of the council's closures.

The ``holidays`` package is not a dependency yet, so the bank holidays are made here from the rules of the
Banking and Financial Dealings Act 1971 and the royal proclamations that keep them: New Year's Day, Good Friday,
Easter Monday, the first and last Mondays of May, the last Monday of August, Christmas Day and Boxing Day, a
holiday falling at a weekend moved to the next weekday that is not already one. One-off days (a coronation, a
jubilee, a state funeral, the moved May holidays of 1995, 2020 and 2022) are no rule: they are listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

ONE_DAY = dt.timedelta(days=1)
# Proclaimed once, not by rule: (added, moved from) — the early May holiday moved for VE Day anniversaries
# and the 2022 Platinum Jubilee; the 2002, 2012 and 2022 jubilees, the 2011 royal wedding, the 2022 state
# funeral and the 2023 coronation added a day.
ADDED = frozenset(
    dt.date.fromisoformat(d)
    for d in ("1995-05-08", "1999-12-31", "2002-06-03", "2002-06-04", "2011-04-29", "2012-06-04", "2012-06-05",
              "2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08")
)  # fmt: skip
MOVED_AWAY = frozenset(dt.date.fromisoformat(d) for d in ("1995-05-01", "2002-05-27", "2012-05-28", "2020-05-04",
                                                           "2022-05-30"))  # fmt: skip


def easter_sunday(year: int) -> dt.date:
    """Easter Day by the Gregorian computus (the anonymous, or Meeus/Jones/Butcher, algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _monday(year: int, month: int, last: bool) -> dt.date:
    """The first or the last Monday of a month."""
    day = dt.date(year, month + 1, 1) - ONE_DAY if last else dt.date(year, month, 1)
    step = -ONE_DAY if last else ONE_DAY
    while day.weekday() != 0:
        day += step
    return day


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales's bank holidays in ``year``, substitute days included."""
    easter = easter_sunday(year)
    fixed = [easter - 2 * ONE_DAY, easter + ONE_DAY, _monday(year, 5, False), _monday(year, 5, True),
             _monday(year, 8, True)]  # fmt: skip
    days = {d for d in fixed if d not in MOVED_AWAY} | {d for d in ADDED if d.year == year}
    for date in (dt.date(year, 1, 1), dt.date(year, 12, 25), dt.date(year, 12, 26)):
        while date.weekday() >= 5 or date in days:  # a weekend holiday moves to the next free weekday
            date += ONE_DAY
        days.add(date)
    return frozenset(days)


@dataclass(frozen=True)
class WorkingDays:
    """A calendar of working days; ``closures`` are the council's own extra days off (the days between
    Christmas and New Year, say)."""

    closures: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def with_closures(cls, days: Iterable[dt.date]) -> WorkingDays:
        return cls(frozenset(days))

    def is_working(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in bank_holidays(day.year) and day not in self.closures

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``: the day after a referral is day 1, so
        an assessment authorised on its 45th working day is "within 45 working days". Negative if ``end``
        is before ``start``."""
        if end < start:
            return -self.between(end, start)
        weeks, rest = divmod((end - start).days, 7)
        count = weeks * 5 + sum(1 for n in range(1, rest + 1) if (start + n * ONE_DAY).weekday() < 5)
        off = {d for y in range(start.year, end.year + 1) for d in bank_holidays(y)} | self.closures
        return count - sum(1 for d in off if start < d <= end and d.weekday() < 5)
