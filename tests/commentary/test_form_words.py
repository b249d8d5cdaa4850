"""A commentary form reads in the council's words: its notes, headings and cells come from the wording catalogue
with the council's overrides, as its pack does."""

import openpyxl

from publisher.commentary.formrecord import FORM_SHEET, HEADING_ROW

from ..formkit import make_forms, row_of
from ..output.test_render import council_project

WELSH = """\
form:
  instructions: "Ysgrifennwch yn y celloedd melyn yn unig."
  written_by: Ysgrifennwyd gan
  yours: "Eich sylwebaeth ar gyfer {period}"
  required_yes: "Ie"
  priority: "Sylwebaeth y flaenoriaeth: {title}"
  too_long: "Dim mwy na {limit} o nodau"
table: {rag: RAG, target: Targed}
rag: {red: Coch}
"""


def test_a_councils_words_reach_its_commentary_forms(tmp_path):
    forms = make_forms(council_project(tmp_path, {"messages.yaml": WELSH}), tmp_path / "out")
    sheet = openpyxl.load_workbook(forms["megan-price"])[FORM_SHEET]
    assert (sheet["A3"].value, sheet["A4"].value) == ("Ysgrifennwch yn y celloedd melyn yn unig.", "Ysgrifennwyd gan")
    headings = [c.value for c in sheet[HEADING_ROW] if c.value]
    assert headings[-1] == "Eich sylwebaeth ar gyfer Q2 2026-27" and "Targed" in headings and "Target" not in headings
    cells = [c.value for c in sheet[row_of(sheet, "CL3.4")]]
    assert "Coch" in cells and "Red" not in cells
    assert "Ie" in {c.value for r in sheet.iter_rows(min_row=HEADING_ROW + 1) for c in r}
    assert sheet.data_validations.dataValidation[0].error == "Dim mwy na 4000 o nodau"
    amira = openpyxl.load_workbook(forms["amira-shah"])[FORM_SHEET]
    assert amira.cell(HEADING_ROW + 1, 2).value.startswith("Sylwebaeth y flaenoriaeth: Priority 3")


def test_a_form_entry_with_a_placeholder_of_its_own_is_refused_at_its_line(tmp_path, capsys):
    from publisher.cli import main

    folder = council_project(
        tmp_path, {"messages.yaml": "form:\n  written_by: Gan\n  yours: 'Eich sylwebaeth {quarter}'\n"}
    )
    assert main(["-q", "commentary", "forms", "--project", str(folder), "--pack", "corporate-parenting-board",
                 "--output", str(tmp_path / "out")]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert (
        f"{folder / 'templates' / 'messages.yaml'}:3: 'form.yours': expected text with {{period}}, got 'Eich sylwebaeth {{quarter}}'"
        in err
    )
    assert not (tmp_path / "out").exists()
