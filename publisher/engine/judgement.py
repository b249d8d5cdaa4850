"""Direction of travel and the RAG rating of a figure, judged on the value as displayed."""

from __future__ import annotations

from ..core.figures import Figure, round_half_away
from ..core.vocab import Polarity
from ..inputs.registry import Indicator
from .model import Direction, Judgement, Movement, Point, display
from .rules import Rag, RuleInput, not_rated, rate


def direction_of_travel(indicator: Indicator, current: Figure, comparator: Point) -> Direction:
    """Compare the displayed values; polarity turns up or down into improving or worsening."""
    label = comparator.period.label
    if not current.available or not comparator.figure.available:
        missing = "this period" if not current.available else label
        return Direction(Movement.UNKNOWN, Judgement.NOT_JUDGED, (Judgement.NOT_JUDGED, f": no figure for {missing}"))
    assert current.value is not None and comparator.figure.value is not None
    now = round_half_away(current.value, indicator.decimals)
    before = round_half_away(comparator.figure.value, indicator.decimals)
    was = f"from {display(indicator, comparator.figure)} in {label}"
    if indicator.no_change(now, before):
        return Direction(Movement.LEVEL, Judgement.NO_CHANGE, (Judgement.NO_CHANGE, f" {was}"))
    movement = Movement.UP if now > before else Movement.DOWN
    verb = "Up" if movement is Movement.UP else "Down"
    if indicator.polarity is Polarity.NONE:
        return Direction(movement, Judgement.NOT_JUDGED, f"{verb} {was} (neither high nor low is better)")
    good = (movement is Movement.UP) == (indicator.polarity is Polarity.HIGH)
    judgement = Judgement.IMPROVING if good else Judgement.WORSENING
    return Direction(movement, judgement, (f"{verb} {was}: ", judgement))


def rag_for(indicator: Indicator, headline: Figure, target: float | None, comparator: Point) -> Rag:
    if not headline.available or headline.value is None:
        return not_rated(headline.reason)
    shown = round_half_away(headline.value, indicator.decimals)
    previous = comparator.figure.value if comparator.figure.available else None
    shown_previous = None if previous is None else round_half_away(previous, indicator.decimals)
    return rate(RuleInput(indicator, shown, target, shown_previous, comparator.period.label))
