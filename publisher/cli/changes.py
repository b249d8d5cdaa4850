"""``publisher changes``: what changed since the last published pack, as the pack's "What changed" page says."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_OK, common, pack_of


def register(commands: argparse._SubParsersAction, sub: argparse.ArgumentParser) -> None:
    changes = commands.add_parser(
        "changes", parents=[sub], help="what changed since the last published pack (revised figures, ratings, targets)"
    )
    common(changes, "reporting period, e.g. 'Q3 2026-27' (default: the pack's own period)")
    changes.add_argument("--pack", required=True, help="the pack definition (its file name without .yaml)")
    changes.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
    changes.set_defaults(handler=cmd_changes)


def cmd_changes(args: argparse.Namespace) -> int:
    from ..engine.changes import compare
    from ..output.build import pack_scorecard
    from ..output.changes_view import changes_text
    from ..output.templating import council_messages
    from ..publish.previous import previous_pack
    from ..publish.published import published_figures

    loaded, pack = pack_of(args)
    previous = previous_pack(args.output / "archive", pack.name, pack.period)
    if previous is None:
        changes = None
    else:  # the pack's figures as build would withhold them
        scorecard = pack_scorecard(loaded, pack, published_figures(args.output / "archive", loaded.registry))
        changes = compare(previous, scorecard, loaded.registry.indicators)
    for line in changes_text(changes, pack.name, pack.period, council_messages(loaded.project).entries):
        print(line)
    return EXIT_OK
