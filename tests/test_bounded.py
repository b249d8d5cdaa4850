"""Bounded work on hostile input (issue 26, part 5): what publisher prints, checks and trusts stays in proportion."""

import re
from pathlib import Path

import openpyxl
import pytest

from publisher.cli import main
from publisher.commentary.formrecord import RECORD_SHEET, checksum
from publisher.commentary.signoff import section_sha256
from publisher.core.errors import LISTED
from publisher.core.periods import Period
from publisher.inputs.load import load
from publisher.inputs.project import load_project

from .formkit import BOARD, board_forms, collect, demo_copy, fill
from .tiny import default_observations, tiny_project


def test_an_error_listing_is_capped_at_its_first_problems_and_a_count(tmp_path, capsys):
    bad = "".join(f"eet,2024-{n % 12 + 1:02d},not a number {n},\n" for n in range(5_000))
    project = tiny_project(tmp_path, default_observations() + bad)
    assert main(["validate", "--project", str(project)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "publisher: 5000 problems found; nothing was written:"
    assert len(err) == 1 + LISTED + 1 and "not a number 199" in err[LISTED]  # 1,000,000 rows printed 316 MB
    assert err[-1] == f"  ... and {5_000 - LISTED} more problems not listed: fix these and run again to see the rest"


def relabel(path, officer):
    """Change the officer a form's hidden record names, and recompute its checksum as a forger would."""
    book = openpyxl.load_workbook(path)
    sheet = book[RECORD_SHEET]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    officer_row = next(n for n, row in enumerate(rows) if row[0] == "officer")
    sheet.cell(officer_row + 1, 2, officer)
    rows[officer_row][1] = officer
    sheet.cell(1, 2, checksum([row[:2] for row in rows[1:7]] + [row[:5] for row in rows[7:]]))
    book.save(path)


def test_a_form_relabelled_to_another_officer_is_refused_as_someone_elses(tmp_path, tmp_path_factory, capsys):
    project, forms = board_forms(tmp_path, tmp_path_factory.getbasetemp())
    fill(forms["megan-price"], {"CL3.1": "A text Megan Price wrote about care leavers, long enough to be collected."})
    relabel(forms["megan-price"], "Amira Shah")
    before = (project / "commentary" / "2026-27-Q2.yaml").read_bytes()
    assert collect(project, forms["megan-price"]) == 1
    err = capsys.readouterr().err
    assert f"{forms['megan-price']}: 'officer': the form names Amira Shah, but its rows CL3.1" in err
    assert "are not Amira Shah's in corporate-parenting-board" in err and "made before the figures changed" not in err
    assert (project / "commentary" / "2026-27-Q2.yaml").read_bytes() == before


@pytest.mark.parametrize(("character", "name"), [("\u2028", "LINE SEPARATOR"), ("\u2029", "PARAGRAPH SEPARATOR"),
                                                 ("\x85", "NEXT LINE")])  # fmt: skip
def test_a_unicode_line_separator_in_commentary_is_named_with_what_to_do(tmp_path, capsys, character, name):
    commentary = f"period: Q2 2024-25\nindicators:\n  CL1:\n    date: 2024-10-01\n    text: Fewer{character} left.\n"
    project = tiny_project(tmp_path, default_observations(), commentary=commentary)
    assert main(["validate", "--project", str(project)]) == 1
    err = capsys.readouterr().err  # before: "not valid YAML: could not find expected ':'" on a line the editor lacks
    assert f"2024-25-Q2.yaml:5: contains an invisible {name} (U+{ord(character):04X}) at column 16" in err
    assert "delete it, and press Enter or type a space" in err


def test_a_unicode_line_separator_typed_into_a_form_is_named_at_its_cell(tmp_path, tmp_path_factory, capsys):
    project, forms = board_forms(tmp_path, tmp_path_factory.getbasetemp())
    fill(forms["megan-price"], {"CL3.1": "Care leavers in touch rose\u2029after the new drop-in opened in July."})
    assert collect(project, forms["megan-price"]) == 1
    err = capsys.readouterr().err
    assert (
        "[sheet 'Commentary', cell Q8]: 'CL3.1': contains an invisible PARAGRAPH SEPARATOR (U+2029) at column 27" in err
    )


def test_an_approval_catches_a_slip_and_is_documented_as_no_proof_against_forgery(tmp_path, capsys):
    """docs/clerks/signoff.md says the checksum catches text changed after approval, and that anyone who can edit
    the file can recompute it: both halves hold, so the page stays true."""
    project = demo_copy(tmp_path)
    assert main(["-q", "commentary", "approve", "--project", str(project), "--pack", BOARD, "--priority",
                 "care-leavers", "--by", "Amira Shah", "--date", "2026-10-25"]) == 0  # fmt: skip
    path = project / "commentary" / "2026-27-Q2.yaml"
    text = path.read_text(encoding="utf-8")
    assert "      Just over half of care leavers aged 19 to 21" in text  # CL3.2, in the care-leavers section
    edited = text.replace("Just over half of care leavers aged 19 to 21", "Edited. Just over half of care leavers")
    path.write_text(edited, encoding="utf-8")
    assert main(["commentary", "status", "--project", str(project), "--pack", BOARD]) == 0
    assert "priority care-leavers: section not approved" in capsys.readouterr().out  # the slip is caught
    loaded = load(load_project(project), None)
    forged = section_sha256(loaded.inputs.commentary, loaded.registry, Period.parse("Q2 2026-27"), "care-leavers")
    path.write_text(re.sub(r"text_sha256: [0-9a-f]{64}", f"text_sha256: {forged}", edited), encoding="utf-8")
    assert main(["commentary", "status", "--project", str(project), "--pack", BOARD]) == 0
    assert "priority care-leavers: section not approved" not in capsys.readouterr().out  # a forger is not
    page = (Path(__file__).parents[1] / "docs" / "clerks" / "signoff.md").read_text(encoding="utf-8")
    assert "It is not a signature" in page and "can also recompute it" in page


def test_a_sheet_wider_than_excel_allows_is_refused_quickly_naming_the_limit(tmp_path, capsys):
    """init --from once took 168 s on 100,000 columns (quadratic); a row of 1,000,000 is now refused at once."""
    from publisher.inputs.tables import MAX_COLUMNS

    sheet = tmp_path / "wide.csv"
    sheet.write_text("Ref,Indicator," + ",".join(["Apr-26"] * 1_000_000) + "\nA1,Thing," + ",".join(["1"] * 1_000_000) + "\n")
    assert main(["init", str(tmp_path / "council"), "--from", str(sheet)]) == 1
    err = capsys.readouterr().err
    assert f"wide.csv:1: expected at most {MAX_COLUMNS:,} columns (Excel's own limit), found 1,000,002" in err
    assert not (tmp_path / "council").exists()
