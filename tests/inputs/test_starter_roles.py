"""``init`` gives every column of a scorecard a place: comparators typed by the council go to the benchmark table
with their year, an intervention level to the RAG rule, plan priorities to tags, 'So what does this tell me?' to
the description, and the council's own RAG, direction and comments to a file kept to compare."""

import csv

import openpyxl
import pytest

from publisher.cli import main
from publisher.commentary.formrecord import FORM_SHEET
from publisher.core.vocab import Comparator, Polarity
from publisher.inputs.registry import load_registry
from publisher.inputs.starter_headings import comparator_of, key_of, recognise
from publisher.inputs.starter_roles import Band, graded_bands
from publisher.inputs.yamlfile import read_yaml

from ..formkit import collect, fill, make_forms, row_of

HEADINGS = ["Ref", "Indicator", "So what does this tell me?", "Target", "Intervention level", "Q1 23/24", "Q2 23/24",
            "RAG", "DoT", "Comments", "C&YP Plan Priority", "Corporate Priority", "SN (2022-23)", "National Av**"]
SAFE = ["Feel & Be Safe", "Outcome 5"]


def sheet(tmp_path, rows, headings=HEADINGS):
    book = openpyxl.Workbook()
    for row in [["Corporate parenting scorecard 2023-24"], headings, *rows]:
        book.active.append(row)
    path = tmp_path / "sheets" / "scorecard.xlsx"
    path.parent.mkdir(exist_ok=True)
    book.save(path)
    return path


# Target 20 and intervention level 25: low is good. Target 80 and intervention level 70: high is good.
ROWS = [
    ["A1", "% of re-referrals", "Help at the right time.", 20, 25, 21, 20, "Green", "↓", "On target.", *SAFE, 22, 21.5],
    ["A2", "% of repeat plans", "", 20, 25, 21, 25, "Amber", "↑", "", *SAFE, "c", "-"],
    ["A3", "% of visits late", "", 20, 25, 21, 25.1, "Amber", "↑", "", *SAFE, None, None],
    ["A4", "% of reviews on time", "", 80, 70, 81, 79, "Amber", "↓", "", "Achieve", None, "85%", 84],
    ["A5", "% of plans audited good", "", "80%", "70%", 81, 69.9, "Red", "↓", "", None, None, None, None],
]  # fmt: skip


def init(tmp_path, rows, headings=HEADINGS):
    project = tmp_path / "project"
    code = main(["init", str(project), "--from", str(sheet(tmp_path, rows, headings))])
    return code, project


