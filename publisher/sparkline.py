"""Sparklines: one small matplotlib chart per indicator, the same style everywhere, as compact PNG bytes.

One matplotlib Figure is reused for every chart in the process (a new pyplot figure per chart costs ~5x).
Missing periods are gaps; suppressed points are not plotted; the last point is marked; a target is a dashed
line. Output is deterministic (no timestamps or software tags in the PNG).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from functools import cache

WIDTH_IN, HEIGHT_IN, DPI = 1.25, 0.36, 200
LINE, MARK, TARGET = "#1d3557", "#1d3557", "#6c757d"


@cache
def _canvas():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.03, 0.1, 0.94, 0.8))
    return figure, axes


def sparkline_png(values: Sequence[float | None], target: float | None = None) -> bytes:
    """A PNG of the values in order; ``None`` (missing or suppressed) leaves a gap."""
    figure, axes = _canvas()
    axes.clear()
    axes.set_axis_off()
    points = [math.nan if v is None else v for v in values]
    known = [(i, v) for i, v in enumerate(points) if not math.isnan(v)]
    axes.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    if known:
        lows = [v for _, v in known] + ([target] if target is not None else [])
        low, high = min(lows), max(lows)
        pad = (high - low) * 0.15 or max(abs(high) * 0.1, 1.0)
        axes.set_ylim(low - pad, high + pad)
        axes.plot(range(len(points)), points, color=LINE, linewidth=1.1, solid_capstyle="round")
        singles = [(i, v) for i, v in known if _isolated(points, i)]
        if singles:
            axes.plot([i for i, _ in singles], [v for _, v in singles], "o", color=LINE, markersize=1.6)
        if not math.isnan(points[-1]):  # mark the reporting period only when it has a figure
            axes.plot([len(points) - 1], [points[-1]], "o", color=MARK, markersize=3.2)
        if target is not None:
            axes.axhline(target, color=TARGET, linewidth=0.8, linestyle=(0, (3, 2)))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, transparent=True, metadata={"Software": None})
    return buffer.getvalue()


def _isolated(points: list[float], i: int) -> bool:
    """A point with gaps on both sides draws no line, so it gets a dot."""
    before = i == 0 or math.isnan(points[i - 1])
    after = i == len(points) - 1 or math.isnan(points[i + 1])
    return before and after
