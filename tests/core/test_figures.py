import pytest

from publisher.core.figures import Figure, Status, format_number, round_half_away


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(2.5, 0, 3.0), (-2.5, 0, -3.0), (0.125, 2, 0.13), (59.95, 1, 60.0), (2.675, 2, 2.68), (1.0049, 2, 1.0)],
)
def test_rounds_half_away_from_zero_as_excel_does(value, decimals, expected):
    assert round_half_away(value, decimals) == expected


def test_format_number_uses_thousands_separators():
    assert format_number(12345.678, 1) == "12,345.7"
    assert format_number(0.5, 0) == "1"


def test_a_figure_without_value_must_say_why():
    with pytest.raises(ValueError):
        Figure(None, Status.OK)
    with pytest.raises(ValueError):
        Figure(0.0, Status.SUPPRESSED)
    assert Figure.none(Status.NOT_DUE, "due in Nov 2026").reason == (Status.NOT_DUE, ": ", "due in Nov 2026")
    assert Figure.of(0).available and Figure.of(0).value == 0.0
