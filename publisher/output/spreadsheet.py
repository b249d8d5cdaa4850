"""The scorecard as a spreadsheet (XlsxWriter): what analysts and members ask for in Excel.

One sheet per section of the pack (its priorities, or its tag groups) and a summary sheet first, with the pack's
columns: the periods it shows, target, RAG (its word, filled with the pack's colour), direction, benchmarks
with their year, lead officer, data owner, tags and commentary. Figures are numbers rounded to the pack's
decimals with a number format that shows them as the pack does; a figure with no value (withheld from a public
pack, missing, not yet due) is the word the pack shows, never the value. Text comes from councils' files and
DfE's, so no text cell is ever a formula. The same scorecard and build date give the same bytes, so an archived
copy can be checked against a rebuild. XlsxWriter writes it (a third of openpyxl's import, which brings numpy);
openpyxl still reads councils' workbooks and the commentary forms.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..core.figures import Figure, round_half_away
from ..core.files import FORMULA_START
from ..core.vocab import Audience, Comparator, Unit
from ..engine.model import IndicatorResult, Scorecard, Section
from ..engine.rules import Rating
from ..inputs.packs import Pack
from ..inputs.ragrules import Intervention
from .messages import Messages, fill
from .render import as_shown, benchmark_cell, pack_points, pack_sections, same_figure
from .render import target_lines as written_target
from .spc_view import spc_view
from .words import phrase, rating_word

__all__ = ["cell_text"]

# The default theme's fills and text (styles/theme.css); a council's theme.css replaces them (rag_colours).
DEFAULT_COLOURS = {
    Rating.RED: ("751A12", "FFFFFF"),
    Rating.GREEN: ("2E7D4F", "FFFFFF"),
    Rating.AMBER: ("EAA520", "1B1B1B"),
    Rating.NOT_RATED: ("F2F2F2", "1B1B1B"),
}
THEME_NAMES = {Rating.RED: "red", Rating.GREEN: "green", Rating.AMBER: "amber", Rating.NOT_RATED: "none"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in a cell's XML
MAX_CELL = 32_767  # characters Excel keeps in one cell
WIDE, MEDIUM, NARROW = 48, 20, 11


@dataclass(frozen=True)
class Cell:
    """One value: a number with its Excel number format, or text (a RAG word carries its rating, for the fill)."""

    value: float | str | dt.date | None
    number_format: str = "General"
    rating: Rating | None = None


@dataclass(frozen=True)
class Heading:
    text: str
    width: int = NARROW
    wrap: bool = False


def number_format(row: IndicatorResult) -> str:
    """The pack's decimals and thousands separator, and % for a percentage (9.8 reads 9.8%, as in the pack)."""
    decimals = row.indicator.decimals
    shape = "#,##0" + ("." + "0" * decimals if decimals else "")
    return shape + '"%"' if row.indicator.unit is Unit.PERCENTAGE else shape


def figure_cell(row: IndicatorResult, figure: Figure, words: Mapping[str, Any]) -> Cell:
    """A figure as the pack shows it: the rounded number, or the pack's word where there is none."""
    if not figure.available or figure.value is None:
        return Cell(words["status"][figure.status])
    return Cell(round_half_away(figure.value, row.indicator.decimals), number_format(row))


def _value_cell(row: IndicatorResult, value: float | None, written: Sequence[str]) -> Cell:
    """A target or level: a number when the pack writes it as one, else its words (a range, bands, an aim)."""
    if value is not None and list(written) == [row.indicator.show(value)]:
        return Cell(round_half_away(value, row.indicator.decimals), number_format(row))
    return Cell("\n".join(written))


