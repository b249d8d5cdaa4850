"""SPC charts: an XmR chart per indicator, drawn with one reused matplotlib figure and kept on disk by what
they draw (as the sparklines are), so a rebuild after a commentary edit draws none.

Each segment (between rebases) has its own mean and process limits, with optional two-sigma lines; special
cause points are coloured and shaped by type (improvement a blue circle, concern an orange square, neither a
purple diamond; common cause small grey dots), so the chart reads in grayscale; the target is a dashed line.
Withheld points are not plotted, and a segment with one has no lines at all.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..core.files import write_atomic
from ..engine.model import IndicatorResult
from ..engine.spc import Spc, Variation
from .messages import default_messages, fill
from .sparkline import Drawer, SparklineCache
from .spc_view import icon, limits_values

log = logging.getLogger(__name__)

WIDTH_IN, HEIGHT_IN, DPI = 6.2, 2.1, 150
INK, GREY, TARGET = "#1b1b1b", "#8c8c8c", "#c00000"
MARKERS = {"improvement": ("o", "#0072C6"), "concern": ("s", "#FF6600"), "neither": ("D", "#8000C0")}
STYLE_VERSION = "1"


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart draws, as plain numbers: its cache key."""

    values: tuple[tuple[float, float, str], ...]  # x, value, family (common, improvement, concern, neither)
    lines: tuple[tuple[float, float, float, float, float], ...]  # per segment with limits: x0, x1, mean, lcl, ucl
    target: float | None
    two_sigma: bool
    ticks: tuple[tuple[float, str], ...]


def chart_spec(row: IndicatorResult, two_sigma: bool) -> ChartSpec | None:
    spc = row.spc
    if spc is None or not spc.chart:
        return None
    position = {p.period: n for n, p in enumerate(row.spc_series)}
    values, lines, ticks = [], [], []
    for segment in spc.segments:
        xs = [float(position[p.period]) for p in segment.points]
        for x, point in zip(xs, segment.points, strict=True):
            values.append((x, point.value, _family(point.variation)))
        if segment.limits is not None and xs:
            found = segment.limits
            lines.append((xs[0] - 0.4, xs[-1] + 0.4, found.mean, found.lower, found.upper))
        if xs:
            ticks.append((xs[0], segment.points[0].period.label))
    last = spc.latest.points[-1] if spc.latest.points else None
    if last is not None:
        ticks.append((float(position[last.period]), last.period.label))
    return ChartSpec(tuple(values), tuple(lines), row.target, two_sigma, tuple(dict(ticks).items()))


def _family(variation: Variation | None) -> str:
    if variation is None or variation is Variation.COMMON_CAUSE:
        return "common"
    return variation.value.split("_")[0]


@cache
def _chart() -> tuple[Any, Any, dict[str, Any]]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.patch.set_facecolor("white")
    axes = figure.add_axes((0.09, 0.16, 0.85, 0.8))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=7, length=2)
    artists = {
        "limits": axes.plot([], [], color=GREY, linewidth=0.9, linestyle=(0, (4, 2)))[0],
        "sigma": axes.plot([], [], color=GREY, linewidth=0.6, linestyle=(0, (1, 2)))[0],
        "mean": axes.plot([], [], color=INK, linewidth=0.9)[0],
        "target": axes.plot([], [], color=TARGET, linewidth=1.0, linestyle=(0, (6, 3)))[0],
        "line": axes.plot([], [], color=GREY, linewidth=0.9)[0],
        "common": axes.plot([], [], "o", color=GREY, markersize=2.2)[0],
    }
    for family, (marker, colour) in MARKERS.items():
        artists[family] = axes.plot([], [], marker, color=colour, markersize=4.2, markeredgecolor=INK,
                                    markeredgewidth=0.4)[0]  # fmt: skip
    return figure, axes, artists


