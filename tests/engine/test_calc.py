"""Headline figures, history, direction and disclosure control with hand-worked values."""

import pytest

from publisher.core.figures import Figure, Status
from publisher.core.periods import Period
from publisher.core.vocab import Audience
from publisher.engine.calc import Calculator, calculate_row
from publisher.engine.judgement import direction_of_travel
from publisher.engine.model import Judgement, Movement, Point, display
from publisher.engine.scorecard import build_scorecard
from publisher.output.messages import default_messages
from publisher.output.words import phrase

from ..helpers import indicator, inputs, monthly, observations, population

Q2 = Period.parse("Q2 2024-25")
WORDS = default_messages().entries  # publisher's catalogue: the explanations in its words
PCT = {"unit": "percentage", "calculation": {"numerator": "num", "denominator": "den", "window": "rolling_12m"}}


def figure(ind, obs, period=Q2, pop=None, audience=Audience.PUBLIC):
    return Calculator(obs, pop or population(), audience).figure(ind, period)[0]


def test_percentage_over_rolling_12_months():
    # Oct 2023 - Sep 2024: 12 months of 10 out of 20 plus one month of 2 out of 20 replaced
    num = [10] * 11 + [2]
    obs = observations({"num": monthly("2023-10", num), "den": monthly("2023-10", [20] * 12)})
    result = figure(indicator(**PCT), obs)
    # (110 + 2) / 240 = 46.666...%
    assert round(result.value, 4) == 46.6667
    assert (result.numerator, result.denominator) == (112, 240)


def test_rate_per_10000_rolling_12_months():
    obs = observations({"refs": monthly("2023-10", [600] * 12)})
    ind = indicator(unit="rate_per_10k", calculation={"numerator": "refs", "population": True, "window": "rolling_12m"})
    # 7,200 referrals / 60,000 children * 10,000 = 1,200.0
    assert figure(ind, obs, pop=population(**{"2024_25": 60_000})).value == 1200.0


def test_rate_per_10000_rolling_6_months_is_annualised():
    obs = observations({"refs": monthly("2024-04", [500] * 6)})
    ind = indicator(unit="rate_per_10k", calculation={"numerator": "refs", "population": True, "window": "rolling_6m"})
    # 3,000 in 6 months -> 6,000 a year / 60,000 * 10,000 = 1,000.0
    assert figure(ind, obs, pop=population(**{"2024_25": 60_000})).value == 1000.0


def test_rate_across_a_change_of_population_year_uses_the_year_the_window_ends():
    obs = observations({"refs": monthly("2024-07", [100] * 12)})
    ind = indicator(unit="rate_per_10k", calculation={"numerator": "refs", "population": True, "window": "rolling_12m"})
    pop = population(**{"2024_25": 60_000, "2025_26": 62_500})
    # Jul 2024 - Jun 2025 ends in 2025-26: 1,200 / 62,500 * 10,000 = 192.0 (not 200.0 with 2024-25's 60,000)
    assert figure(ind, obs, Period.parse("Q1 2025-26"), pop).value == 192.0


def test_rate_without_population_for_the_year_is_missing_not_zero():
    obs = observations({"refs": monthly("2023-10", [600] * 12)})
    ind = indicator(unit="rate_per_10k", calculation={"numerator": "refs", "population": True, "window": "rolling_12m"})
    result = figure(ind, obs, pop=population(**{"2023_24": 60_000}))
    assert (result.status, phrase(result.note, WORDS)) == (Status.MISSING, "no child population given for 2024-25")


def test_snapshot_count_at_period_end():
    obs = observations({"cla": monthly("2024-07", [470, 480, 495])})
    ind = indicator(polarity="none", calculation={"numerator": "cla", "window": "snapshot"})
    assert figure(ind, obs).value == 495


def test_count_in_period_and_year_to_date():
    obs = observations({"n": monthly("2024-04", [7, 8, 9, 10, 11, 12])})
    in_period = indicator(calculation={"numerator": "n", "window": "period"})
    ytd = indicator(calculation={"numerator": "n", "window": "ytd"})
    assert figure(in_period, obs).value == 33  # Jul-Sep: 10 + 11 + 12
    assert figure(ytd, obs).value == 57  # Apr-Sep: 7 + 8 + ... + 12


