"""The commands that start a new project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.vocab import Sections
from .annexa import as_date, month_count
from .common import EXIT_INPUT, EXIT_OK, EXIT_USAGE, period_of, positive


def register(commands: argparse._SubParsersAction, sub: argparse.ArgumentParser) -> None:
    init = commands.add_parser("init", parents=[sub], help="start a project from a scorecard (--from), an Annex A "
                               "extract (--annex-a), or an example")  # fmt: skip
    init.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder for the project")
    source = init.add_mutually_exclusive_group()
    source.add_argument("--from", dest="scorecard", type=Path,
                        help="the scorecard (.xlsx or .csv): a row per indicator")  # fmt: skip
    source.add_argument("--annex-a", dest="annex_a", type=Path, metavar="EXTRACT.xlsx",
                        help="an Annex A extract: a registry of the standard measures, and the extract's counts")
    init.add_argument("--as-at", type=as_date, help="with --annex-a: the date the extract was taken, YYYY-MM-DD")
    init.add_argument("--months", type=month_count,
                      help="with --annex-a: whole months the extract covers to the pack's quarter end (default 24: "
                           "the quarter's rolling year and the year before it, which re-referrals need)")
    init.add_argument("--population", type=positive, metavar="N",
                      help="with --annex-a: children aged 0 to 17, for rates per 10,000 (without it, counts)")
    init.add_argument("--mapping", type=Path,
                      help="with --from: column heading -> role (default: init-mapping.yaml beside it)")
    init.add_argument("--sheet", help="with --from: the workbook's sheet to read (default: the first)")
    init.add_argument("--period", metavar="P",
                      help="the pack's quarter, for headings such as 'Actual' or 'Previous period' (e.g. 'Q2 2023-24')")
    init.add_argument("--sections", choices=[s.value for s in Sections],
                      help="with --from: section rows ('Priority 1 - ...') become priorities (default), or groups: "
                           "a tag of the rows under them, one priority, the pack grouped by it")  # fmt: skip
    init.add_argument("--council", default="Your Council", help="the council's name, as the pack shows it")
    init.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    from ..starter.annexa import init_from_extract
    from ..starter.files import init_project

    if args.annex_a is not None and args.as_at is None:  # a required option missing, as argparse would say
        print("publisher init: --annex-a needs --as-at YYYY-MM-DD, the date the extract was taken", file=sys.stderr)
        return EXIT_USAGE
    if misplaced := _misplaced(args):  # silently ignored, a council's rates would quietly have been counts
        print(f"publisher init: {misplaced}, or leave them out", file=sys.stderr)
        return EXIT_INPUT
    if args.annex_a is not None:
        months = args.months or 24
        written = init_from_extract(args.folder, args.annex_a, args.as_at, months, args.council, period_of(args),
                                    args.population, args.quiet)  # fmt: skip
        print("\n".join(written))
        return EXIT_OK
    written = init_project(args.folder, args.scorecard, args.mapping, args.council, quiet=args.quiet, sheet=args.sheet,
                           period=period_of(args), sections=Sections(args.sections or Sections.PRIORITIES))  # fmt: skip
    print("\n".join(written))
    return EXIT_OK


EXTRACT_ONLY = (("--as-at", "as_at"), ("--months", "months"), ("--population", "population"))
SCORECARD_ONLY = (("--mapping", "mapping"), ("--sheet", "sheet"), ("--sections", "sections"))


def _misplaced(args: argparse.Namespace) -> str | None:
    """Options given that the project's source does not read (one rule, exit 1): said, never silently ignored."""
    extract = args.annex_a is not None
    names = [name for name, key in (SCORECARD_ONLY if extract else EXTRACT_ONLY) if getattr(args, key) is not None]
    if not names:
        return None
    listed = " and ".join(filter(None, (", ".join(names[:-1]), names[-1])))
    if extract:
        return f"{listed} given with --annex-a: they apply only to a scorecard (--from)"
    return (f"{listed} given without --annex-a: they apply only to an Annex A extract; add --annex-a "
            "EXTRACT.xlsx" + ("" if "--as-at" in names else " --as-at YYYY-MM-DD"))  # fmt: skip
