"""Councils' scorecards typed into a workbook exactly as printed (shared/reference): ``init --from`` reads them
with no edit, and the figures land under the periods the council printed them for."""

import csv

import openpyxl
import pytest

from publisher.cli import main
from publisher.core.errors import InputError
from publisher.core.periods import Period
from publisher.inputs.starter import plan_scorecard, read_written

LONG = "The rate of referrals per 10k children (rolling 12 months) has fallen from 657 to 641.3 since last month."
TITLES = [
    "Data as at end of December 2023",
    "The top seven indicators are measures being monitored in the DfE Commissioner's report and where possible, "
    "a rolling 12 month figure is used to show recent progress.",
    "The scorecard also shows the direction of travel and comparisons made to published statistics (2022-23)",
]
MERGED = "Latest published statistics (2022-23)"


def sefton_heading(first: str, second: str, merged: bool) -> list[list[object]]:
    common = ["Direction of travel", "Target", "Low/High is good", "RIG Q2 Sefton", "RIG Q2 NW"]
    if not merged:  # the third page prints LA / SN / NW / Eng on one row, without the merged heading
        return [["No", "Indicator", first, second, *common, "LA", "SN", "NW", "Eng", "Compared to mid-50% LA",
                 "Analysis"]]  # fmt: skip
    return [["No", "Indicator", first, second, *common, MERGED, None, None, None, "Compared to mid-50% LA",
             "Analysis"], [None] * 9 + ["LA", "SN", "NW", "Eng"]]  # fmt: skip


# Sefton's children's social care scorecard, December 2023 (reference 001): three pages, each with its title
# rows and headings; the first page's figures are rolling 12 and rolling 6 months, the others December a year apart.
SEFTON: list[list[object]] = [
    [t] for t in TITLES
] + sefton_heading("LA rolling 12m (Jan22 - Dec23)", "LA rolling 6m (Jul23 - Dec23)", merged=True) + [
    [1, "Referrals received (annual rate per 10,000 of children)*", 641.3, 601.9, "↓", 650, "-", 706.7, 507, 823,
     630, 530, 545, "Higher", LONG],
    [2, "Referrals to social care that were within 12 months of a previous referral (%)*", "25.7%", "22.8%", "↓", 22,
     "Low", "27.2%", "22.5%", 27, 24, 22, 22, "Higher", "Re-referral rate in rolling 12 months has fallen."],
    [4, "Assessments completed within 45 working days (%)*", "67.0%", "75.1%", "↑", 84, "High", "59.0%", "79.6%", 74,
     84, 79, 82, "Lower", "The rolling 12 month rate of assessments completed within 45 days has slightly increased."],
    [6, "Percentage of agency social workers (%) in workforce**", "50 (Apr23)", "49 (Sep23)", "↓", 20, "Low", "-", "-",
     "-", "-", "-", "-", "-", "Target is to reduce the percentage of agency staff from 50% to 20%."],
    [7, "Number of children cared for in unregulated and unregistered placements**", "36 (Dec22)", "30 (Dec23)", "↓",
     19, "Low", "-", "-", "-", "-", "-", "-", "-", "The number in April 2023 was 38."],
    [],
] + [[t] for t in TITLES] + sefton_heading("LA Dec22 ChAT", "LA Dec23 ChAT", merged=True) + [
    [9, "Initial Child Protection Conferences held within 15 working days of the start of the section 47 enquiry (%)",
     "94%", "89%", "↓", "-", "High", "84%", "79.3%", 91, 80, 80, 78, "Higher", "Although the ICPC timeliness rate..."],
    [12, "Children who became the subject of a CP plan for a second or subsequent time (%)", "16%", "25%", "↑", "-",
     "Low", "18.4%", "10.9%", 18, 23, 24, 24, "Lower", "Rolling 12 months data shows Sefton has a lower rate."],
] + [[t] for t in TITLES] + sefton_heading("LA Dec22 ChAT", "LA Dec23 ChAT", merged=False) + [
    [19, "Children who ceased to be looked after in the period who were adopted (%)", "1%", "1%", "↔", "-", "-", "-",
     "-", "<1%", 10, 9, 9, "In range", "Adoption rate remains stable. but is very low compared to benchmarking groups."],
    [],
    ["* rolling 12 months data. All others figures are taken from the ChAT 12 months ago"],
    ["** snapshot at end of December 2023"],
]  # fmt: skip

