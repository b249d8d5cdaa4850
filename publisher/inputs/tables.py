"""Reading and writing the tables officers export from Excel and case-management systems (CSV or .xlsx)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..core.codes import brief
from ..core.errors import InputError, Problem
from ..core.text import bidi_control

__all__ = ["check_workbook", "column_letter"]

log = logging.getLogger(__name__)
RUN_ON_LINES = 5  # a cell over more lines than this is a stray quote, not a note written on a few lines
MAX_CELL = 1_000_000  # characters: room for a pasted commentary, not for a runaway file
MAX_COLUMNS = 16_384  # a row's cells: Excel's own limit (column XFD), so no sheet a council keeps is wider
MAX_WORKBOOK_BYTES = 100 * 2**20  # an .xlsx's files once unzipped: far above any council's scorecard
MAX_RATIO = 100  # unzipped / zipped size of one file; Excel's own files stay well under 20


class _Grid(NamedTuple):
    """A file's first row and the rest; ``plain`` when no cell can hold a direction control (a CSV whose whole
    text was searched once), so that its rows need not be searched one by one."""

    header: list[Any]
    rows: Iterator[tuple[int, list[Any]]]
    plain: bool = False


@dataclass(frozen=True, slots=True)  # slots: made in half the time, once a row
class Row:
    """One data row as text or Excel values, keyed by lower-case header, with its row number for errors."""

    file: str
    number: int
    cells: dict[str, Any]


def read_rows(path: Path, required: Sequence[str]) -> Iterator[Row]:
    """Yield rows of a CSV (UTF-8, with or without BOM, or Windows-1252) or the first sheet of an .xlsx."""
    names, rows = read_table(path)
    missing = [c for c in required if c not in names]
    if missing:
        found = ", ".join(n for n in names if n)
        raise InputError([Problem(str(path), 1, ", ".join(missing), f"expected columns ({', '.join(required)}), "
                                                                      f"found ({found})")])  # fmt: skip
    yield from rows


def read_table(path: Path) -> tuple[list[str], Iterator[Row]]:
    """A table's column names (lower case; a date heading as its month, '2026-04') and its rows."""
    grid = _open(path)
    names = [heading_text(h) for h in grid.header]
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        message = f"each column heading once, found more than one '{twice[0]}' column: delete or rename the others"
        raise InputError([Problem(str(path), 1, twice[0], f"expected {message}")])
    return names, _rows(path, names, grid)


def read_grid(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[Any]]]:
    """Every row of a CSV, or of one sheet of an .xlsx (the first unless named), numbered from 1 and headings
    and all: for a reader that finds the headings itself (a scorecard with title rows above them)."""
    grid = _open(path, sheet)
    yield 1, grid.header
    yield from grid.rows


def _open(path: Path, sheet: str | None = None) -> _Grid:
    """The first row and the rest, each row no wider than :data:`MAX_COLUMNS`."""
    grid = _read(path, sheet)
    _check_width(path, 1, grid.header)
    return grid._replace(rows=_narrow_rows(path, grid.rows))


