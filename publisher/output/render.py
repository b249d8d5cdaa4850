"""Render the Scorecard into the pack's HTML with Jinja2 (autoescaped, strict), sparklines and safe Markdown.

A council's ``templates/`` folder is searched first, so it can override one template (or ``theme.css``)
without copying the rest.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..commentary.signoff import SignOff
from ..core.figures import format_number
from ..core.vocab import ChartPlacement, Comparator, Layout, Polarity, Unit, Window
from ..engine.calc import window_of
from ..engine.changes import Changes
from ..engine.model import IndicatorResult, Point, Scorecard, Section, display
from ..inputs.benchmarks import Benchmark
from ..inputs.packs import Columns, Pack
from ..inputs.ragrules import Intervention, parse_band_range
from ..inputs.registry import Indicator, Priority
from .changes_view import changes_page, definition_notes, revised, revision_notes
from .charts import ChartDrawer, chart_svg, chart_view
from .glossary import abbreviations_used, benchmark_sources, reading_terms
from .messages import Messages, default_messages, fill, load_messages
from .sparkline import Drawer, data_uri, sparkline_png
from .spc_chart import drawer_beside, spc_charts
from .spc_view import spc_notes, spc_view
from .summary import ARROWS, exception, glance, symbol_key
from .templating import render, stylesheet
from .words import aim_word, figure_reason, phrase, rating_word, signoff_words

__all__ = ["row_view"]

log = logging.getLogger(__name__)


class Band(StrEnum):
    """Where a figure sits among English councils (the Middle 50% column), as the catalogue names it."""

    LOWER = "lower"
    IN_RANGE = "in_range"
    HIGHER = "higher"


BANDS = {"Lower": Band.LOWER, "In range": Band.IN_RANGE, "Higher": Band.HIGHER}  # as benchmarks import writes them

# Footnote marks for each calculation window, as councils print them.
WINDOW_MARKS = {
    Window.ROLLING_12M: "*",
    Window.SNAPSHOT: "**",
    Window.ROLLING_6M: "†",
    Window.YTD: "‡",
    Window.PERIOD: "",
}
# A title written with its own mark ("... children)*") loses it where the pack prints its mark, never doubled.
MARK_CHARACTERS = "".join(sorted(set("".join(WINDOW_MARKS.values()))))
LONG_COMMENTARY_WORDS = 300


@dataclass(frozen=True)
class BuildInfo:
    council: str
    built: dt.datetime
    draft: bool
    logo_uri: str | None = None


def sparkline_alt(row: IndicatorResult, words: Mapping[str, Any]) -> str:
    """The sparkline in words, written from the data (first and last, highest and lowest, gaps, target), for a
    screen reader: the catalogue's ``sparkline`` clauses, in that order."""
    said = words["sparkline"]
    shown = [p for p in row.history if p.figure.available and p.figure.value is not None]
    if not shown:
        return fill(said["none"], start=row.history[0].period, end=row.history[-1].period) + "."
    first, last = shown[0], shown[-1]
    values = [p.figure.value or 0.0 for p in shown]
    if values[-1] == values[0]:
        trend = fill(said["unchanged"], value=row.show(last.figure), start=first.period, end=last.period)
    else:
        trend = fill(said["rose" if values[-1] > values[0] else "fell"], first=_at(row, first, said),
                     last=_at(row, last, said))  # fmt: skip
    highest, lowest = (_at(row, shown[values.index(v)], said) for v in (max(values), min(values)))
    clauses = [trend, fill(said["extremes"], highest=highest, lowest=lowest)]
    gaps = len(row.history) - len(shown)
    if gaps:
        clauses.append(fill(said["gaps"], count=gaps) if gaps > 1 else said["gap"])
    if row.target is not None:
        clauses.append(fill(said["target"], target=row.indicator.show(row.target)))
    return "; ".join(clauses) + "."


def _at(row: IndicatorResult, point: Point, said: Mapping[str, str]) -> str:
    return fill(said["point"], value=row.show(point.figure), period=point.period)


