"""Reporting periods: months, UK financial quarters and years, school terms and spans of months.

Everything that reads or does arithmetic on a period string goes through :func:`Period.parse`, so a label
such as ``Q2 2024-25`` means the same thing in the registry, the data, the commentary and the command line.
A period is a closed range of months, counted as ``year * 12 + (month - 1)``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

__all__ = [
    "MONTH_NAMES", "TERMS", "Kind", "Period", "PeriodError", "financial_year_start", "month_index", "split_index",
]  # fmt: skip

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FULL_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# School terms as months of the calendar year in which the term falls.
TERMS = {"Autumn": (9, 12), "Spring": (1, 3), "Summer": (4, 7)}
_TERM_ORDER = ("Spring", "Summer", "Autumn")

FORMATS_HELP = (
    "'Q2 2024-25' or 'Q2 24/25' (financial quarter, Q1 = April-June), '2024-25' or '2024/25' (financial year), "
    "'Sep 2024', 'Sep-24' or '2024-09' (month), 'Autumn 2024' (school term), '2024-09-30' or '30/09/2024' "
    "(a date: its month)"
)


FIRST_YEAR, LAST_YEAR = 1990, 2099  # a period outside these is a typing slip ('Q4 9999-00'), not data


class PeriodError(ValueError):
    """A period label that cannot be read."""


class Kind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    TERM = "term"
    SPAN = "span"

    __hash__ = str.__hash__  # as its text, as it compares (an Enum hashes in Python, and calc is keyed by kind)


def month_index(year: int, month: int) -> int:
    return year * 12 + (month - 1)


def split_index(index: int) -> tuple[int, int]:
    """(year, month) of a month index."""
    return index // 12, index % 12 + 1


def financial_year_start(index: int) -> int:
    """Month index of the April that starts the financial year containing ``index``."""
    year, month = split_index(index)
    return month_index(year if month >= 4 else year - 1, 4)


@dataclass(frozen=True, order=True)
class Period:
    """A closed range of months with the kind that names it (``start``/``end`` are month indexes)."""

    start: int
    end: int
    kind: Kind

    def __hash__(self) -> int:
        """The months alone (a month and a one-month span share a hash, and differ by ``==``): periods key the
        dictionaries of disclosure control, where hashing the kind (an enum, hashed in Python) was a tenth of
        the time of a public pack's calculation."""
        return self.start * 4096 + self.end

    # -- constructors -------------------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        index = month_index(year, month)
        return cls(index, index, Kind.MONTH)

    @classmethod
    def quarter(cls, fy_start_year: int, number: int) -> Period:
        start = month_index(fy_start_year, 4) + 3 * (number - 1)
        return cls(start, start + 2, Kind.QUARTER)

    @classmethod
    def financial_year(cls, start_year: int) -> Period:
        start = month_index(start_year, 4)
        return cls(start, start + 11, Kind.YEAR)

    @classmethod
    def term(cls, name: str, year: int) -> Period:
        first, last = TERMS[name]
        return cls(month_index(year, first), month_index(year, last), Kind.TERM)

    @classmethod
    def span(cls, start: int, end: int) -> Period:
        if end < start:
            raise PeriodError(f"a span cannot end before it starts ({start} > {end})")
        return cls(start, end, Kind.SPAN)

    @classmethod
    def parse(cls, text: object) -> Period:
        """Read any label in :data:`FORMATS_HELP`; raise :class:`PeriodError` naming what was found."""
        if isinstance(text, Period):
            return text
        if not isinstance(text, str):
            raise PeriodError(f"expected a period such as {FORMATS_HELP}; got {text!r}")
        return _parse_short(text) if len(text) <= 64 else _parse_text(text)

    # -- properties ---------------------------------------------------------------------------------
    @property
    def months(self) -> int:
        return self.end - self.start + 1

    @property
    def fy_start_year(self) -> int:
        """The year in which the financial year containing the period's last month starts."""
        return split_index(financial_year_start(self.end))[0]

    @property
    def label(self) -> str:
        start_year, start_month = split_index(self.start)
        if self.kind is Kind.MONTH:
            return f"{MONTH_NAMES[start_month - 1]} {start_year}"
        if self.kind is Kind.QUARTER:
            return f"Q{(self.start - financial_year_start(self.start)) // 3 + 1} {_fy_label(self.fy_start_year)}"
        if self.kind is Kind.YEAR:
            return _fy_label(start_year)
        if self.kind is Kind.TERM:
            name = next(n for n, (first, _) in TERMS.items() if first == start_month)
            return f"{name} {start_year}"
        end_year, end_month = split_index(self.end)
        return f"{MONTH_NAMES[start_month - 1]} {start_year} - {MONTH_NAMES[end_month - 1]} {end_year}"

    @property
    def slug(self) -> str:
        """A file-name-safe form of the label: ``Q2 2024-25`` -> ``2024-25-Q2``."""
        if self.kind is Kind.QUARTER:
            number, fy = self.label.split(" ")
            return f"{fy}-{number}"
        return self.label.replace(" ", "-")

    def __str__(self) -> str:
        return self.label

    # -- arithmetic ---------------------------------------------------------------------------------
    def shifted(self, months: int) -> Period:
        return Period(self.start + months, self.end + months, self.kind)

    def previous(self) -> Period:
        """The period of the same kind just before this one (the previous quarter, month, year or term)."""
        if self.kind is Kind.TERM:
            year, month = split_index(self.start)
            name = next(n for n, (first, _) in TERMS.items() if first == month)
            position = _TERM_ORDER.index(name)
            if position == 0:
                return Period.term(_TERM_ORDER[-1], year - 1)
            return Period.term(_TERM_ORDER[position - 1], year)
        return self.shifted(-self.months)

    def same_period_last_year(self) -> Period:
        return self.shifted(-12)

    def months_ending(self, count: int) -> Period:
        """The ``count`` months ending with this period's last month (rolling 12 or 6 months)."""
        return Period.span(self.end - count + 1, self.end)

    def year_to_date(self) -> Period:
        """From April of the financial year to this period's last month."""
        return Period.span(financial_year_start(self.end), self.end)

    def containing_financial_year(self) -> Period:
        return Period.financial_year(self.fy_start_year)

    def quarters_of_year(self) -> tuple[Period, ...]:
        return tuple(Period.quarter(self.fy_start_year, n) for n in range(1, 5))

    def last_whole_quarter(self) -> Period:
        """The last whole financial quarter up to this period's last month: a pack's default reporting period."""
        quarter = next(q for q in self.quarters_of_year() if q.start <= self.end <= q.end)
        return quarter if quarter.end == self.end else quarter.previous()

    def month_periods(self) -> tuple[Period, ...]:
        return tuple(Period(i, i, Kind.MONTH) for i in range(self.start, self.end + 1))


