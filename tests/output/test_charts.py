"""Trend charts, the summary page, the symbol key and the compact layout, from the demo's own figures."""

import dataclasses
import datetime as dt
import itertools
import re
from dataclasses import replace
from types import SimpleNamespace

import pytest

from publisher.core.vocab import ChartPlacement, ChartScope, Layout, OtherCommentary
from publisher.engine.model import Judgement
from publisher.engine.rules import Rating
from publisher.inputs.load import load
from publisher.inputs.packs import Charts, load_pack
from publisher.inputs.project import load_project
from publisher.output.build import pack_html, pack_scorecard
from publisher.output.charts import ChartCache, ChartData, _chart, _spread, chart_data, chart_svg, chart_view
from publisher.output.messages import default_messages
from publisher.output.render import target_figures
from publisher.output.summary import exception, first_sentence, glance, severity

from .test_render import snapshot

BUILT_AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
DATA = ChartData(labels=("Q3 24-25", "Q4 24-25", "Q1 25-26", "Q2 25-26"), values=(55.0, None, 57.2, 61.2),
                 latest="61.2%", references=(("target", "Target", 60.0, "60%"), ("sn", "SN", 56.1, "56.1%")),
                 from_zero=True, unit="%", not_from_zero="Axis does not start at zero")  # fmt: skip
WORDS = default_messages().entries


@pytest.fixture(scope="module")
def demo():
    loaded = load(load_project())
    return loaded, {p.stem: load_pack(p, loaded.registry) for p in loaded.project.packs_dir.glob("*.yaml")}


def with_options(pack, **options):
    return replace(pack, definition=pack.definition.model_copy(update=options))


def test_a_chart_is_svg_with_its_text_as_text_and_the_same_data_gives_the_same_bytes():
    svg = chart_svg(DATA)
    assert b"<svg" in svg and svg == chart_svg(DATA) != chart_svg(dataclasses.replace(DATA, from_zero=False))
    assert b"<dc:date>" not in svg and b">61.2%</text>" in svg and b">Target 60%</text>" in svg
    assert b">Axis does not start at zero</text>" in chart_svg(dataclasses.replace(DATA, from_zero=False))


def test_a_dollar_in_any_label_is_drawn_as_text_not_mathtext():
    # unbalanced and balanced dollars: mathtext would fail on the first and typeset the second
    svg = chart_svg(dataclasses.replace(DATA, unit="$ cost $x^2$", latest="$5", labels=("$a", "b$", "$c$", "d")))
    assert b">$ cost $x^2$</text>" in svg and b">$5</text>" in svg and b">$c$</text>" in svg
    parts = _chart()
    texts = [parts["value"], parts["unit"], parts["zero"], *parts["names"], *parts["xlabels"], *parts["ylabels"]]
    assert not any(t.get_parse_math() for t in texts)


def test_the_chart_cache_draws_each_chart_once(tmp_path):
    cache = ChartCache(tmp_path)
    assert cache(DATA) == cache(DATA) and (cache.drawn, cache.reused) == (1, 1)


def test_chart_data_is_the_history_with_target_and_the_packs_benchmarks(demo):
    loaded, packs = demo
    pack = packs["corporate-parenting-board"]
    row = {r.indicator.reference: r for r in pack_scorecard(loaded, pack).rows}["CP1.4"]
    data = chart_data(row, pack.definition, WORDS)
    assert len(data.values) == 13 and data.labels[-1] == "Sep 26"  # 13 months, rolling 12 months
    assert data.latest == "9.8%" and data.from_zero
    # from demo/data/benchmarks.csv: CP1.4 sn 10.6, england 10.0 (2024-25); target 9.0
    assert data.references == (("target", "Target", 9.0, "9.0%"), ("sn", "SN", 10.6, "10.6%"),
                               ("england", "England", 10.0, "10.0%"))  # fmt: skip


def test_a_target_range_is_a_shaded_band_named_with_its_range(demo):
    loaded, packs = demo
    pack = packs["corporate-parenting-board"]
    row = {r.indicator.reference: r for r in pack_scorecard(loaded, pack).rows}["CP1.1"]  # range 400-450
    data = chart_data(row, pack.definition, WORDS)
    assert data.band == (400.0, 450.0) and data.references[0] == ("range", "Target", 425.0, "400-450")
    svg = chart_svg(data)
    assert b">Target 400-450</text>" in svg and b"fill: #e3e7eb" in svg


