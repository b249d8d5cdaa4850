"""Render the Scorecard into the pack's HTML with Jinja2 (autoescaped, strict), sparklines and safe Markdown.

A council's ``templates/`` folder is searched first, so it can override one template (or ``theme.css``)
without copying the rest.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
from dataclasses import dataclass, replace
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..core.figures import format_number
from ..core.vocab import Comparator, Polarity, Unit, Window
from ..engine.calc import window_of
from ..engine.model import IndicatorResult, Judgement, Movement, Point, Scorecard, Section, display
from ..engine.rules import Rating
from ..inputs.benchmarks import Benchmark
from ..inputs.packs import Pack
from ..inputs.ragrules import Intervention, parse_band_range
from ..inputs.registry import Indicator, Priority
from .sparkline import Drawer, sparkline_png
from .templating import render, stylesheet

log = logging.getLogger(__name__)

# Footnote marks for each calculation window, as councils print them.
WINDOW_MARKS = {
    Window.ROLLING_12M: "*",
    Window.SNAPSHOT: "**",
    Window.ROLLING_6M: "†",
    Window.YTD: "‡",
    Window.PERIOD: "",
}
WINDOW_WORDS = {
    Window.PERIOD: "in the period",
    Window.ROLLING_12M: "rolling 12 months",
    Window.ROLLING_6M: "rolling 6 months (annualised for rates)",
    Window.YTD: "financial year to date",
    Window.SNAPSHOT: "snapshot at end of period",
}
UNIT_WORDS = {
    Unit.PERCENTAGE: "%",
    Unit.RATE_PER_10K: "rate per 10,000 children",
    Unit.COUNT: "number",
    Unit.AVERAGE_DAYS: "average days",
    Unit.AVERAGE: "average",
    Unit.SCORE: "score",
}
POLARITY_WORDS = {Polarity.HIGH: "High is good", Polarity.LOW: "Low is good", Polarity.NONE: "Neither"}
COMPARATOR_LABELS = {
    Comparator.LA_PUBLISHED: "LA published",
    Comparator.SN: "SN average",
    Comparator.REGION: "Region",
    Comparator.ENGLAND: "England",
    Comparator.BAND: "Middle 50%",
    Comparator.RANK: "Rank",
}
ARROWS = {Movement.UP: "▲", Movement.DOWN: "▼", Movement.LEVEL: "►", Movement.UNKNOWN: "–"}
RULE_WORDS = {
    "target_tolerance": (
        "Target and tolerance",
        "Green at or better than target; amber when worse but within the stated tolerance; red beyond it.",
    ),
    "thresholds": (
        "Thresholds",
        "Green at or better than the green threshold; amber at or better than the amber threshold; red otherwise.",
    ),
    "intervention": (
        "Intervention level",
        "Green at or better than target; amber between the target and the "
        "intervention level; red beyond the intervention level.",
    ),
    "range": (
        "Target range",
        "Green inside the range (e.g. 400-450); amber within any stated tolerance outside it; red otherwise.",
    ),
    "bands": (
        "Graded bands",
        "Outstanding, Good, Requires improvement or Inadequate as written on the scorecard; a "
        "value between two written bands takes the worse of the two.",
    ),
    "direction": (
        "Direction target",
        "Green when the figure moved the way the service aims (increase or reduce); "
        "amber when unchanged; red when it moved the other way.",
    ),
    "none": ("Not rated", "Contextual measures with no target are shown without a rating, never as green."),
}
LONG_COMMENTARY_WORDS = 300


@dataclass(frozen=True)
class BuildInfo:
    council: str
    built: dt.datetime
    draft: bool
    logo_uri: str | None = None


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def sparkline_alt(row: IndicatorResult) -> str:
    """The sparkline in words, written from the data: first and last, highest and lowest, gaps, target."""
    shown = [p for p in row.history if p.figure.available and p.figure.value is not None]
    if not shown:
        return f"No figures to show for {row.history[0].period} to {row.history[-1].period}."
    first, last = shown[0], shown[-1]
    values = [p.figure.value or 0.0 for p in shown]
    if values[-1] > values[0]:
        text = f"Rose from {_at(row, first)} to {_at(row, last)}"
    elif values[-1] < values[0]:
        text = f"Fell from {_at(row, first)} to {_at(row, last)}"
    else:
        text = f"Unchanged at {row.show(last.figure)} from {first.period} to {last.period}"
    text += f"; highest {_at(row, shown[values.index(max(values))])}"
    text += f", lowest {_at(row, shown[values.index(min(values))])}"
    gaps = len(row.history) - len(shown)
    if gaps:
        text += f"; {gaps} period{'s' if gaps > 1 else ''} without a published figure"
    if row.target is not None:
        text += f"; target {row.indicator.show(row.target)}"
    return text + "."


def _at(row: IndicatorResult, point: Point) -> str:
    return f"{row.show(point.figure)} in {point.period}"


def row_view(row: IndicatorResult, pack: Pack, sparkline: Drawer = sparkline_png) -> dict[str, Any]:
    """Everything a template needs for one scorecard row, already worded and formatted."""
    indicator = row.indicator
    columns = pack.definition.columns
    if columns.layout == "year":
        points = [row.outturn_last_year, *row.year_quarters]
    else:
        points = list(row.recent[-columns.recent_periods :])
    # The reporting period's column always shows the headline, so an annual or termly figure is never hidden.
    points = [Point(p.period, row.headline) if p.period == row.period else p for p in points]
    periods = [
        {"label": ("Outturn " if n == 0 and columns.layout == "year" else "") + p.period.label,
         **figure_view(row, p.figure), "of": _own_period(row, p)}
        for n, p in enumerate(points)
    ]  # fmt: skip
    history_values = _sparkline_values(row)
    current = row.headline
    return {
        "reference": indicator.reference,
        "anchor": indicator.anchor,
        "title": indicator.title,
        "description": indicator.description,
        "polarity": POLARITY_WORDS[indicator.polarity],
        "unit": UNIT_WORDS[indicator.unit],
        "mark": "" if indicator.frequency.reported_by_year_or_term else WINDOW_MARKS[indicator.calculation.window],
        "key": indicator.key,
        "lead_officer": indicator.lead_officer,
        "tags": [indicator.tag_values.get(name.casefold(), "") for name in pack.definition.columns.tags],
        "data_owner": indicator.data_owner,
        "data_period": row.data_period.label,
        "sparkline": data_uri(sparkline(history_values, row.target)),
        "sparkline_alt": sparkline_alt(row),
        "periods": periods,
        "current": figure_view(row, current),
        "fraction": _fraction(row) if columns.numerator_denominator else "",
        "target": "" if row.target is None else row.indicator.show(row.target),
        "target_lines": _target_lines(row),
        "intervention": _intervention(indicator),
        "rag": {"rating": str(row.rag.rating), "word": row.rag.word, "explanation": row.rag.explanation},
        "direction": {
            "arrow": ARROWS[row.direction.movement],
            "movement": str(row.direction.movement),
            "judgement": str(row.direction.judgement),
            "word": row.direction.word,
            "explanation": row.direction.explanation,
        },
        "benchmarks": _benchmarks(row, columns.benchmarks),
        "commentary": row.commentary,
        # A commentary longer than about half a page may break across pages rather than leave a gap.
        "long": row.commentary is not None and len(row.commentary.text.split()) > LONG_COMMENTARY_WORDS,
    }


def _sparkline_values(row: IndicatorResult) -> list[float | None]:
    """The sparkline's points; a year-to-date count restarts each April, so its line breaks there."""
    values: list[float | None] = []
    for point in row.history:
        restarts = row.indicator.calculation.window is Window.YTD and point.period.label.startswith("Apr ")
        if restarts and values:
            values.append(None)
        values.append(point.figure.value if point.figure.available else None)
    return values


