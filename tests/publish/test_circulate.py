"""Circulation through a real SMTP server on 127.0.0.1 with STARTTLS and a certificate authority made here."""

import email
import json
import shutil
import socket
import ssl
import time
from email import policy
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from publisher.cli import main
from publisher.core.resources import default_dir

REFUSED = "cllr.gone@northbridge.example.gov.uk"
MEMBERS = [("Cllr Ann Able", "ann.able@northbridge.example.gov.uk"), ("Cllr Gone", REFUSED),
           ("Cllr Bob Baker", "bob.baker@northbridge.example.gov.uk")]  # fmt: skip


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"clerk" and auth_data.password == b"s3cret"
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server(tmp_path):
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=authenticate, auth_require_tls=True, auth_required=True)  # fmt: skip
    controller.start()
    yield mailbox, port, tmp_path / "ca.pem"
    controller.stop()


@pytest.fixture
def council(tmp_path, smtp_server):
    """A copy of the demo with a distribution list and SMTP settings, with the scrutiny pack published."""
    mailbox, port, cafile = smtp_server
    shutil.copytree(default_dir("demo"), tmp_path / "demo")
    shutil.copytree(default_dir("indicators"), tmp_path / "indicators")
    project = tmp_path / "demo"
    lines = "\n".join(f"    - {{name: {name}, email: {address}}}" for name, address in MEMBERS)
    (project / "distribution.yaml").write_text(f"committees:\n  scrutiny-overview:\n{lines}\n", encoding="utf-8")
    with (project / "publisher.yaml").open("a", encoding="utf-8") as stream:
        stream.write(f"distribution: distribution.yaml\nsmtp:\n  host: 127.0.0.1\n  port: {port}\n  user: clerk\n"
                     f"  sender: performance@northbridge.example.gov.uk\n  cafile: {cafile}\n")  # fmt: skip
    output = tmp_path / "out"
    assert main(["publish", "--project", str(project), "--pack", "scrutiny-overview", "--date", "2026-12-02",
                 "--output", str(output)]) == 0  # fmt: skip
    return project, output, mailbox


def circulate(project, output, *extra):
    return main(
        ["circulate", "--project", str(project), "--pack", "scrutiny-overview", "--output", str(output), *extra]
    )


def archived_pdf(output: Path) -> bytes:
    return next((output / "archive").rglob("*.pdf")).read_bytes()


def wait_for(mailbox, count):
    for _ in range(50):
        if len(mailbox.messages) >= count:
            return
        time.sleep(0.05)


def test_each_member_gets_the_archived_pdf_and_a_refusal_does_not_stop_the_others(council, monkeypatch, capsys):
    project, output, mailbox = council
    monkeypatch.setenv("PUBLISHER_SMTP_PASSWORD", "s3cret")
    assert circulate(project, output) == 1  # one recipient refused: reported, not hidden
    wait_for(mailbox, 2)
    assert sorted(r for recipients, _ in mailbox.messages for r in recipients) == [
        "ann.able@northbridge.example.gov.uk", "bob.baker@northbridge.example.gov.uk"]  # fmt: skip
    message = email.message_from_bytes(mailbox.messages[0][1], policy=policy.default)
    assert (
        message["Subject"]
        == "[OFFICIAL] Children and Young People Scrutiny Committee: Children's services key indicators, Q2 2026-27"
    )
    attachment = next(message.iter_attachments())
    assert attachment.get_content() == archived_pdf(output)
    assert "HTML version is at" in message.get_body(("plain",)).get_content()
    out = capsys.readouterr().out
    assert f"refused: {REFUSED} (550 5.1.1 mailbox unavailable)" in out
    log = [json.loads(line) for line in next(output.rglob("sent.jsonl")).read_text().splitlines()]
    assert [entry["result"] for entry in log] == ["sent", "refused", "sent"]
    assert main(["archive", "verify", "--output", str(output)]) == 0


def test_a_re_run_sends_nothing_twice(council, monkeypatch, capsys):
    project, output, mailbox = council
    monkeypatch.setenv("PUBLISHER_SMTP_PASSWORD", "s3cret")
    circulate(project, output)
    wait_for(mailbox, 2)
    first = len(mailbox.messages)
    circulate(project, output)
    time.sleep(0.2)
    assert first == 2 and len(mailbox.messages) == 2  # only the refused member was tried again


def test_dry_run_prints_and_opens_no_connection(council, monkeypatch, capsys):
    project, output, mailbox = council

    def no_connection(*args, **kwargs):
        raise AssertionError("dry run opened a connection")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    assert circulate(project, output, "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.count("would send to") == 3 and "[OFFICIAL]" in out
    assert mailbox.messages == []


def test_an_untrusted_certificate_is_refused(council, monkeypatch, tmp_path, capsys):
    project, output, mailbox = council
    monkeypatch.setenv("PUBLISHER_SMTP_PASSWORD", "s3cret")
    trustme.CA().cert_pem.write_to_path(str(tmp_path / "other-ca.pem"))
    config = project / "publisher.yaml"
    config.write_text(config.read_text().replace(str(tmp_path / "ca.pem"), str(tmp_path / "other-ca.pem")))
    assert circulate(project, output) == 1
    assert "could not be verified" in capsys.readouterr().err and mailbox.messages == []


def test_the_password_only_comes_from_the_environment(council, monkeypatch, capsys):
    project, output, _ = council
    monkeypatch.delenv("PUBLISHER_SMTP_PASSWORD", raising=False)
    assert circulate(project, output) == 1
    assert "'PUBLISHER_SMTP_PASSWORD': set it to the password" in capsys.readouterr().err
    config = project / "publisher.yaml"
    config.write_text(config.read_text() + "  password: s3cret\n")
    assert circulate(project, output) == 1
    assert "secrets must not be kept in files" in capsys.readouterr().err


def test_line_breaks_in_names_are_rejected(council, capsys):
    project, output, _ = council
    path = project / "distribution.yaml"
    path.write_text(
        'committees:\n  scrutiny-overview:\n    - {name: "Cllr X\\r\\nBcc: all@evil.example", email: x@y.gov.uk}\n'
    )
    assert circulate(project, output, "--dry-run") == 1
    assert "must be on one line" in capsys.readouterr().err
