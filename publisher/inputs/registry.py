"""The indicator registry: what every scorecard row is, how it is calculated and how it is rated.

One YAML file per priority under ``indicators/``. The schema below is the single description of the format;
every problem in every file is reported in one run with its ``file:line`` (see :mod:`publisher.yamlfile`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from ..core.errors import InputError, Problem
from ..core.figures import format_number
from ..core.periods import Kind, Period, PeriodError
from ..core.vocab import Comparator, CompareWith, Frequency, IndicatorStatus, Polarity, Unit, Window
from .ragrules import RULES_NEEDING_TARGET, NotRated, RagRule, Thresholds
from .schema import Choice, Model, Text
from .spcoptions import SpcOptions, spc_problem
from .yamlfile import read_yaml, validate

__all__ = ["Calculation", "Indicator", "Priority", "PublishedMeasure", "Registry", "RegistryFile", "load_registry"]

log = logging.getLogger(__name__)


class Calculation(Model):
    """Which data series make the figure and over which window of months.

    Either publisher calculates the figure from counts (``numerator``, with ``denominator`` or ``population``
    for a ratio), or the council supplies it ready-made (``value``: a percentage, rate, average or count as
    published), taken as it is for its period and never added up across months. ``base`` names the count a
    ready-made figure is of (the children in the percentage), so that small numbers are withheld from it.
    """

    numerator: Text | None = None
    denominator: Text | None = None
    population: bool = False
    value: Text | None = None
    base: Text | None = None
    window: Choice[Window] = Window.PERIOD

    @model_validator(mode="after")
    def _one_source(self) -> Calculation:
        if (self.numerator is None) == (self.value is None):
            given = "both" if self.numerator else "neither"
            raise ValueError(
                "expected either 'numerator' (publisher calculates the figure from counts) or 'value' (a figure "
                f"supplied ready-made, such as a percentage), got {given}"
            )
        if self.value is not None and (self.denominator or self.population):
            raise ValueError(
                "a ready-made 'value' is not divided by anything: drop 'denominator' and 'population' (give "
                "'base', the count it is of, for the small-number rules)"
            )
        if self.base is not None and self.value is None:
            raise ValueError("'base' goes with a ready-made 'value'; a calculated figure's count is its numerator")
        return self

    @property
    def main(self) -> str:
        """The series the figure is of: its numerator, or its ready-made value."""
        series = self.numerator or self.value
        assert series is not None  # checked above
        return series

    @property
    def ready_made(self) -> bool:
        return self.value is not None


class EarlierDefinition(Model):
    """A definition the indicator had until a period ended (``history:``): figures for periods up to ``until``
    are calculated by it, so a series spanning a change of definition is not silently mixed."""

    until: Text
    title: Text | None = None
    calculation: Calculation

    @field_validator("until")
    @classmethod
    def _period(cls, value: str) -> str:
        try:
            return Period.parse(value).label
        except PeriodError as exc:
            raise ValueError(str(exc)) from None

    @property
    def period(self) -> Period:
        return Period.parse(self.until)


class QuarterTargets(Model):
    """A year's target profiled by quarter (a quarter without its own uses the year's)."""

    year: float
    Q1: float | None = None
    Q2: float | None = None
    Q3: float | None = None
    Q4: float | None = None


class Baseline(Model):
    period: Text
    value: float


class PublishedMeasure(Model):
    """Where DfE publishes this indicator: a LAIT measure code, or a column of an EES file after filters; ``year``
    picks the published year for this indicator (default: ``--year``, else the latest)."""

    source: Literal["lait", "ees"]
    measure: Text
    file: str | None = None
    filters: dict[str, str] = {}
    year: str | None = None

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value: object) -> object:
        """2023, "2022-23", "2022/23" or a span as DfE writes it ("2014-16"); a YAML number is its text."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and not re.fullmatch(r"\s*(19|20)\d\d( ?[-/] ?\d{2,4})*\s*", value):
            raise ValueError(f"expected a published year such as 2023, 2022-23 or 2022/23, got '{value}'")
        return value

    @model_validator(mode="after")
    def _file_for_ees(self) -> PublishedMeasure:
        if self.source == "ees" and not self.file:
            raise ValueError("an 'ees' measure needs 'file', the name of the EES CSV it is in")
        return self


