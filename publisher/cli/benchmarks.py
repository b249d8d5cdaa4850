"""The commands that import DfE's published benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_OK, log


def register(commands: argparse._SubParsersAction, sub: argparse.ArgumentParser) -> None:
    benchmarks = commands.add_parser("benchmarks", parents=[sub], help="import published DfE benchmarks")
    actions = benchmarks.add_subparsers(dest="action", required=True, metavar="ACTION")
    bench_import = actions.add_parser(
        "import", parents=[sub], help="compute the council's benchmark table from DfE files (LAIT, EES, SN groups)"
    )
    bench_import.add_argument("files", nargs="+", type=Path, help="LAIT extract and dictionary, EES CSVs, SN file(s)")
    bench_import.add_argument("--la", required=True, help="the council: old LA number (e.g. 343) or name")
    bench_import.add_argument("--sn-model", choices=("2021", "2025"), default="2021", help="statistical neighbours")
    bench_import.add_argument("--average", choices=("mean", "median"), default="mean", help="SN average (mean)")
    bench_import.add_argument("--year", help="the published year, e.g. 2023-24 (default: the latest with a figure)")
    bench_import.add_argument("--project", type=Path, help="folder holding publisher.yaml (default: the demo)")
    bench_import.add_argument("--output", type=Path, help="where to write (default: the project's benchmarks file)")
    bench_import.set_defaults(handler=cmd_benchmarks_import)
    bench_measures = actions.add_parser("measures", parents=[sub], help="find a LAIT measure code by words")
    bench_measures.add_argument("words", nargs="+", help="words in the code, title or topic (any case)")
    files_help = "LAIT's dictionary and long extract (default: those in the current folder)"
    bench_measures.add_argument("--files", nargs="+", type=Path, help=files_help)
    bench_measures.set_defaults(handler=cmd_benchmarks_measures)


def cmd_benchmarks_import(args: argparse.Namespace) -> int:
    from ..benchmarks.importer import import_published
    from ..core.errors import InputError, Problem
    from ..core.files import write_atomic
    from ..inputs.project import load_project
    from ..inputs.registry import load_registry

    project = load_project(args.project)
    output = args.output or project.path(project.config.benchmarks)
    if output is None or (args.project is None and args.output is None):
        message = (
            "give --output (the demo keeps its own fictional benchmarks; a project names its file in publisher.yaml)"
        )
        raise InputError([Problem("command line", None, "--output", message)])
    registry = load_registry(project.registry_dir)
    text, name = import_published(args.files, registry, args.la, args.sn_model, args.average, args.year)
    write_atomic(output, text)
    log.info("benchmarks: %d rows for %s", text.count("\n") - 1, name)
    print(output)
    return EXIT_OK


def cmd_benchmarks_measures(args: argparse.Namespace) -> int:
    from ..benchmarks.importer import measures_report

    print(measures_report(args.words, args.files))
    return EXIT_OK
