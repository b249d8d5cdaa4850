"""Commentary forms: one .xlsx per officer, with the figures the pack will show and a cell for this period's text.

Forms are OFFICIAL-SENSITIVE whatever the pack's audience: an officer writes about their service's real figures,
so figures a public pack withholds are shown to them, and marked as withheld. Everything but the input cells is
protected (against slips, not against a determined user: the hidden record says what the form showed).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.vocab import Audience
from ..engine.model import IndicatorResult, Scorecard, Section
from ..engine.rules import Rag, Rating
from ..engine.scorecard import build_scorecard
from ..inputs.load import Loaded
from ..inputs.packs import Pack
from ..output.messages import Messages
from ..output.render import row_view
from ..output.spreadsheet import cell_text
from ..output.templating import council_messages
from ..output.words import rating_word
from .checks import required
from .file import CommentaryEntry
from .formrecord import (
    AUTHOR_CELL,
    DATE_CELL,
    FORM_SHEET,
    FORMAT,
    HEADING_ROW,
    RECORD_SHEET,
    EntryKind,
    FormRecord,
    RecordRow,
    text_sha256,
)
from .status import NO_OFFICER

__all__ = ["file_name", "form_officers", "form_workbook", "pack_forms"]

MARKING = "OFFICIAL-SENSITIVE"
ERROR_MAX = 224  # characters of a data validation's error message Office keeps (MS-OI29500 2.1.613): a longer one
# makes Excel repair the file
FILLS = {Rating.RED: "FFC7CE", Rating.AMBER: "FFEB9C", Rating.GREEN: "C6EFCE"}
INPUT_FILL, GREY = "FFF2CC", "D9D9D9"


@dataclass(frozen=True)
class FormEntry:
    """One row of a form: what it is for, the cells shown left of the input, and the texts around it."""

    kind: EntryKind
    name: str
    shown: tuple[str, ...]  # title, figures, target, RAG, direction, benchmarks, withheld, required, last text
    rag: Rag | None  # the row's rating: its cell's colour, and what collect checks the text against
    rag_at: int  # where the RAG word is in ``shown`` (-1: none), to colour its cell
    current: CommentaryEntry | None
    prefill: str


@dataclass(frozen=True)
class Form:
    officer: str
    author: str  # how they signed their commentary lately ("Sam Patel, Head of Service"), or their name
    headings: tuple[str, ...]
    entries: tuple[FormEntry, ...]
    messages: Messages  # the wording catalogue with the council's overrides: the form reads as its pack


def _no_sparkline(values: object, target: object) -> bytes:
    return b""  # a form has no chart: the figures are in the cells


def pack_forms(loaded: Loaded, pack: Pack) -> list[Form]:
    """Every officer's form for the pack: their indicators, then the priorities they lead."""
    messages = council_messages(loaded.project)  # so a council's rewording or Welsh reaches its forms
    selection = pack.selection(loaded.registry)
    shown = build_scorecard(loaded.registry, loaded.inputs, pack.period, Audience.RESTRICTED, selection)
    public = pack.definition.audience is not Audience.RESTRICTED
    published = build_scorecard(loaded.registry, loaded.inputs, pack.period, Audience.PUBLIC, selection) if public \
        else shown  # fmt: skip
    headings = _headings(shown, pack, messages)
    by_officer: dict[str, list[FormEntry]] = {}
    for section, public_section in zip(shown.sections, published.sections, strict=True):
        for row, public_row in zip(section.rows, public_section.rows, strict=True):
            by_officer.setdefault(_officer(row), []).append(
                _indicator_entry(loaded, pack, row, public_row, messages, len(headings))
            )
    for section in shown.sections:
        by_officer.setdefault(_lead(section), []).append(
            _priority_entry(loaded, pack, section, messages, len(headings))
        )
    signed = _signatures(loaded, pack)
    return [Form(officer, signed.get(officer, officer), headings, tuple(entries), messages)
            for officer, entries in sorted(by_officer.items())]  # fmt: skip


def form_officers(scorecard: Scorecard) -> list[str]:
    """Whose forms the pack has, in the order :func:`pack_forms` makes them, from a scorecard already calculated:
    sending the forms needs their officers, not the forms made again (two more scorecards)."""
    return sorted({_officer(row) for row in scorecard.rows} | {_lead(section) for section in scorecard.sections})


def _officer(row: IndicatorResult) -> str:
    return row.indicator.lead_officer or NO_OFFICER


def _lead(section: Section) -> str:
    return section.priority.lead or NO_OFFICER


