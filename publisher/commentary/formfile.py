"""Reading a filled commentary form: whatever came back (renamed, re-saved by Excel or LibreOffice, rows
inserted), or a clear refusal naming the file, sheet and cell. Nothing here trusts the form: rows are found by
their reference, every cell the officer could not edit is compared with what the form showed, and the text is
checked before anything is collected."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import InputError, Problem
from ..core.text import bidi_control, line_separator
from ..inputs.tables import check_workbook
from .formrecord import (
    AUTHOR_CELL,
    DATE_CELL,
    FORM_SHEET,
    RECORD_SHEET,
    EntryKind,
    FormRecord,
    RecordError,
    parse_record,
)
from .rules import CommentaryRules

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an old .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_AUTHOR = 120
DEFAULT_LIMIT = CommentaryRules().max_characters


@dataclass(frozen=True)
class FilledEntry:
    kind: EntryKind
    name: str
    cell: str  # where the text was, e.g. "Commentary!Q12"
    text: str  # stripped; "" when the officer left it empty
    shown: tuple[str, ...]  # what the form showed on this row (from the record)
    base_sha256: str


@dataclass(frozen=True)
class FilledForm:
    path: Path
    record: FormRecord
    author: str
    date: dt.date
    entries: tuple[FilledEntry, ...]


class _Where:
    """Problems about one file, each naming the sheet and cell."""

    def __init__(self, path: Path) -> None:
        self.path, self.problems = path, list[Problem]()

    def add(self, cell: str, field: str, message: str, sheet: str = FORM_SHEET) -> None:
        where = f"{self.path} [sheet '{sheet}', cell {cell}]" if cell else str(self.path)
        self.problems.append(Problem(where, None, field, message))


def read_form(path: Path, limits: Mapping[str, int]) -> FilledForm:
    """A filled form, or :class:`InputError` listing everything wrong with it. ``limits``: the longest text each
    pack allows, by pack name."""
    _check_kind(path)
    book = _open(path)
    where = _Where(path)
    if FORM_SHEET not in book.sheetnames or RECORD_SHEET not in book.sheetnames:
        found = ", ".join(f"'{n}'" for n in book.sheetnames)
        message = f"expected a commentary form with sheets '{FORM_SHEET}' and '{RECORD_SHEET}', found {found}: " \
                  "make forms with 'publisher commentary forms'"  # fmt: skip
        raise InputError([Problem(str(path), None, "", message)])
    try:
        record = parse_record([[_text(c.value) for c in row] for row in book[RECORD_SHEET].iter_rows()])
    except RecordError as exc:
        raise InputError([Problem(str(path), None, "", f"not a form as publisher made it: {exc}")]) from None
    sheet = book[FORM_SHEET]
    _pictures(book, path, where)
    entries = _entries(sheet, record, limits.get(record.pack, DEFAULT_LIMIT), where)
    author = _author(sheet[AUTHOR_CELL].value, record.officer, where)
    date = _date(sheet[DATE_CELL], book, where)
    if where.problems:
        raise InputError(where.problems)
    return FilledForm(path, record, author, date, tuple(entries))


def _check_kind(path: Path) -> None:
    """Say what a file is when it is not an .xlsx, before a spreadsheet library is given it."""
    try:
        with path.open("rb") as stream:
            head = stream.read(2**16)
    except OSError as exc:
        raise InputError([Problem(str(path), None, "", f"cannot be read: {exc.strerror or exc}")]) from None
    message = ""
    if head.startswith(_CFB):
        message = ("password-protected (encrypted): open it, remove the password (File > Info > Protect Workbook) "
                   "and save it as .xlsx" if _ENCRYPTED in head else
                   "an old Excel 97-2003 (.xls) file: open it and save it as Excel Workbook (.xlsx)")  # fmt: skip
    elif _ODS in head[:100]:
        message = "an OpenDocument (.ods) spreadsheet: save it as Excel 2007-365 (.xlsx) and collect that"
    elif not head.startswith(b"PK"):
        message = "not an Excel workbook (.xlsx): collect the form as it was sent, filled in and saved as .xlsx"
    if message:
        raise InputError([Problem(str(path), None, "", message)])
    check_workbook(path)  # sizes and XML entities, before anything is parsed


def _open(path: Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, data_only=False, rich_text=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        message = f"cannot read as an Excel workbook ({exc.__class__.__name__}: {exc}): open and save it again"
        raise InputError([Problem(str(path), None, "", message)]) from None


def _pictures(book: Any, path: Path, where: _Where) -> None:
    """A form holds text only: a pasted picture, chart or drawing would never reach the pack, so say so."""
    for sheet in book.worksheets:
        for image in [*getattr(sheet, "_images", ()), *getattr(sheet, "_charts", ())]:
            anchor = getattr(getattr(image, "anchor", None), "_from", None)
            cell = f"{_column(anchor.col + 1)}{anchor.row + 1}" if anchor is not None else ""
            where.add(cell, "", "holds a picture or chart: commentary is text only, so remove it", sheet.title)
    with zipfile.ZipFile(path) as archive:
        drawings = [n for n in archive.namelist() if n.startswith(("xl/drawings/", "xl/media/"))]
    if drawings and not where.problems:
        where.add("", "", f"holds a picture or drawing ({drawings[0]}): commentary is text only, so remove it")


def _column(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(number))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _entries(sheet: Any, record: FormRecord, max_characters: int, where: _Where) -> list[FilledEntry]:
    rows = _rows_by_key(sheet, record, where)
    entries = []
    column = _column(record.input_column)
    for expected in record.rows:
        found = rows.get(expected.name, [])
        if len(found) != 1:
            what = "was deleted" if not found else f"appears {len(found)} times (rows {', '.join(map(str, found))})"
            where.add(f"A{expected.row}", expected.name, f"the row for '{expected.name}' {what}: use a fresh form")
            continue
        number = found[0]
        for n, shown in enumerate(expected.shown):
            cell = sheet.cell(number, n + 2)
            if _text(cell.value).strip() != shown.strip():
                where.add(cell.coordinate, expected.name, f"was changed outside the yellow cells: expected "
                          f"{_brief(shown)}, found {_brief(_text(cell.value))}; only the yellow cells may be edited")
        text = _commentary(sheet.cell(number, record.input_column), max_characters, where, expected.name)
        entries.append(FilledEntry(expected.kind, expected.name, f"{FORM_SHEET}!{column}{number}", text,
                                   expected.shown, expected.base_sha256))  # fmt: skip
    return entries


def _rows_by_key(sheet: Any, record: FormRecord, where: _Where) -> dict[str, list[int]]:
    """The rows of each reference in column A; text beside a reference the form was not made for is refused."""
    known = {r.name for r in record.rows}
    found: dict[str, list[int]] = {}
    first = min((r.row for r in record.rows), default=1)
    for (key_cell,) in sheet.iter_rows(min_row=first, max_col=1):
        key = _text(key_cell.value).strip()
        if key in known:
            found.setdefault(key, []).append(key_cell.row)
        elif key and _text(sheet.cell(key_cell.row, record.input_column).value).strip():
            where.add(key_cell.coordinate, "reference", f"unknown reference {_brief(key, 40)}: this form was made "
                      f"for ({', '.join(sorted(known))}); write each text on its own row")  # fmt: skip
    return found


def _commentary(cell: Any, max_characters: int, where: _Where, name: str) -> str:
    value = cell.value
    if cell.data_type == "f" or not isinstance(value, str | int | float | type(None)) or isinstance(value, bool):
        found = "a formula" if cell.data_type == "f" else type(value).__name__
        where.add(cell.coordinate, name, f"expected text, found {found}: type the commentary itself")
        return ""
    text = _text(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > max_characters:
        where.add(cell.coordinate, name, f"expected at most {max_characters:,} characters, found {len(text):,}: "
                  "shorten it (the pack's 'commentary: max_characters' sets the limit)")  # fmt: skip
        return ""
    if control := bidi_control(text) or line_separator(text):
        where.add(cell.coordinate, name, control[1])
    elif any(ord(c) < 32 and c not in "\n\t" for c in text):
        where.add(cell.coordinate, name, "contains control characters (not text a reader could see): retype it")
    return text


def _author(value: Any, officer: str, where: _Where) -> str:
    author = _text(value).strip() or officer
    if len(author) > MAX_AUTHOR or any(ord(c) < 32 for c in author) or bidi_control(author):
        where.add(AUTHOR_CELL, "author", f"expected a name on one line, at most {MAX_AUTHOR} characters")
    return author


def _date(cell: Any, book: Any, where: _Where) -> dt.date:
    """The date the officer wrote, or the date the form was last saved."""
    value = cell.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).strip()
    if not text:
        saved = getattr(book.properties, "modified", None)
        return saved.date() if isinstance(saved, dt.datetime) else dt.date.today()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    where.add(cell.coordinate, "date", f"expected a date such as 2026-10-14 or 14/10/2026, found {_brief(text)}")
    return dt.date.today()


def _brief(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")
