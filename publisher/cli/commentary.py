"""The commentary round: forms out to officers, filled forms collected, the chase list, and sign-off."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .common import EXIT_INPUT, EXIT_OK, built_at, common, pack_of, period_of, plain

if TYPE_CHECKING:
    from ..commentary.status import Chase


def register(commands: argparse._SubParsersAction, sub: argparse.ArgumentParser) -> None:
    group = commands.add_parser("commentary", parents=[sub], help="forms, collection, chasing and sign-off")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    period_help = "reporting period, e.g. 'Q2 2026-27' (default: the pack's own period)"

    forms = actions.add_parser("forms", parents=[sub], help="write one .xlsx commentary form per lead officer")
    common(forms, period_help)
    forms.add_argument("--pack", required=True, help="the pack the forms are for (its file name without .yaml)")
    forms.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
    forms.set_defaults(handler=cmd_forms)

    collect = actions.add_parser("collect", parents=[sub], help="read filled forms into the commentary file")
    common(collect, period_help)
    collect.add_argument("files", nargs="+", type=Path, metavar="FILE", help="filled forms (.xlsx)")
    collect.add_argument("--replace", action="store_true", help="use a form's text where the file's changed since")
    collect.add_argument("--dry-run", action="store_true", help="report what would be collected; write nothing")
    collect.set_defaults(handler=cmd_collect)

    status = actions.add_parser("status", parents=[sub], help="the chase list: what each officer still owes")
    common(status, period_help)
    status.add_argument("--pack", help="one pack (default: every pack)")
    status.add_argument("--csv", action="store_true", help="print the list as CSV")
    status.set_defaults(handler=cmd_status)

    send = actions.add_parser("send", parents=[sub], help="e-mail each officer their form, or a reminder")
    common(send, period_help)
    send.add_argument("--pack", required=True, help="the pack whose forms are sent (made by 'commentary forms')")
    send.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
    send.add_argument("--reminder", action="store_true", help="remind only those who still owe (once a day)")
    send.add_argument("--send", action="store_true", help="really send (without it: a dry run, listing who gets what)")
    send.set_defaults(handler=cmd_send)

    approve = actions.add_parser("approve", parents=[sub], help="record who approved a priority's commentary")
    common(approve, period_help)
    approve.add_argument("--pack", required=True, help="the pack (its file name without .yaml)")
    approve.add_argument("--priority", required=True, help="the priority's id, e.g. care-leavers")
    approve.add_argument("--by", required=True, help="who approved it, e.g. 'Helen Marsh, Director'")
    approve.add_argument("--date", help="date of approval, YYYY-MM-DD (default: today)")
    approve.set_defaults(handler=cmd_approve)


def cmd_forms(args: argparse.Namespace) -> int:
    from ..commentary.forms import file_name, form_workbook, pack_forms
    from ..core.files import write_all

    loaded, pack = pack_of(args)
    made = built_at().isoformat()
    folder = args.output / "forms" / pack.name / pack.period.slug
    council = loaded.project.config.council
    files = {folder / file_name(pack, form.officer): form_workbook(form, pack, council, made)
             for form in pack_forms(loaded, pack)}  # fmt: skip
    write_all(files)
    for path in files:
        print(path)
    return EXIT_OK


def cmd_collect(args: argparse.Namespace) -> int:
    from ..commentary.collect import Outcome, collect, read_forms, save
    from ..inputs.load import load
    from ..inputs.project import load_project

    loaded = load(load_project(args.project))
    forms = read_forms(loaded, args.files)
    result = collect(loaded, forms, args.replace, period_of(args))
    for item in result.items:
        if item.outcome is not Outcome.UNCHANGED:
            print(f"{item.outcome}: {item.entry.name} ({item.form.record.officer}, {item.form.path.name})")
    for line in (*result.warnings, *result.notes):
        print(f"Note: {line}")
    counts = ", ".join(f"{result.count(o)} {o}" for o in Outcome)
    if not args.dry_run:
        save(loaded.project.commentary_dir, result.files, result.before)
    for path in result.files:
        print(f"{'would write' if args.dry_run else 'wrote'} {path}")
    print(f"Collected {len(forms)} form{'s' if len(forms) != 1 else ''}: {counts}")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from ..commentary.status import chase_list
    from ..inputs.load import load
    from ..inputs.packs import find_pack, pack_files
    from ..inputs.project import load_project
    from ..output.build import checked_packs, pack_scorecard, pack_unprotected

    project = load_project(args.project)
    loaded = load(project, period_of(args))
    files = [find_pack(project.packs_dir, args.pack)] if args.pack else pack_files(project.packs_dir)
    chases: dict[tuple[object, ...], Chase] = {}
    for pack in checked_packs(loaded, files, period_of(args)):
        rules = pack.definition.commentary
        behind = pack_unprotected(loaded, pack)
        for chase in chase_list(pack_scorecard(loaded, pack), loaded.inputs.commentary, rules, behind):
            chases.setdefault((chase.officer, chase.reference, chase.owed, chase.detail), chase)  # once in two packs
    print(chase_report(sorted(chases.values(), key=lambda c: c.officer.casefold()), args.csv), end="")
    return EXIT_OK


def chase_report(chases: list[Chase], as_csv: bool) -> str:
    """The chase list as a table by officer (counts of each kind, then what is owed), or as CSV; a rating or a
    sign-off in a detail in publisher's catalogue words."""
    from ..commentary.status import Owed
    from ..core.files import csv_text
    from ..output.messages import default_messages
    from ..output.words import phrase

    words = default_messages().entries
    details = [phrase(c.detail, words) for c in chases]
    if as_csv:
        rows = [[c.officer, c.reference, c.title, str(c.owed), d] for c, d in zip(chases, details, strict=True)]
        return csv_text(["officer", "reference", "title", "owed", "detail"], rows)
    if not chases:
        return "Nothing owed: every commentary is in and every section approved.\n"
    short = {Owed.REQUIRED: "required", Owed.MISSING: "missing", Owed.FROM_SCORECARD: "unconfirmed",
             Owed.UNCHANGED: "unchanged", Owed.TOO_SHORT: "short", Owed.OTHER_COLOUR: "colour",
             Owed.SMALL_NUMBER: "small", Owed.NOT_APPROVED: "unapproved"}  # fmt: skip
    officers = sorted({c.officer for c in chases}, key=str.casefold)
    width = max(len(o) for o in officers)
    lines = [f"{'officer':<{width}}  " + "  ".join(short[o] for o in Owed) + "  total"]
    for officer in officers:
        mine = [c for c in chases if c.officer == officer]
        counts = "  ".join(f"{sum(c.owed is o for c in mine) or '-':>{len(short[o])}}" for o in Owed)
        lines.append(f"{officer:<{width}}  {counts}  {len(mine):>5}")
    lines.append("")
    for officer in officers:
        lines.append(f"{officer}:")
        lines += [f"  {c.reference}: {c.owed}{' (' + d + ')' if d else ''}"
                  for c, d in zip(chases, details, strict=True) if c.officer == officer]  # fmt: skip
    return "\n".join(lines) + "\n"


