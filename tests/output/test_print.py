"""The pack on paper: type sizes measured from the PDF, pages filled, and the compact layout's length.

Sizes and positions are read back with pdfminer.six from the built PDF (its content streams tokenised by
pikepdf), every text run of every page, so a stylesheet change that shrinks a line below its floor fails here
whatever the CSS says.
"""

import io
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from pdfminer.converter import PDFPageAggregator
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTFigure, LTPage, LTTextContainer, LTTextLine
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import LIT
from pypdf import PdfReader

from publisher.core.vocab import ChartPlacement, ChartScope
from publisher.inputs.load import load
from publisher.inputs.packs import Charts, Selection, load_pack
from publisher.inputs.project import load_project

from ..shared import BUILT_AT, build_pack, pdf_pages
from .scorecard47 import project as scorecard47

MM = 72 / 25.4
TOP_MARGIN, BOTTOM_MARGIN = 17 * MM, 15 * MM  # pack.css @page margins


def build(folder: Path | None, name: str, output: Path, **options) -> Path:
    loaded = load(load_project(folder))
    pack = load_pack(loaded.project.packs_dir / f"{name}.yaml", loaded.registry)
    pack = replace(pack, definition=pack.definition.model_copy(update=options))
    return build_pack(loaded, pack, output, BUILT_AT).pdf


@pytest.fixture
def demo_pdf(demo_packs):
    return demo_packs[1]["corporate-parenting-board"][1].pdf


@pytest.fixture(scope="module")
def charts_pdf(tmp_path_factory):
    """The scrutiny pack (portrait), its safeguarding section, with a chart beside each key indicator's row (six):
    the charts' text is measured too."""
    charts = Charts(show=ChartScope.KEY, placement=ChartPlacement.BESIDE_ROW)
    safeguarding = [Selection(priority="safeguarding")]
    return build(None, "scrutiny-overview", tmp_path_factory.mktemp("charts"), charts=charts, priorities=safeguarding)


@pytest.fixture(scope="module")
def compact_pdf(tmp_path_factory):
    folder = scorecard47(tmp_path_factory.mktemp("w47") / "council", "compact")  # defaults
    return build(folder, "board", folder / "output")


