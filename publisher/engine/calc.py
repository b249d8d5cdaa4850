"""The calculation engine: registry + inputs + reporting period -> the Scorecard every output is drawn from.

Figures are calculated from the observations over each indicator's window, rated on the value as displayed,
compared with the indicator's comparator, and withheld when a public pack would disclose a small number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from typing import assert_never

from ..core.figures import Figure, Status, round_half_away
from ..core.periods import Kind, Period, month_index, split_index
from ..core.phrase import Sentence
from ..core.vocab import Audience, CompareWith, Frequency, IndicatorStatus, Unit, Window
from ..inputs.load import Inputs
from ..inputs.observations import Observation, Observations
from ..inputs.population import Population
from ..inputs.registry import Indicator
from .judgement import direction_of_travel, rag_for
from .model import IndicatorResult, Point

__all__ = ["window_of"]

log = logging.getLogger(__name__)

SPARKLINE_MONTHS = 13
RECENT_QUARTERS = 5
ANNUAL_HISTORY = 5
TERM_HISTORY = 6
# What a ratio of two series is multiplied by: per cent, per 10,000 children, or a plain average.
_SCALE = {
    Unit.PERCENTAGE: 100.0,
    Unit.RATE_PER_10K: 10_000.0,
    Unit.AVERAGE_DAYS: 1.0,
    Unit.AVERAGE: 1.0,
    Unit.COUNT: 1.0,
    Unit.SCORE: 1.0,
}


# -- figures over windows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Calculator:
    """Calculates any indicator's figure for any period from one set of inputs (one audience)."""

    observations: Observations
    population: Population
    audience: Audience = Audience.PUBLIC

    @cached_property
    def _index(self) -> dict[str, dict[Kind, dict[int, Observation]]]:
        """Observations by series, then by kind of period, then by the month index the period ends."""
        index: dict[str, dict[Kind, dict[int, Observation]]] = {}
        for (series, period), observation in self.observations.items.items():
            index.setdefault(series, {}).setdefault(period.kind, {})[period.end] = observation
        return index

    def figure(self, indicator: Indicator, period: Period) -> tuple[Figure, Period]:
        """The figure for a reporting ``period`` and the period of data it covers."""
        indicator = indicator.in_force(period)
        if indicator.status is IndicatorStatus.IN_DEVELOPMENT:
            return Figure.none(Status.IN_DEVELOPMENT, _said("in_development")), period
        window, snapshot = window_of(indicator, period)
        if indicator.frequency is Frequency.ANNUAL and not self._published_by(indicator, window):
            assert indicator.due_month is not None
            upcoming = window.shifted(12)
            due = _due_label(upcoming, indicator.due_month)
            return Figure.none(Status.NOT_DUE, _said("first_due", period=upcoming, due=due)), upcoming
        return self._calculate(indicator, window, snapshot=snapshot), window

    def _published_by(self, indicator: Indicator, year: Period) -> bool:
        """Whether an annual measure has any figure up to ``year``: a new measure is "not due" until then."""
        return any(end <= year.end for end in self._periods(indicator.calculation.main, Kind.YEAR))

    def figure_for_data_period(self, indicator: Indicator, data_period: Period) -> Figure:
        """The figure for a year of an annual or a term of a termly indicator, else for a reporting period."""
        indicator = indicator.in_force(data_period)
        if indicator.frequency.reported_by_year_or_term and indicator.status is IndicatorStatus.LIVE:
            first = min(self._index.get(indicator.calculation.main, {}).get(data_period.kind, {}), default=None)
            if first is None or data_period.end < first:
                return Figure.none(Status.NOT_APPLICABLE, _said("none_published", period=data_period))
            return self._calculate(indicator, data_period, snapshot=True)
        return self.figure(indicator, data_period)[0]

    def quarter_figure(self, indicator: Indicator, quarter: Period, reporting: Period) -> Figure:
        """A quarter column: an annual or termly figure appears only in the quarter it was published in.

        So a member never sees last year's figure repeated across four columns as if it were new each time.
        """
        if quarter.end > reporting.end:
            return Figure.none(Status.NOT_DUE, _said("future_quarter"))
        if indicator.frequency is Frequency.TERMLY and indicator.status is IndicatorStatus.LIVE:
            return self._term_in_quarter(indicator, quarter)
        figure, data_period = self.figure(indicator, quarter)
        if figure.status is Status.NOT_DUE or not indicator.frequency.reported_by_year_or_term:
            return figure
        released = data_period.end
        if indicator.frequency is Frequency.ANNUAL:
            assert indicator.due_month is not None
            released = _due_month_index(data_period, indicator.due_month)
        if not quarter.start <= released <= quarter.end:
            return Figure.none(Status.NOT_APPLICABLE, _said(f"no_new_figure.{indicator.frequency}"))
        return figure

    def _term_in_quarter(self, indicator: Indicator, quarter: Period) -> Figure:
        """The term reported in this quarter: by default the one ending in it, or as ``term_quarter`` says."""
        term = term_reported_in(indicator, quarter)
        if term is None:
            return Figure.none(Status.NOT_APPLICABLE, _said(f"no_new_figure.{Frequency.TERMLY}"))
        return self.figure_for_data_period(indicator, term)

    def _periods(self, series: str, kind: Kind) -> list[int]:
        return sorted(self._index.get(series, {}).get(kind, {}))

    def _calculate(self, indicator: Indicator, window: Period, *, snapshot: bool) -> Figure:
        indicator = indicator.in_force(window)  # an annual figure for an earlier year: that year's definition
        calc = indicator.calculation
        if calc.value is not None:
            return self._ready_made(indicator, window)
        assert calc.numerator is not None
        numerator = self._aggregate(calc.numerator, window, snapshot, mean=indicator.unit is Unit.SCORE)
        if not numerator.available:
            return numerator
        assert numerator.value is not None
        if indicator.unit in (Unit.COUNT, Unit.SCORE):
            return self._disclosure(indicator, Figure.of(numerator.value, numerator.value, None), [numerator.value])
        if indicator.unit is Unit.RATE_PER_10K and calc.population:
            population = self.population.for_period(window)
            if population is None:
                year = window.containing_financial_year()
                return Figure.none(Status.MISSING, _said("no_population", year=year))
            scale = 1 if snapshot else 12 / window.months
            rate_value = numerator.value * 10_000 * scale / population
            return self._disclosure(indicator, Figure.of(rate_value, numerator.value, population), [numerator.value])
        assert calc.denominator is not None
        denominator = self._aggregate(calc.denominator, window, snapshot, mean=False)
        if not denominator.available:
            return denominator
        assert denominator.value is not None
        if denominator.value == 0:
            return Figure.none(Status.NOT_APPLICABLE, _said("no_cases"))
        # 41 * 100 / 80 is exactly 51.25; 41 / 80 * 100 is not
        value = numerator.value * _SCALE[indicator.unit] / denominator.value
        counts = _ratio_counts(indicator.unit, numerator.value, denominator.value)
        return self._disclosure(indicator, Figure.of(value, numerator.value, denominator.value), counts)

    def _ready_made(self, indicator: Indicator, window: Period) -> Figure:
        """A figure the council supplies: the value for the period as given; its base, if named, is checked."""
        calc = indicator.calculation
        assert calc.value is not None
        found = self.ready_observation(indicator, calc.value, window)
        if isinstance(found, Figure):
            return found
        value = found.value or 0.0
        counts: list[float | None] = [value] if indicator.unit is Unit.COUNT else []
        if calc.base is not None:
            base = self.ready_observation(indicator, calc.base, window)
            if isinstance(base, Figure):
                return base
            counts += _base_counts(indicator.unit, value, base.value or 0.0)
        return self._disclosure(indicator, Figure.of(value), counts)

    def ready_observation(self, indicator: Indicator, series: str, window: Period) -> Observation | Figure:
        """The observation a ready-made figure for ``window`` is: the period's own, never months added up."""
        if indicator.calculation.window is not Window.PERIOD and not indicator.frequency.reported_by_year_or_term:
            found = self.gather(series, Period(window.end, window.end, Kind.MONTH), snapshot=True)
            return found[0] if isinstance(found, list) else found
        observation = self._index.get(series, {}).get(window.kind, {}).get(window.end)
        if observation is None or observation.period != window:
            return Figure.none(
                Status.MISSING,
                _said("missing", period=window),
                f"in '{series}' (a figure supplied ready-made is taken for its own period, "
                "never added up from months: give the period's figure, or use window: snapshot)",
            )
        usable = _usable([observation])
        return usable[0] if isinstance(usable, list) else usable

    @cached_property
    def _aggregated(self) -> dict[tuple[str, Period, bool, bool], Figure]:
        """What :meth:`_aggregate` found, by its arguments: a row's columns, its sparkline and its SPC series, and
        the indicators sharing a series, ask for the same windows."""
        return {}

    def _aggregate(self, series: str, window: Period, snapshot: bool, mean: bool) -> Figure:
        """Sum (or take the last value, or the mean) of a series over the window, or say why there is none."""
        key = (series, window, snapshot, mean)
        found = self._aggregated.get(key)
        if found is None:
            found = self._aggregated[key] = self._total(series, window, snapshot, mean)
        return found

    def _total(self, series: str, window: Period, snapshot: bool, mean: bool) -> Figure:
        found = self.gather(series, window, snapshot)
        if isinstance(found, Figure):
            return found
        values = [o.value or 0.0 for o in found]
        return Figure.of(sum(values) / len(values) if mean else sum(values))

    @cached_property
    def _gathered(self) -> dict[tuple[str, Period, bool], list[Observation] | Figure]:
        """What :meth:`gather` found, by its arguments: the figures and then disclosure control ask for the same
        observations (an SPC series' months, twice each)."""
        return {}

    def gather(self, series: str, window: Period, snapshot: bool) -> list[Observation] | Figure:
        """The observations a figure over ``window`` adds up (one, for a snapshot), or why there is no figure.
        The list is shared between callers: read it, never change it."""
        key = (series, window, snapshot)
        found = self._gathered.get(key)
        if found is None:
            found = self._gathered[key] = self._gather(series, window, snapshot)
        return found

    def _gather(self, series: str, window: Period, snapshot: bool) -> list[Observation] | Figure:
        kinds = self._index.get(series, {})
        if not kinds:
            return Figure.none(Status.MISSING, _said("not_supplied"), f"(no data for series '{series}')")
        if snapshot:
            for kind in (Kind.MONTH, Kind.QUARTER, Kind.TERM, Kind.YEAR):
                found = kinds.get(kind, {}).get(window.end)
                if found is not None:
                    return _usable([found])
            return Figure.none(Status.MISSING, _said("missing", period=Period(window.end, window.end, Kind.MONTH)))
        kind = Kind.MONTH if Kind.MONTH in kinds else Kind.QUARTER if Kind.QUARTER in kinds else next(iter(kinds))
        step = {Kind.MONTH: 1, Kind.QUARTER: 3, Kind.YEAR: 12}.get(kind)
        if step is None or window.months % step:
            detail = f"('{series}' is {kind} data and cannot fill it)"
            return Figure.none(Status.MISSING, _said("missing", period=window), detail)
        observations = []
        for end in range(window.start + step - 1, window.end + 1, step):
            found = kinds[kind].get(end)
            if found is None:
                label = Period(end - step + 1, end, kind).label if kind is not Kind.MONTH else Period(end, end, kind)
                return Figure.none(Status.MISSING, _said("missing", period=label))
            observations.append(found)
        return _usable(observations)

    def _disclosure(self, indicator: Indicator, figure: Figure, counts: list[float | None]) -> Figure:
        """Withhold, in public packs, a figure resting on a count of children from 1 to the threshold."""
        threshold = indicator.small_number_threshold
        # Fail closed: anything but an explicit restricted audience is treated as public.
        if self.audience == Audience.RESTRICTED or threshold == 0 or indicator.unit is Unit.SCORE:
            return figure
        if any(c is not None and 1 <= c <= threshold for c in counts):
            return Figure.none(Status.SUPPRESSED, _said("small_number", threshold=threshold))
        return figure


