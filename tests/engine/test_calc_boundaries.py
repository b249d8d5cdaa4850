"""Calculation windows that a mutation run of engine/calc.py (mutmut 3.8.1) found untested.

Each test names the surviving mutant(s) it kills as `kills: <mutant id>`. Values are worked by hand and go
through the public `Calculator` and `direction_of_travel`, as test_calc.py does.
"""

from publisher.core.figures import Figure, Status
from publisher.core.periods import Period
from publisher.core.vocab import Audience
from publisher.engine.calc import Calculator
from publisher.engine.judgement import direction_of_travel
from publisher.engine.model import Judgement, Point
from publisher.output.messages import default_messages
from publisher.output.words import phrase

from ..helpers import indicator, monthly, observations, population

Q2 = Period.parse("Q2 2024-25")
WORDS = default_messages().entries  # publisher's catalogue: the explanations in its words


def figure(ind, obs, period=Q2, pop=None, audience=Audience.PUBLIC):
    return Calculator(obs, pop or population(), audience).figure(ind, period)[0]


def data_period(ind, obs, period):
    return Calculator(obs, population()).figure(ind, period)[1]


# -- _calculate ------------------------------------------------------------------------------------------


def test_a_score_over_a_quarter_is_the_mean_of_its_months_and_is_never_suppressed():
    # Jul-Sep scores 3, 4, 5: the quarter's score is their mean, 4.0 (not the sum 12), and a score of 1 to 5
    # is not a small count, so it is shown in a public pack.
    # kills: publisher.engine.calc.xǁCalculatorǁ_calculate__mutmut_6, _12, _13 (mean=False for a score: 12.0)
    # kills: publisher.engine.calc.xǁCalculatorǁ_calculate__mutmut_19, _20 ("score" dropped from the count branch)
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_97 (mean never taken), _99 (total * len: 36.0)
    # kills: publisher.engine.calc.xǁCalculatorǁ_disclosure__mutmut_2 (`or unit == "score"` -> `and`), _10, _11
    ind = indicator(unit="score", calculation={"numerator": "n", "window": "period"})
    result = figure(ind, observations({"n": monthly("2024-07", [3, 4, 5])}))
    assert (result.status, result.value) == (Status.OK, 4.0)


def test_a_snapshot_rate_per_10000_is_not_annualised():
    # 120 children at the end of September / 60,000 children * 10,000 = 20.0 (a snapshot has no 12/months scale)
    # kills: publisher.engine.calc.xǁCalculatorǁ_calculate__mutmut_43 (scale 12 / 1: 240.0), _45 (scale 2: 40.0)
    # kills: publisher.engine.calc.xǁCalculatorǁ_calculate__mutmut_59, _62 (population not kept as the denominator)
    ind = indicator(unit="rate_per_10k", calculation={"numerator": "cp", "population": True, "window": "snapshot"})
    obs = observations({"cp": monthly("2024-09", [120])})
    result = figure(ind, obs, pop=population(**{"2024_25": 60_000}))
    assert (result.value, result.numerator, result.denominator) == (20.0, 120, 60_000)


def test_a_rate_per_10000_from_a_denominator_series():
    # 30 / 60,000 * 10,000 = 5.0 per 10,000
    # kills: publisher.engine.calc.xǁCalculatorǁ_calculate__mutmut_92, _93 ("rate_per_10k" key: factor 1.0)
    # kills: publisher.engine.calc.xǁCalculatorǁ_calculate__mutmut_94 (10_000.0 -> 10001.0: 5.0005)
    # kills: publisher.engine.calc.xǁCalculatorǁ_calculate__mutmut_30 (`and calc.population` -> `or`: a rate with a
    #        denominator series went to the population branch and came out missing)
    ind = indicator(unit="rate_per_10k", calculation={"numerator": "n", "denominator": "kids", "window": "snapshot"})
    obs = observations({"n": monthly("2024-09", [30]), "kids": monthly("2024-09", [60_000])})
    assert figure(ind, obs).value == 5.0


