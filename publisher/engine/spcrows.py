"""SPC for scorecard rows: the series each indicator's chart reads, and its analysis once small numbers are
withheld.

The series is the indicator's figure for each of its own periods (months, quarters, terms or years), back to its
first figure, at most :data:`MAX_POINTS`: two years of months, which the MDC guidance counts as plenty (15
points at least, 20 or more better), and which for a monthly measure are the months its sparkline's eight
quarters already publish, so the small-number checks have little more to solve. Figures over a rolling or
year-to-date window overlap the one before, so they are not independent points and SPC is not applied to them. The
series is one of the row's figure fields, so disclosure control treats every point as published and withholds
what it must; a segment with a withheld point then gets no limits (:func:`publisher.engine.spc.segment`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import assert_never

from ..core.figures import Status
from ..core.periods import Kind, Period
from ..core.vocab import Frequency, IndicatorStatus
from ..inputs.registry import Indicator
from ..inputs.spcoptions import OVERLAPPING
from .calc import Calculator
from .model import IndicatorResult, Point
from .spc import RuleLengths, Sample, Settings, analyse

MAX_POINTS = 24


def applies(indicator: Indicator) -> bool:
    if not indicator.spc.enabled or indicator.status is not IndicatorStatus.LIVE:
        return False
    return indicator.frequency.reported_by_year_or_term or indicator.calculation.window not in OVERLAPPING


def spc_periods(row: IndicatorResult) -> tuple[Period, ...]:
    """The last :data:`MAX_POINTS` periods of the indicator's own frequency, up to the row's data."""
    match row.indicator.frequency:
        case Frequency.MONTHLY:
            last, step = Period(row.period.end, row.period.end, Kind.MONTH), 1
        case Frequency.QUARTERLY:
            last, step = (row.period if row.period.kind is Kind.QUARTER else row.data_period), 3
        case Frequency.ANNUAL:
            last, step = row.data_period, 12
        case Frequency.TERMLY:
            terms = [row.data_period]
            while len(terms) < MAX_POINTS:
                terms.insert(0, terms[0].previous())
            return tuple(terms)
        case _ as unreachable:
            assert_never(unreachable)
    return tuple(last.shifted(-step * n) for n in reversed(range(MAX_POINTS)))


def with_spc_series(row: IndicatorResult, calculator: Calculator) -> IndicatorResult:
    """The row with its SPC series (from its first figure on), or unchanged when SPC does not apply."""
    if not applies(row.indicator):
        return row
    points = [Point(p, calculator.figure_for_data_period(row.indicator, p)) for p in spc_periods(row)]
    first = next((n for n, p in enumerate(points) if p.figure.available or _withheld(p)), len(points))
    return replace(row, spc_series=tuple(points[first:]))


def with_spc(row: IndicatorResult) -> IndicatorResult:
    """The row with its SPC analysis: segments split at each rebase and each change of definition (figures
    counted another way are another process), icons from the latest segment."""
    if not applies(row.indicator) or not row.spc_series:
        return row
    options = row.indicator.spc
    starts = sorted({*options.rebase_starts, *(p.end + 1 for p in row.indicator.definition_changes)})
    segments: list[list[Sample]] = [[] for _ in range(len(starts) + 1)]
    for point in row.spc_series:
        figure = point.figure
        value = figure.value if figure.available else None
        segments[sum(1 for s in starts if s <= point.period.start)].append(
            Sample(point.period, value, _withheld(point))
        )
    settings = Settings(options.points, options.icons_from, options.screened, RuleLengths(options.trend, options.shift))
    found = analyse(segments, settings, row.indicator.polarity, row.target, options.baseline_end)
    return replace(row, spc=found)


def _withheld(point: Point) -> bool:
    return point.figure.status is Status.SUPPRESSED
