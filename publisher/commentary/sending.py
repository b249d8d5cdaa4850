"""E-mailing commentary forms: each officer their form once, and reminders to those who still owe commentary.

The same rules as circulation: a dry run unless asked to send; one sender at a time per pack and period (a lock,
``.send.lock``, beside the forms); every attempt recorded, sent or not, in ``sent.jsonl`` beside the forms, a
hash-chained log that is checked before anything is sent (a damaged log sends nothing: publisher will not guess
who already has a form); a re-run sends exactly what is not recorded as sent. An officer gets their form once
per round, and at most one reminder a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from enum import StrEnum
from functools import partial
from pathlib import Path

from ..core.errors import InputError, Problem
from ..core.phrase import Detail
from ..inputs.project import Project
from ..output.messages import Messages
from ..output.templating import council_messages
from ..output.words import phrase
from ..publish.addresses import Member, load_distribution, sender_address
from ..publish.chain import Chain, append_line, chained, read_chain, sha256, start_of
from ..publish.circulate import NOT_DELIVERED, Delivery, Session, subject_for, tls_context
from ..publish.locks import locked
from .forms import MARKING
from .status import Owed

__all__ = ["MailKind", "Outgoing", "mail_forms"]

SEND_LOG, SEND_LOCK = "sent.jsonl", ".send.lock"
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class MailKind(StrEnum):
    FORM = "form"
    REMINDER = "reminder"


@dataclass(frozen=True)
class Outgoing:
    """One message to one officer: their form, and for a reminder what they still owe (an indicator by its
    reference, a priority as :attr:`Chase.named <publisher.commentary.status.Chase.named>` names it)."""

    officer: str
    form: Path
    kind: MailKind
    owed: tuple[tuple[Detail, Owed], ...] = ()


@dataclass
class Mailing:
    deliveries: list[Delivery] = field(default_factory=list)
    unaddressed: list[str] = field(default_factory=list)  # officers with no address in the distribution list

    @property
    def complete(self) -> bool:
        return not self.unaddressed and all(d.result not in NOT_DELIVERED for d in self.deliveries)


def officer_addresses(project: Project) -> dict[str, Member]:
    """The officers' addresses by name (in any case), from the distribution list's ``officers``."""
    distribution, _ = load_distribution(project)
    return {member.name.casefold(): member for member in distribution.officers}


def mail_forms(
    project: Project,
    folder: Path,
    outgoing: list[Outgoing],
    about: tuple[str, str],
    today: dt.date,
    send: bool = False,
    say: Callable[[str], None] = print,
) -> Mailing:
    """Send (or, unless ``send``, list) each officer's message not already recorded as sent; ``about`` is the
    committee and period the forms are for."""
    settings = project.config.smtp
    if settings is None:
        raise InputError([Problem(str(project.root / "publisher.yaml"), None, "smtp", "no smtp settings")])
    # the council's words for the e-mail; a bad override is refused here, in a dry run too
    addresses, messages = officer_addresses(project), council_messages(project)
    sender, context = sender_address(project, settings.sender), tls_context(settings, project)
    what = f"a mailing of the forms in {folder}"
    with locked(folder / SEND_LOCK, what, wait=0):
        log = _trusted_log(folder)
        entries = [link.entry for link in log.links]
        done = {(str(e.get("email")).casefold(), e.get("key")) for e in entries if e.get("result") == "sent"}
        mailing = Mailing()
        pending: list[tuple[Outgoing, Member]] = []
        for item in outgoing:
            member = addresses.get(item.officer.casefold())
            if member is None:
                mailing.unaddressed.append(item.officer)
                say(f"no address for {item.officer}: add them to the distribution list's 'officers'")
            elif (member.email.casefold(), _key(item, today)) in done:
                mailing.deliveries.append(Delivery(member, "skipped", "already sent"))
                say(f"already sent to {member.email} ({_key(item, today)}); not sent again")
            else:
                pending.append((item, member))
        if not send:
            for item, member in pending:
                say(f"would send to {member.name} <{member.email}>: {item.kind} {item.form.name}")
            return mailing
        _send(log, pending, (sender, about, today), Session(settings, project, sender, context), mailing, say, messages)
    return mailing


def _send(log: Chain, pending: list[tuple[Outgoing, Member]], context: tuple[str, tuple[str, str], dt.date],
          session: Session, mailing: Mailing, say: Callable[[str], None], messages: Messages) -> None:  # fmt: skip
    sender, about, today = context
    try:
        for item, member in pending:
            data = item.form.read_bytes()
            delivery = session.send(member, partial(_message, sender, member, item, data, about, messages))
            entry = {"officer": item.officer, "email": member.email, "key": _key(item, today), "sha256": sha256(data),
                     "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(), "result": delivery.result,
                     "detail": delivery.detail}  # fmt: skip
            line = chained(entry, log.head)
            append_line(log.path, line)  # recorded before the next is tried
            log.head = sha256(line[:-1])
            mailing.deliveries.append(delivery)
            say(f"{delivery.result}: {member.email}{' (' + delivery.detail + ')' if delivery.detail else ''}")
    finally:
        session.close()


def _trusted_log(folder: Path) -> Chain:
    log = read_chain(folder / SEND_LOG, start_of(f"forms sent from {folder.parent.name}/{folder.name}"))
    if log.problems:
        refused = "the log of forms sent is damaged, so publisher will not guess who already has one: nothing was sent"
        raise InputError([*log.problems, Problem(str(folder / SEND_LOG), None, "", refused)])
    return log


def _key(item: Outgoing, today: dt.date) -> str:
    """What an officer gets once: their form ("form"), or a reminder on a given day ("reminder 2026-10-20")."""
    return str(item.kind) if item.kind is MailKind.FORM else f"{item.kind} {today.isoformat()}"


def _message(
    sender: str, member: Member, item: Outgoing, form: bytes, about: tuple[str, str], messages: Messages
) -> EmailMessage:
    """An officer's form, or a reminder of what they owe, in the catalogue's words (``form_mail``)."""
    committee, period = about
    subject = subject_for(MARKING, committee, messages.text("form_mail.subject"), period)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = Address(display_name=member.name, addr_spec=member.email)
    reminder = item.kind is MailKind.REMINDER
    message["Subject"] = messages.text("form_mail.reminder", subject=subject) if reminder else subject
    attached = messages.text("form_mail.attached", committee=committee, period=period, sender=sender)
    paragraphs = [messages.text("form_mail.greeting", name=member.name), attached]
    if reminder:
        owes = [f"- {phrase(named, messages.entries)}: {messages.text(f'form_mail.owes.{what.name.lower()}')}"
                for named, what in item.owed]  # fmt: skip
        paragraphs.append("\n".join([messages.text("form_mail.owed"), *owes]))
    paragraphs.append(messages.text("form_mail.marking", marking=MARKING))
    message.set_content("\n\n".join(paragraphs) + "\n")
    message.add_attachment(form, maintype=XLSX[0], subtype=XLSX[1], filename=item.form.name)
    return message