def _ratio_counts(unit: Unit, numerator: float, denominator: float) -> list[float | None]:
    """The counts a calculated ratio rests on: a percentage's children counted and those not (114 of 117 would
    disclose the other 3); a rate's or an average's numerator and denominator (the exports print both)."""
    if unit is Unit.PERCENTAGE:
        return [numerator, denominator, denominator - numerator]
    return [numerator, denominator]


def _base_counts(unit: Unit, value: float, base: float) -> list[float | None]:
    """The counts a ready-made figure over ``base`` rests on; a percentage's children are worked back from it."""
    if unit is not Unit.PERCENTAGE:
        return [base]
    counted = round_half_away(value * base / 100, 0)
    return [counted, base, base - counted]


def _usable(observations: list[Observation]) -> list[Observation] | Figure:
    """The observations, or the reason the first one without a value gives (a code such as 'c' or 'x')."""
    for observation in observations:
        if observation.value is None:
            note = _said("as_supplied", period=observation.period, note=observation.note)
            return Figure.none(observation.status, note)
    return observations


def _said(name: str, **values: object) -> Sentence:
    """Why there is no figure, in a member's words: the catalogue's ``explain.figure`` sentence ``name``."""
    return Sentence.of(f"explain.figure.{name}", **values)


def window_of(indicator: Indicator, period: Period) -> tuple[Period, bool]:
    """The months (or the year, or the term) a figure for ``period`` covers, and whether it is a snapshot.

    A year or a term given to an annual or termly measure is its own; a reporting period takes the latest one
    published by then.
    """
    match indicator.frequency:
        case Frequency.ANNUAL:
            assert indicator.due_month is not None
            due = period if period.kind is Kind.YEAR else _latest_due_year(period.end, indicator.due_month)
            return due, True
        case Frequency.TERMLY:
            return (period if period.kind is Kind.TERM else _latest_term(period.end)), True
        case Frequency.MONTHLY | Frequency.QUARTERLY:
            return _window(indicator.calculation.window, period), indicator.calculation.window is Window.SNAPSHOT
        case _ as unreachable:
            assert_never(unreachable)


