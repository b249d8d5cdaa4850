"""Observations, population and commentary: codes become reasons, every bad row is named."""

import pytest

from publisher.commentary.file import load_commentary
from publisher.core.figures import Status
from publisher.core.periods import Period
from publisher.inputs.observations import check_observations, load_observations
from publisher.inputs.population import load_population
from publisher.inputs.registry import load_registry

from ..conftest import write

HEADER = "series,period,value,note\n"


def load_csv(tmp_path, text, registry_dir=None, period="Q2 2024-25"):
    path = write(tmp_path, "obs.csv", HEADER + text)
    observations, problems = load_observations([path])
    if registry_dir is not None:
        problems += check_observations(load_registry(registry_dir), observations, Period.parse(period))
    return observations, [str(p) for p in problems], path


@pytest.mark.parametrize(
    ("cell", "status"),
    [("c", Status.SUPPRESSED), ("Suppressed", Status.SUPPRESSED), ("x", Status.MISSING), ("z", Status.NOT_APPLICABLE),
     ("-", Status.MISSING), ("", Status.MISSING)],
)  # fmt: skip
def test_codes_become_reasons_never_zero(tmp_path, cell, status):
    observations, problems, _ = load_csv(tmp_path, f"cl_eet,2024-09,{cell},\n")
    found = observations.get("cl_eet", Period.parse("Sep 2024"))
    assert problems == [] and found.value is None and found.status is status


def test_numbers_with_thousands_separators_and_dates(tmp_path):
    observations, problems, _ = load_csv(tmp_path, 'cl_all,2024-09-30,"1,234",\n')
    assert problems == [] and observations.get("cl_all", Period.parse("Sep 2024")).value == 1234


BAD_ROWS = [
    ("cl_eet,2024-09,twelve,\n", 2, "value", "expected a number or one of the codes (c, Suppressed, x, z, n/a, -, blank), got 'twelve'"),
    ("cl_eet,2024-09,-4,\n", 2, "value", "expected 0 or more, got -4"),
    ("cl_eet,Sept 2024,4,\n", 2, "period", "expected a period such as"),
    ("cl_eet,2024-09,12,\ncl_eet,2024-09,13,\n", 3, "period", "duplicate row for series 'cl_eet' and period Sep 2024 (first at"),
    (",2024-09,12,\n", 2, "series", "expected a series name, found a blank cell"),
    ("cl_eet,2024-09,45%%,\n", 2, "value", "got '45%%'"),
    ("cl_eet,Sept 2024,4,\ncl_eet,Sept 2024,5,\n", 3, "period", "expected a period such as"),  # a bad label, again
    ("cl_eet,2024-09,12,\ncl_eet,2024-10,13,fine \u202e\n", 3, "note", "contains an invisible direction control (U+202E)"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "row", "field", "words"), BAD_ROWS)
def test_bad_rows_name_file_row_and_field(tmp_path, text, row, field, words):
    _, problems, path = load_csv(tmp_path, text)
    assert any(p.startswith(f"{path}:{row}: '{field}':") and words in p for p in problems), problems


def test_registry_checks_unknown_series_future_period_and_numerator_above_denominator(tmp_path, registry_dir):
    text = "cl_eeet,2024-09,3,\ncl_eet,2024-10,5,\ncl_eet,2024-09,60,\ncl_all,2024-09,50,\n"
    _, problems, path = load_csv(tmp_path, text, registry_dir)
    assert any(p.startswith(f"{path}:2: 'series': unknown series 'cl_eeet'") for p in problems), problems
    assert any(p.startswith(f"{path}:3: 'period': period Oct 2024 is after the reporting period") for p in problems)
    assert any(p.startswith(f"{path}:4: 'value': numerator 'cl_eet' (60) is larger than denominator 'cl_all' (50")
               for p in problems), problems  # fmt: skip
    assert len(problems) == 3


def test_missing_columns_are_named(tmp_path):
    path = write(tmp_path, "obs.csv", "series,month,value\nx,2024-09,1\n")
    _, problems = load_observations([path])
    assert [str(p) for p in problems] == [
        f"{path}:1: expected columns (series, period, value), or a 'series' column and one column per period "
        "(such as 'Apr 2026', 'Q1 2026-27' or '2025-26'); found (series, month, value)"
    ]


