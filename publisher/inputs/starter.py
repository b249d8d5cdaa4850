"""``publisher init --from``: read a scorecard as councils keep it and plan the project it becomes.

One row per indicator, under headings found wherever the sheet has them (:mod:`publisher.inputs.starter_sheet`);
columns recognised by their heading (reference, title, polarity, target, lead, and one column per period);
what cannot be placed is listed with the line to add to a small mapping file (``init-mapping.yaml``). The plan
is written out by :mod:`publisher.starter.files`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.codes import brief, parse_value
from ..core.errors import InputError, Problem
from ..core.periods import MONTH_NAMES, TERMS, Kind, Period, split_index
from ..core.vocab import Comparator, Frequency, Polarity, Sections, Unit, Window
from .printed import Reading, arrow_of
from .registry import REFERENCE, REFERENCE_HELP, anchor_of
from .starter_cells import Written, read_written, text_of
from .starter_headings import ROLES, ROLES_HELP, SINGLE, key_of, recognise, role_period, suggest, year_of
from .starter_roles import (
    Band,
    Move,
    Offered,
    Typed,
    band_from_arrows,
    footnotes,
    graded_bands,
    level_of,
    polarity_between,
    reading_from_arrows,
    typed_benchmarks,
    window_of,  # fmt: skip
)
from .starter_sheet import Heading, Section, Sheet, Table, read_sheet
from .tables import Row, column_letter
from .yamlfile import read_yaml

__all__ = ["MAPPING_NAME", "ROLES_HELP", "Column", "Plan", "Planned", "plan_scorecard"]

MAPPING_NAME = "init-mapping.yaml"
DUE_MONTH = 6  # an annual figure: the council's own outturn, checked in the first quarter after the year ends
POLARITY_WORDS = {
    Polarity.HIGH: ("high is good", "higher is better", "high", "higher", "high is better", "up", "increase", "↑", "+"),
    Polarity.LOW: ("low is good", "lower is better", "low", "lower", "low is better", "down", "reduce", "↓"),
    Polarity.NONE: ("n/a", "na", "-", "", "neither", "none", "not applicable", "no polarity"),
}
# Which way is good, as a cell of the row may say it when the sheet has no polarity column ('Low is good').
POLARITY_PHRASES = (
    (Polarity.HIGH, re.compile(r"\b(?:high|higher|increase)\s+(?:is\s+)?(?:good|better)\b", re.I)),
    (Polarity.LOW, re.compile(r"\b(?:low|lower|decrease|reduction)\s+(?:is\s+)?(?:good|better)\b", re.I)),
)
# How often a row has a figure, as a cell of it may say ('Annual Indicator', 'Percentage of completed PEPs (Termly)');
# 'annual rate per 10,000' and 'annual health assessment' say nothing of it, and '1/2 termly' is not termly.
FREQUENCY_WORDS = (
    (Frequency.ANNUAL, re.compile(r"\bannual(?:ly)?\s+(?:indicator|measure|figure|data|survey|return)\b|"
                                  r"\breported\s+annually\b|\bannual\s+basis\b|^annual(?:ly)?$|\(annual(?:ly)?\)",
                                  re.I)),
    (Frequency.TERMLY, re.compile(r"(?<!1/2 )(?<!half )(?<!half-)\btermly\b", re.I)),
)  # fmt: skip
OTHER_FREQUENCY = re.compile(r"\b(?:monthly|quarterly)\b", re.I)
SECTION_TAG = "Section"  # the tag a section row becomes when sections are kept as groups


WINDOWS = {"6m": Window.ROLLING_6M}  # a second window's column that can be a row's own (its only figures)
TITLE_LENGTH = 20  # characters, on average: an unheaded column this long is the titles
# A reference at the start of a title: 'SCC/002 % of LAC ...', 'CP1.4 ...', 'P3.17 ...', 'NI 62 ...'.
TITLE_REFERENCE = re.compile(
    r"(?P<reference>[A-Z]{1,5}(?:/\d{1,4}|\s?\d{1,3}(?:\.\d{1,3})*[a-z]?))\s*[-:\u2013]?\s+(?=\S+\s+\S)")


@dataclass(frozen=True)
class Column:
    name: str  # as read_table keys it (lower case)
    heading: str  # as the council wrote it
    role: str  # one of ROLES, or "period"
    period: Period | None = None  # a period column's period, or a target's year
    window: str = ""  # a second window for the period ('6m'): its figures are kept as the period's notes
    comparator: Comparator | None = None  # a benchmark column's comparator
    year: str = ""  # a benchmark column's year, as its heading gives it
    colour: str = ""  # a graded band column's RAG colour
    reading: str = ""  # a printed direction column's: what its up and down arrows mean (a Reading)


@dataclass
class Planned:
    """One indicator as it will be written: its registry entry and its figures."""

    reference: str
    title: str
    row: int
    series: str = ""
    priority: str = ""
    unit: Unit = Unit.COUNT
    unit_reason: str = ""
    polarity: Polarity = Polarity.NONE
    frequency: Frequency = Frequency.MONTHLY
    due_month: int = DUE_MONTH  # an annual row's: the month its figure is shown from, after its year ends
    window: Window | None = None  # None: from the frequency (snapshot for months, else the period)
    decimals: int = 0
    target: float | tuple[float, float] | None = None
    target_year: Period | None = None
    intervention: float | None = None
    bands: list[Band] = field(default_factory=list)  # graded bands best first ('Outstanding <14', 'Good 19-15')
    baseline: tuple[Period, float] | None = None  # the figure a 'Baseline April 2017' column gives
    text: dict[str, str] = field(default_factory=dict)  # description, lead_officer, data_owner, source_note
    tags: dict[str, str] = field(default_factory=dict)  # tag column's heading -> the row's value
    benchmarks: list[Typed] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)  # the council's RAG, direction and comments as printed
    guesses: dict[str, str] = field(default_factory=dict)  # field -> 'window rolling_12m: why', shown to the officer
    values: list[tuple[Period, str]] = field(default_factory=list)
    notes: dict[Period, str] = field(default_factory=dict)  # what else a figure's cell said
    reference_column: str = ""


@dataclass
class Plan:
    """Everything ``init`` writes, and what it has to tell the officer."""

    source: Path
    priorities: list[tuple[str, str, list[Planned]]]  # id, title, indicators
    period: Period  # the pack's: the quarter the latest figure falls in (or is due in)
    columns: list[Column]
    notes: list[str]
    mapping: Path | None
    tables: list[Table] = field(default_factory=list)  # the heading rows read, for the mapping written back
    direction: tuple[float | str, str] | None = None  # the no-change band the printed arrows show, and why
    group_by: str | None = None  # the tag the pack groups rows by: the sections, kept as groups
    reading: Reading = Reading.UP_DOWN  # what the printed up and down arrows mean
    reading_why: str = ""  # why, when guessed from the rows (the mapping may say instead)


def plan_scorecard(path: Path, mapping: Path | None = None, sheet: str | None = None,
                   period: Period | None = None, sections: Sections = Sections.PRIORITIES) -> Plan:  # fmt: skip
    """Read ``path`` (.csv or .xlsx, headings found wherever they are) into a plan; raise :class:`InputError`
    listing every problem with its file, row and column. ``period`` resolves headings such as 'Actual'."""
    mapping = mapping or (path.parent / MAPPING_NAME if (path.parent / MAPPING_NAME).is_file() else None)
    mapped = read_mapping(mapping) if mapping else {}
    read = read_sheet(path, sheet, lambda text: recognise(key_of(text), mapped, period).role != "unknown")
    problems: list[Problem] = []
    notes: list[str] = []
    where = mapping or path.parent / MAPPING_NAME  # the mapping file a column not placed is to be added to
    layouts = {t: _columns(path, t, read, mapped, period, where, problems, notes) for t in read.tables}
    for table, columns in layouts.items():
        if not any(c.role == "title" for c in columns):
            found = ", ".join(h.written for h in table.headings if h.written)
            message = ("expected a column of indicator titles headed 'Indicator', 'Measure' or 'Title', or a column "
                       f"of long text with no heading (or map it in {MAPPING_NAME}); found ({found})")  # fmt: skip
            problems.append(Problem(str(path), table.rows[0], "", message))
    columns = [c for found in layouts.values() for c in found]
    if not any(c.role == "period" for c in columns):
        message = ("expected one or more period columns headed such as 'Apr-26', 'Q1 26/27', '2025/26' or an "
                   "Excel date; found none")  # fmt: skip
        problems.append(Problem(str(path), read.tables[0].rows[0] if read.tables else 1, "", message))
    if problems:
        raise InputError(problems)
    priorities = _rows(path, layouts, read, problems, notes)
    if problems:
        raise InputError(problems)
    if sections is Sections.GROUPS:
        priorities = _as_groups(priorities, _sheet_title(path))
    everything = [i for _, _, found in priorities for i in found]
    if not everything:
        raise InputError([Problem(str(path), None, "", "expected one or more indicator rows, found none")])
    if not any(i.values for i in everything):
        raise InputError([Problem(str(path), None, "", "expected figures in the period columns, found none")])
    pack = period or pack_period([p for i in everything for p, _ in i.values])
    _finish(everything, pack, notes)
    _windows(everything, footnotes(read.skipped))
    moves = [(m, i.polarity) for i in everything if (m := _move(i)) is not None]
    band = band_from_arrows([m for m, _ in moves])
    if isinstance(band, str):
        notes.append(f"{band}, so no direction band is proposed")
    given = next((Reading(c.reading) for c in columns if c.reading), None)
    meant = (given, "") if given is not None else reading_from_arrows(moves)
    reading, why = meant or (Reading.UP_DOWN, "")
    columns = [replace(c, reading=reading) if c.role == "printed_direction" else c for c in columns]
    notes[:0] = [f"row {row} is not an indicator (a title or note): {text[:70]}" for row, text in read.skipped]
    return Plan(path, priorities, pack, columns, notes, mapping, read.tables,
                None if isinstance(band, str) else band, SECTION_TAG if sections is Sections.GROUPS else None,
                reading, why)  # fmt: skip


def read_mapping(path: Path) -> dict[str, str]:
    """The mapping file: column heading -> role, read with the safe YAML reader."""
    doc = read_yaml(path)
    problems = list(doc.problems)
    if not isinstance(doc.data, dict):
        raise InputError([Problem(str(path), 1, "", 'expected lines such as "RAG": ignore, one per column')])
    mapped: dict[str, str] = {}
    for key, value in doc.data.items():
        role = value.strip() if isinstance(value, str) else ""
        if not (role in ROLES or role_period(role) is not None):
            message = f"expected one of {ROLES_HELP}; got {brief(value)}"
            problems.append(Problem(str(path), doc.line_of((key,)), str(key), message))
        mapped[key_of(str(key))] = role
    if problems:
        raise InputError(problems)
    return mapped


def _columns(path: Path, table: Table, read: Sheet, mapped: dict[str, str], period: Period | None,
             where: Path, problems: list[Problem], notes: list[str]) -> list[Column]:  # fmt: skip
    """Each heading's role; a blank heading over long text is the titles; a column not placed is an error naming
    the line to add to the mapping file ``where``, so that nothing the sheet holds is dropped unsaid."""
    def unplaced(heading: Heading, line: str) -> None:
        message = (f"not placed: add the line {line} to {where} and run init again (the role after ':' is a "
                   "guess; 'ignore' leaves the column out)")  # fmt: skip
        problems.append(Problem(str(path), table.rows[-1], heading.key, message))

    columns: list[Column] = []
    taken: dict[str, str] = {}
    seen_periods: dict[tuple[Period, str], str] = {}
    blank: list[Heading] = []
    for heading in table.headings:
        shown = heading.written or f"column {column_letter(heading.index)}"
        role, found, window, comparator, year, colour, reading = recognise(key_of(heading.key), mapped, period)
        if role == "unknown" and not heading.written:
            blank.append(heading)
            continue
        if role == "relative":
            message = (f"'{shown}' is a period counted from the pack's: expected --period (such as --period "
                       f"\"Q2 2023-24\"), or the line {json.dumps(shown)}: period Q2 2023-24 in the mapping")
            problems.append(Problem(str(path), table.rows[-1], heading.key, message))
            continue
        if role in SINGLE and role in taken:
            if role == "title" and "description" not in taken:
                role = "description"
            else:
                unplaced(heading, f"{json.dumps(shown)}: ignore   # '{role}' is already '{taken[role]}'")
                continue
        if role == "unknown":
            unplaced(heading, f"{json.dumps(shown)}: {suggest(heading.key, _quarters(columns))}")
            continue
        if role == "period":
            assert found is not None
            if (found, window) in seen_periods or (not window and (found, "") in seen_periods):
                message = f"expected one column per period, found {found} under '{seen_periods[(found, window)]}' too"
                problems.append(Problem(str(path), table.rows[-1], heading.key, message))
                continue
            seen_periods[(found, window)] = shown
        if role in SINGLE:
            taken[role] = shown
        columns.append(Column(heading.key, shown, role, found, window, comparator, year, colour, reading))
    rows = [row for item in read.items if isinstance(item, tuple) and item[0] is table for row in (item[1],)]
    if blank and "title" not in taken and (title := _long_text(blank, rows)) is not None:
        shown = f"column {column_letter(title.index)}"
        columns.append(Column(title.key, shown, "title"))
        notes.append(f"{shown} (row {table.rows[-1]}) has no heading: read as the indicators' titles, its cells "
                     f"being long text (else add the line {json.dumps(shown)}: ignore)")  # fmt: skip
        blank.remove(title)
    for heading in blank:
        if any(text_of(row.cells.get(heading.key)) for row in rows):
            shown = f"column {column_letter(heading.index)}"
            unplaced(heading, f"{json.dumps(shown)}: {suggest('', [])}   # it has no heading")
    return _years_above(table, columns, mapped, notes)


def _years_above(table: Table, columns: list[Column], mapped: dict[str, str], notes: list[str]) -> list[Column]:
    """A comparator without a year takes the year of a heading merged over it on the row above the headings (beside
    a note, so not a heading row), when that heading starts over a comparator's figures and runs over nothing else
    up to this column: 'Latest published statistics for LAs (2021-22)' over LA / SN / Eng, not the mid-50% band
    or the analysis beside them. A column the mapping names keeps the mapping's year."""
    place = {h.key: h.index for h in table.headings}
    figures = {place[c.name] for c in columns if c.role == "benchmark" and c.comparator and not c.comparator.is_text}
    dated: dict[Heading, list[str]] = {}
    for n, column in enumerate(columns):
        at = place.get(column.name, -1)
        if column.year or at not in figures or column.name in mapped:
            continue
        over = max((h for h in table.above if h.index <= at), key=lambda h: h.index, default=None)
        if over is None or not set(range(over.index, at + 1)) <= figures or not (year := year_of(over.written)):
            continue
        columns[n] = replace(column, year=year)
        dated.setdefault(over, []).append(column.heading)
    for over, headings in dated.items():
        listed = ", ".join(f"'{h}'" for h in headings)
        notes.append(f"{listed} (row {table.rows[0]}): comparators for {year_of(over.written)}, the year of "
                     f"'{over.written}' above them in row {table.rows[0] - 1}")  # fmt: skip
    return columns


