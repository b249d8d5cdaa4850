"""Trend charts: a key indicator's last 13 months or 8 quarters with its target and benchmarks, as SVG bytes.

Members "would rather look than read", and a sparkline's auto-scaled axis makes 96, 97, 95 against a target of
96 look flat. A chart is larger, its value axis starts at zero unless the pack says otherwise (and then the
chart says so), the target is a dashed line (a target range a shaded band), the SN average and England are dotted
reference lines labelled at the right, their names spread apart and the drawing narrowed to fit the longest, and
the latest point carries its value. A withheld (suppressed) figure is never plotted: its value is
not in the data a public pack receives, and the caption says why the line has a gap.

Like the sparklines, one matplotlib Figure with its artists is made once per process and only the data changes
per chart; every text artist is made with mathtext parsing off, so a ``$`` in any label is drawn as a dollar
sign, never interpreted. A chart is SVG, not PNG like the sparklines: rasterising its text and encoding the
larger image cost two thirds of a PNG chart's time (about 15 ms against 7 ms as SVG), and on paper its lines
and text stay sharp. The SVG carries no date and fixed ids: the same data gives the same bytes.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..core.figures import Status
from ..core.vocab import ChartScope, Comparator
from ..engine.model import IndicatorResult, display
from ..inputs.packs import Charts, PackDefinition
from ..inputs.ragrules import Range
from .messages import fill
from .sparkline import DrawingCache, data_uri

__all__ = ["ChartData", "chart_svg"]

# Drawn at the size it is printed (91 x 46 mm), so that matplotlib's points are the paper's points.
WIDTH_IN, HEIGHT_IN, DPI = 3.6, 1.8, 72
LINE, TARGET, REFERENCE, GRID, INK, BAND = "#1d3557", "#6c757d", "#8a5a00", "#d5dbe1", "#1b1b1b", "#e3e7eb"
FONT_PT = 8  # ticks and labels; the chart's title and notes are the page's own text, in the caption
STYLE_VERSION = "5"  # part of the cache key: change it when the drawing changes
REFERENCE_SLOTS = 4  # target, target range, SN average, England
AXES_LEFT, AXES_BOTTOM, AXES_HEIGHT = 0.14, 0.16, 0.77  # in fractions of the figure
TICK_EM = 0.55  # a period label's width per character ("Sep 25", "Q3 24-25"), in ems of FONT_PT
NAME_EM = 0.62  # a reference name's width per character, in ems of FONT_PT (digits and capitals, generously)
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6}  # the latest value stays legible over a line
# The reference lines, each with its colour and dashes: the target, and the benchmarks drawn where the pack shows them.
STYLES = {"target": (TARGET, (0, (4, 2))), "range": (TARGET, "none"), Comparator.SN.value: (REFERENCE, (0, (1, 1.5))),
          Comparator.ENGLAND.value: (REFERENCE, (0, (5, 1.5, 1, 1.5)))}  # fmt: skip


@dataclass(frozen=True)
class ChartData:
    """Everything a chart draws, and nothing else: it is also the chart's cache key."""

    labels: tuple[str, ...]  # one per period, e.g. "Sep 26" or "Q2 26-27"
    values: tuple[float | None, ...]  # None: no figure (missing, withheld, not yet due) and not plotted
    latest: str  # the last plotted value as the pack prints it, e.g. "61.2%"
    references: tuple[tuple[str, str, float, str], ...]  # (kind, name, value, as printed): target, sn, england
    from_zero: bool
    unit: str  # the value axis's label
    not_from_zero: str  # what the chart says when its axis does not start at zero
    band: tuple[float, float] | None = None  # a target range, shaded (its name is the "range" reference)


ChartDrawer = Callable[[ChartData], bytes]