def test_every_column_has_a_place_and_the_pack_rates_by_the_intervention_level(tmp_path, capsys):
    code, project = init(tmp_path, ROWS)
    out = capsys.readouterr().out
    assert code == 0 and "Columns not placed" not in out
    assert "Guessed: row 3 (A1): polarity low: the target 20 is below the intervention level 25" in out
    mapping = (project / "init-mapping.yaml").read_text(encoding="utf-8")
    for line in ('"So what does this tell me?": description', '"Intervention level": intervention',
                 '"RAG": printed_rag', '"DoT": printed_direction up_down', '"Comments": comments', '"C&YP Plan Priority": tag',
                 '"SN (2022-23)": benchmark sn 2022-23', '"National Av**": benchmark england'):  # fmt: skip
        assert f"\n{line}\n" in mapping
    registry = load_registry(project / "indicators")
    a1, a4 = registry.by_reference["A1"], registry.by_reference["A4"]
    assert (a1.polarity, a1.rag.rule, a1.rag.intervention) == (Polarity.LOW, "intervention", 25)
    assert (a4.polarity, a4.rag.intervention) == (Polarity.HIGH, 70)
    assert a1.description == "Help at the right time."
    assert a1.tag_values == {"c&yp plan priority": "Feel & Be Safe", "corporate priority": "Outcome 5"}
    assert a4.tag_values == {"c&yp plan priority": "Achieve"}  # a blank tag cell is no tag
    assert a1.benchmarks == [Comparator.SN, Comparator.ENGLAND] and registry.by_reference["A3"].benchmarks == []
    with (project / "data" / "benchmarks.csv").open(encoding="utf-8") as stream:
        typed = {(r["reference"], r["comparator"]): (r["year"], r["value"]) for r in csv.DictReader(stream)}
    assert typed == {("A1", "sn"): ("2022-23", "22"), ("A1", "england"): ("", "21.5"), ("A2", "sn"): ("2022-23", "c"),
                     ("A2", "england"): ("", "-"), ("A4", "sn"): ("2022-23", "85"), ("A4", "england"): ("", "84")}
    with (project / "data" / "scorecard-as-printed.csv").open(encoding="utf-8") as stream:
        printed = {r["reference"]: (r["period"], r["printed_rag"], r["printed_direction"], r["comments"])
                   for r in csv.DictReader(stream)}  # fmt: skip
    assert printed["A1"] == ("Q2 2023-24", "Green", "↓", "On target.")
    assert main(["-q", "calc", "--project", str(project), "--output", str(tmp_path / "calc")]) == 0
    with next((tmp_path / "calc").rglob("public-scorecard.csv")).open(encoding="utf-8") as stream:
        rag = {r["reference"]: r["rag"] for r in csv.DictReader(stream)}
    # By hand, low is good: 20 is on target; 25 is at the intervention level (amber); 25.1 is beyond it.
    # High is good: 79 is below 80 but not below 70 (amber); 69.9 is below the intervention level of 70.
    assert rag == {"A1": "Green", "A2": "Amber", "A3": "Red", "A4": "Amber", "A5": "Red"}


def test_an_intervention_level_on_the_good_side_of_the_target_is_refused_with_its_cell(tmp_path, capsys):
    headings = [*HEADINGS, "Polarity"]
    rows = [[*ROWS[0], "High is good"]]
    code, project = init(tmp_path, rows, headings)
    err = capsys.readouterr().err
    assert code == 1 and not project.exists()
    assert ("scorecard.xlsx:3: 'intervention level': expected the intervention level on the bad side of the target "
            "for polarity high (is good), got target 20 and intervention level 25") in err


def test_an_intervention_level_without_a_single_target_is_listed_not_used(tmp_path, capsys):
    rows = [["A1", "% of re-referrals", "", "15-20", 25, 21, 20, *[None] * 7],
            ["A2", "% of repeat plans", "", None, 25, 21, 20, *[None] * 7]]  # fmt: skip
    code, project = init(tmp_path, rows)
    out = capsys.readouterr().out
    assert code == 0
    assert "row 3 (A1): intervention level '25' needs a single target beside it, so it was left out" in out
    assert "row 4 (A2): intervention level '25' needs a single target beside it" in out
    assert load_registry(project / "indicators").by_reference["A1"].rag.rule == "range"


def test_a_comparator_cell_that_is_no_figure_is_refused_naming_it(tmp_path, capsys):
    rows = [["A1", "% of re-referrals", "", 20, 25, 21, 20, None, None, None, None, None, "about 20", None]]
    code, _ = init(tmp_path, rows)
    assert code == 1
    assert ("scorecard.xlsx:3: 'sn (2022-23)': expected a comparator's figure or a code (c, x, z, -), got "
            "'about 20'") in capsys.readouterr().err


def test_a_mapping_line_places_a_comparator_with_its_year(tmp_path, capsys):
    headings = ["Ref", "Indicator", "Q1 23/24", "Q2 23/24", "Peers"]
    path = sheet(tmp_path, [["A1", "Number of children in care", 400, 410, 62.5]], headings)
    (path.parent / "init-mapping.yaml").write_text('"Peers": benchmark sn 2021-22\n', encoding="utf-8")
    assert main(["-q", "init", str(tmp_path / "project"), "--from", str(path)]) == 0
    text = (tmp_path / "project" / "data" / "benchmarks.csv").read_text(encoding="utf-8")
    assert "A1,sn,2021-22,62.5,typed in scorecard.xlsx under 'Peers'," in text


