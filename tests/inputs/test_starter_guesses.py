"""init's guesses for single rows (issue 24, item 5): the frequency a row's words give ('Annual Indicator',
'(Termly)'), polarity from '+' / '-' and from 'Higher is better' / 'Low is good' in a cell; each printed with its
row and listed in init-mapping.yaml."""

import csv

import openpyxl

from publisher.cli import main
from publisher.core.periods import Period
from publisher.core.vocab import Frequency, Polarity
from publisher.inputs.starter import plan_scorecard

ROWS = [
    ["Ref", "Indicator", "Polarity", "Q2 23/24", "Q3 23/24", "Comments"],
    ["F1", "Staff who say supervision helps (%)", "+", None, 69, "Annual Indicator"],
    ["F2", "Completed PEPs (Termly)", "+", 94, 80, None],
    ["F3", "Re-referrals (%)", "-", 22, 21, None],
    ["F4", "Children missing from home", None, 5, 6, "Low is good: fewer episodes"],
    ["F5", "Referrals (annual rate per 10,000)", None, 500, 510, "Annual health checks are separate"],
    ["F6", "Permanent exclusions 1/2 termly", None, 1, 0, None],
    ["F7", "Pupils below 90% attendance (termly)", None, 8, 9, "Reported monthly"],
]


def sheet(tmp_path):
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    path = tmp_path / "guesses.xlsx"
    book.save(path)
    return path


def test_a_rows_words_give_its_frequency_and_its_figures_the_periods_they_are_for(tmp_path):
    plan = plan_scorecard(sheet(tmp_path))
    rows = {i.reference: i for _, _, found in plan.priorities for i in found}
    # 'Annual Indicator': 69 printed under Q3 2023-24 (October-December 2023) is the outturn of 2022-23, known by
    # December 2023, so due_month 12
    f1 = rows["F1"]
    assert (f1.frequency, f1.values, f1.due_month) == (Frequency.ANNUAL, [(Period.parse("2022-23"), "69")], 12)
    assert f1.guesses["frequency"] == ("frequency annual: the row says 'Annual Indicator'; read Q3 2023-24 as "
                                       "2022-23, shown from Dec (due_month 12)")
    # '(Termly)': the Summer term (April-July) ends in Q2 (July-September), the Autumn term (September-December)
    # in Q3
    f2 = rows["F2"]
    assert f2.frequency is Frequency.TERMLY
    assert f2.values == [(Period.parse("Summer 2023"), "94"), (Period.parse("Autumn 2023"), "80")]
    # an annual rate, annual health checks and half-termly exclusions say nothing of how often there is a figure
    assert rows["F5"].frequency is rows["F6"].frequency is Frequency.QUARTERLY
    assert not rows["F5"].guesses and not rows["F6"].guesses
    # a row that says two frequencies is noted and left as its columns give it
    assert rows["F7"].frequency is Frequency.QUARTERLY
    assert ("row 8 (F7) says 'termly' and 'monthly': its frequency is left as its columns give it"
            in plan.notes)


def test_polarity_from_plus_and_minus_and_from_the_rows_words(tmp_path):
    rows = {i.reference: i for _, _, found in plan_scorecard(sheet(tmp_path)).priorities for i in found}
    assert rows["F1"].polarity is Polarity.HIGH and "polarity" not in rows["F1"].guesses  # '+' is read, not guessed
    assert rows["F3"].polarity is Polarity.LOW  # '-' in a column that writes '+': low is good, not a dash
    assert rows["F3"].guesses["polarity"] == "polarity low: '-' under 'Polarity', which writes '+' for high is good"
    assert rows["F4"].guesses["polarity"] == "polarity low: a cell of the row says 'Low is good'"
    assert rows["F5"].polarity is Polarity.NONE


def test_each_guess_is_printed_with_its_row_and_listed_and_the_project_calculates(tmp_path, capsys):
    project = tmp_path / "project"
    assert main(["init", str(project), "--from", str(sheet(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "Guessed: row 2 (F1): frequency annual: the row says 'Annual Indicator'" in out
    assert "Guessed: row 3 (F2): frequency termly: the row says 'Termly'" in out
    assert "Guessed: row 5 (F4): polarity low: a cell of the row says 'Low is good'" in out
    mapping = (project / "init-mapping.yaml").read_text(encoding="utf-8")
    assert "#   row 4 (F3): polarity low: '-' under 'Polarity'" in mapping
    registry = (project / "indicators" / "01-scorecard.yaml").read_text(encoding="utf-8")
    assert "    frequency: annual   # guessed: the row says 'Annual Indicator'" in registry
    assert "    due_month: 12   #" in registry
    with (project / "data" / "observations.csv").open(encoding="utf-8") as stream:
        data = {(r["series"], r["period"]): r["value"] for r in csv.DictReader(stream)}
    assert data[("f1", "2022-23")] == "69" and data[("f2", "Autumn 2023")] == "80"
    assert main(["calc", "--project", str(project), "--output", str(tmp_path / "calc")]) == 0
    with next((tmp_path / "calc").rglob("public-scorecard.csv")).open(encoding="utf-8") as stream:
        shown = {r["reference"]: r["value"] for r in csv.DictReader(stream)}
    assert (shown["F1"], shown["F2"]) == ("69.0", "80.0")  # 2022-23's figure due in December; the Autumn term's
