"""SPC in the pack and the exports: icons in words, the explainer, charts (with alt text, cached, withheld
points never drawn), and the variation, assurance and limits in the CSV and JSON."""

import csv
import io
import json
import re
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from publisher.core.figures import Figure, Status
from publisher.engine.model import Point
from publisher.engine.spc import Assurance, Variation
from publisher.engine.spcrows import with_spc
from publisher.inputs.load import load
from publisher.inputs.packs import load_pack
from publisher.inputs.project import load_project
from publisher.inputs.spcoptions import SpcDisplay
from publisher.output.build import pack_html, pack_scorecard, pack_xlsx
from publisher.output.export import CSV_COLUMNS, scorecard_csv, scorecard_json
from publisher.output.messages import default_messages
from publisher.output.spc_chart import ChartCache, chart_alt, chart_spec, spc_chart_png
from publisher.output.spc_view import SPC_FIELDS, icon, reason_text, spc_export, spc_view
from publisher.output.words import rating_word

from .test_render import BUILT_AT


@pytest.fixture(scope="module")
def demo():
    loaded = load(load_project())
    pack = load_pack(loaded.project.packs_dir / "scrutiny-overview.yaml", loaded.registry)
    return loaded, pack, pack_scorecard(loaded, pack)


def with_display(pack, **options):
    return replace(pack, definition=pack.definition.model_copy(update={"spc": SpcDisplay(**options)}))


def test_every_variation_and_assurance_has_a_letter_and_words_in_the_catalogue():
    words = default_messages().entries["spc"]
    assert set(words["variation"]) == {v.value for v in Variation}
    assert set(words["assurance"]) == {a.value for a in Assurance}
    shown = [icon(code)["label"] for code in [*Variation, *Assurance]]
    assert len(set(shown)) == len(shown)  # no two icons read the same
    assert all(len(label) <= 15 for label in shown)  # a line of the RAG cell ("~ Common cause" in bold 9pt)


def test_a_row_says_its_icons_in_words_with_the_numbers(demo):
    _, _, scorecard = demo
    row = next(r for r in scorecard.rows if r.spc and r.spc.variation and r.spc.assurance)
    view = spc_view(row)
    assert view["variation"]["word"] == default_messages().entries["spc"]["variation"][row.spc.variation.value][1]
    limits = row.spc.latest.limits
    assert f"limits {row.indicator.show(limits.lower)} to {row.indicator.show(limits.upper)}" in view["explanation"]
    assert view["assurance"]["meaning"] == icon(row.spc.assurance)["meaning"]


def test_the_exports_carry_variation_assurance_and_limits(demo):
    _, _, scorecard = demo
    assert tuple(spc_export(scorecard.rows[0], default_messages().entries)) == SPC_FIELDS
    rows = list(csv.DictReader(io.StringIO(scorecard_csv(scorecard))))
    assert set(CSV_COLUMNS) >= {f"spc_{name}" for name in SPC_FIELDS}
    by_reference = {r.indicator.reference: r for r in scorecard.rows}
    shown = [c for c in rows if c["spc_variation"]]
    assert shown
    for cells in shown:
        row = by_reference[cells["reference"]]
        limits = row.spc.latest.limits
        assert cells["spc_variation"] == icon(row.spc.variation)["meaning"]
        assert float(cells["spc_upper_limit"]) == pytest.approx(limits.upper, abs=10 ** -(row.indicator.decimals + 2))
        assert float(cells["spc_mean"]) == pytest.approx(limits.mean, abs=10 ** -(row.indicator.decimals + 2))
    document = json.loads(scorecard_json(scorecard))
    first = document["priorities"][0]["indicators"][0]
    assert set(first["spc"]) == set(SPC_FIELDS)


def test_an_indicator_without_spc_says_so_in_the_export(demo):
    _, _, scorecard = demo
    row = next(r for r in scorecard.rows if r.spc is None)
    fields = spc_export(row, default_messages().entries)
    assert fields["reason"] == "SPC not applied to this indicator" and fields["mean"] is None


def rag_cells(html):
    return re.findall(r'<td class="rag rag-\w+" data-label="[^"]*">([^<]*)</td>', html)


def test_the_pack_shows_icons_under_the_rating_and_the_explainer_and_can_leave_them_out(demo):
    loaded, pack, scorecard = demo
    html = pack_html(loaded, pack, BUILT_AT, scorecard=scorecard)
    tables = html.count('<table class="scorecard">')
    assert html.count('<th scope="col" class="rag with-spc">RAG and SPC</th>') == tables > 0
    assert "<dt>~ Common cause</dt>" in html and "Variation and assurance (statistical process control)" in html
    assert 'class="spc-charts"' not in html  # charts only when the pack asks
    shown = {r.indicator.reference: r for r in scorecard.rows if r.spc and r.spc.variation}
    cells = rag_cells(html)
    assert len(cells) == len(scorecard.rows) and sum(len(c.split("\n")) > 1 for c in cells) == len(shown) > 0
    plain = pack_html(loaded, with_display(pack, icons=False), BUILT_AT, scorecard=scorecard)
    assert all("\n" not in c for c in rag_cells(plain)) and '<th scope="col" class="rag">RAG</th>' in plain
    assert "Variation and assurance (statistical process control)" not in plain
    widths = {int(n) for n in re.findall(r'<td colspan="(\d+)">', html)}
    assert widths == {int(n) for n in re.findall(r'<td colspan="(\d+)">', plain)}  # no column of their own