@cache
def _chart() -> dict[str, Any]:
    """The one reused figure and its artists (made on first use; matplotlib's import is slow).

    matplotlib's own tick machinery measured each tick label several times and cost two thirds of a chart, so
    the axes draw no ticks: the tick labels and grid lines are artists of their own, made once and reused.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import blended_transform_factory

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.patch.set_facecolor("white")
    axes = figure.add_axes((AXES_LEFT, AXES_BOTTOM, 0.60, AXES_HEIGHT))
    axes.xaxis.set_visible(False)
    axes.yaxis.set_visible(False)
    axes.patch.set_visible(False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines[["left", "bottom"]].set_color(TARGET)
    text: dict[str, Any] = {"fontsize": FONT_PT, "color": INK, "parse_math": False, "clip_on": False}
    along_x = blended_transform_factory(axes.transData, axes.transAxes)
    along_y = blended_transform_factory(axes.transAxes, axes.transData)
    return {
        "figure": figure,
        "axes": axes,
        "grid": axes.plot([], [], color=GRID, linewidth=0.5)[0],
        "band": axes.add_patch(Rectangle((0, 0), 0, 0, facecolor=BAND, edgecolor="none", zorder=0)),
        "line": axes.plot([], [], color=LINE, linewidth=1.4, marker="o", markersize=2.4)[0],
        "latest": axes.plot([], [], "o", color=LINE, markersize=4.5)[0],
        "references": [axes.plot([], [], linewidth=1.0)[0] for _ in range(REFERENCE_SLOTS)],
        "names": [axes.text(0, 0, "", va="center", ha="left", **text) for _ in range(REFERENCE_SLOTS)],
        "value": axes.text(0, 0, "", ha="right", va="bottom", fontweight="bold", bbox=LABEL_BOX, **text),
        "xlabels": [axes.text(0, -0.04, "", ha="center", va="top", transform=along_x, **text) for _ in range(5)],
        "ylabels": [axes.text(-0.03, 0, "", ha="right", va="center", transform=along_y, **text) for _ in range(7)],
        "unit": axes.text(-0.2, 0.5, "", ha="center", va="center", rotation=90, transform=axes.transAxes, **text),
        "zero": figure.text(0.01, 0.01, "", fontsize=FONT_PT, color=INK, style="italic", parse_math=False),
    }


def chart_svg(data: ChartData) -> bytes:
    """The chart as SVG, its text as text: sharp on paper, and the same data gives the same bytes."""
    import matplotlib

    parts = _chart()
    _draw(parts, data)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": STYLE_VERSION}):
        parts["figure"].savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _draw(parts: dict[str, Any], data: ChartData) -> None:
    """Set the reused artists to this chart's data; a period with no figure leaves a gap in the line."""
    axes = parts["axes"]
    width = _axes_width(data)
    axes.set_position((AXES_LEFT, AXES_BOTTOM, width, AXES_HEIGHT))
    points = [math.nan if v is None else float(v) for v in data.values]
    xs = list(range(len(points)))
    parts["line"].set_data(xs, points)
    plotted = [i for i in xs if not math.isnan(points[i])]
    last = plotted[-1:]
    parts["latest"].set_data(last, [points[i] for i in last])
    low, high = _value_range(data, [points[i] for i in plotted])
    axes.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    axes.set_ylim(low, high)
    _period_ticks(parts["xlabels"], data.labels, width * WIDTH_IN * DPI)
    _value_ticks(parts, low, high, len(points))
    _references(parts, data, len(points), low, high)
    value = parts["value"]
    value.set_visible(bool(last))
    if last:
        value.set_position((last[0] + 0.2, points[last[0]] + (high - low) * 0.05))
        value.set_text(data.latest)
    parts["unit"].set_text(data.unit)
    parts["zero"].set_text("" if data.from_zero else data.not_from_zero)


def _axes_width(data: ChartData) -> float:
    """The drawing's width, leaving room at the right for the longest reference name ("England 90.0%" was cut)."""
    longest = max((len(f"{name} {printed}") for _, name, _, printed in data.references), default=0)
    room = (longest * NAME_EM * FONT_PT + 2 * FONT_PT) / (WIDTH_IN * DPI)
    return min(0.70, 1 - AXES_LEFT - room)


