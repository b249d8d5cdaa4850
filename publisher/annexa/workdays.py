"""Working days in England and Wales: weekdays that are neither a bank holiday nor one of the council's closures.

The bank holidays come from the ``holidays`` package (England's, which Wales shares: the rules of the Banking
and Financial Dealings Act 1971, substitute days, and the one-off days royal proclamations added or moved), kept
up to date by its maintainers rather than here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales's bank holidays in ``year`` as GOV.UK lists them: the days off, so a holiday falling at
    a weekend is its substitute weekday (the package also lists the weekend day itself)."""
    return frozenset(day for day in holidays.country_holidays("GB", subdiv="ENG", years=year) if day.weekday() < 5)


@dataclass(frozen=True)
class WorkingDays:
    """A calendar of working days; ``closures`` are the council's own extra days off (the days between
    Christmas and New Year, say)."""

    closures: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def with_closures(cls, days: Iterable[dt.date]) -> WorkingDays:
        return cls(frozenset(days))

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