def _window(window: Window, period: Period) -> Period:
    """The months a figure for ``period`` covers."""
    match window:
        case Window.PERIOD:
            return period
        case Window.ROLLING_12M:
            return period.months_ending(12)
        case Window.ROLLING_6M:
            return period.months_ending(6)
        case Window.YTD:
            return period.year_to_date()
        case Window.SNAPSHOT:
            return Period(period.end, period.end, Kind.MONTH)
        case _ as unreachable:
            assert_never(unreachable)


def _due_month_index(year: Period, due_month: int) -> int:
    """The first ``due_month`` after the financial year ends."""
    after = year.end + 1
    y, m = split_index(after)
    return month_index(y if due_month >= m else y + 1, due_month)


def term_reported_in(indicator: Indicator, quarter: Period) -> Period | None:
    """The term whose figure a quarter's column shows: the one ending in it, or as ``term_quarter`` says."""
    latest = _latest_term(quarter.end)
    for term in (latest.previous().previous(), latest.previous(), latest):
        wanted = {str(k): v for k, v in indicator.term_quarter.items()}.get(term.label.split(" ")[0])
        released = term.end if wanted is None else _next_quarter_end(term.end, int(wanted[1]))
        if quarter.start <= released <= quarter.end:
            return term
    return None


def _next_quarter_end(end: int, number: int) -> int:
    """The end of the first financial quarter ``number`` (Q1 = April-June) that ends at or after ``end``."""
    fy = Period(end, end, Kind.MONTH).fy_start_year
    candidates = [Period.quarter(year, number).end for year in (fy - 1, fy, fy + 1)]
    return min(e for e in candidates if e >= end)


