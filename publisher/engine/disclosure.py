"""Secondary suppression: a withheld count must not be recoverable from other figures in the same pack.

Primary suppression (counts of 1 to 5, and percentages and rates built on them) happens as each figure is
calculated. This pass looks across a pack's rows: where an indicator is the total of others (``total_of`` in the
registry) and exactly one part is withheld while the total and every other part are shown, the withheld one
could be worked back by subtraction; so the smallest shown part (or, with no other part, the total) is withheld
too. It runs on every period a row shows (headline, columns, comparators, sparkline).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from ..core.figures import Figure, Status
from ..core.periods import Period
from .judgement import direction_of_travel, rag_for
from .model import IndicatorResult, Point

log = logging.getLogger(__name__)
COMPLEMENT = Figure.none(Status.SUPPRESSED, "withheld so that another withheld figure cannot be worked out")


def secondary_suppression(rows: tuple[IndicatorResult, ...]) -> tuple[IndicatorResult, ...]:
    """Withhold complementary figures until no total and its parts can recover a withheld one.

    Repeated until nothing changes, because withholding a part of one total can expose a part of another.
    """
    by_reference = {r.indicator.reference: r for r in rows}
    withheld: dict[str, set[Period]] = {}
    changed = True
    while changed:
        changed = False
        for total in rows:
            if not total.indicator.total_of or not set(total.indicator.total_of) <= by_reference.keys():
                continue
            group = [total, *(by_reference[reference] for reference in total.indicator.total_of)]
            for period in _figures(total):
                found = [_figures(r).get(period) for r in group]
                if any(f is None for f in found):
                    continue
                figures = [
                    COMPLEMENT if period in withheld.get(r.indicator.reference, set()) else f
                    for r, f in zip(group, found, strict=True)
                    if f is not None
                ]
                victim = _complement(group, figures)
                if victim is not None:
                    withheld.setdefault(victim, set()).add(period)
                    changed = True
    if withheld:
        log.info("disclosure: secondary suppression in %s", ", ".join(sorted(withheld)))
    return tuple(_withhold(r, withheld.get(r.indicator.reference, set())) for r in rows)


def _complement(group: list[IndicatorResult], figures: list[Figure]) -> str | None:
    """The reference to withhold so that the one withheld part cannot be recovered, or None if it is safe."""
    total, parts = figures[0], figures[1:]
    hidden = [f for f in parts if f.status is Status.SUPPRESSED]
    shown = [(f.value or 0.0, r.indicator.reference) for r, f in zip(group[1:], parts, strict=True) if f.available]
    if not total.available or len(hidden) != 1 or len(shown) != len(parts) - 1:
        return None
    # A known zero hides nothing: withhold the smallest part that is not zero, or else the total.
    candidates = [item for item in shown if item[0] > 0]
    return min(candidates)[1] if candidates else group[0].indicator.reference


def _figures(row: IndicatorResult) -> dict[Period, Figure]:
    """Every figure a row shows, keyed by the period it is for."""
    return {p.period: p.figure for p in row.shown_points()}


def _withhold(row: IndicatorResult, periods: set[Period]) -> IndicatorResult:
    if not periods:
        return row
    changed = row.with_points(lambda point: Point(point.period, COMPLEMENT) if point.period in periods else point)
    return replace(
        changed,
        rag=rag_for(row.indicator, changed.headline, row.target, changed.comparator),
        direction=direction_of_travel(row.indicator, changed.headline, changed.comparator),
    )
