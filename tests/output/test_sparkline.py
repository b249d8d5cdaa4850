"""What a sparkline shows, read back pixel by pixel at hand-worked places.

The image is 200 x 57 pixels; the plotting area runs from x 6 to 194 and y 5.7 to 51.3. With n periods, period i
sits at x = 6 + (i + 0.5) / n * 188; a value v at y = 5.7 + (0.5 - (v - middle) / (1.3 * span)) * 45.6, where the
scale's middle and span are those of the figures and the target (a span of at least a tenth of the largest).
"""

from __future__ import annotations

import io

from PIL import Image

from publisher.output.sparkline import sparkline_png

NAVY, GREY, WHITE = (29, 53, 87), (108, 117, 125), (255, 255, 255)


def _pixels(values, target=None):
    image = Image.open(io.BytesIO(sparkline_png(values, target)))
    assert image.size == (200, 57) and image.mode == "RGBA"
    return image.load()


def _is(pixel, colour):
    return pixel[3] == 255 and all(abs(a - b) <= 2 for a, b in zip(pixel, colour, strict=False))


def test_a_gap_leaves_its_period_empty_and_a_lone_figure_gets_a_dot():
    # [1, None, 3, 4]: x 29.5, 76.5, 123.5, 170.5; middle 2.5, span 3: y(1) 46.0, y(3) 22.7, y(4) 11.0
    pixels = _pixels([1, None, 3, 4])
    assert _is(pixels[29, 46], NAVY)  # the figure alone between the start and a gap: a dot
    assert all(pixels[76, y][3] == 0 for y in range(57))  # nothing drawn at the missing period
    assert _is(pixels[147, 16], NAVY)  # the line from 3 to 4, halfway: (147, 16.8)
    assert _is(pixels[170, 11], NAVY)  # the reporting period's filled marker


def test_no_figure_for_the_reporting_period_leaves_a_hollow_marker_where_the_line_stops():
    # [1, 3, None]: x 37.3, 100.0, 162.7; middle 2, span 2: y(3) 11.0
    pixels = _pixels([1, 3, None])
    assert _is(pixels[100, 11], WHITE)  # the hole
    assert _is(pixels[103, 11], NAVY)  # the ring, 2.7 to 4.4 pixels from the centre
    assert all(pixels[162, y][3] == 0 for y in range(57))  # nothing at the reporting period


def test_the_target_is_a_dashed_grey_line_at_its_value():
    # [1, 2, 3, 4] with a target of 2.5, the middle of the scale: y 28.5; dashes 5.3 pixels long, gaps 3.6
    row = [_pixels([1, 2, 3, 4], 2.5)[x, 28] for x in range(6, 194)]
    assert sum(_is(p, GREY) for p in row) > 80 and sum(p[3] == 0 for p in row) > 40
    assert all(p[3] == 0 for p in (_pixels([1, 2, 3, 4], 2.5)[x, 28] for x in (2, 197)))  # inside the area only


def test_a_small_wobble_in_a_large_figure_stays_near_the_middle():
    # [1000, 1001]: the span is a tenth of 1001, so the two figures are 0.01 of the scale apart, 0.35 pixels
    pixels = _pixels([1000, 1001])
    assert _is(pixels[100, 28], NAVY) and all(pixels[100, y][3] == 0 for y in (20, 36))


def test_no_figures_draw_nothing():
    pixels = _pixels([None, None])
    assert all(pixels[x, y][3] == 0 for x in range(200) for y in range(57))


def test_a_value_that_is_not_a_finite_number_is_a_gap():
    assert sparkline_png([1, float("nan"), 3, float("inf")]) == sparkline_png([1, None, 3, None])
