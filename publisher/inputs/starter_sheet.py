"""A scorecard's sheet as a council lays it out: title rows above the headings, headings on one row or two (a
heading merged over the columns under it), the headings repeated before each page or section, a second table
under headings of its own, and section rows ("Priority 1 - ...") between the indicators.

The reader finds the heading rows itself with a test it is given (is this text a heading publisher knows?), so
that it knows nothing of roles; :mod:`publisher.inputs.starter` gives each column its role. One pass over the
rows, with one row of look-ahead: linear in rows and columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.codes import brief, parse_value
from ..core.errors import InputError, Problem
from .tables import Row, check_bidi, column_letter, heading_text, read_grid

MIN_KNOWN = 3  # headings publisher knows for a row to be a heading row: a title row has one cell
SUBHEADING_LENGTH = 40  # characters: "LA", "SN", "Eng" under a merged heading, never a comment
SECTION_LENGTH = 100  # characters: "Priority 1 - Being a Good Corporate Parent"; a longer lone cell is a note


@dataclass(frozen=True)
class Heading:
    index: int  # the column's position, from 0
    key: str  # as the mapping names it: lower case, single spaces ('column d' for a blank heading)
    written: str  # as the council wrote it, two rows joined: 'Latest published statistics (2022-23) / SN'


@dataclass(frozen=True)
class Table:
    rows: tuple[int, ...]  # the heading row or rows
    headings: tuple[Heading, ...]
    # The filled cells of the row just above the headings, not itself a heading row: a heading merged over some
    # columns beside a note ('Latest published statistics for LAs (2021-22)' over LA / SN / Eng).
    above: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    row: int


@dataclass
class Sheet:
    """The sheet read: its tables, and its indicator rows and sections in order, each row under its table."""

    tables: list[Table] = field(default_factory=list)
    items: list[tuple[Table, Row] | Section] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # title rows, notes, footnotes: (row, text)


def _text(cell: object) -> str:
    if isinstance(cell, dt.date):
        return heading_text(cell)
    return " ".join(str(cell).split()) if cell is not None else ""


def _is_figure(cell: object) -> bool:
    return isinstance(cell, int | float) or parse_value(cell) is not None


def read_sheet(path: Path, sheet: str | None, known: Callable[[str], bool]) -> Sheet:
    """The sheet's tables and rows; raise :class:`InputError` naming every row that cannot be read."""
    found = Sheet()
    problems: list[Problem] = []
    rows = read_grid(path, sheet)
    table: Table | None = None
    pending: list[tuple[int, str]] = []  # lone cells since the last indicator: a section title or notes
    for number, values in _lookahead(rows, known, problems, path):
        if isinstance(values, Table):
            found.skipped += pending
            pending = []
            if table is None or values.headings != table.headings:
                found.tables.append(values)
            table = next(t for t in found.tables if t.headings == values.headings)
            continue
        texts = [_text(v) for v in values]
        filled = [(i, t) for i, t in enumerate(texts) if t]
        if not filled:
            continue
        if table is None:
            found.skipped.append((number, " ".join(t for _, t in filled)))
            continue
        if len(filled) == 1 and not _is_figure(values[filled[0][0]]):
            pending.append((number, filled[0][1]))
            continue
        if pending:
            *notes, (row, title) = pending
            found.skipped += notes
            if len(title) <= SECTION_LENGTH:
                found.items.append(Section(title, row))
            else:
                found.skipped.append((row, title))
            pending = []
        width = len(table.headings)
        beyond = [v for v in values[width:] if _text(v)]
        if beyond:
            message = f"expected at most {width} cells (one per heading), found {brief(beyond[0])} beyond them"
            problems.append(Problem(str(path), number, "", message))
            continue
        cells = {h.key: (values[h.index] if h.index < len(values) else None) for h in table.headings}
        check_bidi(path, number, cells)
        found.items.append((table, Row(str(path), number, cells)))
    found.skipped += pending
    if problems:
        raise InputError(problems)
    return found