def test_average_days():
    obs = observations({"days": monthly("2024-07", [1000, 0, 1560]), "cases": monthly("2024-07", [8, 0, 12])})
    ind = indicator(unit="average_days", polarity="low", calculation={"numerator": "days", "denominator": "cases"})
    # (1,000 + 1,560) days / 20 children = 128.0 days
    result = figure(ind, obs)
    assert (result.value, result.numerator, result.denominator) == (128.0, 2560, 20)


def test_zero_denominator_is_not_applicable():
    obs = observations({"num": monthly("2023-10", [0] * 12), "den": monthly("2023-10", [0] * 12)})
    assert figure(indicator(**PCT), obs).status is Status.NOT_APPLICABLE


def test_a_missing_month_in_the_window_names_the_month():
    values = monthly("2023-10", [20] * 12)
    del values["Aug 2024"]
    obs = observations({"num": monthly("2023-10", [10] * 12), "den": values})
    result = figure(indicator(**PCT), obs)
    assert (result.status, phrase(result.note, WORDS)) == (Status.MISSING, "no figure for Aug 2024")


def test_a_code_in_the_data_carries_its_reason():
    values = monthly("2024-07", [10, "c", 10])
    result = figure(indicator(calculation={"numerator": "n"}), observations({"n": values}))
    assert result.status is Status.SUPPRESSED and "Aug 2024" in phrase(result.note, WORDS)


# -- small numbers --------------------------------------------------------------------------------------


def test_small_count_is_suppressed_in_public_and_shown_when_restricted():
    obs = observations({"n": monthly("2024-07", [1, 1, 1])})
    ind = indicator(calculation={"numerator": "n"})
    public = figure(ind, obs)
    assert public.status is Status.SUPPRESSED and public.value is None and public.numerator is None
    assert figure(ind, obs, audience=Audience.RESTRICTED).value == 3


def test_true_zero_stays_zero():
    obs = observations({"n": monthly("2024-07", [0, 0, 0])})
    assert figure(indicator(calculation={"numerator": "n"}), obs).value == 0


def test_six_is_above_the_default_threshold():
    obs = observations({"n": monthly("2024-07", [2, 2, 2])})
    assert figure(indicator(calculation={"numerator": "n"}), obs).value == 6


def test_percentage_built_on_a_suppressed_numerator_is_suppressed():
    # 3 out of 117 = 2.6%: the percentage with its denominator would disclose the 3.
    obs = observations({"num": monthly("2024-09", [3]), "den": monthly("2024-09", [117])})
    ind = indicator(unit="percentage", calculation={"numerator": "num", "denominator": "den", "window": "snapshot"})
    assert figure(ind, obs).status is Status.SUPPRESSED
    assert round(figure(ind, obs, audience=Audience.RESTRICTED).value, 1) == 2.6


def test_rate_built_on_a_small_count_is_suppressed():
    obs = observations({"refs": monthly("2023-10", [0] * 11 + [4])})
    ind = indicator(unit="rate_per_10k", calculation={"numerator": "refs", "population": True, "window": "rolling_12m"})
    assert figure(ind, obs, pop=population(**{"2024_25": 60_000})).status is Status.SUPPRESSED


# Exactly at the threshold (5) is withheld; one above it (6) is published; a known zero is never withheld.
SNAPSHOT_PCT = {"numerator": "num", "denominator": "den", "window": "snapshot"}


@pytest.mark.parametrize(("count", "withheld"), [(0, False), (1, True), (5, True), (6, False)])
def test_a_count_at_the_threshold_is_withheld_and_one_above_is_not(count, withheld):
    obs = observations({"n": monthly("2024-09", [count])})
    result = figure(indicator(calculation={"numerator": "n", "window": "snapshot"}), obs)
    assert (result.status is Status.SUPPRESSED) is withheld
    assert withheld or result.value == count