NO_CHANGE_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


class DirectionOptions(Model):
    """Direction of travel (``direction:``, per indicator or per pack): a move no larger than
    ``no_change_within`` is no change. Points (``1.0``), or a percentage of the figure compared with (``"5%"``),
    for councils whose printed arrow for "same" covers small moves."""

    no_change_within: float | str = Field(default=0)

    @field_validator("no_change_within")
    @classmethod
    def _points_or_percent(cls, value: float | str) -> float | str:
        if isinstance(value, str) and not NO_CHANGE_PERCENT.fullmatch(value.strip()):
            raise ValueError(f"expected points (such as 1.0) or a percentage (such as \"5%\"), got '{value}'")
        if isinstance(value, float | int) and value < 0:
            raise ValueError(f"expected 0 or more, got {value}")
        return value.strip() if isinstance(value, str) else value

    def within(self, before: float) -> float:
        """The largest move from ``before`` that is no change: the points, or the percentage of ``before``."""
        if isinstance(self.no_change_within, str):
            match = NO_CHANGE_PERCENT.fullmatch(self.no_change_within)
            assert match is not None  # checked above
            return abs(before) * float(match[1]) / 100
        return float(self.no_change_within)


REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 /.\-_()]{0,23}")
REFERENCE_HELP = "up to 24 letters, digits, spaces and / . - _ ( ), starting with a letter or digit (CL2.1, SCC/002)"


def _reference(value: str) -> str:
    if not REFERENCE.fullmatch(value) or value != value.strip():
        raise ValueError(f"expected a reference of {REFERENCE_HELP}; got '{value}'")
    return value


