"""Circulate an archived pack: one e-mail per member with the PDF attached, over SMTP with STARTTLS.

Exactly once per member and version: a circulate holds the version's lock (a second at the same time stops with
exit 1); it sends only when ``archive verify`` finds nothing wrong with the version, its index entry and its
send log (otherwise it cannot know who already has the pack, and refuses to guess); each member goes as the one
envelope recipient of their own message, the address as checked when the list was read (never re-read from the
headers); and every attempt, sent or not, is recorded before the next. A member the server refuses (at RCPT or
DATA), a stall, a dropped connection or a message that cannot be encoded is recorded with its reason and the run
goes on to the next member, reconnecting if need be; it ends with exit 1 and a summary, and running it again
sends to exactly those not yet sent.

The certificate is always verified; the password comes only from the environment.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from functools import partial
from pathlib import Path

from ..core.errors import InputError, Problem
from ..inputs.project import Project, SmtpSettings
from ..output.messages import Messages
from ..output.templating import council_messages
from .addresses import Member, path_of, sender_address
from .archive import circulate_lock, note_circulation, read_index, remove_orphans
from .chain import read_nofollow, sha256
from .locks import is_held, locked
from .sendlog import SendLog, record
from .verify import Checked, verify_version

__all__ = ["NOT_DELIVERED", "Delivery", "Session", "circulate", "subject_for", "tls_context"]

log = logging.getLogger(__name__)
PASSWORD_ENV = "PUBLISHER_SMTP_PASSWORD"
SMTP_TIMEOUT = 30.0  # seconds without an answer from the server before a member is recorded as failed
NOT_DELIVERED = ("refused", "failed")


@dataclass(frozen=True)
class Delivery:
    member: Member
    result: str  # sent | refused | failed (recorded in the send log) | skipped (already sent)
    detail: str = ""


@dataclass
class Circulation:
    deliveries: list[Delivery] = field(default_factory=list)
    unfinished: str = ""  # what went wrong after sending, if anything

    @property
    def complete(self) -> bool:
        return not self.unfinished and all(d.result not in NOT_DELIVERED for d in self.deliveries)


def subject_for(marking: str, committee: str, title: str, period: str) -> str:
    subject = f"[{marking}] {committee}: {title}, {period}"
    if "\r" in subject or "\n" in subject:
        raise InputError([Problem("pack", None, "title", "the e-mail subject must be on one line")])
    return subject


def circulate(
    project: Project,
    archive: Path,
    folder: Path,
    members: list[Member],
    subject: str,
    dry_run: bool = False,
    say: Callable[[str], None] = print,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC).replace(microsecond=0),
) -> Circulation:
    """Send the archived PDF in ``folder`` to every member not yet sent this version."""
    settings = project.config.smtp
    if settings is None:
        raise InputError([Problem(str(project.root / "publisher.yaml"), None, "smtp", "no smtp settings")])
    # the council's words for the e-mail; a bad override is refused here, in a dry run too
    sender, messages = sender_address(project, settings.sender), council_messages(project)
    context = tls_context(settings, project)  # a missing or unreadable CA file is found before anything else
    lock = folder.parent / circulate_lock(int(folder.name[1:]))
    what = f"a circulation of {folder.parent.parent.name} {folder.parent.name} {folder.name}"
    if dry_run:
        if is_held(lock):
            raise InputError([Problem(str(lock), None, "", f"{what} is under way now: try the dry run when it has "
                                      "finished")])  # fmt: skip
        return _run(project, archive, folder, members, (subject, messages), None, say, now)
    with locked(lock, what, wait=0):
        remove_orphans(folder)
        session = Session(settings, project, sender, context)
        return _run(project, archive, folder, members, (subject, messages), session, say, now)


def _checked(archive: Path, folder: Path) -> Checked:
    """The version as verify finds it; any problem with it or the index at all, and nothing is sent."""
    index = read_index(folder.parent)
    checked = verify_version(archive, folder, index)
    if index.problems or checked.problems or checked.manifest is None or checked.send_log is None:
        refused = ("this version is not as it was published or its send log cannot be trusted, so circulate will not "
                   "guess who already has it: nothing was sent. Run 'publisher archive verify'; see the README on a "
                   "damaged archive")  # fmt: skip
        raise InputError([*index.problems, *checked.problems, Problem(str(folder), None, "", refused)])
    return checked


def _run(
    project: Project,
    archive: Path,
    folder: Path,
    members: list[Member],
    said: tuple[str, Messages],
    session: Session | None,
    say: Callable[[str], None],
    now: Callable[[], dt.datetime],
) -> Circulation:
    subject = said[0]
    checked = _checked(archive, folder)
    manifest, send_log = checked.manifest, checked.send_log
    assert manifest is not None and send_log is not None
    pdf_name = next((n for n in manifest["files"] if n.endswith(".pdf")), None)
    if pdf_name is None:
        raise InputError([Problem(str(folder / "manifest.json"), None, "files", "lists no PDF: nothing to send")])
    html_name = next((n for n in manifest["files"] if n.endswith(".html")), "")
    checksum = manifest["files"][pdf_name]
    done = send_log.sent(checksum)
    members = _once(members)
    pending = [m for m in members if m.email.casefold() not in done]
    result = Circulation([Delivery(m, "skipped", "already sent") for m in members if m.email.casefold() in done])
    deliveries = result.deliveries
    settings = project.config.smtp
    assert settings is not None
    html = f"{settings.html_location.rstrip('/')}/{html_name}" if settings.html_location else str(folder / html_name)
    if session is None:
        for member in pending:
            say(f"would send to {member.name} <{member.email}>: {subject} [{pdf_name}, sha256 {checksum[:12]}]")
        for delivery in deliveries:
            say(f"already sent to {delivery.member.email}; would not send again")
        return result
    if not pending:
        say("everyone on the list already has this version; nothing sent")
        return result
    pdf = read_nofollow(folder / pdf_name)
    if sha256(pdf) != checksum:  # the bytes that go out, checked once more
        raise InputError([Problem(str(folder / pdf_name), None, "", "the archived PDF no longer matches its manifest;"
                                  " run 'publisher archive verify'")])  # fmt: skip
    lines_before = send_log.chain.lines
    try:
        session.open()  # a first connection that fails stops here, with nothing sent
        for number, member in enumerate(pending):
            try:
                delivery = session.send(member, partial(_message, session.sender, member, said, pdf, pdf_name, html))
            except InputError as exc:  # could not connect again after a failure
                say(f"could not connect again ({'; '.join(p.message for p in exc.problems)}): "
                    f"{len(pending) - number} members not tried")  # fmt: skip
                deliveries += [Delivery(m, "failed", "not tried: no connection") for m in pending[number:]]
                break
            _record(send_log, delivery, checksum, now())
            say(f"{delivery.result}: {member.email}{' (' + delivery.detail + ')' if delivery.detail else ''}")
            deliveries.append(delivery)
    finally:
        session.close()
        if send_log.chain.lines > lines_before:
            result.unfinished = _note(folder, send_log, say)
    say(_summary(deliveries))
    return result


def _once(members: list[Member]) -> list[Member]:
    """Each address once (in any mix of case), the first kept."""
    first: dict[str, Member] = {}
    for member in members:
        first.setdefault(member.email.casefold(), member)
    return list(first.values())


def _record(send_log: SendLog, delivery: Delivery, checksum: str, when: dt.datetime) -> None:
    member = delivery.member
    entry = {"name": member.name, "email": member.email, "sha256": checksum, "when": when.isoformat()}
    try:
        record(send_log, {**entry, "result": delivery.result, "detail": delivery.detail})
    except OSError as exc:  # nothing more is sent when what was sent cannot be recorded
        stopped = f"cannot be written ({exc}): stopped after {member.email} ({delivery.result}), which is not recorded"
        raise InputError([Problem(str(send_log.chain.path), None, "", stopped)]) from None


def _note(folder: Path, send_log: SendLog, say: Callable[[str], None]) -> str:
    """Record in the index how far the send log has got; what went wrong, if anything."""
    try:
        head = note_circulation(folder, send_log.chain.lines, send_log.chain.head)
    except (InputError, OSError) as exc:
        problem = f"the send log (complete) could not be noted in the index ({exc}): run 'publisher archive verify'"
        say(problem)
        return problem
    say(f"index head {head}: keep it outside the archive to check later that this record is unchanged")
    return ""


def _summary(deliveries: list[Delivery]) -> str:
    count = {r: sum(d.result == r for d in deliveries) for r in ("sent", "skipped", *NOT_DELIVERED)}
    text = f"{count['sent']} sent, {count['skipped']} already had it"
    missed = [d.member.email for d in deliveries if d.result in NOT_DELIVERED]
    if missed:
        text += (f", {len(missed)} not delivered ({', '.join(missed)}): see the reasons above; running the same "
                 "command again sends to them, and to nobody else")  # fmt: skip
    return text


class Session:
    """One SMTP connection at a time: dropped after any failure that leaves its state unknown, opened again."""

    def __init__(self, settings: SmtpSettings, project: Project, sender: str, context: ssl.SSLContext) -> None:
        self.settings, self.project, self.sender, self.context = settings, project, sender, context
        self.smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        if self.smtp is None:
            self.smtp = _connect(self.settings, self.context)

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None

    def drop(self) -> None:
        if self.smtp is not None:
            self.smtp.close()
            self.smtp = None

    def send(self, member: Member, message: Callable[[], EmailMessage]) -> Delivery:
        self.open()
        assert self.smtp is not None
        try:
            self.smtp.send_message(message(), from_addr=self.sender, to_addrs=[member.email])
            return Delivery(member, "sent")
        except smtplib.SMTPRecipientsRefused as exc:  # refused at RCPT
            code, reason = next(iter(exc.recipients.values()))
            if code == 421:  # the server is closing the connection
                self.drop()
            return Delivery(member, "refused", f"{code} {_text(reason)}")
        except smtplib.SMTPResponseException as exc:  # refused at MAIL or DATA: smtplib has reset the transaction
            if exc.smtp_code == 421:  # the server is closing the connection
                self.drop()
            return Delivery(member, "refused", f"{exc.smtp_code} {_text(exc.smtp_error)}")
        except (smtplib.SMTPException, OSError, UnicodeError, ValueError, LookupError) as exc:
            self.drop()  # a stall, a dropped connection or an encoding failure: start afresh for the next
            kind = exc.__class__.__name__
            return Delivery(member, "failed", f"{kind}: {exc}" if str(exc) else kind)


def _text(reason: bytes | str) -> str:
    return reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)


def tls_context(settings: SmtpSettings, project: Project) -> ssl.SSLContext:
    cafile = path_of(project, settings.cafile, "smtp.cafile")
    try:
        return ssl.create_default_context(cafile=str(cafile) if cafile else None)
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise InputError([Problem(str(cafile), None, "", f"not a readable PEM certificate file ({exc})")]) from None


def _connect(settings: SmtpSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    """Connect, upgrade with STARTTLS verifying the certificate, and log in when a user is set."""
    where = f"{settings.host}:{settings.port}"
    smtp = None
    try:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
        smtp.starttls(context=context)
        if settings.user:
            password = os.environ.get(PASSWORD_ENV)
            if password is None:
                raise InputError([Problem("environment", None, PASSWORD_ENV, f"set it to the password of "
                                          f"'{settings.user}' on {where}")])  # fmt: skip
            smtp.login(settings.user, password)
        return smtp
    except ssl.SSLCertVerificationError as exc:
        problem = f"{where} presented a certificate that could not be verified ({exc.verify_message}); nothing was sent"
    except smtplib.SMTPNotSupportedError:
        problem = f"{where} does not offer STARTTLS; nothing was sent"
    except (OSError, smtplib.SMTPException) as exc:
        problem = f"cannot send through {where}: {exc}"
    except BaseException:
        if smtp is not None:
            smtp.close()
        raise
    if smtp is not None:
        smtp.close()
    raise InputError([Problem("smtp", None, "host", problem)])


def _message(
    sender: str, member: Member, said: tuple[str, Messages], pdf: bytes, pdf_name: str, html: str
) -> EmailMessage:
    """The pack to one member, in the catalogue's words (``circulate_mail``)."""
    subject, messages = said
    message = EmailMessage()
    message["From"] = sender
    message["To"] = Address(display_name=member.name, addr_spec=member.email)
    message["Subject"] = subject
    paragraphs = [messages.text("circulate_mail.greeting", name=member.name),
                  messages.text("circulate_mail.attached", title=subject.split("] ", 1)[-1]),
                  messages.text("circulate_mail.html", link=html),
                  messages.text("circulate_mail.checksum", checksum=sha256(pdf))]  # fmt: skip
    message.set_content("\n\n".join(paragraphs) + "\n")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message
