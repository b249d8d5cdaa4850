"""Councils' scorecards typed into a workbook exactly as printed (shared/reference): ``init --from`` reads them
with no edit, and the figures land under the periods the council printed them for."""

import csv

import openpyxl
import pytest

from publisher.cli import main
from publisher.core.errors import InputError
from publisher.core.periods import Period
from publisher.inputs.registry import load_registry
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


# Sefton's children's social care scorecard for Q2 2017-18 (reference 002), as printed: the titles' column has no
# heading, 'So what does this tell me?' beside it, NW and national averages with footnote marks, graded bands (RI,
# Good, Outstanding), 'Baseline April 2017', 'Q1' and 'Q2' with no year, '66.7*', 'NA', the headings repeated.
SEFTON_2017: list[list[object]] = [
    [None, 'So what does this tell me?', 'NW Av*', 'National Av**', 'RI', 'Good', 'Outstanding', 'Year End Target',
     'Baseline April 2017', 'Q1', 'Q2', 'DoT', 'Comments'],
    [
     ("Rate of referrals to Children's Social Care per 10,000 population (12 month rolling "
          'period)'),
     ('A proxy indicator that early help, intervention and prevention services are having the '
          'desired outcome of a proxy indicator that one contact counts, that churn is minimised and '
          'that children and families get the right help at the right time.'),
     583.6, 532.2, 'Below regional average', None, None, None, 517.0, 487.0, 487.5, '↔', None],
    ['Percentage of those referrals that were re-referrals (rolling 12 month period)', None, 21.9, 22.3, '20-25',
     '19-15', '<14', 16, 21.6, 22.6, 21.5, '↓', None],
    [
     ('Percentage of children and young people seen within 5 days of the referral (rolling 3 '
          'months)'),
     ('Children are being effectively safeguarded once concerns have met threshold for social '
          'care intervention and receive a timely response'),
     None, None, '65-74', '75-83', '85+', 84, None, None, 23.6, '↓',
     ('This performance requires improvement to be good. Teams have now been reorganised into the '
          'new structure and this has been highlighted as a priority performance matter for new team '
          'managers.')],
    [
     ('Percentage of children and young people seen within 10 days of the children and family '
          'assessment start date (rolling 3 months)'),
     None, None, None, '65-75', '75-84', '85+', 85, 61, 60, 53, '↓', None],
    ['Percentage of assessments completed within 15 days',
     ('Children and families receive a timely response, concerns are responded to and there is no '
          'drift and delay. Families are not subjected to ongoing lengthy assessment processes.'),
     None, None, '30-39', '40-49', '50-100', 40, 17, 18.0, 16.0, '↓',
     ('This performance requires improvement to be good. Teams have now been reorganised into the '
          'new structure and this has been highlighted as a priority performance matter for new team '
          'managers.')],
    ['Percentage of assessments completed within 35 days', None, None, None, '65-74', '75-80', '85+', 75, 44, 41.0,
     47.0, '↑', None],
    ['Percentage of assessments completed within 45 days', None, None, None, '75-80', '81-89', '90+', 81, 72, 73.0,
     70.0, '↓', None],
    ['Percentage of assessments audited that meet or exceed good (audit measure)',
     ('Assessments are of a good quality and the help provided as a result has a positive impact '
          "on the child's outcomes"),
     None, None, '50-60', '61-80', '81+', 61, 40.0, '66.7*', None, None, None],
    ['Percentage of assessments that are completed as NFA',
     ('The partnership understands threshold levels for social care intervention. Children and '
          'families are not subjected to unwarranted, intrusive assessment processes. Resource in '
          'assessment is being utilised effectively.'),
     None, None, '40-50', '49-26', '>25', 50, 57.0, 57.0, 54.0, '↓',
     ('This performance was targeted for improvement with team managers and following a deep dive '
          'audit by Head of Service and Service Managers, issues were identified and actions agreed '
          'with Team Managers in July Performance Meeting, the number of NFA has started to drop all '
          'be it slightly for the first time in the rolling 12 month period. Latest performance for '
          'the month of September shows a further drop to 53%.')],
    ['Percentage of cases that meet good for Decision Making (audit measure)',
     ('Decision making is evidenced based, there is a clear recorded rationale and it positively '
          'impacts on case direction and outcomes for children.'),
     None, None, '65-79', '76-89', '90-100', 65, 33.0, '53.3*', None, None, None],
    [
     ('Percentage of children and young people with an up to date plan in line with practice '
          'standards CIN * excluding CWD'),
     'That quality of recording is good and plans are being kept up to date.', None, None, '65-79', '80-89',
     '90-100', 80, 87.3, '87%', None, '↔',
     ('Cannot be reported this quarter due to a technical problem with the query objects used to '
          'report this performance. Issue has been logged with Avarto.')],
    ['Rate of children subject to a child protection plan per 10,000 population',
     ('A proxy indicator that early help, intervention and prevention services are having the '
          "desired outcome of preventing escalation to children's social care."),
     55.2, 43.1, '45-50', '40-44', '<40', 44, 43.9, 39.8, 42.6, '↑',
     ('There has been a slight increase in CP in quarter 2 and this is largely due to the impact '
          'of repeat CP Plans. It must be noted that first time entrants to CP continues to decline '
          'and in comparison to the same period last year there are 19 less children subject to CP in '
          'total.')],
    [
     ('Percentage of children and young people subject to a child protection plan for a second or '
          'subsequent time (rolling 12 month period)'),
     ('A proxy indicator that one contact counts, that churn is minimised and that children and '
          'families get the right help at the right time.'),
     17.6, 17.9, '25-20', '19-16', '<15', 19, 21.5, 20.5, 27.8, '↓',
     ('Repeat plans are up regionally and remain a target for improvement in Sefton. As at the '
          'end of Quarter 1, Sefton had the third highest repeat CP plans rates regionally behind '
          "Bury and Salford who are both 'good' LA's. Part of the reason why the proportion of "
          'repeats has increased is because the total number subject to CP is lower, thus the number '
          'of the total as a percentage is higher. However, there are still more children subject to '
          'a repeat plan than at this time last year indicating that whilst Sefton is becoming more '
          'successful at preventing first time CP entrants in line with the early help and '
          'intervention offer down stream, Sefton continues to struggles with those families who')],
    ['Number of notifications of cases of suspected private fostering (rolling 12 month period)',
     ('That Sefton continue to promote aware across the partnership of private fostering and '
          'encourage referral to social care. That children who are being privately fostered are '
          'being effectively safeguarded and Sefton is compliant with policy.'),
     None, None, 'Increase', None, None, None, 5, 0, 0, '↓',
     ('There have been no private fostering notifications in the year to date. This data should '
          'trigger action from the LSCB to market awareness of PF to all professionals in the '
          'partnership again.')],
    [
     ('Percentage of visits and initial assessment in suspected private fostering cases '
          'undertaken within 7 days'),
     None, None, None, '60-69', '70-79', 80, 70, '60%', 'NA', None, None,
     'No private fostering notifications have been received in April or May.'],
    [None, 'So what does this tell me?', 'NW Av*', 'National Av**', 'RI', 'Good', 'Outstanding', 'Year End Target',
     'Baseline April 2017', 'Q1', 'Q2', 'DoT', 'Comments'],
    ['Rate of children looked after per 10,000 population',
     ('An indicator that early help and help and protection services are having the desired '
          'outcome of preventing escalation of risk and of children coming in care. Families are '
          'being supported at the earliest opportunity.'),
     82, 60, '85-90', '80-84', '<80', 84, 85.4, 86.5, 89.0, '↑',
     ('LAC per 10,000 population has increased - there is a separate paper concerning this '
          'performance submitted to board. LAC is up across the north west region and is up '
          'nationally.')],
    [
     ('Proportion of children and young people looked after with 3 or more placements in a 12 '
          'month period'),
     ('That permanency for children who are looked after is achieved at the earliest opportunity '
          'and children are not subject to multiple placement moves and carers which affects their '
          "attachment and can be detrimental to children's long term outcomes."),
     None, '10%', '11-13', '10-5', '<5', 7, 11.8, 9.3, 9.0, '↓',
     ('After a slight increase, this performance has begun to decrease. Nevertheless, Sefton '
          'recognises that placements moves impact on good outcomes for children and young people and '
          'as an action from recent increases a task and finish group was set up to understand how '
          'Sefton can improve this performance taking into consideration national research and best '
          'practice. Report to be provided by group for next CYPIB.')],
]  # fmt: skip


