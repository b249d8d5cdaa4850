"""Reading Annex A: headings as councils' systems write them, codes, dates, formulas, blank lists, bounds; every
problem named by sheet, row and column and never by what the cell holds."""

import datetime as dt
import re
import shutil
import zipfile

import pytest

from publisher.annexa import reader
from publisher.annexa.lists import AnnexList, Field
from publisher.annexa.reader import read_extract
from publisher.core.errors import InputError

from .extract import write_book

AS_AT = dt.date(2026, 3, 31)
SECRET = "Zebedee Quillfeather"


def test_headings_codes_and_dates_as_systems_write_them(tmp_path):
    sheets = {
        "list3 - Referrals": (["CHILD ID", "  referral   date ", "Referral NFA", "Ethnicity"],
                              [[1234, "05/03/2026", "a) Yes", "WBRI"], ["B7", dt.datetime(2026, 3, 6, 14, 5), "b) No", None],
                              [None, None, None, None],  # a blank row is skipped
                              ["C8", "2026-03-07", None, None]]),
        "List 7": ([], []),  # a blank list
        "List 8": ([None], [[None], ["Child ID"]]),  # not blank: a heading below a blank row
        "Notes": (["Anything"], [["at all"]]),
    }  # fmt: skip
    book = write_book(tmp_path / "a.xlsx", sheets)
    with pytest.raises(InputError, match=r"a.xlsx \[List 8\]:1: expected headings, found none"):
        read_extract(book, AS_AT)
    extract = read_extract(write_book(book, {**sheets, "List 8": ([], [])}), AS_AT)
    rows = extract.rows(AnnexList.REFERRALS)
    assert rows is not None
    assert [(r.row, r.cells[Field.CHILD], r.date(Field.REFERRAL_DATE), r.cells[Field.REFERRAL_NFA]) for r in rows] == [
        (2, "1234", dt.date(2026, 3, 5), True), (3, "B7", dt.date(2026, 3, 6), False),
        (5, "C8", dt.date(2026, 3, 7), None)]  # fmt: skip
    assert extract.rows(AnnexList.CHILD_PROTECTION) == ()
    assert extract.rows(AnnexList.LOOKED_AFTER) == ()
    assert extract.rows(AnnexList.SECTION_47) is None  # no sheet: no list, so no figures
    assert re.fullmatch("[0-9a-f]{64}", extract.sha256)


def problems_of(tmp_path, sheets) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_extract(write_book(tmp_path / "b.xlsx", sheets), AS_AT)
    return [str(p) for p in caught.value.problems]


def test_every_bad_cell_is_named_by_sheet_row_and_column_never_by_its_content(tmp_path):
    found = problems_of(tmp_path, {"List 3": (["Child Unique ID", "Date of Referral", "Referral NFA?"], [
        ["A1", SECRET, "Yes"], ["A2", 46082, "Perhaps " + SECRET], [SECRET, "31/02/2026", None], [None, "01/04/2026", "No"]])
    })  # fmt: skip
    assert found == [
        "b.xlsx [List 3]:2: 'Date of Referral, column B': expected a date (an Excel date, or dd/mm/yyyy), "
        "found text that is not a date such as 31/03/2026",
        "b.xlsx [List 3]:3: 'Date of Referral, column B': expected a date (an Excel date, or dd/mm/yyyy), "
        "found a number (format the column as dates)",
        "b.xlsx [List 3]:3: 'Referral NFA?, column C': expected Yes or No (or a) Yes, b) No), found other text",
        "b.xlsx [List 3]:4: 'Date of Referral, column B': expected a date (an Excel date, or dd/mm/yyyy), "
        "found text that is not a date such as 31/03/2026",
        "b.xlsx [List 3]:5: 'Child Unique ID, column A': expected an identifier, found a blank cell",
        "b.xlsx [List 3]:5: 'Date of Referral, column B': expected a date on or before the as-at date (31/03/2026), "
        "found a later one",
    ]
    assert not any(SECRET in p or "Zebedee" in p for p in found)


def test_a_missing_or_doubled_column_is_named_with_the_headings_it_may_have(tmp_path):
    found = problems_of(tmp_path, {"List 3": (["Child ID", "Child Unique ID", "Referral NFA?"], [["A1", "A1", "No"]])})
    assert found[0].startswith("b.xlsx [List 3]:1: 'Child Unique ID, column A': expected one column headed "
                               "'Child Unique ID' (or 'Child ID',")  # fmt: skip
    assert found[0].endswith("found 2 columns (A, B)")
    assert "expected one column headed 'Date of Referral' (or 'Referral Date'), found none" in found[1]


