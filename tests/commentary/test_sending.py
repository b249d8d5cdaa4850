"""E-mailing forms: a dry run by default, each officer their form once, reminders once a day to those who owe,
a refusal recorded and retried, and a damaged log that sends nothing."""

import email
import email.policy
import re

import pytest

from publisher.cli import main

from ..conftest import REFUSED
from ..formkit import BOARD, board_forms

OFFICERS = {"Megan Price": "megan.price@northbridge.example.gov.uk", "Sam Patel": "sam.patel@northbridge.example.gov.uk",
            "Helen Marsh": REFUSED}  # fmt: skip


@pytest.fixture
def round_(tmp_path, tmp_path_factory, smtp_server, password):
    """The demo with three officers' addresses and the mail server's settings, and its board's forms made."""
    mailbox, port, cafile = smtp_server
    project, _ = board_forms(tmp_path, tmp_path_factory.getbasetemp())
    lines = "".join(f"  - {{name: {name}, email: '{address}'}}\n" for name, address in OFFICERS.items())
    (project / "distribution.yaml").write_text(f"officers:\n{lines}", encoding="utf-8")
    with (project / "publisher.yaml").open("a", encoding="utf-8") as stream:
        stream.write(f"distribution: distribution.yaml\nsmtp:\n  host: 127.0.0.1\n  port: {port}\n  user: clerk\n"
                     f"  sender: performance@northbridge.example.gov.uk\n  cafile: {cafile}\n")  # fmt: skip
    return project, tmp_path / "out", mailbox


def send(project, output, *extra):
    return main(["commentary", "send", "--project", str(project), "--pack", BOARD, "--output", str(output), *extra])


def test_a_dry_run_sends_nothing_and_names_officers_without_an_address(round_, capsys):
    project, output, mailbox = round_
    assert send(project, output) == 1  # officers without an address are a problem to fix
    out = capsys.readouterr().out
    assert "would send to Megan Price <megan.price@northbridge.example.gov.uk>: form" in out
    assert "no address for Chris Doyle: add them to the distribution list's 'officers'" in out
    assert "(a dry run: add --send to send)" in out and mailbox.messages == []


def test_each_officer_gets_their_form_once_and_a_refusal_is_retried_alone(round_, capsys):
    project, output, mailbox = round_
    assert send(project, output, "--send") == 1
    out = capsys.readouterr().out
    assert f"refused: {REFUSED} (550 5.1.1 mailbox unavailable)" in out
    assert mailbox.recipients() == sorted(a for a in OFFICERS.values() if a != REFUSED)
    message = email.message_from_bytes(next(m for r, m in mailbox.messages if r == [OFFICERS["Megan Price"]]),
                                       policy=email.policy.default)  # fmt: skip
    assert message["Subject"] == "[OFFICIAL-SENSITIVE] Corporate Parenting Board: your commentary form, Q2 2026-27"
    attached = next(message.iter_attachments())
    assert attached.get_filename() == "corporate-parenting-board-2026-27-Q2-megan-price.xlsx"
    assert attached.get_content() == next(output.rglob("*megan-price.xlsx")).read_bytes()
    assert send(project, output, "--send") == 1
    out = capsys.readouterr().out
    assert "already sent to megan.price@northbridge.example.gov.uk (form); not sent again" in out
    assert len(mailbox.messages) == 2  # nobody got a second copy; the refused address was tried again


def test_a_reminder_goes_once_a_day_to_those_who_still_owe_with_what_they_owe(round_, capsys):
    project, output, mailbox = round_
    assert send(project, output, "--reminder", "--send") == 1  # Helen Marsh's address is refused
    recipients = mailbox.recipients()
    assert recipients == [OFFICERS["Megan Price"]]  # Sam Patel owes nothing; Megan Price owes CL3.1
    body = email.message_from_bytes(mailbox.messages[0][1], policy=email.policy.default)
    assert body["Subject"].startswith("Reminder: [OFFICIAL-SENSITIVE]")
    assert "- CL3.1: missing" in body.get_body().get_content()
    assert send(project, output, "--reminder", "--send") == 1
    assert "already sent to megan.price@northbridge.example.gov.uk (reminder " in capsys.readouterr().out
    assert len(mailbox.messages) == 1


def test_a_damaged_log_sends_nothing(round_, capsys):
    project, output, mailbox = round_
    assert send(project, output, "--send") == 1
    log = next(output.rglob("sent.jsonl"))
    log.write_text(log.read_text().replace("megan.price", "megan.pricey"), encoding="utf-8")
    capsys.readouterr()
    assert send(project, output, "--send") == 1
    err = capsys.readouterr().err
    assert "sent.jsonl:3: does not follow line 2: line 2 was edited" in err  # Helen Marsh, Megan Price, Sam Patel
    assert "will not guess who already has one: nothing was sent" in err
    assert len(mailbox.messages) == 2