def _quarters(columns: list[Column]) -> list[Period]:
    return [c.period for c in columns if c.period is not None and c.period.kind is Kind.QUARTER]


def _long_text(blank: list[Heading], rows: list[Row]) -> Heading | None:
    """The unheaded column whose cells are longest on average, if long enough to be titles (20 characters)."""
    def average(heading: Heading) -> float:
        cells = [text_of(row.cells.get(heading.key)) for row in rows]
        texts = [c for c in cells if c and parse_value(c) is None]
        return sum(len(t) for t in texts) / len(rows) if rows else 0

    best = max(blank, key=average)
    return best if average(best) >= TITLE_LENGTH else None


def _rows(path: Path, layouts: dict[Table, list[Column]], read: Sheet, problems: list[Problem], notes: list[str]
          ) -> list[tuple[str, str, list[Planned]]]:  # fmt: skip
    """Indicator rows, each read under the headings above it and grouped under the section rows between them."""
    priorities: list[tuple[str, str, list[Planned]]] = [("scorecard", _sheet_title(path), [])]
    count = 0
    signed = _signed(layouts, read)
    for item in read.items:
        if isinstance(item, Section):
            title = " ".join(item.title.split())
            priorities.append((_slug(title, [p[0] for p in priorities]), title, []))
            continue
        table, row = item
        columns = layouts[table]
        by_role = {c.role: c for c in columns if c.role not in ("period", "tag", "benchmark", "band")}
        periods = [c for c in columns if c.role == "period"]
        values = [(c, row.cells.get(c.name)) for c in periods]
        values = [(c, v) for c, v in values if v is not None and str(v).strip() != ""]
        planned = _indicator(row, by_role, values, problems, notes, count + 1)
        if planned is not None:
            count += 1
            _many(planned, row, columns, problems)
            _frequency(planned, row, notes)
            _polarity_guess(planned, row, by_role.get("polarity"), table in signed)
            _intervention(planned, row, by_role.get("intervention"), problems, notes)
            _baseline(planned, row, by_role.get("baseline"), problems)
            _bands(planned, [Band(c.heading, c.colour, text_of(row.cells.get(c.name))) for c in columns
                             if c.role == "band"], notes)  # fmt: skip
            priorities[-1][2].append(planned)
    kept = [p for p in priorities if p[2]]
    references: dict[str, Planned] = {}
    series: set[str] = set()
    for priority_id, _, indicators in kept:
        for planned in indicators:
            keys = (planned.reference.casefold().replace(" ", ""), "#" + anchor_of(planned.reference).casefold())
            if clash := next((references[k] for k in keys if k in references), None):
                message = (f"duplicate reference '{planned.reference}': the same as '{clash.reference}' "
                           f"(row {clash.row}) ignoring case, spaces and punctuation")  # fmt: skip
                problems.append(Problem(str(path), planned.row, planned.reference_column, message))
            references.update(dict.fromkeys(keys, planned))
            planned.priority = priority_id
            planned.series = _unique(re.sub(r"[^a-z0-9]+", "_", planned.reference.lower()).strip("_"), series)
    return kept