def _fy_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def _parse_fy(first: str, second: str) -> int | None:
    start = int(first)
    return start if (start + 1) % 100 == int(second) else None


def _parse_text(text: str) -> Period:
    label = " ".join(text.split())
    parsed = _parse_label(label)
    if parsed is not None and not FIRST_YEAR <= split_index(parsed.end)[0] <= LAST_YEAR:
        raise PeriodError(f"expected a period between {FIRST_YEAR} and {LAST_YEAR}; got {text!r}")
    if parsed is None:
        raise PeriodError(f"expected a period such as {FORMATS_HELP}; got {text!r}")
    return parsed


# A file of observations names a few dozen periods over and over; a period is immutable, so one parsed label
# serves every row that names it (a label longer than any real one is never remembered).
_parse_short = lru_cache(maxsize=4096)(_parse_text)


def _parse_label(label: str) -> Period | None:
    return _quarter(label) or _year_or_month(label) or _date(label) or _named(label)


def _year(text: str) -> int:
    """A year as written: 2026, or 26 for 2026 (scorecards' column headings)."""
    return int(text) + 2000 if len(text) == 2 else int(text)


def _quarter(label: str) -> Period | None:
    """'Q1 2026-27', 'Q1 2026/27', 'Q1 26/27'."""
    if match := re.fullmatch(r"Q([1-4]) (\d{4}|\d{2})[-/](\d{2})", label, flags=re.IGNORECASE):
        start = _parse_fy(str(_year(match[2])), match[3])
        return None if start is None else Period.quarter(start, int(match[1]))
    return None


def _year_or_month(label: str) -> Period | None:
    """'2025-26' or '2025/26' (a financial year), '2025-09' (a month)."""
    if match := re.fullmatch(r"(\d{4})[-/](\d{2})", label):
        start = _parse_fy(match[1], match[2])
        if start is not None:
            return Period.financial_year(start)
        month = int(match[2])
        return Period.month(int(match[1]), month) if 1 <= month <= 12 else None
    return None


def _date(label: str) -> Period | None:
    """A date as its month: '2025-09-30', or '30/09/2025' as written in the UK; a date that does not exist
    (30 February) is not read."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", label)
    uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", label)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif uk:
        year, month, day = int(uk[3]), int(uk[2]), int(uk[1])
    else:
        return None
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return Period.month(year, month)


def _named(label: str) -> Period | None:
    """'Sep 2025', 'September 2025', 'Sep-25', 'Sep-2025', 'Summer 2025'."""
    match = re.fullmatch(r"([A-Za-z]+)[ -](\d{4}|\d{2})", label)
    if match is None:
        return None
    word, year = match[1].capitalize(), _year(match[2])
    if word in TERMS:
        return Period.term(word, year)
    for number, (short, full) in enumerate(zip(MONTH_NAMES, _FULL_MONTHS, strict=True), start=1):
        if word.lower() in (short.lower(), full):
            return Period.month(year, number)
    return None
