"""Disclosure control: no count of 1 to the threshold can be worked out from what public packs publish.

Primary suppression (in :mod:`calc`) withholds a figure whose own count is small. That is not enough: a total
and all but one of its parts give the last part by subtraction; consecutive year-to-date figures give the month
between them; a year and three of its quarters give the fourth. So this pass treats every count a public pack
shows as a linear equation. Each figure rests on counts of children (a count; a percentage's numerator and
denominator; a rate's numerator; an average's number of cases), each count is a sum of observations (one
series' months, quarters or years), and the registry's ``total_of`` says which series add up to which, at any
depth. A count is *recoverable* when its equation is a combination of published ones.

Protected are the counts of 1 to the threshold: each withheld figure's count (and, for a percentage, the
children not counted), each observation, and each run of a series' months within a financial year. While one is
recoverable, the smallest non-zero published figure taking part in recovering it is withheld too. A change
between two snapshots is a net change, not a count of children, so it is not protected. The pass runs over
every indicator in the registry, so every public pack withholds the same figures.

What earlier public packs of the project published (:class:`Published`, read from the archive by the publish
stage and handed in as plain values) joins the equations as figures that can no longer be withheld: so nothing
withheld now can be worked out by combining this pack with any earlier one (last quarter's year to date of 7
beside this quarter's 12 gives the 5 between them). A figure withheld only because of them says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import assert_never

from ..core.figures import Figure, Status
from ..core.periods import Kind, Period, financial_year_start
from ..core.phrase import Sentence
from ..core.vocab import Frequency, Unit, Window
from ..inputs.observations import Observation
from ..inputs.registry import Indicator
from .calc import Calculator, term_reported_in, window_of
from .judgement import direction_of_travel, rag_for
from .model import IndicatorResult, Point
from .withholding import Atom, Count, FigureKey, Vector, atom_order, components, key_of, withhold_until_safe

__all__ = ["NOTHING_PUBLISHED", "EarlierFigure", "Published"]

log = logging.getLogger(__name__)
# A figure withheld so that a small number cannot be worked out from other figures, or from them and what earlier
# packs published: its reason is the catalogue's ``withheld`` sentence, which the output stage words.
COMPLEMENT = Figure.none(Status.SUPPRESSED, Sentence.of("withheld.complement"))
ACROSS_PACKS = Figure.none(Status.SUPPRESSED, Sentence.of("withheld.across_packs"))
MONTHS_OF = " (month by month)"  # marks the unknown months under a ready-made year-to-date or rolling figure
Written = dict[tuple[str, Period, bool], Count]  # the count of a series over a window (snapshot or not)


@dataclass(frozen=True)
class EarlierFigure:
    """A figure an earlier public pack showed, or withheld (as a small number, or so that one could not be worked
    out): an indicator's, for the period it was shown for (a column, the headline's data period, a point of the
    sparkline or of the SPC chart)."""

    reference: str
    period: Period
    definition: Indicator | None = None  # as that pack's registry defined it; None: as today's registry does
    shown: bool = True  # False: withheld there, so protected here too when its count is small


@dataclass(frozen=True)
class Published:
    """What earlier public packs of the project showed, every pack, period and version of them (restricted packs
    never count): figures that can no longer be withheld, and those they withheld. ``versions`` names each
    version found, read or not."""

    figures: tuple[EarlierFigure, ...] = ()
    versions: tuple[str, ...] = ()


NOTHING_PUBLISHED = Published()


@dataclass(frozen=True)
class Thresholds:
    """The small-number threshold of each series counted: the highest of the indicators that count it."""

    by_series: dict[str, int]
    highest: int

    def could_be_small(self, value: float) -> bool:
        """Whether a count of ``value`` is small for some series: most are not, and need no more looking at."""
        return 1 <= value <= self.highest

    def small(self, count: Count) -> bool:
        if not self.could_be_small(count.value):
            return False
        series = {name.removesuffix(MONTHS_OF) for name, _ in count.vector}
        threshold = max((self.by_series.get(name, 0) for name in series), default=0)
        return count.value <= threshold and any(count.vector.values())


def protect(
    rows: tuple[IndicatorResult, ...], calculator: Calculator, earlier: Published = NOTHING_PUBLISHED
) -> tuple[IndicatorResult, ...]:
    """The rows with every figure withheld that would let a small count be worked out (public packs only), from
    these rows alone or together with what ``earlier`` public packs published."""
    by_series: dict[str, int] = {}
    for row in (d for r in rows for d in _definitions(r)):
        for series in _counted_series(row.indicator):
            by_series[series] = max(by_series.get(series, 0), row.indicator.small_number_threshold)
    thresholds = Thresholds(by_series, max(by_series.values(), default=0))
    published: dict[FigureKey, list[Count]] = {}
    protected: list[Count] = []
    cumulative: list[Count] = []
    counted: dict[tuple[str, Period], tuple[Period, list[Count]]] = {}  # by reference and period, as today defined
    written: Written = {}

    def today(indicator: Indicator, period: Period) -> tuple[Period, list[Count]]:
        if (found := counted.get((indicator.reference, period))) is None:
            found = counted[(indicator.reference, period)] = _counts(indicator, period, calculator, written)
        return found

    for row in rows:
        ready_made = any(d.indicator.calculation.ready_made for d in _definitions(row))  # months unknown
        seen: set[Period] = set()  # a period shown twice (a column and the sparkline) rests on the same counts
        for point in row.shown_points():
            window, counts = today(row.indicator, point.period)
            if point.figure.available:
                published[(row.indicator.reference, window)] = counts
            if point.period in seen:
                continue
            seen.add(point.period)
            protected += [c for c in _with_complement(row.indicator, counts) if thresholds.small(c)]
            if ready_made:
                cumulative += [c for c in counts if any(series.endswith(MONTHS_OF) for series, _ in c.vector)]
    before, hidden = _earlier_counts(rows, earlier, calculator, today, written)
    protected += [c for c in hidden if thresholds.small(c)]
    cumulative += [c for c in before if any(series.endswith(MONTHS_OF) for series, _ in c.vector)]
    known = {key_of(c.vector): c.vector for c in before if c.vector}
    # A figure an earlier pack published already is out: withholding it here would hide nothing.
    published = {key: counts for key, counts in published.items()
                 if not known or not counts or not all(key_of(c.vector) in known for c in counts)}  # fmt: skip
    atoms = {atom for counts in published.values() for count in counts for atom in count.vector}
    atoms |= {atom for count in protected for atom in count.vector}
    atoms |= {atom for vector in known.values() for atom in vector}
    protected += [c for c in _differences(cumulative) if thresholds.small(c)]
    defined = [d for r in rows for d in _definitions(r)]
    flows = {s for row in defined if row.indicator.calculation.window is not Window.SNAPSHOT
             for s in _counted_series(row.indicator)}  # fmt: skip
    protected += _small_natural_sums(atoms, flows, calculator, thresholds)
    relations = [*_relations(rows, atoms), *_period_sums(atoms, flows, calculator)]
    protected = list({key_of(c.vector): c for c in protected}.values())
    withheld: dict[FigureKey, bool] = {}
    for part in components(published, protected, relations, list(known.values())):
        withheld |= withhold_until_safe(*part)
    if withheld:
        log.info("disclosure: %d more figures withheld so that no small count can be worked out", len(withheld))
    if across := sum(withheld.values()):
        log.info("disclosure: %d of them because of what earlier public packs published", across)
    return tuple(_apply(row, {w: across_packs for (ref, w), across_packs in withheld.items()
                              if ref == row.indicator.reference}) for row in rows)  # fmt: skip


def _earlier_counts(
    rows: tuple[IndicatorResult, ...],
    earlier: Published,
    calculator: Calculator,
    today: Callable[[Indicator, Period], tuple[Period, list[Count]]],
    written: Written,
) -> tuple[list[Count], list[Count]]:
    """The counts of children each figure earlier public packs showed rests on, and those of each figure they
    withheld (with a percentage's children not counted), under the definition it was published under, over
    today's data (a figure since revised is taken as the same sum of observations). ``today`` counts a figure
    under today's definition (remembering those the pack itself shows)."""
    registry = {row.indicator.reference: row.indicator for row in rows}
    shown: list[Count] = []
    withheld: list[Count] = []
    for figure in earlier.figures:
        indicator = figure.definition or registry.get(figure.reference)
        if indicator is None:
            continue
        if figure.definition is None:
            counts = today(indicator, figure.period)[1]
        else:
            counts = _counts(indicator, figure.period, calculator, written)[1]
        if figure.shown:
            shown += counts
        else:
            withheld += _with_complement(indicator, counts)
    return shown, withheld


def _definitions(row: IndicatorResult) -> list[IndicatorResult]:
    """The row under its current definition and each earlier one (``history``), whose series count too."""
    earlier = [replace(row, indicator=row.indicator.in_force(e.period)) for e in row.indicator.history]
    return [row, *earlier]


def _counted_series(indicator: Indicator) -> list[str]:
    """The series of the counts of children an indicator's figures rest on (see
    :func:`calc.Calculator._disclosure`)."""
    calc = indicator.calculation
    if calc.value is not None:  # ready-made: itself when it is a count, and its base
        return [s for s in (calc.value if indicator.unit is Unit.COUNT else None, calc.base) if s]
    assert calc.numerator is not None
    match indicator.unit:
        case Unit.COUNT:
            return [calc.numerator]
        case Unit.PERCENTAGE | Unit.AVERAGE | Unit.AVERAGE_DAYS | Unit.RATE_PER_10K:
            return [calc.numerator, *([calc.denominator] if calc.denominator else [])]
        case Unit.SCORE:
            return []
        case _ as unreachable:
            assert_never(unreachable)


def _shown_window(indicator: Indicator, period: Period) -> tuple[Period, bool]:
    """The window of the figure a row shows for ``period``: a termly measure's quarter column shows the term
    reported in that quarter (see ``term_quarter``), not the latest term ended by it."""
    if indicator.frequency is Frequency.TERMLY and period.kind is Kind.QUARTER:
        term = term_reported_in(indicator, period)
        if term is not None:
            return term, True
    return window_of(indicator, period)


def _counts(
    indicator: Indicator, period: Period, calculator: Calculator, written: Written
) -> tuple[Period, list[Count]]:
    """The window an indicator's figure for ``period`` covers, and the counts of children it rests on (each sum of
    observations written once in ``written``: indicators sharing a series rest on the same)."""
    if indicator.history:  # the definition in force for that period
        indicator = indicator.in_force(period)
    window, snapshot = _shown_window(indicator, period)
    counts = []
    for series in _counted_series(indicator):
        if indicator.calculation.ready_made:
            ready = calculator.ready_observation(indicator, series, window)
            if isinstance(ready, Figure):
                return window, []
            counts.append(_ready_count(indicator, series, window, ready))
            continue
        found = calculator.gather(series, window, snapshot)
        if isinstance(found, Figure):
            return window, []  # no figure, so nothing published or withheld rests on these observations
        if (count := written.get((series, window, snapshot))) is None:
            count = written[(series, window, snapshot)] = _count(found)
        counts.append(count)
    return window, counts


def _ready_count(indicator: Indicator, series: str, window: Period, found: Observation) -> Count:
    """A ready-made count as an equation: one observation; or, for a year-to-date or rolling figure, the sum of
    its months (unknown, but two year-to-date figures still give the months between them by subtraction)."""
    cumulative = indicator.calculation.window in (Window.YTD, Window.ROLLING_12M, Window.ROLLING_6M)
    if not cumulative or indicator.frequency.reported_by_year_or_term:
        return _count([found])
    return Count({(series + MONTHS_OF, m): 1.0 for m in window.month_periods()}, found.value or 0.0)


def _differences(counts: Iterable[Count]) -> Iterator[Count]:
    """The months between two ready-made cumulative figures of a series (a year to date within another)."""
    by_series: dict[str, dict[tuple[Atom, ...], Count]] = {}
    for c in counts:  # compared within a series only: pairs across series share no month
        by_series.setdefault(next(iter(c.vector))[0], {})[tuple(sorted(c.vector, key=atom_order))] = c
    for found in by_series.values():
        for first in found.values():
            for second in found.values():
                if first.vector.keys() < second.vector.keys():
                    between = {atom: 1.0 for atom in second.vector.keys() - first.vector.keys()}
                    yield Count(between, second.value - first.value)


def _count(observations: Iterable[Observation]) -> Count:
    vector: Vector = {}
    for o in observations:
        vector[(o.series, o.period)] = vector.get((o.series, o.period), 0.0) + 1.0
    return Count(vector, sum(o.value or 0.0 for o in observations))


def _with_complement(indicator: Indicator, counts: list[Count]) -> list[Count]:
    """A percentage's counts plus the children it does not count (114 of 117 discloses the other 3)."""
    if indicator.unit is not Unit.PERCENTAGE or len(counts) != 2:
        return counts
    numerator, denominator = counts
    difference = dict(denominator.vector)
    for atom, weight in numerator.vector.items():
        difference[atom] = difference.get(atom, 0.0) - weight
    return [*counts, Count(difference, denominator.value - numerator.value)]


def _small_natural_sums(
    atoms: set[Atom], flows: set[str], calculator: Calculator, thresholds: Thresholds
) -> list[Count]:
    """The small ones among each observation and each run of a flow's months (or quarters) within a financial
    year (a quarter, the year so far, May to August...): counts in their own right, which differences of
    published totals can give. (Months of a snapshot, children at the end of each month, do not add up to a count
    of children.) An equation is written out only when its total could be small: most are not."""
    items = calculator.observations.items
    found = [items[a] for a in sorted(atoms, key=atom_order) if a in items]
    sums = [_count([o]) for o in found if thresholds.could_be_small(o.value or 0.0)]
    for kind, step in ((Kind.MONTH, 1), (Kind.QUARTER, 3)):  # runs of months, or of quarters where data come so
        spans = {(o.series, o.period.end): o for o in found if o.period.kind is kind and o.series in flows}
        for series, first in sorted(spans):
            run = [spans[(series, first)]]
            total = run[0].value or 0.0
            while (following := spans.get((series, run[-1].period.end + step))) and following.period.start != (
                financial_year_start(following.period.end)
            ):
                run.append(following)
                total += following.value or 0.0
                if thresholds.could_be_small(total):
                    sums.append(_count(run))
    return [c for c in sums if thresholds.small(c)]


def _relations(rows: tuple[IndicatorResult, ...], atoms: set[Atom]) -> Iterator[Vector]:
    """What the registry says adds up: a total's observation equals the sum of its parts' for the same period."""
    by_reference = {r.indicator.reference: r.indicator for r in rows}
    periods = {period for _, period in atoms}
    for row in rows:
        parts = [by_reference[ref] for ref in row.indicator.total_of if ref in by_reference]
        if not parts or len(parts) != len(row.indicator.total_of):
            continue
        total = row.indicator.calculation.main
        for period in sorted(periods, key=lambda p: (p.end, p.start)):
            relation: Vector = {(total, period): 1.0}
            for part in parts:
                key = (part.calculation.main, period)
                relation[key] = relation.get(key, 0.0) - 1.0
            yield relation


def _period_sums(atoms: set[Atom], flows: set[str], calculator: Calculator) -> Iterator[Vector]:
    """What a council's own figures say adds up: a year of a flow is its four quarters, a quarter its three
    months, where the data give both (figures supplied ready-made for each)."""
    items = calculator.observations.items
    for series, period in sorted(atoms, key=atom_order):
        if series not in flows or period.kind not in (Kind.YEAR, Kind.QUARTER):
            continue
        kind, step = (Kind.QUARTER, 3) if period.kind is Kind.YEAR else (Kind.MONTH, 1)
        ends = range(period.start + step - 1, period.end + 1, step)
        parts = [(series, Period(end - step + 1, end, kind)) for end in ends]
        if all(part in items for part in parts):
            yield {(series, period): 1.0, **{part: -1.0 for part in parts}}


def _apply(row: IndicatorResult, windows: dict[Period, bool]) -> IndicatorResult:
    """The row with every figure over a withheld window (in any column or the sparkline) withheld, saying why:
    ``windows`` tells, for each, whether only figures earlier packs published made it necessary."""
    if not windows:
        return row

    def hide(point: Point) -> Point:
        across = windows.get(_shown_window(row.indicator, point.period)[0])
        return point if across is None else Point(point.period, ACROSS_PACKS if across else COMPLEMENT)

    changed = row.with_points(hide)
    return replace(
        changed,
        rag=rag_for(row.indicator, changed.headline, row.target, changed.comparator),
        direction=direction_of_travel(row.indicator, changed.headline, changed.comparator),
    )