def test_seftons_2017_scorecard_with_an_unheaded_titles_column_goes_in_with_no_edit(tmp_path, capsys):
    sheet = workbook(tmp_path, "sefton-2017.xlsx", SEFTON_2017)
    project = tmp_path / "sefton-2017"
    assert main(["init", str(project), "--from", str(sheet), "--period", "Q2 2017-18"]) == 0
    out = capsys.readouterr().out
    assert "17 indicators in 1 section; the pack is for Q2 2017-18" in out
    assert "Columns not placed" not in out
    assert ("row 10 (9): the bands RI 40-50 / Good 49-26 / Outstanding >25 were left out: they do not run one way"
            in out)  # as printed: '>25' cannot be better than '49-26' whichever way is good
    assert "Guessed: row 3 (2): polarity low: the bands run that way (Outstanding best)" in out
    # By hand: of the 9 rows with a move and bands giving polarity, only 13 (27.8 up from 20.5, low is good, '↓') reads
    # as better and worse; 2, 12, 16 and 17 (low is good) as up and down
    assert "mean the figure rose and fell (up_down): 8 of the 9 rows whose figure moved" in out
    mapping = (project / "init-mapping.yaml").read_text(encoding="utf-8")
    for line in ('"column A": title', '"So what does this tell me?": description', '"NW Av*": benchmark region',
                 '"National Av**": benchmark england', '"Year End Target": target', '"Q1": period Q1 2017-18',
                 '"Baseline April 2017": baseline Apr 2017', '"DoT": printed_direction up_down', '"Comments": comments',
                 '"RI": band amber', '"Good": band green', '"Outstanding": band green'):
        assert f"\n{line}\n" in mapping  # fmt: skip
    data = figures(project)
    # By hand from the printed page: referrals Q1 487.0, Q2 487.5; re-referrals Q2 21.5; an audit '66.7*' in Q1.
    assert data[("i_1", "Q1 2017-18")][0] == "487" and data[("i_1", "Q2 2017-18")][0] == "487.5"
    assert data[("i_2", "Q2 2017-18")][0] == "21.5"
    assert data[("i_8", "Q1 2017-18")] == ("66.7", "marked '*' (see the sheet's footnotes)")
    assert ("i_8", "Q2 2017-18") not in data  # a blank cell is no figure
    assert not any(period == "Apr 2017" for _, period in data)  # the baseline is the registry's, not a figure
    typed = benchmarks(project)
    assert typed[("1", "region")] == ("", "583.6", "") and typed[("1", "england")] == ("", "532.2", "")
    assert typed[("17", "england")] == ("", "10", "")  # '10%' under 'National Av**'
    registry = load_registry(project / "indicators")
    referrals = registry.by_reference["1"]
    assert referrals.description.startswith("A proxy indicator that early help")
    assert (referrals.baseline.period, referrals.baseline.value) == ("Apr 2017", 517)
    assert registry.by_reference["2"].targets == {"2017-18": 16}
    assert main(["validate", "--project", str(project)]) == 0
    assert "Reporting period: Q2 2017-18" in capsys.readouterr().out
    assert main(["-q", "calc", "--project", str(project), "--output", str(tmp_path / "calc")]) == 0
    with next((tmp_path / "calc").rglob("public-scorecard.csv")).open(encoding="utf-8") as stream:
        rated = {r["reference"]: (r["value"], r["rag"]) for r in csv.DictReader(stream)}
    # By hand against the printed bands: re-referrals 21.5 is in RI 20-25 (low is good); seen within 10 days 53
    # is below RI 65-75; CP rate 42.6 is in Good 40-44; repeat CP 27.8 is above RI 25-20; 9.0 is in Good 10-5.
    assert rated["2"] == ("21.5", "RI") and rated["4"] == ("53.0", "Inadequate")
    assert rated["12"] == ("42.6", "Good") and rated["13"] == ("27.8", "Inadequate") and rated["17"] == ("9.0", "Good")
    assert rated["8"] == ("", "Not rated")  # Q2 left blank as printed: missing, never rated