def _signed(layouts: dict[Table, list[Column]], read: Sheet) -> set[Table]:
    """The tables whose polarity column writes '+' for high is good: there, '-' is low is good, not a dash."""
    found: set[Table] = set()
    for item in read.items:
        if isinstance(item, Section):
            continue
        column = next((c for c in layouts[item[0]] if c.role == "polarity"), None)
        if column is not None and text_of(item[1].cells.get(column.name)) == "+":
            found.add(item[0])
    return found


def _polarity_guess(planned: Planned, row: Row, column: Column | None, signed: bool) -> None:
    """With no polarity read: '-' under a polarity column that writes '+' is low is good, and a cell of the row
    saying 'Higher is better' or 'Low is good' (one way only) gives it."""
    if planned.polarity is not Polarity.NONE:
        return
    if signed and column is not None and text_of(row.cells.get(column.name)) == "-":
        planned.polarity = Polarity.LOW
        planned.guesses["polarity"] = f"polarity low: '-' under '{column.heading}', which writes '+' for high is good"
        return
    said = {p: m[0] for text in map(text_of, row.cells.values()) for p, words in POLARITY_PHRASES
            if (m := words.search(text))}  # fmt: skip
    if len(said) == 1:
        (planned.polarity, phrase), = said.items()
        planned.guesses["polarity"] = f"polarity {planned.polarity}: a cell of the row says '{phrase}'"


