"""What a commentary form records about itself, on a hidden sheet: which project, pack, period and officer it
was made for, and what each row showed. A checksum over the record shows that it has not been edited since (it
is plain SHA-256, so it catches accidents and Excel, not someone set on forging a form)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

FORMAT = "publisher commentary form 1"
FORM_SHEET = "Commentary"
RECORD_SHEET = "form-record"
AUTHOR_CELL, DATE_CELL = "C4", "C5"
HEADING_ROW = 7
MAX_COLUMNS, MAX_ROWS = 100, 10_000  # far beyond any form: a record naming more is not one publisher made


class EntryKind(StrEnum):
    """A row of the form: an indicator's commentary or a priority's; the value is its section of the YAML file."""

    INDICATOR = "indicators"
    PRIORITY = "priorities"


@dataclass(frozen=True)
class RecordRow:
    """One row of the form as it was made: what it is for, where, what it showed, and the sha256 of this period's
    text already in the commentary file then ("" when there was none): the base a later edit is judged from."""

    kind: EntryKind
    name: str
    row: int
    shown: tuple[str, ...]
    base_sha256: str


@dataclass(frozen=True)
class FormRecord:
    project: str
    pack: str
    period: str
    officer: str
    made: str
    input_column: int
    rows: tuple[RecordRow, ...]

    def cells(self) -> list[list[str]]:
        """The hidden sheet's rows, below the first (which holds the format and the checksum)."""
        head = [["project", self.project], ["pack", self.pack], ["period", self.period], ["officer", self.officer],
                ["made", self.made], ["input column", str(self.input_column)]]  # fmt: skip
        body = [[r.kind.value, r.name, str(r.row), r.base_sha256, json.dumps(list(r.shown), ensure_ascii=False)]
                for r in self.rows]  # fmt: skip
        return head + body

    @property
    def checksum(self) -> str:
        return checksum(self.cells())


def checksum(cells: list[list[str]]) -> str:
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


def text_sha256(text: str | None) -> str:
    """The checksum a form keeps of a text, "" for none; surrounding white space does not count."""
    return "" if text is None else hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


class RecordError(ValueError):
    """The hidden record cannot be read back: the message says what is wrong."""


def parse_record(rows: list[list[str]]) -> FormRecord:
    """The record from the hidden sheet's cells as text (first row: format and checksum)."""
    if not rows or rows[0][:1] != [FORMAT]:
        raise RecordError(f"its hidden sheet '{RECORD_SHEET}' does not start with '{FORMAT}'")
    cells = [row[:2] for row in rows[1:7]] + [row[:5] for row in rows[7:]]
    if len(rows[0]) < 2 or checksum(cells) != rows[0][1]:
        raise RecordError(f"its hidden sheet '{RECORD_SHEET}' was changed after the form was made (checksum differs)")
    head = dict((row[0], row[1]) for row in cells[:6] if len(row) == 2)
    try:
        entries = tuple(RecordRow(EntryKind(k), name, int(row), tuple(json.loads(shown)), base)
                        for k, name, row, base, shown in cells[6:])  # fmt: skip
        record = FormRecord(head["project"], head["pack"], head["period"], head["officer"], head["made"],
                            int(head["input column"]), entries)  # fmt: skip
    except (KeyError, ValueError, TypeError) as exc:
        raise RecordError(f"its hidden sheet '{RECORD_SHEET}' cannot be read ({exc})") from None
    if not 3 <= record.input_column <= MAX_COLUMNS or not all(0 < r.row <= MAX_ROWS for r in record.rows):
        raise RecordError(f"its hidden sheet '{RECORD_SHEET}' names cells outside any form")
    return record
