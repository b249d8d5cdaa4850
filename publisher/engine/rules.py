"""RAG rules: each a small function, registered by the name the registry uses.

A rule sees the figure *as displayed* (rounded half away from zero to the indicator's decimal places), so a
member never sees 60.0% rated below a 60% target. Every result carries the sentence that explains it: one of the
wording catalogue's ``explain.rag`` sentences with its figures as printed, which the output stage words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ..core.figures import format_number
from ..core.phrase import Detail, Sentence, parts
from ..core.vocab import Polarity, Unit
from ..inputs.ragrules import Bands, DirectionTarget, Intervention, Range, TargetTolerance, Thresholds, parse_band_range
from ..inputs.registry import Indicator

__all__ = ["Rag", "Rating", "Side"]

_EPSILON = 1e-9  # float noise in differences of already-rounded numbers


class Rating(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_RATED = "not_rated"


class Judgement(StrEnum):
    """A direction of travel's verdict (``model.Direction``); here beside the rating, as the direction rule's
    explanation holds one ("No change from 12 in Q1 2024-25; ...")."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    NOT_JUDGED = "not_judged"


class Side(StrEnum):
    """Which side of a target, a threshold or a band a figure is on, worded from the catalogue's ``explain.side``."""

    ABOVE = "above"
    BELOW = "below"


@dataclass(frozen=True)
class Rag:
    """A rating and the sentence that explains it; ``band`` is a graded band's name as the scorecard writes it
    ("Good"), which the cell prints in place of the rating's word (publisher.output.words.rating_word)."""

    rating: Rating
    explanation: Detail  # a catalogue sentence, or a phrase holding a rating and one ("Not rated: no target ...")
    band: str = ""


@dataclass(frozen=True)
class RuleInput:
    """What a rule needs: the displayed value, the target for the period and the comparator's value."""

    indicator: Indicator
    value: float
    target: float | None
    comparator: float | None
    comparator_label: str

    def show(self, number: float) -> str:
        return self.indicator.show(number)

    def show_difference(self, number: float) -> Detail:
        """A tolerance: percentage points for percentages, so 5 is never read as 5% of the target."""
        text = format_number(number, self.indicator.decimals)
        return _said("points", amount=text) if self.indicator.unit is Unit.PERCENTAGE else text

    @property
    def sign(self) -> int:
        """+1 when high is good, -1 when low is good: (value - target) * sign >= 0 means at or better."""
        return -1 if self.indicator.polarity is Polarity.LOW else 1

    @property
    def better(self) -> Side:
        return Side.BELOW if self.sign < 0 else Side.ABOVE

    @property
    def worse(self) -> Side:
        return Side.ABOVE if self.sign < 0 else Side.BELOW


def _said(name: str, **values: object) -> Sentence:
    """The catalogue's ``explain.rag`` sentence ``name`` with its values."""
    return Sentence.of(f"explain.rag.{name}", **values)


def not_rated(reason: Detail) -> Rag:
    """Not rated, and why: the explanation opens with the rating, which the catalogue words ("Not rated: ...")."""
    return Rag(Rating.NOT_RATED, (Rating.NOT_RATED, ": ", *parts(reason)))


def target_tolerance(rule: TargetTolerance, x: RuleInput) -> Rag:
    if x.target is None:
        return not_rated(_said("no_target"))
    tolerance = rule.tolerance if rule.tolerance_type == "absolute" else abs(x.target) * rule.tolerance / 100
    gap = (x.value - x.target) * x.sign
    target = x.show(x.target)
    if abs(gap) < _EPSILON:
        return Rag(Rating.GREEN, _said("on_target", target=target))
    if gap > 0:
        return Rag(Rating.GREEN, _said("better_than_target", target=target))
    if tolerance == 0:  # none given: green or red only
        return Rag(Rating.RED, _said("off_target", worse=x.worse, target=target))
    within = tolerance > 0 and gap >= -tolerance - _EPSILON
    said = _said("within_tolerance" if within else "outside_tolerance", worse=x.worse, target=target,
                 tolerance=x.show_difference(tolerance))  # fmt: skip
    return Rag(Rating.AMBER if within else Rating.RED, said)


def thresholds(rule: Thresholds, x: RuleInput) -> Rag:
    green, amber = x.show(rule.green), x.show(rule.amber)
    if (x.value - rule.green) * x.sign >= -_EPSILON:
        return Rag(Rating.GREEN, _said("green_threshold", better=x.better, green=green))
    if (x.value - rule.amber) * x.sign >= -_EPSILON:
        return Rag(Rating.AMBER, _said("amber_threshold", worse=x.worse, better=x.better, green=green, amber=amber))
    return Rag(Rating.RED, _said("red_threshold", worse=x.worse, amber=amber))


