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


FORMULAS = """\
form:
  marking: "=SUM(1) {marking}"
  title: "=> {council}: commentary for {committee}, {period}, from {officer}"
  instructions: "+ write in the yellow cells"
  written_by: "=1+1"
  date: "@date"
  withheld: "-withheld"
  last: "=last {period}"
  yours: '=HYPERLINK("https://evil.example/","x {period}")'
  file_title: "=T {marking} {committee} {period}"
table: {ref: "=ref"}
"""


def test_a_councils_words_that_start_like_a_formula_are_text_in_every_cell_of_the_form(tmp_path):
    """The catalogue's words are a council's: none of them becomes a formula (or an invalid one Excel repairs)."""
    import zipfile

    form = make_forms(council_project(tmp_path, {"messages.yaml": FORMULAS}), tmp_path / "out")["megan-price"]
    with zipfile.ZipFile(form) as parts:
        assert "<f>" not in parts.read("xl/worksheets/sheet1.xml").decode()
    book = openpyxl.load_workbook(form)
    sheet = book[FORM_SHEET]
    top = [sheet[f"A{n}"] for n in range(1, 6)]
    assert [c.value for c in top] == [
        "=SUM(1) OFFICIAL-SENSITIVE",
        "=> Northbridge Borough Council: commentary for Corporate Parenting Board, Q2 2026-27, from Megan Price",
        "+ write in the yellow cells", "=1+1", "@date"]  # fmt: skip
    headings = [c for c in sheet[HEADING_ROW] if c.value]
    assert [c.value for c in headings if c.value[0] in "=+-@"] == [
        "=ref", "-withheld", "=last Q1 2026-27", '=HYPERLINK("https://evil.example/","x Q2 2026-27")']  # fmt: skip
    assert all(c.data_type == "s" and c.quotePrefix == (c.value[0] in "=+-@") for c in top + headings)
    assert book.properties.title == "=T OFFICIAL-SENSITIVE Corporate Parenting Board Q2 2026-27"


def test_a_long_message_for_too_long_a_text_is_cut_to_what_excel_keeps(tmp_path):
    """Office keeps at most ERROR_MAX characters of a validation's error message and repairs a file with more."""
    from publisher.commentary.forms import ERROR_MAX

    long = 'form:\n  too_long: "At most {limit} characters. %s"\n' % ("x" * 300)
    form = make_forms(council_project(tmp_path, {"messages.yaml": long}), tmp_path / "out")["megan-price"]
    error = openpyxl.load_workbook(form)[FORM_SHEET].data_validations.dataValidation[0].error
    assert error == ("At most 4000 characters. " + "x" * 300)[:ERROR_MAX]