def test_the_icons_are_lines_of_the_rag_cell_letter_and_word(demo):
    loaded, pack, scorecard = demo
    row = next(r for r in scorecard.rows if r.spc and r.spc.variation and r.spc.assurance)
    html = pack_html(loaded, pack, BUILT_AT, scorecard=scorecard)
    rating = rating_word(row.rag, default_messages().entries)
    expected = "\n".join([rating, icon(row.spc.variation)["label"], icon(row.spc.assurance)["label"]])
    assert expected in rag_cells(html)


def test_a_row_without_icons_says_why_under_the_row(demo):
    loaded, pack, scorecard = demo
    row = next(r for r in scorecard.rows if r.spc and r.spc.variation)
    hidden = row.spc_series[3].period
    series = tuple(
        Point(p.period, Figure.none(Status.SUPPRESSED, "small")) if p.period == hidden else p for p in row.spc_series
    )
    withheld = with_spc(replace(row, spc_series=series))
    changed = replace(scorecard, sections=tuple(replace(s, rows=tuple(withheld if r is row else r for r in s.rows))
                                                for s in scorecard.sections))  # fmt: skip
    html = pack_html(loaded, pack, BUILT_AT, scorecard=changed)
    assert "SPC: Not shown: small numbers." in html


def test_the_pack_draws_spc_charts_with_alt_text_when_asked(demo, tmp_path):
    loaded, pack, scorecard = demo
    html = pack_html(loaded, with_display(pack, charts=True, two_sigma=True), BUILT_AT, scorecard=scorecard)
    charts = [r for r in scorecard.rows if r.spc and r.spc.chart]
    assert html.count('<figure class="spc-chart">') == len(charts) > 0
    for row in charts:
        assert f'alt="{chart_alt(row, row.spc)}"'.replace('"', "") in html.replace('"', "").replace("&#39;", "'")


def test_a_chart_is_a_png_the_same_each_time_and_cached(demo, tmp_path):
    _, _, scorecard = demo
    row = next(r for r in scorecard.rows if r.spc and r.spc.chart)
    spec = chart_spec(row, two_sigma=False)
    png = spc_chart_png(spec)
    assert png.startswith(b"\x89PNG") and spc_chart_png(spec) == png
    cache = ChartCache(tmp_path)
    assert cache(spec) == png and cache(spec) == png and cache.drawn == 1


def test_a_withheld_point_is_not_drawn_and_its_segment_has_no_lines(demo):
    _, _, scorecard = demo
    row = next(r for r in scorecard.rows if r.spc and r.spc.chart)
    hidden = row.spc_series[3].period
    series = tuple(
        Point(p.period, Figure.none(Status.SUPPRESSED, "small")) if p.period == hidden else p for p in row.spc_series
    )
    withheld = with_spc(replace(row, spc_series=series))
    assert reason_text(withheld.spc.reason) == "Not shown: small numbers" and chart_spec(withheld, False) is None
    assert hidden not in [p.period for s in withheld.spc.segments for p in s.points]


def test_the_spreadsheet_carries_variation_assurance_and_limits(demo):
    loaded, pack, scorecard = demo
    book = load_workbook(io.BytesIO(pack_xlsx(loaded, pack, BUILT_AT, scorecard)))
    by_reference = {r.indicator.reference: r for r in scorecard.rows}
    checked = 0
    for sheet in book.worksheets[1:]:
        headings = [cell.value for cell in sheet[1]]
        for cells in sheet.iter_rows(min_row=2, values_only=True):
            found, row = dict(zip(headings, cells, strict=True)), by_reference[cells[0]]
            if row.spc is None or row.spc.variation is None:
                assert found["SPC mean"] is None and not found["Variation (SPC)"]
                continue
            limits = row.spc.latest.limits
            assert found["Variation (SPC)"] == icon(row.spc.variation)["label"]
            assert found["SPC upper limit"] == pytest.approx(limits.upper, abs=10 ** -(row.indicator.decimals + 2))
            checked += 1
    assert checked


def test_no_icons_when_no_row_has_the_history_for_one(demo):
    loaded, pack, scorecard = demo
    short = replace(scorecard, sections=tuple(replace(s, rows=tuple(replace(r, spc=None) for r in s.rows))
                                          for s in scorecard.sections))  # fmt: skip
    html = pack_html(loaded, pack, BUILT_AT, scorecard=short)
    assert 'class="rag with-spc"' not in html and all("\n" not in c for c in rag_cells(html))
    assert html.count('<table class="scorecard">') > 0