def _lookahead(rows: Iterator[tuple[int, list[Any]]], known: Callable[[str], bool], problems: list[Problem],
               path: Path) -> Iterator[tuple[int, list[Any] | Table]]:  # fmt: skip
    """Rows as read, with each heading row (joined with the row under it when that row holds sub-headings)
    given as a :class:`Table`. Before any heading row is found, the first row is taken as the headings if no
    row qualifies, so a plain table with headings in row 1 reads as it always has."""
    held: tuple[int, list[Any]] | None = None
    seen_any = False
    buffered: list[tuple[int, list[Any]]] = []
    last: tuple[int, list[Any]] = (0, [])  # the row before, for what sits above a heading row
    above: list[Any] = []
    for number, values in rows:
        before, last = last, (number, values)
        if held is not None:
            upper_number, upper = held
            held = None
            if _subheadings(upper, values, known):
                yield number, _table(path, (upper_number, number), _join(upper, values), problems, above)
                continue
            yield upper_number, _table(path, (upper_number,), [_text(v) for v in upper], problems, above)
        if _heading_row(values, known):
            held, seen_any = (number, values), True
            above = before[1] if before[0] == number - 1 else []
            if buffered:  # rows above the first heading row: title rows
                yield from buffered
                buffered = []
            continue
        if seen_any:
            yield number, values
        else:
            buffered.append((number, values))
    if held is not None:
        yield held[0], _table(path, (held[0],), [_text(v) for v in held[1]], problems, above)
    elif not seen_any and buffered:
        first, *rest = [(n, v) for n, v in buffered if any(_text(c) for c in v)] or buffered
        yield first[0], _table(path, (first[0],), [_text(v) for v in first[1]], problems)
        yield from rest


def _heading_row(values: list[Any], known: Callable[[str], bool]) -> bool:
    texts = [(v, _text(v)) for v in values]
    filled = [(v, t) for v, t in texts if t]
    figures = sum(1 for v, _ in filled if _is_figure(v))
    recognised = sum(1 for v, t in filled if not _is_figure(v) and known(t))
    return recognised >= MIN_KNOWN and figures < recognised


def _subheadings(upper: list[Any], lower: list[Any], known: Callable[[str], bool]) -> bool:
    """A second heading row: short words ('LA', 'SN', 'Eng'), one or more under a blank (merged) upper cell."""
    filled = [(i, v, _text(v)) for i, v in enumerate(lower) if _text(v)]
    if len(filled) < 2 or any(_is_figure(v) or len(t) > SUBHEADING_LENGTH for _, v, t in filled):
        return False
    under_merged = any(i >= len(upper) or not _text(upper[i]) for i, _, _ in filled)
    return under_merged and any(known(t) for _, _, t in filled)


def _join(upper: list[Any], lower: list[Any]) -> list[str]:
    """Two heading rows as one: a heading merged over several columns is carried over each ('X / SN')."""
    joined: list[str] = []
    group = ""
    for index in range(max(len(upper), len(lower))):
        up = _text(upper[index]) if index < len(upper) else ""
        low = _text(lower[index]) if index < len(lower) else ""
        if up:
            group = up if low else ""
        elif not low:
            group = ""
        top = up or group
        joined.append(f"{top} / {low}" if top and low else top or low)
    return joined


def _table(path: Path, rows: tuple[int, ...], written: list[str], problems: list[Problem],
           above: list[Any] | None = None) -> Table:  # fmt: skip
    while written and not written[-1]:
        written.pop()
    headings = tuple(Heading(i, " ".join(w.split()).casefold() or f"column {column_letter(i).lower()}", w)
                     for i, w in enumerate(written))  # fmt: skip
    seen: dict[str, Heading] = {}
    for heading in headings:
        if heading.key in seen:
            first, second = column_letter(seen[heading.key].index), column_letter(heading.index)
            message = f"expected each column heading once, found '{heading.written}' in columns {first} and {second}"
            problems.append(Problem(str(path), rows[-1], heading.key, message))
        seen[heading.key] = heading
    cells = [(i, _text(v)) for i, v in enumerate(above or [])]
    return Table(rows, headings, tuple(Heading(i, " ".join(t.split()).casefold(), t) for i, t in cells if t))