def _own_period(row: IndicatorResult, point: Point) -> str:
    """An annual or termly figure's own year or term ("2024-25", "Summer 2026"), shown under a quarter's heading
    so that last year's figure never passes for this quarter's."""
    if not row.indicator.frequency.reported_by_year_or_term or not point.figure.available:
        return ""
    own = window_of(row.indicator, point.period)[0] if point.figure is not row.headline else row.data_period
    return "" if own == point.period else own.label


def figure_view(row: IndicatorResult, figure: Any) -> dict[str, Any]:
    return {"text": display(row.indicator, figure), "available": figure.available, "reason": figure.reason}


def _fraction(row: IndicatorResult) -> str:
    figure = row.headline
    if not figure.available or figure.denominator is None or row.indicator.unit is Unit.RATE_PER_10K:
        return ""
    return f"{format_number(figure.numerator or 0, 0)} / {format_number(figure.denominator, 0)}"


def _intervention(indicator: Indicator) -> str:
    rule = indicator.rag
    return indicator.show(rule.intervention) if isinstance(rule, Intervention) else ""


def _target_lines(row: IndicatorResult) -> list[str]:
    """The target as the scorecard prints it: a value, a range, graded bands (one per line) or an aim."""
    rule = row.indicator.rag
    if rule.rule == "range":
        return [f"{row.indicator.show(rule.low)}-{row.indicator.show(rule.high)}"]
    if rule.rule == "bands":
        short = {"Outstanding": "O", "Good": "G", "Requires improvement": "RI", "Inadequate": "I"}
        return [f"{short.get(b.label, b.label)} {parse_band_range(b.range).text(b.range)}" for b in rule.bands]
    if rule.rule == "direction":
        return [rule.aim.capitalize()]
    if rule.rule == "thresholds":
        return [row.indicator.show(rule.green)]
    return [] if row.target is None else [row.indicator.show(row.target)]