def _signatures(loaded: Loaded, pack: Pack) -> dict[str, str]:
    """Each officer's latest signature on commentary (this period's, else last period's): name and role."""
    commentary, found = loaded.inputs.commentary, {}
    for period in (pack.period.previous(), pack.period):  # this period's wins
        for entries in (commentary.indicators.get(period, {}), commentary.priorities.get(period, {})):
            for entry in entries.values():
                if "," in entry.author:
                    found[entry.author.split(",")[0].strip()] = entry.author
    return found


def _headings(scorecard: Scorecard, pack: Pack, messages: Messages) -> tuple[str, ...]:
    """The form's column headings: those it shares with the pack's table in the table's words, then its own."""
    first = scorecard.rows[0] if scorecard.rows else None
    periods = [p["label"] for p in _view(first, pack, messages)["periods"]] if first else []
    benchmarks = [messages.text(f"comparator.{c}") for c in pack.definition.columns.benchmarks]
    table = messages.entries["table"]
    return (table["ref"], table["indicator"], *periods, table["target"], table["rag"], table["direction"],
            *benchmarks, messages.text("form.withheld"), messages.text("form.required"),
            messages.text("form.last", period=scorecard.period.previous()),
            messages.text("form.yours", period=scorecard.period))  # fmt: skip


def _view(row: IndicatorResult, pack: Pack, messages: Messages) -> dict[str, Any]:
    """A row as the pack words it, without its chart: a form has none, the figures are in the cells."""
    return row_view(row, pack, _no_sparkline, messages)


def _indicator_entry(
    loaded: Loaded, pack: Pack, row: IndicatorResult, public_row: IndicatorResult, messages: Messages, width: int
) -> FormEntry:
    view, public_view = _view(row, pack, messages), _view(public_row, pack, messages)
    figures = [p["text"] + (f" ({p['of']})" if p["of"] else "") for p in view["periods"]]
    withheld = [p["label"] for p, q in zip(view["periods"], public_view["periods"], strict=True) if p != q]
    benchmarks = [" ".join(filter(None, (b["text"], b["year"]))) for b in view["benchmarks"]]
    last = loaded.inputs.commentary.for_indicator(pack.period.previous(), row.indicator.reference)
    shown = (row.indicator.title, *figures, "\n".join(view["target_lines"]), view["rag"]["word"],
             view["direction"]["word"], *benchmarks, ", ".join(withheld),
             messages.text("form.required_yes") if required(row, pack.definition.commentary) else "",
             last.text.strip() if last else "")  # fmt: skip
    current = row.commentary
    return FormEntry(EntryKind.INDICATOR, row.indicator.reference, _fit(shown, width), row.rag,
                     len(figures) + 2, current, _prefill(current, last, pack))  # fmt: skip


def _priority_entry(loaded: Loaded, pack: Pack, section: Section, messages: Messages, width: int) -> FormEntry:
    tally = Counter(rating_word(row.rag, messages.entries) for row in section.rows)  # in the rows' order
    summary = ", ".join(messages.text("form.tally", count=count, rating=word.lower()) for word, count in tally.items())
    last = loaded.inputs.commentary.for_priority(pack.period.previous(), section.priority.id)
    shown: tuple[str, ...] = (messages.text("form.priority", title=section.priority.title), summary)
    shown += ("",) * (width - 3 - len(shown)) + (last.text.strip() if last else "",)
    return FormEntry(EntryKind.PRIORITY, section.priority.id, shown, None, -1, section.commentary,
                     _prefill(section.commentary, last, pack))  # fmt: skip


def _fit(shown: tuple[str, ...], width: int) -> tuple[str, ...]:
    return shown[: width - 2] + ("",) * max(0, width - 2 - len(shown))


def _prefill(current: CommentaryEntry | None, last: CommentaryEntry | None, pack: Pack) -> str:
    """This period's text when there is some (edit it), else last period's if the pack asks, else nothing."""
    if current is not None:
        return current.text.strip()
    return last.text.strip() if last is not None and pack.definition.commentary.prefill else ""


def file_name(pack: Pack, officer: str) -> str:
    person = re.sub(r"[^a-z0-9]+", "-", officer.lower()).strip("-") or "officer"
    return f"{pack.name}-{pack.period.slug}-{person}.xlsx"