def with_formula(tmp_path, cached: str | None):
    """A workbook whose referral date is a formula, saved with or without the value Excel computed."""
    path = write_book(tmp_path / "f.xlsx", {"List 3": (["Child Unique ID", "Date of Referral", "Referral NFA?"],
                                                       [["A1", '=TEXT(46082,"dd/mm/yyyy")', "No"]])})  # fmt: skip
    if cached is None:
        return path
    patched = tmp_path / "g.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(patched, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<c r="B2"( [^>]*)?><f>(.*?)</f><v\s*/?>(</v>)?', rb'<c r="B2" t="str"><f>\2</f><v>'
                              + cached.encode() + b"</v>", data)  # fmt: skip
            new.writestr(item, data)
    return patched


def test_a_formula_is_read_by_its_saved_value_or_refused_by_its_cell(tmp_path):
    rows = read_extract(with_formula(tmp_path, "01/03/2026"), AS_AT).rows(AnnexList.REFERRALS)
    assert rows is not None and rows[0].date(Field.REFERRAL_DATE) == dt.date(2026, 3, 1)
    with pytest.raises(InputError) as caught:
        read_extract(with_formula(tmp_path, None), AS_AT)
    assert [str(p) for p in caught.value.problems] == [
        "f.xlsx [List 3]:2: 'Date of Referral, column B': expected a value, found a formula with no saved value: "
        "save it in Excel, or paste values"
    ]


def test_absurd_sizes_are_refused_before_reading(tmp_path, monkeypatch):
    book = write_book(tmp_path / "big.xlsx", {"List 3": (["Child ID", "Referral Date", "Referral NFA"],
                                                         [["A", AS_AT, "No"]] * 30)})  # fmt: skip
    monkeypatch.setattr(reader, "MAX_ROWS", 20)
    with pytest.raises(InputError, match=r"big.xlsx \[List 3\]:22: refused: more than 20 rows"):
        read_extract(book, AS_AT)
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InputError, match="refused: 0 MB, over the limit of 0 MB"):
        read_extract(book, AS_AT)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text("x\n")
    with pytest.raises(InputError, match=r"expected an Excel workbook \(\.xlsx\), got '\.csv'"):
        read_extract(csv, AS_AT)
    fake = tmp_path / "a.xlsx"
    shutil.copy(csv, fake)
    with pytest.raises(InputError, match="not an Excel workbook"):
        read_extract(fake, AS_AT)


def test_many_problems_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_PROBLEMS", 3)
    found = problems_of(tmp_path, {"List 3": (["Child ID", "Referral Date", "Referral NFA"], [["A", "x", "No"]] * 5)})
    assert len(found) == 4 and found[-1] == "b.xlsx: and 2 more problems like those above"


def test_an_optional_column_may_be_left_out_but_not_given_twice():
    headings = ["Child ID", "Date Started to be Looked After", "Date Ceased to be Looked After", "Placement Start Date"]
    row = ["A1", "01/01/2025", None, "01/01/2025"]
    extract = reader.read_rows("m.xlsx", [("List 8", [headings, row])], AS_AT)
    records = extract.rows(AnnexList.LOOKED_AFTER)
    assert records is not None and Field.HEALTH_ASSESSMENT not in records[0].cells
    twice = [*headings, "Date of Last Dental Check", "Last Dental Check Date"]
    with pytest.raises(InputError) as caught:
        reader.read_rows("m.xlsx", [("List 8", [twice, [*row, None, None]])], AS_AT)
    assert [str(p) for p in caught.value.problems] == [
        "m.xlsx [List 8]:1: 'Date of Last Dental Check, column E': expected one column headed 'Date of Last Dental "
        "Check' (or 'Last Dental Check Date'), found 2 columns (E, F)"
    ]