@pytest.mark.parametrize(
    ("numerator", "denominator", "withheld", "shown"),
    [
        (5, 117, True, None),  # 5 in the measure
        (6, 117, False, "5.1%"),  # 6 * 100 / 117 = 5.128...
        (112, 117, True, None),  # the other 5 would follow from 117 - 112
        (111, 117, False, "94.9%"),  # the other 6: 111 * 100 / 117 = 94.871...
        (0, 117, False, "0.0%"),  # nobody: a known zero is published
        (117, 117, False, "100.0%"),  # everybody: the other 0 discloses nobody
        (6, 11, True, None),  # 11 - 6 = 5 others
        (6, 12, False, "50.0%"),  # 12 - 6 = 6 others
    ],
)
def test_a_percentage_at_the_threshold_of_its_count_or_complement(numerator, denominator, withheld, shown):
    obs = observations({"num": monthly("2024-09", [numerator]), "den": monthly("2024-09", [denominator])})
    ind = indicator(unit="percentage", calculation=SNAPSHOT_PCT)
    result = figure(ind, obs)
    assert (result.status is Status.SUPPRESSED) is withheld
    assert withheld or ind.show(result.value) == shown


@pytest.mark.parametrize(("count", "withheld"), [(5, True), (6, False)])
def test_a_rate_built_on_a_count_at_the_threshold(count, withheld):
    # 6 referrals in a year among 60,000 children: 6 * 10,000 / 60,000 = 1.0 per 10,000.
    obs = observations({"refs": monthly("2023-10", [0] * 11 + [count])})
    ind = indicator(unit="rate_per_10k", calculation={"numerator": "refs", "population": True, "window": "rolling_12m"})
    result = figure(ind, obs, pop=population(**{"2024_25": 60_000}))
    assert (result.status is Status.SUPPRESSED) is withheld
    assert withheld or result.value == pytest.approx(1.0)


@pytest.mark.parametrize(("count", "threshold", "withheld"), [(3, 3, True), (4, 3, False), (1, 0, False)])
def test_a_council_threshold_is_inclusive_and_zero_turns_it_off(count, threshold, withheld):
    obs = observations({"n": monthly("2024-09", [count])})
    ind = indicator(calculation={"numerator": "n", "window": "snapshot"}, small_number_threshold=threshold)
    assert (figure(ind, obs).status is Status.SUPPRESSED) is withheld


# -- annual, termly, in development -------------------------------------------------------------------

ANNUAL = {"unit": "percentage", "frequency": "annual", "due_month": 11,
          "calculation": {"numerator": "num", "denominator": "den", "window": "snapshot"}}  # fmt: skip


def test_annual_figure_shows_the_latest_year_that_was_due():
    obs = observations({"num": {"2022-23": 80, "2023-24": 90}, "den": {"2022-23": 100, "2023-24": 100}})
    calculator = Calculator(obs, population())
    # 2023-24 is due in Nov 2024: in Q2 2024-25 (to Sep 2024) the latest due figure is 2022-23's
    assert calculator.figure(indicator(**ANNUAL), Q2) == (Figure.of(80, 80, 100), Period.parse("2022-23"))
    assert calculator.figure(indicator(**ANNUAL), Period.parse("Q3 2024-25"))[0].value == 90


def test_new_annual_measure_is_not_yet_due():
    obs = observations({"num": {"2024-25": 80}, "den": {"2024-25": 100}})
    result = figure(indicator(**ANNUAL), obs, Period.parse("Q2 2025-26"))
    assert (result.status, phrase(result.note, WORDS)) == (Status.NOT_DUE, "the first figure (2024-25) is due in Nov 2025")


def test_annual_quarter_columns_show_the_figure_only_in_the_quarter_it_was_published():
    obs = observations({"num": {"2023-24": 90}, "den": {"2023-24": 100}})
    ind = indicator(**ANNUAL)
    row = calculate_row(Calculator(obs, population()), ind, Period.parse("Q3 2024-25"), inputs(obs))
    statuses = [p.figure.status for p in row.year_quarters]
    assert statuses == [Status.NOT_DUE, Status.NOT_DUE, Status.OK, Status.NOT_DUE]
    assert phrase(row.year_quarters[3].figure.note, WORDS) == "future quarter"