def _frequency(planned: Planned, row: Row, notes: list[str]) -> None:
    """A row whose cells say it is annual or termly: its figures under quarters or months are read as the year or
    term they are for, so that its frequency follows, with the guess shown; a row saying two frequencies, or whose
    figures cannot be so read, is noted and left as its columns give it."""
    texts = [text_of(value) for value in row.cells.values()]
    said = {f: m[0] for text in texts for f, words in FREQUENCY_WORDS if (m := words.search(text))}
    if not said:
        return
    other = [m[0] for text in texts if (m := OTHER_FREQUENCY.search(text))]
    where = f"row {planned.row} ({planned.reference})"
    if len(said) > 1 or other:
        both = " and ".join(f"'{w}'" for w in [*said.values(), *other][:2])
        notes.append(f"{where} says {both}: its frequency is left as its columns give it")
        return
    (frequency, phrase), = said.items()
    read = _as_years(planned.values) if frequency is Frequency.ANNUAL else _as_terms(planned.values)
    if isinstance(read, str):
        notes.append(f"{where} says '{phrase}', but {read}: its frequency is left as its columns give it")
        return
    if not read:
        return  # already by year or term
    clash = _rekey(planned, read)
    if clash:
        notes.append(f"{where} says '{phrase}', but {clash}: its frequency is left as its columns give it")
        return
    moved = ", ".join(f"{before} as {after}" for before, after in read.items())
    due = ""
    if frequency is Frequency.ANNUAL:
        planned.due_month = split_index(min(p.end for p in read))[1]
        due = f", shown from {MONTH_NAMES[planned.due_month - 1]} (due_month {planned.due_month})"
    planned.guesses["frequency"] = f"frequency {frequency}: the row says '{phrase}'; read {moved}{due}"


