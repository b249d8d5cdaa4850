"""Nothing prints over the running header: read from the built PDF with poppler's ``pdftotext -bbox``.

A glossary laid out as a grid split a term from its meaning at a page break and printed the meaning over the
next page's header; each term and meaning is now one block kept on one page (notes.html, pack.css)."""

import datetime as dt
import re
import subprocess
from html import unescape
from pathlib import Path

from publisher.core.resources import default_dir
from publisher.output.build import allowed_roots, pack_html
from publisher.output.pdf import write_pdf

BUILT_AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


def pdf_pages(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's words as (top, bottom, text), in pdftotext's reading order."""
    found = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = re.findall(r"<page [^>]*>(.*?)</page>", found.stdout, re.S)
    return [[(float(top), float(bottom), unescape(text)) for top, bottom, text in WORD.findall(p)] for p in pages]


def interleaved_pages(pdf: Path, header: str) -> list[tuple[int, str]]:
    """The pages (after the cover) where a word that is not the running header reaches up into its line."""
    pages = pdf_pages(pdf)
    first = header.split()[0]
    line_top, line_bottom = next((w[0], w[1]) for w in pages[1] if w[2] == first)
    bad = []
    for number, words in enumerate(pages[1:], start=2):
        up = [w for w in words if w[0] < line_bottom]
        text = " ".join(w[2] for w in up)
        if not text.startswith(header) or any(abs(w[0] - line_top) > 0.5 for w in up):
            bad.append((number, text))
    return bad


def header_of(html: str) -> str:
    return unescape(re.search(r'data-header="([^"]*)"', html)[1])


def test_no_demo_page_prints_over_the_running_header(demo_packs):
    _, built = demo_packs
    for _, files in built.values():
        header = header_of(files.html.read_text(encoding="utf-8"))
        assert interleaved_pages(files.pdf, header) == [], files.pdf.name


def test_a_glossary_falling_across_pages_keeps_each_term_with_its_meaning(demo_packs, tmp_path):
    loaded, built = demo_packs
    pack, _ = built["scrutiny-overview"]
    html = pack_html(loaded, pack, BUILT_AT)
    # three times the terms, so that page breaks fall inside the lists (this one fell mid-term before the fix)
    html = re.sub(r'(<dl class="glossary">)(.*?)(</dl>)', lambda m: m[1] + m[2] * 3 + m[3], html, flags=re.S)
    # without At a glance and the priorities, a quarter of the layout: the grids overprinted here too (page 4)
    html = re.sub(r'<section class="(glance|priority)".*?</section>', "", html, flags=re.S)
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(write_pdf(html, tmp_path, allowed_roots(loaded), None))
    assert interleaved_pages(pdf, header_of(html)) == []


def test_a_status_word_in_a_narrow_column_is_never_broken_mid_word(tmp_path):
    """"In developmen t", "Suppress ed": a word too wide for its column overflows its padding whole instead."""
    css = (default_dir("styles") / "pack.css").read_text(encoding="utf-8")
    cells = "".join(f'<td class="num no-figure">{word}</td>' for word in ("In development", "Suppressed", "Not yet due"))
    html = (f"<html lang='en'><title>t</title><style>{css} td {{ width: 9mm; }}</style>"
            f"<table class='scorecard' style='width: auto; table-layout: fixed'><tr>{cells}</tr></table></html>")  # fmt: skip
    pdf = tmp_path / "narrow.pdf"
    pdf.write_bytes(write_pdf(html, tmp_path, [tmp_path], None))
    words = {w[2] for w in pdf_pages(pdf)[0]}  # the cells' words, and the page's footer ("Page 1 of 1")
    assert {"In", "development", "Suppressed", "Not", "yet", "due"} <= words