def row_view(
    row: IndicatorResult,
    pack: Pack,
    sparkline: Drawer = sparkline_png,
    messages: Messages | None = None,
    changes: Changes | None = None,
    chart: ChartDrawer = chart_svg,
) -> dict[str, Any]:
    """Everything a template needs for one scorecard row, already worded (in the catalogue's words) and formatted."""
    words = (messages or default_messages()).entries
    indicator = row.indicator
    columns = pack.definition.columns
    alt = sparkline_alt(row, words)  # the sparkline's and the chart's words for a screen reader
    drawn = chart_view(row, pack.definition, chart, alt, words)
    beside = drawn is not None and pack.definition.charts.placement is ChartPlacement.BESIDE_ROW
    printed = exception(row)
    periods = [{"label": label, **period_figure(row, p, words), "of": own_period(row, p),
                "revised": revised(changes, row, p.period)}
               for label, p in pack_points(row, columns, words)]  # fmt: skip
    history_values = _sparkline_values(row)
    mark = "" if indicator.frequency.reported_by_year_or_term else WINDOW_MARKS[indicator.calculation.window]
    current = row.headline
    return {
        "reference": indicator.reference,
        "anchor": indicator.anchor,
        "title": indicator.title.rstrip(MARK_CHARACTERS + " ") if mark else indicator.title,
        "description": indicator.description,
        "polarity": words["polarity"][indicator.polarity],
        "unit": words["unit"][indicator.unit],
        "mark": mark,
        "key": indicator.key,
        "lead_officer": indicator.lead_officer,
        "tags": [indicator.tag_values.get(name.casefold(), "") for name in pack.definition.columns.tags],
        "data_owner": indicator.data_owner,
        "source_note": indicator.source_note,
        "data_period": row.data_period.label,
        "sparkline": data_uri(sparkline(history_values, row.target)),
        "sparkline_alt": alt,
        "chart": drawn,
        "beside": beside,
        "exception": printed,
        # whether a commentary row follows (the compact layout prints one only for an exception or a chart)
        "commentary_row": pack.definition.layout is not Layout.COMPACT or printed or beside,
        "periods": periods,
        "current": figure_view(row, current, words),
        "fraction": _fraction(row) if columns.numerator_denominator else "",
        "target": "" if row.target is None else row.indicator.show(row.target),
        "target_lines": target_lines(row, words),
        "intervention": _intervention(indicator),
        "rag": {"rating": str(row.rag.rating), "word": rating_word(row.rag, words),
                "explanation": phrase(row.rag.explanation, words)},
        "spc": spc_view(row, words),
        "direction": {
            "arrow": ARROWS[row.direction.movement],
            "movement": str(row.direction.movement),
            "judgement": str(row.direction.judgement),
            "word": words["direction"][row.direction.judgement],
            "explanation": phrase(row.direction.explanation, words),
        },
        "benchmarks": _benchmarks(row, columns.benchmarks, words),
        "revisions": revision_notes(changes, row, words),
        "definition_notes": definition_notes(row, words),
        "commentary": row.commentary,
        # A commentary longer than about half a page may break across pages rather than leave a gap.
        "long": row.commentary is not None and len(row.commentary.text.split()) > LONG_COMMENTARY_WORDS,
    }


def pack_points(row: IndicatorResult, columns: Columns, words: Mapping[str, Any]) -> list[tuple[str, Point]]:
    """The figures a row shows under the pack's period headings, each with its heading (the PDF, the HTML and the
    spreadsheet show the same ones)."""
    if columns.layout == "year":
        points = [row.outturn_last_year, *row.year_quarters]
    else:
        points = list(row.recent[-columns.recent_periods :])
    # The reporting period's column always shows the headline, so an annual or termly figure is never hidden.
    points = [Point(p.period, row.headline) if p.period == row.period else p for p in points]
    return [(fill(words["table"]["outturn"], period=p.period.label) if n == 0 and columns.layout == "year"
             else p.period.label, p) for n, p in enumerate(points)]  # fmt: skip


def _sparkline_values(row: IndicatorResult) -> list[float | None]:
    """The sparkline's points; a year-to-date count restarts each April, so its line breaks there."""
    values: list[float | None] = []
    breaks = {p.end for p in row.indicator.definition_changes}  # a change of definition breaks the line too
    for n, point in enumerate(row.history):
        restarts = row.indicator.calculation.window is Window.YTD and point.period.label.startswith("Apr ")
        redefined = n > 0 and any(row.history[n - 1].period.end <= end < point.period.end for end in breaks)
        if (restarts or redefined) and values:
            values.append(None)
        values.append(point.figure.value if point.figure.available else None)
    return values


def same_figure(row: IndicatorResult, point: Point) -> bool:
    """An annual or termly figure under an earlier period's heading that is the one the reporting period's column
    prints: printed once, there, with its year, so it never reads as two figures."""
    indicator = row.indicator
    return (indicator.frequency.reported_by_year_or_term and point.period != row.period and point.figure.available
            and row.headline.available and window_of(indicator, point.period)[0] == row.data_period)  # fmt: skip


