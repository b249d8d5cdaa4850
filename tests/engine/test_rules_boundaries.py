"""RAG rule boundaries that a mutation run of the rules (mutmut 3.8.1) found untested.

Each test names the surviving mutant(s) it kills as `kills: <mutant id>`. Values are worked by hand; the
tests go through `rag_for`, as test_rules.py does, so they see the figure as displayed.
"""

import pytest

from publisher.core.figures import Figure, Status
from publisher.core.periods import Period
from publisher.engine.judgement import rag_for
from publisher.engine.model import Point
from publisher.engine.rules import Rating
from publisher.output.messages import default_messages
from publisher.output.words import phrase

from ..helpers import indicator

Q2 = Period.parse("Q2 2024-25")
NO_COMPARATOR = Point(Q2.previous(), Figure.none(Status.MISSING, "no data"))
WORDS = default_messages().entries  # publisher's catalogue: the explanations in its words


def rag(value, comparator=NO_COMPARATOR, **fields):
    fields.setdefault("targets", {})
    return rag_for(indicator(**fields), Figure.of(value), indicator(**fields).target_for(Q2), comparator)


def comparator(value):
    return Point(Q2.previous(), Figure.of(value))


# -- range ------------------------------------------------------------------------------------------------

RANGE_400_450 = {"polarity": "none", "decimals": 0, "rag": {"rule": "range", "low": 400, "high": 450, "tolerance": 10}}


@pytest.mark.parametrize("value", [400, 450])
def test_range_edges_are_inside_the_range(value):
    # kills: publisher.engine.rules.x_target_range__mutmut_4   (rule.low - _EPSILON -> rule.low + _EPSILON: 400 not green)
    # kills: publisher.engine.rules.x_target_range__mutmut_7   (rule.high + _EPSILON -> rule.high - _EPSILON: 450 not green)
    result = rag(value, **RANGE_400_450)
    assert (result.rating, phrase(result.explanation, WORDS)) == (Rating.GREEN, "Within the target range 400-450")


def test_range_just_above_within_tolerance_is_amber():
    # 455 is 5 above 450, inside a tolerance of 10.
    # kills: publisher.engine.rules.x_target_range__mutmut_25  (x.value - rule.high -> x.value + rule.high: distance 905, red)
    # kills: publisher.engine.rules.x_target_range__mutmut_33  (Rating.AMBER -> None)
    # kills: publisher.engine.rules.x_target_range__mutmut_35, _36 (Rag built without rating / explanation: TypeError)
    # kills: publisher.engine.rules.x_target_range__mutmut_37  (show_difference(None): TypeError)
    result = rag(455, **RANGE_400_450)
    assert result.rating is Rating.AMBER
    assert phrase(result.explanation, WORDS) == "Above the target range 400-450, within tolerance of 10"


def test_range_just_below_within_tolerance_is_amber_and_says_below():
    # 395 is 5 below 400, inside a tolerance of 10.
    # kills: publisher.engine.rules.x_target_range__mutmut_27  (rule.low - x.value -> rule.low + x.value: distance 795, red)
    # kills: publisher.engine.rules.x_target_range__mutmut_14  (side always "Above")
    # kills: publisher.engine.rules.x_target_range__mutmut_34  (explanation None)  and the "Below" wording mutants 19-21
    result = rag(395, **RANGE_400_450)
    assert result.rating is Rating.AMBER
    assert phrase(result.explanation, WORDS) == "Below the target range 400-450, within tolerance of 10"


def test_range_far_below_is_red_not_amber():
    # 300 is 100 below 400: red. With the distance always taken from the top (300 - 450 = -150 <= 10) it was amber.
    # kills: publisher.engine.rules.x_target_range__mutmut_24  (distance condition `or True`)
    result = rag(300, **RANGE_400_450)
    assert (result.rating, phrase(result.explanation, WORDS)) == (Rating.RED, "Below the target range 400-450")


def test_range_exactly_the_tolerance_outside_is_amber():
    # 460 is exactly 10 above 450 with a tolerance of 10: within tolerance, amber.
    # kills: publisher.engine.rules.x_target_range__mutmut_30  (rule.tolerance + _EPSILON -> rule.tolerance - _EPSILON: red)
    assert rag(460, **RANGE_400_450).rating is Rating.AMBER
    assert rag(461, **RANGE_400_450).rating is Rating.RED


def test_range_tolerance_below_one_still_gives_amber():
    # Range 52.7-59.3 with tolerance 0.5: 59.6 is 0.3 above the top, amber.
    # kills: publisher.engine.rules.x_target_range__mutmut_32  (rule.tolerance > 0 -> rule.tolerance > 1: red)
    fields = {"polarity": "none", "rag": {"rule": "range", "low": 52.7, "high": 59.3, "tolerance": 0.5}}
    assert rag(59.6, **fields).rating is Rating.AMBER
    assert rag(59.9, **fields).rating is Rating.RED