def rewritten(path, target, change):
    """A copy of a workbook with its first sheet's XML changed, as another program (or an attacker) writes it."""
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item.filename, change(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return target


def test_a_formula_is_found_by_its_cell_in_a_sheet_written_without_cell_references(tmp_path):
    """calamine reads a formula saved with no value as a blank; the scan of the sheet's XML finds it, placing each
    cell as calamine does when a program leaves out the references and prefixes its tags (the .NET SDK's x:c)."""
    unnamed = rewritten(with_formula(tmp_path, None), tmp_path / "u.xlsx",
                        lambda xml: re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<x:c", xml).replace(b"</c>", b"</x:c>"))  # fmt: skip
    with pytest.raises(InputError) as caught:
        read_extract(unnamed, AS_AT)
    assert [str(p) for p in caught.value.problems] == [
        "u.xlsx [List 3]:2: 'Date of Referral, column B': expected a value, found a formula with no saved value: "
        "save it in Excel, or paste values"
    ]


@pytest.mark.parametrize("far", [b'<c r="XFD1048576"', b'<c r="B2" r="XFD1048576"'])  # calamine reads the last r
def test_a_sheet_whose_cells_reach_far_is_refused_before_calamine_reads_it(tmp_path, far):
    """calamine holds a sheet as a grid from A1 to its furthest cell: two cells, at A1 and XFD1048576, made it ask
    for 512 GB and abort the process. The scan refuses the sheet first, naming it and the bound."""
    book = write_book(tmp_path / "a.xlsx", {"List 3": (["Child ID"], [["A1"]])})
    wide = rewritten(book, tmp_path / "wide.xlsx", lambda xml: xml.replace(b'<c r="A2"', far))
    with pytest.raises(InputError) as caught:
        read_extract(wide, AS_AT)
    assert [str(p) for p in caught.value.problems] == [
        "wide.xlsx [List 3]: refused: its cells reach row 1,048,576 and column XFD, 17,179,869,184 cells from A1, "
        "over the limit of 5,000,000 for a list"
    ]


NO_CELL = "a cell's reference is not a worksheet's cell (A1 to XFD1048576)"


@pytest.mark.parametrize(("far", "why"), [
    (b'<c r="A99999999"', NO_CELL),  # calamine placed it at row 99,999,999 and asked for 3.2 GB
    (b'<c r="A0"', NO_CELL),
    (b'<c r="A1048577"', "its cells reach row 1,048,577 and column A, past a worksheet's last cell, XFD1048576"),
    (b'<c r="XFE1"', "its cells reach row 1 and column XFE, past a worksheet's last cell, XFD1048576"),
])  # fmt: skip
def test_a_reference_past_a_worksheet_or_not_a_cells_is_refused_naming_only_the_sheet(tmp_path, far, why):
    """A reference the scan cannot read would be placed by calamine where the scan did not count it; one past
    XFD1048576 is no worksheet's. Either is refused by the sheet's name, never the cell's content."""
    book = write_book(tmp_path / "a.xlsx", {"List 3": (["Child ID"], [["A1"]])})
    wide = rewritten(book, tmp_path / "wide.xlsx", lambda xml: xml.replace(b'<c r="A2"', far))
    with pytest.raises(InputError) as caught:
        read_extract(wide, AS_AT)
    assert [str(p) for p in caught.value.problems] == [f"wide.xlsx [List 3]: refused: {why}"]


def test_an_xlsx_expanding_past_the_limit_or_past_what_its_zip_says_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    """A zip bomb is refused from the zip's directory; a sheet larger than the directory says is read no further
    than the size it gives (zipfile's read() would inflate all of it) and refused, by its checksum."""
    import tracemalloc

    from publisher.inputs import tables

    book = write_book(tmp_path / "a.xlsx", {"List 3": (["Child ID"], [["A1"]])})
    padded = rewritten(book, tmp_path / "big.xlsx", lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + b" " * 2**21))
    monkeypatch.setattr(tables, "MAX_WORKBOOK_BYTES", 2**20)
    with pytest.raises(InputError, match="refused: it expands to 2 MB, over the limit of 1 MB"):
        read_extract(padded, AS_AT)
    monkeypatch.undo()
    liar = tmp_path / "liar.xlsx"
    data = bytearray(padded.read_bytes())
    declared = zipfile.ZipFile(padded).getinfo("xl/worksheets/sheet1.xml").file_size
    liar.write_bytes(data.replace(declared.to_bytes(4, "little"), (10_000).to_bytes(4, "little")))  # > the 4 KB checked
    tracemalloc.start()
    with pytest.raises(InputError, match=r"liar.xlsx: cannot read as an Excel workbook \(BadZipFile\)"):
        read_extract(liar, AS_AT)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2**20