def test_termly_figure_is_the_latest_term_ended():
    obs = observations({"n": {"Summer 2024": 40, "Spring 2024": 35}})
    ind = indicator(frequency="termly", calculation={"numerator": "n", "window": "snapshot"})
    calculator = Calculator(obs, population())
    assert calculator.figure(ind, Q2) == (Figure.of(40, 40), Period.parse("Summer 2024"))


def test_in_development_says_so():
    ind = indicator(status="in_development")
    assert figure(ind, observations({})).status is Status.IN_DEVELOPMENT


# -- direction of travel ------------------------------------------------------------------------------


def point(value):
    return Point(Q2.previous(), Figure.of(value) if value is not None else Figure.none(Status.MISSING, "x"))


def test_direction_up_is_improving_when_high_is_good():
    result = direction_of_travel(indicator(decimals=1), Figure.of(57.0), point(42.0))
    assert (result.movement, result.judgement) == (Movement.UP, Judgement.IMPROVING)
    assert phrase(result.explanation, WORDS) == "Up from 42.0 in Q1 2024-25: improving"


def test_direction_up_is_worsening_when_low_is_good():
    result = direction_of_travel(indicator(polarity="low"), Figure.of(25.7), point(22.0))
    assert result.judgement is Judgement.WORSENING


def test_direction_compares_displayed_values_and_uses_level_tolerance():
    assert direction_of_travel(indicator(), Figure.of(60.04), point(59.96)).movement is Movement.LEVEL
    ind = indicator(level_tolerance=0.5)
    assert direction_of_travel(ind, Figure.of(60.4), point(60.0)).judgement is Judgement.NO_CHANGE
    assert direction_of_travel(ind, Figure.of(60.6), point(60.0)).judgement is Judgement.IMPROVING


def test_direction_without_polarity_is_not_judged_but_shows_movement():
    result = direction_of_travel(indicator(polarity="none"), Figure.of(495), point(496))
    assert (result.movement, result.judgement) == (Movement.DOWN, Judgement.NOT_JUDGED)


def test_direction_with_missing_previous_period_is_not_judged():
    result = direction_of_travel(indicator(), Figure.of(5), point(None))
    assert phrase(result.explanation, WORDS) == "Not judged: no figure for Q1 2024-25"


def test_comparator_same_period_last_year():
    obs = observations({"n": monthly("2023-07", [10, 10, 10] + [0] * 9 + [20, 20, 20])})
    ind = indicator(compare_with="same_period_last_year", calculation={"numerator": "n"})
    row = calculate_row(Calculator(obs, population()), ind, Q2, inputs(obs))
    assert row.comparator.period.label == "Q2 2023-24" and row.comparator.figure.value == 30
    assert row.previous.figure.value == 0  # a true zero in Q1 2024-25, not missing
    assert row.direction.judgement is Judgement.IMPROVING


def test_history_has_13_months_and_outturn_is_last_financial_year():
    obs = observations({"cla": monthly("2023-04", list(range(400, 418)))})
    ind = indicator(calculation={"numerator": "cla", "window": "snapshot"})
    row = calculate_row(Calculator(obs, population()), ind, Q2, inputs(obs))
    assert next(p.period.label for p in row.history) == "Sep 2023"
    assert len(row.history) == 13 and row.history[-1].figure.value == 417
    assert (row.outturn_last_year.period.label, row.outturn_last_year.figure.value) == ("2023-24", 411)  # Mar 2024


def test_scorecard_groups_rows_by_priority(registry_dir):
    from publisher.inputs.registry import load_registry

    registry = load_registry(registry_dir)
    obs = observations({"cl_eet": monthly("2024-09", [50]), "cl_all": monthly("2024-09", [100])})
    scorecard = build_scorecard(registry, inputs(obs), Q2)
    assert [r.indicator.reference for r in scorecard.rows] == ["CL3.1", "CL3.2"]
    assert scorecard.rows[0].headline.value == 50.0
    assert phrase(scorecard.rows[0].rag.explanation, WORDS) == (
        "Below target of 60.0%, outside tolerance of 5.0 percentage points"
    )