def _benchmarks(row: IndicatorResult, wanted: list[Comparator]) -> list[dict[str, Any]]:
    found = {b.comparator: b for b in row.benchmarks}
    return [_benchmark_cell(row, found.get(comparator), comparator) for comparator in wanted]


def _benchmark_cell(row: IndicatorResult, benchmark: Benchmark | None, comparator: Comparator) -> dict[str, Any]:
    """A benchmark as printed: the value, its year, how many neighbours had a figure, better or worse."""
    cell: dict[str, Any] = {"label": COMPARATOR_LABELS[comparator], "text": "", "year": "", "neighbours": None,
                            "reason": ""}  # fmt: skip
    if benchmark is None:
        return cell
    cell["year"] = benchmark.year
    if benchmark.figure is None:
        text = benchmark.text
        judged = row.indicator.polarity is not Polarity.NONE
        if comparator is Comparator.BAND and text in ("Lower", "Higher") and judged:
            better = (text == "Higher") == (row.indicator.polarity is Polarity.HIGH)
            text += " (better)" if better else " (worse)"
        cell["text"] = text
    else:
        cell["text"] = display(row.indicator, benchmark.figure)
        cell["reason"] = benchmark.figure.note  # a DfE code's meaning ("no figure published (-)"), or empty
        counted = benchmark.neighbours
        cell["neighbours"] = counted if counted is not None and counted.counted != counted.of else None
    return cell


def glance(scorecard: Scorecard) -> dict[str, Any]:
    """The at-a-glance page: RAG counts per priority, what is red or worsening, and what improved."""
    counts = []
    for section in scorecard.sections:
        tally = {r.value: 0 for r in Rating}
        for row in section.rows:
            tally[row.rag.rating.value] += 1
        counts.append({"title": section.priority.title, "id": section.priority.id, "tally": tally})

    def concern(row: IndicatorResult) -> bool:
        return row.rag.rating is Rating.RED or row.direction.judgement is Judgement.WORSENING

    concerns = [r for r in scorecard.rows if concern(r)]
    improved = [r for r in scorecard.rows if r.direction.judgement is Judgement.IMPROVING and not concern(r)]

    def brief(row: IndicatorResult) -> dict[str, str]:
        return {
            "reference": row.indicator.reference,
            "title": row.indicator.title,
            "value": row.show(row.headline),
            "rag": row.rag.word,
            "rating": str(row.rag.rating),
            "direction": row.direction.word,
        }

    return {"counts": counts, "concerns": [brief(r) for r in concerns], "improved": [brief(r) for r in improved]}


