"""Circulation through a real SMTP server on 127.0.0.1 with STARTTLS and a certificate authority made here:
each member once, whatever fails on the way."""

import email
import json
import shutil
import socket
import threading
import time
from email import policy
from pathlib import Path

import pytest
import trustme

from publisher.publish.chain import sha256

from .conftest import CLIENT_TIMEOUT, MEMBERS, PACK, REFUSED, STALL, circulate, version_folder, write_members

ANN, BOB = MEMBERS[0][1], MEMBERS[2][1]
CAROL, DAN = "carol.cole@northbridge.example.gov.uk", "dan.dale@northbridge.example.gov.uk"
FOUR = [MEMBERS[0], ("Cllr Carol Cole", CAROL), ("Cllr Dan Dale", DAN), MEMBERS[2]]


def archived_pdf(output: Path) -> bytes:
    return next((output / "archive").rglob("*.pdf")).read_bytes()


def send_log(output: Path) -> list[dict]:
    return [json.loads(line) for line in (version_folder(output) / "sent.jsonl").read_text().splitlines()]


def test_each_member_gets_the_archived_pdf_and_a_refusal_does_not_stop_the_others(council, password, capsys):
    project, output, mailbox = council
    assert circulate(project, output) == 1  # one recipient refused: reported, not hidden
    assert mailbox.recipients() == [ANN, BOB]
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
    assert f"2 sent, 0 already had it, 1 not delivered ({REFUSED})" in out
    assert [entry["result"] for entry in send_log(output)] == ["sent", "refused", "sent"]
    assert circulate_verify(output) == 0


def circulate_verify(output: Path) -> int:
    from publisher.cli import main

    return main(["archive", "verify", "--output", str(output)])


def test_a_re_run_sends_nothing_twice(council, password, capsys):
    """Backs the README's "a re-run sends nobody the same version twice" (with the test below for two at once)."""
    project, output, mailbox = council
    assert circulate(project, output) == 1
    assert mailbox.recipients() == [ANN, BOB]
    assert circulate(project, output) == 1  # only the refused member is tried again, and refused again
    write_members(project, [m for m in MEMBERS if m[1] != REFUSED])
    assert circulate(project, output) == 0
    assert mailbox.recipients() == [ANN, BOB]
    assert "everyone on the list already has this version; nothing sent" in capsys.readouterr().out


def test_two_circulates_at_once_mail_each_member_once(council, password, capsys):
    """Before the lock, the second read a send log the first had not yet written to, and mailed everyone again."""
    project, output, mailbox = council
    write_members(project, FOUR)
    mailbox.hold = 0.15  # the first circulate is still sending when the second starts
    codes = []
    first = threading.Thread(target=lambda: codes.append(circulate(project, output)))
    first.start()
    assert mailbox.receiving.wait(5)
    second = circulate(project, output)
    dry_run = circulate(project, output, "--dry-run")
    while_sending = circulate_verify(output)  # a send log part way through growing is not a problem
    first.join()
    assert (codes, second, dry_run, while_sending) == ([0], 1, 1, 0)
    assert mailbox.recipients() == sorted(address for _, address in FOUR)
    err = capsys.readouterr().err
    assert f"a circulation of {PACK} 2026-27-Q2 v1 is already under way (process" in err
    assert circulate(project, output, "--dry-run") == 0  # and afterwards nobody is left to send to
    assert "would send" not in capsys.readouterr().out


def test_a_member_listed_twice_is_mailed_once(council, password, capsys):
    project, output, mailbox = council
    again = "Ann.Able@NorthBridge.Example.GOV.UK"
    path = write_members(project, [MEMBERS[0], ("Ann Able (again)", again), MEMBERS[2], MEMBERS[0]])
    assert circulate(project, output) == 0
    assert mailbox.recipients() == [ANN, BOB]
    out = capsys.readouterr().out
    assert f"{path}:4: Ann.Able@northbridge.example.gov.uk is listed again (entry 2, first as entry 1)" in out
    assert f"{path}:6: {ANN} is listed again (entry 4, first as entry 1); it is sent once" in out