# -- bands --------------------------------------------------------------------------------------------------


def test_strict_lower_edge_band_excludes_its_edge_high_is_good():
    # ">80" is strict: 80 itself is in 61-80, Good; 80.1 is Outstanding.
    # kills: publisher.engine.rules.x_bands__mutmut_17  (x.value > r.low -> x.value >= r.low ignores low_strict)
    bands = {"rule": "bands", "bands": [
        {"label": "Requires improvement", "rag": "amber", "range": "50-60"},
        {"label": "Good", "rag": "green", "range": "61-80"},
        {"label": "Outstanding", "rag": "green", "range": ">80"},
    ]}  # fmt: skip
    assert rag(80.0, rag=bands).band == "Good"
    assert rag(80.1, rag=bands).band == "Outstanding"


GAPS_HIGH = {"rule": "bands", "bands": [
    {"label": "Requires improvement", "rag": "amber", "range": "50-60"},
    {"label": "Good", "rag": "green", "range": "61-80"},
    {"label": "Outstanding", "rag": "green", "range": "81+"},
]}  # fmt: skip


def test_band_explanations_name_the_right_bands():
    # Middle band names itself and the next better band; the best band names only itself; below every band
    # names the worst band.
    # kills: publisher.engine.rules.x_bands__mutmut_58 (position > 0 -> >= 0), _59 (> 1), _62 (position - 2),
    #        _63 (+= -> =), _67 (explanation None)
    # kills: publisher.engine.rules.x_bands__mutmut_44 (ranked[-1] -> ranked[+1]), _45 (ranked[-2]),
    #        _46, _49 (explanation None)
    assert phrase(rag(70.0, rag=GAPS_HIGH).explanation, WORDS) == "Good band (61-80); Outstanding is 81+"
    assert phrase(rag(55.0, rag=GAPS_HIGH).explanation, WORDS) == "Requires improvement band (50-60); Good is 61-80"
    assert phrase(rag(90.0, rag=GAPS_HIGH).explanation, WORDS) == "Outstanding band (81+)"
    below = rag(49.9, rag=GAPS_HIGH)
    assert (below.rating, below.band) == (Rating.RED, "Inadequate")
    assert phrase(below.explanation, WORDS) == "Inadequate: below the Requires improvement band (50-60)"


# -- direction ----------------------------------------------------------------------------------------------


def test_direction_aim_increase_rewards_an_increase():
    # Only aim "reduce" was tested. 14 -> 16 with aim "increase" is green, 16 -> 14 red.
    # kills: publisher.engine.rules.x_direction__mutmut_17, _18 ("increase" literal changed: never equals the aim)
    fields = {"polarity": "high", "decimals": 0, "rag": {"rule": "direction", "aim": "increase"}}
    up = rag(16, comparator(14), **fields)
    assert (up.rating, phrase(up.explanation, WORDS)) == (Rating.GREEN, "Increased from 14 in Q1 2024-25, as aimed")
    down = rag(14, comparator(16), **fields)
    assert (down.rating, phrase(down.explanation, WORDS)) == (Rating.RED, "Reduced from 16 in Q1 2024-25; the aim is to increase")


def test_direction_a_rise_smaller_than_one_is_still_a_rise():
    # 14.0 -> 14.5 (one decimal place, no level tolerance) is an increase: red when the aim is to reduce.
    # kills: publisher.engine.rules.x_direction__mutmut_20 (change > 0 -> change > 1 for `moved`: green)
    # kills: publisher.engine.rules.x_direction__mutmut_30 (change > 0 -> change > 1 for the verb: "Reduced")
    # kills: publisher.engine.rules.x_direction__mutmut_24 (verb condition `and False`) and the verb wording mutants
    fields = {"polarity": "low", "decimals": 1, "rag": {"rule": "direction", "aim": "reduce"}}
    result = rag(14.5, comparator(14.0), **fields)
    assert result.rating is Rating.RED
    assert phrase(result.explanation, WORDS) == "Increased from 14.0 in Q1 2024-25; the aim is to reduce"


def test_direction_a_fall_says_reduced():
    # kills: publisher.engine.rules.x_direction__mutmut_25 (verb condition `or True`: "Increased" for a fall)
    fields = {"polarity": "low", "decimals": 0, "rag": {"rule": "direction", "aim": "reduce"}}
    result = rag(14, comparator(16), **fields)
    assert (result.rating, phrase(result.explanation, WORDS)) == (Rating.GREEN, "Reduced from 16 in Q1 2024-25, as aimed")
