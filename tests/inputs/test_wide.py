"""Data as councils keep it: one row per series and a column per period, with their own ways of writing."""

import datetime as dt

import openpyxl
import pytest

from publisher.core.figures import Status
from publisher.core.periods import Period
from publisher.inputs.observations import load_observations


def observations_from(tmp_path, text):
    path = tmp_path / "scorecard.csv"
    path.write_text(text, encoding="utf-8")
    return load_observations([path])


def test_a_wide_file_gives_one_observation_per_filled_cell(tmp_path):
    found, problems = observations_from(tmp_path, (
        "series,Indicator,Apr-26,May 2026,Q1 26/27,2025/26,Lead\n"
        "eet,Care leavers in EET,61%,\"1,234\",c,58.5,Jo\n"
        "nts,New to service,,3,,,Sam\n"
    ))  # fmt: skip
    assert problems == []
    values = {(s, str(p)): (o.value, o.status) for (s, p), o in found.items.items()}
    assert values == {
        ("eet", "Apr 2026"): (61.0, Status.OK),
        ("eet", "May 2026"): (1234.0, Status.OK),
        ("eet", "Q1 2026-27"): (None, Status.SUPPRESSED),
        ("eet", "2025-26"): (58.5, Status.OK),
        ("nts", "May 2026"): (3.0, Status.OK),  # blank cells are periods with no figure yet
    }
    assert found.notes == (f"{tmp_path / 'scorecard.csv'}: columns not read (neither 'series' nor a period): "
                           "indicator, lead",)  # fmt: skip


def test_a_bad_cell_names_its_row_and_column(tmp_path):
    _, problems = observations_from(tmp_path, "series,Apr-26,May-26\neet,61,sixty\n")
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'scorecard.csv'}:2: 'may-26': expected a number or one of the codes (c, Suppressed, x, z, "
        "n/a, -, blank), got 'sixty'"
    ]


def test_a_table_in_neither_layout_says_what_was_expected(tmp_path):
    _, problems = observations_from(tmp_path, "name,figure\neet,61\n")
    assert "expected columns (series, period, value), or a 'series' column and one column per period" in str(
        problems[0]
    )


def test_excel_dates_as_headings_and_percent_formatted_cells_read_as_shown(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Series", dt.datetime(2026, 4, 30), dt.datetime(2026, 5, 31)])
    sheet.append(["eet", 0.97, 0.955])
    for cell in ("B2", "C2"):
        sheet[cell].number_format = "0.0%"
    book.save(tmp_path / "wide.xlsx")
    found, problems = load_observations([tmp_path / "wide.xlsx"])
    assert problems == []
    assert {str(p): o.value for (_, p), o in found.items.items()} == {"Apr 2026": 97.0, "May 2026": 95.5}


@pytest.mark.parametrize(
    ("written", "period"),
    [("30/06/2017", "Jun 2017"), ("Apr-26", "Apr 2026"), ("Q1 26/27", "Q1 2026-27"), ("2025/26", "2025-26"),
     ("Sep-2024", "Sep 2024")],
)  # fmt: skip
def test_periods_as_councils_write_them(written, period):
    assert str(Period.parse(written)) == period


@pytest.mark.parametrize("written", ["31/06/2017", "2026-02-30", "Q5 26/27", "Apr-2"])
def test_dates_that_do_not_exist_are_not_periods(written):
    with pytest.raises(ValueError, match="expected a period such as"):
        Period.parse(written)


def test_a_long_file_still_takes_uk_dates_and_percent_signs(tmp_path):
    found, problems = observations_from(tmp_path, "series,period,value\neet,30/06/2017,97%\n")
    assert problems == [] and [(str(p), o.value) for (_, p), o in found.items.items()] == [("Jun 2017", 97.0)]