def period_figure(row: IndicatorResult, point: Point, words: Mapping[str, Any]) -> dict[str, Any]:
    """A period column's figure as printed: :func:`figure_view`, or the catalogue's words for the same figure."""
    if same_figure(row, point):
        return {"text": words["table"]["same_figure"], "available": False, "reason": "", "status": "same"}
    return figure_view(row, point.figure, words)


def own_period(row: IndicatorResult, point: Point) -> str:
    """An annual or termly figure's own year or term ("2024-25", "Summer 2026"), shown under a quarter's heading
    so that last year's figure never passes for this quarter's."""
    if not row.indicator.frequency.reported_by_year_or_term or not point.figure.available:
        return ""
    own = window_of(row.indicator, point.period)[0] if point.figure is not row.headline else row.data_period
    return "" if own == point.period else own.label


def figure_view(row: IndicatorResult, figure: Any, words: Mapping[str, Any]) -> dict[str, Any]:
    """A figure as printed: the number, or the catalogue's word for why there is none."""
    text = display(row.indicator, figure) if figure.available else words["status"][figure.status]
    reason = figure_reason(figure, words)
    return {"text": text, "available": figure.available, "reason": reason, "status": str(figure.status)}


def _fraction(row: IndicatorResult) -> str:
    figure = row.headline
    if not figure.available or figure.denominator is None or row.indicator.unit is Unit.RATE_PER_10K:
        return ""
    return f"{format_number(figure.numerator or 0, 0)} / {format_number(figure.denominator, 0)}"


def _intervention(indicator: Indicator) -> str:
    rule = indicator.rag
    return indicator.show(rule.intervention) if isinstance(rule, Intervention) else ""


def target_lines(row: IndicatorResult, words: Mapping[str, Any]) -> list[str]:
    """The target column: :func:`target_figures`, then a rule by direction's aim in the catalogue's words."""
    aim = aim_word(row.indicator, words["table"]["aim"])
    return [*target_figures(row), aim] if aim else target_figures(row)


def target_figures(row: IndicatorResult) -> list[str]:
    """The target as the scorecard prints it: a value, a range or graded bands (one per line), and first the
    numeric target when the rule's lines do not print it (bands, an aim): SPC assurance, the chart's and the
    sparkline's target line are drawn from it, so the table says what they judge against."""
    lines = _rule_lines(row)
    target = None if row.target is None else row.indicator.show(row.target)
    return lines if target is None or target in lines else [target, *lines]


def _rule_lines(row: IndicatorResult) -> list[str]:
    rule = row.indicator.rag
    if rule.rule == "range":
        return [f"{row.indicator.show(rule.low)}-{row.indicator.show(rule.high)}"]
    if rule.rule == "bands":
        short = {"Outstanding": "O", "Good": "G", "Requires improvement": "RI", "Inadequate": "I"}
        return [f"{short.get(b.label, b.label)} {parse_band_range(b.range).text(b.range)}" for b in rule.bands]
    if rule.rule == "thresholds":
        return [row.indicator.show(rule.green)]
    return [] if row.target is None else [row.indicator.show(row.target)]


