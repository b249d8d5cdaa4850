"""The HTML pack in a real browser (headless Chromium): nothing runs off a phone's screen (390 CSS pixels) or a
tablet's (768, 1024), the desktop page (1280) is laid out as before, and axe-core finds no accessibility
violation at 390 or 1280. "Nothing runs off" is every element's box and every line of text.

Skipped only when Chromium or axe-core is missing outside CI (``make test`` installs both); under CI=true a
missing browser is a failure, so CI cannot pass without running them. PUBLISHER_SCREENSHOTS=DIR keeps a PNG of
each page at each width there, to look at.
"""

import datetime as dt
import os
from pathlib import Path

import pytest

from publisher.inputs.load import load
from publisher.inputs.packs import load_pack, pack_files
from publisher.inputs.project import load_project
from publisher.output.build import pack_html

from .browser import Browser, axe_source, chromium

BUILT_AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
WIDTHS = (390, 1280)  # a phone (iPhone 12 to 15) and a laptop: nothing cut off, and axe-core at both
TABLETS = (768, 1024)  # held upright and sideways: the widest cards, and the narrowest the cards cover


def _needed() -> tuple[str, Path]:
    executable, axe = chromium(), axe_source()
    missing = [what for what, found in (("chromium", executable), ("axe-core (npm, by make test)", axe)) if not found]
    if missing:
        reason = f"{' and '.join(missing)} not installed: run 'make test', which installs them"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (under CI=true the browser tests must run)")
        pytest.skip(reason)
    assert executable and axe
    return executable, axe


@pytest.fixture(scope="module")
def browser():
    executable, _ = _needed()
    opened = Browser(executable)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Every demo pack's HTML, as build writes it (no PDF needed)."""
    loaded = load(load_project())
    folder = tmp_path_factory.mktemp("html")
    written = {}
    for path in pack_files(loaded.project.packs_dir):
        pack = load_pack(path, loaded.registry)
        written[pack.name] = folder / f"{pack.name}.html"
        written[pack.name].write_text(pack_html(loaded, pack, BUILT_AT), encoding="utf-8")
    return written


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["corporate-parenting-board", "safeguarding-partnership", "scrutiny-overview"])
def test_nothing_is_cut_off_and_axe_finds_nothing(browser, pages, name, width):
    browser.open(pages[name], width)
    found = browser.overflow()
    assert found["width"] == width
    assert found["scrollWidth"] <= width, found
    assert found["count"] == 0, found["over"]
    cut = browser.evaluate("[...document.querySelectorAll('.rag')].filter(e => e.scrollWidth > e.clientWidth)"
                           ".map(e => e.textContent)")  # fmt: skip
    assert cut == [], "a RAG word runs past its fill"
    violations = browser.axe(axe_source() or Path())
    assert violations == [], violations
    if keep := os.environ.get("PUBLISHER_SCREENSHOTS"):
        browser.screenshot(Path(keep) / f"{name}-{width}.png")


@pytest.mark.parametrize("width", TABLETS)
@pytest.mark.parametrize("name", ["corporate-parenting-board", "safeguarding-partnership", "scrutiny-overview"])
def test_nothing_is_cut_off_on_a_tablet(browser, pages, name, width):
    browser.open(pages[name], width)
    found = browser.overflow()
    assert found["scrollWidth"] <= width and found["count"] == 0, found["over"]


def test_a_scorecard_row_is_a_card_on_a_phone_and_a_table_row_on_a_laptop(browser, pages):
    """Cards at 390 px: every figure is labelled with its column's heading; at 1280 px the table is a table."""
    script = """(() => {
      const row = document.querySelector('tr.figures');
      const rag = row.querySelector('td.rag');
      return {display: getComputedStyle(row).display, head: getComputedStyle(document.querySelector('.scorecard thead')).display,
              label: getComputedStyle(rag, '::before').content, ragWidth: rag.getBoundingClientRect().width};
    })()"""
    browser.open(pages["scrutiny-overview"], 390)
    phone = browser.evaluate(script)
    assert phone["display"] == "grid" and phone["head"] == "none" and phone["label"] == '"RAG and SPC"'
    browser.open(pages["scrutiny-overview"], 1280)
    laptop = browser.evaluate(script)
    assert laptop["display"] == "table-row" and laptop["head"] == "table-header-group" and laptop["label"] == "none"


def test_a_long_unbroken_word_in_commentary_does_not_widen_the_page(browser, tmp_path, pages):
    """A pasted link or reference with no spaces wraps inside its card instead of pushing the page wider."""
    html = pages["scrutiny-overview"].read_text(encoding="utf-8")
    long_word = "https://example.org/" + "a" * 300
    marker = '<p class="byline">'
    page = tmp_path / "long.html"
    page.write_text(html.replace(marker, f"<p>{long_word}</p>{marker}", 1), encoding="utf-8")
    browser.open(page, 390)
    found = browser.overflow()
    assert found["scrollWidth"] <= 390 and found["count"] == 0, found["over"]


def test_the_summary_lists_stack_on_a_phone_and_sit_side_by_side_on_a_laptop(browser, pages):
    """At a glance: three lists of 90 px each were unreadable on a phone; below 40em they take the full width."""
    widths = """[...document.querySelectorAll('.glance-list')].map(e => Math.round(e.getBoundingClientRect().width))"""
    columns = "getComputedStyle(document.querySelector('.glance-lists')).columnCount"
    browser.open(pages["corporate-parenting-board"], 390)
    assert all(width > 300 for width in browser.evaluate(widths)) and browser.evaluate(columns) == "1"
    browser.open(pages["corporate-parenting-board"], 1280)
    assert browser.evaluate(columns) == "3"  # the lists run on in three columns, as on paper
