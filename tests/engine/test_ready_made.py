"""Figures a council supplies ready-made (``calculation: {value: ...}``): taken as given, never re-added."""

import pytest

from publisher.core.figures import Status
from publisher.core.periods import Period
from publisher.engine.calc import Calculator, calculate_row
from publisher.output.messages import default_messages
from publisher.output.words import phrase

from ..helpers import indicator, inputs, monthly, observations, population

Q2 = Period.parse("Q2 2024-25")
WORDS = default_messages().entries  # publisher's catalogue: the explanations in its words


def figure(ind, obs, period=Q2):
    return Calculator(obs, population()).figure(ind, period)[0]


def test_a_ready_made_percentage_is_shown_as_given_with_no_fraction():
    obs = observations({"pct": {"Q2 2024-25": 7.7, "Q1 2024-25": 8.2}})
    ind = indicator(unit="percentage", calculation={"value": "pct"}, frequency="quarterly")
    result = figure(ind, obs)
    assert (result.value, result.numerator, result.denominator) == (7.7, None, None)
    assert ind.show(result.value) == "7.7%"
    row = calculate_row(Calculator(obs, population()), ind, Q2, inputs(obs))
    assert row.previous.figure.value == 8.2 and phrase(row.direction.explanation, WORDS).startswith("Down from 8.2% in Q1 2024-25")


@pytest.mark.parametrize(
    ("value", "base", "withheld"),
    [
        (95, 100, True),  # 95 of 100 leaves 5: the other 5 would be disclosed
        (95, 120, False),  # 114 of 120 leaves 6
        (2.5, 200, True),  # 5 of 200
        (3.0, 200, False),  # 6 of 200
    ],
)
def test_a_base_brings_a_ready_made_percentage_under_the_small_number_rules(value, base, withheld):
    obs = observations({"pct": {"Sep 2024": value}, "n": {"Sep 2024": base}})
    ind = indicator(unit="percentage", calculation={"value": "pct", "base": "n", "window": "snapshot"})
    result = figure(ind, obs)
    assert (result.status is Status.SUPPRESSED) is withheld
    assert withheld or result.value == value


@pytest.mark.parametrize(("count", "withheld"), [(5, True), (6, False), (0, False)])
def test_a_ready_made_count_is_a_count(count, withheld):
    ind = indicator(unit="count", calculation={"value": "n", "window": "snapshot"})
    assert (figure(ind, observations({"n": {"Sep 2024": count}})).status is Status.SUPPRESSED) is withheld


def test_without_a_base_a_ready_made_average_is_published_as_supplied():
    ind = indicator(unit="average_days", polarity="low", calculation={"value": "days", "window": "snapshot"})
    assert figure(ind, observations({"days": {"Sep 2024": 3}})).value == 3


def test_ready_made_figures_are_never_added_up_from_months():
    ind = indicator(unit="percentage", calculation={"value": "pct"})  # window: period, a quarter
    result = figure(ind, observations({"pct": monthly("2024-07", [50, 60, 70])}))
    assert result.status is Status.MISSING
    # the member reads the period only; validate gives the officer the series and the option to change
    assert phrase(result.reason, WORDS) == "Missing: no figure for Q2 2024-25"
    assert "'pct'" in result.detail and "use window: snapshot" in result.detail


def test_a_snapshot_takes_the_last_month_and_a_year_to_date_figure_is_the_value_at_the_end():
    obs = observations({"pct": monthly("2024-07", [50, 60, 70])})
    for window in ("snapshot", "ytd", "rolling_12m"):
        ind = indicator(unit="percentage", calculation={"value": "pct", "window": window})
        assert figure(ind, obs).value == 70


def test_an_annual_ready_made_figure_is_its_years_own():
    ind = indicator(unit="percentage", calculation={"value": "pct"}, frequency="annual", due_month=9)
    obs = observations({"pct": {"2023-24": 61.0, "Mar 2024": 99.0}})
    assert figure(ind, obs).value == 61.0


def test_a_ready_made_figure_is_rated_as_displayed():
    ind = indicator(unit="percentage", calculation={"value": "pct", "window": "snapshot"},
                    targets={"2024-25": 60}, rag={"rule": "target_tolerance", "tolerance": 5})  # fmt: skip
    obs = observations({"pct": {"Sep 2024": 59.96}})
    row = calculate_row(Calculator(obs, population()), ind, Q2, inputs(obs))
    assert row.rag.rating.value == "green"  # 59.96 shows as 60.0, exactly on target


@pytest.mark.parametrize(
    ("calculation", "words"),
    [
        ({"numerator": "a", "value": "b"}, "expected either 'numerator'"),
        ({}, "expected either 'numerator'"),
        ({"value": "b", "denominator": "c"}, "a ready-made 'value' is not divided by anything"),
        ({"numerator": "a", "base": "c"}, "'base' goes with a ready-made 'value'"),
    ],
)
def test_a_calculation_says_which_way_it_is_given(calculation, words):
    with pytest.raises(Exception, match=words):
        indicator(unit="count", calculation=calculation)
