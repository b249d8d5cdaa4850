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
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import assert_never

import numpy as np

from ..core.figures import Figure, Status
from ..core.periods import Kind, Period
from ..core.vocab import Frequency, Unit, Window
from ..inputs.observations import Observation
from .calc import Calculator, term_reported_in, window_of
from .judgement import direction_of_travel, rag_for
from .model import IndicatorResult, Point

log = logging.getLogger(__name__)
COMPLEMENT = Figure.none(
    Status.SUPPRESSED, "withheld so that a small number cannot be worked out by adding or subtracting other figures"
)
Atom = tuple[str, Period]  # one observation: its series and period
MONTHS_OF = " (month by month)"  # marks the unknown months under a ready-made year-to-date or rolling figure
Vector = dict[Atom, float]  # a count as a sum of observations (a difference, for the children not counted)
FigureKey = tuple[str, Period]  # an indicator's figure for a period: (reference, period)
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Count:
    vector: Vector
    value: float


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


def protect(rows: tuple[IndicatorResult, ...], calculator: Calculator) -> tuple[IndicatorResult, ...]:
    """The rows with every figure withheld that would let a small count be worked out (public packs only)."""
    by_series: dict[str, int] = {}
    for row in (d for r in rows for d in _definitions(r)):
        for series in _counted_series(row):
            by_series[series] = max(by_series.get(series, 0), row.indicator.small_number_threshold)
    thresholds = Thresholds(by_series, max(by_series.values(), default=0))
    published: dict[FigureKey, list[Count]] = {}
    protected: list[Count] = []
    cumulative: list[Count] = []
    for row in rows:
        ready_made = any(d.indicator.calculation.ready_made for d in _definitions(row))  # months unknown
        for point in row.shown_points():
            window, counts = _counts(row, point.period, calculator)
            if point.figure.available:
                published[(row.indicator.reference, window)] = counts
            protected += [c for c in _with_complement(row, counts) if thresholds.small(c)]
            if ready_made:
                cumulative += [c for c in counts if any(series.endswith(MONTHS_OF) for series, _ in c.vector)]
    atoms = {atom for counts in published.values() for count in counts for atom in count.vector}
    atoms |= {atom for count in protected for atom in count.vector}
    protected += [c for c in _differences(cumulative) if thresholds.small(c)]
    defined = [d for r in rows for d in _definitions(r)]
    flows = {s for row in defined if row.indicator.calculation.window is not Window.SNAPSHOT
             for s in _counted_series(row)}  # fmt: skip
    protected += _small_natural_sums(atoms, flows, calculator, thresholds)
    relations = [*_relations(rows, atoms), *_period_sums(atoms, flows, calculator)]
    protected = list({tuple(sorted(c.vector.items(), key=lambda i: _atom_order(i[0]))): c for c in protected}.values())
    withheld: set[FigureKey] = set()
    for part in _components(published, protected, relations):
        withheld |= _withhold_until_safe(*part)
    if withheld:
        log.info("disclosure: %d more figures withheld so that no small count can be worked out", len(withheld))
    return tuple(_apply(row, {w for ref, w in withheld if ref == row.indicator.reference}) for row in rows)


def _definitions(row: IndicatorResult) -> list[IndicatorResult]:
    """The row under its current definition and each earlier one (``history``), whose series count too."""
    earlier = [replace(row, indicator=row.indicator.in_force(e.period)) for e in row.indicator.history]
    return [row, *earlier]


def _counted_series(row: IndicatorResult) -> list[str]:
    """The series of the counts of children a row's figures rest on (see :func:`calc.Calculator._disclosure`)."""
    calc = row.indicator.calculation
    if calc.value is not None:  # ready-made: itself when it is a count, and its base
        return [s for s in (calc.value if row.indicator.unit is Unit.COUNT else None, calc.base) if s]
    assert calc.numerator is not None
    match row.indicator.unit:
        case Unit.COUNT:
            return [calc.numerator]
        case Unit.PERCENTAGE | Unit.AVERAGE | Unit.AVERAGE_DAYS | Unit.RATE_PER_10K:
            return [calc.numerator, *([calc.denominator] if calc.denominator else [])]
        case Unit.SCORE:
            return []
        case _ as unreachable:
            assert_never(unreachable)