@pytest.mark.parametrize(
    "address",
    ["Cllr <x@northbridge.gov.uk>", "a.@northbridge.gov.uk", "x:y@northbridge.gov.uk", '\\"x y\\"@northbridge.gov.uk',
     ".a@northbridge.gov.uk", "a..b@northbridge.gov.uk", "ann@northbridge.gov.uk.", "a@b.gov.uk, c@d.gov.uk",
     "a(comment)@northbridge.gov.uk", "ann@localhost", "ann @northbridge.gov.uk", "ann@northbridge.gov.uk\\t",
     "ann\\u200b@northbridge.gov.uk", "zoë@northbridge.gov.uk", "ann@[127.0.0.1]", "ann@-x.gov.uk", "@x.gov.uk"],
)  # fmt: skip
def test_an_address_a_mail_library_could_read_otherwise_is_refused_at_load(unmailed_council, capsys, address):
    """The old check accepted most of these, and send_message() then re-read the To: header: "x:y@..." went to
    "x". Now an address must parse, with the email package, to exactly itself, in the plainest form."""
    project, output = unmailed_council
    path = project / "distribution.yaml"
    path.write_text(f'committees:\n  {PACK}:\n    - {{name: Cllr X, email: "{address}"}}\n', encoding="utf-8")
    assert circulate(project, output, "--dry-run") == 1
    err = capsys.readouterr().err
    assert f"{path}:3: 'committees.{PACK}[0].email': expected an e-mail address alone" in err
    assert "Traceback" not in err


def test_the_envelope_recipient_is_the_checked_address_whatever_the_name(council, password):
    """The name goes in the To: header, quoted; the message goes only to the address as checked."""
    project, output, mailbox = council
    tricky = [('"Cllr <evil@attacker.example>, Bcc: all"', ANN), ("'Cllr Zoë Ünal: Chair'", BOB)]
    write_members(project, tricky)
    assert circulate(project, output) == 0
    assert [recipients for recipients, _ in mailbox.messages] == [[ANN], [BOB]]
    to = [email.message_from_bytes(content, policy=policy.default)["To"] for _, content in mailbox.messages]
    assert to[0].addresses[0].addr_spec == ANN and to[0].addresses[0].display_name.startswith("Cllr <evil@")
    assert to[1].addresses[0].display_name == "Cllr Zoë Ünal: Chair"


@pytest.mark.parametrize("failure", ["refused at DATA", "refused at MAIL", "disconnect", "stall"])
def test_a_failure_for_one_member_is_recorded_and_the_run_goes_on(council, password, monkeypatch, capsys, failure):
    """Before, only a refusal at RCPT was caught: these stopped the run with exit 3, and the members after
    were never sent on any rerun. Now: recorded with the reason, the next member sent, exit 1 with a summary,
    and a rerun sends to exactly the one who did not get it."""
    project, output, mailbox = council
    monkeypatch.setattr("publisher.publish.circulate.SMTP_TIMEOUT", CLIENT_TIMEOUT)
    write_members(project, FOUR)
    if failure == "refused at MAIL":
        mailbox.refuse_mail_at = 2  # the second member's transaction
    else:
        mailbox.misbehave[CAROL] = {"refused at DATA": "data", "disconnect": "disconnect", "stall": "stall"}[failure]
    assert circulate(project, output) == 1
    assert mailbox.recipients() == [ANN, BOB, DAN]
    log = send_log(output)
    assert [(e["email"], e["result"]) for e in log] == [
        (ANN, "sent"), (CAROL, "refused" if failure.startswith("refused") else "failed"), (DAN, "sent"), (BOB, "sent")]  # fmt: skip
    reason = {"refused at DATA": "554 5.6.0 message refused", "refused at MAIL": "553 5.1.7 invalid character",
              "disconnect": "SMTPServerDisconnected", "stall": "timed out"}[failure]  # fmt: skip
    assert reason in log[1]["detail"]
    out = capsys.readouterr().out
    assert f"3 sent, 0 already had it, 1 not delivered ({CAROL})" in out
    assert "running the same command again sends to them, and to nobody else" in out
    mailbox.messages.clear()
    assert circulate(project, output) == 0
    assert mailbox.recipients() == [CAROL]
    assert circulate_verify(output) == 0


def damage(output: Path, how: str) -> Path:
    log = version_folder(output) / "sent.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    forged = json.loads(lines[0])
    forged.update(email=BOB, name="Cllr Bob Baker")
    changed = {
        "middle-line-deleted": lambda: lines[:1] + lines[2:],
        "last-line-deleted": lambda: lines[:-1],
        "first-line-edited": lambda: [lines[0].replace(b'"sent"', b'"failed"'), *lines[1:]],
        "last-line-edited": lambda: [*lines[:-1], lines[-1].replace(b'"sent"', b'"failed"')],
        "line-inserted": lambda: [lines[0], (json.dumps(forged) + "\n").encode(), *lines[1:]],
        "truncated": lambda: [*lines[:-1], lines[-1][:40]],
        "list-line": lambda: [*lines, b"[]\n"],
        "only-a-list": lambda: [b"[]"],
        "log-deleted": lambda: [],
    }[how]()
    if how == "log-deleted":
        log.unlink()
    else:
        log.write_bytes(b"".join(changed))
    return log