def anchor_of(reference: str) -> str:
    """A reference as it can stand in a link or a file name: 'SCC/002' -> 'SCC-002'."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", reference).strip("-.") or "indicator"


class Indicator(Model):
    """One scorecard row. ``reference`` is stable from year to year (e.g. ``CL2.1``)."""

    reference: Annotated[str, AfterValidator(_reference)]
    title: Text
    description: str = ""
    priority: str = ""
    unit: Choice[Unit]
    polarity: Choice[Polarity]
    frequency: Choice[Frequency] = Frequency.MONTHLY
    due_month: Annotated[int, Field(ge=1, le=12)] | None = None
    # The quarter a termly figure is reported in, when not the one its term ends in: {Summer: Q3}.
    term_quarter: dict[Literal["Spring", "Summer", "Autumn"], Literal["Q1", "Q2", "Q3", "Q4"]] = {}
    calculation: Calculation
    history: list[EarlierDefinition] = []  # earlier definitions, oldest first, each with the period it ended
    decimals: Annotated[int, Field(ge=0, le=3)] = 1
    targets: dict[str, float | QuarterTargets] = {}
    baseline: Baseline | None = None
    rag: RagRule = NotRated(rule="none")
    compare_with: Choice[CompareWith] = CompareWith.PREVIOUS_PERIOD
    level_tolerance: float = Field(default=0, ge=0)  # points: the older spelling of direction.no_change_within
    direction: DirectionOptions | None = None  # None: the pack's, else level_tolerance
    benchmarks: list[Choice[Comparator]] = []
    data_owner: str = ""
    lead_officer: str = ""
    key: bool = False
    tags: dict[str, Text] | list[Text] = {}  # {plan: "Be safe"}, or ["Corporate Plan: Outcome 5"] as "name: value"
    small_number_threshold: Annotated[int, Field(ge=0)] = 5
    total_of: list[Text] = []
    published: PublishedMeasure | None = None
    source_note: str = ""
    status: Choice[IndicatorStatus] = IndicatorStatus.LIVE
    # Statistical process control (see spcoptions.py); after frequency, calculation. Made afresh, not deep-copied
    # from a default (four times as fast, once an indicator).
    spc: SpcOptions = Field(default_factory=SpcOptions)

    @field_validator("targets")
    @classmethod
    def _financial_years(cls, value: dict[str, object]) -> dict[str, object]:
        """Keys are read as financial years and kept in one spelling ('2026/27' becomes '2026-27')."""
        normalised = {}
        for key, target in value.items():
            try:
                period = Period.parse(key)
            except PeriodError:
                period = None
            if period is None or period.kind is not Kind.YEAR:
                raise ValueError(f"expected financial years such as '2024-25' as target keys, got '{key}'")
            normalised[period.label] = target
        return normalised

    @field_validator("history")
    @classmethod
    def _in_order(cls, value: list[EarlierDefinition]) -> list[EarlierDefinition]:
        """Each earlier definition ended after the one before it."""
        ends = [e.period.end for e in value]
        if any(later <= earlier for earlier, later in pairwise(ends)):
            found = ", ".join(e.until for e in value)
            raise ValueError(f"expected the 'until' periods oldest first, each after the one before, got {found}")
        return value

    @field_validator("spc")
    @classmethod
    def _spc_fits(cls, value: SpcOptions, info: ValidationInfo) -> SpcOptions:
        calculation, frequency = info.data.get("calculation"), info.data.get("frequency")
        if calculation and frequency and (problem := spc_problem(value, frequency, calculation.window)):
            raise ValueError(problem)
        return value

    @field_validator("baseline")
    @classmethod
    def _baseline_period(cls, value: Baseline | None) -> Baseline | None:
        if value is not None:
            Period.parse(value.period)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        calc = self.calculation
        if (self.frequency is Frequency.ANNUAL) != (self.due_month is not None):
            raise ValueError("'due_month' is required for annual indicators and only for them")
        for earlier in (calc, *(e.calculation for e in self.history)):
            if not earlier.ready_made:
                _check_counts(self.unit, earlier)
        if self.direction is not None and self.level_tolerance:
            raise ValueError("give 'direction: {no_change_within: ...}' or 'level_tolerance', not both")
        if self.rag.rule in RULES_NEEDING_TARGET and not self.targets:
            raise ValueError(f"RAG rule '{self.rag.rule}' needs 'targets' for at least one financial year")
        if self.polarity is Polarity.NONE and self.rag.rule not in ("none", "range"):
            raise ValueError(f"RAG rule '{self.rag.rule}' needs polarity 'high' or 'low', got 'none'")
        if isinstance(self.rag, Thresholds) and self.polarity is not Polarity.NONE:
            green, amber = self.rag.green, self.rag.amber
            better = green >= amber if self.polarity is Polarity.HIGH else green <= amber
            if not better:
                raise ValueError(
                    f"with polarity '{self.polarity}' the green threshold must be at least as good as amber; "
                    f"got green {self.rag.green} and amber {self.rag.amber}"
                )
        return self

    # -- questions the later stages ask -----------------------------------------------------------------
    def target_for(self, period: Period) -> float | None:
        """The target for a reporting period: its quarter's profile if any, else its financial year's."""
        target = self.targets.get(period.containing_financial_year().label)
        if isinstance(target, QuarterTargets):
            if period.kind is Kind.QUARTER:
                quarter = getattr(target, period.label.split(" ")[0])
                if quarter is not None:
                    return quarter
            return target.year
        return target

    def in_force(self, period: Period) -> Indicator:
        """The indicator as defined for a figure ending with ``period``: an earlier definition (``history``) up to
        the period it ended, else itself."""
        for earlier in self.history:
            if period.end <= earlier.period.end:
                return self.model_copy(update={"calculation": earlier.calculation, "title": earlier.title or self.title,
                                               "history": []})  # fmt: skip
        return self

    def no_change(self, now: float, before: float) -> bool:
        """Whether a move from ``before`` to ``now`` (both as displayed) is no change for direction of travel:
        within ``direction``'s band, else ``level_tolerance`` (exactly at the band is no change; 1e-9 absorbs
        float noise in the difference of rounded figures)."""
        band = self.direction.within(before) if self.direction is not None else self.level_tolerance
        return abs(now - before) <= band + 1e-9

    @property
    def definition_changes(self) -> tuple[Period, ...]:
        """The last period of each earlier definition: a series breaks after each."""
        return tuple(e.period for e in self.history)

    @property
    def tag_values(self) -> dict[str, str]:
        """The council's tags by name: a list entry 'Plan: Be safe' is the tag 'plan' with the value 'Be safe'."""
        if isinstance(self.tags, dict):
            return {name.strip().casefold(): value for name, value in self.tags.items()}
        found: dict[str, str] = {}
        for entry in self.tags:
            name, _, value = entry.partition(":")
            found[name.strip().casefold()] = value.strip() or "yes"
        return found

    @property
    def anchor(self) -> str:
        return anchor_of(self.reference)

    @property
    def series(self) -> tuple[str, ...]:
        """Every series the indicator reads, under its current definition and its earlier ones."""
        calcs = (self.calculation, *(e.calculation for e in self.history))
        found = (s for c in calcs for s in (c.numerator, c.denominator, c.value, c.base) if s)
        return tuple(dict.fromkeys(found))

    def show(self, value: float) -> str:
        """A number as this indicator prints it: its decimal places, and % for percentages."""
        text = format_number(value, self.decimals)
        return text + "%" if self.unit is Unit.PERCENTAGE else text


