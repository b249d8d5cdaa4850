"""Shared by the publishing tests: the demo's scrutiny pack published once (the slow part), copied per test; a fast
stand-in for the layout, and one that fails if the pack is built at all; and a council: the demo cut to the key
indicators that pack shows, with members to mail through the SMTP server. The cut demo (small_demo,
key_indicators_demo) and the server (smtp_server, its certificate authority, password) are in tests/conftest.py:
the commentary round's tests use them too."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.output import build
from publisher.publish import archive

from ..conftest import REFUSED, free_port
from ..conftest import STALL as STALL  # re-exported: the stall tests import it from here
from ..conftest import key_indicators_demo as key_indicators_demo  # re-exported: test_archive imports it from here
from ..shared import made_once

PACK, PERIOD, PUBLISHED_AT = "scrutiny-overview", "2026-27-Q2", "2026-12-02"
MEMBERS = [("Cllr Ann Able", "ann.able@northbridge.example.gov.uk"), ("Cllr Gone", REFUSED),
           ("Cllr Bob Baker", "bob.baker@northbridge.example.gov.uk")]  # fmt: skip
CLIENT_TIMEOUT = 1.0  # what the stall tests give the client: far below STALL, far above any answer on a busy machine


def version_folder(output: Path, number: int = 1) -> Path:
    return output / "archive" / PACK / PERIOD / f"v{number}"


def _publish_demo(output: Path) -> None:
    assert main(["-q", "publish", "--allow-unapproved", "--pack", PACK, "--reason", "agreed", "--by", "Clerk", "--date", PUBLISHED_AT,
                 "--output", str(output)]) == 0  # fmt: skip


@pytest.fixture(scope="session")
def published_once(tmp_path_factory) -> Path:
    """An output folder holding the demo's scrutiny pack published as v1, once per run: copy it, never change it."""
    return made_once(tmp_path_factory.getbasetemp(), {"published-once": _publish_demo})["published-once"]


@pytest.fixture
def output(tmp_path, published_once) -> Path:
    """A copy of the published output for this test to change."""
    copy = tmp_path / "out"
    shutil.copytree(published_once, copy, symlinks=True)
    return copy


@pytest.fixture
def fast_build(monkeypatch):
    """Publishing without the layout: a small HTML page and a fake PDF derived from it (the archive is the point)."""

    def html(loaded, pack, published_at, draft, scorecard, previous=None):
        return f"<html><body>{pack.name} {published_at.isoformat()}</body></html>"

    def pdf(html, base, roots, variant, attachments):
        return b"%PDF-1.7 not laid out " + hashlib.sha256(html.encode()).hexdigest().encode()

    monkeypatch.setattr(archive, "pack_html", html)
    monkeypatch.setattr(archive, "write_pdf", pdf)


@pytest.fixture
def nothing_built(monkeypatch):
    """Publishing that fails the test (exit 3) if it scores or lays out the pack: for a refusal due before."""

    def built(*args, **kwargs):
        raise AssertionError("the pack was built before the publish was refused")

    for module in (build, archive):  # the command scores the pack for its own refusals, then publish does
        monkeypatch.setattr(module, "pack_scorecard", built)
    monkeypatch.setattr(archive, "write_pdf", built)


def write_members(project: Path, members: list[tuple[str, str]]) -> Path:
    path = project / "distribution.yaml"
    lines = "\n".join(f"    - {{name: {name}, email: '{address}'}}" for name, address in members)
    path.write_text(f"committees:\n  {PACK}:\n{lines}\n", encoding="utf-8")
    return path


def _mail_settings(project: Path, port: int, cafile: Path) -> None:
    write_members(project, MEMBERS)
    with (project / "publisher.yaml").open("a", encoding="utf-8") as stream:
        stream.write(f"distribution: distribution.yaml\nsmtp:\n  host: 127.0.0.1\n  port: {port}\n  user: clerk\n"
                     f"  sender: performance@northbridge.example.gov.uk\n  cafile: {cafile}\n")  # fmt: skip


@pytest.fixture
def council(small_demo, smtp_server, output):
    """The demo cut to its key indicators with a distribution list and SMTP settings, and its scrutiny pack
    published as v1 (from the whole demo: circulate reads the pack's definition, not its figures)."""
    mailbox, port, cafile = smtp_server
    _mail_settings(small_demo, port, cafile)
    return small_demo, output, mailbox


@pytest.fixture
def unmailed_council(small_demo, certificate_authority, output):
    """The council with no mail server behind its settings: for dry runs that stop at the distribution list."""
    _mail_settings(small_demo, free_port(), certificate_authority[1])
    return small_demo, output


def circulate(project: Path, output: Path, *extra: str) -> int:
    return main(["circulate", "--project", str(project), "--pack", PACK, "--output", str(output), *extra])