@pytest.mark.parametrize("values", [[90.0, 90.0, 91.3], [70.0, 69.1, 70.0, 12.0], [0.0, 0.5, 99.0, 100.0], [50.0]])
def test_reference_names_are_spread_a_line_apart_within_the_axis(values):
    """Coincident lines (England 90.0 and a 90.0 target) had their names printed over each other."""
    placed = sorted(_spread(values, 0.0, 100.0))
    assert all(0.0 <= y <= 100.0 for y in placed)
    assert all(b - a >= 10.0 - 1e-9 for a, b in itertools.pairwise(placed))


def test_every_name_and_period_label_is_inside_the_chart_and_none_overlaps():
    """"England 90.0%" was cut at the right edge; "Q3 24-25Q1 25-26" ran together under a narrowed drawing."""
    quarters = tuple(f"Q{q} {y}-{y + 1}" for y in (23, 24, 25) for q in (1, 2, 3, 4))[:9]
    data = dataclasses.replace(DATA, labels=quarters, values=(80.0,) * 9, references=(
        ("target", "Target", 90.0, "90.0%"), ("england", "England", 90.0, "100.0%"), ("sn", "SN", 91.3, "91.3%")))
    chart_svg(data)
    parts = _chart()
    renderer = parts["figure"].canvas.get_renderer()
    width = parts["figure"].bbox.width
    names = [t.get_window_extent(renderer) for t in parts["names"] if t.get_visible()]
    ticks = [t.get_window_extent(renderer) for t in parts["xlabels"] if t.get_visible()]
    assert len(names) == 3 and all(box.x0 >= 0 and box.x1 <= width for box in names + ticks)
    assert not any(a.overlaps(b) for group in (names, ticks) for i, a in enumerate(group) for b in group[i + 1 :])


def test_a_withheld_figure_is_not_plotted_and_the_chart_says_why(demo):
    loaded, packs = demo
    pack = with_options(packs["corporate-parenting-board"], charts=Charts(show=ChartScope.ALL))
    row = {r.indicator.reference: r for r in pack_scorecard(loaded, pack).rows}["CL3.9"]  # 4 care leavers in Q2
    view = chart_view(row, pack.definition, lambda data: b"<svg/>", "Fell from 10 to 4.", WORDS)
    data = chart_data(row, pack.definition, WORDS)
    # hand-checked in the demo's public figures: Sep and Oct 2025, Feb, Aug and Sep 2026 are withheld
    assert [n for n, v in enumerate(data.values) if v is None] == [0, 1, 5, 11, 12] and 4.0 not in data.values
    assert view["notes"][0].startswith("Withheld figures not plotted: 5.") and view["notes"][0] in view["alt"]


def test_charts_are_drawn_for_key_indicators_on_a_page_per_priority_or_beside_the_row(demo):
    loaded, packs = demo
    pack = packs["scrutiny-overview"]
    keyed = with_options(pack, charts=Charts(show=ChartScope.KEY))
    html = pack_html(loaded, keyed, BUILT_AT)
    key_rows = [r for r in pack_scorecard(loaded, pack).rows if r.indicator.key]
    assert html.count('<figure class="chart">') == len(key_rows) > 0
    assert html.count('<div class="chart-page"') == len(pack.definition.priorities)
    beside = with_options(pack, charts=Charts(show=ChartScope.KEY, placement=ChartPlacement.BESIDE_ROW))
    html = pack_html(loaded, beside, BUILT_AT)
    assert 'class="chart-page"' not in html
    assert re.search(r'<tr class="commentary[^"]*">\s*<td colspan="\d+">\s*<figure class="chart">', html)
    assert re.search(r'alt="Trend chart of CP1\.1, [A-Z][a-z]{2} 20\d\d to Sep 2026: ', html)