def _shown_window(row: IndicatorResult, period: Period) -> tuple[Period, bool]:
    """The window of the figure a row shows for ``period``: a termly measure's quarter column shows the term
    reported in that quarter (see ``term_quarter``), not the latest term ended by it."""
    if row.indicator.frequency is Frequency.TERMLY and period.kind is Kind.QUARTER:
        term = term_reported_in(row.indicator, period)
        if term is not None:
            return term, True
    return window_of(row.indicator, period)


def _counts(row: IndicatorResult, period: Period, calculator: Calculator) -> tuple[Period, list[Count]]:
    """The window the row's figure for ``period`` covers, and the counts of children it rests on."""
    if row.indicator.history:  # the definition in force for that period
        row = replace(row, indicator=row.indicator.in_force(period))
    window, snapshot = _shown_window(row, period)
    counts = []
    for series in _counted_series(row):
        if row.indicator.calculation.ready_made:
            ready = calculator.ready_observation(row.indicator, series, window)
            if isinstance(ready, Figure):
                return window, []
            counts.append(_ready_count(row, series, window, ready))
            continue
        found = calculator.gather(series, window, snapshot)
        if isinstance(found, Figure):
            return window, []  # no figure, so nothing published or withheld rests on these observations
        counts.append(_count(found))
    return window, counts


def _ready_count(row: IndicatorResult, series: str, window: Period, found: Observation) -> Count:
    """A ready-made count as an equation: one observation; or, for a year-to-date or rolling figure, the sum of
    its months (unknown, but two year-to-date figures still give the months between them by subtraction)."""
    cumulative = row.indicator.calculation.window in (Window.YTD, Window.ROLLING_12M, Window.ROLLING_6M)
    if not cumulative or row.indicator.frequency.reported_by_year_or_term:
        return _count([found])
    return Count({(series + MONTHS_OF, m): 1.0 for m in window.month_periods()}, found.value or 0.0)


def _differences(counts: Iterable[Count]) -> Iterator[Count]:
    """The months between two ready-made cumulative figures of a series (a year to date within another)."""
    by_series: dict[str, dict[tuple[Atom, ...], Count]] = {}
    for c in counts:  # compared within a series only: pairs across series share no month
        by_series.setdefault(next(iter(c.vector))[0], {})[tuple(sorted(c.vector, key=_atom_order))] = c
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