def notes(scorecard: Scorecard) -> dict[str, Any]:
    """Footnotes and glossary generated from the indicators in this pack."""
    rows = scorecard.rows
    windows = sorted({r.indicator.calculation.window for r in rows if WINDOW_MARKS[r.indicator.calculation.window]})
    footnotes = [{"mark": WINDOW_MARKS[w], "words": WINDOW_WORDS[w]} for w in windows]
    rules = sorted({r.indicator.rag.rule for r in rows})
    sources = [(r.indicator.reference, r.indicator.source_note) for r in rows if r.indicator.source_note]
    benchmarks = [b for r in rows for b in r.benchmarks]
    benchmark_sources = sorted({b.source for b in benchmarks if b.source})
    averages = {(b.neighbours.average, b.neighbours.model) for b in benchmarks if b.neighbours is not None}
    return {
        "footnotes": footnotes,
        "rules": rules,
        "sources": sources,
        "benchmark_sources": benchmark_sources,
        "sn_averages": sorted(averages),
        "quartiles": any(b.quartiles is not None for b in benchmarks),
    }


def pack_context(
    scorecard: Scorecard, pack: Pack, info: BuildInfo, sparkline: Drawer = sparkline_png
) -> dict[str, Any]:
    """The names ``pack.html`` and the templates it includes receive (listed in the README)."""
    if not any(r.benchmarks for r in scorecard.rows):  # no benchmarks given: no empty benchmark columns
        columns = pack.definition.columns.model_copy(update={"benchmarks": []})
        pack = replace(pack, definition=pack.definition.model_copy(update={"columns": columns}))
    sections = [
        {
            "id": s.priority.id,
            "title": s.priority.title,
            "lead": s.priority.lead,
            "lead_role": s.priority.lead_role,
            "commentary": s.commentary,
            "rows": [row_view(r, pack, sparkline) for r in s.rows],
        }
        for s in _grouped(scorecard, pack.definition.group_by)
    ]
    return {
        "pack": pack.definition,
        "pack_name": pack.name,
        "period": scorecard.period.label,
        "info": info,
        "sections": sections,
        "period_labels": [label for label, _ in _period_headers(scorecard, pack)],
        "glance": glance(scorecard),
        "notes": notes(scorecard),
        "comparators": COMPARATOR_LABELS,
        "rule_words": RULE_WORDS,
    }


def _grouped(scorecard: Scorecard, tag: str | None) -> tuple[Section, ...]:
    """The scorecard's sections: its priorities, or one section per value of a council tag (in order of first
    appearance; rows without the tag last, as "Not tagged")."""
    if tag is None:
        return scorecard.sections
    groups: dict[str, list[IndicatorResult]] = {}
    for row in scorecard.rows:
        groups.setdefault(row.indicator.tag_values.get(tag.casefold(), ""), []).append(row)
    ordered = sorted(groups.items(), key=lambda item: item[0] == "")
    return tuple(
        Section(Priority(id="group-" + (re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or f"{n}"),
                         title=value or "Not tagged", order=n), None, tuple(rows))
        for n, (value, rows) in enumerate(ordered)
    )  # fmt: skip


def render_pack(
    scorecard: Scorecard,
    pack: Pack,
    info: BuildInfo,
    env: ImmutableSandboxedEnvironment,
    sparkline: Drawer = sparkline_png,
) -> str:
    context = pack_context(scorecard, pack, info, sparkline)
    context["theme_css"] = stylesheet(env, "theme.css")
    context["pack_css"] = stylesheet(env, "pack.css")
    log.info("render: %s, %d sections", pack.name, len(context["sections"]))
    return render(env, "pack.html", context)


def _period_headers(scorecard: Scorecard, pack: Pack) -> list[tuple[str, None]]:
    first = scorecard.rows[0] if scorecard.rows else None
    if first is None:
        return []
    if pack.definition.columns.layout == "year":
        return [("Outturn " + first.outturn_last_year.period.label, None)] + [
            (p.period.label, None) for p in first.year_quarters
        ]
    return [(p.period.label, None) for p in first.recent[-pack.definition.columns.recent_periods :]]