def cmd_approve(args: argparse.Namespace) -> int:
    import datetime as dt

    from ..commentary.collect import save
    from ..commentary.signoff import approve
    from ..core.errors import InputError, Problem
    from ..output.messages import default_messages
    from ..output.words import signoff_words

    loaded, pack = pack_of(args)
    in_pack = [p for p, _ in pack.selection(loaded.registry)]
    if args.priority not in in_pack:
        message = f"expected a priority of pack {pack.name} ({', '.join(in_pack)}), got '{args.priority}'"
        raise InputError([Problem("command line", None, "--priority", message)])
    when = built_at(args.date).date() if args.date else dt.date.today()
    path, text, before, replaced = approve(loaded, pack, args.priority, plain("--by", args.by), when)
    save(loaded.project.commentary_dir, {path: text}, {path: before})
    note = f"; replaces: {signoff_words(replaced, default_messages().entries)}" if replaced.by else ""
    print(f"{args.priority}: approved by {args.by} on {when:%d %B %Y} for {pack.period}{note}")
    print(path)
    return EXIT_OK


def cmd_send(args: argparse.Namespace) -> int:
    import datetime as dt

    from ..commentary.forms import file_name, form_officers
    from ..commentary.sending import MailKind, Outgoing, mail_forms
    from ..commentary.status import Owed, chase_list
    from ..core.errors import InputError, Problem
    from ..core.phrase import Detail
    from ..output.build import pack_scorecard

    loaded, pack = pack_of(args)
    folder = args.output / "forms" / pack.name / pack.period.slug
    owed: dict[str, list[tuple[Detail, Owed]]] = {}
    scorecard = pack_scorecard(loaded, pack)
    for chase in chase_list(scorecard, loaded.inputs.commentary, pack.definition.commentary):
        if chase.owed is not Owed.NOT_APPROVED:  # approval is not the officer's to give
            owed.setdefault(chase.officer, []).append((chase.named, chase.owed))
    kind = MailKind.REMINDER if args.reminder else MailKind.FORM
    outgoing = [Outgoing(officer, folder / file_name(pack, officer), kind, tuple(owed.get(officer, ())))
                for officer in form_officers(scorecard) if not args.reminder or officer in owed]  # fmt: skip
    if missing := [item.form.name for item in outgoing if not item.form.is_file()]:
        message = f"no form for {', '.join(missing)}: run 'publisher commentary forms --pack {pack.name}' first"
        raise InputError([Problem(str(folder), None, "", message)])
    about = (pack.definition.committee, pack.period.label)
    mailing = mail_forms(loaded.project, folder, outgoing, about, dt.date.today(), args.send)
    sent = sum(d.result == "sent" for d in mailing.deliveries)
    failed = [d.member.email for d in mailing.deliveries if d.result in ("refused", "failed")]
    print(f"{sent} sent" + (f", not delivered: {', '.join(failed)} (run again to retry them)" if failed else "")
          + (f", no address: {', '.join(mailing.unaddressed)}" if mailing.unaddressed else "")
          + ("" if args.send else " (a dry run: add --send to send)"))  # fmt: skip
    return EXIT_OK if mailing.complete else EXIT_INPUT
