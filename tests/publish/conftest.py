"""Shared by the publishing tests: the demo's scrutiny pack published once (the slow part), copied per test; the
demo cut to the key indicators that pack shows, for commands that load the whole project; a fast stand-in for the
layout, and one that fails if the pack is built at all; and a real SMTP server on 127.0.0.1 with STARTTLS, a
certificate authority made here, and members who can be made to misbehave once each (refused at MAIL or DATA, a
dropped connection, a stall)."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import socket
import ssl
import threading
from pathlib import Path

import pytest
import trustme
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from publisher.cli import main
from publisher.inputs.registry import load_registry
from publisher.output import build
from publisher.publish import archive

from ..formkit import demo_copy
from ..shared import made_once

PACK, PERIOD, PUBLISHED_AT = "scrutiny-overview", "2026-27-Q2", "2026-12-02"
REFUSED = "cllr.gone@northbridge.example.gov.uk"
MEMBERS = [("Cllr Ann Able", "ann.able@northbridge.example.gov.uk"), ("Cllr Gone", REFUSED),
           ("Cllr Bob Baker", "bob.baker@northbridge.example.gov.uk")]  # fmt: skip
STALL = 60.0  # at most, seconds the server sits on a message it was told to stall: until the test ends, in fact
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


class Mailbox:
    """What the server received; ``misbehave`` maps an address to what to do to its next message, once."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.misbehave: dict[str, str] = {}
        self.hold = 0.0  # seconds to sit on every accepted message before answering
        self.receiving = threading.Event()  # set when a message has started to arrive
        self.released = threading.Event()  # set when the test is over: a stalled message is let go
        self.transactions = 0
        self.refuse_mail_at = 0  # refuse this MAIL FROM (1 for the first), as a server refusing a character would

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.transactions += 1
        if self.transactions == self.refuse_mail_at:
            return "553 5.1.7 invalid character in sender address"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.receiving.set()
        for address in envelope.rcpt_tos:
            action = self.misbehave.pop(address, None)
            if action == "data":
                return "554 5.6.0 message refused: content not accepted"
            if action == "disconnect":
                server.transport.close()
                return "421 4.3.0 closing"
            if action == "stall":
                await self.stall()
                return "451 4.3.0 too late"
        if self.hold:
            await asyncio.sleep(self.hold)
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    async def stall(self) -> None:
        """Sit on the message until the test is over (or STALL seconds), however long the client waits."""
        deadline = asyncio.get_running_loop().time() + STALL
        while not self.released.is_set() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)

    def recipients(self) -> list[str]:
        return sorted(r for recipients, _ in self.messages for r in recipients)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"clerk" and auth_data.password == b"s3cret"
    return AuthResult(success=ok)


@pytest.fixture(scope="session")
def certificate_authority(tmp_path_factory):
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, path


@pytest.fixture
def smtp_server(certificate_authority):
    ca, cafile = certificate_authority
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=authenticate, auth_require_tls=True, auth_required=True)  # fmt: skip
    controller.start()
    yield mailbox, port, cafile
    mailbox.released.set()
    controller.stop()


def write_members(project: Path, members: list[tuple[str, str]]) -> Path:
    path = project / "distribution.yaml"
    lines = "\n".join(f"    - {{name: {name}, email: '{address}'}}" for name, address in members)
    path.write_text(f"committees:\n  {PACK}:\n{lines}\n", encoding="utf-8")
    return path


def _keep_key_indicators(folder: Path) -> None:
    """The demo with only its key indicators, their series, benchmarks and commentary: the scrutiny pack shows no
    others, and every command loads the whole project first (this one in 40% of the demo's time)."""
    demo_copy(folder)
    for path in (folder / "indicators").glob("*.yaml"):
        _rewrite(path, lambda doc: doc | {"indicators": [i for i in doc["indicators"] if i.get("key")]})
    registry = load_registry(folder / "indicators")
    references = {indicator.reference for indicator in registry.indicators}
    _keep_rows(folder / "demo" / "data" / "observations.csv", registry.series)
    _keep_rows(folder / "demo" / "data" / "benchmarks.csv", references)
    for path in (folder / "demo" / "commentary").glob("*.yaml"):
        _rewrite(path, lambda doc: doc | {"indicators": {r: c for r, c in doc["indicators"].items() if r in references}})


def _rewrite(path: Path, change) -> None:
    path.write_text(yaml.safe_dump(change(yaml.safe_load(path.read_bytes())), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")  # fmt: skip


def _keep_rows(path: Path, first_cells: set[str]) -> None:
    heading, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(heading + "".join(row for row in rows if row.split(",", 1)[0] in first_cells), encoding="utf-8")


def key_indicators_demo(base: Path) -> Path:
    """The demo cut to its key indicators, made once per run: load it, copy it, never change it."""
    return made_once(base, {"key-indicators": _keep_key_indicators})["key-indicators"] / "demo"


@pytest.fixture
def small_demo(tmp_path, tmp_path_factory) -> Path:
    """A copy of the demo cut to its key indicators, for this test to change: enough for the scrutiny pack, which
    shows no others (publish reads its definition and its figures, and this one loads faster)."""
    made = key_indicators_demo(tmp_path_factory.getbasetemp())
    for name in ("demo", "indicators"):
        shutil.copytree(made.parent / name, tmp_path / name)
    return tmp_path / "demo"


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


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("PUBLISHER_SMTP_PASSWORD", "s3cret")


def circulate(project: Path, output: Path, *extra: str) -> int:
    return main(["circulate", "--project", str(project), "--pack", PACK, "--output", str(output), *extra])
