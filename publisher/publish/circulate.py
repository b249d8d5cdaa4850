"""Circulate an archived pack: one e-mail per member with the PDF attached, over SMTP with STARTTLS.

The certificate is always verified; the password comes only from the environment. Every attempt is appended to
``sent.jsonl`` beside the archived version (who, which PDF checksum, when, result), so a re-run sends nobody
the same pack twice, and a refused recipient does not stop the others.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

from pydantic import field_validator

from ..core.errors import InputError, Problem
from ..inputs.project import Project, SmtpSettings
from ..inputs.schema import Model, Text
from ..inputs.yamlfile import read_yaml, validate
from .archive import MANIFEST, SEND_LOG, sha256

log = logging.getLogger(__name__)
PASSWORD_ENV = "PUBLISHER_SMTP_PASSWORD"
EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


class Member(Model):
    name: Text
    email: Text

    @field_validator("name", "email")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\r" in value or "\n" in value:
            raise ValueError("must be on one line: a line break here could forge e-mail headers")
        return value

    @field_validator("email")
    @classmethod
    def _address(cls, value: str) -> str:
        if not EMAIL.match(value):
            raise ValueError(f"expected an e-mail address such as name@council.gov.uk, got '{value}'")
        return value


class Distribution(Model):
    """Committee (the pack's name) -> its members."""

    committees: dict[str, list[Member]]


@dataclass(frozen=True)
class Delivery:
    member: Member
    result: str  # sent | refused | skipped (already sent)
    detail: str = ""


def load_distribution(project: Project) -> Distribution:
    path = project.path(project.config.distribution)
    if path is None:
        raise InputError([Problem(str(project.root / "publisher.yaml"), None, "distribution",
                                  "no distribution list: name a YAML file of committees and members")])  # fmt: skip
    return validate(Distribution, read_yaml(path))


def subject_for(marking: str, committee: str, title: str, period: str) -> str:
    subject = f"[{marking}] {committee}: {title}, {period}"
    if "\r" in subject or "\n" in subject:
        raise InputError([Problem("pack", None, "title", "the e-mail subject must be on one line")])
    return subject


def already_sent(folder: Path, checksum: str) -> set[str]:
    path = folder / SEND_LOG
    if not path.is_file():
        return set()
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {e["email"] for e in entries if e.get("result") == "sent" and e.get("sha256") == checksum}


def _record(folder: Path, delivery: Delivery, checksum: str, when: dt.datetime) -> None:
    entry = {"name": delivery.member.name, "email": delivery.member.email, "sha256": checksum,
             "when": when.isoformat(), "result": delivery.result, "detail": delivery.detail}  # fmt: skip
    with open(folder / SEND_LOG, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(entry) + "\n")
        stream.flush()
        os.fsync(stream.fileno())


def circulate(
    project: Project,
    folder: Path,
    members: list[Member],
    subject: str,
    dry_run: bool = False,
    say: Callable[[str], None] = print,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC).replace(microsecond=0),
) -> list[Delivery]:
    """Send the archived PDF in ``folder`` to every member not yet sent this version."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    pdf_name = next(n for n in manifest["files"] if n.endswith(".pdf"))
    html_name = next(n for n in manifest["files"] if n.endswith(".html"))
    checksum = manifest["files"][pdf_name]
    done = already_sent(folder, checksum)
    pending = [m for m in members if m.email not in done]
    deliveries = [Delivery(m, "skipped", "already sent this version") for m in members if m.email in done]
    settings = project.config.smtp
    if settings is None:
        raise InputError([Problem(str(project.root / "publisher.yaml"), None, "smtp", "no smtp settings")])
    html_location = (
        f"{settings.html_location.rstrip('/')}/{html_name}" if settings.html_location else str(folder / html_name)
    )
    if dry_run:
        for member in pending:
            say(
                f"would send to {formataddr((member.name, member.email))}: {subject} "
                f"[{pdf_name}, sha256 {checksum[:12]}]"
            )
        for delivery in deliveries:
            say(f"already sent to {delivery.member.email}; would not send again")
        return deliveries
    if not pending:
        say("everyone on the list already has this version; nothing sent")
        return deliveries
    pdf = (folder / pdf_name).read_bytes()
    if sha256(pdf) != checksum:
        raise InputError([Problem(str(folder / pdf_name), None, "", "the archived PDF no longer matches its manifest; "
                                  "run 'publisher archive verify'")])  # fmt: skip
    with _connect(settings, project) as smtp:
        for member in pending:
            message = _message(settings.sender, member, subject, pdf, pdf_name, html_location)
            try:
                smtp.send_message(message)
                delivery = Delivery(member, "sent")
            except smtplib.SMTPRecipientsRefused as exc:
                code, reason = next(iter(exc.recipients.values()))
                delivery = Delivery(member, "refused", f"{code} {reason.decode(errors='replace')}")
            _record(folder, delivery, checksum, now())
            say(f"{delivery.result}: {member.email}{' (' + delivery.detail + ')' if delivery.detail else ''}")
            deliveries.append(delivery)
    return deliveries


def _connect(settings: SmtpSettings, project: Project) -> smtplib.SMTP:
    """Connect, upgrade with STARTTLS verifying the certificate, and log in when a user is set."""
    cafile = project.path(settings.cafile)
    context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    where = f"{settings.host}:{settings.port}"
    try:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=30)
        smtp.starttls(context=context)
        if settings.user:
            password = os.environ.get(PASSWORD_ENV)
            if password is None:
                smtp.close()
                raise InputError([Problem("environment", None, PASSWORD_ENV, f"set it to the password of "
                                          f"'{settings.user}' on {where}")])  # fmt: skip
            smtp.login(settings.user, password)
    except ssl.SSLCertVerificationError as exc:
        raise InputError([Problem("smtp", None, "host", f"{where} presented a certificate that could not be "
                                  f"verified ({exc.verify_message}); nothing was sent")]) from None  # fmt: skip
    except smtplib.SMTPNotSupportedError:
        raise InputError(
            [Problem("smtp", None, "host", f"{where} does not offer STARTTLS; nothing was sent")]
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise InputError([Problem("smtp", None, "host", f"cannot send through {where}: {exc}")]) from None
    return smtp


def _message(sender: str, member: Member, subject: str, pdf: bytes, pdf_name: str, html: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((member.name, member.email))
    message["Subject"] = subject
    message.set_content(
        f"Dear {member.name},\n\nPlease find attached {subject.split('] ', 1)[-1]}.\n\n"
        f"The accessible HTML version is at: {html}\n\nThe PDF's SHA-256 checksum is {sha256(pdf)}.\n"
    )
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message
