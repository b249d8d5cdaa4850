"""The commands that publish, list, verify and circulate archived packs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .common import EXIT_INPUT, EXIT_OK, built_at, common, pack_definition, pack_of, plain

if TYPE_CHECKING:
    from ..commentary.file import Commentary
    from ..core.errors import Problem
    from ..engine.model import Scorecard
    from ..inputs.packs import Pack


def register(commands: argparse._SubParsersAction, sub: argparse.ArgumentParser) -> None:
    publish = commands.add_parser("publish", parents=[sub], help="build the FINAL pack and archive it as a new version")
    common(publish, "reporting period, e.g. 'Q2 2026-27' (default: the pack's own period)")
    publish.add_argument("--pack", required=True, help="the pack definition (its file name without .yaml)")
    publish.add_argument("--reason", default="", help="why it is published (e.g. 'agreed at committee')")
    publish.add_argument("--by", default=None, help="who publishes it (default: your user name)")
    publish.add_argument("--date", help="publication date, YYYY-MM-DD (default: now, or SOURCE_DATE_EPOCH)")
    publish.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
    publish.add_argument("--allow-unapproved", action="store_true",
                         help="publish sections whose commentary is not approved (the cover says which)")  # fmt: skip
    publish.set_defaults(handler=cmd_publish)

    archive = commands.add_parser("archive", parents=[sub], help="list or verify published packs")
    archive_actions = archive.add_subparsers(dest="action", required=True, metavar="ACTION")
    archive_help = {
        "list": "list packs, periods, versions, dates and reasons",
        "verify": "check the index, every checksum and send log; exit 1 on any change, missing or added file",
    }
    for action, text in archive_help.items():
        command = archive_actions.add_parser(action, parents=[sub], help=text)
        command.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
        command.set_defaults(handler=cmd_archive_list if action == "list" else cmd_archive_verify)
        if action == "verify":
            command.add_argument("--expect", action="append", default=[], metavar="HASH",
                                 help="an index hash printed by publish and kept elsewhere: it must still be in the "
                                      "archive's index, unchanged up to it (repeatable)")  # fmt: skip

    circulate = commands.add_parser("circulate", parents=[sub], help="e-mail the archived pack to the committee")
    common(circulate, "reporting period, e.g. 'Q2 2026-27' (default: the pack's own period)")
    circulate.add_argument("--pack", required=True, help="the pack (its distribution list entry has the same name)")
    circulate.add_argument("--version", type=int, help="the archived version (default: the latest)")
    circulate.add_argument("--dry-run", action="store_true", help="print what would be sent; open no connection")
    circulate.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
    circulate.set_defaults(handler=cmd_circulate)


def cmd_publish(args: argparse.Namespace) -> int:
    from ..output.pdf import layout_beside

    with layout_beside():  # WeasyPrint is imported in a second process while the project loads
        return _publish(args)


def _publish(args: argparse.Namespace) -> int:
    import getpass

    from ..core.errors import InputError
    from ..output.build import pack_scorecard
    from ..publish.archive import check_publishable, publish
    from ..publish.previous import previous_pack
    from ..publish.published import published_figures

    loaded, pack = pack_of(args)
    when, by, reason = built_at(args.date), plain("--by", args.by or getpass.getuser()), plain("--reason", args.reason)
    archive = args.output / "archive"
    previous = previous_pack(archive, pack.name, pack.period)  # verified, for "What changed"
    earlier = published_figures(archive, loaded.registry)  # what every earlier public pack showed, checked
    check_publishable(archive, pack)  # a publish the archive would refuse is refused before anything is built
    commentary = loaded.inputs.commentary
    if problems := _refusals(pack_scorecard(loaded, pack, earlier), pack, commentary, args.allow_unapproved):
        raise InputError(problems)
    published = publish(loaded, pack, archive, when, by, reason, previous, earlier=earlier)
    for name in published.files:
        print(published.folder / name)
    print(published.index)
    print(
        f"index head {published.head}: keep it outside the archive (in the minutes, say); "
        f"'publisher archive verify --expect {published.head}' then shows the archive up to here is unchanged"
    )
    return EXIT_OK


def _refusals(scorecard: Scorecard, pack: Pack, commentary: Commentary, allow_unapproved: bool) -> list[Problem]:
    """Why a FINAL publish of the pack must not go ahead, and the command that puts each right: required
    commentary missing and the scorecard's text not confirmed (always), and sections not approved (unless
    ``allow_unapproved``)."""
    from ..commentary.status import unready
    from ..core.errors import Problem
    from ..output.messages import default_messages
    from ..output.words import phrase

    words = default_messages().entries
    blocked = unready(scorecard, pack.definition.commentary)
    where = str(commentary.files.get(scorecard.period, "commentary"))
    problems = [
        Problem(where, None, f"indicators.{row.indicator.reference}",
                phrase(("commentary is required (", row.rag, ", ", row.direction, f") but there is none for "
                        f"{scorecard.period}: collect it ('publisher commentary status' lists who owes it)"), words))
        for row in blocked.missing
    ]  # fmt: skip
    problems += [
        Problem(where, None, f"indicators.{row.indicator.reference}",
                f"the text is the scorecard's ({sheet}), not confirmed by "
                f"{row.indicator.lead_officer or 'its lead officer'}: collect their commentary form, the text kept or "
                "replaced ('publisher commentary status' lists who owes it)")
        for row, sheet in blocked.unconfirmed
    ]  # fmt: skip
    if not allow_unapproved:
        problems += [
            Problem(where, None, f"approvals.{priority}",
                    phrase((signoff, f": run 'publisher commentary approve --pack {pack.name} --priority {priority} "
                                     "--by NAME', or publish with --allow-unapproved (the cover then says so)"), words))
            for priority, signoff in blocked.unapproved
        ]  # fmt: skip
    return problems


def cmd_archive_list(args: argparse.Namespace) -> int:
    from ..publish.verify import listing

    lines = listing(args.output / "archive")
    if not lines:
        print(f"No published packs in {args.output / 'archive'}")
    for line in lines:
        print(line)
    return EXIT_OK


def cmd_archive_verify(args: argparse.Namespace) -> int:
    import re

    from ..core.errors import InputError, Problem, listing
    from ..publish.verify import printable, verify_archive

    for wanted in args.expect:
        if not re.fullmatch(r"[0-9a-fA-F]{16,64}", wanted):
            message = f"expected an index hash as publish prints it (16 to 64 hexadecimal digits), got '{wanted}'"
            raise InputError([Problem("command line", None, "--expect", message)])
    report = verify_archive(args.output / "archive", args.expect)
    for line in listing(report.problems):  # the first problems and a count: an archive of many files stays readable
        print(printable(line))
    for line in report.confirmed:
        print(line)
    count, problems = report.versions, len(report.problems)
    print(
        f"{count} version{'s' if count != 1 else ''} checked: "
        + (f"{problems} problem{'s' if problems != 1 else ''}" if problems else "all intact")
    )
    return EXIT_INPUT if report.problems else EXIT_OK


def cmd_circulate(args: argparse.Namespace) -> int:
    from ..publish.addresses import members_for
    from ..publish.archive import version_to_send
    from ..publish.circulate import circulate, subject_for

    project, pack = pack_definition(args)
    members, notes = members_for(project, pack.name)
    archive = args.output / "archive"
    folder = version_to_send(archive, pack, args.version)
    definition = pack.definition
    subject = subject_for(definition.marking, definition.committee, definition.title, pack.period.label)
    for note in notes:
        print(note)
    circulation = circulate(project, archive, folder, members, subject, dry_run=args.dry_run)
    return EXIT_OK if circulation.complete else EXIT_INPUT