def _as_years(values: list[tuple[Period, str]]) -> dict[Period, Period] | str:
    """An annual row's figures under quarters or months: each is the year before the one it is printed in (the
    outturn known by then)."""
    return {p: p.containing_financial_year().previous() for p, _ in values if p.kind is not Kind.YEAR}


def _as_terms(values: list[tuple[Period, str]]) -> dict[Period, Period] | str:
    """A termly row's figures under quarters or months: each is the term that ends in it."""
    read: dict[Period, Period] = {}
    for period, _ in values:
        if period.kind is Kind.TERM:
            continue
        year = split_index(period.end)[0]
        terms = [Period.term(name, y) for y in (year - 1, year) for name in TERMS]
        ended = [t for t in terms if period.start <= t.end <= period.end]
        if period.kind is Kind.YEAR or not ended:
            return f"no term ends in {period}, whose figure it has"
        read[period] = ended[-1]
    return read


def _rekey(planned: Planned, read: dict[Period, Period]) -> str:
    """The row's figures and notes under the periods ``read`` gives; or, leaving them, why two would clash."""
    values: dict[Period, str] = {}
    for period, value in planned.values:
        target = read.get(period, period)
        if values.get(target, value) != value:
            return f"two different figures would both be {target}'s"
        values[target] = value
    planned.values = list(values.items())
    planned.notes = {read.get(p, p): note for p, note in planned.notes.items()}
    return ""


