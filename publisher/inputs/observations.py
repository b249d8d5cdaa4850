"""The inputs: observations (series, period, value), child population by year, and commentary.

Text codes in numeric cells become figures with a reason (never 0); every problem names its file and row.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field

from .errors import InputError, Problem
from .figures import Status
from .periods import Kind, Period, PeriodError
from .registry import Model, Registry, Text
from .tables import Row, read_rows
from .yamlfile import read_yaml, validate

log = logging.getLogger(__name__)

# Codes officers and DfE put in number cells, and what each means (DfE's conventions, plus the words officers use).
CODES: dict[str, tuple[Status, str]] = {
    "c": (Status.SUPPRESSED, "suppressed at source (small number)"),
    "suppressed": (Status.SUPPRESSED, "suppressed at source (small number)"),
    "k": (Status.SUPPRESSED, "rounds to zero but is not zero (k)"),
    "low": (Status.SUPPRESSED, "a small value (low)"),
    "x": (Status.MISSING, "not available"),
    "u": (Status.MISSING, "low reliability (u)"),
    "z": (Status.NOT_APPLICABLE, "not applicable"),
    "n/a": (Status.NOT_APPLICABLE, "not applicable"),
    "-": (Status.MISSING, "no figure supplied"),
    "": (Status.MISSING, "no figure supplied"),
    "na": (Status.MISSING, "no figure supplied"),
}
CODES_HELP = "a number or one of the codes (c, Suppressed, x, z, n/a, -, blank)"


@dataclass(frozen=True)
class Observation:
    series: str
    period: Period
    value: float | None
    status: Status
    note: str
    source: str


@dataclass(frozen=True)
class Observations:
    """Every observation by (series, period); what the calculation engine reads."""

    items: dict[tuple[str, Period], Observation] = field(default_factory=dict)

    def get(self, series: str, period: Period) -> Observation | None:
        return self.items.get((series, period))

    def __len__(self) -> int:
        return len(self.items)


def parse_value(cell: object) -> tuple[float | None, Status, str] | None:
    """A number, or (None, status, reason) for a code; ``None`` when the cell is neither."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell), Status.OK, ""
    text = "" if cell is None else str(cell).strip()
    if text.lower() in CODES:
        status, reason = CODES[text.lower()]
        return None, status, reason
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+(\.\d+)?", text):
        return float(text.replace(",", "")), Status.OK, ""
    return None


def parse_period_cell(cell: object) -> Period:
    if isinstance(cell, dt.datetime | dt.date):
        return Period.month(cell.year, cell.month)
    return Period.parse(str(cell).strip() if cell is not None else "")


def load_observations(paths: Iterable[Path]) -> tuple[Observations, list[Problem]]:
    """Read observation files (columns series, period, value[, note]); return them and every problem found."""
    items: dict[tuple[str, Period], Observation] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            for row in read_rows(path, ("series", "period", "value")):
                observation = _observation(row, problems)
                if observation is None:
                    continue
                key = (observation.series, observation.period)
                if key in items:
                    problems.append(
                        Problem(
                            row.file,
                            row.number,
                            "period",
                            f"duplicate row for series '{key[0]}' and period {key[1]} (first at {items[key].source})",
                        )
                    )
                    continue
                items[key] = observation
        except InputError as exc:
            problems.extend(exc.problems)
    log.info("data: %d observations", len(items))
    return Observations(items), problems


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
    parsed = parse_value(row.cells["value"])
    if parsed is None:
        problems.append(Problem(row.file, row.number, "value", f"expected {CODES_HELP}, got {row.cells['value']!r}"))
        ok = False
    elif parsed[0] is not None and parsed[0] < 0:
        problems.append(Problem(row.file, row.number, "value", f"expected a count of 0 or more, got {parsed[0]:g}"))
        ok = False
    if not ok or parsed is None:
        return None
    note = str(row.cells.get("note") or "").strip()
    value, status, reason = parsed
    return Observation(series, period, value, status, note or reason, row.where())


def check_observations(registry: Registry, observations: Observations, reporting: Period | None) -> list[Problem]:
    """Problems only the registry can reveal: unknown series, numerator above denominator, future periods."""
    problems: list[Problem] = []
    known = registry.series
    ratios: dict[str, list[tuple[str, str]]] = {}  # numerator series -> (denominator series, reference)
    for indicator in registry.indicators:
        calc = indicator.calculation
        if indicator.unit == "percentage" and calc.denominator is not None:
            ratios.setdefault(calc.numerator, []).append((calc.denominator, indicator.reference))
    for (series, period), obs in observations.items.items():
        file, row = _where(obs)
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
        for denominator_series, reference in ratios.get(series, []) if obs.value is not None else []:
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
            *_where(obs),
            "period",
            f"period {period} is after the reporting period being built "
            f"({reporting}, ending {reporting.month_periods()[-1]})",
        )
        for (_, period), obs in observations.items.items()
        if period.end > reporting.end
    ]


