"""RAG that survives grayscale: every pair of fills differs in lightness, the text on each fill is readable, and
the rating is always written in words, so neither colour nor its absence carries it alone."""

import datetime as dt
import itertools
import re

import pytest

from publisher.core.resources import default_dir
from publisher.engine.rules import Rating
from publisher.inputs.load import load
from publisher.inputs.packs import load_pack
from publisher.inputs.project import load_project
from publisher.output.build import pack_html
from publisher.output.messages import default_messages

# Four fills on a page run from near black to near white: (1.05 / 0.05) ** (1 / 3) = 2.76 is the most each
# neighbouring pair could differ, and text must still be readable on both ends; 1.8 keeps every pair apart in a
# photocopy (about 15 points of CIELAB lightness between neighbours) with room for a council's own shades.
FILL_CONTRAST = 1.8
TEXT_CONTRAST = 4.5  # WCAG 2.2 AA, normal text
FILLS = {Rating.RED: "red", Rating.AMBER: "amber", Rating.GREEN: "green", Rating.NOT_RATED: "none"}


@pytest.fixture(scope="module")
def board_html():
    loaded = load(load_project())
    pack = load_pack(loaded.project.packs_dir / "corporate-parenting-board.yaml", loaded.registry)
    return pack_html(loaded, pack, dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))


def relative_luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def theme() -> dict[str, str]:
    text = (default_dir("styles") / "theme.css").read_text(encoding="utf-8")
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\b", text))


@pytest.mark.parametrize(("one", "other"), list(itertools.combinations(FILLS, 2)))
def test_every_pair_of_fills_differs_in_lightness(one, other):
    colours = theme()
    ratio = contrast(colours[f"{FILLS[one]}-bg"], colours[f"{FILLS[other]}-bg"])
    assert ratio >= FILL_CONTRAST, f"{one} and {other} fills: {ratio:.2f}:1"


@pytest.mark.parametrize("rating", FILLS)
def test_text_on_every_fill_meets_wcag_aa(rating):
    colours = theme()
    ratio = contrast(colours[f"{FILLS[rating]}-bg"], colours[f"{FILLS[rating]}-ink"])
    assert ratio >= TEXT_CONTRAST, f"{rating}: {ratio:.2f}:1"


def test_the_checks_themselves_on_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes AA
    assert contrast("#ffe2a8", "#f6c4c4") < FILL_CONTRAST  # the old amber and red: one grey in a photocopy


def test_every_rating_uses_its_fill_and_ink():
    css = (default_dir("styles") / "pack.css").read_text(encoding="utf-8")
    for rating, name in FILLS.items():
        rule = re.search(rf"\.rag-{rating.value} \{{([^}}]*)\}}", css)
        assert rule and f"var(--{name}-bg)" in rule[1] and f"var(--{name}-ink)" in rule[1], rating


def test_every_rag_cell_and_chip_says_its_rating_in_words(board_html):
    cells = re.findall(r'<td class="rag rag-([a-z_]+)"[^>]*>([^<]*)</td>', board_html)
    chips = re.findall(r'<span class="chip rag-([a-z_]+)">([^<]*)</span>', board_html)
    assert len(cells) > 20 and chips
    bands = {"Outstanding", "Good", "Requires improvement", "Inadequate"}
    for rating, word in cells + chips:
        rated = word.split("\n")[0].strip()  # the SPC icons' lines may follow the rating
        assert rated in {default_messages().entries["rag"][Rating(rating)], *bands}, (rating, word)
    assert {rating for rating, _ in cells} == {r.value for r in Rating}  # every fill is on show in the demo