def _sheet_title(path: Path) -> str:
    """The first priority's title (the rows above any section row): the sheet's file name."""
    return re.sub(r"[-_]+", " ", path.stem).strip().capitalize() or "Scorecard"


def _as_groups(priorities: list[tuple[str, str, list[Planned]]], title: str) -> list[tuple[str, str, list[Planned]]]:
    """One priority of every row, each tagged with the section it was under (the rows above any, the sheet's)."""
    for _, section, indicators in priorities:
        for planned in indicators:
            planned.tags = {SECTION_TAG: section, **planned.tags}
    return [("scorecard", title, [i for _, _, indicators in priorities for i in indicators])]


def _slug(title: str, taken: list[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-") or "priority"
    return _unique(base, set(taken), "-")


def _unique(base: str, taken: set[str], joint: str = "_") -> str:
    base = base if base[:1].isalpha() else f"i{joint}{base}" if base else "indicator"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}{joint}{number}", number + 1
    taken.add(name)
    return name


def _indicator(row: Row, by_role: dict[str, Column], values: list[tuple[Column, object]], problems: list[Problem],
               notes: list[str], ordinal: int) -> Planned | None:  # fmt: skip
    def cell(role: str) -> str:
        column = by_role.get(role)
        value = row.cells.get(column.name) if column else None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return text_of(value)

    file, line = row.file, row.number
    title = cell("title")
    if not title:
        message = "expected the indicator's title, found a blank cell"
        problems.append(Problem(file, line, by_role["title"].name, message))
        return None
    reference, column = cell("reference"), by_role.get("reference", by_role["title"]).name
    if not reference and (split := TITLE_REFERENCE.match(title)):
        reference, title, column = split["reference"], title[split.end() :], by_role["title"].name
    if not reference:
        reference = str(ordinal)
        notes.append(f"row {row.number} has no reference: written as '{reference}' (change it in the registry)")
    elif not REFERENCE.fullmatch(reference):
        message = f"expected a reference of {REFERENCE_HELP}; got '{reference}'"
        problems.append(Problem(file, line, column, message))
        return None
    planned = Planned(reference, title, line, reference_column=column)
    for role in ("description", "lead_officer", "data_owner", "source_note"):
        if text := cell(role):
            planned.text[role] = text
    for role in ("printed_rag", "printed_direction", "comments"):
        if text := cell(role):
            planned.printed[role] = text
    polarity = cell("polarity").casefold().rstrip(".")
    found = next((p for p, words in POLARITY_WORDS.items() if polarity in words), None)
    if found is None:
        message = f"expected High is good, Low is good or n/a, got '{cell('polarity')}'"
        problems.append(Problem(file, line, by_role["polarity"].name, message))
    planned.polarity = found or Polarity.NONE
    _target(planned, cell("target"), by_role.get("target"), notes)
    numbers: list[float] = []
    for column_read, value in sorted(values, key=lambda cv: bool(cv[0].window)):
        figure = read_written(value)
        if isinstance(figure, str):
            problems.append(Problem(file, line, column_read.name, f"expected {figure}, got {brief(value)}"))
            continue
        assert column_read.period is not None
        _place(file, planned, column_read, figure, problems)
        if figure.number is not None and not column_read.window:
            numbers.append(figure.number)
    planned.unit, planned.unit_reason = guess_unit(title, [v for _, v in values] + [cell("target")])
    planned.decimals = _decimals(numbers, planned.unit)
    return planned


def _many(planned: Planned, row: Row, columns: list[Column], problems: list[Problem]) -> None:
    """The row's tags (one per tag column, by its heading) and the comparators the council typed."""
    for column in (c for c in columns if c.role == "tag"):
        if text := text_of(row.cells.get(column.name)):
            planned.tags[column.heading] = text
    offered = [Offered(c.comparator, c.year, c.heading, c.name, row.cells.get(c.name))
               for c in columns if c.role == "benchmark" and c.comparator is not None]  # fmt: skip
    planned.benchmarks, refused = typed_benchmarks(offered)
    problems += [Problem(row.file, row.number, name, message) for name, message in refused]


def _intervention(planned: Planned, row: Row, column: Column | None, problems: list[Problem],
                  notes: list[str]) -> None:  # fmt: skip
    """The intervention level: with a single target, the RAG rule 'intervention' (amber between them), and the
    polarity they imply when the sheet gives none; one that contradicts the polarity given is refused."""
    text = text_of(row.cells.get(column.name)) if column is not None else ""
    if column is None or text in ("", "-", "n/a"):
        return
    level = level_of(text)
    if level is None or not isinstance(planned.target, float):
        why = "is not a single figure" if level is None else "needs a single target beside it"
        notes.append(f"row {planned.row} ({planned.reference}): intervention level '{text}' {why}, so it was left "
                     "out (write its RAG rule in the registry by hand)")  # fmt: skip
        return
    implied = polarity_between(planned.target, level)
    if implied is Polarity.NONE:
        notes.append(f"row {planned.row} ({planned.reference}): intervention level {text} equals the target, so "
                     "it was left out")  # fmt: skip
        return
    if planned.polarity is Polarity.NONE:
        planned.polarity = implied
        side = "above" if implied is Polarity.HIGH else "below"
        planned.guesses["polarity"] = (f"polarity {implied}: the target {_figure(planned.target)} is {side} "
                                       f"the intervention level {text}")  # fmt: skip
    elif planned.polarity is not implied:
        message = (f"expected the intervention level on the bad side of the target for polarity "
                   f"{planned.polarity} (is good), got target {_figure(planned.target)} and intervention level {text}")
        problems.append(Problem(row.file, row.number, column.name, message))
        return
    planned.intervention = level


def _bands(planned: Planned, bands: list[Band], notes: list[str]) -> None:
    """Graded bands ('RI 20-25', 'Good 19-15', 'Outstanding <14') as the RAG rule, with the polarity they say when
    the sheet gives none; bands in words, part blank, against the polarity given or not one way are listed."""
    if not any(band.range for band in bands):
        return
    read = graded_bands(bands)
    if not isinstance(read, str) and planned.polarity not in (Polarity.NONE, read[1]):
        read = f"they run {read[1]} is good, the sheet's polarity is {planned.polarity}"
    if isinstance(read, str):
        written = " / ".join(f"{b.label} {b.range or '(blank)'}" for b in bands)
        notes.append(f"row {planned.row} ({planned.reference}): the bands {written} were left out: {read}")
        return
    planned.bands, polarity = read
    if planned.polarity is Polarity.NONE:
        planned.polarity = polarity
        planned.guesses["polarity"] = f"polarity {polarity}: the bands run that way ({planned.bands[0].label} best)"


def _baseline(planned: Planned, row: Row, column: Column | None, problems: list[Problem]) -> None:
    """A baseline column's figure, kept as the registry's baseline for its period (never as a figure in the data)."""
    if column is None or column.period is None or not text_of(row.cells.get(column.name)):
        return
    read = read_written(row.cells.get(column.name))
    if isinstance(read, str):
        message = f"expected {read}, got {brief(row.cells.get(column.name))}"
        problems.append(Problem(row.file, row.number, column.name, message))
    elif read.number is not None:
        planned.baseline = (column.period, read.number)


def _figure(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _place(file: str, planned: Planned, column: Column, figure: Written, problems: list[Problem]) -> None:
    """A figure under its period (its own date if it gives one); a second window's figure as that period's note,
    unless the row has none over the main window (then the second window is the row's)."""
    period = figure.period or column.period
    assert period is not None
    taken = {p for p, _ in planned.values}
    own = WINDOWS.get(column.window)
    if own is not None and figure.period is None and (planned.window is own or not planned.values):
        planned.window = own  # the row has no figure over the main window: this one's are its figures
        planned.guesses["window"] = f"window {own}: its figures are all under '{column.heading}'"
    elif column.window and figure.period is None:
        note = f"{column.heading}: {figure.written}"
        planned.notes[period] = "; ".join(filter(None, (planned.notes.get(period, ""), note)))
        if period not in taken:
            planned.values.append((period, "-"))
        return
    if period in taken:
        message = f"expected one figure for {period}, found a second one here ('{figure.written}')"
        problems.append(Problem(file, planned.row, column.name, message))
        return
    planned.values.append((period, figure.text))
    if figure.note:
        planned.notes[period] = figure.note


def _target(planned: Planned, text: str, column: Column | None, notes: list[str]) -> None:
    clean = text.replace("%", "").replace("–", "-").replace(",", "").strip()
    if clean.lower() in ("", "-", "n/a", "na", "tbc", "none"):
        return
    if match := re.fullmatch(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)", clean):
        low, high = sorted((float(match[1]), float(match[2])))
        planned.target = (low, high)
    elif re.fullmatch(r"\d+(?:\.\d+)?", clean):
        planned.target = float(clean)
    else:
        notes.append(f"row {planned.row} ({planned.reference}): target '{text}' is neither a number nor a range "
                     "such as 400-450, so it was left out (write its RAG rule in the registry by hand)")  # fmt: skip
    planned.target_year = column.period if column else None


def guess_unit(title: str, cells: list[object]) -> tuple[Unit, str]:
    """The unit a row's title and figures suggest, and why: the officer checks the guess in the registry."""
    words = title.lower()
    if "%" in words or re.search(r"\b(percent|percentage|proportion)\b", words):
        return Unit.PERCENTAGE, "the title says so"
    if any(isinstance(c, str) and "%" in c for c in cells):
        return Unit.PERCENTAGE, "'%' in the figures"
    if re.search(r"per 10,?000|per 10k|\brate\b", words):
        return Unit.RATE_PER_10K, "the title says rate"
    if re.search(r"\baverage\b|\bmean\b", words):
        return (Unit.AVERAGE_DAYS, "the title says average days") if "day" in words else (Unit.AVERAGE, "average")
    return Unit.COUNT, "no %, rate or average in the title or figures"


def _decimals(numbers: list[float], unit: Unit) -> int:
    if not numbers:
        return 0 if unit is Unit.COUNT else 1
    places = [len(f"{n:.3f}".rstrip("0").partition(".")[2]) for n in numbers]
    return max(places)


def _windows(everything: list[Planned], notes: dict[str, tuple[int, str]]) -> None:
    """A monthly row's window from its title or footnote ('*' ... 'rolling 12 months'), the guess kept with the row.
    Rows by quarter or year keep the period their figure is for."""
    for planned in everything:
        found = window_of(planned.title, notes) if planned.frequency is Frequency.MONTHLY else None
        if found is not None:
            planned.window = found[0]
            planned.guesses["window"] = f"window {found[0]}: {found[1]}"


def _move(planned: Planned) -> Move | None:
    """The row's last two figures with the arrow printed beside them, when it printed one and both are numbers."""
    written = planned.printed.get("printed_direction", "")
    arrow = arrow_of(written)
    last = sorted(planned.values, key=lambda pv: (pv[0].end, -pv[0].months))[-2:]
    numbers = [number for _, text in last if (number := level_of(text)) is not None]
    if arrow is None or len(numbers) < 2:
        return None
    return Move(planned.row, planned.reference, written, arrow, numbers[0], numbers[1])


def pack_period(periods: list[Period]) -> Period:
    """The quarter the latest figure falls in; for a year, the quarter its figure is due in (``DUE_MONTH``)."""
    def due(period: Period) -> int:
        if period.kind is Kind.YEAR:
            return period.end + (DUE_MONTH - 3 if DUE_MONTH > 3 else DUE_MONTH + 9)
        return period.end

    last = max(due(p) for p in periods)
    month = Period(last, last, Kind.MONTH)
    return next(q for q in month.quarters_of_year() if q.start <= last <= q.end)


def _finish(everything: list[Planned], period: Period, notes: list[str]) -> None:
    """Frequency from the finest kind of period each row has figures for; target years."""
    order = (Kind.MONTH, Kind.QUARTER, Kind.TERM, Kind.YEAR, Kind.SPAN)
    frequency = {Kind.MONTH: Frequency.MONTHLY, Kind.QUARTER: Frequency.QUARTERLY, Kind.TERM: Frequency.TERMLY,
                 Kind.YEAR: Frequency.ANNUAL, Kind.SPAN: Frequency.MONTHLY}  # fmt: skip
    sheet = min((p.kind for i in everything for p, _ in i.values), key=order.index)
    for planned in everything:
        kinds = [p.kind for p, _ in planned.values] or [sheet]
        planned.frequency = frequency[min(kinds, key=order.index)]
        if planned.target is None or planned.target_year is not None:
            continue
        if planned.frequency is Frequency.ANNUAL:
            years = [p for p, _ in planned.values if p.kind is Kind.YEAR]
            planned.target_year = max(years) if years else period.containing_financial_year().previous()
        else:
            planned.target_year = period.containing_financial_year()
    if any(i.frequency is Frequency.ANNUAL for i in everything):
        notes.append(f"annual figures are shown from June after their year ends (due_month: {DUE_MONTH}); "
                     "change due_month in the registry if yours come later")  # fmt: skip
