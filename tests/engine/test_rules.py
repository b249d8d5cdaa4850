"""RAG rules with hand-worked values, including rows printed in ../shared/reference scorecards."""

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

SEFTON_HIGH = {"rule": "bands", "bands": [
    {"label": "Requires improvement", "rag": "amber", "range": "75-80"},
    {"label": "Good", "rag": "green", "range": "81-89"},
    {"label": "Outstanding", "rag": "green", "range": "90+"},
]}  # fmt: skip
GAPS_HIGH = {"rule": "bands", "bands": [
    {"label": "Requires improvement", "rag": "amber", "range": "50-60"},
    {"label": "Good", "rag": "green", "range": "61-80"},
    {"label": "Outstanding", "rag": "green", "range": "81+"},
]}  # fmt: skip
GAPS_LOW = {"rule": "bands", "bands": [
    {"label": "Requires improvement", "rag": "amber", "range": "25-21"},
    {"label": "Good", "rag": "green", "range": "20-16"},
    {"label": "Outstanding", "rag": "green", "range": "<15"},
]}  # fmt: skip


def rag(value, comparator=NO_COMPARATOR, **fields):
    fields.setdefault("targets", {})
    return rag_for(indicator(**fields), Figure.of(value), indicator(**fields).target_for(Q2), comparator)


def tt(target, tolerance, kind="absolute", polarity="high", decimals=1):
    return {
        "polarity": polarity,
        "decimals": decimals,
        "targets": {"2024-25": target},
        "rag": {"rule": "target_tolerance", "tolerance": tolerance, "tolerance_type": kind},
    }


# -- reference rows ---------------------------------------------------------------------------------------


def test_cheshire_east_p3_17_128_days_against_121_low_is_good_is_amber():
    result = rag(128, **tt(121, 10, "relative", "low", decimals=0))  # tolerance 12.1 days: 121 + 12.1 >= 128
    assert result.rating is Rating.AMBER
    assert phrase(result.explanation, WORDS) == "Above target of 121, within tolerance of 12"


def test_cheshire_east_p3_16_302_days_against_426_is_green():
    assert rag(302, **tt(426, 10, "relative", "low", decimals=0)).rating is Rating.GREEN


def test_cheshire_east_g1_495_children_against_range_400_450_is_red():
    result = rag(495, polarity="none", decimals=0, rag={"rule": "range", "low": 400, "high": 450})
    assert (result.rating, phrase(result.explanation, WORDS)) == (Rating.RED, "Above the target range 400-450")


def test_cheshire_east_g2_rate_65_3_against_range_52_7_to_59_3_with_tolerance_is_red():
    result = rag(65.3, polarity="none", rag={"rule": "range", "low": 52.7, "high": 59.3, "tolerance": 3})
    assert result.rating is Rating.RED  # 6.0 above the top of the range, beyond a tolerance of 3


def test_sefton_assessments_within_45_days_70_percent_is_inadequate():
    result = rag(70.0, unit="percentage", calculation={"numerator": "a", "denominator": "b"}, rag=SEFTON_HIGH)
    assert (result.rating, result.band) == (Rating.RED, "Inadequate")


def test_sefton_suitable_accommodation_95_percent_is_outstanding():
    bands = {"rule": "bands", "bands": [
        {"label": "Requires improvement", "rag": "amber", "range": "80-89"},
        {"label": "Good", "rag": "green", "range": "90-94"},
        {"label": "Outstanding", "rag": "green", "range": "95-100"},
    ]}  # fmt: skip
    assert rag(95.0, rag=bands).band == "Outstanding"


def test_sefton_re_referrals_21_5_low_is_good_requires_improvement():
    bands = {"rule": "bands", "bands": [
        {"label": "Requires improvement", "rag": "amber", "range": "20-25"},
        {"label": "Good", "rag": "green", "range": "19-15"},
        {"label": "Outstanding", "rag": "green", "range": "<14"},
    ]}  # fmt: skip
    result = rag(21.5, polarity="low", rag=bands)
    assert (result.rating, result.band) == (Rating.AMBER, "Requires improvement")


def test_sefton_cp_plan_rate_42_6_is_good():
    bands = {"rule": "bands", "bands": [
        {"label": "Requires improvement", "rag": "amber", "range": "45-50"},
        {"label": "Good", "rag": "green", "range": "40-44"},
        {"label": "Outstanding", "rag": "green", "range": "<40"},
    ]}  # fmt: skip
    assert rag(42.6, polarity="low", rag=bands).band == "Good"


def test_sefton_early_help_closures_19_is_good():
    assert rag(19.0, polarity="low", rag=GAPS_LOW).band == "Good"


def test_sefton_2023_assessments_in_45_working_days_67_against_84_is_red():
    assert rag(67.0, **tt(84, 5)).rating is Rating.RED


def test_sefton_2023_re_referrals_25_7_against_22_low_is_red():
    result = rag(25.7, **tt(22, 2, polarity="low"))
    assert (result.rating, phrase(result.explanation, WORDS)) == (Rating.RED, "Above target of 22.0, outside tolerance of 2.0")


# -- target and tolerance boundaries -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rating"), [(60.0, Rating.GREEN), (61.0, Rating.GREEN), (55.0, Rating.AMBER), (54.9, Rating.RED)]
)
def test_absolute_tolerance_boundaries(value, rating):
    assert rag(value, **tt(60, 5)).rating is rating