def test_sending_before_the_forms_are_made_says_so(round_, tmp_path, capsys):
    project, _, mailbox = round_
    assert send(project, tmp_path / "elsewhere", "--send") == 1
    err = capsys.readouterr().err
    assert "no form for corporate-parenting-board-2026-27-Q2-amira-shah.xlsx, " in err
    assert "run 'publisher commentary forms --pack corporate-parenting-board' first" in err
    assert mailbox.messages == []


WELSH = """\
form_mail:
  subject: eich ffurflen sylwebaeth
  reminder: "Nodyn atgoffa: {subject}"
  greeting: "Annwyl {name},"
  attached: "Dyma eich ffurflen sylwebaeth ar gyfer {committee}, {period}. Anfonwch hi yn ôl at {sender}."
  owed: "I ddod gennych o hyd:"
  owes: {missing: ar goll}
  marking: "Mae'r ffurflen yn dangos ffigurau nas cyhoeddir: {marking}."
"""


def council_words(project, text):
    """The council's wording catalogue (its overrides) in its templates folder."""
    (project / "templates").mkdir()
    (project / "templates" / "messages.yaml").write_text(text, encoding="utf-8")
    with (project / "publisher.yaml").open("a", encoding="utf-8") as stream:
        stream.write("templates: templates\n")


def test_the_e_mail_and_the_reminder_are_in_the_councils_words(round_):
    """The e-mail that sends a form is read by a head of service, as the form is: its words are the catalogue's
    (``form_mail``), a council's override included."""
    project, output, mailbox = round_
    council_words(project, WELSH)
    assert send(project, output, "--send") == 1
    assert send(project, output, "--reminder", "--send") == 1
    form, reminder = (email.message_from_bytes(m, policy=email.policy.default) for r, m in mailbox.messages
                      if r == [OFFICERS["Megan Price"]])  # fmt: skip
    assert form["Subject"] == "[OFFICIAL-SENSITIVE] Corporate Parenting Board: eich ffurflen sylwebaeth, Q2 2026-27"
    assert form.get_body().get_content().replace("\r\n", "\n") == (
        "Annwyl Megan Price,\n\nDyma eich ffurflen sylwebaeth ar gyfer Corporate Parenting Board, Q2 2026-27. "
        "Anfonwch hi yn ôl at performance@northbridge.example.gov.uk.\n\n"
        "Mae'r ffurflen yn dangos ffigurau nas cyhoeddir: OFFICIAL-SENSITIVE.\n"
    )
    assert reminder["Subject"].startswith("Nodyn atgoffa: [OFFICIAL-SENSITIVE]")
    assert "\n\nI ddod gennych o hyd:\n- CL3.1: ar goll\n\n" in reminder.get_body().get_content().replace("\r\n", "\n")


def test_an_e_mail_entry_with_a_placeholder_of_its_own_is_refused_at_its_line_and_nothing_is_sent(round_, capsys):
    project, output, mailbox = round_
    council_words(project, "form_mail:\n  greeting: 'Annwyl {enw},'\n")
    assert send(project, output) == 1 and send(project, output, "--send") == 1
    err = capsys.readouterr().err
    assert f"{project / 'templates' / 'messages.yaml'}:2: 'form_mail.greeting': expected text with {{name}}, got 'Annwyl {{enw}},'" in err
    assert mailbox.messages == [] and not list(output.rglob("sent.jsonl"))


def test_a_reminder_names_a_priority_by_its_title_in_the_councils_words(round_):
    """A head of service knows a priority by its title, not by publisher's id, and reads the reminder in the
    council's words: 'priority corporate-parenting' is the officers' name for it (commentary status)."""
    project, output, mailbox = round_
    council_words(project, WELSH + '  priority: "{title} (sylwebaeth y flaenoriaeth)"\n')
    q2 = project / "commentary" / "2026-27-Q2.yaml"
    text = q2.read_text(encoding="utf-8")
    start = text.index("  corporate-parenting:\n")
    end = re.compile(r"\n  \S").search(text, start + 1).start() + 1  # the priority's commentary ends at the next
    q2.write_text(text[:start] + text[end:], encoding="utf-8")
    distribution = project / "distribution.yaml"
    distribution.write_text(distribution.read_text().replace(REFUSED, "helen.marsh@northbridge.example.gov.uk"))
    assert send(project, output, "--reminder", "--send") == 1  # Dr Nia Roberts has no address
    (reminder,) = (email.message_from_bytes(m, policy=email.policy.default) for r, m in mailbox.messages
                   if r == ["helen.marsh@northbridge.example.gov.uk"])  # fmt: skip
    body = reminder.get_body().get_content().replace("\r\n", "\n")
    assert "\n- Priority 1 - Being a good corporate parent (sylwebaeth y flaenoriaeth): ar goll\n" in body
    assert "priority" not in body and "corporate-parenting" not in body