def _where(observation: Observation) -> tuple[str, int]:
    file, _, row = observation.source.rpartition(":")
    return file, int(row)


# -- child population ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Population:
    """Children aged 0-17 for each financial year."""

    by_year: dict[Period, float]

    def for_period(self, period: Period) -> float | None:
        """The population of the financial year in which ``period`` ends (the rule rates use)."""
        return self.by_year.get(period.containing_financial_year())


def load_population(path: Path | None) -> tuple[Population, list[Problem]]:
    by_year: dict[Period, float] = {}
    problems: list[Problem] = []
    if path is None:
        return Population(by_year), problems
    try:
        for row in read_rows(path, ("year", "population")):
            try:
                year = Period.parse(str(row.cells["year"]).strip())
            except PeriodError as exc:
                problems.append(Problem(row.file, row.number, "year", str(exc)))
                continue
            if year.kind is not Kind.YEAR:
                problems.append(
                    Problem(
                        row.file,
                        row.number,
                        "year",
                        f"expected a financial year such as '2024-25', got '{row.cells['year']}'",
                    )
                )
                continue
            parsed = parse_value(row.cells["population"])
            if parsed is None or parsed[0] is None or parsed[0] <= 0:
                problems.append(
                    Problem(
                        row.file,
                        row.number,
                        "population",
                        f"expected a number of children above 0, got {row.cells['population']!r}",
                    )
                )
                continue
            if year in by_year:
                problems.append(Problem(row.file, row.number, "year", f"duplicate row for {year}"))
                continue
            by_year[year] = parsed[0]
    except InputError as exc:
        problems.extend(exc.problems)
    return Population(by_year), problems


# -- commentary ------------------------------------------------------------------------------------------


class CommentaryEntry(Model):
    """What a lead wrote, in Markdown, with who wrote it and when."""

    author: Text
    date: dt.date = Field(strict=False)
    text: Text


class CommentaryFile(Model):
    period: Text
    priorities: dict[str, CommentaryEntry] = {}
    indicators: dict[str, CommentaryEntry] = {}


@dataclass(frozen=True)
class Commentary:
    """Commentary by period: ``priorities[period][priority_id]`` and ``indicators[period][reference]``."""

    priorities: dict[Period, dict[str, CommentaryEntry]]
    indicators: dict[Period, dict[str, CommentaryEntry]]

    def for_indicator(self, period: Period, reference: str) -> CommentaryEntry | None:
        return self.indicators.get(period, {}).get(reference)

    def for_priority(self, period: Period, priority: str) -> CommentaryEntry | None:
        return self.priorities.get(period, {}).get(priority)


def load_commentary(folder: Path | None, registry: Registry) -> tuple[Commentary, list[Problem]]:
    """Read ``*.yaml`` commentary files, one per period; unknown references and priorities are errors."""
    priorities: dict[Period, dict[str, CommentaryEntry]] = {}
    indicators: dict[Period, dict[str, CommentaryEntry]] = {}
    problems: list[Problem] = []
    files = sorted(folder.glob("*.yaml")) if folder and folder.is_dir() else []
    for path in files:
        try:
            doc = read_yaml(path)
            parsed: CommentaryFile = validate(CommentaryFile, doc)
            period = Period.parse(parsed.period)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        except PeriodError as exc:
            problems.append(Problem(str(path), doc.line_of(("period",)), "period", str(exc)))
            continue
        if period in priorities:
            problems.append(
                Problem(str(path), doc.line_of(("period",)), "period", f"a second commentary file for {period}")
            )
            continue
        for key, known, what in (
            ("priorities", {p.id for p in registry.priorities}, "priority"),
            ("indicators", set(registry.by_reference), "indicator reference"),
        ):
            for name in getattr(parsed, key):
                if name not in known:
                    problems.append(
                        Problem(
                            str(path),
                            doc.line_of((key, name)),
                            f"{key}.{name}",
                            f"unknown {what} '{name}': expected one of ({', '.join(sorted(known))})",
                        )
                    )
        priorities[period] = parsed.priorities
        indicators[period] = parsed.indicators
    log.info("commentary: %d periods", len(priorities))
    return Commentary(priorities, indicators), problems
