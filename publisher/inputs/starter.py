"""``publisher init --from``: read a scorecard as councils keep it and plan the project it becomes.

One row per indicator; columns recognised by their heading (reference, title, polarity, target, lead, and
one column per period); what cannot be placed is listed with the line to add to a small mapping file
(``init-mapping.yaml``). The plan is written out by :mod:`publisher.inputs.starter_files`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.codes import CODES_HELP, brief, parse_value
from ..core.errors import InputError, Problem
from ..core.periods import Kind, Period, PeriodError
from ..core.vocab import Frequency, Polarity, Unit
from .registry import REFERENCE, REFERENCE_HELP, anchor_of
from .tables import Row, read_table
from .yamlfile import read_yaml

MAPPING_NAME = "init-mapping.yaml"
DUE_MONTH = 6  # an annual figure: the council's own outturn, checked in the first quarter after the year ends
ROLES = ("reference", "title", "description", "polarity", "target", "lead_officer", "data_owner", "source_note",
         "ignore")  # fmt: skip
ROLES_HELP = ", ".join(ROLES) + ", 'period LABEL' (such as 'period Q2 2018-19') or 'target LABEL' (its year)"
SYNONYMS = {
    "reference": ("ref", "reference", "indicator ref", "indicator reference", "ref no", "no", "no.", "number",
                  "pi ref", "pi", "code", "measure ref", "id"),
    "title": ("indicator", "measure", "title", "description", "indicator title", "indicator name", "measure title",
              "performance indicator", "name"),
    "polarity": ("polarity", "good is", "direction", "low/high is good", "high/low is good", "good performance is",
                 "what good looks like"),
    "lead_officer": ("lead", "lead officer", "responsible officer", "officer", "accountable officer", "owner"),
    "data_owner": ("data owner", "data source owner"),
    "source_note": ("source", "data source"),
}  # fmt: skip
SINGLE = ("reference", "title", "description", "polarity", "target", "lead_officer", "data_owner", "source_note")
POLARITY_WORDS = {
    Polarity.HIGH: ("high is good", "higher is better", "high", "higher", "high is better", "up", "increase", "↑"),
    Polarity.LOW: ("low is good", "lower is better", "low", "lower", "low is better", "down", "reduce", "↓"),
    Polarity.NONE: ("n/a", "na", "-", "", "neither", "none", "not applicable", "no polarity"),
}
_FY = re.compile(r"(\d{4}|\d{2})\s*[-/]\s*(\d{2})")


@dataclass(frozen=True)
class Column:
    name: str  # as read_table keys it (lower case)
    heading: str  # as the council wrote it
    role: str  # one of ROLES, or "period"
    period: Period | None = None  # a period column's period, or a target's year


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
    decimals: int = 0
    target: float | tuple[float, float] | None = None
    target_year: Period | None = None
    text: dict[str, str] = field(default_factory=dict)  # description, lead_officer, data_owner, source_note
    values: list[tuple[Period, str]] = field(default_factory=list)


@dataclass
class Plan:
    """Everything ``init`` writes, and what it has to tell the officer."""

    source: Path
    priorities: list[tuple[str, str, list[Planned]]]  # id, title, indicators
    period: Period  # the pack's: the quarter the latest figure falls in (or is due in)
    columns: list[Column]
    unplaced: list[tuple[str, str]]  # heading as written, the line to add to the mapping file
    notes: list[str]
    mapping: Path | None


def plan_scorecard(path: Path, mapping: Path | None = None) -> Plan:
    """Read ``path`` (.csv or .xlsx, headings in row 1) into a plan; raise :class:`InputError` listing every
    problem with its file, row and column."""
    mapping = mapping or (path.parent / MAPPING_NAME if (path.parent / MAPPING_NAME).is_file() else None)
    mapped = read_mapping(mapping) if mapping else {}
    names, rows = read_table(path)
    rows_read = list(rows)
    headings = _original_headings(path, names)
    columns, unplaced, problems = _columns(path, names, headings, mapped)
    if not any(c.role == "title" for c in columns):
        found = ", ".join(h for h in headings if h)
        message = ("expected a column of indicator titles headed 'Indicator', 'Measure' or 'Title' in row 1 (delete "
                   f"any title rows above the headings, or map it in {MAPPING_NAME}); found ({found})")  # fmt: skip
        raise InputError([*problems, Problem(str(path), 1, "", message)])
    if not any(c.role == "period" for c in columns):
        message = ("expected one or more period columns headed such as 'Apr-26', 'Q1 26/27', '2025/26' or an "
                   "Excel date; found none")  # fmt: skip
        raise InputError([*problems, Problem(str(path), 1, "", message)])
    notes: list[str] = []
    priorities = _rows(path, columns, rows_read, problems, notes)
    if problems:
        raise InputError(problems)
    everything = [i for _, _, found in priorities for i in found]
    if not everything:
        raise InputError([Problem(str(path), None, "", "expected one or more indicator rows, found none")])
    if not any(i.values for i in everything):
        raise InputError([Problem(str(path), None, "", "expected figures in the period columns, found none")])
    period = pack_period([p for i in everything for p, _ in i.values])
    _finish(everything, period, notes)
    return Plan(path, priorities, period, columns, unplaced, notes, mapping)


def read_mapping(path: Path) -> dict[str, str]:
    """The mapping file: column heading -> role, read with the safe YAML reader."""
    doc = read_yaml(path)
    problems = list(doc.problems)
    if not isinstance(doc.data, dict):
        raise InputError([Problem(str(path), 1, "", 'expected lines such as "RAG": ignore, one per column')])
    mapped: dict[str, str] = {}
    for key, value in doc.data.items():
        role = value.strip() if isinstance(value, str) else ""
        if not (role in ROLES or _role_period(role) is not None):
            message = f"expected one of {ROLES_HELP}; got {brief(value)}"
            problems.append(Problem(str(path), doc.line_of((key,)), str(key), message))
        mapped[_key(str(key))] = role
    if problems:
        raise InputError(problems)
    return mapped


def _role_period(role: str) -> Period | None:
    word, _, label = role.partition(" ")
    if word not in ("period", "target") or not label:
        return None
    try:
        period = Period.parse(label)
    except PeriodError:
        return None
    return period if word == "period" or period.kind is Kind.YEAR else None


def _key(heading: str) -> str:
    return " ".join(heading.split()).casefold().rstrip(":")


def _original_headings(path: Path, names: list[str]) -> list[str]:
    """Row 1 as written (read_table gives it in lower case), for messages and mapping lines."""
    try:
        if path.suffix.lower() == ".xlsx":
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True)
            first = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            book.close()
        else:
            import csv

            text = path.read_text(encoding="utf-8-sig").split("\n", 1)[0]
            first = tuple(next(csv.reader([text]), []))
    except (OSError, UnicodeDecodeError, StopIteration):
        first = ()
    written = [" ".join(str(c).split()) if c is not None else "" for c in first]
    same = len(written) >= len(names) and all(n == "" or w.lower() == n for w, n in zip(written, names, strict=False))
    return written[: len(names)] if same else names


def _columns(path: Path, names: list[str], headings: list[str], mapped: dict[str, str]
             ) -> tuple[list[Column], list[tuple[str, str]], list[Problem]]:  # fmt: skip
    columns: list[Column] = []
    unplaced: list[tuple[str, str]] = []
    problems: list[Problem] = []
    taken: dict[str, str] = {}
    seen_periods: dict[Period, str] = {}
    for name, heading in zip(names, headings, strict=True):
        if not name:
            continue
        role, period = _recognise(name, mapped)
        if role in SINGLE and role in taken:
            if role == "title" and "description" not in taken:
                role = "description"
            else:
                unplaced.append((heading, f"{json.dumps(heading)}: ignore   # '{role}' is already '{taken[role]}'"))
                continue
        if role == "unknown":
            unplaced.append((heading, f"{json.dumps(heading)}: {_suggest(name, columns)}"))
            continue
        if role == "period":
            assert period is not None
            if period in seen_periods:
                message = f"expected one column per period, found {period} under '{seen_periods[period]}' too"
                problems.append(Problem(str(path), 1, name, message))
                continue
            seen_periods[period] = heading
        if role in SINGLE:
            taken[role] = heading
        columns.append(Column(name, heading, role, period))
    return columns, unplaced, problems


def _recognise(name: str, mapped: dict[str, str]) -> tuple[str, Period | None]:
    key = _key(name)
    if key in mapped:
        role = mapped[key]
        if role in ROLES:
            return role, None
        period = _role_period(role)
        return role.partition(" ")[0], period
    for role, words in SYNONYMS.items():
        if key in words:
            return role, None
    if re.search(r"\btargets?\b", key):
        match = _FY.search(key)
        year = _period_of(f"{'20' * (len(match[1]) == 2)}{match[1]}/{match[2]}") if match else None
        return "target", year if year is not None and year.kind is Kind.YEAR else None
    period = _period_of(key)
    return ("period", period) if period is not None else ("unknown", None)


def _period_of(heading: str) -> Period | None:
    """A period heading as Period.parse reads it, or as councils also write it ('Qu 1 18-19', 'Yr. end 17-18')."""
    text = " ".join(heading.split())
    candidates = [text]
    if match := re.fullmatch(r"(?:qu|qtr|quarter|q)\.?\s*([1-4])\s+(.+)", text, flags=re.IGNORECASE):
        candidates.append(f"Q{match[1]} {match[2].replace(' ', '')}")
    if match := re.fullmatch(r"(?:yr\.?|year)\s*end\s+(.+)|(?:outturn|actual)\s+(.+)", text, flags=re.IGNORECASE):
        year = (match[1] or match[2]).replace(" ", "")
        candidates.append(f"20{year}" if re.fullmatch(r"\d{2}[-/]\d{2}", year) else year)
    for candidate in candidates:
        try:
            return Period.parse(candidate)
        except PeriodError:
            continue
    return None


def _suggest(name: str, columns: list[Column]) -> str:
    """The likeliest role for a heading not recognised: the officer checks it before adding the line."""
    if quarter := re.fullmatch(r"(?:qu|qtr|quarter|q)\.?\s*([1-4])", name):
        years = [c.period for c in columns if c.period is not None and c.period.kind is Kind.QUARTER]
        if years:
            return f"period Q{quarter[1]} {years[-1].containing_financial_year()}"
    if re.search(r"available from|data owner|info", name):
        return "data_owner"
    if re.search(r"so what|tell|definition|explanation|description", name):
        return "description"
    if re.search(r"officer|lead|responsible", name):
        return "lead_officer"
    if re.search(r"source", name):
        return "source_note"
    return "ignore"


def _rows(path: Path, columns: list[Column], rows: list[Row], problems: list[Problem], notes: list[str]
          ) -> list[tuple[str, str, list[Planned]]]:  # fmt: skip
    """Indicator rows, grouped under the section headings between them (a row with a single filled cell)."""
    first_title = re.sub(r"[-_]+", " ", path.stem).strip().capitalize() or "Scorecard"
    priorities: list[tuple[str, str, list[Planned]]] = [("scorecard", first_title, [])]
    by_role = {c.role: c for c in columns if c.role != "period"}
    periods = [c for c in columns if c.role == "period"]
    numbered = "reference" not in by_role
    for row in rows:
        filled = [str(v).strip() for v in row.cells.values() if v is not None and str(v).strip()]
        values = [(c, row.cells.get(c.name)) for c in periods]
        values = [(c, v) for c, v in values if v is not None and str(v).strip() != ""]
        if len(filled) == 1 and not values:
            title = " ".join(filled[0].split())
            priorities.append((_slug(title, [p[0] for p in priorities]), title, []))
            continue
        planned = _indicator(row, by_role, values, problems, notes, numbered)
        if planned is not None:
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
                problems.append(Problem(str(path), planned.row, by_role.get("reference", Column("", "", "")).name,
                                        message))  # fmt: skip
            references.update(dict.fromkeys(keys, planned))
            planned.priority = priority_id
            planned.series = _unique(re.sub(r"[^a-z0-9]+", "_", planned.reference.lower()).strip("_"), series)
    return kept


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
               notes: list[str], numbered: bool) -> Planned | None:  # fmt: skip
    def cell(role: str) -> str:
        column = by_role.get(role)
        value = row.cells.get(column.name) if column else None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split()) if value is not None else ""

    file, line = row.file, row.number
    title = cell("title")
    if not title:
        message = "expected the indicator's title, found a blank cell"
        problems.append(Problem(file, line, by_role["title"].name, message))
        return None
    reference = cell("reference")
    if not reference:
        reference = f"{row.number - 1}" if numbered else f"Row {row.number}"
        if not numbered:
            notes.append(f"row {row.number} has no reference: written as '{reference}' (change it in the registry)")
    elif not REFERENCE.fullmatch(reference):
        message = f"expected a reference of {REFERENCE_HELP}; got '{reference}'"
        problems.append(Problem(file, line, by_role["reference"].name, message))
        return None
    planned = Planned(reference, title, line)
    for role in ("description", "lead_officer", "data_owner", "source_note"):
        if text := cell(role):
            planned.text[role] = text
    polarity = cell("polarity").casefold().rstrip(".")
    found = next((p for p, words in POLARITY_WORDS.items() if polarity in words), None)
    if found is None:
        message = f"expected High is good, Low is good or n/a, got '{cell('polarity')}'"
        problems.append(Problem(file, line, by_role["polarity"].name, message))
    planned.polarity = found or Polarity.NONE
    _target(planned, cell("target"), by_role.get("target"), notes)
    numbers: list[float] = []
    for column, value in values:
        parsed = parse_value(value)
        if parsed is None or (parsed[0] is not None and parsed[0] < 0):
            wanted = CODES_HELP if parsed is None else "0 or more"
            problems.append(Problem(file, line, column.name, f"expected {wanted}, got {brief(value)}"))
            continue
        assert column.period is not None
        number = parsed[0]
        planned.values.append((column.period, str(value).strip() if number is None else _number(number)))
        if number is not None:
            numbers.append(number)
    planned.unit, planned.unit_reason = guess_unit(title, [v for _, v in values] + [cell("target")])
    planned.decimals = _decimals(numbers, planned.unit)
    return planned


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


def _number(value: float) -> str:
    value = round(value, 10)
    return str(int(value)) if value.is_integer() else repr(value)


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