# Sefton's children's social care scorecard, September 2022 (reference 000), the page of indicators 16-23 as the
# extracted text prints it: the title in the second cell, the date without its year, the key's note sharing a row with
# the merged 'Latest published statistics for LAs (2021-22)' over LA / SN / Eng, the figures' headings 'LA 12m' and
# 'LA 6m' with no dates, '- Latest snapshot **' titles, the council's spellings ('statisical', 'falledn'), and the
# workbook's other sheets. Cells the extraction lost (every 'LA 12m' figure, the targets, two arrows) are blank;
# fragments it cannot place ('150', '(14)', '13-0', '270') are left out.
SEFTON_2022: list[list[object]] = [
    [None, "Children's Social Care Performance Scorecard"],
    ["Data as at end of September (Q2)"],
    ["Indicators 8-23 compares the latest 6 month data from September 2022 to 6 month data 12 months ago, as taken "
     "from the ChAT report."],
    ["The top seven indicators are measures being monitored in the DfE Commissioner's report and where possible, a "
     "rolling 12 month figure is used to show recent progress."],
    ["The scorecard also shows the direction of travel and comparisons made to published statistics (2021-22)"],
    [None, "Key indicator. Targets have been set for all key indicators.", None, None, None, None, None,
     "Latest published statistics for LAs (2021-22)"],
    ["No", "Indicator", "LA 12m", "LA 6m", "Target", "Direction of travel", "Low/High is good", "LA", "SN", "Eng",
     "Compared to mid-50% LA", "Analysis"],
    [16, "Children looked after who were away without authorisation in the period (%)", None, None, None, None, "-",
     1, 3, 2, "Lower", "Rate remains static over 12 month period and low compared with statisical neighbours and "
     "national."],
    [17, "Children looked after who had their teeth checked by a dentist in the last 12 months (%)", None, None, None,
     "↑", "High", 68, 71, 70, "In range", "Percentage rate has increased since this time last year. In range with "
     "benchmarking groups."],
    [18, "Children looked after who had their annual health assessment (%)", None, 88, None, None, "High", 94, 93, 89,
     "In range", "Slight decrease compared to 12 months ago and current rate would be lower than statistical "
     "neighbours."],
    [19, "Children who ceased to be looked after in the period who were adopted (%)", None, 5, None, "↑", None, 13, 11,
     10, "In range", "Adoption rate has increased in the last 6 months, however is low compared to benchmarking "
     "groups."],
    [20, "Children who ceased to be looked after in the period due to a Special Guardianship Order (%)", None, 14, None,
     "↓", None, 21, 17, 13, "Higher", "Percentage rate has fallen in the last 6 months and is slighty lower than "
     "statisical neighbours."],
    [21, "Children leaving care over the age of 16 who remained looked after until their 18th birthday (%)", None, 96,
     None, "↑", "High", 83, 91, 79, "Lower", "Percentage rate has increased in the last 6 months and is above "
     "benchmarking groups."],
    [22, "Care leavers aged 19-21 in suitable accommodation (%) - Latest snapshot **", None, 85, None, "↓", "High",
     92, 90, 88, "In range", "The rate of care leavers aged 19-21 in suitable accommodation has fallen from 97% 85% "
     "in the twelve months. The rate of 85 would place Sefton in the lower range whe comparing to statistical "
     "neighbours."],
    [23, "Care leavers aged 19-21 in education, employment, or training (%) - Latest snapshot **", None, 44, None,
     None, "High", 48, 52, 55, "Lower", "Similar to care leavers in suitable accommodation, those in employment, "
     "education trainging (EET) has falledn from 52% to 44% when comparing the same position 12 months ago. This rate "
     "would be in the lower range when comparing to statistical neighbours."],
    [],
    ["* rolling 12 months data. All others figures are taken from the ChAT 12 months ago"],
]  # fmt: skip
SEFTON_2022_SHEETS = ("Assessments by service", "s47 by service", "Notes", "Data Source")