def test_a_snapshot_percentage_from_quarterly_data():
    # Both series are published quarterly; the snapshot at the end of Q2 is 30 / 60 = 50.0%.
    # kills: publisher.engine.calc.xǁCalculatorǁ_calculate__mutmut_67 (denominator summed over the window, not a
    #        snapshot: quarterly data cannot fill one month, so the figure went missing)
    ind = indicator(unit="percentage", calculation={"numerator": "num", "denominator": "den", "window": "snapshot"})
    obs = observations({"num": {"Q2 2024-25": 30}, "den": {"Q2 2024-25": 60}})
    assert figure(ind, obs).value == 50.0


# -- _aggregate ------------------------------------------------------------------------------------------


def test_year_to_date_from_quarterly_data():
    # Apr-Sep from two quarters: 20 + 33 = 53
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_31, _32 (months assumed: KeyError)
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_41 (a quarter as 4 months: missing)
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_56 (range step dropped: looks for every month)
    ind = indicator(calculation={"numerator": "n", "window": "ytd"})
    assert figure(ind, observations({"n": {"Q1 2024-25": 20, "Q2 2024-25": 33}})).value == 53


def test_year_to_date_at_year_end_from_a_yearly_figure():
    # Apr 2024-Mar 2025 filled by the one 2024-25 figure: 120
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_34, _35 (quarters assumed: KeyError)
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_36, _37 (next(None): TypeError)
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_42 (a year as 13 months: missing)
    ind = indicator(calculation={"numerator": "n", "window": "ytd"})
    assert figure(ind, observations({"n": {"2024-25": 120}}), Period.parse("Q4 2024-25")).value == 120


def test_months_are_preferred_to_a_quarter_of_the_same_series():
    # Jul-Sep monthly 10 + 11 + 12 = 33; the quarterly 99 for the same series is not used.
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_30 (`Kind.MONTH in kinds` -> `and False`: 99)
    ind = indicator(calculation={"numerator": "n", "window": "period"})
    obs = observations({"n": {**monthly("2024-07", [10, 11, 12]), "Q2 2024-25": 99}})
    assert figure(ind, obs).value == 33


