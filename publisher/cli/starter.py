"""The commands that start a new project."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_OK, period_of


def register(commands: argparse._SubParsersAction, sub: argparse.ArgumentParser) -> None:
    init = commands.add_parser("init", parents=[sub], help="start a project from a scorecard (--from), or an example")
    init.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder for the project")
    init.add_argument("--from", dest="scorecard", type=Path, help="the scorecard (.xlsx or .csv): a row per indicator")
    init.add_argument("--mapping", type=Path, help="column heading -> role (default: init-mapping.yaml beside it)")
    init.add_argument("--sheet", help="the workbook's sheet to read (default: the first)")
    init.add_argument("--period", metavar="P",
                      help="the pack's quarter, for headings such as 'Actual' or 'Previous period' (e.g. 'Q2 2023-24')")
    init.add_argument("--council", default="Your Council", help="the council's name, as the pack shows it")
    init.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    from ..inputs.starter_files import init_project

    written = init_project(args.folder, args.scorecard, args.mapping, args.council, quiet=args.quiet, sheet=args.sheet,
                           period=period_of(args))  # fmt: skip
    print("\n".join(written))
    return EXIT_OK