def intervention(rule: Intervention, x: RuleInput) -> Rag:
    if x.target is None:
        return not_rated(_said("no_target"))
    level, target = x.show(rule.intervention), x.show(x.target)
    if (x.value - x.target) * x.sign >= -_EPSILON:
        return Rag(Rating.GREEN, _said("intervention_green", better=x.better, target=target))
    if (x.value - rule.intervention) * x.sign >= -_EPSILON:
        return Rag(Rating.AMBER, _said("intervention_amber", worse=x.worse, target=target, level=level))
    return Rag(Rating.RED, _said("intervention_red", worse=x.worse, target=target, level=level))


def target_range(rule: Range, x: RuleInput) -> Rag:
    span = {"low": x.show(rule.low), "high": x.show(rule.high)}
    if rule.low - _EPSILON <= x.value <= rule.high + _EPSILON:
        return Rag(Rating.GREEN, _said("in_range", **span))
    side = Side.ABOVE if x.value > rule.high else Side.BELOW
    distance = x.value - rule.high if x.value > rule.high else rule.low - x.value
    if distance <= rule.tolerance + _EPSILON and rule.tolerance > 0:
        tolerance = x.show_difference(rule.tolerance)
        return Rag(Rating.AMBER, _said("near_range", side=side, tolerance=tolerance, **span))
    return Rag(Rating.RED, _said("out_of_range", side=side, **span))


def bands(rule: Bands, x: RuleInput) -> Rag:
    """Bands as half-open intervals: each runs from its own written edge to the next better band's edge.

    High is good: a band is [its lowest, the next better band's lowest); "50-60 / 61-80 / 81+" puts 60.5 in
    the 50-60 band. Low is good: a band is (the next better band's highest, its highest]; "<15 / 20-16 /
    25-21" puts 20.5 in 25-21 and 15 in 20-16. A value between bands takes the worse one.
    """
    parsed = [(band, parse_band_range(band.range)) for band in rule.bands]
    if x.sign > 0:
        ranked = sorted(parsed, key=lambda item: item[1].low, reverse=True)
        inside = [x.value > r.low or (x.value >= r.low and not r.low_strict) for _, r in ranked]
    else:
        ranked = sorted(parsed, key=lambda item: item[1].high)
        inside = [x.value < r.high or (x.value <= r.high and not r.high_strict) for _, r in ranked]
    position = inside.index(True) if True in inside else None
    if position is None:
        worst, worst_bounds = ranked[-1]
        label = rule.otherwise.label
        below = _said("below_bands", band=label, worse=x.worse, worst=worst.label, range=worst_bounds.text(worst.range))
        return Rag(Rating(rule.otherwise.rag), below, label)
    match, bounds = ranked[position]
    band = {"band": match.label, "range": bounds.text(match.range)}
    if position == 0:
        return Rag(Rating(match.rag), _said("band", **band), match.label)
    better, better_bounds = ranked[position - 1]
    said = _said("band_below", next=better.label, next_range=better_bounds.text(better.range), **band)
    return Rag(Rating(match.rag), said, match.label)


def direction(rule: DirectionTarget, x: RuleInput) -> Rag:
    """Rated by the way the figure moved: the sentence is the catalogue's for the aim (no change) or the move."""
    if x.comparator is None:
        return not_rated(_said("nothing_to_compare", period=x.comparator_label))
    was = {"value": x.show(x.comparator), "period": x.comparator_label}
    if x.indicator.no_change(x.value, x.comparator):
        return Rag(Rating.AMBER, _said(f"unchanged.{rule.aim}", judgement=Judgement.NO_CHANGE, **was))
    moved = "increase" if x.value > x.comparator else "reduce"
    if moved == rule.aim:
        return Rag(Rating.GREEN, _said(f"as_aimed.{moved}", **was))
    return Rag(Rating.RED, _said(f"against_aim.{moved}", **was))


def none(_rule: object, x: RuleInput) -> Rag:
    """A contextual measure; a target it has is printed, so the words never say it has none."""
    if x.target is None:
        return not_rated(_said("contextual"))
    return not_rated(_said("for_information", target=x.show(x.target)))


RULES: dict[str, Callable[[object, RuleInput], Rag]] = {
    "target_tolerance": target_tolerance,  # type: ignore[dict-item]
    "thresholds": thresholds,  # type: ignore[dict-item]
    "intervention": intervention,  # type: ignore[dict-item]
    "range": target_range,  # type: ignore[dict-item]
    "bands": bands,  # type: ignore[dict-item]
    "direction": direction,  # type: ignore[dict-item]
    "none": none,
}


def rate(x: RuleInput) -> Rag:
    """Apply the indicator's rule by name."""
    rule = x.indicator.rag
    return RULES[rule.rule](rule, x)
