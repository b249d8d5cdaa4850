"""Commentary forms as made: one per officer, marked, protected, figures a public pack withholds shown and flagged,
and a hidden record whose checksum holds."""

import re

import openpyxl
import pytest

from publisher.commentary.formrecord import FORM_SHEET, RECORD_SHEET, parse_record

from ..formkit import BOARD, demo_copy, make_forms, row_of


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    root = tmp_path_factory.mktemp("forms")
    return make_forms(demo_copy(root), root / "out")


def sheet_of(path):
    return openpyxl.load_workbook(path)[FORM_SHEET]


def values(sheet, reference):
    return [c.value for c in sheet[row_of(sheet, reference)]]


def test_one_form_per_officer_for_their_indicators_and_the_priorities_they_lead(forms):
    assert {"megan-price", "sam-patel", "helen-marsh", "amira-shah"} <= set(forms)
    amira = sheet_of(forms["amira-shah"])
    assert [c.value for (c,) in amira.iter_rows(min_row=8, max_col=1)] == ["care-leavers"]
    assert amira.cell(8, 2).value == "Priority commentary: Priority 3 - Preparing care leavers for adulthood"
    megan = sheet_of(forms["megan-price"])
    assert [c.value for (c,) in megan.iter_rows(min_row=8, max_col=1)] == [
        "CL3.1", "CL3.2", "CL3.3", "CL3.4", "CL3.5", "CL3.6", "CL3.7", "CL3.9"]  # fmt: skip
    assert megan["C4"].value == "Megan Price, Head of Service, Leaving Care"  # as she signed last time


def test_forms_are_official_sensitive_and_show_figures_a_public_pack_withholds(forms):
    book = openpyxl.load_workbook(forms["megan-price"])
    sheet = book[FORM_SHEET]
    assert sheet["A1"].value.startswith("OFFICIAL-SENSITIVE")
    assert sheet.oddHeader.center.text == "OFFICIAL-SENSITIVE" and book.properties.subject == "OFFICIAL-SENSITIVE"
    headings = [c.value for c in sheet[7]]
    custody = dict(zip(headings, values(sheet, "CL3.9"), strict=True))
    assert custody["Q2 2026-27"] == "4"  # a public pack shows "Suppressed"
    assert "Q2 2026-27" in custody["Withheld from the public pack"]


def test_only_the_input_cells_are_unlocked_and_the_rag_cell_is_coloured(forms):
    sheet = sheet_of(forms["megan-price"])
    assert sheet.protection.sheet
    row = row_of(sheet, "CL3.4")
    unlocked = [c.coordinate for r in sheet.iter_rows() for c in r if c.protection.locked is False]
    assert unlocked == ["C4", "C5", *(f"Q{n}" for n in range(8, 16))]
    rag = next(c for c in sheet[row] if c.value == "Red")
    assert rag.fill.fgColor.rgb.endswith("FFC7CE")


def test_the_hidden_record_names_pack_period_officer_and_what_each_row_showed(forms):
    book = openpyxl.load_workbook(forms["megan-price"])
    hidden = book[RECORD_SHEET]
    assert hidden.sheet_state == "veryHidden" and book.security.lockStructure
    record = parse_record([["" if c.value is None else str(c.value) for c in row] for row in hidden.iter_rows()])
    assert (record.pack, record.period, record.officer) == (BOARD, "Q2 2026-27", "Megan Price")
    assert record.project == "Northbridge Borough Council"
    sheet = book[FORM_SHEET]
    assert [r.name for r in record.rows][:2] == ["CL3.1", "CL3.2"]
    assert list(record.rows[1].shown) == [v or "" for v in values(sheet, "CL3.2")[1:-1]]


def test_prefill_is_last_periods_text_only_when_the_pack_asks(tmp_path):
    project = demo_copy(tmp_path)
    plain = make_forms(project, tmp_path / "plain", BOARD, "--period", "Q3 2026-27")
    assert values(sheet_of(plain["megan-price"]), "CL3.2")[-1] is None
    pack = project / "packs" / f"{BOARD}.yaml"
    pack.write_text(pack.read_text() + "commentary:\n  prefill: true\n")
    filled = make_forms(project, tmp_path / "filled", BOARD, "--period", "Q3 2026-27")
    assert values(sheet_of(filled["megan-price"]), "CL3.2")[-1].startswith("Just over half of care leavers aged 19")


def test_last_periods_text_with_a_control_character_or_a_formula_start_is_safe_text(tmp_path):
    """A bell character (which Excel's XML cannot hold) is dropped; '=1+1' stays text, also when edited."""
    project = demo_copy(tmp_path)
    q2 = project / "commentary" / "2026-27-Q2.yaml"
    text = q2.read_text(encoding="utf-8")
    body = text.index("    text:", text.index("  CL3.2:"))
    end = re.compile(r"\n  \S").search(text, body).start()  # the block of text ends at the next entry
    q2.write_text(text[:body] + '    text: "=1+1 \\u0007 rang the bell"' + text[end:], encoding="utf-8")
    pack = project / "packs" / f"{BOARD}.yaml"
    pack.write_text(pack.read_text() + "commentary:\n  prefill: true\n")
    made = make_forms(project, tmp_path / "forms", BOARD, "--period", "Q3 2026-27")
    sheet = sheet_of(made["megan-price"])
    cell = sheet.cell(row_of(sheet, "CL3.2"), sheet.max_column)
    assert cell.value == "=1+1  rang the bell" and cell.data_type == "s" and cell.quotePrefix


def test_sending_finds_the_same_officers_as_making_the_forms_without_making_them():
    from publisher.commentary.forms import form_officers, pack_forms
    from publisher.inputs.load import load
    from publisher.inputs.packs import load_pack, pack_files
    from publisher.inputs.project import load_project
    from publisher.output.build import pack_scorecard

    loaded = load(load_project())
    for path in pack_files(loaded.project.packs_dir):
        pack = load_pack(path, loaded.registry)
        made = [form.officer for form in pack_forms(loaded, pack)]
        assert form_officers(pack_scorecard(loaded, pack)) == made and made, pack.name