def test_seftons_2022_scorecard_with_undated_window_headings_goes_in_with_no_edit(tmp_path, capsys):
    sheet = workbook(tmp_path, "sefton-2022.xlsx", SEFTON_2022)
    book = openpyxl.load_workbook(sheet)
    book.active.title = "Scorecard"
    for name in SEFTON_2022_SHEETS:
        book.create_sheet(name).append(["(not part of the scorecard)"])
    book.save(sheet)
    project = tmp_path / "sefton-2022"
    with pytest.raises(InputError, match="'LA 12m' is a period counted from the pack's: expected --period"):
        plan_scorecard(sheet)  # 'LA 12m' has no date: the docs say to give --period
    assert main(["init", str(project), "--from", str(sheet), "--period", "Q2 2022-23", "--council", "Sefton"]) == 0
    out = capsys.readouterr().out
    assert "8 indicators in 1 section; the pack is for Q2 2022-23" in out and "Columns not placed" not in out
    mapping = (project / "init-mapping.yaml").read_text(encoding="utf-8")
    assert '"LA 12m": period Sep 2022\n' in mapping and '"LA 6m": period Sep 2022 window 6m\n' in mapping
    assert "row 10 (18): window rolling_6m: its figures are all under 'LA 6m'" in mapping
    data = figures(project)
    # By hand from the page: the latest 6 months to September 2022, under 'LA 6m': 88, 5, 14, 96, 85, 44
    assert [data[(f"i_{n}", "Sep 2022")][0] for n in (18, 19, 20, 21, 22, 23)] == ["88", "5", "14", "96", "85", "44"]
    assert not any(series in ("i_16", "i_17") for series, _ in data)  # no figure printed: none made up
    registry = (project / "indicators" / "01-scorecard.yaml").read_text(encoding="utf-8")
    assert "calculation: {value: i_18, window: rolling_6m}" in registry
    assert "calculation: {value: i_22, window: snapshot}" in registry  # 'Latest snapshot' in the title wins
    typed = benchmarks(project)
    # the year of 'Latest published statistics for LAs (2021-22)', merged over LA / SN / Eng on the key's row
    assert typed[("17", "sn")] == ("2021-22", "71", "") and typed[("23", "england")] == ("2021-22", "55", "")
    assert typed[("17", "band")] == ("", "In range", "")
    assert main(["validate", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Reporting period: Q2 2022-23" in out
    # Only the 6-month figures are printed, so no direction can be judged: each arrow is listed, not dropped
    assert "  19: direction printed '↑' (up), publisher not judged: no figure for Q1 2022-23" in out


def _figures_of(row: list[object]) -> list[str]:
    """A row's cells that hold a figure, as written."""
    cells = [text for value in row if (text := " ".join(str(value).split()) if value is not None else "")]
    return [text for text in cells if len(text) <= 15 and not isinstance(read_written(text), str)
            and read_written(text).number is not None]  # fmt: skip


@pytest.mark.parametrize(("name", "rows", "period"), [("sefton-2017.xlsx", SEFTON_2017, "Q2 2017-18"),
                                                      ("sefton-2022.xlsx", SEFTON_2022, "Q2 2022-23"),
                                                      ("cheshire.xlsx", CHESHIRE, "Q2 2018-19")])  # fmt: skip
def test_every_figure_of_the_sheet_is_in_the_project_or_listed_with_its_row(tmp_path, capsys, name, rows, period):
    """Item 8 of issue 24: each figure cell is found beside its own row's reference or series (in the data, the
    benchmark table, its registry entry, the printed file) or init names its row."""
    sheet, project = workbook(tmp_path, name, rows), tmp_path / "project"
    assert main(["init", str(project), "--from", str(sheet), "--period", period]) == 0
    out = capsys.readouterr().out
    registry = "".join(path.read_text(encoding="utf-8") for path in sorted((project / "indicators").glob("*.yaml")))
    entries = {block.partition("\n")[0].split('"')[1]: block for block in registry.split("  - reference: ")[1:]}
    tables = [(project / "data" / file).read_text(encoding="utf-8").splitlines()
              for file in ("observations.csv", "benchmarks.csv") if (project / "data" / file).is_file()]  # fmt: skip
    indicators = found(plan_scorecard(sheet, period=Period.parse(period)))
    by_row = {i.row: i for i in indicators.values()}
    lost = []
    for number, row in enumerate(rows, start=1):
        planned = by_row.get(number)
        if planned is None:
            lost += [(number, f) for f in _figures_of(row) if f"row {number} " not in out]
            continue
        kept = [entries[planned.reference], *(f"row {number} " in line and line for line in out.splitlines())]
        kept += [line for lines in tables for line in lines
                 if line.startswith((f"{planned.series},", f"{planned.reference},"))]  # fmt: skip
        for figure in _figures_of(row):
            read = read_written(figure)
            assert not isinstance(read, str)
            if not any(text and (figure in text or read.text in text) for text in kept):
                lost.append((number, figure))
    assert lost == []
