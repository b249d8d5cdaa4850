"""``publisher init``: a project from a scorecard as councils keep it, or a commented minimal one."""

import openpyxl
import pytest

from publisher.cli import main
from publisher.core.errors import InputError
from publisher.core.vocab import Frequency, Polarity, Unit
from publisher.inputs.registry import load_registry
from publisher.inputs.starter import plan_scorecard, read_mapping

# Rows of Cheshire East's corporate parenting scorecard 2018-19 (shared/reference), as the sheet holds them.
CHESHIRE = """\
Ref,Info available from,Commentary/ Lead,Indicator,Polarity,Target,Yr. end 17-18,Qu 1 18-19,Qu 2 18-19,Qu 3 18-19,RAG
G1,BI Team,Kerry Birtles,Number of cared for children,,400-450,477,496,495,,
G2,BI Team,Kerry Birtles,"Rate per 10,000 cared for children",,52.7 - 59.3,62.9,65.4,65.3,,
Priority 1 - Being a Good Corporate Parent,,,,,,,,,,
P1.1,Sue Preston,Sue Preston,Number of eligible children and young people accessing advocacy services,High is Good,,,57,51,,
P1.2,BI Team,Karen Chan,% cared for children reviews in timescales,High is Good,,91.0%,97%,95%,,G
P2.5,Laura Rogerson/ scorecard,Laura Rogerson,% of Primary pupils with less than 90% attendance (ytd),Low is Good,8%,5%,6%,6%,,G
P2.6,BI Team,Karen Chan,Care leavers in touch,Higher is better,90%,c,95%,-,,A
"""


def cheshire(tmp_path):
    path = tmp_path / "source" / "corporate-parenting.csv"
    path.parent.mkdir()
    path.write_text(CHESHIRE, encoding="utf-8")
    return path