def _check_counts(unit: Unit, calc: Calculation) -> None:
    """A figure publisher calculates needs the counts its unit divides."""
    if unit is Unit.PERCENTAGE and calc.denominator is None:
        raise ValueError("a percentage needs 'calculation.denominator' (or give it ready-made as 'value')")
    if unit is Unit.RATE_PER_10K and not (calc.population or calc.denominator):
        raise ValueError("a rate per 10,000 needs 'calculation.population: true' or a denominator series")
    if unit in (Unit.AVERAGE_DAYS, Unit.AVERAGE) and calc.denominator is None:
        raise ValueError(f"an {unit} needs 'calculation.denominator' (the number of cases), or give it as 'value'")
    if unit in (Unit.COUNT, Unit.SCORE) and (calc.denominator or calc.population):
        raise ValueError(f"a {unit} takes only 'calculation.numerator'")


class Priority(Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Text
    order: int
    lead: str = ""
    lead_role: str = ""


class RegistryFile(Model):
    priority: Priority
    indicators: list[Indicator] = Field(min_length=1)


@dataclass(frozen=True)
class Registry:
    """Every priority in order with its indicators, and a lookup by reference."""

    priorities: tuple[Priority, ...]
    indicators: tuple[Indicator, ...]
    files: tuple[Path, ...]

    @cached_property
    def by_reference(self) -> dict[str, Indicator]:
        return {i.reference: i for i in self.indicators}

    @cached_property
    def by_priority(self) -> dict[str, tuple[Indicator, ...]]:
        return {p.id: tuple(i for i in self.indicators if i.priority == p.id) for p in self.priorities}

    @cached_property
    def series(self) -> frozenset[str]:
        return frozenset(s for i in self.indicators for s in i.series)


    def with_direction(self, default: DirectionOptions | None) -> Registry:
        """The registry with a pack's ``direction`` for every indicator that gives none of its own."""
        if default is None:
            return self
        indicators = tuple(i if i.direction is not None or i.level_tolerance else
                           i.model_copy(update={"direction": default}) for i in self.indicators)  # fmt: skip
        return Registry(self.priorities, indicators, self.files)


def load_registry(folder: Path) -> Registry:
    """Read every ``*.yaml`` in ``folder``; raise :class:`InputError` listing every problem in every file."""
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    problems: list[Problem] = []
    if not files:
        raise InputError([Problem(str(folder), None, "", "expected one or more indicator files (*.yaml), found none")])
    loaded: list[tuple[Path, RegistryFile, list[int], int | None]] = []
    for path in files:
        try:
            doc = read_yaml(path)
            parsed: RegistryFile = validate(RegistryFile, doc)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        lines = [doc.line_of(("indicators", n)) or 0 for n in range(len(parsed.indicators))]
        loaded.append((path, parsed, lines, doc.line_of(("priority", "id"))))
    problems.extend(_duplicates(loaded))
    problems.extend(_totals(loaded))
    if problems:
        raise InputError(problems)
    loaded.sort(key=lambda item: item[1].priority.order)
    indicators = tuple(i.model_copy(update={"priority": f.priority.id}) for _, f, _, _ in loaded for i in f.indicators)
    log.info("registry: %d priorities, %d indicators from %s", len(loaded), len(indicators), folder)
    return Registry(tuple(f.priority for _, f, _, _ in loaded), indicators, tuple(p for p, *_ in loaded))


def _totals(loaded: list[tuple[Path, RegistryFile, list[int], int | None]]) -> list[Problem]:
    """A total and its parts must be counts over the same window, so that they can be checked together."""
    everything = {i.reference: i for _, f, _, _ in loaded for i in f.indicators}
    problems = []
    for path, parsed, lines, _ in loaded:
        for indicator, line in zip(parsed.indicators, lines, strict=True):
            for reference in indicator.total_of:
                part = everything.get(reference)
                same = part is not None and (part.unit, part.calculation.window, part.frequency) == (
                    indicator.unit,
                    indicator.calculation.window,
                    indicator.frequency,
                )
                if indicator.unit is not Unit.COUNT or not same:
                    message = (
                        f"'{reference}' must be a count indicator with the same window and frequency as "
                        f"{indicator.reference} (a count)"
                    )
                    problems.append(Problem(str(path), line, "total_of", message))
            if (loop := _loop(indicator.reference, everything)) is not None:
                message = f"totals cannot include themselves: {' -> '.join(loop)}"
                problems.append(Problem(str(path), line, "total_of", message))
    return problems


def _loop(start: str, everything: dict[str, Indicator]) -> list[str] | None:
    """A chain of ``total_of`` leading from ``start`` back to itself, if there is one."""
    paths = [[start]]
    while paths:
        path = paths.pop()
        for part in everything[path[-1]].total_of if path[-1] in everything else []:
            if part == start:
                return [*path, part]
            if part not in path:
                paths.append([*path, part])
    return None


def _duplicates(loaded: list[tuple[Path, RegistryFile, list[int], int | None]]) -> list[Problem]:
    problems = []
    seen_refs: dict[str, str] = {}
    seen_priorities: dict[str, str] = {}
    for path, parsed, lines, priority_line in loaded:
        where = f"{path}:{priority_line}"
        if parsed.priority.id in seen_priorities:
            problems.append(
                Problem(
                    str(path),
                    priority_line,
                    "priority.id",
                    f"duplicate priority '{parsed.priority.id}' (also in {seen_priorities[parsed.priority.id]})",
                )
            )
        seen_priorities.setdefault(parsed.priority.id, where)
        for indicator, line in zip(parsed.indicators, lines, strict=True):
            # References are told apart ignoring case and spaces, and so are the links and file names made of them.
            keys = (indicator.reference.casefold().replace(" ", ""), "#" + indicator.anchor.casefold())
            clash = next((seen_refs[k] for k in keys if k in seen_refs), None)
            if clash is not None:
                message = f"duplicate reference '{indicator.reference}': the same as {clash} ignoring case, spaces"
                problems.append(Problem(str(path), line, "reference", f"{message} and punctuation"))
            for key in keys:
                seen_refs.setdefault(key, f"'{indicator.reference}' at {path}:{line}")
    return problems
