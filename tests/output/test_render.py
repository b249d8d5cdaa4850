"""Templates, safe Markdown, the fetch sandbox, sparklines and small snapshot fragments."""

import datetime as dt
import hashlib
import os
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from publisher.core.resources import default_dir
from publisher.core.vocab import Audience
from publisher.engine.model import Scorecard
from publisher.inputs.load import Loaded, load
from publisher.inputs.packs import Pack, load_pack
from publisher.inputs.project import load_project
from publisher.output.build import allowed_roots, pack_html, pack_scorecard
from publisher.output.pdf import RenderError, write_pdf
from publisher.output.sparkline import sparkline_png
from publisher.output.templating import markdown

from ..tiny import default_observations, tiny_project

SNAPSHOTS = Path(__file__).parent / "snapshots"
ROW = r'<tr class="figures [a-z]+">\s*<th scope="row" class="ref" id="indicator-{}".*?</td>\s*</tr>\s*<tr class="commentary.*?</tr>'
BUILT_AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo_html():
    loaded = load(load_project())
    pack = load_pack(loaded.project.packs_dir / "corporate-parenting-board.yaml", loaded.registry)
    return pack_html(loaded, pack, BUILT_AT)


def snapshot(name: str, text: str) -> None:
    """Compare a fragment with tests/snapshots/<name>; UPDATE_SNAPSHOTS=1 rewrites it."""
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+",
                  lambda m: "data:image/png;sha256=" + hashlib.sha256(m[0].encode()).hexdigest()[:16], text)  # fmt: skip
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"snapshot {name} is missing")
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def fragment(html: str, pattern: str) -> str:
    match = re.search(pattern, html, flags=re.S)
    assert match, pattern
    return match[0]


def test_snapshot_one_scorecard_row(demo_html):
    snapshot("row-CP1.4.html", fragment(demo_html, ROW.format(r"CP1\.4")))


def test_snapshot_one_rag_cell(demo_html):
    row = fragment(demo_html, ROW.format(r"CP1\.5"))
    snapshot("rag-cell-CP1.5.html", fragment(row, r'<td class="rag rag-[a-z_]+"[^>]*>.*?</td>'))


def test_snapshot_one_suppressed_figure(demo_html):
    row = fragment(demo_html, ROW.format(r"CL3\.9"))
    snapshot("suppressed-CL3.9.html", fragment(row, r'<td class="num current no-figure"[^>]*>.*?</td>'))
    assert "Suppressed: small number (1 to 5) not published." in row


# -- commentary as safe Markdown --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("<b>bold</b>", "<b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ("<script>alert(1)</script>", "<script", "&lt;script&gt;"),
        ('<img src=x onerror="alert(1)">', "<img", "onerror"),  # shown as text, never as an attribute
        ("[click](javascript:alert(1))", 'href="javascript', "[click](javascript:alert(1))"),
        ("[file](file:///etc/passwd)", 'href="file', "[file](file:///etc/passwd)"),
        ("![chart](https://example.org/x.png)", "<img", "chart"),
        ("{{ config }} and {% if x %}", "Undefined", "<p>{{ config }} and {% if x %}</p>"),
        ("[policy](https://example.gov.uk/p)", "javascript", '<a href="https://example.gov.uk/p"'),
        ("**up** from *last* quarter\n\n- one\n- two", "<script", "<strong>up</strong>"),
    ],
)
def test_commentary_markdown_is_a_safe_subset(text, absent, present):
    html = str(markdown(text))
    assert absent not in html
    assert present in html


# -- templates a council can override -----------------------------------------------------------------


def council_project(tmp_path: Path, templates: dict[str, str]) -> Path:
    demo = default_dir("demo")
    folder = tmp_path / "council"
    (folder / "templates").mkdir(parents=True)
    for name, text in templates.items():
        (folder / "templates" / name).write_text(text, encoding="utf-8")
    config = (demo / "publisher.yaml").read_text(encoding="utf-8")
    for key in ("registry: ../indicators", "observations: [data/observations.csv]", "population: data/population.csv",
                "benchmarks: data/benchmarks.csv", "commentary: commentary", "packs: packs"):  # fmt: skip
        name, value = key.split(": ")
        target = (demo / value.strip("[]")).resolve()
        value = f"[{target}]" if value.startswith("[") else str(target)
        config = config.replace(key, f"{name}: {value}")
    (folder / "publisher.yaml").write_text(config + "templates: templates\n", encoding="utf-8")
    return folder


@cache
def demo_scrutiny() -> tuple[Loaded, Pack, Scorecard]:
    """The demo, its scrutiny pack and the pack's figures, calculated once per worker (most of a pack's HTML's
    time): a council project of :func:`council_project` reads the demo's files and differs only in what renders."""
    loaded = load(load_project())
    pack = load_pack(loaded.project.packs_dir / "scrutiny-overview.yaml", loaded.registry)
    return loaded, pack, pack_scorecard(loaded, pack)