def test_the_summary_lists_red_worsening_and_improving_apart(demo):
    loaded, packs = demo
    view = glance(pack_scorecard(loaded, packs["safeguarding-partnership"]), WORDS, target_figures)
    lists = {group["heading"]: group["entries"] for group in view["lists"]}
    assert list(lists) == ["Rated red", "Worsening", "Improving"]
    red = {e["reference"]: e for e in lists["Rated red"]}
    worsening = {e["reference"]: e for e in lists["Worsening"]}
    assert red["SG2.4"]["direction"] == "Improving"  # red, though improving: under red, with its direction
    assert "SG2.4" not in {e["reference"] for e in lists["Improving"]}
    assert worsening["SG2.6"]["rag"] == "Good" and "SG2.6" not in red  # a good rating is never under "red"
    assert all(e["rating"] == "red" for e in red.values()) and all(e["direction"] for g in lists.values() for e in g)


def test_the_summary_gives_figure_period_target_and_reason_worst_first_each_linked_to_its_row(demo):
    loaded, packs = demo
    html = pack_html(loaded, packs["corporate-parenting-board"], BUILT_AT)
    summary = html.split('id="glance-red"', 1)[1].split('id="glance-improving"', 1)[0]
    entries = re.findall(r"<li>(.*?)</li>", summary, flags=re.S)
    assert len(entries) == 16  # 8 rated red, 8 worsening (the demo's)
    for entry in entries:
        anchor = re.match(r'<a href="#(indicator-[^"]+)">', entry)
        assert anchor and f'id="{anchor[1]}"' in html  # a link to a row that is there
    cp15 = next(e for e in entries if "<strong>CP1.5</strong>" in e)
    assert "63.2% in Sep 2026</span>, target 70.0%, " in cp15  # the figure with its own period, and the target
    assert ('<span class="headline">Long-standing placements of teenagers ended over the summer; carers of '
            "adolescents now have therapeutic support.</span>") in cp15  # the lead's headline: why, and what next
    assert html.count('<a class="back" href="#at-a-glance" aria-label="') == html.count('class="figures ')
    assert '<a class="back" href="#at-a-glance" aria-label="CP1.4: back to At a glance">CP1.<wbr>4</a>' in html


def test_the_summary_puts_red_and_worsening_first():
    ordered = sorted(
        [("green", "worsening"), ("red", "improving"), ("amber", "worsening"), ("red", "worsening")],
        key=lambda pair: severity(SimpleNamespace(rag=SimpleNamespace(rating=Rating(pair[0])),
                                                  direction=SimpleNamespace(judgement=Judgement(pair[1])))),
    )  # fmt: skip
    assert ordered == [("red", "worsening"), ("red", "improving"), ("amber", "worsening"), ("green", "worsening")]


def test_the_leads_headline_stands_for_the_commentary_in_the_summary(demo):
    loaded, packs = demo
    scorecard = pack_scorecard(loaded, packs["corporate-parenting-board"])
    row = next(r for r in scorecard.rows if r.indicator.reference == "CP1.5")
    said = row.commentary.model_copy(update={"headline": "Teenagers' placements ended; a clinical service now helps."})
    sections = tuple(replace(s, rows=tuple(replace(r, commentary=said) if r is row else r for r in s.rows))
                     for s in scorecard.sections)  # fmt: skip
    view = glance(replace(scorecard, sections=sections), WORDS, target_figures)
    entry = next(e for e in view["lists"][0]["entries"] if e["reference"] == "CP1.5")
    assert entry["headline"] == "Teenagers' placements ended; a clinical service now helps."


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Stability fell. Carers now have support.", "Stability fell."),
        ("**Visits** dipped in [August](https://example.org).\n\nMore text.", "Visits dipped in August."),
        ("- placements ended\n- more to come", "placements ended; more to come"),
        ("Up 2.5 points since Q1 2026-27. Next.", "Up 2.5 points since Q1 2026-27."),
        (" ".join(["word"] * 40) + ".", " ".join(["word"] * 30) + "…"),
    ],
)
def test_the_first_sentence_is_plain_text_and_one_line(text, first):
    assert first_sentence(text) == first