@pytest.mark.parametrize(("value", "rating"), [(54.0, Rating.AMBER), (53.9, Rating.RED)])
def test_relative_tolerance_is_a_percentage_of_target(value, rating):
    assert rag(value, **tt(60, 10, "relative")).rating is rating  # 10% of 60 = 6.0


@pytest.mark.parametrize(("value", "rating"), [(19.0, Rating.GREEN), (22.0, Rating.AMBER), (22.1, Rating.RED)])
def test_low_is_good_tolerance_boundaries(value, rating):
    assert rag(value, **tt(20, 2, polarity="low")).rating is rating


def test_exactly_on_target_says_so():
    assert phrase(rag(60.0, **tt(60, 5)).explanation, WORDS) == "On target of 60.0"


def test_rated_on_the_value_as_displayed():
    # 59.95% shows as 60.0%: a member must not see 60.0% rated below a 60% target.
    assert rag(59.95, **tt(60, 5)).rating is Rating.GREEN
    assert rag(59.94, **tt(60, 5)).rating is Rating.AMBER


def test_quarter_profiled_target():
    fields = tt(60, 5)
    fields["targets"] = {"2024-25": {"year": 60, "Q2": 55}}
    assert indicator(**fields).target_for(Q2) == 55
    assert indicator(**fields).target_for(Period.parse("Q3 2024-25")) == 60
    assert rag(55.0, **fields).rating is Rating.GREEN


def test_no_target_for_the_year_is_not_rated():
    fields = tt(60, 5)
    fields["targets"] = {"2023-24": 60}
    assert rag(70.0, **fields).rating is Rating.NOT_RATED


# -- other rules ------------------------------------------------------------------------------------------

INTERVENTION = {"polarity": "low", "targets": {"2024-25": 8}, "rag": {"rule": "intervention", "intervention": 10}}


@pytest.mark.parametrize(
    ("value", "rating"), [(8.0, Rating.GREEN), (9.9, Rating.AMBER), (10.0, Rating.AMBER), (10.5, Rating.RED)]
)
def test_intervention_level(value, rating):
    assert rag(value, **INTERVENTION).rating is rating


def test_intervention_explanation():
    assert phrase(rag(10.5, **INTERVENTION).explanation, WORDS) == "Above the intervention level of 10.0; target 8.0"


@pytest.mark.parametrize(
    ("value", "rating"), [(90, Rating.GREEN), (85, Rating.AMBER), (80, Rating.AMBER), (79.9, Rating.RED)]
)
def test_thresholds(value, rating):
    assert rag(value, rag={"rule": "thresholds", "green": 90, "amber": 80}).rating is rating


@pytest.mark.parametrize(
    ("value", "word"),
    [(60.5, "Requires improvement"), (61.0, "Good"), (80.9, "Good"), (81.0, "Outstanding"), (49.9, "Inadequate")],
)
def test_bands_with_gaps_are_half_open_high_is_good(value, word):
    assert rag(value, rag=GAPS_HIGH).band == word


@pytest.mark.parametrize(
    ("value", "word"),
    [(14.9, "Outstanding"), (15.0, "Good"), (20.0, "Good"), (20.5, "Requires improvement"), (25.1, "Inadequate")],
)
def test_bands_with_gaps_are_half_open_low_is_good(value, word):
    assert rag(value, polarity="low", rag=GAPS_LOW).band == word


def comparator(value):
    return Point(Q2.previous(), Figure.of(value))


@pytest.mark.parametrize(
    ("before", "now", "rating"), [(16, 14, Rating.GREEN), (14, 16, Rating.RED), (14, 14, Rating.AMBER)]
)
def test_direction_target_reduce(before, now, rating):
    fields = {"polarity": "low", "decimals": 0, "rag": {"rule": "direction", "aim": "reduce"}}
    assert rag(now, comparator(before), **fields).rating is rating


def test_direction_target_without_comparator_is_not_rated():
    result = rag(14, polarity="low", rag={"rule": "direction", "aim": "reduce"})
    assert phrase(result.explanation, WORDS) == "Not rated: no figure for Q1 2024-25 to compare with"


def test_no_rule_is_not_rated_never_green():
    assert rag(99.0).rating is Rating.NOT_RATED


@pytest.mark.parametrize("status", [Status.SUPPRESSED, Status.MISSING, Status.NOT_DUE, Status.IN_DEVELOPMENT])
def test_a_figure_without_value_is_never_rated(status):
    fields = tt(60, 5)
    result = rag_for(indicator(**fields), Figure.none(status, "why"), 60, NO_COMPARATOR)
    assert result.rating is Rating.NOT_RATED


def test_a_contextual_measure_never_says_it_has_no_target_when_one_is_printed():
    without = rag(40, polarity="none", decimals=0, rag={"rule": "none"})
    assert phrase(without.explanation, WORDS) == "Not rated: a contextual measure with no target"
    given = rag(40, polarity="none", decimals=0, rag={"rule": "none"}, targets={"2024-25": 45})
    assert given.rating is Rating.NOT_RATED
    assert phrase(given.explanation, WORDS) == "Not rated: the target of 45 is shown for information, not rated against"
