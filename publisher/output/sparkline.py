"""Sparklines: one small matplotlib chart per indicator, the same style everywhere, as compact PNG bytes.

One matplotlib Figure with its lines is made once per process and only the data changes per chart (clearing
the axes or a new pyplot figure per chart costs several times more). Missing periods are gaps; suppressed
points are not plotted; the reporting period's point is marked; a target is a dashed line. The PNG is encoded
without timestamps, so the same data always gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import math
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from ..core.errors import InputError
from ..core.files import write_atomic

__all__ = ["sparkline_png"]

log = logging.getLogger(__name__)

Drawer = Callable[[Sequence[float | None], float | None], bytes]

# Drawn 1.25 in wide and printed 25 mm wide: 160 dpi here is about 200 dpi on paper, and keeps the PDF small.
WIDTH_IN, HEIGHT_IN, DPI = 1.25, 0.36, 160
LINE, MARK, TARGET = "#1d3557", "#1d3557", "#6c757d"
STYLE_VERSION = "2"  # part of the cache key: change it when the drawing changes


@cache
def _chart():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.patch.set_alpha(0)
    axes = figure.add_axes((0.03, 0.1, 0.94, 0.8))
    axes.set_axis_off()
    (target,) = axes.plot([], [], color=TARGET, linewidth=0.8, linestyle=(0, (3, 2)))
    (line,) = axes.plot([], [], color=LINE, linewidth=1.1, solid_capstyle="round")
    (singles,) = axes.plot([], [], "o", color=LINE, markersize=1.6)
    (last,) = axes.plot([], [], "o", color=MARK, markersize=3.2)
    (latest,) = axes.plot(
        [], [], "o", markerfacecolor="white", markeredgecolor=MARK, markersize=3.2, markeredgewidth=0.8
    )
    return figure, axes, line, singles, last, latest, target


def sparkline_png(values: Sequence[float | None], target: float | None = None) -> bytes:
    """A PNG of the values in order; ``None`` (missing or suppressed) leaves a gap."""
    from PIL import Image

    figure, axes, line, singles, last, latest, target_line = _chart()
    points = [math.nan if v is None else float(v) for v in values]
    known = [v for v in points if not math.isnan(v)]
    xs = list(range(len(points)))
    axes.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    line.set_data(xs, points)
    isolated = [i for i in xs if not math.isnan(points[i]) and _isolated(points, i)]
    singles.set_data(isolated, [points[i] for i in isolated])
    marked = points and not math.isnan(points[-1])  # the reporting period, only when it has a figure
    last.set_data([len(points) - 1] if marked else [], [points[-1]] if marked else [])
    # With no figure for the reporting period, a hollow marker shows where the line stops.
    ends = [i for i in xs if not math.isnan(points[i])][-1:] if not marked else []
    latest.set_data(ends, [points[i] for i in ends])
    target_line.set_data(
        [-1, len(points)] if target is not None else [], [target, target] if target is not None else []
    )
    bounds = known + ([target] if target is not None else [])
    low, high = (min(bounds), max(bounds)) if bounds else (0.0, 1.0)
    # A small wobble in a large number should not look like a swing: the scale spans at least a tenth of it.
    middle, span = (low + high) / 2, max(high - low, max(abs(low), abs(high)) * 0.1, 1e-9)
    axes.set_ylim(middle - span * 0.65, middle + span * 0.65)
    figure.canvas.draw()
    image = Image.frombuffer("RGBA", figure.canvas.get_width_height(), figure.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=6)
    return buffer.getvalue()


def _isolated(points: list[float], i: int) -> bool:
    """A point with gaps on both sides draws no line, so it gets a dot."""
    before = i == 0 or math.isnan(points[i - 1])
    after = i == len(points) - 1 or math.isnan(points[i + 1])
    return before and after


def data_uri(image: bytes, kind: str = "image/png") -> str:
    """An image as a ``data:`` URI: the HTML stands alone and the PDF fetches nothing."""
    return f"data:{kind};base64," + base64.b64encode(image).decode("ascii")


class DrawingCache:
    """Drawings kept on disk by a hash of everything drawn, so a rebuild after a commentary edit draws none
    and a corrected value redraws only that indicator's chart. Sparklines and trend charts share it, each in
    its own folder with its own style key."""

    def __init__(self, folder: Path, style: Sequence[object] = (), suffix: str = ".png") -> None:
        self.folder = folder
        self.style = list(style)
        self.suffix = suffix
        self.drawn = 0
        self.reused = 0

    def fetch(self, what: object, draw: Callable[[], bytes]) -> bytes:
        """The drawing of ``what`` (anything JSON can write) from the cache, or ``draw()`` kept there."""
        key = json.dumps([*self.style, what])
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        path = self.folder / digest[:2] / f"{digest}{self.suffix}"
        if path.is_file():
            self.reused += 1
            return path.read_bytes()
        drawn = draw()
        try:
            write_atomic(path, drawn)
        except InputError:  # a cache that cannot be written (a read-only output folder) only costs speed
            log.warning("%s: cannot keep %s in the cache", self.folder.name, path.name)
        self.drawn += 1
        return drawn


class SparklineCache(DrawingCache):
    """The sparklines of a build, cached (see :class:`DrawingCache`)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, [STYLE_VERSION, WIDTH_IN, HEIGHT_IN, DPI])

    def __call__(self, values: Sequence[float | None], target: float | None = None) -> bytes:
        return self.fetch([list(values), target], lambda: sparkline_png(values, target))