@pytest.mark.parametrize(
    ("how", "where"),
    [("middle-line-deleted", ":2: does not follow line 1"), ("last-line-deleted", ":2: ends at line 2, but sent.head"),
     ("first-line-edited", ":2: does not follow line 1: line 1 was edited"),
     ("last-line-edited", ":3: the last line is not the one sent.head records"),
     ("line-inserted", ":3: does not follow line 2"), ("truncated", ":3: incomplete line"),
     ("list-line", ":4: expected an entry (a JSON object), found a list"), ("only-a-list", ":1: incomplete line"),
     ("log-deleted", ": missing, but sent.head records 3 lines")],
)  # fmt: skip
def test_a_damaged_send_log_is_named_and_circulate_refuses_to_guess(council, password, capsys, how, where):
    """Before, a deleted or forged line mailed a member again or skipped one, and a truncated line or [] made
    circulate and verify stop with exit 3."""
    project, output, mailbox = council
    assert circulate(project, output) == 1  # sent, refused, sent
    log = damage(output, how)
    capsys.readouterr()
    assert circulate_verify(output) == 1
    out = capsys.readouterr().out
    assert f"{log}{where}" in out
    sent_before = list(mailbox.messages)
    for extra in (["--dry-run"], []):
        assert circulate(project, output, *extra) == 1
        err = capsys.readouterr().err
        assert f"{log}{where}" in err and "circulate will not guess who already has it: nothing was sent" in err
        assert "unexpected error" not in err
    assert mailbox.messages == sent_before


def test_deleting_the_send_log_and_its_head_is_found_by_the_index(council, password, capsys):
    """Deleting both would mail everyone again: the index notes how far the log had got at each circulate."""
    project, output, mailbox = council
    assert circulate(project, output) == 1
    out = capsys.readouterr().out
    index = version_folder(output).parent / "versions.jsonl"
    head = json.loads(index.read_bytes().splitlines()[-1])
    assert (head["circulated"], head["sent_lines"]) == (1, 3)
    assert f"index head {sha256(index.read_bytes().splitlines()[-1])}: keep it outside the archive" in out
    for name in ("sent.jsonl", "sent.head"):
        (version_folder(output) / name).unlink()
    assert circulate_verify(output) == 1
    log = version_folder(output) / "sent.jsonl"
    assert f"{index}:2: records that {log} had 3 lines at the last circulate" in capsys.readouterr().out
    assert circulate(project, output) == 1
    assert "circulate will not guess who already has it" in capsys.readouterr().err
    assert mailbox.recipients() == [ANN, BOB]