def _due_label(year: Period, due_month: int) -> str:
    index = _due_month_index(year, due_month)
    return Period(index, index, Kind.MONTH).label


def _latest_due_year(end: int, due_month: int) -> Period:
    year = Period(end, end, Kind.MONTH).containing_financial_year()
    while _due_month_index(year, due_month) > end:
        year = year.shifted(-12)
    return year


def _latest_term(end: int) -> Period:
    year = split_index(end)[0]
    candidates = [Period.term(name, y) for y in (year - 1, year) for name in ("Spring", "Summer", "Autumn")]
    return max(t for t in candidates if t.end <= end)


# -- direction, rating and the scorecard ------------------------------------------------------------------


def _reporting_previous(indicator: Indicator, period: Period, data_period: Period) -> Period:
    match indicator.frequency:
        case Frequency.ANNUAL:
            return data_period.shifted(-12)
        case Frequency.TERMLY:
            return data_period.previous()
        case Frequency.MONTHLY | Frequency.QUARTERLY:
            return period.previous()
        case _ as unreachable:
            assert_never(unreachable)


def calculate_row(calculator: Calculator, indicator: Indicator, period: Period, inputs: Inputs) -> IndicatorResult:
    headline, data_period = calculator.figure(indicator, period)
    previous_period = _reporting_previous(indicator, period, data_period)
    previous = Point(previous_period, calculator.figure_for_data_period(indicator, previous_period))
    last_year_period = period.shifted(-12) if indicator.frequency is Frequency.MONTHLY else data_period.shifted(-12)
    last_year = Point(last_year_period, calculator.figure_for_data_period(indicator, last_year_period))
    outturn_year = period.containing_financial_year().shifted(-12)
    # An annual measure's outturn is that year's own figure, not the latest one due by the year's end.
    outturn_figure = (
        calculator.figure_for_data_period(indicator, outturn_year)
        if indicator.frequency is Frequency.ANNUAL
        else calculator.figure(indicator, outturn_year)[0]
    )
    outturn = Point(outturn_year, outturn_figure)
    comparator = last_year if indicator.compare_with is CompareWith.SAME_PERIOD_LAST_YEAR else previous
    # An annual or termly figure is judged against the target of the year it belongs to.
    target = indicator.target_for(data_period if indicator.frequency.reported_by_year_or_term else period)
    recent = _recent_quarters(period, RECENT_QUARTERS)
    # The recent quarters and the year's quarters overlap: each quarter is calculated once.
    quarters = {
        q: Point(q, calculator.quarter_figure(indicator, q, period)) for q in {*recent, *period.quarters_of_year()}
    }
    baseline = None
    if indicator.baseline is not None:
        baseline = Point(Period.parse(indicator.baseline.period), Figure.of(indicator.baseline.value))
    return IndicatorResult(
        indicator=indicator,
        period=period,
        headline=headline,
        data_period=data_period,
        target=target,
        rag=rag_for(indicator, headline, target, comparator),
        direction=direction_of_travel(indicator, headline, comparator),
        previous=previous,
        same_period_last_year=last_year,
        outturn_last_year=outturn,
        baseline=baseline,
        history=_from_first_publication(
            [Point(p, calculator.figure_for_data_period(indicator, p)) for p in history_periods(indicator, period)]
        ),
        recent=tuple(quarters[q] for q in recent),
        year_quarters=tuple(quarters[q] for q in period.quarters_of_year()),
        commentary=inputs.commentary.for_indicator(period, indicator.reference),
        benchmarks=inputs.benchmarks.for_indicator(indicator),
    )