def headings(scorecard: Scorecard, pack: Pack, words: Mapping[str, Any]) -> list[Heading]:
    """The pack's columns, in the catalogue's words (a council's own, when it overrides them)."""
    columns, table, own = pack.definition.columns, words["table"], words["spreadsheet"]
    periods = [label for label, _ in pack_points(scorecard.rows[0], columns, words)] if scorecard.rows else []
    found = [
        Heading(table["ref"], 9), Heading(table["indicator"], WIDE, True), Heading(table["key"], 6),
        Heading(own["polarity"], 13), Heading(own["unit"], 14, True), Heading(own["data_period"], 14),
        *(Heading(label) for label in periods),
        *([Heading(table["target"], 12, True)] if columns.target else []),
        *([Heading(table["intervention"], 12)] if columns.intervention else []),
        Heading(table["rag"], 14), Heading(own["rag_explanation"], WIDE, True), Heading(table["direction"], 13),
        Heading(own["direction_explanation"], WIDE, True),
        *(_spc_headings(words) if pack.definition.spc.icons else []),
    ]  # fmt: skip
    for comparator in columns.benchmarks:
        label = words["comparator"][comparator]
        found += [Heading(label), Heading(fill(own["year"], comparator=label), 12)]
    found += [Heading(table["lead_officer"], MEDIUM, True), Heading(table["data_owner"], MEDIUM, True)]
    found += [Heading(heading, MEDIUM, True) for heading in columns.tags.values()]
    return [*found, Heading(own["commentary"], 80, True), Heading(own["commentary_by"], MEDIUM, True),
            Heading(own["date"], 12)]  # fmt: skip


def row_cells(row: IndicatorResult, pack: Pack, words: Mapping[str, Any]) -> list[Cell]:
    """One indicator across the columns of :func:`headings`."""
    columns = pack.definition.columns
    indicator = row.indicator
    cells = [Cell(indicator.reference), Cell(indicator.title), Cell(words["table"]["key"] if indicator.key else ""),
             Cell(words["polarity"][indicator.polarity]), Cell(words["unit"][indicator.unit]),
             Cell(row.data_period.label)]  # fmt: skip
    cells += [Cell(words["table"]["same_figure"]) if same_figure(row, point) else figure_cell(row, point.figure, words)
              for _, point in pack_points(row, columns, words)]  # fmt: skip
    if columns.target:
        cells.append(_value_cell(row, row.target, written_target(row, words)))
    if columns.intervention:
        level = indicator.rag.intervention if isinstance(indicator.rag, Intervention) else None
        cells.append(_value_cell(row, level, [] if level is None else [indicator.show(level)]))
    cells += [Cell(rating_word(row.rag, words), rating=row.rag.rating), Cell(phrase(row.rag.explanation, words)),
              Cell(words["direction"][row.direction.judgement]),
              Cell(phrase(row.direction.explanation, words))]  # fmt: skip
    if pack.definition.spc.icons:
        cells += _spc_cells(row, words)
    for comparator in columns.benchmarks:
        cells += _benchmark_cells(row, comparator, words)
    cells += [Cell(indicator.lead_officer), Cell(indicator.data_owner)]
    cells += [Cell(indicator.tag_values.get(name.casefold(), "")) for name in columns.tags]
    entry = row.commentary
    written = [Cell(entry.text), Cell(entry.author), Cell(entry.date, "dd mmm yyyy")] if entry else [Cell("")] * 3
    return cells + written


def _spc_headings(words: Mapping[str, Any]) -> list[Heading]:
    sheet = words["spc"]["sheet"]
    return [Heading(sheet[0], MEDIUM, True), Heading(sheet[1], MEDIUM, True), Heading(sheet[2], MEDIUM, True),
            *(Heading(text, 12) for text in sheet[3:])]  # fmt: skip


def _spc_cells(row: IndicatorResult, words: Mapping[str, Any]) -> list[Cell]:
    """Variation and assurance in words, why there are none, and the latest limits as numbers."""
    view = spc_view(row, words)
    limits = row.spc.latest.limits if row.spc else None
    said = [view and view[name] and view[name]["label"] for name in ("variation", "assurance")]
    reason = view["reason"] if view else words["spc"]["not_applied"]
    numbers = [None if limits is None else getattr(limits, name) for name in ("mean", "lower", "upper")]
    return [*(Cell(text or "") for text in said), Cell(reason),
            *(Cell(None) if n is None else Cell(round_half_away(n, row.indicator.decimals + 2)) for n in numbers)]