def test_the_summary_counts_and_bar_add_up(demo):
    loaded, packs = demo
    view = glance(pack_scorecard(loaded, packs["corporate-parenting-board"]), WORDS, target_figures)
    for item in view["counts"]:
        assert [part["rating"] for part in item["bar"]] == ["red", "amber", "green", "not_rated"]
        assert sum(part["share"] for part in item["bar"]) == pytest.approx(100, abs=0.2)
    # hand-counted from the demo: Priority 1 has 6 red, 6 amber, 8 green and none not rated
    assert view["counts"][0]["tally"] == {"red": 6, "amber": 6, "green": 8, "not_rated": 0}


def test_the_key_to_symbols_is_under_every_table_that_uses_them(demo):
    loaded, packs = demo
    html = pack_html(loaded, packs["corporate-parenting-board"], BUILT_AT)
    keys = re.findall(r'<tfoot class="symbol-key">.*?</tfoot>', html, flags=re.S)
    assert len(keys) == html.count('<table class="scorecard">') == 2
    snapshot("symbol-key-corporate-parenting.html", keys[0])
    assert "** </span>" not in keys[0] and ">**</span> snapshot at end of period" in keys[0]


def test_the_compact_layout_prints_commentary_only_for_exceptions(demo):
    loaded, packs = demo
    pack = packs["corporate-parenting-board"]
    rows = pack_scorecard(loaded, pack).rows
    compact = with_options(pack, layout=Layout.COMPACT, other_commentary=OtherCommentary.APPENDIX)
    html = pack_html(loaded, compact, BUILT_AT)
    assert '<body class="landscape compact"' in html
    for row in rows:
        after = html.split(f'id="indicator-{row.indicator.anchor}"', 1)[1].split('<tr class="figures', 1)[0]
        assert ('<tr class="commentary' in after) == exception(row), row.indicator.reference
    others = [r for r in rows if r.commentary and not exception(r)]
    appendix = html.split('id="other-commentary"', 1)[1]
    assert others and all(f"<strong>{r.indicator.reference}</strong>" in appendix for r in others)
    html_only = pack_html(loaded, with_options(pack, layout=Layout.COMPACT), BUILT_AT)  # the default
    assert '<section class="appendix screen-only" id="other-commentary"' in html_only


def test_an_spc_concern_is_an_exception_with_its_commentary(demo):
    """CL3.12 is amber and no worse than last quarter, but its SPC icon says a concerning special cause."""
    loaded, packs = demo
    row = {r.indicator.reference: r for r in pack_scorecard(loaded, packs["corporate-parenting-board"]).rows}["CL3.12"]
    assert (row.rag.rating, row.direction.judgement, str(row.spc.variation)) == (Rating.AMBER, Judgement.NO_CHANGE,
                                                                                  "concern_low")  # fmt: skip
    assert exception(row) and not exception(replace(row, spc=None))


def test_a_lead_can_flag_a_row_as_an_exception(demo):
    loaded, packs = demo
    rows = pack_scorecard(loaded, packs["corporate-parenting-board"]).rows
    quiet = next(r for r in rows if r.commentary and not exception(r))
    flagged = replace(quiet, commentary=quiet.commentary.model_copy(update={"flag": True}))
    assert exception(flagged)


def test_text_in_a_chart_is_escaped_as_svg_text():
    svg = chart_svg(dataclasses.replace(DATA, unit='<script>alert(1)</script> & "x"'))
    assert b"<script>" not in svg and b"&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in svg


@pytest.mark.parametrize(("label", "short"), [("Sep 2026", "Sep 26"), ("Q2 2026-27", "Q2 26-27"),
                                              ("2024-25", "24-25"), ("Summer 2026", "Summer 26")])  # fmt: skip
def test_period_labels_are_shortened_for_the_axis(label, short):
    from publisher.output.charts import _short

    assert _short(label) == short


def test_an_axis_not_from_zero_is_said_in_the_caption_and_the_alt_text(demo):
    loaded, packs = demo
    pack = with_options(packs["corporate-parenting-board"], charts=Charts(show=ChartScope.ALL, from_zero=False))
    row = pack_scorecard(loaded, pack).rows[0]
    view = chart_view(row, pack.definition, lambda data: b"<svg/>", "Rose.", WORDS)
    assert view["notes"][-1] == "The value axis does not start at zero." and view["alt"].endswith(view["notes"][-1])
    assert view["image"].startswith("data:image/svg+xml;base64,")