CHESHIRE_HEADINGS = ["Ref", "Info available from", "Commentary/ Lead", None, "Polarity", "Stat Neigh Av",
                     "National Av", "Target", "Yr. end 17-18", "Qu 1 18-19", "Qu 2 18-19", "Qu 3 18-19", "Qu 4 18-19",
                     "RAG", "Quarterly dir of travel", "Comments", "C&YP Plan Priority", "Corporate Priority"]  # fmt: skip
TAGS = ["2 Feel & Be Safe", "Outcome 5"]


def cheshire_row(ref, owner, lead, title, polarity, target, figures, arrow, comment):
    figures = list(figures) + [None] * (5 - len(figures))
    return [ref, owner, lead, title, polarity, None, None, target, *figures, None, arrow, comment, *TAGS]


# Cheshire East's corporate parenting scorecard 2018-19 (reference 004): a title row, the titles' column with no
# heading, section rows, the headings repeated on the next page, '57% (63%)' and 'Supressed' as printed.
CHESHIRE: list[list[object]] = [
    ["CORPORATE PARENTING SCORECARD 2018-19"],
    CHESHIRE_HEADINGS,
    cheshire_row("G1", "BI Team", "Kerry Birtles", "Number of cared for children", None, "400-450", [477, 496, 495],
                 "→", "Statistical first release for 2017-18 confirms a national rise."),
    cheshire_row("G2", "BI Team", "Kerry Birtles", "Rate per 10,000 cared for children", None, "52.7 - 59.3",
                 [62.9, 65.4, 65.3], "→", "As above."),
    ["Priority 1 - Being a Good Corporate Parent"],
    cheshire_row("P1.1", "Sue Preston", "Sue Preston", "Number of eligible children and young people accessing "
                 "advocacy services", "High is Good", None, [None, 57, 51], "↑", "Of the cases open in quarter 2..."),
    cheshire_row("P1.2", "BI Team", "Karen Chan", "% cared for children reviews in timescales", "High is Good", None,
                 ["91.0%", "97%", "95%"], "↓", "The performance continues to be good."),
    ["CORPORATE PARENTING SCORECARD 2018-19"],
    CHESHIRE_HEADINGS,
    ["Priority 4 - Improve Health and Wellbeing Outcomes"],
    cheshire_row("P4.2", "Jacqui Hall", "Jacqui Hall", "% of initial health assessments completed by paediatricians "
                 "within 20 working days", "High is Good", None, ["57% (63%)", "65%"], None, "See above."),
    cheshire_row("P4.3", "Jacqui Hall", "Jacqui Hall", "% of review health assessments completed (ytd fig)",
                 "High is Good", None, ["88%", "79%", "80%"], "↑", "At the end of September 2018..."),
    ["Priority 5 - Preparing for Adulthood"],
    cheshire_row("P5.3", "BI Team", "BI Team", "The number of young people with a CSE plan - All Individuals", None,
                 None, [5, "Supressed", "Supressed"], "→", "Whilst the numbers on a formal plan are suppressed..."),
    cheshire_row("P5.4", "Jacqui Hall", "Jacqui Hall", "%/ number of individuals aged 16-18 that return home to "
                 "parents (ytd)", None, None, ["17%", "14%", "11%"], "↓", "Of the 9 individuals who have left care..."),
]  # fmt: skip


