"""The notes page lists only what the pack uses: terms its rows show, abbreviations its words use, readable sources."""

import re
from types import SimpleNamespace

import pytest

from publisher.core.errors import InputError
from publisher.core.vocab import Comparator
from publisher.inputs.benchmarks import Benchmark
from publisher.output.glossary import abbreviations_used, benchmark_sources, read_glossary, reading_terms
from publisher.output.messages import default_messages

from .test_render import build_html, council_project


def a_row(key=False, fraction="", statuses=("ok",)):
    figures = [{"status": s} for s in statuses]
    return {"key": key, "fraction": fraction, "periods": figures, "current": {"status": "ok"}, "benchmarks": []}


def test_reading_the_scorecard_lists_only_the_terms_the_rows_show():
    columns = SimpleNamespace(layout="recent", target=True, benchmarks=[Comparator.SN])
    sections = [{"rows": [a_row(statuses=("ok", "missing"))]}, {"rows": [a_row(key=True)]}]
    terms = [term for term, _ in reading_terms(sections, columns, default_messages(), {"target_tolerance"})]
    assert terms == ["Polarity", "Key", "Target", "RAG", "Direction of travel", "SN average", "Missing"]


def test_graded_bands_are_explained_only_when_a_row_is_rated_by_them():
    columns = SimpleNamespace(layout="recent", target=True, benchmarks=[])
    sections = [{"rows": [a_row()]}]
    without = dict(reading_terms(sections, columns, default_messages(), {"target_tolerance", "none"}))
    assert "Graded bands" not in without
    assert not any("Outstanding" in meaning for meaning in without.values())
    banded = dict(reading_terms(sections, columns, default_messages(), {"bands"}))
    assert "RI Requires improvement" in banded["Graded bands"]


def test_a_pack_with_no_rows_has_no_terms():
    columns = SimpleNamespace(layout="year", target=True, benchmarks=[])
    assert reading_terms([{"rows": []}], columns, default_messages(), {"bands"}) == []


def test_abbreviations_are_those_used_as_whole_words_and_the_councils_win():
    words = ["Care leavers who are NEET", "KS2 results", "ePEP completed on time", "SNOWDON", "CIN-like"]
    council = {"NEET": "Our own words", "Edge of care": "Supported at home"}
    found = abbreviations_used(words, default_messages(), council)
    assert found == [("ePEP", "Electronic personal education plan"), ("KS2", "Key stage 2 (ages 7 to 11)"),
                     ("NEET", "Our own words")]  # fmt: skip


def benchmark(source, year):
    return Benchmark(Comparator.ENGLAND, None, "x", year, source, "", None, None)


def test_benchmark_sources_are_sentences_with_their_years_not_file_names():
    sentences = benchmark_sources(
        [
            benchmark("DfE lait-extract-2025.csv: Care leavers in touch", "2023-24"),
            benchmark("DfE lait-extract-2025.csv: Care leavers in touch", "2022-23"),
            benchmark("Department for Education (LAIT): Care leavers in touch", "2023-24"),
            benchmark("DfE cla_2025.csv: CLA_rate", "2025"),
            benchmark("Our own survey", ""),
        ],
        default_messages(),
    )
    assert sentences == [
        "Department for Education (Explore education statistics): CLA_rate, 2025.",
        "Department for Education (LAIT): Care leavers in touch, 2022-23, 2023-24.",
        "Our own survey.",
    ]


def test_a_councils_glossary_is_read_and_checked(tmp_path):
    path = tmp_path / "glossary.yaml"
    assert read_glossary(path) == {}  # optional
    path.write_text("NEET: Not in education, employment or training\nEdge of care: ' Supported at home '\n")
    assert read_glossary(path) == {"NEET": "Not in education, employment or training", "Edge of care": "Supported at home"}
    path.write_text("NEET: Not in education\nSGO:\nLAC: [a, b]\n")
    with pytest.raises(InputError) as caught:
        read_glossary(path)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "'SGO': expected what the term means, got None",
        "'LAC': expected what the term means, got ['a', 'b']",
    ]
    assert [p.line for p in caught.value.problems] == [2, 3]


def notes_part(html: str) -> str:
    return html[html.index('<section class="notes"') :]


def test_the_built_pack_lists_each_abbreviation_it_uses_and_no_other(tmp_path):
    folder = council_project(tmp_path, {})
    (folder / "glossary.yaml").write_text("looked after: In the care of the council\nNEVER-USED: A term in no row\n")
    html, _ = build_html(folder)
    listed = re.findall(r'<dl class="glossary abbreviations">(.*?)</dl>', notes_part(html), re.S)[0]
    body = html.replace(listed, "")  # everything else the pack says, the data sources included
    terms = re.findall(r"<dt>(.*?)</dt>", listed)
    assert "looked after" in terms and "NEVER-USED" not in terms and "ICPC" not in terms
    for term in terms:
        assert re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", body), term


def test_no_empty_headings_and_no_missing_commentary_lines_by_default(tmp_path):
    html, _ = build_html(council_project(tmp_path, {}))
    assert "No commentary was supplied" not in html and "No priority commentary" not in html
    for heading in re.findall(r"<h3>(.*?)</h3>\s*(?=<h3>|</section>)", notes_part(html)):
        pytest.fail(f"heading with nothing under it: {heading}")