def welsh(tmp_path):
    """A Welsh social services scorecard: SCC references, annual columns, a target for the year, percent cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["No.", "Measure", "Good is", "2025/26 Target", "Responsible officer", "2022/23", "2023/24",
                  "2024/25", "Trend"])  # fmt: skip
    sheet.append(["SCC/002", "Children looked after with 1 or more changes of school", "Low is good", 0.12,
                  "Gwen Morgan", 0.141, 0.128, 0.115, "improving"])  # fmt: skip
    sheet.append(["SCC/025", "Statutory visits to looked after children within timescales", "High is good", 0.9,
                  "Gwen Morgan", 0.861, "n/a", 0.902, ""])  # fmt: skip
    sheet.append(["SCC/045", "Average days a child is on the child protection register", "n/a", None,
                  None, 241, 233.5, 220, ""])  # fmt: skip
    for row in (2, 3):
        for column in "DFGH":
            sheet[f"{column}{row}"].number_format = "0.0%"
    path = tmp_path / "scc.xlsx"
    book.save(path)
    return path


def test_a_scorecard_is_recognised_by_its_headings(tmp_path):
    plan = plan_scorecard(cheshire(tmp_path))
    roles = {c.heading: (c.role, str(c.period) if c.period else None) for c in plan.columns}
    assert roles == {
        "Ref": ("reference", None), "Info available from": ("data_owner", None),
        "Commentary/ Lead": ("lead_officer", None), "Indicator": ("title", None), "Polarity": ("polarity", None),
        "Target": ("target", None), "Yr. end 17-18": ("period", "2017-18"), "Qu 1 18-19": ("period", "Q1 2018-19"),
        "Qu 2 18-19": ("period", "Q2 2018-19"), "Qu 3 18-19": ("period", "Q3 2018-19"),
        "RAG": ("printed_rag", None),  # the council's own rating, kept to compare
    }  # fmt: skip
    assert [(p[0], [i.reference for i in p[2]]) for p in plan.priorities] == [
        ("scorecard", ["G1", "G2"]),
        ("priority-1-being-a-good-corporate-parent", ["P1.1", "P1.2", "P2.5", "P2.6"]),
    ]
    found = {i.reference: i for p in plan.priorities for i in p[2]}
    assert found["G1"].target == (400, 450) and found["G1"].unit is Unit.COUNT
    assert found["G2"].target == (52.7, 59.3) and found["G2"].unit is Unit.RATE_PER_10K
    assert found["P1.2"].unit is Unit.PERCENTAGE and found["P1.2"].polarity is Polarity.HIGH
    assert found["P2.6"].unit is Unit.PERCENTAGE  # from the '%' in its cells
    assert found["P2.5"].target == 8 and str(found["P2.5"].target_year) == "2018-19"
    assert found["P2.6"].values[0][1] == "c" and found["P2.6"].values[-1][1] == "-"  # codes kept
    assert str(plan.period) == "Q2 2018-19" and found["G1"].frequency is Frequency.QUARTERLY


def test_annual_columns_references_as_written_and_excel_percentages(tmp_path):
    plan = plan_scorecard(welsh(tmp_path))
    found = {i.reference: i for p in plan.priorities for i in p[2]}
    assert list(found) == ["SCC/002", "SCC/025", "SCC/045"]
    scc002 = found["SCC/002"]
    assert (scc002.series, scc002.frequency, scc002.polarity) == ("scc_002", Frequency.ANNUAL, Polarity.LOW)
    assert scc002.values[-1][1] == "11.5" and scc002.target == 12 and str(scc002.target_year) == "2025-26"
    assert found["SCC/025"].values[1][1] == "n/a"  # a code kept
    assert found["SCC/045"].unit is Unit.AVERAGE_DAYS and found["SCC/045"].target is None
    assert str(plan.period) == "Q1 2025-26"  # the quarter 2024-25's figure is due in (June)
    assert "Trend" in [c.heading for c in plan.columns if c.role == "printed_direction"]  # the council's, as printed
    assert found["SCC/002"].printed == {"printed_direction": "improving"}


def test_a_column_init_cannot_place_is_an_error_naming_the_line_to_add_and_nothing_is_written(tmp_path, capsys):
    scorecard = cheshire(tmp_path)
    lines = scorecard.read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",Peers,,Comments,Commentary", *(line if line.startswith("Priority") else f"{line},12,x,Fine.,Ok" for line in lines[1:])]
    scorecard.write_text("\n".join(rows) + "\n", encoding="utf-8")  # unknown, unheaded, and comments twice
    project = tmp_path / "project"
    assert main(["init", str(project), "--from", str(scorecard)]) == 1
    err, mapping = capsys.readouterr().err, scorecard.parent / "init-mapping.yaml"
    assert (f"{scorecard}:1: 'peers': not placed: add the line \"Peers\": ignore to {mapping} and run init again "
            "(the role after ':' is a guess; 'ignore' leaves the column out)") in err
    assert "'column m': not placed: add the line \"column M\": ignore   # it has no heading" in err
    assert "'commentary': not placed: add the line \"Commentary\": ignore   # 'comments' is already 'Comments'" in err
    assert not project.exists()  # nothing dropped unsaid, nothing half-written
    mapping.write_text('"Peers": tag\n"column M": ignore\n"Commentary": ignore\n', encoding="utf-8")
    assert main(["-q", "init", str(project), "--from", str(scorecard)]) == 0
    assert load_registry(project / "indicators").by_reference["G1"].tag_values == {"peers": "12"}


def test_the_mapping_file_beside_the_scorecard_is_applied(tmp_path, capsys):
    scorecard = cheshire(tmp_path)
    (scorecard.parent / "init-mapping.yaml").write_text(
        '"Info available from": data_owner\n"commentary/ lead": lead_officer\n"RAG": ignore\n', encoding="utf-8"
    )
    assert main(["init", str(tmp_path / "project"), "--from", str(scorecard)]) == 0
    assert "Columns not placed" not in capsys.readouterr().out
    registry = load_registry(tmp_path / "project" / "indicators")
    p26 = registry.by_reference["P2.6"]
    assert (p26.data_owner, p26.lead_officer) == ("BI Team", "Karen Chan")


def test_a_line_break_in_the_sheets_name_cannot_write_a_line_of_the_mapping_or_project_file(tmp_path):
    """The sheet's name (and its words) go into comments: a line break or control character in them is folded,
    so that it cannot end the comment and add a mapping line ("RAG": ignore) or a project setting."""
    scorecard = cheshire(tmp_path).rename(tmp_path / 'x\n"RAG": ignore\u2028registry: elsewhere\x07.csv')
    assert main(["-q", "init", str(tmp_path / "project"), "--from", str(scorecard)]) == 0
    mapping = read_mapping(tmp_path / "project" / "init-mapping.yaml")
    assert mapping["rag"] == "printed_rag"
    config = (tmp_path / "project" / "publisher.yaml").read_text(encoding="utf-8")
    assert config.splitlines()[0].endswith("no password or secret ever goes here.")
    assert "registry: elsewhere" not in config.splitlines()[1:]


def test_a_bad_mapping_line_is_named(tmp_path, capsys):
    scorecard = cheshire(tmp_path)
    mapping = tmp_path / "mine.yaml"
    mapping.write_text('"RAG": ignore\n"Info available from": owner\n', encoding="utf-8")
    assert main(["init", str(tmp_path / "project"), "--from", str(scorecard), "--mapping", str(mapping)]) == 1
    assert f"{mapping}:2: 'Info available from': expected one of reference, title" in capsys.readouterr().err
    assert not (tmp_path / "project").exists()


def test_the_project_written_validates_and_builds(tmp_path, capsys):
    project = tmp_path / "project"
    assert main(["init", str(project), "--from", str(cheshire(tmp_path)), "--council", "Cheshire East"]) == 0
    capsys.readouterr()
    assert main(["validate", "--project", str(project)]) == 0
    assert "Reporting period: Q2 2018-19" in capsys.readouterr().out
    assert main(["-q", "build", "--project", str(project), "--output", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "scorecard" / "2018-19-Q2" / "scorecard-2018-19-Q2.pdf").is_file()
    observations = (project / "data" / "observations.csv").read_text(encoding="utf-8").splitlines()
    assert observations[:3] == ["series,period,value,note", "g1,2017-18,477,", "g1,Q1 2018-19,496,"]


def test_an_annual_scorecard_validates_for_the_quarter_its_figures_are_due(tmp_path, capsys):
    project = tmp_path / "project"
    assert main(["init", str(project), "--from", str(welsh(tmp_path))]) == 0
    assert '--period "Q1 2025-26"' in capsys.readouterr().out
    assert main(["validate", "--project", str(project), "--period", "Q1 2025-26"]) == 0
    registry = load_registry(project / "indicators")
    assert registry.by_reference["SCC/002"].due_month == 6


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    project = tmp_path / "project"
    project.mkdir()
    (project / "publisher.yaml").write_text("council: Mine\n", encoding="utf-8")
    assert main(["init", str(project), "--from", str(cheshire(tmp_path))]) == 1
    assert f"{project}: 'DIR': expected a new or empty folder, found 1 file" in capsys.readouterr().err
    assert [p.name for p in project.iterdir()] == ["publisher.yaml"]
    assert (project / "publisher.yaml").read_text(encoding="utf-8") == "council: Mine\n"


def test_an_empty_folder_is_filled(tmp_path):
    (tmp_path / "project").mkdir()
    assert main(["-q", "init", str(tmp_path / "project"), "--from", str(cheshire(tmp_path))]) == 0
    assert (tmp_path / "project" / "publisher.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_errors_name_file_row_and_column_and_nothing_is_written(tmp_path, capsys):
    scorecard = tmp_path / "bad.csv"
    scorecard.write_text(
        "Ref,Indicator,Good is,Apr-26,May-26\nA1,Referrals,Up,12,twelve\nA 1,Re-referrals,sideways,3,4\n"
        "A/2,,Low is good,1,2\n",
        encoding="utf-8",
    )
    assert main(["init", str(tmp_path / "project"), "--from", str(scorecard)]) == 1
    err = capsys.readouterr().err
    assert f"{scorecard}:2: 'may-26': expected a number or one of the codes" in err
    assert f"{scorecard}:3: 'good is': expected High is good, Low is good or n/a, got 'sideways'" in err
    assert f"{scorecard}:4: 'indicator': expected the indicator's title, found a blank cell" in err
    assert f"{scorecard}:3: 'ref': duplicate reference 'A 1'" in err
    assert not (tmp_path / "project").exists()


def test_a_sheet_without_titles_or_periods_says_what_was_expected(tmp_path):
    scorecard = tmp_path / "odd.csv"
    scorecard.write_text("Name of thing,Figure\nA,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected a column of indicator titles headed 'Indicator'"):
        plan_scorecard(scorecard)
    scorecard.write_text("Ref,Indicator,Figure\nA,Referrals,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected one or more period columns"):
        plan_scorecard(scorecard)


def test_init_without_a_scorecard_writes_a_minimal_project_that_builds(tmp_path, capsys):
    project = tmp_path / "starter"
    assert main(["init", str(project)]) == 0
    assert "publisher validate --project" in capsys.readouterr().out
    assert "# One file of indicators per priority" in (project / "indicators" / "01-care-leavers.yaml").read_text()
    assert main(["validate", "--project", str(project)]) == 0
    assert "Reporting period: Q2 2026-27" in capsys.readouterr().out
    assert main(["-q", "build", "--project", str(project), "--output", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "scorecard" / "2026-27-Q2" / "scorecard-2026-27-Q2.html").is_file()


def test_a_sheet_comparing_with_a_year_ago_gives_direction_against_a_year_ago(tmp_path, capsys):
    """Sefton's scorecard sets December 2023 beside December 2022: the direction compares the two."""
    from publisher.cli import main

    sheet = tmp_path / "scorecard.csv"
    sheet.write_text("No,Indicator,Dec 2022,Dec 2023,Target,Low/High is good\n"
                     "2,Referrals within 12 months of a previous referral (%),26.1%,25.7%,22,Low\n")  # fmt: skip
    assert main(["-q", "init", str(tmp_path / "proj"), "--from", str(sheet)]) == 0
    assert "compare_with: same_period_last_year" in (tmp_path / "proj" / "indicators" / "01-scorecard.yaml").read_text()
    assert main(["-q", "calc", "--project", str(tmp_path / "proj"), "--output", str(tmp_path / "out")]) == 0
    csv = next((tmp_path / "out").rglob("public-scorecard.csv")).read_text()
    assert "Down from 26.1% in Q3 2022-23: improving" in csv  # the quarter a year before the pack's


def test_section_rows_kept_as_groups_make_one_priority_and_a_pack_grouped_by_them(tmp_path, capsys):
    project = tmp_path / "grouped"
    assert main(["-q", "init", str(project), "--from", str(cheshire(tmp_path)), "--sections", "groups"]) == 0
    registry = load_registry(project / "indicators")
    assert [p.id for p in registry.priorities] == ["scorecard"]  # one priority, not two
    sections = {i.reference: i.tag_values["section"] for i in registry.indicators}
    assert sections == {"G1": "Corporate parenting", "G2": "Corporate parenting",  # above any section: the sheet's
                        "P1.1": "Priority 1 - Being a Good Corporate Parent",
                        "P1.2": "Priority 1 - Being a Good Corporate Parent",
                        "P2.5": "Priority 1 - Being a Good Corporate Parent",
                        "P2.6": "Priority 1 - Being a Good Corporate Parent"}  # fmt: skip
    assert "\ngroup_by: Section   #" in (project / "packs" / "scorecard.yaml").read_text(encoding="utf-8")
    assert main(["validate", "--project", str(project)]) == 0