def _with_complement(row: IndicatorResult, counts: list[Count]) -> list[Count]:
    """A percentage's counts plus the children it does not count (114 of 117 discloses the other 3)."""
    if row.indicator.unit is not Unit.PERCENTAGE or len(counts) != 2:
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
    of children.) A run's equation is written out only when its total could be small: most are not."""
    items = calculator.observations.items
    found = [items[a] for a in sorted(atoms, key=_atom_order) if a in items]
    sums = [_count([o]) for o in found]
    for kind, step in ((Kind.MONTH, 1), (Kind.QUARTER, 3)):  # runs of months, or of quarters where data come so
        spans = {(o.series, o.period.end): o for o in found if o.period.kind is kind and o.series in flows}
        for series, first in sorted(spans):
            run = [spans[(series, first)]]
            total = run[0].value or 0.0
            while (following := spans.get((series, run[-1].period.end + step))) and following.period.start != (
                following.period.containing_financial_year().start
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
    for series, period in sorted(atoms, key=_atom_order):
        if series not in flows or period.kind not in (Kind.YEAR, Kind.QUARTER):
            continue
        kind, step = (Kind.QUARTER, 3) if period.kind is Kind.YEAR else (Kind.MONTH, 1)
        ends = range(period.start + step - 1, period.end + 1, step)
        parts = [(series, Period(end - step + 1, end, kind)) for end in ends]
        if all(part in items for part in parts):
            yield {(series, period): 1.0, **{part: -1.0 for part in parts}}


Part = tuple[dict[FigureKey, list[Count]], list[Count], list[Vector]]


def _components(published: dict[FigureKey, list[Count]], protected: list[Count], relations: list[Vector]) -> list[Part]:
    """Split the equations into groups sharing no observation, so that each is solved on its own (and fast)."""
    parent: dict[Atom, Atom] = {}

    def root(atom: Atom) -> Atom:
        while parent.setdefault(atom, atom) != atom:
            parent[atom] = parent[parent[atom]]
            atom = parent[atom]
        return atom

    vectors = [c.vector for counts in published.values() for c in counts] + [c.vector for c in protected] + relations
    for vector in vectors:
        atoms = list(vector)
        for atom in atoms[1:]:
            parent[root(atom)] = root(atoms[0])
    parts: dict[Atom, Part] = {}
    for key, counts in published.items():
        if counts:
            parts.setdefault(root(next(iter(counts[0].vector))), ({}, [], []))[0][key] = counts
    for count in protected:
        parts.setdefault(root(next(iter(count.vector))), ({}, [], []))[1].append(count)
    for relation in relations:
        parts.setdefault(root(next(iter(relation))), ({}, [], []))[2].append(relation)
    return [part for part in parts.values() if part[1]]


def _withhold_until_safe(
    published: dict[FigureKey, list[Count]], protected: list[Count], relations: list[Vector]
) -> set[FigureKey]:
    """Withhold published figures, smallest first, until no protected count is a combination of the rest; then
    publish again any withheld figure that is not needed (largest first), so that the fewest are withheld."""
    system = _System(published, protected, relations)
    withheld: set[FigureKey] = set()
    while (key := system.first_leak(withheld)) is not None:
        withheld.add(key)
    for key in sorted(withheld, key=lambda k: _choice(k, published[k]), reverse=True):
        if system.first_leak(withheld - {key}) is None:
            withheld.discard(key)
    return withheld


class _System:
    """The published counts and the registry's totals as a matrix, one column per observation."""

    def __init__(self, published: dict[FigureKey, list[Count]], protected: list[Count], relations: list[Vector]):
        atoms = {a for counts in published.values() for c in counts for a in c.vector}
        atoms |= {a for c in protected for a in c.vector} | {a for r in relations for a in r}
        self.column = {atom: n for n, atom in enumerate(sorted(atoms, key=_atom_order))}
        self.published = published
        self.targets = np.array([self.dense(c.vector) for c in protected]).T
        self.known = [self.dense(r) for r in relations]

    def dense(self, vector: Vector) -> np.ndarray:
        dense = np.zeros(len(self.column))
        for atom, weight in vector.items():
            dense[self.column[atom]] += weight
        return dense

    def first_leak(self, withheld: set[FigureKey]) -> FigureKey | None:
        """The figure to withhold next: the smallest taking part in recovering a protected count, or None."""
        keys = sorted((k for k in self.published if k not in withheld), key=lambda k: (k[0], k[1].end, k[1].start))
        rows = [(key, self.dense(c.vector)) for key in keys for c in self.published[key]]
        while rows and self.targets.shape[1]:
            matrix = np.array([v for _, v in rows] + self.known).T
            solution = np.linalg.lstsq(matrix, self.targets, rcond=None)[0]
            recovered = np.flatnonzero(np.linalg.norm(matrix @ solution - self.targets, axis=0) < _TOLERANCE)
            if not len(recovered):
                return None
            weights = solution[: len(rows), recovered[0]]
            taking_part = {rows[i][0] for i in np.flatnonzero(np.abs(weights) > _TOLERANCE)}
            if taking_part:
                return min(taking_part, key=lambda k: _choice(k, self.published[k]))
            # Only the registry's totals give it: the data contradict them, and withholding cannot help.
            log.warning("disclosure: a small count follows from the registry's totals alone; check total_of")
            self.targets = np.delete(self.targets, recovered[0], axis=1)
        return None


def _atom_order(atom: Atom) -> tuple[str, int, int]:
    return atom[0], atom[1].end, atom[1].start


def _choice(key: FigureKey, counts: list[Count]) -> tuple[bool, float, str, int]:
    """Prefer the smallest figure, and never a known zero (withholding it hides nothing a reader cannot see)."""
    value = counts[0].value if counts else 0.0
    return value == 0, value, key[0], key[1].end


def _apply(row: IndicatorResult, windows: set[Period]) -> IndicatorResult:
    """The row with every figure over a withheld window (in any column or the sparkline) withheld."""
    if not windows:
        return row

    def hide(point: Point) -> Point:
        return Point(point.period, COMPLEMENT) if _shown_window(row, point.period)[0] in windows else point

    changed = row.with_points(hide)
    return replace(
        changed,
        rag=rag_for(row.indicator, changed.headline, row.target, changed.comparator),
        direction=direction_of_travel(row.indicator, changed.headline, changed.comparator),
    )
