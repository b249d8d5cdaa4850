"""Hostile and damaged forms: each a clear message naming the file, sheet and cell, exit 1, nothing written."""

import io
import random
import shutil
import zipfile

import openpyxl
import pytest
from openpyxl.drawing.image import Image
from PIL import Image as PILImage

from publisher.commentary.formrecord import FORM_SHEET, RECORD_SHEET

from ..formkit import collect, demo_copy, make_forms, row_of


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("forms")
    project = demo_copy(root)
    return project, make_forms(project, root / "out")["megan-price"]


@pytest.fixture
def form(made, tmp_path):
    """A fresh copy of Megan Price's form."""
    original = made[1]
    copy = tmp_path / original.name
    shutil.copy(original, copy)
    return copy


def refused(made, path, capsys, *expected):
    project, _ = made
    before = (project / "commentary" / "2026-27-Q2.yaml").read_bytes()
    assert collect(project, path) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected" not in err
    for text in expected:
        assert text in err, err
    assert (project / "commentary" / "2026-27-Q2.yaml").read_bytes() == before
    return err


def edit(path, change):
    book = openpyxl.load_workbook(path)
    change(book, book[FORM_SHEET])
    book.save(path)
    return path


def input_cell(sheet, reference):
    return sheet.cell(row_of(sheet, reference), sheet.max_column)


def test_a_formula_in_the_input_cell(made, form, capsys):
    edit(form, lambda book, sheet: setattr(input_cell(sheet, "CL3.1"), "value", '=HYPERLINK("http://x","y")'))
    refused(made, form, capsys, f"{form} [sheet 'Commentary', cell Q8]: 'CL3.1': expected text, found a formula")


def test_a_10_mb_cell(made, form, capsys):
    """openpyxl and Excel stop at 32,767 characters a cell, so the file is edited as another tool might write it."""
    edit(form, lambda book, sheet: setattr(input_cell(sheet, "CL3.1"), "value", "MARKER"))
    text = "".join(random.Random(1).choices("abcdefghijklmnopqrstuvwxyz  ", k=10 * 2**20)).encode()
    rewrite(form, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"MARKER", text))
    refused(made, form, capsys, "cell Q8]: 'CL3.1': expected at most 4,000 characters, found 10,")
    rewrite(form, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(text, b"care " * 2 * 2**20))  # compresses 500:1
    refused(made, form, capsys, "refused: 'xl/worksheets/sheet1.xml' expands")


def rewrite(path, member, change):
    data = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item.filename, change(content) if item.filename == member else content)
    path.write_bytes(data.getvalue())


def test_a_pasted_picture(made, form, capsys, tmp_path):
    picture = tmp_path / "logo.png"
    PILImage.new("RGB", (20, 20), "red").save(picture)
    edit(form, lambda book, sheet: sheet.add_image(Image(str(picture)), "D12"))
    refused(made, form, capsys, "[sheet 'Commentary', cell D12]: holds a picture or chart: commentary is text only")


def test_a_deleted_row_and_an_edited_figure(made, form, capsys):
    def change(book, sheet):
        sheet.cell(row_of(sheet, "CL3.2"), 3).value = "99.9%"
        sheet.delete_rows(row_of(sheet, "CL3.5"))

    edit(form, change)
    refused(made, form, capsys, "[sheet 'Commentary', cell C9]: 'CL3.2': was changed outside the yellow cells: "
            "expected '49.6%', found '99.9%'", "[sheet 'Commentary', cell A12]: 'CL3.5': the row for 'CL3.5' was deleted")  # fmt: skip


def test_an_unknown_reference_with_text(made, form, capsys):
    def change(book, sheet):
        sheet["A30"], sheet.cell(30, sheet.max_column).value = "CL9.9", "Text for an indicator not on the form."

    edit(form, change)
    refused(made, form, capsys, "cell A30]: 'reference': unknown reference 'CL9.9': this form was made for (")


def test_an_edited_record_and_a_workbook_that_is_not_a_form(made, form, capsys, tmp_path):
    edit(form, lambda book, sheet: setattr(book[RECORD_SHEET]["B4"], "value", "Q3 2026-27"))
    refused(made, form, capsys, "not a form as publisher made it: its hidden sheet 'form-record' was changed after")
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    refused(made, plain, capsys, f"{plain}: expected a commentary form with sheets 'Commentary' and 'form-record'")


@pytest.mark.parametrize(("content", "name", "expected"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + bytes(500), "form.xlsx",
     "password-protected (encrypted): open it, remove the password"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "form.xls", "an old Excel 97-2003 (.xls) file"),
    (b"series,period\nx,2026-09\n", "form.xlsx", "not an Excel workbook (.xlsx)"),
])  # fmt: skip
def test_files_that_are_not_an_xlsx_say_what_they_are(made, capsys, tmp_path, content, name, expected):
    path = tmp_path / name
    path.write_bytes(content)
    refused(made, path, capsys, f"{path}: {expected}")


def test_an_ods_a_corrupt_zip_and_a_folder(made, form, capsys, tmp_path):
    ods = tmp_path / "form.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    refused(made, ods, capsys, f"{ods}: an OpenDocument (.ods) spreadsheet: save it as Excel 2007-365 (.xlsx)")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(form.read_bytes()[:3000])
    refused(made, broken, capsys, f"{broken}: refused: not an Excel workbook")
    refused(made, tmp_path, capsys, f"{tmp_path}: cannot be read")


def test_a_bad_date_and_invisible_direction_controls(made, form, capsys):
    def change(book, sheet):
        sheet["C5"] = "next Tuesday"
        input_cell(sheet, "CL3.1").value = "Rose to 50%\u202e05"

    edit(form, change)
    refused(made, form, capsys, "cell C5]: 'date': expected a date such as 2026-10-14",
            "cell Q8]: 'CL3.1': contains an invisible direction control (U+202E)")  # fmt: skip


def test_every_problem_in_every_form_is_listed_at_once(made, form, capsys, tmp_path):
    edit(form, lambda book, sheet: setattr(input_cell(sheet, "CL3.1"), "value", "=1+1"))
    other = tmp_path / "other.xls"
    other.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    project, _ = made
    assert collect(project, form, other) == 1
    err = capsys.readouterr().err
    assert "2 problems found" in err and "found a formula" in err and ".xls) file" in err


def test_an_xml_bomb_is_refused_before_parsing(made, form, capsys):
    rewrite(form, "xl/workbook.xml", lambda xml: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml.split(b"?>", 1)[-1])
    refused(made, form, capsys, "declares XML entities")