def _narrow_rows(path: Path, rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    for number, values in rows:
        _check_width(path, number, values)
        yield number, values


def _check_width(path: Path, number: int, values: list[Any]) -> None:
    """Refuse a row wider than any sheet Excel keeps, before anything works through its cells."""
    if len(values) > MAX_COLUMNS:
        message = (f"expected at most {MAX_COLUMNS:,} columns (Excel's own limit), found {len(values):,}: "
                   "this is not a scorecard or a table of figures")  # fmt: skip
        raise InputError([Problem(str(path), number, "", message)])


def _read(path: Path, sheet: str | None) -> _Grid:
    if not path.is_file():
        found = "a folder" if path.is_dir() else "nothing"
        raise InputError([Problem(str(path), None, "", f"expected a file, found {found}")])
    if path.suffix.lower() == ".xlsx":
        return _xlsx(path, sheet)
    if sheet is not None:
        raise InputError([Problem(str(path), None, "--sheet", "expected an .xlsx workbook: a CSV has no sheets")])
    if path.suffix.lower() == ".csv":
        return _csv(path)
    raise InputError([Problem(str(path), None, "", f"expected a .csv or .xlsx file, got '{path.suffix}'")])


def check_bidi(path: Path, number: int, cells: dict[str, Any]) -> None:
    """Refuse a row hiding text behind bidirectional controls (it would read differently from how it shows)."""
    if bidi_control("".join(c for c in cells.values() if isinstance(c, str))):  # one search a row, mostly
        for name, cell in cells.items():
            if isinstance(cell, str) and (control := bidi_control(cell)):
                raise InputError([Problem(str(path), number, name, control[1])])


def heading_text(cell: object) -> str:
    """A heading cell as a column name: lower case, an Excel date as its month ('2026-04')."""
    if isinstance(cell, dt.date):  # an Excel date heading (a datetime is a date too)
        return f"{cell.year}-{cell.month:02d}"
    return str(cell).strip().lower() if cell is not None else ""


def _rows(path: Path, names: list[str], grid: _Grid) -> Iterator[Row]:
    file, width = str(path), len(names)
    for number, values in grid.rows:
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        beyond = [v for v in values[width:] if v is not None and str(v).strip()] if len(values) > width else []
        if beyond:
            message = f"expected at most {width} cells (one per heading), found {brief(beyond[0])} beyond them"
            raise InputError([Problem(file, number, "", message)])
        padded = values if len(values) >= width else [*values, *[None] * (width - len(values))]
        cells = dict(zip(names, padded, strict=False))  # cells past the headings are blank: checked above
        cells.pop("", None)  # a column with no heading
        if not grid.plain:
            check_bidi(path, number, cells)
        yield Row(file, number, cells)


def _csv(path: Path) -> _Grid:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(str(path), None, "", f"cannot be read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        log.warning("%s is not UTF-8; read it as Windows-1252 (Excel's 'CSV' format)", path)
    csv.field_size_limit(MAX_CELL)
    first = text.split("\n", 1)[0]
    tabs = "\t" in first and "," not in first  # Excel's "Unicode text" is tab-separated
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if tabs else ",")
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise InputError([Problem(str(path), 1, "", f"not a readable CSV: {exc}")]) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        try:
            for values in reader:
                if reader.line_num - start >= RUN_ON_LINES:
                    _stray_quote(path, start, reader.line_num, header, values)
                yield start, values
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InputError([Problem(str(path), start, "", f"not a readable CSV row: {exc}")]) from None

    return _Grid(header, rows(), plain=bidi_control(text) is None)


def _stray_quote(path: Path, start: int, end: int, header: list[str], values: list[str]) -> None:
    """A row running on over many lines is a quote mark opened and never closed: say where it opened."""
    column = next((n for n, v in enumerate(values) if "\n" in v), 0)
    name = header[column].strip().lower() if column < len(header) else ""
    message = (
        f"a quote mark (\") opens this cell and is not closed until line {end}, so the rows in between were read "
        "as part of it: remove the stray quote, or close it"
    )
    raise InputError([Problem(str(path), start, name, message)])


def _cell_value(cell: Any) -> Any:
    """A cell's value as its sheet shows it: a cell formatted as a percentage holds 0.97 and shows 97%."""
    value = getattr(cell, "value", None)
    shown_as_percent = "%" in str(getattr(cell, "number_format", ""))
    if shown_as_percent and isinstance(value, int | float) and not isinstance(value, bool):
        return round(value * 100, 10)
    return value


def check_workbook(path: Path) -> None:
    """Refuse a workbook that would expand past the limits, or whose XML declares entities, before parsing it.

    An .xlsx is a zip of XML files: 1 MB of it can expand to gigabytes ("zip bomb"), and XML entities can
    multiply text ("billion laughs"). Python's zipfile never inflates a member past its declared size, so the
    sizes in the zip's directory can be trusted as an upper bound.
    """
    try:
        with zipfile.ZipFile(path) as book:
            problem = _oversized(book.infolist()) or _entities(book)
    except zipfile.BadZipFile:
        problem = "not an Excel workbook (.xlsx): save it from Excel as .xlsx or .csv"
    if problem:
        raise InputError([Problem(str(path), None, "", f"refused: {problem}")])


def _oversized(members: list[zipfile.ZipInfo]) -> str | None:
    total = sum(m.file_size for m in members)
    if total > MAX_WORKBOOK_BYTES:
        limit = MAX_WORKBOOK_BYTES // 2**20
        return f"it expands to {total / 2**20:,.0f} MB, over the limit of {limit} MB: save only the sheet needed"
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 2**20 and ratio > MAX_RATIO:
            return f"'{member.filename}' expands {ratio:,.0f} times (over {MAX_RATIO}): not as Excel writes a workbook"
    return None


def _entities(book: zipfile.ZipFile) -> str | None:
    for member in book.infolist():
        if member.filename.endswith((".xml", ".rels")):
            with book.open(member) as stream:
                head = stream.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                return f"'{member.filename}' declares XML entities, which Excel never writes (an 'XML bomb')"
    return None


def _xlsx(path: Path, name: str | None = None) -> _Grid:
    import openpyxl  # imported here: only .xlsx inputs pay for it

    check_workbook(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)  # formulas arrive as '=...' text
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError([Problem(str(path), None, "", f"cannot read as an Excel workbook: {exc}")]) from None
    if name is not None and name not in book.sheetnames:
        book.close()
        found = ", ".join(f"'{n}'" for n in book.sheetnames)
        raise InputError([Problem(str(path), None, "--sheet", f"expected one of the sheets {found}; got '{name}'")])
    sheet = book[name] if name is not None else book.worksheets[0]
    cells = sheet.iter_rows()
    header = [_cell_value(c) for c in next(cells, ())]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, row in enumerate(cells, start=2):
            yield number, [_cell_value(c) for c in row]
        book.close()

    return _Grid(header, rows())


def column_letter(index: int) -> str:
    """A column's letters as Excel shows them, from its index counted from 0: 0 -> A, 27 -> AB."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))
