"""Reading an Annex A workbook into memory: the columns the measures need, each cell checked and typed.

A problem is named by sheet, row and column and says what was expected and what kind of thing was found,
never the cell's content: a cell of an extract may hold a child's name, identifier or date of birth.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..core.errors import InputError, Problem, raise_if_any
from ..inputs.tables import check_workbook, column_letter
from .lists import MAY_BE_BLANK, OPTIONAL, READ, AnnexList, Field, Kind, list_of, normalise
from .workbook import UNSAVED, sheets

__all__ = ["read_extract"]

MAX_FILE_BYTES = 60 * 2**20  # a council's whole extract is a few MB; an .xlsx past this is not one
MAX_ROWS = 200_000  # rows of one list: ten times the largest council's year of referrals
MAX_COLUMNS = 400  # headings read; how far a sheet's cells may reach is workbook.MAX_CELLS
MAX_PROBLEMS = 100  # then one line saying how many more: a wrong column of 50,000 rows is one fix, not 50,000
CODE_PREFIX = re.compile(r"^\s*[a-z]{1,2}\)\s*", re.IGNORECASE)  # "a) Male": the guidance's lettered codes
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
ISO_DATE = re.compile(r"(\d{4}-\d\d-\d\d)(?:[ T][\d:.]+)?")  # as some systems export dates to text
YES, NO = frozenset({"yes", "y"}), frozenset({"no", "n"})

Value = dt.date | str | int | bool | None


@dataclass(frozen=True)
class Record:
    """One row of a list: the cells the measures read, typed; its row number for a message."""

    row: int
    cells: Mapping[Field, Value]

    def date(self, field: Field) -> dt.date | None:
        value = self.cells.get(field)
        return value if isinstance(value, dt.date) else None


@dataclass(frozen=True)
class Extract:
    """The lists the workbook holds (a list it has no sheet for is absent, not empty) and its checksum."""

    lists: Mapping[AnnexList, tuple[Record, ...]]
    sha256: str

    def rows(self, annex_list: AnnexList) -> tuple[Record, ...] | None:
        return self.lists.get(annex_list)


class Place(NamedTuple):
    """Where a cell is, as a message names it (a tuple: one is made for every cell read)."""

    file: str
    sheet: str
    row: int
    column: int | None  # None: the column was not found

    def problem(self, field: Field, message: str) -> Problem:
        where = "" if self.column is None else f", column {column_letter(self.column)}"
        return Problem(f"{self.file} [{self.sheet}]", self.row, f"{field.column.heading}{where}", message)


def read_extract(path: Path, as_at: dt.date) -> Extract:
    """The extract's lists, or an :class:`InputError` with every problem (up to a bound) found in it."""
    _check_file(path)
    problems: list[Problem] = []
    lists = _read_sheets(path.name, sheets(path, _is_read), as_at, problems)
    raise_if_any(_bounded(path.name, problems))
    return Extract(lists, _sha256(path))


def read_rows(file: str, sheets: Iterable[tuple[str, Iterable[Sequence[object]]]], as_at: dt.date) -> Extract:
    """An extract from sheets already in memory (a title and rows of values each), read as a workbook's are:
    for callers that hold the rows, and tests that would otherwise spend seconds writing a workbook."""
    problems: list[Problem] = []
    lists = _read_sheets(file, ((title, rows) for title, rows in sheets if _is_read(title)), as_at, problems)
    raise_if_any(_bounded(file, problems))
    return Extract(lists, "")


def _is_read(title: str) -> bool:
    return list_of(title) in READ


