"""The demo packs end to end: build them once, then read the PDFs back as a member's software would."""

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from publisher.core.figures import Status
from publisher.core.vocab import Audience
from publisher.output.build import pack_html, pack_scorecard

from ..shared import BUILT_AT, build_pack, pages_text


def words(text):
    return re.findall(r"[A-Za-z0-9]+", text)


def test_three_packs_are_written_as_pdf_and_html(demo_packs):
    _, built = demo_packs
    assert sorted(built) == ["corporate-parenting-board", "safeguarding-partnership", "scrutiny-overview"]
    for pack, result in built.values():
        assert result.pdf.name == f"{pack.name}-2026-27-Q2.pdf" and result.pdf.stat().st_size > 10_000
        assert result.html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert result.xlsx == result.pdf.with_suffix(".xlsx") and result.xlsx.read_bytes().startswith(b"PK")


def test_every_priority_reference_and_footnote_is_in_the_pdf(demo_packs):
    loaded, built = demo_packs
    for pack, result in built.values():
        text = "\n".join(pages_text(result.pdf))
        for priority_id, references in pack.selection(loaded.registry):
            priority = next(p for p in loaded.registry.priorities if p.id == priority_id)
            assert priority.title in text
            for reference in references or [i.reference for i in loaded.registry.by_priority[priority_id]]:
                assert re.search(rf"\b{re.escape(reference)}\b", text), reference
        assert "rolling 12 months" in text and "snapshot at end of period" in text


def test_every_word_of_every_commentary_is_in_the_pdf(demo_packs):
    loaded, built = demo_packs
    pack, result = built["corporate-parenting-board"]
    pdf_words = Counter(words("\n".join(pages_text(result.pdf))))
    commentary = loaded.inputs.commentary
    expected = Counter()
    for priority_id, _ in pack.selection(loaded.registry):
        entry = commentary.for_priority(pack.period, priority_id)
        if entry:
            expected.update(words(entry.text))
        for indicator in loaded.registry.by_priority[priority_id]:
            entry = commentary.for_indicator(pack.period, indicator.reference)
            if entry:
                expected.update(words(entry.text))
    assert sum(expected.values()) > 500
    assert expected - pdf_words == Counter()


def test_table_header_is_repeated_on_every_scorecard_page(demo_packs):
    _, built = demo_packs
    for _, result in built.values():
        texts = pages_text(result.pdf)
        scorecard_pages = [t for t in texts if re.search(r"^(CP|SG|CL)\d+\.\d+", t, re.M) and "RAG:" in t]
        assert scorecard_pages
        for text in scorecard_pages:
            assert "Direction of" in text and "Indicator" in text and "Trend" in text


def test_every_page_carries_the_running_header_and_footer(demo_packs):
    loaded, built = demo_packs
    for pack, result in built.values():
        texts = pages_text(result.pdf)
        header = f"{loaded.project.config.council} · {pack.definition.committee} · Q2 2026-27"
        for number, text in enumerate(texts, start=1):
            assert f"{pack.definition.marking} · DRAFT" in text and "Built 20 November 2026" in text, number
            assert f"Page {number} of {len(texts)}" in text, number
            assert (header in text) == (number > 1), number  # not on the cover


def test_bookmarks_are_priorities_plus_indicators(demo_packs):
    loaded, built = demo_packs

    def flatten(outline):
        for item in outline:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield item

    for pack, result in built.values():
        selection = pack.selection(loaded.registry)
        indicators = sum(len(refs or loaded.registry.by_priority[p]) for p, refs in selection)
        titles = [b.title for b in flatten(PdfReader(result.pdf).outline)]
        assert len(titles) == len(selection) + indicators, titles


def test_metadata_language_and_structure(demo_packs):
    _, built = demo_packs
    _pack, result = built["corporate-parenting-board"]
    reader = PdfReader(result.pdf)
    assert reader.metadata.title.startswith("Children in care and care leavers performance scorecard")
    assert reader.metadata.author == "Performance and Business Intelligence Team"
    assert "Corporate Parenting Board" in reader.metadata.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_last_page_says_page_n_of_n(demo_packs):
    _, built = demo_packs
    for _, result in built.values():
        texts = pages_text(result.pdf)
        assert f"Page {len(texts)} of {len(texts)}" in texts[-1]


def test_every_image_has_alt_text_written_from_the_data(demo_packs):
    _, built = demo_packs
    html = built["corporate-parenting-board"][1].html.read_text(encoding="utf-8")
    images = re.findall(r"<img [^>]*>", html)
    assert images and all(re.search(r'alt="[^"]{10,}"', tag) for tag in images)
    assert re.search(r'alt="(Rose|Fell) from [^"]+ in [A-Z][a-z]{2} 20\d\d to [^"]+; highest', html)


def test_public_pack_withholds_the_small_count_and_restricted_shows_it(demo_packs):
    loaded, built = demo_packs
    public = "\n".join(pages_text(built["corporate-parenting-board"][1].pdf))
    assert "Suppressed" in public
    # The same pack as a restricted (OFFICIAL-SENSITIVE) pack shows each withheld headline's value in its row.
    pack = built["corporate-parenting-board"][0]
    restricted = replace(pack, definition=pack.definition.model_copy(update={"audience": Audience.RESTRICTED}))
    withheld = [r for r in pack_scorecard(loaded, pack).rows if r.headline.status is Status.SUPPRESSED]
    shown = {r.indicator.reference: r for r in pack_scorecard(loaded, restricted).rows}
    # In Q2 2026-27: 4 care leavers (CL3.9), and 13 of 17 (CL3.10), which would reveal the other 4.
    expected = {"CL3.9": "4", "CL3.10": "76.5%"}
    assert {r.indicator.reference: shown[r.indicator.reference].show(shown[r.indicator.reference].headline)
            for r in withheld} == expected  # fmt: skip
    html = {"public": pack_html(loaded, pack, BUILT_AT), "restricted": pack_html(loaded, restricted, BUILT_AT)}
    for reference, value in expected.items():
        assert current_cell(html["public"], reference) == "Suppressed"
        assert current_cell(html["restricted"], reference) == value


def current_cell(html: str, reference: str) -> str:
    """The text of the current period's cell in an indicator's row of figures."""
    row = html.split(f'id="indicator-{reference}"', 1)[1].split("</tr>", 1)[0]
    cell = re.search(r'<td class="num current[^"]*"[^>]*>(.*?)</td>', row, flags=re.S)
    assert cell is not None
    return re.sub(r"<span.*?</span>", "", cell[1]).strip()


def test_draft_is_marked_and_html_is_standalone(demo_packs):
    _, built = demo_packs
    _, result = built["scrutiny-overview"]
    html = result.html.read_text(encoding="utf-8")
    assert "@page { background: url(data:image/svg+xml;base64," in html  # the DRAFT mark, as the pages' background
    assert not re.search(r'(src|href)="(?!data:|#|https://)', html)  # nothing to fetch: images are inline
    assert "DRAFT" in pages_text(result.pdf)[0]


def test_builds_are_reproducible_for_the_same_inputs_and_date(demo_packs, tmp_path):
    loaded, built = demo_packs
    pack, first = built["scrutiny-overview"]
    again = build_pack(loaded, pack, tmp_path, BUILT_AT)
    assert again.pdf.read_bytes() == first.pdf.read_bytes()


def test_output_folder_holds_no_temporary_files(demo_packs):
    _, built = demo_packs
    for _, result in built.values():
        assert sorted(p.suffix for p in Path(result.pdf).parent.iterdir()) == [".html", ".pdf", ".xlsx"]
