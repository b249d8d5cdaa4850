"""The result model: what the calculation engine returns and every output (PDF, HTML, CSV, archive) draws from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from ..commentary.file import CommentaryEntry
from ..commentary.signoff import SignOff
from ..core.figures import Figure
from ..core.periods import Period
from ..core.phrase import Detail
from ..core.vocab import Audience, CompareWith
from ..inputs.benchmarks import Benchmark
from ..inputs.registry import Indicator, Priority
from .rules import Judgement, Rag
from .spc import Spc

__all__ = ["Direction", "IndicatorResult", "Judgement", "Movement", "Point", "Scorecard", "Section", "display"]


class Movement(StrEnum):
    UP = "up"
    DOWN = "down"
    LEVEL = "level"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Direction:
    movement: Movement
    judgement: Judgement
    explanation: Detail  # a phrase when it holds the judgement ("Up from 40 in Q1 2024-25: improving")


@dataclass(frozen=True)
class Point:
    period: Period
    figure: Figure


# The fields of a result holding figures calculated from the council's data, which disclosure control walks.
# Not among them: ``baseline`` (a value written in the registry) and ``benchmarks`` (already published by DfE).
# tests/engine/test_model.py fails when a field holding figures is added without being named here or there.
FIGURE_FIELDS = (
    "history",
    "recent",
    "year_quarters",
    "previous",
    "same_period_last_year",
    "outturn_last_year",
    "headline",
    "spc_series",
)
NOT_FROM_DATA = ("baseline", "benchmarks")


@dataclass(frozen=True)
class IndicatorResult:
    """One scorecard row: every figure, the rating, the direction and the words a member reads."""

    indicator: Indicator
    period: Period
    headline: Figure
    data_period: Period
    target: float | None
    rag: Rag
    direction: Direction
    previous: Point
    same_period_last_year: Point
    outturn_last_year: Point
    baseline: Point | None
    history: tuple[Point, ...]
    recent: tuple[Point, ...]
    year_quarters: tuple[Point, ...]
    commentary: CommentaryEntry | None
    benchmarks: tuple[Benchmark, ...]
    # The indicator's own series for statistical process control (longer than the sparkline's), and its analysis,
    # made after disclosure control so that no withheld point is used (see spcrows.py).
    spc_series: tuple[Point, ...] = ()
    spc: Spc | None = None

    @property
    def comparator(self) -> Point:
        last_year = self.indicator.compare_with is CompareWith.SAME_PERIOD_LAST_YEAR
        return self.same_period_last_year if last_year else self.previous

    @property
    def definition_changes(self) -> tuple[Period, ...]:
        """The last period of each earlier definition of the indicator: its series (and SPC) break after each."""
        return self.indicator.definition_changes

    def shown_points(self) -> tuple[Point, ...]:
        """Every figure of FIGURE_FIELDS with the period it is for (the headline last, as it wins a tie)."""
        points: list[Point] = []
        for name in FIGURE_FIELDS:
            value = getattr(self, name)
            if isinstance(value, Figure):
                points.append(Point(self.data_period, value))
            elif isinstance(value, Point):
                points.append(value)
            else:
                points.extend(value)
        return tuple(points)

    def with_points(self, change: Callable[[Point], Point]) -> IndicatorResult:
        """The same row with every figure of FIGURE_FIELDS passed through ``change``."""
        changes: dict[str, object] = {}
        for name in FIGURE_FIELDS:
            value = getattr(self, name)
            if isinstance(value, Figure):
                changes[name] = change(Point(self.data_period, value)).figure
            elif isinstance(value, Point):
                changes[name] = change(value)
            else:
                changes[name] = tuple(change(p) for p in value)
        return replace(self, **changes)  # type: ignore[arg-type]

    def show(self, figure: Figure) -> str:
        """A figure's value as a member reads it: ``57.1%``, ``641.3``."""
        return display(self.indicator, figure)


@dataclass(frozen=True)
class Section:
    priority: Priority
    commentary: CommentaryEntry | None
    rows: tuple[IndicatorResult, ...]
    signoff: SignOff | None = None  # None for a section grouped by tag, which no one signs off as such


@dataclass(frozen=True)
class Scorecard:
    period: Period
    audience: Audience
    sections: tuple[Section, ...]

    @property
    def rows(self) -> tuple[IndicatorResult, ...]:
        return tuple(r for s in self.sections for r in s.rows)


def display(indicator: Indicator, figure: Figure) -> str:
    """A figure's value as a member reads it ("57.1%"); a figure with no value is worded by the output stage, from
    the catalogue's ``status`` words."""
    if figure.value is None:
        raise ValueError(f"a figure with status {figure.status} has no value to display")
    return indicator.show(figure.value)
