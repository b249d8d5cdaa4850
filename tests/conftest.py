import asyncio
import shutil
import socket
import ssl
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import trustme
import weasyprint  # noqa: F401  so a command a test runs here (main(argv)) lays out here: see below
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from publisher.inputs.load import Loaded, load
from publisher.inputs.packs import Pack, load_pack, pack_files
from publisher.inputs.project import load_project
from publisher.inputs.registry import load_registry

from .formkit import demo_copy
from .shared import BUILT_AT, Built, Warnings, build_pack, made_once

# WeasyPrint is imported above, so a command a test runs in this process lays out its PDF here, as a second build
# in one process does, and starts no second process for the import (tests/output/test_pdf.py and the tests that
# run the command as a process cover that one).

VALID_REGISTRY = """\
priority:
  id: care-leavers
  title: Priority 3 - Care leavers
  order: 3
  lead: Jo Bloggs
indicators:
  - reference: CL3.1
    title: Care leavers in education, employment or training
    unit: percentage
    polarity: high
    calculation:
      numerator: cl_eet
      denominator: cl_all
      window: snapshot
    targets:
      "2024-25": 60
    rag:
      rule: target_tolerance
      tolerance: 5
  - reference: CL3.2
    title: Care leavers in unsuitable accommodation
    unit: count
    polarity: low
    calculation:
      numerator: cl_unsuitable
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    write(tmp_path / "indicators", "03-care-leavers.yaml", VALID_REGISTRY)
    return tmp_path / "indicators"


DemoPacks = tuple[Loaded, dict[str, tuple[Pack, Built]]]


def _demo_packs(loaded: Loaded) -> dict[str, Pack]:
    return {pack.name: pack for pack in (load_pack(p, loaded.registry) for p in pack_files(loaded.project.packs_dir))}


def _builder(name: str) -> Callable[[Path], None]:
    def build(output: Path) -> None:
        loaded = load(load_project())
        with Warnings() as warnings:
            build_pack(loaded, _demo_packs(loaded)[name], output, BUILT_AT)
        assert [r.getMessage() for r in warnings.records] == []

    return build


@pytest.fixture(scope="session")
def demo_packs(tmp_path_factory) -> DemoPacks:
    """Every demo pack built once per run as the README's `make demo` builds it (any WeasyPrint warning fails):
    the loaded demo and, by pack name, the pack and its files. Read them; copy them to change them."""
    loaded = load(load_project())
    packs = _demo_packs(loaded)
    folders = made_once(tmp_path_factory.getbasetemp(), {f"demo-{name}": _builder(name) for name in packs})
    built = {}
    for name, pack in packs.items():
        files = [next(folders[f"demo-{name}"].rglob(f"*.{kind}")) for kind in ("pdf", "html", "xlsx")]
        built[name] = (pack, Built(*files))
    return loaded, built


# Shared by the publishing and the commentary-round tests (tests/publish/, tests/commentary/): the demo cut to
# its key indicators, and a real SMTP server on 127.0.0.1 with STARTTLS, a certificate authority made here, and
# recipients who can be made to misbehave once each (refused at MAIL or DATA, a dropped connection, a stall).

REFUSED = "cllr.gone@northbridge.example.gov.uk"
STALL = 60.0  # at most, seconds the server sits on a message it was told to stall: until the test ends, in fact


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


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("PUBLISHER_SMTP_PASSWORD", "s3cret")