def test_a_comparators_year_comes_from_a_heading_merged_over_it_on_the_row_above(tmp_path, capsys):
    """Sefton's September 2022 layout: the merged heading shares its row with a note, so it is no heading row."""
    book = openpyxl.Workbook()
    for row in [["Comparisons made to published statistics (2021-22)"],  # a title: over the reference, not the LA
                [None, "Key indicator.", None, None, "Latest published statistics for LAs (2021-22)", None, None,
                 "RIG (2022)"],
                ["Ref", "Indicator", "Q1 22/23", "Q2 22/23", "LA", "SN", "Eng", "Compared to mid-50% LA", "NW",
                 "Analysis"],
                ["A1", "Care leavers in suitable accommodation (%)", 90, 85, 92, 90, 88, "In range", 89, "Fell."]]:
        book.active.append(row)  # fmt: skip
    path = tmp_path / "scorecard.xlsx"
    book.save(path)
    project = tmp_path / "project"
    assert main(["init", str(project), "--from", str(path)]) == 0
    assert ("'LA', 'SN', 'Eng' (row 3): comparators for 2021-22, the year of 'Latest published statistics for LAs "
            "(2021-22)' above them in row 2") in capsys.readouterr().out
    mapping = (project / "init-mapping.yaml").read_text(encoding="utf-8")
    assert '"SN": benchmark sn 2021-22\n' in mapping and '"Eng": benchmark england 2021-22\n' in mapping
    with (project / "data" / "benchmarks.csv").open(encoding="utf-8") as stream:
        years = {r["comparator"]: r["year"] for r in csv.DictReader(stream)}
    # the band is words beside the figures, and the regional return's heading starts over the band: no year for them
    assert years == {"la_published": "2021-22", "sn": "2021-22", "england": "2021-22", "band": "", "region": ""}


@pytest.mark.parametrize(
    ("heading", "comparator", "year"),
    [("Latest published statistics (2022-23) / SN", Comparator.SN, "2022-23"), ("Stat Neigh Av", Comparator.SN, ""),
     ("NW Av*", Comparator.REGION, ""), ("National Av**", Comparator.ENGLAND, ""),
     ("England (2023)", Comparator.ENGLAND, "2023"), ("RIG Q2 NW", Comparator.REGION, ""),
     ("RIG Q2 Sefton", Comparator.LA_PUBLISHED, ""), ("Compared to mid-50% LA", Comparator.BAND, ""),
     ("Latest published statistics (2022-23) / LA", Comparator.LA_PUBLISHED, "2022-23")],
)  # fmt: skip
def test_comparator_headings_as_councils_write_them(heading, comparator, year):
    found = comparator_of(key_of(heading))
    assert found is not None and (found.comparator, found.year) == (comparator, year)


@pytest.mark.parametrize("heading", ["LA Dec23 ChAT", "Analysis", "Number of children with a plan", "Outcome 5"])
def test_headings_that_are_no_comparator_or_tag(heading):
    assert recognise(key_of(heading), {}).role not in ("benchmark", "tag")


@pytest.mark.parametrize(
    ("written", "expected"),
    [((("RI", "amber", "65-74"), ("Good", "green", "75-83"), ("Outstanding", "green", "85+")),
      (["Outstanding", "Good", "RI"], Polarity.HIGH)),
     ((("RI", "amber", "20-25"), ("Good", "green", "19-15"), ("Outstanding", "green", "<14")),
      (["Outstanding", "Good", "RI"], Polarity.LOW)),
     ((("RI", "amber", "40-50"), ("Good", "green", "49-26"), ("Outstanding", "green", ">25")),
      "they do not run one way (each better band above, or each below, the one worse than it)"),
     ((("RI", "amber", "Decrease"), ("Good", "green", ""), ("Outstanding", "green", "")),
      "'Decrease' under 'RI' is not a band such as '81-89', '90+' or '<15'")],
)  # fmt: skip
def test_graded_bands_say_which_way_is_good_or_why_they_cannot_rate(written, expected):
    read = graded_bands([Band(*band) for band in written])
    assert (read if isinstance(read, str) else ([b.label for b in read[0]], read[1])) == expected


