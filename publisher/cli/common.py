"""What every command shares: exit codes, common options, and loading a project, period or pack."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_UNEXPECTED = 0, 1, 2, 3

log = logging.getLogger("publisher")


def output_options(defaults: object = None) -> argparse.ArgumentParser:
    """--debug and -q, accepted before or after the command name."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--debug", action="store_true", default=defaults, help="show tracebacks and detailed logging")
    parser.add_argument(
        "-q", "--quiet", action="store_true", default=defaults, help="print only errors and the paths written"
    )
    return parser


def common(
    parser: argparse.ArgumentParser,
    period_help: str = "reporting period, e.g. 'Q2 2026-27' (default: latest whole quarter)",
) -> None:
    parser.add_argument("--project", type=Path, help="folder holding publisher.yaml (default: the demo council)")
    parser.add_argument("--period", help=period_help)


def plain(option: str, text: str) -> str:
    """A name or reason recorded in the archive: one line of text, without control characters."""
    from ..core.errors import InputError, Problem

    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text):
        message = "expected one line of text, without control characters"
        raise InputError([Problem("command line", None, option, message)])
    return text


def positive(text: str) -> int:
    """A whole number of 1 or more, for --jobs (argparse turns the ValueError into a usage error, exit 2)."""
    number = int(text)
    if number < 1:
        raise ValueError(text)
    return number


def load_scorecard(args: argparse.Namespace):
    from ..inputs.load import latest_quarter, load
    from ..inputs.project import load_project

    project = load_project(args.project)
    period = period_of(args)
    loaded = load(project, period)
    return loaded, period or latest_quarter(loaded)


def period_of(args: argparse.Namespace):
    """The --period given on the command line, or None; a bad one is an input problem (exit 1)."""
    from ..core.errors import InputError, Problem
    from ..core.periods import Period, PeriodError

    if args.period is None:
        return None
    try:
        return Period.parse(args.period)
    except PeriodError as exc:
        raise InputError([Problem("command line", None, "--period", str(exc))]) from None


def built_at(date: str | None = None):
    import datetime as dt

    from ..core.errors import InputError, Problem

    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # the reproducible-builds convention for a fixed build date
    try:
        if date:
            return dt.datetime.combine(dt.date.fromisoformat(date), dt.time(12), dt.UTC)
        return (
            dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC).replace(microsecond=0)
        )
    except (ValueError, OverflowError, OSError):  # OSError: a date past what the system clock can hold
        where = ("command line", "--date", date) if date else ("environment", "SOURCE_DATE_EPOCH", epoch)
        expected = "a date such as 2026-11-20" if date else "whole seconds since 1 January 1970"
        raise InputError([Problem(where[0], None, where[1], f"expected {expected}, got '{where[2]}'")]) from None


def pack_definition(args: argparse.Namespace):
    """The project, and the pack named on the command line with its period, for a command that sends what was
    archived (circulate): the registry is read, as the pack names its indicators; the observations, benchmarks
    and commentary, which only its figures need, are not."""
    from dataclasses import replace

    from ..inputs.load import load
    from ..inputs.packs import find_pack, load_pack
    from ..inputs.project import load_project
    from ..inputs.registry import load_registry

    project = load_project(args.project)
    period = period_of(args)
    if not project.registry_dir.is_dir():
        load(project)  # refuses it, naming the folder publisher.yaml expects, as every command does
    pack = load_pack(find_pack(project.packs_dir, args.pack), load_registry(project.registry_dir))
    return project, replace(pack, period=period) if period else pack


def pack_of(args: argparse.Namespace):
    from ..inputs.load import load
    from ..inputs.packs import find_pack
    from ..inputs.project import load_project
    from ..output.build import checked_packs

    project = load_project(args.project)
    period = period_of(args)
    loaded = load(project, period)
    return loaded, checked_packs(loaded, [find_pack(project.packs_dir, args.pack)], period)[0]