def test_quarters_are_preferred_to_a_year_of_the_same_series():
    # The series has last year's annual figure (listed first) and this year's quarters: ytd uses quarters.
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_33 (`Kind.QUARTER in kinds` -> `and False`:
    #        takes the first kind, the year, which cannot fill six months)
    ind = indicator(calculation={"numerator": "n", "window": "ytd"})
    obs = observations({"n": {"2023-24": 500, "Q1 2024-25": 20, "Q2 2024-25": 33}})
    assert figure(ind, obs).value == 53


def test_quarterly_data_cannot_fill_a_month_and_says_so():
    # A month's figure from quarterly data is missing, never a silent zero.
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_43 (`or` -> `and`: empty range summed to 0)
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_46 (status None), _48, _49 (TypeError), _47 (note)
    ind = indicator(calculation={"numerator": "n", "window": "period"})
    result = figure(ind, observations({"n": {"Q2 2024-25": 33}}), Period.parse("Aug 2024"))
    assert (result.status, phrase(result.note, WORDS)) == (Status.MISSING, "no figure for Aug 2024")
    assert result.detail == "('n' is quarter data and cannot fill it)"


def test_a_missing_quarter_names_the_quarter():
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_68, _69, _71, _72, _73 (TypeError building the label)
    # kills: publisher.engine.calc.xǁCalculatorǁ_aggregate__mutmut_70, _74, _75 (wrong period named)
    ind = indicator(calculation={"numerator": "n", "window": "ytd"})
    result = figure(ind, observations({"n": {"Q2 2024-25": 33}}))
    assert (result.status, phrase(result.note, WORDS)) == (Status.MISSING, "no figure for Q1 2024-25")


# -- _disclosure -----------------------------------------------------------------------------------------


def test_small_number_edges_1_and_the_threshold_are_withheld():
    # Counts of 1 and of 5 (the default threshold) are withheld in public; 0 and 6 are shown.
    # kills: publisher.engine.calc.xǁCalculatorǁ_disclosure__mutmut_29 (2 <= p), _30 (1 < p): 1 was shown
    # kills: publisher.engine.calc.xǁCalculatorǁ_disclosure__mutmut_31 (p < threshold): 5 was shown
    ind = indicator(calculation={"numerator": "n", "window": "snapshot"})
    shown = {v: figure(ind, observations({"n": monthly("2024-09", [v])})) for v in (0, 1, 5, 6)}
    assert [shown[v].status for v in (0, 1, 5, 6)] == [Status.OK, Status.SUPPRESSED, Status.SUPPRESSED, Status.OK]


def test_a_threshold_of_1_still_withholds_a_1():
    # kills: publisher.engine.calc.xǁCalculatorǁ_disclosure__mutmut_8 (threshold == 0 -> threshold == 1: nothing withheld)
    ind = indicator(small_number_threshold=1, calculation={"numerator": "n", "window": "snapshot"})
    assert figure(ind, observations({"n": monthly("2024-09", [1])})).status is Status.SUPPRESSED
    assert figure(ind, observations({"n": monthly("2024-09", [2])})).value == 2


def test_an_average_over_a_small_number_of_cases_is_withheld():
    # 300 days over 3 children: the average (100.0 days) is withheld because its denominator is 3.
    # kills: publisher.engine.calc.xǁCalculatorǁ_disclosure__mutmut_13 (`!=` -> `==` "rate_per_10k": denominator skipped)
    # kills: publisher.engine.calc.xǁCalculatorǁ_disclosure__mutmut_16 (denominator replaced by None)
    ind = indicator(unit="average_days", polarity="low",
                    calculation={"numerator": "days", "denominator": "cases", "window": "snapshot"})  # fmt: skip
    obs = observations({"days": monthly("2024-09", [300]), "cases": monthly("2024-09", [3])})
    assert figure(ind, obs).status is Status.SUPPRESSED
    assert figure(ind, obs, audience="restricted").value == 100.0


def test_the_not_counted_complement_applies_only_to_percentages():
    # An average of 40 placements over 43 children: 43 - 40 = 3 is not a count of anyone, so it is shown.
    # kills: publisher.engine.calc.xǁCalculatorǁ_disclosure__mutmut_17, _18 (complement applied to every unit)
    ind = indicator(unit="average", decimals=2,
                    calculation={"numerator": "moves", "denominator": "kids", "window": "snapshot"})  # fmt: skip
    obs = observations({"moves": monthly("2024-09", [40]), "kids": monthly("2024-09", [43])})
    assert figure(ind, obs).status is Status.OK


# -- _window ---------------------------------------------------------------------------------------------


def test_rolling_6_months_covers_six_months():
    # Apr-Sep: 1 + 2 + 3 + 4 + 5 + 6 = 21 (the quarter alone would be 15)
    # kills: publisher.engine.calc.x__window__mutmut_8, _9 ("rolling_6m" not recognised: falls back to the quarter)
    ind = indicator(calculation={"numerator": "n", "window": "rolling_6m"})
    assert figure(ind, observations({"n": monthly("2024-04", [1, 2, 3, 4, 5, 6])})).value == 21


def test_a_snapshot_covers_the_last_month_of_the_period():
    # kills: publisher.engine.calc.x__window__mutmut_16, _17 ("snapshot" not recognised: data period is the quarter)
    # kills: publisher.engine.calc.x__window__mutmut_20 (kind None)
    ind = indicator(polarity="none", calculation={"numerator": "cla", "window": "snapshot"})
    assert data_period(ind, observations({"cla": monthly("2024-07", [470, 480, 495])}), Q2) == Period.parse("Sep 2024")


# -- annual and termly: _due_month_index, _latest_due_year, _latest_term ---------------------------------

YEARS = {"2022-23": 100, "2023-24": 200, "2024-25": 300}


def annual(due_month):
    return indicator(frequency="annual", due_month=due_month, calculation={"numerator": "n", "window": "snapshot"})


def test_a_figure_due_in_april_is_shown_from_the_april_after_the_year():
    # 2023-24 is due in April 2024: shown in Q1 2024-25 (to June 2024).
    # kills: publisher.engine.calc.x__due_month_index__mutmut_3 (after = year end + 2: due April 2025)
    # kills: publisher.engine.calc.x__due_month_index__mutmut_12 (due_month > m: due April 2025)
    assert data_period(annual(4), observations({"n": YEARS}), Period.parse("Q1 2024-25")) == Period.parse("2023-24")


def test_a_figure_due_in_march_is_shown_from_the_march_a_year_after_the_year():
    # 2023-24 (to March 2024) is due in March 2025, not March 2024: in Q3 2024-25 (to Dec 2024) the latest
    # figure due is 2022-23's; in Q4 2024-25 (to March 2025) it is 2023-24's.
    # kills: publisher.engine.calc.x__due_month_index__mutmut_2 (after = year end - 1), _11 (always this year),
    #        _13 (y - 1): each makes 2023-24 (or later) due too early
    # kills: publisher.engine.calc.x__due_month_index__mutmut_14 (y + 2: 2023-24 due only in March 2026)
    # kills: publisher.engine.calc.x__latest_due_year__mutmut_12 (`> end` -> `>= end`: not shown in its due month)
    obs = observations({"n": YEARS})
    assert data_period(annual(3), obs, Period.parse("Q3 2024-25")) == Period.parse("2022-23")
    assert data_period(annual(3), obs, Period.parse("Q4 2024-25")) == Period.parse("2023-24")


def test_a_figure_is_shown_in_the_month_it_is_due():
    # 2024-25 is due in December 2025: shown in Q3 2025-26, which ends in December 2025.
    # kills: publisher.engine.calc.x__latest_due_year__mutmut_12 (`>=`: would still show 2023-24)
    obs = observations({"n": YEARS})
    assert data_period(annual(12), obs, Period.parse("Q3 2025-26")) == Period.parse("2024-25")


def test_in_january_the_latest_term_is_last_years_autumn_term():
    # kills: publisher.engine.calc.x__latest_term__mutmut_9 (candidates from next year: none ended, ValueError)
    # kills: publisher.engine.calc.x__latest_term__mutmut_10 (year - 2: Autumn 2023)
    ind = indicator(frequency="termly", calculation={"numerator": "n", "window": "snapshot"})
    obs = observations({"n": {"Autumn 2023": 30, "Autumn 2024": 40}})
    assert Calculator(obs, population()).figure(ind, Period.parse("Jan 2025")) == (
        Figure.of(40, 40),
        Period.parse("Autumn 2024"),
    )


# -- direction_of_travel ---------------------------------------------------------------------------------


def point(value):
    return Point(Q2.previous(), Figure.of(value) if value is not None else Figure.none(Status.MISSING, "x"))


def test_direction_without_this_periods_figure_says_this_period():
    # kills: publisher.engine.calc.x_direction_of_travel__mutmut_6 (names the comparator's period instead)
    result = direction_of_travel(indicator(), Figure.none(Status.MISSING, "x"), point(5))
    assert phrase(result.explanation, WORDS) == "Not judged: no figure for this period"


def test_direction_down_says_down():
    # kills: publisher.engine.calc.x_direction_of_travel__mutmut_52 (verb always "Up")
    result = direction_of_travel(indicator(polarity="none", decimals=0), Figure.of(495), point(496))
    assert phrase(result.explanation, WORDS) == "Down from 496 in Q1 2024-25 (neither high nor low is better)"


def test_a_move_of_exactly_the_level_tolerance_is_no_change_despite_float_noise():
    # kills: dropping the 1e-9 guard in direction_of_travel: 10.3 - 10.1 is 0.20000000000000107 in floating point,
    # which without it would be a move of more than the 0.2 tolerance, so "improving"
    ind = indicator(decimals=1, level_tolerance=0.2)
    assert direction_of_travel(ind, Figure.of(10.3), point(10.1)).judgement is Judgement.NO_CHANGE
    assert direction_of_travel(ind, Figure.of(10.4), point(10.1)).judgement is Judgement.IMPROVING