def form_workbook(form: Form, pack: Pack, council: str, made: str) -> bytes:
    """The form as .xlsx bytes: the visible, protected sheet and the hidden record."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    said = form.messages.text
    book = Workbook()
    sheet = book.active
    sheet.title = FORM_SHEET
    _top(sheet, form, pack, council)
    input_column = len(form.headings)
    records = [_write_row(sheet, HEADING_ROW + 1 + n, entry, form.messages) for n, entry in enumerate(form.entries)]
    limit = pack.definition.commentary.max_characters
    error = _text(said("form.too_long", limit=limit))[:ERROR_MAX]
    check = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(limit), allow_blank=True,
                           error=error, showErrorMessage=True)  # fmt: skip
    sheet.add_data_validation(check)
    check.add(f"{_letter(input_column)}{HEADING_ROW + 1}:{_letter(input_column)}{HEADING_ROW + len(form.entries)}")
    _protect(sheet, form)
    record = FormRecord(council, pack.name, pack.period.label, form.officer, made, input_column, tuple(records))
    hidden = book.create_sheet(RECORD_SHEET)
    hidden.append([FORMAT, record.checksum])
    for cells in record.cells():
        hidden.append(cells)
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True
    book.security.lockStructure = True  # sheets cannot be unhidden, added or removed without unprotecting
    book.properties.title = _text(
        said("form.file_title", marking=MARKING, committee=pack.definition.committee, period=pack.period)
    )
    book.properties.subject = MARKING
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _top(sheet: Any, form: Form, pack: Pack, council: str) -> None:
    from openpyxl.styles import Font, PatternFill, Protection

    said = form.messages.text
    _put(sheet["A1"], said("form.marking", marking=MARKING)).font = Font(bold=True, color="C00000")
    title = said(
        "form.title", council=council, committee=pack.definition.committee, period=pack.period, officer=form.officer
    )
    _put(sheet["A2"], title).font = Font(bold=True, size=13)
    _put(sheet["A3"], said("form.instructions"))
    _put(sheet["A4"], said("form.written_by"))
    _put(sheet["A5"], said("form.date"))
    _put(sheet[AUTHOR_CELL], form.author)
    for cell in (AUTHOR_CELL, DATE_CELL):
        sheet[cell].fill = PatternFill("solid", fgColor=INPUT_FILL)
        sheet[cell].protection = Protection(locked=False)
    sheet.oddHeader.center.text = sheet.oddFooter.center.text = MARKING
    for n, heading in enumerate(form.headings, start=1):
        cell = _put(sheet.cell(HEADING_ROW, n), heading)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=GREY)


def _write_row(sheet: Any, number: int, entry: FormEntry, messages: Messages) -> RecordRow:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    cells: Iterable[str] = (entry.name, *entry.shown)
    for n, value in enumerate(cells, start=1):
        _put(sheet.cell(number, n), value).alignment = Alignment(wrap_text=True, vertical="top")
    if entry.rag is not None and entry.rag.rating in FILLS and entry.rag_at >= 0:
        sheet.cell(number, entry.rag_at + 2).fill = PatternFill("solid", fgColor=FILLS[entry.rag.rating])
    target = _put(sheet.cell(number, len(entry.shown) + 2), entry.prefill)
    target.fill = PatternFill("solid", fgColor=INPUT_FILL)
    target.alignment = Alignment(wrap_text=True, vertical="top")
    target.protection = Protection(locked=False)
    if entry.current is not None and entry.current.from_scorecard:  # beside the input, outside what the record holds
        note = _put(sheet.cell(number, len(entry.shown) + 3), _scorecard_note(entry.current.from_scorecard, messages))
        note.alignment, note.font = Alignment(wrap_text=True, vertical="top"), Font(italic=True)
    base = text_sha256(entry.current.text) if entry.current else ""
    return RecordRow(entry.kind, entry.name, number, entry.shown, base)


def _scorecard_note(sheet: str, messages: Messages) -> str:
    """The note beside a text init read from the council's scorecard: it stands as this period's commentary only
    once its lead officer keeps it (confirming it as theirs) or replaces it."""
    return messages.text("form.from_scorecard", sheet=sheet)


def _put(cell: Any, value: str) -> Any:
    """Text into a cell as text, the one way any text reaches a form's cell (the catalogue's words are a council's,
    the rest an officer's): openpyxl would otherwise store text starting with '=' as a formula, and Excel would
    make it one when the cell is edited unless it is marked as text (quotePrefix)."""
    text, quoted = cell_text(value or "")
    if text:
        cell.value = text
        cell.data_type = "s"
        cell.quotePrefix = quoted
    return cell


def _text(value: str) -> str:
    """Text for the workbook's other places (its title, a validation's message): without the control characters
    its XML cannot hold."""
    return cell_text(value)[0]


def _protect(sheet: Any, form: Form) -> None:
    widths = {1: 10, 2: 40}
    for n in range(1, len(form.headings) + 1):
        sheet.column_dimensions[_letter(n)].width = widths.get(n, 12)
    sheet.column_dimensions[_letter(len(form.headings) - 1)].width = 50
    sheet.column_dimensions[_letter(len(form.headings))].width = 70
    sheet.column_dimensions[_letter(len(form.headings) + 1)].width = 40  # a note beside the input, on some rows
    sheet.freeze_panes = f"C{HEADING_ROW + 1}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = sheet.protection.formatRows = False  # widths and heights may be changed