def _benchmark_cells(row: IndicatorResult, comparator: Comparator, words: Mapping[str, Any]) -> list[Cell]:
    """A benchmark's value (a number, or the pack's words) and its year, with n when fewer neighbours had one."""
    benchmark = next((b for b in row.benchmarks if b.comparator is comparator), None)
    shown = benchmark_cell(row, benchmark, comparator, words)
    value = figure_cell(row, benchmark.figure, words) if benchmark and benchmark.figure else Cell(shown["text"])
    counted = shown["neighbours"]
    year = " · ".join(filter(None, [shown["year"], counted and fill(words["table"]["neighbours"],
                                                                     counted=counted.counted, of=counted.of)]))
    return [value, Cell(year)]


def rag_colours(theme_css: str) -> dict[Rating, tuple[str, str]]:
    """The fills and text colours the pack itself uses (``--red-bg`` and ``--red-ink`` in theme.css, ...), so a
    council's own colours reach the spreadsheet too; a colour not written as #rrggbb keeps the default."""
    found = {f"{name}-{part}": value.upper() for name, part, value in
             re.findall(r"--([a-z]+)-(bg|ink):\s*#([0-9a-fA-F]{6})\b", theme_css)}  # fmt: skip
    colours = {}
    for rating, name in THEME_NAMES.items():
        background, ink = DEFAULT_COLOURS[rating]
        colours[rating] = (found.get(f"{name}-bg", background), found.get(f"{name}-ink", ink))
    return colours


def sheet_titles(sections: Sequence[Section], summary: str) -> list[str]:
    """The summary's name, then each section's: Excel's rules (at most 31 characters as Excel counts them, none of
    []:*?/\\ nor an apostrophe at either end, unique in any case)."""
    used: set[str] = set()
    named = [(summary, "Summary"), *((section.priority.title, f"Section {n}") for n, section in enumerate(sections, 1))]
    return [_sheet_title(title, default, used) for title, default in named]


def _sheet_title(text: str, default: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", " ", CONTROL.sub("", text)).strip() or default
    title, suffix = _cut(base, 31), 2
    while title.casefold() in used:
        title, suffix = f"{_cut(base, 31 - len(str(suffix)) - 1)} {suffix}", suffix + 1
    used.add(title.casefold())
    return title


def _cut(text: str, units: int) -> str:
    """The longest start of ``text`` within ``units`` UTF-16 code units (Excel counts a character outside the basic
    plane, such as an emoji, as two), without spaces at its end."""
    while len(text.encode("utf-16-le")) > units * 2:
        text = text[:-1]
    return text.strip()


def scorecard_xlsx(scorecard: Scorecard, pack: Pack, built: dt.datetime, colours: Mapping[Rating, tuple[str, str]],
                   messages: Messages, council: str = "") -> bytes:  # fmt: skip
    """The workbook's bytes: the summary, then a sheet per section."""
    import xlsxwriter

    words = messages.entries
    written = io.BytesIO()
    book = xlsxwriter.Workbook(written, {"in_memory": True})  # every part dated 1 January 1980: the same bytes
    pack = as_shown(scorecard, pack)
    sections = pack_sections(scorecard, pack, words)
    summary, *titles = sheet_titles(sections, words["spreadsheet"]["summary"])
    styles = _Styles(book, colours)
    _summary(book.add_worksheet(summary), Summary(scorecard, pack, sections, titles, built, council), styles, messages)
    columns = headings(scorecard, pack, words)
    for section, title in zip(sections, titles, strict=True):
        sheet = book.add_worksheet(title)
        _table(sheet, columns, [row_cells(row, pack, words) for row in section.rows], styles)
        sheet.freeze_panes(1, 2)  # the heading row and the reference and title stay in view
    when = built.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    book.set_properties({"title": pack.definition.title, "subject": f"{pack.definition.committee}, {pack.period.label}",
                         "author": council or "publisher", "created": when})  # fmt: skip
    book.close()
    return written.getvalue()


@dataclass(frozen=True)
class Summary:
    """What the summary sheet describes."""

    scorecard: Scorecard
    pack: Pack
    sections: Sequence[Section]
    titles: Sequence[str]
    built: dt.datetime
    council: str


def _summary(sheet: Any, summary: Summary, styles: _Styles, messages: Messages) -> None:
    """The RAG counts of each section (a table with its filter), then what the pack is and how to read it."""
    words = messages.entries
    own = words["spreadsheet"]
    order = (Rating.GREEN, Rating.AMBER, Rating.RED, Rating.NOT_RATED)
    columns = [Heading(own["section"], WIDE, True), Heading(own["sheet"], 32),
               *(Heading(words["rag"][r]) for r in order), Heading(own["indicators"])]  # fmt: skip
    rows = []
    for section, title in zip(summary.sections, summary.titles, strict=True):
        counts = [sum(1 for row in section.rows if row.rag.rating is rating) for rating in order]
        rows.append([Cell(section.priority.title), Cell(title), *(Cell(c, "0") for c in counts),
                     Cell(len(section.rows), "0")])  # fmt: skip
    _table(sheet, columns, rows, styles)
    for column, rating in enumerate(order, 2):  # the headings of the counts carry their fill and their word
        _put(sheet, 0, column, Cell(words["rag"][rating]), styles, Look(wrap=True, top=False, rating=rating))
    sheet.freeze_panes(1, 0)
    definition, cover = summary.pack.definition, words["cover"]
    public = definition.audience is Audience.PUBLIC
    about = [
        (own["council"], summary.council), (own["pack"], definition.title), (own["committee"], definition.committee),
        (cover["reporting_period"], summary.scorecard.period.label), (own["marking"], definition.marking),
        (cover["audience"], cover["audience_public"] if public else cover["audience_restricted"]),
        (own["built"], messages.long_date(summary.built.date())), (own["figures"], own["figures_note"]),
    ]  # fmt: skip
    for n, (label, text) in enumerate(about, len(rows) + 2):
        _put(sheet, n, 0, Cell(label), styles, Look(bold=True))
        _put(sheet, n, 1, Cell(text), styles)


def _table(sheet: Any, columns: Sequence[Heading], rows: Sequence[Sequence[Cell]], styles: _Styles) -> None:
    """A heading row (bold, wrapped), the rows, column widths and a filter over them all."""
    for column, heading in enumerate(columns):
        _put(sheet, 0, column, Cell(heading.text), styles, Look(wrap=True, top=False, bold=True))
        sheet.set_column(column, column, heading.width)
    for number, cells in enumerate(rows, 1):
        for column, (heading, value) in enumerate(zip(columns, cells, strict=True)):
            _put(sheet, number, column, value, styles, Look(wrap=heading.wrap, rating=value.rating))
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)


