"""Boundaries of the calculation windows a mutation run found untested: when an annual figure falls due, which
term is the latest, a ready-made percentage's worked-back count, and what a rate's small numbers are."""

import pytest

from publisher.core.figures import Status
from publisher.core.periods import Period
from publisher.engine.calc import Calculator
from publisher.output.messages import default_messages
from publisher.output.words import phrase

from ..helpers import indicator, observations, population

Q2 = Period.parse("Q2 2026-27")  # July to September 2026
WORDS = default_messages().entries  # publisher's catalogue: the reasons in its words


@pytest.mark.parametrize(
    ("due_month", "year", "value"),
    [
        (9, "2025-26", 61.0),  # 2025-26 is due in September 2026, the last month of Q2: it is out
        (10, "2024-25", 58.0),  # due in October 2026: not yet, so the latest is 2024-25
        (4, "2025-26", 61.0),  # due in April 2026, the month after the year ends
        (3, "2024-25", 58.0),  # the first March after 2025-26 ends is March 2027: 2024-25 is the latest
    ],
)
def test_an_annual_figure_is_the_latest_due_by_the_end_of_the_period(due_month, year, value):
    obs = observations({"pct": {"2024-25": 58.0, "2025-26": 61.0}})
    ind = indicator(unit="percentage", calculation={"value": "pct"}, frequency="annual", due_month=due_month)
    figure, data_period = Calculator(obs, population()).figure(ind, Q2)
    assert (str(data_period), figure.value) == (year, value)


@pytest.mark.parametrize(
    ("period", "term"),
    [("Q2 2026-27", "Summer 2026"), ("Q3 2026-27", "Autumn 2026"), ("Q4 2026-27", "Spring 2027"),
     ("Q1 2026-27", "Spring 2026"), ("Jul 2026", "Summer 2026"), ("Dec 2026", "Autumn 2026")],
)  # fmt: skip
def test_a_termly_figure_is_the_latest_term_ended_by_the_period(period, term):
    terms = {"Spring 2026": 90.0, "Summer 2026": 91.0, "Autumn 2026": 92.0, "Spring 2027": 93.0}
    ind = indicator(unit="percentage", calculation={"value": "att"}, frequency="termly")
    figure, data_period = Calculator(observations({"att": terms}), population()).figure(ind, Period.parse(period))
    assert (str(data_period), figure.value) == (term, terms[term])


@pytest.mark.parametrize(("percent", "withheld"), [(2.6, True), (2.4, True), (3.3, False)])
def test_a_ready_made_percentage_is_worked_back_to_whole_children(percent, withheld):
    # 2.6% of 200 is 5.2: 5 children (withheld); 2.4% is 4.8: 5 children; 3.3% is 6.6: 7 children (shown).
    obs = observations({"pct": {"Sep 2026": percent}, "n": {"Sep 2026": 200}})
    ind = indicator(unit="percentage", calculation={"value": "pct", "base": "n", "window": "snapshot"})
    assert (Calculator(obs, population()).figure(ind, Q2)[0].status is Status.SUPPRESSED) is withheld


def test_a_rates_small_numbers_are_its_numerator_and_its_denominator_series():
    # A rate over a denominator series prints both in the exports, so both are counts that must not be small.
    ind = indicator(unit="rate_per_10k", calculation={"numerator": "refs", "denominator": "children",
                                                      "window": "snapshot"})  # fmt: skip
    shown = observations({"refs": {"Sep 2026": 8}, "children": {"Sep 2026": 400}})
    assert Calculator(shown, population()).figure(ind, Q2)[0].value == pytest.approx(8 * 10_000 / 400)
    for refs, children in ((5, 400), (40, 3)):
        small = observations({"refs": {"Sep 2026": refs}, "children": {"Sep 2026": children}})
        assert Calculator(small, population()).figure(ind, Q2)[0].status is Status.SUPPRESSED


def test_a_term_can_be_reported_in_the_quarter_the_council_reports_it_in():
    from publisher.engine.calc import calculate_row

    from ..helpers import inputs

    terms = {"Spring 2026": 90.0, "Summer 2026": 91.0}
    obs = observations({"att": terms})
    usual = indicator(unit="percentage", calculation={"value": "att"}, frequency="termly")
    later = indicator(unit="percentage", calculation={"value": "att"}, frequency="termly", term_quarter={"Summer": "Q3"})
    q3 = Period.parse("Q3 2026-27")
    for ind, wanted in ((usual, {"Q4 2025-26": 90.0, "Q2 2026-27": 91.0}), (later, {"Q4 2025-26": 90.0, "Q3 2026-27": 91.0})):
        row = calculate_row(Calculator(obs, population()), ind, q3, inputs(obs))
        shown = {str(p.period): p.figure.value for p in row.year_quarters + row.recent if p.figure.available}
        assert shown == wanted


def test_a_score_is_the_mean_of_its_months():
    obs = observations({"s": {"Jul 2026": 10, "Aug 2026": 20, "Sep 2026": 36}})
    ind = indicator(unit="score", calculation={"numerator": "s"})  # window: period, the quarter
    assert Calculator(obs, population()).figure(ind, Q2)[0].value == pytest.approx(22.0)  # (10 + 20 + 36) / 3


def test_quarterly_data_fills_rolling_and_year_to_date_windows_quarter_by_quarter():
    quarters = {"Q3 2025-26": 10, "Q4 2025-26": 20, "Q1 2026-27": 30, "Q2 2026-27": 40}
    obs = observations({"n": quarters})
    rolling = indicator(calculation={"numerator": "n", "window": "rolling_12m"})
    ytd = indicator(calculation={"numerator": "n", "window": "ytd"})
    assert Calculator(obs, population()).figure(rolling, Q2)[0].value == 100  # 10 + 20 + 30 + 40
    assert Calculator(obs, population()).figure(ytd, Q2)[0].value == 70  # Q1 + Q2 of 2026-27
    gap = observations({"n": {k: v for k, v in quarters.items() if k != "Q4 2025-26"}})
    missing = Calculator(gap, population()).figure(rolling, Q2)[0]
    assert missing.status is Status.MISSING and phrase(missing.note, WORDS) == "no figure for Q4 2025-26"


def test_yearly_data_cannot_fill_a_quarter():
    obs = observations({"n": {"2025-26": 400}})
    result = Calculator(obs, population()).figure(indicator(calculation={"numerator": "n"}), Q2)[0]
    assert result.status is Status.MISSING and phrase(result.note, WORDS) == "no figure for Q2 2026-27"
    assert phrase(result.diagnosis, WORDS) == "Missing: no figure for Q2 2026-27 ('n' is year data and cannot fill it)"