def spc_chart_png(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes (no timestamps: the same spec gives the same bytes)."""
    from PIL import Image

    figure, axes, artists = _chart()
    artists["line"].set_data(*_joined(spec.values))
    for family in ("common", *MARKERS):
        shown = [(x, v) for x, v, f in spec.values if f == family]
        artists[family].set_data([x for x, _ in shown], [v for _, v in shown])
    artists["mean"].set_data(*_steps(spec.lines, (2,)))
    artists["limits"].set_data(*_steps(spec.lines, (3, 4)))
    sigma = [(x0, x1, m, m - (m - lo) * 2 / 3, m + (hi - m) * 2 / 3) for x0, x1, m, lo, hi in spec.lines]
    artists["sigma"].set_data(*(_steps(tuple(sigma), (3, 4)) if spec.two_sigma else ([], [])))
    right = max((x for x, _, _ in spec.values), default=1.0) + 0.5
    artists["target"].set_data(*(([-0.5, right], [spec.target] * 2) if spec.target is not None else ([], [])))
    bounds = [v for _, v, _ in spec.values] + [y for line in spec.lines for y in line[3:]]
    bounds += [spec.target] if spec.target is not None else []
    low, high = min(bounds), max(bounds)
    pad = max(high - low, abs(high) * 0.05, 1e-9) * 0.08
    axes.set_ylim(low - pad, high + pad)
    axes.set_xlim(-0.5, right)
    axes.set_xticks([x for x, _ in spec.ticks], [label for _, label in spec.ticks])
    figure.canvas.draw()
    image = Image.frombuffer("RGBA", figure.canvas.get_width_height(), figure.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=6)
    return buffer.getvalue()


def _joined(values: tuple[tuple[float, float, str], ...]) -> tuple[list[float], list[float]]:
    """The line through the points, broken where a period has no point (missing or withheld)."""
    xs: list[float] = []
    ys: list[float] = []
    for x, value, _ in values:
        if xs and x - xs[-1] > 1:
            xs.append(math.nan)
            ys.append(math.nan)
        xs.append(x)
        ys.append(value)
    return xs, ys


def _steps(lines: tuple[tuple[float, ...], ...], which: tuple[int, ...]) -> tuple[list[float], list[float]]:
    """Horizontal lines over each segment's span, one per value index in ``which``, broken between them."""
    xs: list[float] = []
    ys: list[float] = []
    for line in lines:
        for index in which:
            xs += [line[0], line[1], math.nan]
            ys += [line[index], line[index], math.nan]
    return xs, ys


ChartDrawer = Callable[[ChartSpec], bytes]


class ChartCache:
    """SPC charts on disk by a hash of their spec, beside the sparklines' cache."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.drawn = 0

    def __call__(self, spec: ChartSpec) -> bytes:
        key = json.dumps([STYLE_VERSION, WIDTH_IN, HEIGHT_IN, DPI, spec.values, spec.lines, spec.target,
                          spec.two_sigma, spec.ticks])  # fmt: skip
        path = self.folder / (digest := hashlib.sha256(key.encode("utf-8")).hexdigest())[:2] / f"{digest}.png"
        if path.is_file():
            return path.read_bytes()
        png = spc_chart_png(spec)
        try:
            write_atomic(path, png)
        except InputError:  # a read-only output folder only costs speed
            log.warning("spc charts: cannot keep %s in the cache", path.name)
        self.drawn += 1
        return png


def drawer_beside(sparkline: Drawer) -> ChartDrawer:
    """The SPC chart drawer for a build: cached next to the sparklines when they are cached, else direct."""
    if isinstance(sparkline, SparklineCache):
        return ChartCache(sparkline.folder.parent / "spc-charts")
    return spc_chart_png


def chart_alt(row: IndicatorResult, spc: Spc, words: Mapping[str, Any] | None = None) -> str:
    """The chart in words, written from the analysis: points, limits, target, special causes, the latest type."""
    latest = spc.latest
    assert latest.limits is not None and latest.points
    found = (words or default_messages().entries)["spc"]
    special = sum(1 for s in spc.segments for p in s.points if p.variation is not None and p.variation.special)
    first, last = latest.points[0], latest.points[-1]
    text = fill(
        found["chart_alt"], title=row.indicator.title, points=len(latest.points), first=first.period.label,
        last=last.period.label, special=special, latest=row.indicator.show(last.value), period=last.period.label,
        meaning=icon(last.variation, words)["meaning"] if last.variation else "", **limits_values(row, latest.limits),
    )  # fmt: skip
    if row.target is not None:
        text += " " + fill(found["chart_alt_target"], target=row.indicator.show(row.target))
    return text


def spc_charts(
    rows: tuple[IndicatorResult, ...], two_sigma: bool, draw: ChartDrawer, words: Mapping[str, Any] | None = None
) -> list[dict[str, str]]:
    """The charts of a priority's rows that have enough points: reference, title, image and alt text."""
    charts = []
    for row in rows:
        spec = chart_spec(row, two_sigma)
        if spec is None or row.spc is None:
            continue
        image = "data:image/png;base64," + base64.b64encode(draw(spec)).decode("ascii")
        alt = chart_alt(row, row.spc, words)
        charts.append({"reference": row.indicator.reference, "anchor": row.indicator.anchor,
                       "title": row.indicator.title, "image": image, "alt": alt})  # fmt: skip
    return charts