@dataclass(frozen=True)
class Look:
    """How a cell looks: one of the workbook's formats."""

    wrap: bool = False
    top: bool = True
    bold: bool = False
    rating: Rating | None = None
    number_format: str = "General"
    quoted: bool = False


class _Styles:
    """The workbook's formats, one per look, made when first used."""

    def __init__(self, book: Any, colours: Mapping[Rating, tuple[str, str]]) -> None:
        self.book = book
        self.colours = colours
        self.made: dict[Look, Any] = {}

    def __call__(self, look: Look) -> Any:
        if (made := self.made.get(look)) is None:
            properties: dict[str, object] = {"num_format": look.number_format, "text_wrap": look.wrap,
                                             "valign": "top" if look.top else "bottom", "bold": look.bold,
                                             "quote_prefix": look.quoted}  # Excel keeps such a cell text when edited
            if look.rating is not None:
                background, ink = self.colours[look.rating]
                properties |= {"pattern": 1, "bg_color": f"#{background}", "font_color": f"#{ink}", "bold": True}
            made = self.made[look] = self.book.add_format(properties)
        return made


def cell_text(text: str) -> tuple[str, bool]:
    """Text as a cell can hold it (no control characters, at most Excel's length), and whether it must be kept as
    text when edited (it starts like a formula)."""
    content = CONTROL.sub("", text)[:MAX_CELL]
    return content, content.startswith(FORMULA_START)


def _put(sheet: Any, row: int, column: int, value: Cell, styles: _Styles, look: Look = Look()) -> None:
    """Write one value and its look; text is always text (never a formula, whatever it starts with)."""
    content = value.value
    if isinstance(content, str):
        content, quoted = cell_text(content)
        sheet.write_string(row, column, content, styles(replace(look, quoted=quoted)))
        return
    look = replace(look, number_format=value.number_format)
    if content is None:
        sheet.write_blank(row, column, None, styles(look))
    elif isinstance(content, dt.date):
        sheet.write_datetime(row, column, content, styles(look))
    else:
        sheet.write_number(row, column, content, styles(look))
