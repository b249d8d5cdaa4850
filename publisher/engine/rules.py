"""RAG rules: each a small function, registered by the name the registry uses.

A rule sees the figure *as displayed* (rounded half away from zero to the indicator's decimal places), so a
member never sees 60.0% rated below a 60% target. Every result carries the sentence that explains it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ..core.figures import format_number
from ..core.phrase import Detail, parts
from ..core.vocab import Polarity, Unit
from ..inputs.ragrules import Bands, DirectionTarget, Intervention, Range, TargetTolerance, Thresholds, parse_band_range
from ..inputs.registry import Indicator

__all__ = ["Rag", "Rating"]

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


@dataclass(frozen=True)
class Rag:
    """A rating and the sentence that explains it; ``band`` is a graded band's name as the scorecard writes it
    ("Good"), which the cell prints in place of the rating's word (publisher.output.words.rating_word)."""

    rating: Rating
    explanation: Detail  # a phrase when it holds a rating, a judgement or a status ("Not rated: suppressed: ...")
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

    def show_difference(self, number: float) -> str:
        """A tolerance: percentage points for percentages, so 5 is never read as 5% of the target."""
        text = format_number(number, self.indicator.decimals)
        return text + " percentage points" if self.indicator.unit is Unit.PERCENTAGE else text

    @property
    def sign(self) -> int:
        """+1 when high is good, -1 when low is good: (value - target) * sign >= 0 means at or better."""
        return -1 if self.indicator.polarity is Polarity.LOW else 1

    @property
    def better(self) -> str:
        return "below" if self.sign < 0 else "above"

    @property
    def worse(self) -> str:
        return "above" if self.sign < 0 else "below"


def not_rated(reason: Detail) -> Rag:
    """Not rated, and why: the explanation opens with the rating, which the catalogue words ("Not rated: ...")."""
    return Rag(Rating.NOT_RATED, (Rating.NOT_RATED, ": ", *parts(reason)))


def target_tolerance(rule: TargetTolerance, x: RuleInput) -> Rag:
    if x.target is None:
        return not_rated("no target set for this year")
    tolerance = rule.tolerance if rule.tolerance_type == "absolute" else abs(x.target) * rule.tolerance / 100
    gap = (x.value - x.target) * x.sign
    target = x.show(x.target)
    if abs(gap) < _EPSILON:
        return Rag(Rating.GREEN, f"On target of {target}")
    if gap > 0:
        return Rag(Rating.GREEN, f"Better than target of {target}")
    within = f"tolerance of {x.show_difference(tolerance)}"
    if tolerance > 0 and gap >= -tolerance - _EPSILON:
        return Rag(Rating.AMBER, f"{x.worse.capitalize()} target of {target}, within {within}")
    if tolerance == 0:  # none given: green or red only
        return Rag(Rating.RED, f"{x.worse.capitalize()} target of {target}")
    return Rag(Rating.RED, f"{x.worse.capitalize()} target of {target}, outside {within}")


def thresholds(rule: Thresholds, x: RuleInput) -> Rag:
    if (x.value - rule.green) * x.sign >= -_EPSILON:
        return Rag(Rating.GREEN, f"At or {x.better} the green threshold of {x.show(rule.green)}")
    if (x.value - rule.amber) * x.sign >= -_EPSILON:
        return Rag(
            Rating.AMBER,
            f"{x.worse.capitalize()} the green threshold of {x.show(rule.green)}, "
            f"at or {x.better} amber ({x.show(rule.amber)})",
        )
    return Rag(Rating.RED, f"{x.worse.capitalize()} the amber threshold of {x.show(rule.amber)}")


def intervention(rule: Intervention, x: RuleInput) -> Rag:
    if x.target is None:
        return not_rated("no target set for this year")
    level, target = x.show(rule.intervention), x.show(x.target)
    if (x.value - x.target) * x.sign >= -_EPSILON:
        return Rag(Rating.GREEN, f"On or {x.better} target of {target}")
    if (x.value - rule.intervention) * x.sign >= -_EPSILON:
        return Rag(
            Rating.AMBER,
            f"{x.worse.capitalize()} target of {target}, not beyond the intervention level of {level}",
        )
    return Rag(Rating.RED, f"{x.worse.capitalize()} the intervention level of {level}; target {target}")


def target_range(rule: Range, x: RuleInput) -> Rag:
    span = f"{x.show(rule.low)}-{x.show(rule.high)}"
    if rule.low - _EPSILON <= x.value <= rule.high + _EPSILON:
        return Rag(Rating.GREEN, f"Within the target range {span}")
    side = "Above" if x.value > rule.high else "Below"
    distance = x.value - rule.high if x.value > rule.high else rule.low - x.value
    if distance <= rule.tolerance + _EPSILON and rule.tolerance > 0:
        return Rag(
            Rating.AMBER, f"{side} the target range {span}, within tolerance of {x.show_difference(rule.tolerance)}"
        )
    return Rag(Rating.RED, f"{side} the target range {span}")


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
        explanation = f"{rule.otherwise.label}: {x.worse} the {worst.label} band ({worst_bounds.text(worst.range)})"
        return Rag(Rating(rule.otherwise.rag), explanation, rule.otherwise.label)
    match, bounds = ranked[position]
    explanation = f"{match.label} band ({bounds.text(match.range)})"
    if position > 0:
        better, better_bounds = ranked[position - 1]
        explanation += f"; {better.label} is {better_bounds.text(better.range)}"
    return Rag(Rating(match.rag), explanation, match.label)


def direction(rule: DirectionTarget, x: RuleInput) -> Rag:
    if x.comparator is None:
        return not_rated(f"no figure for {x.comparator_label} to compare with")
    change = x.value - x.comparator
    was = f"{x.show(x.comparator)} in {x.comparator_label}"
    if x.indicator.no_change(x.value, x.comparator):
        return Rag(Rating.AMBER, (Judgement.NO_CHANGE, f" from {was}; the aim is to {rule.aim}"))
    moved = "increase" if change > 0 else "reduce"
    verb = "Increased" if change > 0 else "Reduced"
    if moved == rule.aim:
        return Rag(Rating.GREEN, f"{verb} from {was}, as aimed")
    return Rag(Rating.RED, f"{verb} from {was}; the aim is to {rule.aim}")


def none(_rule: object, x: RuleInput) -> Rag:
    """A contextual measure; a target it has is printed, so the words never say it has none."""
    if x.target is None:
        return not_rated("a contextual measure with no target")
    return not_rated(f"the target of {x.show(x.target)} is shown for information, not rated against")


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