def _read_sheets(file: str, sheets: Iterable[tuple[str, Iterable[Sequence[object]]]], as_at: dt.date,
                 problems: list[Problem]) -> dict[AnnexList, tuple[Record, ...]]:  # fmt: skip
    """Each list's records, by the sheet that holds it (every sheet given is an Annex A list read)."""
    lists: dict[AnnexList, tuple[Record, ...]] = {}
    for title, rows in sheets:
        annex_list = list_of(title)
        assert annex_list is not None
        if annex_list in lists:
            message = f"expected one sheet for {annex_list.sheet}, found another before it"
            problems.append(Problem(f"{file} [{title}]", None, "", message))
            continue
        lists[annex_list] = tuple(_SheetReader(file, title, annex_list, as_at, problems).records(iter(rows)))
    return lists


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise InputError([Problem(str(path), None, "", "expected an Annex A workbook (.xlsx), found no such file")])
    if path.suffix.lower() != ".xlsx":
        raise InputError([Problem(str(path), None, "", f"expected an Excel workbook (.xlsx), got '{path.suffix}'")])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        message = f"refused: {size / 2**20:,.0f} MB, over the limit of {MAX_FILE_BYTES // 2**20} MB for an extract"
        raise InputError([Problem(str(path), None, "", message)])
    check_workbook(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


class _SheetReader:
    """Reads one list: finds its columns from the heading row, then types each needed cell of each row."""

    def __init__(self, file: str, sheet: str, annex_list: AnnexList, as_at: dt.date, problems: list[Problem]):
        self.file, self.sheet, self.annex_list, self.as_at = file, sheet, annex_list, as_at
        self.problems = problems
        self.columns: dict[Field, int] = {}

    def records(self, rows: Iterator[Sequence[object]]) -> Iterator[Record]:
        headings = list(next(rows, ())[:MAX_COLUMNS])
        if all(h is None or not str(h).strip() for h in headings):
            if any(self._record(n, row) is not None for n, row in enumerate(rows, start=2)):
                self.problems.append(Problem(f"{self.file} [{self.sheet}]", 1, "", "expected headings, found none"))
            return  # a blank list: nothing happened in it
        if not self._find_columns(headings):
            return
        for number, row in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                message = f"refused: more than {MAX_ROWS:,} rows, far more than any council's list"
                self.problems.append(Problem(f"{self.file} [{self.sheet}]", number, "", message))
                return
            record = self._record(number, row)
            if record is not None:
                yield record

    def _find_columns(self, headings: list[object]) -> bool:
        """Each column's place; False (the problems noted) when a column is missing or found twice."""
        names = [normalise(h) for h in headings]
        optional = OPTIONAL.get(self.annex_list, ())
        found_all = True
        for field in (*READ[self.annex_list], *optional):
            found = [n for n, name in enumerate(names) if name in field.column.names]
            if len(found) == 1:
                self.columns[field] = found[0]
            elif found or field not in optional:  # an optional column left out: its measures give no figure
                what = "none" if not found else f"{len(found)} columns ({', '.join(map(column_letter, found))})"
                message = f"expected one column headed '{field.column.heading}' (or {_aliases(field)}), found {what}"
                place = Place(self.file, self.sheet, 1, found[0] if found else None)
                self.problems.append(place.problem(field, message))
                found_all = False
        return found_all

    def _record(self, number: int, row: Sequence[object]) -> Record | None:
        if all(v is None or str(v).strip() == "" for v in row):
            return None
        width = len(row)
        cells = {field: self.value(number, index, field, row[index] if index < width else None)
                 for field, index in self.columns.items()}  # fmt: skip
        return Record(number, cells)

    def value(self, number: int, index: int, field: Field, raw: object) -> Value:
        """The cell typed as its column reads, or None after noting the problem (which never quotes it)."""
        if raw is UNSAVED:
            message = "expected a value, found a formula with no saved value: save it in Excel, or paste values"
            return self._problem(number, index, field, message)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if field not in MAY_BE_BLANK:
                self._problem(number, index, field, f"expected {field.column.kind.value}, found a blank cell")
            return None
        try:
            value = _typed(field.column.kind, raw)
        except ValueError as exc:
            return self._problem(number, index, field, f"expected {field.column.kind.value}, found {exc}")
        if isinstance(value, dt.date) and field is not Field.DATE_OF_BIRTH and value > self.as_at:
            message = f"expected a date on or before the as-at date ({self.as_at:%d/%m/%Y}), found a later one"
            return self._problem(number, index, field, message)
        return value

    def _problem(self, number: int, index: int, field: Field, message: str) -> Value:
        """None, noting the cell's problem by its place (made only then: one for each of 400,000 cells costs 0.1 s)."""
        self.problems.append(Place(self.file, self.sheet, number, index).problem(field, message))
        return None


def _typed(kind: Kind, raw: object) -> Value:
    """A cell as ``kind``; a ValueError says what kind of thing was found instead, never the cell's content."""
    match kind:
        case Kind.DATE:
            return _date(raw)
        case Kind.IDENTIFIER:
            return str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
        case Kind.YES_NO:
            word = CODE_PREFIX.sub("", str(raw)).strip().lower()
            if word in YES | NO:
                return word in YES
            raise ValueError("other text")
        case Kind.COUNT:
            if isinstance(raw, int | float) and not isinstance(raw, bool) and raw >= 0 and float(raw).is_integer():
                return int(raw)
            if isinstance(raw, str) and raw.strip().isdigit():
                return int(raw.strip())
            raise ValueError("a negative or fractional number" if isinstance(raw, int | float) else "text")
        case Kind.CODE:
            return CODE_PREFIX.sub("", str(raw)).strip().upper()
    raise AssertionError(kind)


def _date(raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        raise ValueError("a number (format the column as dates)" if isinstance(raw, int | float) else "another value")
    text = raw.strip()
    uk, iso = UK_DATE.fullmatch(text), ISO_DATE.fullmatch(text)
    try:
        if uk:
            return dt.date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
        if iso:
            return dt.date.fromisoformat(iso.group(1))
    except ValueError:
        pass
    raise ValueError("text that is not a date such as 31/03/2026")


def _bounded(file: str, problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(file, None, "", f"and {more:,} more problems like those above")]


def _aliases(field: Field) -> str:
    return ", ".join(f"'{a}'" for a in field.column.aliases) or "no other name"