def test_windows_1252_and_bom_are_read(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_bytes("\ufeffseries,period,value,note\ncl_eet,2024-09,4,caf\u00e9\n".encode("utf-8"))
    observations, problems = load_observations([path])
    assert problems == [] and observations.get("cl_eet", Period.parse("Sep 2024")).note == "caf\u00e9"
    path.write_bytes("series,period,value,note\ncl_eet,2024-09,4,caf\u00e9\n".encode("cp1252"))
    observations, problems = load_observations([path])
    assert problems == [] and observations.get("cl_eet", Period.parse("Sep 2024")).note == "caf\u00e9"


def test_xlsx_observations_with_real_dates(tmp_path):
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Series", "Period", "Value"])
    sheet.append(["cl_eet", dt.datetime(2024, 9, 30), 12])
    sheet.append(["cl_eet", "2024-10", "=SUM(A1:A2)"])
    book.save(tmp_path / "obs.xlsx")
    observations, problems = load_observations([tmp_path / "obs.xlsx"])
    assert observations.get("cl_eet", Period.parse("Sep 2024")).value == 12
    assert [str(p) for p in problems] == [f"{tmp_path / 'obs.xlsx'}:3: 'value': expected a number or one of the "
                                          "codes (c, Suppressed, x, z, n/a, -, blank), got '=SUM(A1:A2)'"]  # fmt: skip


def test_population_problems(tmp_path):
    path = write(tmp_path, "pop.csv", "year,population\n2024-25,60000\n2024,61000\n2025-26,none\n2024-25,1\n")
    population, problems = load_population(path)
    assert [str(p).split(": '")[0] for p in problems] == [f"{path}:3", f"{path}:4", f"{path}:5"]
    assert population.for_period(Period.parse("Q2 2024-25")) == 60000


COMMENTARY = """\
period: Q2 2024-25
priorities:
  care-leavers:
    author: Jo Bloggs, Head of Service
    date: 2024-10-14
    text: |
      Good progress this quarter.
indicators:
  CL3.1:
    author: Sam Patel
    date: 2024-10-12
    text: EET has risen.
"""


def commentary_problems(tmp_path, registry_dir, text):
    write(tmp_path / "commentary", "2024-25-Q2.yaml", text)
    commentary, problems = load_commentary(tmp_path / "commentary", load_registry(registry_dir))
    return commentary, [str(p) for p in problems]


def test_commentary_loads(tmp_path, registry_dir):
    commentary, problems = commentary_problems(tmp_path, registry_dir, COMMENTARY)
    assert problems == []
    assert commentary.for_indicator(Period.parse("Q2 2024-25"), "CL3.1").author == "Sam Patel"


BAD_COMMENTARY = [
    ("CL3.1:", "CL9.9:", 9, "indicators.CL9.9", "unknown indicator reference 'CL9.9': expected one of (CL3.1, CL3.2)"),
    ("  care-leavers:", "  care-leaver:", 3, "priorities.care-leaver", "unknown priority 'care-leaver'"),
    ("    text: EET has risen.", "    writer: Sam", 9, "indicators.CL3.1.text", "required field is missing"),
    ("date: 2024-10-12", "date: 12th October", 11, "indicators.CL3.1.date", "got '12th October'"),
    ("period: Q2 2024-25", "period: Q2 2024", 1, "period", "expected a period such as"),
    ("    text: EET has risen.", "    text: EET has risen.\n    text: again", 13, "indicators.CL3.1.text", "duplicate key"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "line", "field", "words"), BAD_COMMENTARY)
def test_bad_commentary_names_file_line_and_field(tmp_path, registry_dir, old, new, line, field, words):
    _, problems = commentary_problems(tmp_path, registry_dir, COMMENTARY.replace(old, new))
    path = tmp_path / "commentary" / "2024-25-Q2.yaml"
    assert any(p.startswith(f"{path}:{line}: '{field}':") and words in p for p in problems), problems
