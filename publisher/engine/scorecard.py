"""The scorecard a pack shows: its indicators calculated for the period, then protected when public."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ..commentary.signoff import signoff_for
from ..core.periods import Period
from ..core.vocab import Audience
from ..inputs.load import Inputs
from ..inputs.registry import Indicator, Registry
from .calc import Calculator, calculate_row
from .disclosure import NOTHING_PUBLISHED, Published, protect
from .model import Scorecard, Section
from .spcrows import with_spc, with_spc_series

__all__ = ["build_scorecard"]

log = logging.getLogger(__name__)


def build_scorecard(
    registry: Registry,
    inputs: Inputs,
    period: Period,
    audience: Audience = Audience.PUBLIC,
    selection: Iterable[tuple[str, Iterable[str] | None]] | None = None,
    earlier: Published = NOTHING_PUBLISHED,
) -> Scorecard:
    """Calculate every selected indicator for ``period``. ``selection`` is (priority id, references or None).

    A public scorecard is protected across every indicator in the registry, not only the pack's, so that a
    figure another public pack shows cannot be combined with this one's (and every pack withholds the same),
    and together with the figures ``earlier`` public packs published (read from the archive by the caller).
    """
    calculator = Calculator(inputs.observations, inputs.population, audience)
    wanted = _chosen(registry, selection)
    public = audience != Audience.RESTRICTED  # anything but an explicit restricted audience is treated as public
    needed = registry.indicators if public else [i for indicators in wanted.values() for i in indicators]
    rows = tuple(with_spc_series(calculate_row(calculator, i, period, inputs), calculator) for i in needed)
    shown = protect(rows, calculator, earlier) if public else rows
    by_reference = {r.indicator.reference: with_spc(r) for r in shown}
    priorities = {p.id: p for p in registry.priorities}
    sections = tuple(
        Section(
            priorities[priority_id],
            inputs.commentary.for_priority(period, priority_id),
            tuple(by_reference[i.reference] for i in indicators),
            signoff_for(inputs.commentary, registry, period, priority_id),
        )
        for priority_id, indicators in wanted.items()
    )
    log.info("calc: %d indicators for %s (%s)", sum(len(s.rows) for s in sections), period, audience)
    return Scorecard(period, audience, sections)


def _chosen(
    registry: Registry, selection: Iterable[tuple[str, Iterable[str] | None]] | None
) -> dict[str, tuple[Indicator, ...]]:
    """The pack's indicators by priority, in its order (every priority and indicator when there is no selection)."""
    chosen = selection if selection is not None else [(p.id, None) for p in registry.priorities]
    return {
        priority: registry.by_priority[priority] if refs is None else tuple(registry.by_reference[r] for r in refs)
        for priority, refs in chosen
    }