def build_html(folder: Path) -> tuple[str, Loaded]:
    """The scrutiny pack's HTML as the council project ``folder`` (from :func:`council_project`) renders it."""
    demo, pack, scorecard = demo_scrutiny()
    loaded = replace(demo, project=load_project(folder))
    return pack_html(loaded, pack, BUILT_AT, scorecard=scorecard), loaded


def small_council(tmp_path: Path, templates: dict[str, str]) -> Path:
    """The small project of tests/tiny.py with these templates: what a refusal needs, without the demo."""
    return tiny_project(tmp_path / "council", default_observations(), templates=templates)


def small_html(folder: Path) -> tuple[str, Loaded]:
    """The small project's pack as HTML: a few pages for WeasyPrint to lay out before it fetches an image."""
    loaded = load(load_project(folder))
    return pack_html(loaded, load_pack(folder / "packs" / "board.yaml", loaded.registry), BUILT_AT), loaded


def test_a_council_overrides_one_template_and_the_theme(tmp_path):
    folder = council_project(tmp_path, {
        "theme.css": ":root { --font: serif; --accent: #6a1b9a; --ink: #000; --muted: #333; --rule: #999;"
                     " --stripe: #fff; --green-bg: #fff; --green-ink: #000; --amber-bg: #fff; --amber-ink: #000;"
                     " --red-bg: #fff; --red-ink: #000; --none-bg: #fff; --none-ink: #000; }",
        "contents.html": '<nav class="contents"><h2 class="page-title">Our own contents</h2></nav>',
    })  # fmt: skip
    html, _ = build_html(folder)
    assert "--accent: #6a1b9a" in html and "Our own contents" in html
    assert "At a glance" in html  # every other template still comes from publisher


@pytest.mark.parametrize(
    "resource",
    [
        '<img src="file:///etc/passwd" alt="x">',
        '<img src="http://169.254.169.254/latest/meta-data/" alt="x">',
        '<link rel="stylesheet" href="https://example.org/evil.css">',
        '<style>@import url("http://169.254.169.254/");</style>',
        '<img src="../../../../../../etc/hostname" alt="x">',
        '<img src="file:///dev/urandom" alt="x">',
    ],
)
def test_rendering_refuses_anything_outside_the_allowed_folders(tmp_path, resource):
    html, loaded = small_html(small_council(tmp_path, {"contents.html": f'<nav class="contents">{resource}</nav>'}))
    with pytest.raises(RenderError, match="refused to fetch"):
        write_pdf(html, tmp_path / "out", allowed_roots(loaded), "pdf/ua-1")


def test_a_symlink_out_of_the_templates_folder_is_refused(tmp_path):
    link = tmp_path / "council" / "templates" / "leak.png"
    folder = small_council(tmp_path, {"contents.html": f'<nav><img src="{link.as_uri()}" alt="x"></nav>'})
    link.symlink_to("/etc/passwd")
    html, loaded = small_html(folder)
    with pytest.raises(RenderError, match=r"leak\.png"):
        write_pdf(html, tmp_path / "out", allowed_roots(loaded), "pdf/ua-1")


def test_a_file_inside_the_templates_folder_is_allowed(tmp_path):
    folder = council_project(tmp_path, {})
    png = sparkline_png([1, 2, 3])
    (folder / "templates" / "mark.png").write_bytes(png)
    loaded = load(load_project(folder))
    html = f'<!DOCTYPE html><html lang="en"><body><img src="{(folder / "templates" / "mark.png").as_uri()}" alt="mark"></body></html>'
    assert write_pdf(html, tmp_path / "out", allowed_roots(loaded), None).startswith(b"%PDF")  # only the fetch matters


# -- sparklines and colours ---------------------------------------------------------------------------


