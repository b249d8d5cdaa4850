"""The PDF stage's own helpers (the sandbox and the built packs are tested in test_render and test_hostile)."""

import gc
import time
from pathlib import Path

import pydyf
import pytest

from publisher.output import pdf as pdf_stage
from publisher.output.pdf import RenderError, remember_page_references, write_pdf


def pydyf_original() -> property:
    current = pydyf.PDF.__dict__["page_references"]
    return getattr(current.fget, "original", current)


def test_remembered_page_references_follow_added_pages():
    remember_page_references()
    assert pydyf.PDF.__dict__["page_references"] is not pydyf_original()
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert first == pydyf_original().fget(pdf) and pdf.page_references is first  # built once, then kept
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == pydyf_original().fget(pdf) and len(pdf.page_references) == 4


def test_remembered_page_references_leave_the_pdf_byte_identical(tmp_path, monkeypatch):
    rows = "".join(f"<tr><th>R{n}</th><td>{n}</td></tr>" for n in range(200))
    html = f"<html lang='en'><title>t</title><table>{rows}</table></html>"
    remember_page_references()
    remembered = write_pdf(html, tmp_path, [tmp_path], "pdf/ua-1")
    monkeypatch.setattr(pydyf.PDF, "page_references", pydyf_original())
    monkeypatch.setattr(pdf_stage, "remember_page_references", lambda: None)
    time.sleep(1.1)  # a timestamp in the PDF would show as a difference
    plain = write_pdf(html, tmp_path, [tmp_path], "pdf/ua-1")
    assert pydyf.PDF.__dict__["page_references"] is pydyf_original()
    assert plain == remembered


def test_collector_settings_are_restored_after_a_failed_layout(tmp_path):
    before = gc.get_threshold()
    with pytest.raises(RenderError):
        write_pdf('<img src="http://169.254.169.254/x.png">', tmp_path, [tmp_path], None)
    assert gc.get_threshold() == before
    with pdf_stage.fewer_collections():
        assert gc.get_threshold() != before
    assert gc.get_threshold() == before


def test_nesting_depth_counts_open_elements_not_void_ones():
    assert pdf_stage._depth("<p>a<br>b<img src=x><span>c</span></p>") == 2
    assert pdf_stage._depth("<div>" * 201 + "</div>" * 201) == 201 > pdf_stage.MAX_DEPTH
    with pytest.raises(RenderError, match="nested too deeply"):
        write_pdf("<div>" * 201 + "x" + "</div>" * 201, Path("."), [Path(".")], None)
