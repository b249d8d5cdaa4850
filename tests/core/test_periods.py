import pytest

from publisher.core.periods import Kind, Period, PeriodError


@pytest.mark.parametrize(
    ("text", "label", "kind", "months"),
    [
        ("Q2 2024-25", "Q2 2024-25", Kind.QUARTER, 3),
        ("q4 2024/25", "Q4 2024-25", Kind.QUARTER, 3),
        ("2024-25", "2024-25", Kind.YEAR, 12),
        ("1999-00", "1999-00", Kind.YEAR, 12),
        ("2024-09", "Sep 2024", Kind.MONTH, 1),
        ("September 2024", "Sep 2024", Kind.MONTH, 1),
        ("2024-09-30", "Sep 2024", Kind.MONTH, 1),
        ("Autumn 2024", "Autumn 2024", Kind.TERM, 4),
        ("spring 2025", "Spring 2025", Kind.TERM, 3),
    ],
)
def test_parse_and_label(text, label, kind, months):
    period = Period.parse(text)
    assert (period.label, period.kind, period.months) == (label, kind, months)


@pytest.mark.parametrize("text", ["Q5 2024-25", "2024-26", "2024-13", "Q2 2024", "Winter 2024", "", "24-25"])
def test_unreadable_labels_name_what_was_found(text):
    with pytest.raises(PeriodError, match="expected a period") as caught:
        Period.parse(text)
    assert repr(text) in str(caught.value)


def test_ambiguous_label_reads_as_financial_year():
    # '2011-12' could be December 2011; the financial year is what scorecards mean.
    assert Period.parse("2011-12").kind is Kind.YEAR


def test_q1_is_april_to_june_and_q4_crosses_the_calendar_year():
    q1 = Period.parse("Q1 2024-25")
    q4 = Period.parse("Q4 2024-25")
    assert [m.label for m in q1.month_periods()] == ["Apr 2024", "May 2024", "Jun 2024"]
    assert [m.label for m in q4.month_periods()] == ["Jan 2025", "Feb 2025", "Mar 2025"]


def test_previous_quarter_crosses_financial_year():
    assert Period.parse("Q1 2024-25").previous().label == "Q4 2023-24"
    assert Period.parse("Q3 2024-25").previous().label == "Q2 2024-25"


def test_previous_month_crosses_calendar_year():
    assert Period.parse("Jan 2025").previous().label == "Dec 2024"


def test_same_period_last_year():
    assert Period.parse("Q2 2024-25").same_period_last_year().label == "Q2 2023-24"
    assert Period.parse("2024-25").same_period_last_year().label == "2023-24"


def test_previous_terms_cycle_autumn_spring_summer():
    assert Period.parse("Spring 2025").previous().label == "Autumn 2024"
    assert Period.parse("Summer 2025").previous().label == "Spring 2025"
    assert Period.parse("Autumn 2024").previous().label == "Summer 2024"


def test_rolling_windows_end_with_the_period():
    q2 = Period.parse("Q2 2024-25")
    assert q2.months_ending(12).label == "Oct 2023 - Sep 2024"
    assert q2.months_ending(6).label == "Apr 2024 - Sep 2024"
    assert Period.parse("Q1 2025-26").months_ending(12).label == "Jul 2024 - Jun 2025"


def test_year_to_date_starts_in_april():
    assert Period.parse("Q3 2024-25").year_to_date().label == "Apr 2024 - Dec 2024"
    assert Period.parse("Mar 2025").year_to_date().label == "Apr 2024 - Mar 2025"
    assert Period.parse("Apr 2025").year_to_date().label == "Apr 2025 - Apr 2025"


def test_financial_year_of_january_is_the_one_that_started_last_april():
    assert Period.parse("Jan 2025").containing_financial_year().label == "2024-25"
    assert Period.parse("Mar 2025").containing_financial_year().label == "2024-25"
    assert Period.parse("Apr 2025").containing_financial_year().label == "2025-26"


def test_quarters_of_year_and_slug():
    labels = [q.label for q in Period.parse("Q3 2024-25").quarters_of_year()]
    assert labels == ["Q1 2024-25", "Q2 2024-25", "Q3 2024-25", "Q4 2024-25"]
    assert Period.parse("Q2 2024-25").slug == "2024-25-Q2"


def test_periods_as_keys_equal_when_kind_and_months_equal():
    """Period hashes its months alone and Kind its text: keys still tell a month from a one-month span."""
    month = Period.parse("Sep 2026")
    span = Period.span(month.start, month.end)
    assert month != span and hash(month) == hash(span) and len({month, span}) == 2
    assert {Period.parse("Q2 2026-27"): 1}[Period.quarter(2026, 2)] == 1
    assert hash(Kind.MONTH) == hash("month") and {Kind.MONTH: 1}["month"] == 1
    assert sorted([span, month, Period.quarter(2026, 2)]) == [Period.quarter(2026, 2), month, span]  # by months
