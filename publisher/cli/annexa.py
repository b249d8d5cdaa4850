"""``publisher annex-a``: the council's Annex A extract turned into the project's monthly data."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .common import EXIT_OK

MAX_MONTHS = 36


def register(commands: argparse._SubParsersAction, sub: argparse.ArgumentParser) -> None:
    annex = commands.add_parser(
        "annex-a", parents=[sub], help="the safeguarding and care figures from an Annex A extract"
    )
    actions = annex.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = actions.add_parser(
        "import", parents=[sub], help="count the measures of an Annex A extract by month into data/annex-a.csv"
    )
    imp.add_argument("extract", type=Path, metavar="EXTRACT.xlsx", help="the Annex A workbook (List 1 to List 11)")
    imp.add_argument("--as-at", required=True, type=as_date, help="the date the extract was taken, YYYY-MM-DD")
    imp.add_argument("--project", type=Path, default=Path("."), help="folder holding publisher.yaml (default: here)")
    imp.add_argument("--months", type=month_count, default=12, help=f"whole months the extract covers, to the as-at "
                     f"date (default 12, at most {MAX_MONTHS})")  # fmt: skip
    imp.add_argument("--closed", type=as_date, action="append", default=[], metavar="YYYY-MM-DD",
                     help="a day the council was closed besides bank holidays (repeat it)")  # fmt: skip
    imp.add_argument("--allow-older", action="store_true", help="import an extract older than the latest imported")
    imp.set_defaults(handler=cmd_import)


def as_date(text: str) -> dt.date:
    """A date as YYYY-MM-DD (argparse turns the ValueError into a usage error, exit 2)."""
    return dt.date.fromisoformat(text)


def month_count(text: str) -> int:
    number = int(text)
    if not 1 <= number <= MAX_MONTHS:
        raise ValueError(text)
    return number


def cmd_import(args: argparse.Namespace) -> int:
    from ..annexa.importing import import_extract

    outcome = import_extract(args.project, args.extract, args.as_at, args.months, tuple(args.closed), args.allow_older)
    print("\n".join(outcome.lines()[: 2 if args.quiet else None]))
    return EXIT_OK