def workbook(tmp_path, name, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / "sheets" / name
    path.parent.mkdir(exist_ok=True)
    book.save(path)
    return path


def figures(project):
    with (project / "data" / "observations.csv").open(encoding="utf-8") as stream:
        return {(r["series"], r["period"]): (r["value"], r["note"]) for r in csv.DictReader(stream)}


def benchmarks(project):
    with (project / "data" / "benchmarks.csv").open(encoding="utf-8") as stream:
        return {(r["reference"], r["comparator"]): (r["year"], r["value"], r["note"]) for r in csv.DictReader(stream)}


def found(plan):
    return {i.reference: i for _, _, indicators in plan.priorities for i in indicators}


def test_seftons_scorecard_as_printed_goes_in_with_no_edit_and_builds(tmp_path, capsys):
    sheet = workbook(tmp_path, "sefton.xlsx", SEFTON)
    project = tmp_path / "sefton"
    assert main(["init", str(project), "--from", str(sheet), "--council", "Sefton"]) == 0
    out = capsys.readouterr().out
    assert "the pack is for Q3 2023-24" in out
    data = figures(project)
    assert data[("i_1", "Dec 2023")] == ("641.3", "LA rolling 6m (Jul23 - Dec23): 601.9")  # both windows kept
    assert data[("i_2", "Dec 2023")][0] == "25.7"
    assert data[("i_6", "Apr 2023")][0] == "50" and data[("i_6", "Sep 2023")][0] == "49"  # the cells' own months
    assert ("i_6", "Dec 2023") not in data  # never printed under the column's month
    assert data[("i_7", "Dec 2022")][0] == "36" and data[("i_7", "Dec 2023")][0] == "30"
    assert data[("i_9", "Dec 2022")][0] == "94" and data[("i_9", "Dec 2023")][0] == "89"  # the second table's headings
    assert data[("i_19", "Dec 2023")][0] == "1"
    mapping = (project / "init-mapping.yaml").read_text(encoding="utf-8")
    assert '"LA rolling 6m (Jul23 - Dec23)": period Dec 2023 window 6m' in mapping
    assert '"LA Dec23 ChAT": period Dec 2023' in mapping and "# headings in rows 4 and 5" in mapping
    assert f'"{MERGED} / SN": benchmark sn 2022-23' in mapping  # the two-row heading joined, its year kept
    assert '"RIG Q2 NW": benchmark region' in mapping and '"Analysis": comments' in mapping
    assert "#   row 6 (1): window rolling_12m: its title is marked '*' and the footnote in row 25 says so" in mapping
    typed = benchmarks(project)
    assert typed[("1", "sn")] == ("2022-23", "630", "")  # by hand: row 1's SN under the merged 2022-23 heading
    assert typed[("1", "region")] == ("2022-23", "530", "RIG Q2 NW: 507")  # the regional return kept beside it
    assert typed[("2", "england")] == ("2022-23", "22", "")
    assert typed[("19", "la_published")][:2] == ("", "low")  # '<1%' under 'LA' on the page without the year
    assert typed[("19", "region")] == ("", "9", "RIG Q2 NW: -")  # a figure before a regional return's '-'
    assert typed[("4", "band")] == ("", "Lower", "")
    printed = {r["reference"]: r for r in csv.DictReader((project / "data" / "scorecard-as-printed.csv").open())}
    assert (printed["6"]["period"], printed["6"]["printed_direction"]) == ("Sep 2023", "↓")  # its latest figure's
    registry = (project / "indicators" / "01-scorecard.yaml").read_text(encoding="utf-8")
    assert "calculation: {value: i_1, window: rolling_12m}" in registry  # '*' and its footnote
    assert "calculation: {value: i_6, window: snapshot}" in registry  # '**': snapshot at end of December
    assert main(["validate", "--project", str(project)]) == 0
    assert "Reporting period: Q3 2023-24" in capsys.readouterr().out
    assert main(["-q", "calc", "--project", str(project), "--output", str(tmp_path / "calc")]) == 0
    rows = {r["reference"]: r for r in csv.DictReader(next((tmp_path / "calc").rglob("public-scorecard.csv")).open())}
    assert rows["2"]["rag"] == "Red"  # 25.7% against a target of 22, low is good, no tolerance
    assert rows["4"]["rag"] == "Red"  # 67.0% against 84, high is good
    assert (rows["6"]["value"], rows["6"]["status"], rows["6"]["rag"]) == ("", "missing", "Not rated")  # no December figure: never rated
    assert main(["-q", "build", "--project", str(project), "--output", str(tmp_path / "out")]) == 0
    assert next((tmp_path / "out").rglob("*.pdf")).stat().st_size > 0
    html = next((tmp_path / "out").rglob("*.html")).read_text(encoding="utf-8")
    assert 'data-label="SN average">630.0<span class="year">2022-23</span>' in html  # the pack shows the SN typed


def test_cheshire_easts_scorecard_as_printed_goes_in_with_no_edit(tmp_path, capsys):
    sheet = workbook(tmp_path, "cheshire.xlsx", CHESHIRE)
    plan = plan_scorecard(sheet)
    assert [(p[1], [i.reference for i in p[2]]) for p in plan.priorities] == [
        ("Cheshire", ["G1", "G2"]),
        ("Priority 1 - Being a Good Corporate Parent", ["P1.1", "P1.2"]),
        ("Priority 4 - Improve Health and Wellbeing Outcomes", ["P4.2", "P4.3"]),
        ("Priority 5 - Preparing for Adulthood", ["P5.3", "P5.4"]),
    ]
    indicators = found(plan)
    assert indicators["G1"].title == "Number of cared for children"  # the column with no heading
    assert indicators["G1"].target == (400, 450)
    p42 = indicators["P4.2"]
    assert p42.values == [(Period.parse("2017-18"), "57"), (Period.parse("Q1 2018-19"), "65")]
    assert p42.notes == {Period.parse("2017-18"): "also written: (63%)"}
    p53 = indicators["P5.3"]
    assert [v for _, v in p53.values] == ["5", "Suppressed", "Suppressed"]
    assert p53.notes[Period.parse("Q2 2018-19")] == "written 'Supressed'"
    project = tmp_path / "cheshire"
    assert main(["-q", "init", str(project), "--from", str(sheet), "--council", "Cheshire East"]) == 0
    assert '"column D": title' in (project / "init-mapping.yaml").read_text(encoding="utf-8")
    assert main(["validate", "--project", str(project)]) == 0
    assert "Reporting period: Q2 2018-19" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("title", "reference", "rest"),
    [("SCC/002 % of LAC with one or more changes of school", "SCC/002", "% of LAC with one or more changes of school"),
     ("CP1.4 Children on a plan for 2 years or more", "CP1.4", "Children on a plan for 2 years or more"),
     ("P3.17 Average number of days between placement order and match", "P3.17",
      "Average number of days between placement order and match"),
     ("NI 62 Stability of placements: number of moves", "NI 62", "Stability of placements: number of moves")],
)  # fmt: skip
def test_a_reference_at_the_start_of_a_title_is_split_off_not_made_up(tmp_path, title, reference, rest):
    sheet = workbook(tmp_path, "refs.xlsx", [["Indicator", "Q1 23/24", "Q2 23/24", "Target"], [title, 3, 4, 5]])
    planned = found(plan_scorecard(sheet))
    assert list(planned) == [reference] and planned[reference].title == rest