def lines(page: LTPage) -> list[tuple[str, float, float, float]]:
    """Every text line of a page: (text, smallest and largest character size, bottom y). The text of a drawing
    (a chart is SVG, drawn as a form) is one entry per drawing."""
    found = []
    for box in page:
        if isinstance(box, LTTextContainer):
            for line in box:
                sizes = [size(c) for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                if isinstance(line, LTTextLine) and sizes:
                    found.append((line.get_text().strip(), min(sizes), max(sizes), line.y0))
        elif isinstance(box, LTFigure):
            chars = [c for c in chars_in(box) if c.get_text().strip()]
            if chars:
                sizes = [size(c) for c in chars]
                found.append(("".join(c.get_text() for c in chars), min(sizes), max(sizes), min(c.y0 for c in chars)))
    return found


def size(char: LTChar) -> float:
    """A character's type size; pdfminer's ``size`` of a character turned 90 degrees (a chart's axis title) is
    its advance, and its width is its size."""
    return char.size if char.upright else char.width


def chars_in(figure: LTFigure) -> list[LTChar]:
    return [item for part in figure for item in (chars_in(part) if isinstance(part, LTFigure) else [part])
            if isinstance(item, LTChar)]  # fmt: skip


OPERATOR_METHODS = str.maketrans({"*": "_a", '"': "_w", "'": "_q"})  # as pdfminer names its do_ methods


def pdfminer_value(operand: object) -> object:
    """An operand as pdfminer's own parser gives it: names as literals, strings as bytes, reals as floats."""
    if isinstance(operand, Decimal):
        return float(operand)
    if isinstance(operand, pikepdf.Name):
        return LIT(str(operand)[1:])
    if isinstance(operand, pikepdf.String):
        return bytes(operand)
    if isinstance(operand, pikepdf.Array):
        return [pdfminer_value(item) for item in operand]
    if isinstance(operand, pikepdf.Dictionary):
        return {str(key)[1:]: pdfminer_value(item) for key, item in operand.items()}
    return operand  # an integer, a boolean or null


class Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter with the content streams tokenised by pikepdf (qpdf, in C++): pdfminer's tokeniser,
    in Python, is half its time on these packs. pdfminer still runs every operator and lays out the page; an inline
    image (none here; never text) is passed over."""

    def __init__(self, resources: PDFResourceManager, device: PDFPageAggregator, pdf: pikepdf.Pdf) -> None:
        super().__init__(resources, device)
        self.pdf = pdf

    def subinterp(self) -> "Interpreter":
        """The interpreter of a form's content (a chart)."""
        return Interpreter(self.rsrcmgr, self.device, self.pdf)

    def execute(self, streams: Sequence[object]) -> None:
        content = b"\n".join(self.pdf.get_object(stream_value(s).objid, 0).read_bytes() for s in streams)
        for operands, operator in pikepdf.parse_content_stream(pikepdf.Stream(self.pdf, content)):
            run = getattr(self, f"do_{str(operator).translate(OPERATOR_METHODS)}", None)
            if run:
                run(*map(pdfminer_value, operands))


@cache
def pages(pdf: Path) -> tuple[list[tuple[str, float, float, float]], ...]:
    """Every page's lines, read once per worker (each PDF here is built once and never changed). Written again
    without object streams first: pdfminer parses a whole object stream to read one object, and WeasyPrint packs
    the structure tree into the streams that hold the pages and fonts."""
    flat = io.BytesIO()
    with pikepdf.open(pdf) as built:
        built.save(flat, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    with pikepdf.open(flat) as read:
        device = PDFPageAggregator(PDFResourceManager(), laparams=LAParams())
        interpreter = Interpreter(device.rsrcmgr, device, read)
        return tuple(lines(laid_out(interpreter, device, page)) for page in PDFPage.get_pages(flat))


def laid_out(interpreter: Interpreter, device: PDFPageAggregator, page: PDFPage) -> LTPage:
    """The page as pdfminer lays it out (its device holds one page at a time)."""
    interpreter.process_page(page)
    return device.get_result()


def too_small(read: tuple[list[tuple[str, float, float, float]], ...]) -> list[tuple[int, str, float]]:
    """Each line of read pages with a character under 7.5 pt: page number, text and its smallest size."""
    return [(n, text, size) for n, page in enumerate(read, 1) for text, size, _, _ in page if size < 7.49]


def test_no_text_is_below_7_5_pt(demo_pdf, compact_pdf, charts_pdf):
    assert any("Sep26" in text for page in pages(charts_pdf) for text, *_ in page)  # a chart's axis, as text
    for pdf in (demo_pdf, compact_pdf, charts_pdf):
        assert too_small(pages(pdf)) == []


@pytest.fixture(scope="module")
def six_pt_pdf(charts_pdf, tmp_path_factory):
    """The charts pack's fourth page alone (a table with a chart beside each row), its first text run in 6 pt."""
    path = tmp_path_factory.mktemp("six-pt") / "six-pt.pdf"
    with pikepdf.open(charts_pdf) as pdf:
        page = pdf.pages[3]
        content = pikepdf.parse_content_stream(page)
        first = next(n for n, (_, operator) in enumerate(content) if str(operator) == "Tf")
        font = content[first].operands[0]
        content[first] = pikepdf.ContentStreamInstruction([font, 8], pikepdf.Operator("Tf"))  # px: cm is 0.75
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(content))
        del pdf.pages[4:], pdf.pages[:3]
        pdf.save(path)
    return path


def test_the_pages_are_read_as_pdfminer_reads_them_and_a_6_pt_run_is_found(six_pt_pdf):
    """``pages`` feeds pdfminer's interpreter from pikepdf: it must read a page, charts and all, as pdfminer's
    own ``extract_pages`` does, and see the one run set too small."""
    read = pages(six_pt_pdf)
    assert read == tuple(lines(page) for page in extract_pages(six_pt_pdf))
    assert [(n, round(size, 2)) for n, _, size in too_small(read)] == [(1, 6.0)]


def sizes_of(pdf: Path, wanted: str) -> list[float]:
    return [size for page in pages(pdf) for text, size, _, _ in page if wanted in text]


def test_titles_and_figures_are_at_least_9_pt_and_commentary_9_5_pt(demo_pdf):
    # hand-picked from the demo: CP1.4's title, its current figure (9.8%), a sentence of its commentary
    title = sizes_of(demo_pdf, "Children looked after with 3 or more")
    figure = sizes_of(demo_pdf, "9.8%")
    commentary = sizes_of(demo_pdf, "The proportion of children with three or more placements has risen")
    assert title and figure and commentary
    assert min(title) >= 8.99 and min(figure) >= 8.99 and min(commentary) >= 9.49  # PDF sizes carry rounding


def fill(page: list[tuple[str, float, float, float]], height: float) -> float:
    """How far down the page's content area the lowest line of content reaches (0 to 1)."""
    content = [y for text, _, _, y in page if BOTTOM_MARGIN + 2 < y < height - TOP_MARGIN]
    lowest = min(content, default=height - TOP_MARGIN)
    return (height - TOP_MARGIN - lowest) / (height - TOP_MARGIN - BOTTOM_MARGIN)


def starts_a_section(page: list[tuple[str, float, float, float]], height: float) -> bool:
    """A page whose first line of content is a heading of 14pt or more (a priority, the notes...)."""
    content = sorted((line for line in page if line[3] < height - TOP_MARGIN), key=lambda line: -line[3])
    return bool(content) and content[0][2] >= 14


@pytest.mark.parametrize("which", ["demo_pdf", "compact_pdf"])
def test_no_page_is_less_than_60_percent_full_except_the_last_of_a_section(which, request):
    pdf = request.getfixturevalue(which)
    height = float(PdfReader(pdf).pages[0].mediabox.height)
    read = pages(pdf)
    short = [n + 1 for n in range(len(read) - 1)
             if not starts_a_section(read[n + 1], height) and fill(read[n], height) < 0.6]  # fmt: skip
    assert short == []


def test_a_47_indicator_scorecard_fits_in_6_landscape_pages_compact(compact_pdf):
    """With At a glance saying why for its 13 red or worsening rows and each row's polarity, unit and period line
    (issue 25), as the issue's "Done when" asks."""
    reader = PdfReader(compact_pdf)
    assert len(reader.pages) <= 6
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = "\n".join(pdf_pages(compact_pdf))
    assert all(f"W{n}" in text for n in range(1, 48))
    assert text.count("High is good · % · Oct 2025 - Sep 2026") == 47  # the line under each title