def test_sparklines_are_byte_identical_for_the_same_data():
    assert sparkline_png([1, None, 3, 4], 2.5) == sparkline_png([1, None, 3, 4], 2.5)
    assert sparkline_png([1, None, 3, 4], 2.5) != sparkline_png([1, 2, 3, 4], 2.5)
    assert sparkline_png([1, None, 3, 4]).startswith(b"\x89PNG")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_theme_text_contrast_is_at_least_4_5_to_1():
    css = (default_dir("styles") / "theme.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    pairs = [("ink", None), ("muted", None), ("accent", None), ("muted", "stripe")]
    pairs += [(f"{c}-ink", f"{c}-bg") for c in ("green", "amber", "red", "none")]
    for ink, background in pairs:
        light, dark = sorted((_luminance(colours[ink]), _luminance(colours.get(background, "#ffffff"))), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (ink, background)


def test_sparkline_cache_draws_each_chart_once(tmp_path):
    from publisher.output.sparkline import SparklineCache

    cache = SparklineCache(tmp_path)
    first = cache([1, 2, None, 4], 3)
    again = cache([1, 2, None, 4], 3)
    other = cache([1, 2, None, 5], 3)
    assert first == again != other and (cache.drawn, cache.reused) == (2, 1)


def test_rebuilding_after_a_commentary_edit_draws_no_sparkline(tmp_path):
    import shutil

    from publisher.output.sparkline import SparklineCache

    shutil.copytree(default_dir("demo"), tmp_path / "demo")
    shutil.copytree(default_dir("indicators"), tmp_path / "indicators")
    cache = tmp_path / "out" / ".cache" / "sparklines"

    def rebuild():  # the pack's HTML, with sparklines from the cache as a build draws them (no PDF needed)
        loaded = load(load_project(tmp_path / "demo"))
        pack = load_pack(loaded.project.packs_dir / "scrutiny-overview.yaml", loaded.registry)
        pack_html(loaded, pack, BUILT_AT, sparkline=SparklineCache(cache))
        return {p.name for p in cache.rglob("*.png")}

    first = rebuild()
    commentary = tmp_path / "demo" / "commentary" / "2026-27-Q2.yaml"
    commentary.write_text(
        commentary.read_text(encoding="utf-8").replace("Front door", "The front door"), encoding="utf-8"
    )
    assert rebuild() == first  # nothing new drawn
    data = tmp_path / "demo" / "data" / "observations.csv"
    lines = data.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("cla_count,2026-09,"))
    lines[index] = "cla_count,2026-09,452,"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load(load_project(tmp_path / "demo"))
    pack = load_pack(loaded.project.packs_dir / "scrutiny-overview.yaml", loaded.registry)
    using = [r for _, refs in pack.selection(loaded.registry) for r in refs or []
             if "cla_count" in loaded.registry.by_reference[r].series]  # fmt: skip
    assert using == ["CP1.1", "CP1.2", "CP1.4"]
    assert len(rebuild() - first) == len(using)  # only the charts of indicators drawn from cla_count


def test_a_year_to_date_sparkline_breaks_where_the_count_restarts():
    from publisher.core.periods import Period
    from publisher.engine.calc import Calculator, calculate_row
    from publisher.output.render import _sparkline_values

    from ..helpers import indicator, inputs, monthly, observations, population

    obs = observations({"n": monthly("2023-04", [1] * 18)})
    ind = indicator(calculation={"numerator": "n", "window": "ytd"})
    row = calculate_row(Calculator(obs, population(), Audience.RESTRICTED), ind, Period.parse("Q2 2024-25"), inputs(obs))
    # Sep 2023 - Mar 2024 climbs 6..12, then a gap, then Apr - Sep 2024 climbs 1..6
    assert _sparkline_values(row) == [6, 7, 8, 9, 10, 11, 12, None, 1, 2, 3, 4, 5, 6]




def test_an_annual_figure_is_printed_once_with_its_year_and_other_columns_say_it_is_the_same(demo_html):
    """CP1.15's 2024-25 figure was published in Q3 2025-26 and is still the latest in Q2 2026-27: printed there."""
    periods = re.findall(r'<td class="num[^"]*" data-label="[^"]*">(.*?)</td>', fragment(demo_html, ROW.format(r"CP1\.15")))
    figures = [re.sub(r'<span class="(?:year|fraction)">.*?</span>', "", cell) for cell in periods[:5]]
    assert figures == ["n/a", "Same figure", "n/a", "n/a", "88.6%"]
    assert periods[1].endswith('<span class="year">2024-25</span>')


def test_a_numeric_target_behind_bands_is_printed_with_them(demo_html):
    """CP1.6's SPC assurance and sparkline judge against its 95.0% target; the bands alone did not print it."""
    target = fragment(fragment(demo_html, ROW.format(r"CP1\.6")), r'<td class="num target"[^>]*>.*?</td>')
    assert ">95.0%<br>O 95+<br>G 85-94<br>RI 70-84</td>" in target


def test_the_key_says_the_sparklines_axis_does_not_start_at_zero_and_which_figures_spc_is_on(demo_html):
    """The rows show quarters; their SPC icons come from the monthly figures, as the chart draws them."""
    key = fragment(demo_html, r'<tfoot class="symbol-key">.*?</tfoot>')
    assert "the axis does not start at zero" in key
    assert '<span class="key-symbol">SPC</span> icons from each indicator&#39;s own monthly figures</span>' in key


@pytest.mark.parametrize(("count", "printed"), [(3, ["Suppressed"] * 2), (30, ["Same figure", "30.0"])])
def test_an_annual_figure_withheld_in_the_reporting_column_is_withheld_in_every_column(count, printed):
    """The 2023-24 count, due in May, is Q1's new figure and still Q2's: both columns are one calculation over one
    window, so a small count is withheld in both, and "Same figure" stands only beside a figure that is printed."""
    from publisher.core.periods import Period
    from publisher.engine.calc import Calculator, calculate_row
    from publisher.inputs.packs import Columns
    from publisher.output.messages import default_messages
    from publisher.output.render import pack_points, period_figure

    from ..helpers import indicator, inputs, observations, population

    obs = observations({"n": {"2022-23": 40, "2023-24": count}})
    ind = indicator(unit="count", frequency="annual", due_month=5, calculation={"numerator": "n", "window": "period"})
    row = calculate_row(Calculator(obs, population(), Audience.PUBLIC), ind, Period.parse("Q2 2024-25"), inputs(obs))
    words = default_messages().entries
    shown = [period_figure(row, point, words)["text"] for _, point in pack_points(row, Columns(), words)]
    assert shown == ["n/a"] * 3 + printed
