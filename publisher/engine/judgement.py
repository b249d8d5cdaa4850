"""Direction of travel and the RAG rating of a figure, judged on the value as displayed."""

from __future__ import annotations

from ..core.figures import Figure, round_half_away
from ..core.phrase import Sentence
from ..core.vocab import Polarity
from ..inputs.registry import Indicator
from .model import Direction, Judgement, Movement, Point, display
from .rules import Rag, RuleInput, not_rated, rate


def direction_of_travel(indicator: Indicator, current: Figure, comparator: Point) -> Direction:
    """Compare the displayed values; polarity turns up or down into improving or worsening. The explanation is the
    catalogue's ``explain.direction`` sentence for the move, with the judgement and the earlier figure in it."""
    label = comparator.period.label
    if not current.available or not comparator.figure.available:
        missing = _said("no_figure", period=label) if current.available else _said("no_figure_now")
        return Direction(Movement.UNKNOWN, Judgement.NOT_JUDGED, (Judgement.NOT_JUDGED, ": ", missing))
    assert current.value is not None and comparator.figure.value is not None
    now = round_half_away(current.value, indicator.decimals)
    before = round_half_away(comparator.figure.value, indicator.decimals)
    was = {"value": display(indicator, comparator.figure), "period": label}
    if indicator.no_change(now, before):
        return Direction(Movement.LEVEL, Judgement.NO_CHANGE, _said("unchanged", judgement=Judgement.NO_CHANGE, **was))
    movement = Movement.UP if now > before else Movement.DOWN
    if indicator.polarity is Polarity.NONE:
        return Direction(movement, Judgement.NOT_JUDGED, _said(f"neither.{movement}", **was))
    good = (movement is Movement.UP) == (indicator.polarity is Polarity.HIGH)
    judgement = Judgement.IMPROVING if good else Judgement.WORSENING
    return Direction(movement, judgement, _said(f"moved.{movement}", judgement=judgement, **was))


def _said(name: str, **values: object) -> Sentence:
    """The catalogue's ``explain.direction`` sentence ``name`` with its values."""
    return Sentence.of(f"explain.direction.{name}", **values)


def rag_for(indicator: Indicator, headline: Figure, target: float | None, comparator: Point) -> Rag:
    if not headline.available or headline.value is None:
        return not_rated(headline.reason)
    shown = round_half_away(headline.value, indicator.decimals)
    previous = comparator.figure.value if comparator.figure.available else None
    shown_previous = None if previous is None else round_half_away(previous, indicator.decimals)
    return rate(RuleInput(indicator, shown, target, shown_previous, comparator.period.label))