COMMENT = "Re-referrals rose after the front door changed; a review of repeat contacts reports in January."


def commented(tmp_path):
    """A project init made from a two-row sheet: C1 has a comment (this period's commentary, unconfirmed), C2 none."""
    headings = ["Ref", "Indicator", "Lead officer", "Polarity", "Target", "Q1 23/24", "Q2 23/24", "Comments"]
    rows = [["C1", "Re-referrals (%)", "Sam Patel", "Low is good", 20, 21, 22, COMMENT],
            ["C2", "Children seen within 5 days (%)", "Sam Patel", "High is good", 80, 78, 82, None]]  # fmt: skip
    code, project = init(tmp_path, rows, headings)
    assert code == 0
    return project


def test_the_sheets_comments_are_this_periods_commentary_for_the_lead_officer_to_confirm(tmp_path, capsys):
    project = commented(tmp_path)
    path = project / "commentary" / "2023-24-Q2.yaml"
    written = read_yaml(path).data
    assert written["indicators"] == {"C1": {"author": "", "date": written["indicators"]["C1"]["date"],
                                            "from_scorecard": "scorecard.xlsx", "text": COMMENT + "\n"}}
    assert "approvals" not in written  # the section still needs approving
    capsys.readouterr()
    assert main(["validate", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert "  C2: no commentary for Q2 2023-24" in out and "  C1: no commentary" not in out
    assert ("Commentary from the scorecard, not confirmed: 1\n  C1: as printed in scorecard.xlsx: Sam Patel confirms "
            "or replaces it in their commentary form") in out
    form = make_forms(project, tmp_path / "forms", "scorecard")["sam-patel"]
    sheet = openpyxl.load_workbook(form)[FORM_SHEET]
    yellow, beside = sheet.max_column - 1, sheet.max_column  # beside the yellow cells, a note on C1's row only
    assert sheet.cell(row_of(sheet, "C1"), yellow).value == COMMENT  # the form starts from it, and says from where
    assert sheet.cell(row_of(sheet, "C1"), beside).value.startswith("From the council's scorecard (scorecard.xlsx), "
                                                                    "as printed: it needs confirming or replacing.")
    assert sheet.cell(row_of(sheet, "C2"), beside).value is None
    assert collect(project, fill(form, {}, "2023-10-20")) == 0  # the text kept as it was: confirmed
    assert "1 confirmed" in capsys.readouterr().out
    confirmed = read_yaml(path).data["indicators"]["C1"]
    assert (confirmed["author"], confirmed["text"], "from_scorecard" in confirmed) == ("Sam Patel", COMMENT + "\n",
                                                                                      False)  # fmt: skip
    assert main(["validate", "--project", str(project)]) == 0
    assert "Commentary from the scorecard, not confirmed: none" in capsys.readouterr().out


def test_the_scorecards_text_unconfirmed_is_chased_and_stops_a_final_publish(tmp_path, capsys):
    project = commented(tmp_path)
    capsys.readouterr()
    assert main(["commentary", "status", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[1:4] == ["required", "missing", "unconfirmed"]
    assert "Sam Patel:\n  C2: missing\n  C1: from the scorecard, not confirmed (scorecard.xlsx)\n" in out
    assert main(["commentary", "status", "--project", str(project), "--csv"]) == 0
    assert "Sam Patel,C1,Re-referrals (%),\"from the scorecard, not confirmed\",scorecard.xlsx" in capsys.readouterr().out
    publish = ["publish", "--project", str(project), "--pack", "scorecard", "--allow-unapproved", "--output",
               str(tmp_path / "out")]  # fmt: skip
    assert main(publish) == 1  # approvals waived: the unconfirmed text still stops it
    assert ("'indicators.C1': the text is the scorecard's (scorecard.xlsx), not confirmed by Sam Patel: collect their "
            "commentary form") in capsys.readouterr().err
