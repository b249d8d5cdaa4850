"""The ``publisher`` command. Only this package knows about the command line; heavy imports happen per command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import cache

from . import annexa, archive, benchmarks, changes, commentary, packs, starter
from .common import EXIT_INPUT, EXIT_UNEXPECTED, output_options
from .progress import configure

__all__ = ["build_parser", "main"]

# Each adds its commands, in the order --help lists them.
COMMANDS = (packs, commentary, benchmarks, annexa, archive, changes, starter)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publisher",
        description="Turn indicator data, registry and commentary into the committee pack.",
        epilog="Exit codes: 0 done, 1 a problem in the input (listed), 2 wrong command line, 3 unexpected error.",
        parents=[output_options(False)],
    )
    sub = output_options(argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for module in COMMANDS:
        module.register(commands, sub)
    return parser


@cache
def _parser() -> argparse.ArgumentParser:
    """The parser, built once per process (13 ms: some 200 options): whatever runs several commands in one
    process, as the manual's examples and the tests do, builds it once. Parsing leaves it unchanged."""
    return build_parser()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    configure(args.debug, args.quiet)  # progress on a terminal, quiet when piped, libraries' logs with --debug
    from ..core.errors import InputError, listing
    from ..output.pdf import RenderError

    try:
        return int(args.handler(args))
    except InputError as exc:
        count = len(exc.problems)
        print(
            f"publisher: {count} problem{'s' if count != 1 else ''} found; nothing was written:",
            file=sys.stderr,
        )
        for line in listing(exc.problems):
            print(f"  {line}", file=sys.stderr)
        return EXIT_INPUT
    except RenderError as exc:
        print(f"publisher: the pack could not be laid out; nothing was written: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("publisher: interrupted; nothing was written", file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"publisher: unexpected error: {exc.__class__.__name__}: {exc} (run with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