def _from_first_publication(points: list[Point]) -> tuple[Point, ...]:
    """Drop the years or terms before a measure was first published, so they are not drawn as gaps."""
    while len(points) > 1 and points[0].figure.status is Status.NOT_APPLICABLE:
        points = points[1:]
    return tuple(points)


def history_periods(indicator: Indicator, period: Period) -> tuple[Period, ...]:
    """The periods a sparkline shows: 13 months (rolling, snapshot and year-to-date figures month by month),
    8 quarters (quarterly data and figures for the period), 6 terms or 5 years, up to ``period``."""
    match indicator.frequency:
        case Frequency.ANNUAL:
            assert indicator.due_month is not None
            last = _latest_due_year(period.end, indicator.due_month)
            return tuple(last.shifted(-12 * n) for n in reversed(range(ANNUAL_HISTORY)))
        case Frequency.TERMLY:
            terms = [_latest_term(period.end)]
            while len(terms) < TERM_HISTORY:
                terms.insert(0, terms[0].previous())
            return tuple(terms)
        case Frequency.QUARTERLY:
            return _recent_quarters(period, 8)
        case Frequency.MONTHLY if indicator.calculation.window is Window.PERIOD:
            return _recent_quarters(period, 8)  # a quarter's figure, as the table shows it, not single months
        case Frequency.MONTHLY:
            return tuple(Period(m, m, Kind.MONTH) for m in range(period.end - SPARKLINE_MONTHS + 1, period.end + 1))
        case _ as unreachable:
            assert_never(unreachable)


def _recent_quarters(period: Period, count: int) -> tuple[Period, ...]:
    last = Period.quarter(period.fy_start_year, (period.end - month_index(period.fy_start_year, 4)) // 3 + 1)
    return tuple(last.shifted(-3 * n) for n in reversed(range(count)))