def _value_range(data: ChartData, plotted: list[float]) -> tuple[float, float]:
    """The value axis: from zero (or from just below the lowest figure) to a little above the highest."""
    shown = plotted + [value for _, _, value, _ in data.references] + list(data.band or ())
    if not shown:
        return 0.0, 1.0
    top, bottom = max(shown), min(shown)
    if data.from_zero and bottom >= 0:
        return 0.0, (top or 1.0) * 1.18
    span = max(top - bottom, abs(top) * 0.05, 1e-9)
    return bottom - span * 0.15, top + span * 0.25


def _period_ticks(texts: list[Any], labels: tuple[str, ...], width: float) -> None:
    """As many period labels as fit the drawing's ``width`` (in points; five at most): the first, the last and
    evenly between, so they never overlap ("Q3 24-25Q1 25-26" ran together)."""
    longest = max(map(len, labels), default=1)
    fits = max(2, min(len(texts), int(width // (longest * TICK_EM * FONT_PT + FONT_PT / 2))))
    step = max(1, math.ceil((len(labels) - 1) / (fits - 1)))
    positions = sorted({*range(0, len(labels), step), len(labels) - 1}) if labels else []
    if len(positions) > 2 and positions[-1] - positions[-2] < step:
        positions.pop(-2)
    for n, text in enumerate(texts):
        text.set_visible(n < len(positions))
        if n < len(positions):
            text.set_x(positions[n])
            text.set_text(labels[positions[n]])


def _value_ticks(parts: dict[str, Any], low: float, high: float, count: int) -> None:
    """Round values up the value axis, each with a light grid line across."""
    from matplotlib.ticker import MaxNLocator

    ticks = [t for t in MaxNLocator(4).tick_values(low, high) if low <= t <= high]
    grid: list[float] = []
    for n, text in enumerate(parts["ylabels"]):
        text.set_visible(n < len(ticks))
        if n < len(ticks):
            text.set_y(ticks[n])
            text.set_text(f"{ticks[n]:,.10g}")
            grid += [ticks[n], ticks[n], math.nan]
    parts["grid"].set_data([-0.5, count - 0.5, math.nan] * len(ticks), grid)


def _references(parts: dict[str, Any], data: ChartData, count: int, low: float, high: float) -> None:
    """Target and benchmarks as horizontal lines (a target range as a shaded band), each named at the right with
    its value, names kept a line apart and within the axis."""
    placed = _spread([value for _, _, value, _ in data.references], low, high)
    band = parts["band"]
    band.set_visible(data.band is not None)
    if data.band is not None:
        band.set_bounds(-0.5, data.band[0], count, data.band[1] - data.band[0])
    for n, (line, name) in enumerate(zip(parts["references"], parts["names"], strict=True)):
        shown = n < len(data.references)
        name.set_visible(shown)
        if not shown:
            line.set_data([], [])
            continue
        kind, label, value, printed = data.references[n]
        colour, dashes = STYLES[kind]
        line.set_data([-0.5, count - 0.5] if dashes != "none" else [], [value, value] if dashes != "none" else [])
        line.set_color(colour)
        line.set_linestyle(dashes)
        name.set_position((count - 0.3, placed[n]))
        name.set_text(f"{label} {printed}")
        name.set_color(colour)


def _spread(values: list[float], low: float, high: float) -> list[float]:
    """Where each name goes: at its line, moved the least that keeps names a line apart (a tenth of the axis:
    four names fit) and within the axis, so none overlaps another nor is cut off at the top or bottom."""
    gap = (high - low) * 0.1
    order = sorted(range(len(values)), key=lambda n: values[n])
    ys = [values[n] for n in order]
    for n in range(len(ys)):  # from the lowest up, each at least a line above the one below
        ys[n] = max(ys[n], low, ys[n - 1] + gap if n else low)
    for n in reversed(range(len(ys))):  # then from the top down, under the top of the axis
        ys[n] = min(ys[n], high, ys[n + 1] - gap if n + 1 < len(ys) else high)
    placed = [0.0] * len(values)
    for n, y in zip(order, ys, strict=True):
        placed[n] = y
    return placed


class ChartCache(DrawingCache):
    """The charts of a build, cached on disk like the sparklines."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, [STYLE_VERSION, WIDTH_IN, HEIGHT_IN], suffix=".svg")

    def __call__(self, data: ChartData) -> bytes:
        return self.fetch(asdict(data), lambda: chart_svg(data))


def wanted(row: IndicatorResult, charts: Charts) -> bool:
    """Whether the pack asks for this indicator's chart."""
    return charts.show is ChartScope.ALL or (charts.show is ChartScope.KEY and row.indicator.key)


def chart_data(row: IndicatorResult, definition: PackDefinition, words: Mapping[str, Any]) -> ChartData:
    """The chart of a row: its history, the target, and the SN average and England where the pack shows them."""
    values = tuple(p.figure.value if p.figure.available else None for p in row.history)
    shown = [p for p in row.history if p.figure.available]
    names = words["chart"]
    references = []
    if row.target is not None:
        references.append(("target", names["target"], row.target, row.indicator.show(row.target)))
    rule, band = row.indicator.rag, None
    if isinstance(rule, Range):
        band = (rule.low, rule.high)
        printed = f"{row.indicator.show(rule.low)}-{row.indicator.show(rule.high)}"
        references.append(("range", names["target"], (rule.low + rule.high) / 2, printed))
    for benchmark in row.benchmarks:
        kind = str(benchmark.comparator)
        drawn = kind in STYLES and benchmark.comparator in definition.columns.benchmarks
        if drawn and benchmark.figure is not None and benchmark.figure.value is not None:
            references.append((kind, names[kind], benchmark.figure.value, display(row.indicator, benchmark.figure)))
    return ChartData(
        labels=tuple(_short(p.period.label) for p in row.history),
        values=values,
        latest=row.show(shown[-1].figure) if shown else "",
        references=tuple(references),
        from_zero=definition.charts.from_zero,
        unit=words["unit"][row.indicator.unit],
        not_from_zero=names["not_from_zero"],
        band=band,
    )


def _short(label: str) -> str:
    """"Sep 2026" -> "Sep 26", "Q2 2026-27" -> "Q2 26-27": the axis has room for five short labels."""
    return re.sub(r"\b20(\d\d)\b", r"\1", label)


def chart_notes(row: IndicatorResult, data: ChartData, words: Mapping[str, Any]) -> list[str]:
    """What a reader must be told about the chart: withheld or missing figures, and an axis not from zero."""
    notes = []
    withheld = sum(p.figure.status is Status.SUPPRESSED for p in row.history)
    if withheld:
        notes.append(fill(words["chart"]["withheld"], count=withheld))
    gaps = sum(v is None for v in data.values) - withheld
    if gaps:
        notes.append(fill(words["chart"]["gaps"], count=gaps))
    if not data.from_zero:
        notes.append(words["chart"]["axis_note"])
    return notes


def chart_view(row: IndicatorResult, definition: PackDefinition, draw: ChartDrawer, trend_words: str,
               words: Mapping[str, Any]) -> dict[str, Any] | None:  # fmt: skip
    """The chart as the templates receive it (``image``, ``alt``, ``notes``), or None when not asked for."""
    if not wanted(row, definition.charts):
        return None
    data = chart_data(row, definition, words)
    notes = chart_notes(row, data, words)
    marks = "; ".join(f"{name} {printed}" for _, name, _, printed in data.references)
    alt = fill(words["chart"]["alt"], reference=row.indicator.reference, first=row.history[0].period.label,
               last=row.history[-1].period.label, trend=trend_words)  # fmt: skip
    alt += (" " + fill(words["chart"]["lines"], lines=marks) if marks else "") + "".join(" " + n for n in notes)
    return {"image": data_uri(draw(data), "image/svg+xml"), "alt": alt, "notes": notes}
