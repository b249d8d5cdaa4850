"""A month a newer extract revises is marked as a revision in the next pack's "What changed", as any revised
figure is: the Q3 2025-26 pack published from the extract as at 31 December 2025 showed 30 referrals in the
quarter; the extract as at 31 March 2026 has 33 for it (three recorded late in December), so the Q4 pack says
"Q3 2025-26: now 33, was 30" and marks the 33 "r". Published without the layout (the archive's figures are the
point), and the Q4 pack laid out as HTML only."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.inputs.load import load
from publisher.inputs.packs import load_pack
from publisher.inputs.project import load_project
from publisher.output.build import pack_html, pack_scorecard
from publisher.publish import archive
from publisher.publish.previous import previous_pack
from publisher.publish.published import published_figures

from ..shared import BUILT_AT
from .extract import write_book
from .test_import import PACK, project

REGISTRY = """\
priority: {id: safeguarding, title: Safeguarding, order: 1, lead: Jo Bloggs}
indicators:
  - {reference: SG1, title: Referrals in the quarter, unit: count, polarity: none,
     decimals: 0, calculation: {numerator: annexa.referrals, window: period}}
"""


def extract(path: Path, december: int, later: int) -> Path:
    """Ten referrals in each of October and November 2025, ``december`` in December, ``later`` a month after."""
    days = [dt.date(2025, 10, 1 + n) for n in range(10)] + [dt.date(2025, 11, 1 + n) for n in range(10)]
    days += [dt.date(2025, 12, 1 + n) for n in range(december)]
    days += [dt.date(2026, m, 1 + n) for m in (1, 2, 3) for n in range(later)]
    rows = [[f"C{n}", day, "No"] for n, day in enumerate(days)]
    return write_book(path, {"List 3": (["Child Unique ID", "Date of Referral", "Referral NFA?"], rows)})


@pytest.fixture
def laid_out_fast(monkeypatch):
    """Publishing without WeasyPrint: a small page and a stand-in PDF."""
    monkeypatch.setattr(archive, "pack_html", lambda loaded, pack, at, draft, scorecard, previous=None: "<html/>")
    monkeypatch.setattr(archive, "write_pdf", lambda html, *a: b"%PDF " + hashlib.sha256(html.encode()).digest())


def test_a_month_a_newer_extract_revises_is_a_revision_in_what_changed(tmp_path, laid_out_fast, capsys):
    root = project(tmp_path / "p")
    (root / "indicators").mkdir()
    (root / "indicators/sg.yaml").write_text(REGISTRY)
    (root / "packs").mkdir()
    (root / "packs/board.yaml").write_text(PACK.replace("Q4 2025-26", "Q3 2025-26"))
    output = str(tmp_path / "out")
    imported = ["annex-a", "import", "--months", "6", "--project", str(root)]
    assert main([*imported, str(extract(tmp_path / "dec.xlsx", 10, 0)), "--as-at", "2025-12-31"]) == 0
    assert main(["-q", "publish", "--project", str(root), "--pack", "board", "--date", "2026-01-20", "--reason",
                 "agreed", "--allow-unapproved", "--output", output]) == 0  # fmt: skip
    capsys.readouterr()
    assert main([*imported, str(extract(tmp_path / "mar.xlsx", 13, 8)), "--as-at", "2026-03-31"]) == 0
    assert "revised: Dec 2025 annexa.referrals: 10 -> 13 (+3)" in capsys.readouterr().out
    assert main(["changes", "--project", str(root), "--pack", "board", "--period", "Q4 2025-26", "--output",
                 output]) == 0  # fmt: skip
    said = capsys.readouterr().out
    assert "  SG1 Referrals in the quarter: Q3 2025-26: now 33, was 30 in the last pack" in said
    (root / "packs/board.yaml").write_text(PACK)  # the Q4 pack, laid out as HTML: its table marks the figure
    loaded = load(load_project(root))
    pack, published = load_pack(root / "packs/board.yaml", loaded.registry), tmp_path / "out" / "archive"
    scorecard = pack_scorecard(loaded, pack, published_figures(published, loaded.registry))
    previous = previous_pack(published, "board", pack.period)
    html = pack_html(loaded, pack, BUILT_AT, scorecard=scorecard, previous=previous, sparkline=lambda *_: b"",
                     chart=lambda _: b"<svg/>")  # fmt: skip
    assert '33<span class="revised-mark" title="revised since the last pack">r</span>' in html