def _benchmarks(row: IndicatorResult, wanted: list[Comparator], words: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = {b.comparator: b for b in row.benchmarks}
    return [benchmark_cell(row, found.get(comparator), comparator, words) for comparator in wanted]


def benchmark_cell(
    row: IndicatorResult, benchmark: Benchmark | None, comparator: Comparator, words: Mapping[str, Any]
) -> dict[str, Any]:
    """A benchmark as printed: the value, its year, how many neighbours had a figure, better or worse."""
    cell: dict[str, Any] = {"label": words["comparator"][comparator], "text": "", "year": "", "neighbours": None,
                            "reason": "", "status": "ok"}  # fmt: skip
    if benchmark is None:
        return cell
    cell["year"] = benchmark.year
    if benchmark.figure is None:
        cell["text"] = _band_words(row, benchmark.text, words) if comparator is Comparator.BAND else benchmark.text
    else:
        # the reason is a DfE code's meaning ("no figure published (-)"), or empty
        cell.update(figure_view(row, benchmark.figure, words), reason=phrase(benchmark.figure.note, words))
        counted = benchmark.neighbours
        cell["neighbours"] = counted if counted is not None and counted.counted != counted.of else None
    return cell


def _band_words(row: IndicatorResult, text: str, words: Mapping[str, Any]) -> str:
    """Where the figure sits among English councils as the benchmarks table writes it ("Lower", "In range",
    "Higher"), in the catalogue's words, with whether that is better or worse where high or low is good; any
    other text as written."""
    said = words["benchmark_band"]
    band = BANDS.get(text)
    if band is None:
        return text
    if band is Band.IN_RANGE or row.indicator.polarity is Polarity.NONE:
        return str(said[band])
    better = (band is Band.HIGHER) == (row.indicator.polarity is Polarity.HIGH)
    return fill(said["better" if better else "worse"], band=said[band])


def notes(
    scorecard: Scorecard, sections: list[dict[str, Any]], pack: Pack, messages: Messages, glossary: Mapping[str, str]
) -> dict[str, Any]:
    """Footnotes, glossary, abbreviations and sources: only what this pack shows."""
    rows, words = scorecard.rows, messages.entries
    windows = sorted({r.indicator.calculation.window for r in rows if WINDOW_MARKS[r.indicator.calculation.window]})
    benchmarks = [b for r in rows for b in r.benchmarks]
    averages = {(b.neighbours.average, b.neighbours.model) for b in benchmarks if b.neighbours is not None}
    yearly = any(r.indicator.frequency.reported_by_year_or_term for r in rows)
    rules: set[str] = {r.indicator.rag.rule for r in rows}
    return {
        "footnotes": [{"mark": WINDOW_MARKS[w], "words": words["window"][w]} for w in windows],
        "yearly_figures": yearly,
        "annualised": any(r.indicator.unit is Unit.RATE_PER_10K and _part_year(r) for r in rows),
        "terms": reading_terms(sections, pack.definition.columns, messages, rules),
        "rules": [(words["rule"][name], words["rule_meaning"][name]) for name in sorted(rules)],
        "abbreviations": abbreviations_used(_pack_words(sections, pack, words), messages, glossary),
        "sources": [(r.indicator.reference, r.indicator.source_note) for r in rows if r.indicator.source_note],
        "benchmark_sources": benchmark_sources(benchmarks, messages),
        "sn_averages": [(words["notes"][f"sn_{average}"], model) for average, model in sorted(averages)],
        "quartiles": any(b.quartiles is not None for b in benchmarks),
        "spc": spc_notes(words) if any(r.spc is not None for r in rows) else [],
    }


def _part_year(row: IndicatorResult) -> bool:
    """A rate counted over less than a year, which the pack annualises."""
    return row.indicator.calculation.window not in (Window.ROLLING_12M, Window.SNAPSHOT) and not (
        row.indicator.frequency.reported_by_year_or_term
    )


def _pack_words(sections: list[dict[str, Any]], pack: Pack, words: Mapping[str, Any]) -> list[str]:
    """Everything a member reads in the pack's own words, to find the abbreviations it uses."""
    found = [pack.definition.title, pack.definition.committee, pack.definition.introduction]
    found += [words["comparator"][c] for c in pack.definition.columns.benchmarks]
    for section in sections:
        commentary = section["commentary"]
        found += [section["title"], section["lead_role"], commentary.text if commentary else ""]
        for row in section["rows"]:
            found += [row["title"], row["description"], row["rag"]["explanation"], row["direction"]["explanation"]]
            found += [row["commentary"].text if row["commentary"] else "", *row["target_lines"], row["source_note"]]
    return found


def pack_context(
    scorecard: Scorecard,
    pack: Pack,
    info: BuildInfo,
    sparkline: Drawer = sparkline_png,
    messages: Messages | None = None,
    glossary: Mapping[str, str] | None = None,
    changes: Changes | None = None,
    chart: ChartDrawer = chart_svg,
) -> dict[str, Any]:
    """The names ``pack.html`` and the templates it includes receive (listed in the README)."""
    messages = messages or default_messages()
    pack = as_shown(scorecard, pack)
    spc = pack.definition.spc
    spc_drawer = drawer_beside(sparkline) if spc.charts else None
    sections = [
        {
            "id": s.priority.id,
            "title": s.priority.title,
            "lead": s.priority.lead,
            "lead_role": s.priority.lead_role,
            "commentary": s.commentary,
            "signoff": signoff_view(s.signoff, messages),
            "rows": [row_view(r, pack, sparkline, messages, changes, chart) for r in s.rows],
            "spc_charts": spc_charts(s.rows, spc.two_sigma, spc_drawer, messages.entries) if spc_drawer else [],
            "key": symbol_key(s.rows, _marks(s.rows, messages.entries), messages.entries, pack.definition.spc.icons),
        }
        for s in _grouped(scorecard, pack.definition.group_by, messages.entries)
    ]
    return {
        "pack": pack.definition,
        "pack_name": pack.name,
        "period": scorecard.period.label,
        "info": info,
        "sections": sections,
        "period_labels": _period_headers(scorecard, pack, messages.entries),
        "glance": glance(scorecard, messages.entries, target_figures),
        "changes": changes_page(changes, scorecard.rows, messages.entries, target_figures),
        "notes": notes(scorecard, sections, pack, messages, glossary or {}),
        "t": messages.entries,
        "signoff": _signoff(scorecard.sections, messages),
    }


def signoff_view(approval: SignOff | None, messages: Messages) -> dict[str, Any] | None:
    """A section's sign-off in the catalogue's words ("Approved by Amira Shah on 25 October 2026")."""
    if approval is None:
        return None
    return {"approved": approval.approved, "words": signoff_words(approval, messages.entries)}


def _signoff(sections: tuple[Section, ...], messages: Messages) -> dict[str, list[Any]]:
    """For the cover: each priority's sign-off, and the titles of those not approved."""
    signed = [(s.priority.title, s.signoff) for s in sections if s.signoff is not None]
    return {"sections": [{"title": title, **(signoff_view(o, messages) or {})} for title, o in signed],
            "unapproved": [title for title, o in signed if not o.approved]}  # fmt: skip


def as_shown(scorecard: Scorecard, pack: Pack) -> Pack:
    """The pack with the columns it shows: no benchmark columns when no benchmarks were given, and no SPC icons
    (nor "and SPC" in the RAG heading, nor the notes' explainer) when no row has the history for one (a quarterly
    scorecard with two years of figures, say)."""
    definition = pack.definition
    if not any(r.benchmarks for r in scorecard.rows):
        definition = definition.model_copy(update={"columns": definition.columns.model_copy(update={"benchmarks": []})})
    if definition.spc.icons and not any(r.spc is not None and r.spc.variation is not None for r in scorecard.rows):
        definition = definition.model_copy(update={"spc": definition.spc.model_copy(update={"icons": False})})
    return pack if definition is pack.definition else replace(pack, definition=definition)


def pack_sections(scorecard: Scorecard, pack: Pack, words: Mapping[str, Any]) -> tuple[Section, ...]:
    """The pack's sections, as its pages show them: by priority, or by a council tag's values."""
    return _grouped(scorecard, pack.definition.group_by, words)


def _marks(rows: tuple[IndicatorResult, ...], words: Mapping[str, Any]) -> dict[str, str]:
    """The footnote marks these rows carry, with their words, in the order the notes list them."""
    marked = [r.indicator for r in rows if not r.indicator.frequency.reported_by_year_or_term]
    windows = sorted({indicator.calculation.window for indicator in marked})
    return {WINDOW_MARKS[w]: words["window"][w] for w in windows if WINDOW_MARKS[w]}


def _grouped(scorecard: Scorecard, tag: str | None, words: Mapping[str, Any]) -> tuple[Section, ...]:
    """The scorecard's sections: its priorities, or one section per value of a council tag (in order of first
    appearance; rows without the tag last, titled as the catalogue's ``section.not_tagged`` says)."""
    if tag is None:
        return scorecard.sections
    groups: dict[str, list[IndicatorResult]] = {}
    for row in scorecard.rows:
        groups.setdefault(row.indicator.tag_values.get(tag.casefold(), ""), []).append(row)
    ordered = sorted(groups.items(), key=lambda item: item[0] == "")
    return tuple(
        Section(Priority(id="group-" + (re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or f"{n}"),
                         title=value or words["section"]["not_tagged"], order=n), None, tuple(rows))
        for n, (value, rows) in enumerate(ordered)
    )  # fmt: skip


def render_pack(
    scorecard: Scorecard,
    pack: Pack,
    info: BuildInfo,
    env: ImmutableSandboxedEnvironment,
    sparkline: Drawer = sparkline_png,
    glossary: Mapping[str, str] | None = None,
    changes: Changes | None = None,
    chart: ChartDrawer = chart_svg,
) -> str:
    messages = load_messages(env.loader, env)
    env.filters.update(long_date=messages.long_date, short_date=messages.short_date)  # dates in its month names
    context = pack_context(scorecard, pack, info, sparkline, messages, glossary, changes, chart)
    context["theme_css"] = stylesheet(env, "theme.css")
    context["pack_css"] = stylesheet(env, "pack.css")
    log.info("render: %s, %d sections", pack.name, len(context["sections"]))
    return render(env, "pack.html", context)


def _period_headers(scorecard: Scorecard, pack: Pack, words: Mapping[str, Any]) -> list[str]:
    first = scorecard.rows[0] if scorecard.rows else None
    if first is None:
        return []
    if pack.definition.columns.layout == "year":
        outturn = fill(words["table"]["outturn"], period=first.outturn_last_year.period.label)
        return [outturn] + [p.period.label for p in first.year_quarters]
    return [p.period.label for p in first.recent[-pack.definition.columns.recent_periods :]]
