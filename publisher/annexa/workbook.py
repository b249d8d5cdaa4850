"""An extract's sheets as rows of values, read with calamine (Rust; twenty times openpyxl's speed) and bounded first.

calamine holds a sheet as a grid from A1 to its furthest cell, so a few bytes naming cell XFD1048576 would have it
ask for half a terabyte and abort the process; and it reads a formula by the value Excel saved with it, so a formula
saved with none reads as a blank. Each sheet's XML is therefore scanned before calamine reads it: how far its cells
reach (refused past a worksheet's last cell, XFD1048576, or :data:`MAX_CELLS`) and which cells hold a formula (one
read as blank becomes :data:`UNSAVED`). The scan mirrors calamine's placing of cells; a sheet as Excel writes it
(every cell ``<c r="B2"``, no formula) is scanned by two regular expressions, any other by walking its tags, where a
reference that is not a cell's (``A0``, ``A99999999``) is refused, as calamine would place it where the scan cannot.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from defusedxml import ElementTree

from ..core.errors import InputError, Problem
from ..inputs.tables import column_letter

MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # a worksheet's grid, A1 to XFD1048576
MAX_CELLS = 5_000_000  # from A1 to a sheet's furthest cell: 200,000 rows of 25 columns; about 160 MB in calamine

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
AS_EXCEL = rb'c r="[A-Z]{1,3}[1-9][0-9]{0,6}"(?: (?!r=)[A-Za-z]+="[^"<>]*")*/?>'  # a reference, then no other
UNUSUAL = re.compile(rb"<(?:[^\s<>/!?:]+:[cf]|c(?!" + AS_EXCEL[1:] + rb")|f)[\s/>]")  # a cell not so written
CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
ATTRIBUTES = rb"""((?:\s(?:[^>"'/]|/(?!>)|"[^"]*"|'[^']*')*)?)"""  # a quoted '>' does not end the tag
TAG = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>"  # skipped, as an XML parser does
                 rb"|<(/?)(?:[^\s<>/!?:]+:)?(row|c|f)" + ATTRIBUTES + rb"(/?)>", re.DOTALL)  # fmt: skip
REFERENCE = re.compile(rb"""(?:^|\s)r\s*=\s*(["'])(.*?)\1""", re.DOTALL)  # any value; one not a cell's is refused
PLACE = re.compile(rb"([A-Za-z]{0,3})([1-9][0-9]{0,6})")  # a cell's reference, or a row's number


class _Unsaved:
    """A formula cell Excel saved no value with (calamine reads it as blank)."""


UNSAVED = _Unsaved()


class Scan(NamedTuple):
    """How far a sheet's cells reach (rows and columns from A1) and where its formulas are (0-based)."""

    rows: int
    columns: int
    formulas: tuple[tuple[int, int], ...]


def sheets(path: Path, wanted: Callable[[str], bool]) -> Iterator[tuple[str, list[list[Any]]]]:
    """Each wanted sheet's title and rows (from row 1 and column A); an :class:`InputError` for one calamine cannot
    read or that reaches past the bound. ``check_workbook`` has already bounded the zip and refused XML entities."""
    from python_calamine import CalamineWorkbook

    with zipfile.ZipFile(path) as archive:
        try:
            members = _members(archive)
            book = CalamineWorkbook.from_path(path)
        except Exception as exc:  # a damaged file raises many types; the type says what, never a cell
            raise _unreadable(path, exc) from None
        with book:
            for title in book.sheet_names:
                if wanted(title):
                    yield title, _rows(path, book, title, _scan(path, title, archive, members.get(title)))


def _rows(path: Path, book: Any, title: str, scan: Scan) -> list[list[Any]]:
    try:
        rows: list[list[Any]] = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
    except Exception as exc:
        raise _unreadable(path, exc) from None
    for row, column in scan.formulas:
        rows.extend([] for _ in range(row + 1 - len(rows)))
        cells = rows[row]
        cells.extend("" for _ in range(column + 1 - len(cells)))
        if cells[column] == "":
            cells[column] = UNSAVED
    return rows


def _members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's file in the zip, found as calamine finds it (xl/workbook.xml, then its relationships)."""
    relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in relationships}
    found = {}
    for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(RELATIONSHIP)) or ""
        found[sheet.get("name", "")] = target[1:] if target.startswith("/xl/") else (
            target if target.startswith("xl/") else f"xl/{target}")  # fmt: skip
    return found


def _scan(path: Path, title: str, archive: zipfile.ZipFile, member: str | None) -> Scan:
    try:
        with archive.open(member or "") as stream:  # read(n): zipfile inflates up to n bytes, not what the data holds
            data = stream.read(archive.getinfo(member or "").file_size)
    except (KeyError, zipfile.BadZipFile) as exc:
        raise _unreadable(path, exc) from None
    try:
        scan = _as_excel_writes(data) if b"<!" not in data and not UNUSUAL.search(data) else _walked(data)
    except _NoCell:
        raise _refused(path, title, "a cell's reference is not a worksheet's cell (A1 to XFD1048576)") from None
    if scan.rows > MAX_ROWS or scan.columns > MAX_COLUMNS:
        raise _refused(path, title, f"its cells reach row {scan.rows:,} and column {column_letter(scan.columns - 1)}, "
                       "past a worksheet's last cell, XFD1048576")  # fmt: skip
    if scan.rows * scan.columns > MAX_CELLS:
        far = f"row {scan.rows:,} and column {column_letter(scan.columns - 1)}"
        cells = f"{scan.rows * scan.columns:,} cells from A1"
        raise _refused(path, title, f"its cells reach {far}, {cells}, over the limit of {MAX_CELLS:,} for a list")
    return scan


class _NoCell(Exception):
    """A reference the scan cannot place (the sheet is refused, by its title only: a hostile file's bytes are not
    repeated)."""


def _refused(path: Path, title: str, why: str) -> InputError:
    return InputError([Problem(f"{path.name} [{title}]", None, "", f"refused: {why}")])


def _as_excel_writes(data: bytes) -> Scan:
    """Every cell opens ``<c r="B2"`` and none is a formula: how far they reach, from their references alone."""
    references = CELL.findall(data)
    if not references:
        return Scan(0, 0, ())
    letters, numbers = zip(*references, strict=True)
    return Scan(max(map(int, numbers)), max(map(_column, set(letters))) + 1, ())


def _walked(data: bytes) -> Scan:
    """Each cell placed as calamine places it: by its reference, else after the cell before it, on the row after
    the row before it (a self-closing ``<c/>`` or ``<row/>`` is not read); and each formula's cell."""
    row = column = rows = columns = 0
    cell: tuple[int, int] | None = None
    formulas: list[tuple[int, int]] = []
    for tag in TAG.finditer(data):
        closing, name, attributes, empty = tag.groups()
        if name == b"row" and not empty:
            if closing:
                row, column = row + 1, 0
            elif reference := _reference(attributes):
                row = reference[0]
        elif name == b"c" and closing:
            cell = None
        elif name == b"c" and not empty:
            reference = _reference(attributes)
            cell = (reference[0], reference[1]) if reference and reference[1] is not None else (row, column)
            column = cell[1] + 1
            rows, columns = max(rows, cell[0] + 1), max(columns, column)
        elif name == b"f" and not closing and cell is not None:
            formulas.append(cell)
    return Scan(rows, columns, tuple(formulas))


def _reference(attributes: bytes) -> tuple[int, int | None] | None:
    """A tag's r attribute as a 0-based row and column (None for a row's, or a cell's giving only its row): the last
    one, as calamine reads a tag that has two; :class:`_NoCell` for one that is neither."""
    found = REFERENCE.findall(attributes)
    if not found:
        return None
    place = PLACE.fullmatch(found[-1][1])
    if place is None:
        raise _NoCell
    return int(place[2]) - 1, _column(place[1]) if place[1] else None


def _column(letters: bytes) -> int:
    """A column's 0-based index from its letters: A is 0, Z 25, AA 26."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index - 1


def _unreadable(path: Path, exc: Exception) -> InputError:
    return InputError([Problem(str(path), None, "", f"cannot read as an Excel workbook ({exc.__class__.__name__})")])