def test_a_title_without_a_reference_is_numbered_in_order_not_by_sheet_row(tmp_path):
    rows = [["Quarterly scorecard"], [], ["Indicator", "Q1 23/24", "Q2 23/24", "Target"],
            ["Number of children in care", 3, 4, None], ["Number of care leavers", 5, 6, None]]  # fmt: skip
    assert list(found(plan_scorecard(workbook(tmp_path, "plain.xlsx", rows)))) == ["1", "2"]


def test_relative_headings_are_read_against_the_period_given(tmp_path):
    rows = [["Ref", "Measure", "Result 12 Months Ago", "Previous Period", "Actual", "Previous years Actual", "Target"],
            ["A1", "Referrals", 10, 11, 12, 40, 13]]  # fmt: skip
    sheet = workbook(tmp_path, "relative.xlsx", rows)
    with pytest.raises(InputError, match="'Actual' is a period counted from the pack's: expected --period"):
        plan_scorecard(sheet)
    planned = found(plan_scorecard(sheet, period=Period.parse("Q2 2023-24")))["A1"]
    assert [(str(p), v) for p, v in planned.values] == [
        ("Q2 2022-23", "10"), ("Q1 2023-24", "11"), ("Q2 2023-24", "12"), ("2022-23", "40")]  # fmt: skip


@pytest.mark.parametrize(
    ("written", "figure", "period", "note"),
    [("50 (Apr23)", "50", "Apr 2023", ""), ("57% (63%)", "57", None, "also written: (63%)"),
     ("Supressed", "Suppressed", None, "written 'Supressed'"), ("not available", "x", None, "written 'not available'"),
     ("<1%", "low", None, "written '<1%': a figure below it, not given"), ("-", "-", None, "")],
)  # fmt: skip
def test_cells_as_councils_write_them_keep_their_meaning(written, figure, period, note):
    read = read_written(written)
    assert not isinstance(read, str)
    assert (read.text, str(read.period) if read.period else None, read.note) == (figure, period, note)


@pytest.mark.parametrize("written", ["about 50", "50 (Apr)", "(63%)", "-5"])
def test_a_cell_that_is_no_figure_is_refused_not_guessed(written):
    assert isinstance(read_written(written), str)