def test_a_version_linked_to_a_forgery_elsewhere_is_not_circulated(council, password, tmp_path, capsys):
    """The attack that mailed members a 16-byte "PDF": v1 replaced by a link to a self-consistent forgery."""
    import shutil

    project, output, mailbox = council
    folder = version_folder(output)
    forged = tmp_path / "forged"
    shutil.copytree(folder, forged)
    pdf = next(forged.glob("*.pdf"))
    pdf.write_bytes(b"%PDF-1.4 forged.")
    manifest = json.loads((forged / "manifest.json").read_text())
    manifest["files"][pdf.name] = sha256(pdf.read_bytes())
    (forged / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    shutil.rmtree(folder)
    folder.symlink_to(forged, target_is_directory=True)
    assert circulate(project, output) == 1
    assert f"{folder}: is a symbolic link (to {forged}): refused" in capsys.readouterr().err
    assert mailbox.messages == []


def test_a_version_not_in_the_index_is_not_circulated(council, password, capsys):
    import shutil

    project, output, mailbox = council
    shutil.copytree(version_folder(output), version_folder(output, 2))
    assert circulate(project, output) == 1
    assert f"{version_folder(output, 2)}: not in versions.jsonl" in capsys.readouterr().err
    assert mailbox.messages == []


def test_dry_run_prints_and_opens_no_connection(council, monkeypatch, capsys):
    project, output, mailbox = council

    def no_connection(*args, **kwargs):
        raise AssertionError("dry run opened a connection")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    assert circulate(project, output, "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.count("would send to") == 3 and "[OFFICIAL]" in out
    assert mailbox.messages == [] and not (version_folder(output) / "sent.jsonl").exists()


def test_circulate_reads_the_packs_definition_not_what_its_figures_are_made_from(unmailed_council, capsys):
    """It sends the archived PDF: the observations, benchmarks and commentary were loaded (and checked) for nothing."""
    project, output = unmailed_council
    for folder in ("data", "commentary"):
        shutil.rmtree(project / folder)
    assert circulate(project, output, "--dry-run") == 0
    assert capsys.readouterr().out.count("would send to") == 3


def test_an_untrusted_certificate_is_refused(council, password, tmp_path, capsys):
    project, output, mailbox = council
    trustme.CA().cert_pem.write_to_path(str(tmp_path / "other-ca.pem"))
    config = project / "publisher.yaml"
    text = config.read_text()
    config.write_text(text.replace(text.split("cafile: ")[1].strip(), str(tmp_path / "other-ca.pem")))
    assert circulate(project, output) == 1
    assert "could not be verified" in capsys.readouterr().err and mailbox.messages == []


@pytest.mark.parametrize("missing", ["distribution", "cafile"])
def test_a_missing_distribution_list_or_ca_file_is_exit_1_naming_it(council, password, capsys, missing):
    """Both were exit 3 (FileNotFoundError)."""
    project, output, mailbox = council
    config = project / "publisher.yaml"
    text = config.read_text()
    if missing == "distribution":
        config.write_text(text.replace("distribution: distribution.yaml", "distribution: members.yaml"))
        expected = f"'distribution': {project / 'members.yaml'}: no such file"
    else:
        config.write_text(text.replace(text.split("cafile: ")[1].strip(), "certs/council-ca.pem"))
        expected = f"'smtp.cafile': {project / 'certs/council-ca.pem'}: no such file"
    for extra in (["--dry-run"], []):
        assert circulate(project, output, *extra) == 1
        assert expected in capsys.readouterr().err
    assert mailbox.messages == []


def test_the_password_only_comes_from_the_environment(council, monkeypatch, capsys):
    project, output, _ = council
    monkeypatch.delenv("PUBLISHER_SMTP_PASSWORD", raising=False)
    assert circulate(project, output) == 1
    assert "'PUBLISHER_SMTP_PASSWORD': set it to the password" in capsys.readouterr().err
    config = project / "publisher.yaml"
    config.write_text(config.read_text() + "  password: s3cret\n")
    assert circulate(project, output) == 1
    assert "secrets must not be kept in files" in capsys.readouterr().err


def test_line_breaks_in_names_are_rejected(unmailed_council, capsys):
    project, output = unmailed_council
    path = project / "distribution.yaml"
    path.write_text(
        'committees:\n  scrutiny-overview:\n    - {name: "Cllr X\\r\\nBcc: all@evil.example", email: x@y.gov.uk}\n'
    )
    assert circulate(project, output, "--dry-run") == 1
    assert "must be on one line" in capsys.readouterr().err


def test_a_stalled_server_does_not_hold_the_run_for_long(council, password, monkeypatch):
    project, output, mailbox = council
    monkeypatch.setattr("publisher.publish.circulate.SMTP_TIMEOUT", CLIENT_TIMEOUT)
    mailbox.misbehave[ANN] = "stall"
    started = time.monotonic()
    assert circulate(project, output) == 1
    assert time.monotonic() - started < STALL / 4  # the client gave up by itself: the server would have held on


def test_the_e_mail_to_members_is_in_the_councils_words(council, password):
    """The e-mail a member gets with the pack is worded from the catalogue (``circulate_mail``), a council's
    override included."""
    project, output, mailbox = council
    (project / "templates").mkdir()
    (project / "templates" / "messages.yaml").write_text(
        "circulate_mail:\n  greeting: 'Annwyl {name},'\n  html: 'Mae’r fersiwn HTML hygyrch yn: {link}'\n",
        encoding="utf-8",
    )
    with (project / "publisher.yaml").open("a", encoding="utf-8") as stream:
        stream.write("templates: templates\n")
    circulate(project, output)
    body = email.message_from_bytes(mailbox.messages[0][1], policy=policy.default).get_body(("plain",)).get_content()
    assert body.startswith("Annwyl Cllr") and "Mae’r fersiwn HTML hygyrch yn: " in body
    assert "HTML version is at" not in body and "SHA-256 checksum is" in body
