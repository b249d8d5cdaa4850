"""Sparklines: one small chart per indicator, the same style everywhere, as compact PNG bytes.

Drawn with Pillow (WeasyPrint's own image library) at four times the size and reduced, which smooths the edges as
a chart library would, in about a millisecond, with nothing more to import: matplotlib's import alone was a sixth
of a small pack's build. Missing periods are gaps; suppressed points are not plotted; the reporting period's point
is marked; a target is a dashed line. The PNG has no timestamps, so the same data always gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import InputError
from ..core.files import write_atomic

__all__ = ["sparkline_png"]

if TYPE_CHECKING:
    from PIL import ImageDraw

log = logging.getLogger(__name__)

Drawer = Callable[[Sequence[float | None], float | None], bytes]

# Drawn 1.25 x 0.36 in at 160 dpi and printed 20 mm wide: about 250 dpi on paper, and a small PDF.
WIDTH, HEIGHT, DPI = 200, 57, 160
LINE, TARGET, HOLLOW = (29, 53, 87), (108, 117, 125), (255, 255, 255)  # #1d3557, #6c757d, white
STYLE_VERSION = "3"  # part of the cache key: change it when the drawing changes
SCALE = 4  # drawn this many times larger, then reduced: the edges' smoothing
POINT = DPI / 72 * SCALE  # one printer's point in drawing pixels
# The plotting area inside the image (fractions of it, from the left and from the top) and the x range around
# the points: half a period of room at each end.
LEFT, RIGHT, TOP, BOTTOM = 0.03, 0.97, 0.1, 0.9
LINE_WIDTH, TARGET_WIDTH, DASH, GAP = 1.1 * POINT, 0.8 * POINT, 2.4 * POINT, 1.6 * POINT
DOT, MARKER, RING, RING_HOLE = 2.6 * POINT, 4.2 * POINT, 4.0 * POINT, 2.4 * POINT  # outer diameters


def sparkline_png(values: Sequence[float | None], target: float | None = None) -> bytes:
    """A PNG of the values in order; ``None`` (missing or suppressed) leaves a gap, as would a value that is not
    a finite number."""
    from PIL import Image, ImageDraw

    points = [float(v) if v is not None and math.isfinite(v) else None for v in values]
    place = _placing(points, target)
    size = (WIDTH * SCALE, HEIGHT * SCALE)
    target_mask, line_mask, hollow_mask = (Image.new("L", size) for _ in range(3))
    if target is not None:
        _dashes(ImageDraw.Draw(target_mask), *place(-1, target))
    line = ImageDraw.Draw(line_mask)
    for run in _runs(points):
        xy = [place(i, value) for i, value in run]
        if len(xy) == 1:
            _disc(line, xy[0], DOT)  # a point with gaps on both sides draws no line, so it gets a dot
            continue
        line.line(xy, fill=255, width=round(LINE_WIDTH), joint="curve")
        for end in (xy[0], xy[-1]):
            _disc(line, end, LINE_WIDTH)  # round ends
    known = [(i, v) for i, v in enumerate(points) if v is not None]
    if known and known[-1][0] == len(points) - 1:
        _disc(line, place(*known[-1]), MARKER)  # the reporting period's figure
    elif known:  # no figure for the reporting period: a hollow marker shows where the line stops
        _disc(line, place(*known[-1]), RING)
        _disc(ImageDraw.Draw(hollow_mask), place(*known[-1]), RING_HOLE)
    image = Image.new("RGBA", (WIDTH, HEIGHT), (*LINE, 0))
    for colour, mask in ((TARGET, target_mask), (LINE, line_mask), (HOLLOW, hollow_mask)):
        layer = Image.new("RGBA", (WIDTH, HEIGHT), (*colour, 0))
        layer.putalpha(mask.reduce(SCALE))
        image = Image.alpha_composite(image, layer)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=6)
    return buffer.getvalue()


def _placing(points: list[float | None], target: float | None) -> Callable[[int, float], tuple[float, float]]:
    """Where period ``i``'s ``value`` goes, in drawing pixels: the points spread across the width, the scale
    fitted to the figures and the target, and at least a tenth of their size (a small wobble in a large number
    should not look like a swing)."""
    bounds = [v for v in points if v is not None] + ([target] if target is not None else [])
    low, high = (min(bounds), max(bounds)) if bounds else (0.0, 1.0)
    middle, span = (low + high) / 2, max(high - low, max(abs(low), abs(high)) * 0.1, 1e-9)
    first, periods = -0.5, max(len(points), 1)
    left, width = LEFT * WIDTH * SCALE, (RIGHT - LEFT) * WIDTH * SCALE
    top, height = TOP * HEIGHT * SCALE, (BOTTOM - TOP) * HEIGHT * SCALE

    def place(i: int, value: float) -> tuple[float, float]:
        return left + (i - first) / periods * width, top + (0.5 - (value - middle) / (span * 1.3)) * height

    return place


def _runs(points: list[float | None]) -> list[list[tuple[int, float]]]:
    """The periods and figures in unbroken runs: a line joins each run, and a gap separates them."""
    runs: list[list[tuple[int, float]]] = []
    for i, value in enumerate(points):
        if value is None:
            continue
        if runs and runs[-1][-1][0] == i - 1:
            runs[-1].append((i, value))
        else:
            runs.append([(i, value)])
    return runs


def _disc(draw: ImageDraw.ImageDraw, centre: tuple[float, float], diameter: float) -> None:
    x, y, r = centre[0], centre[1], diameter / 2
    draw.ellipse((x - r, y - r, x + r, y + r), fill=255)


def _dashes(draw: ImageDraw.ImageDraw, start: float, y: float) -> None:
    """The target's dashed line across the plotting area, its dashes counted from a period before the first."""
    left, right = LEFT * WIDTH * SCALE, RIGHT * WIDTH * SCALE
    half = TARGET_WIDTH / 2
    x = start
    while x < right:
        a, b = max(x, left), min(x + DASH, right)
        if b > a:
            draw.rectangle((a, y - half, b, y + half), fill=255)
        x += DASH + GAP


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
        super().__init__(folder, [STYLE_VERSION, WIDTH, HEIGHT, DPI])

    def __call__(self, values: Sequence[float | None], target: float | None = None) -> bytes:
        return self.fetch([list(values), target], lambda: sparkline_png(values, target))
