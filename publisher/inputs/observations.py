"""The inputs: observations (series, period, value), child population by year, and commentary.

Text codes in numeric cells become figures with a reason (never 0); every problem names its file and row.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..core.codes import CODES_HELP, REMEMBERED, brief, parse_value
from ..core.errors import InputError, Problem
from ..core.figures import Status
from ..core.periods import Period, PeriodError
from ..core.vocab import Unit
from .registry import Registry
from .tables import Row, read_table

__all__ = ["Observation", "Observations", "load_observations", "observations_after"]

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)  # slots: made in half the time, once a row
class Observation:
    series: str
    period: Period
    value: float | None
    status: Status
    note: str
    file: str
    row: int

    @property
    def source(self) -> str:
        """Where it was read, as a message names it: ``file:row``."""
        return f"{self.file}:{self.row}"


@dataclass(frozen=True)
class Observations:
    """Every observation by (series, period); what the calculation engine reads."""

    items: dict[tuple[str, Period], Observation] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what an officer should know: columns of a wide file that were not read

    def get(self, series: str, period: Period) -> Observation | None:
        return self.items.get((series, period))

    def __len__(self) -> int:
        return len(self.items)


def parse_period_cell(cell: object) -> Period:
    if isinstance(cell, str) and len(cell) <= REMEMBERED:
        return _period_label(cell)
    if isinstance(cell, dt.datetime | dt.date):
        return Period.month(cell.year, cell.month)
    return Period.parse(str(cell).strip() if cell is not None else "")


@lru_cache(maxsize=4096)
def _period_label(cell: str) -> Period:
    """A short period cell's reading, remembered: a file repeats each label once a series."""
    return Period.parse(cell.strip())


def load_observations(paths: Iterable[Path]) -> tuple[Observations, list[Problem]]:
    """Read observation files, long (columns series, period, value[, note]) or wide (a series column and one
    column per period, as scorecards are kept); return them and every problem found."""
    items: dict[tuple[str, Period], Observation] = {}
    problems: list[Problem] = []
    notes: list[str] = []
    for path in paths:
        try:
            names, rows = read_table(path)
            found = _long(rows, problems) if set(names) >= LONG else _wide(path, names, rows, problems, notes)
            for observation in found:
                key = (observation.series, observation.period)
                first = items.setdefault(key, observation)  # one look-up: a period's hash is computed in Python
                if first is not observation:
                    message = f"duplicate row for series '{key[0]}' and period {key[1]} (first at {first.source})"
                    problems.append(Problem(observation.file, observation.row, "period", message))
        except InputError as exc:
            problems.extend(exc.problems)
    log.info("data: %d observations", len(items))
    return Observations(items, tuple(notes)), problems


LONG = {"series", "period", "value"}


def _long(rows: Iterable[Row], problems: list[Problem]) -> Iterator[Observation]:
    for row in rows:
        observation = _observation(row, problems)
        if observation is not None:
            yield observation


def _wide(path: Path, names: list[str], rows: Iterable[Row], problems: list[Problem], notes: list[str]
          ) -> Iterator[Observation]:  # fmt: skip
    """One row per series and one column per period; blank cells are periods with no figure yet."""
    periods: dict[str, Period] = {}
    for name in names:
        try:
            periods[name] = Period.parse(name)
        except PeriodError:
            continue
    if "series" not in names or not periods:
        found = ", ".join(n for n in names if n)
        message = ("expected columns (series, period, value), or a 'series' column and one column per period "
                   f"(such as 'Apr 2026', 'Q1 2026-27' or '2025-26'); found ({found})")  # fmt: skip
        raise InputError([Problem(str(path), 1, "", message)])
    ignored = [n for n in names if n and n != "series" and n not in periods]
    if ignored:
        notes.append(f"{path}: columns not read (neither 'series' nor a period): {', '.join(ignored)}")
    for row in rows:
        series = str(row.cells["series"] or "").strip()
        if not series:
            problems.append(Problem(row.file, row.number, "series", "expected a series name, found a blank cell"))
            continue
        for name, period in periods.items():
            cell = row.cells.get(name)
            if cell is None or str(cell).strip() == "":
                continue
            parsed = _value(row, name, cell, problems)
            if parsed is not None:
                value, status, reason = parsed
                yield Observation(series, period, value, status, reason, row.file, row.number)


def _observation(row: Row, problems: list[Problem]) -> Observation | None:
    series = str(row.cells["series"] or "").strip()
    ok = True
    if not series:
        problems.append(Problem(row.file, row.number, "series", "expected a series name, found a blank cell"))
        ok = False
    try:
        period = parse_period_cell(row.cells["period"])
    except PeriodError as exc:
        problems.append(Problem(row.file, row.number, "period", str(exc)))
        ok = False
    parsed = _value(row, "value", row.cells["value"], problems)
    if not ok or parsed is None:
        return None
    note = str(row.cells.get("note") or "").strip()
    value, status, reason = parsed
    return Observation(series, period, value, status, note or reason, row.file, row.number)


def _value(row: Row, column: str, cell: object, problems: list[Problem]) -> tuple[float | None, Status, str] | None:
    """A cell's number or code, or None after noting the problem at its row and column."""
    parsed = parse_value(cell)
    if parsed is None:
        problems.append(Problem(row.file, row.number, column, f"expected {CODES_HELP}, got {brief(cell)}"))
        return None
    if parsed[0] is not None and parsed[0] < 0:
        problems.append(Problem(row.file, row.number, column, f"expected 0 or more, got {parsed[0]:g}"))
        return None
    return parsed


def check_observations(registry: Registry, observations: Observations, reporting: Period | None) -> list[Problem]:
    """Problems only the registry can reveal: unknown series, numerator above denominator, future periods."""
    problems: list[Problem] = []
    known = registry.series
    ratios: dict[str, list[tuple[str, str]]] = {}  # numerator series -> (denominator series, reference)
    for indicator in registry.indicators:
        calc = indicator.calculation
        if indicator.unit is Unit.PERCENTAGE and calc.numerator is not None and calc.denominator is not None:
            ratios.setdefault(calc.numerator, []).append((calc.denominator, indicator.reference))
    for (series, period), obs in observations.items.items():
        file, row = obs.file, obs.row
        if series not in known:
            problems.append(
                Problem(
                    file,
                    row,
                    "series",
                    f"unknown series '{series}': no indicator in the registry "
                    "uses it (check the spelling or add it to an indicator)",
                )
            )
        if obs.value is None:
            continue
        for denominator_series, reference in ratios.get(series, []):
            denominator = observations.get(denominator_series, period)
            if denominator is not None and denominator.value is not None and obs.value > denominator.value:
                problems.append(
                    Problem(
                        file,
                        row,
                        "value",
                        f"numerator '{series}' ({obs.value:g}) is larger than denominator "
                        f"'{denominator_series}' ({denominator.value:g}, {denominator.source}) "
                        f"for {period} ({reference})",
                    )
                )
    if reporting is not None:
        problems += observations_after(observations, reporting)
    return problems


def observations_after(observations: Observations, reporting: Period) -> list[Problem]:
    """Rows dated after the period being built: a typo, or an extract newer than the pack."""
    return [
        Problem(
            obs.file,
            obs.row,
            "period",
            f"period {period} is after the reporting period being built "
            f"({reporting}, ending {reporting.month_periods()[-1]})",
        )
        for (_, period), obs in observations.items.items()
        if period.end > reporting.end
    ]