def test_annual_history_starts_at_the_first_published_year_and_target_is_the_data_year():
    obs = observations({"num": {"2022-23": 80, "2023-24": 90}, "den": {"2022-23": 100, "2023-24": 100}})
    ind = indicator(**{**ANNUAL, "targets": {"2023-24": 85, "2024-25": 95}})
    row = calculate_row(Calculator(obs, population()), ind, Period.parse("Q3 2024-25"), inputs(obs))
    assert [p.period.label for p in row.history] == ["2022-23", "2023-24"]
    assert row.target == 85  # the 2023-24 figure is judged against 2023-24's target, not 2024-25's
    assert row.previous.figure.value == 80


def test_a_figure_not_yet_due_is_rated_with_its_reason():
    obs = observations({"num": {"2024-25": 80}, "den": {"2024-25": 100}})
    row = calculate_row(Calculator(obs, population()), indicator(**ANNUAL), Period.parse("Q2 2025-26"), inputs(obs))
    explained = phrase(row.rag.explanation, default_messages().entries)  # the status in the catalogue's words
    assert explained == "Not rated: not yet due: the first figure (2024-25) is due in Nov 2025"


def test_termly_figure_appears_only_in_the_quarter_its_term_ended():
    obs = observations({"n": {"Summer 2024": 40, "Spring 2024": 35, "Autumn 2023": 30}})
    ind = indicator(frequency="termly", calculation={"numerator": "n", "window": "snapshot"})
    row = calculate_row(Calculator(obs, population()), ind, Q2, inputs(obs))
    shown = {p.period.label: (p.figure.status, p.figure.value) for p in row.recent}
    assert shown["Q2 2024-25"] == (Status.OK, 40)  # Summer term ends in July
    assert shown["Q1 2024-25"][0] is Status.NOT_APPLICABLE  # no term ends April-June
    assert shown["Q4 2023-24"] == (Status.OK, 35) and shown["Q3 2023-24"] == (Status.OK, 30)


def test_a_figure_for_the_period_has_a_quarterly_sparkline_that_matches_the_table():
    obs = observations({"n": monthly("2022-10", list(range(24)))})
    row = calculate_row(Calculator(obs, population()), indicator(), Q2, inputs(obs))
    assert [p.period.label for p in row.history][-2:] == ["Q1 2024-25", "Q2 2024-25"]
    assert row.history[-1].figure == row.headline


def test_baseline_is_carried_with_its_period():
    obs = observations({"n": monthly("2024-07", [10, 10, 10])})
    ind = indicator(baseline={"period": "2023-24", "value": 21.6})
    row = calculate_row(Calculator(obs, population()), ind, Q2, inputs(obs))
    assert (row.baseline.period.label, row.baseline.figure.value) == ("2023-24", 21.6)


def test_percentages_round_half_away_from_the_exact_fraction():
    # 41 / 80 = 51.25% exactly: shown as 51.3%, not 51.2% (41 / 80 * 100 is 51.24999... in floating point)
    obs = observations({"num": monthly("2024-09", [41]), "den": monthly("2024-09", [80])})
    ind = indicator(unit="percentage", calculation={"numerator": "num", "denominator": "den", "window": "snapshot"})
    assert display(ind, figure(ind, obs)) == "51.3%"
    obs = observations({"num": monthly("2024-09", [23]), "den": monthly("2024-09", [40])})
    assert display(indicator(**{**ind.model_dump(), "decimals": 0}), figure(ind, obs)) == "58%"  # 57.5


def test_annual_outturn_is_the_years_own_figure():
    obs = observations({"num": {"2022-23": 80, "2023-24": 90}, "den": {"2022-23": 100, "2023-24": 100}})
    row = calculate_row(Calculator(obs, population()), indicator(**ANNUAL), Period.parse("Q3 2024-25"), inputs(obs))
    assert (row.outturn_last_year.period.label, row.outturn_last_year.figure.value) == ("2023-24", 90)


def test_target_keys_in_another_spelling_are_found():
    ind = indicator(targets={"2024/25": 60}, rag={"rule": "target_tolerance", "tolerance": 5})
    assert ind.target_for(Q2) == 60


def test_nan_and_infinite_targets_are_refused():
    import pytest as _pytest
    from pydantic import ValidationError

    with _pytest.raises(ValidationError):
        indicator(targets={"2024-25": float("nan")})
