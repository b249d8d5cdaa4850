"""The ``publisher`` command. Only this module knows about the command line; heavy imports happen per command."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from .core.vocab import Audience

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_UNEXPECTED = 0, 1, 2, 3

log = logging.getLogger("publisher")


def _output_options(defaults: object = None) -> argparse.ArgumentParser:
    """--debug and -q, accepted before or after the command name."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--debug", action="store_true", default=defaults, help="show tracebacks and detailed logging")
    parser.add_argument(
        "-q", "--quiet", action="store_true", default=defaults, help="print only errors and the paths written"
    )
    return parser


def _common(
    parser: argparse.ArgumentParser,
    period_help: str = "reporting period, e.g. 'Q2 2026-27' (default: latest whole quarter)",
) -> None:
    parser.add_argument("--project", type=Path, help="folder holding publisher.yaml (default: the demo council)")
    parser.add_argument("--period", help=period_help)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publisher",
        description="Turn indicator data, registry and commentary into the committee pack.",
        epilog="Exit codes: 0 done, 1 a problem in the input (listed), 2 wrong command line, 3 unexpected error.",
        parents=[_output_options(False)],
    )
    sub = _output_options(argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", parents=[sub], help="check registry, data and commentary; print readiness"
    )
    _common(validate)
    validate.set_defaults(handler=cmd_validate)

    calc = commands.add_parser("calc", parents=[sub], help="calculate the scorecard and write it as CSV and JSON")
    _common(calc)
    calc.add_argument(
        "--audience",
        choices=[a.value for a in Audience],
        default=Audience.PUBLIC.value,
        help="public withholds small numbers (default); restricted shows them",
    )
    calc.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
    calc.set_defaults(handler=cmd_calc)

    build = commands.add_parser(
        "build", parents=[sub], help="build the draft PDF and HTML packs (all packs by default)"
    )
    _common(build)
    build.add_argument("--pack", help="the pack definition to build (its file name without .yaml)")
    build.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
    build.add_argument("--jobs", type=_positive, default=1, help="packs built at once (default 1; try the CPU count)")
    build.set_defaults(handler=cmd_build)

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

    publish = commands.add_parser("publish", parents=[sub], help="build the FINAL pack and archive it as a new version")
    _common(publish, "reporting period, e.g. 'Q2 2026-27' (default: the pack's own period)")
    publish.add_argument("--pack", required=True, help="the pack definition (its file name without .yaml)")
    publish.add_argument("--reason", default="", help="why it is published (e.g. 'agreed at committee')")
    publish.add_argument("--by", default=None, help="who publishes it (default: your user name)")
    publish.add_argument("--date", help="publication date, YYYY-MM-DD (default: now, or SOURCE_DATE_EPOCH)")
    publish.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
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
    _common(circulate, "reporting period, e.g. 'Q2 2026-27' (default: the pack's own period)")
    circulate.add_argument("--pack", required=True, help="the pack (its distribution list entry has the same name)")
    circulate.add_argument("--version", type=int, help="the archived version (default: the latest)")
    circulate.add_argument("--dry-run", action="store_true", help="print what would be sent; open no connection")
    circulate.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
    circulate.set_defaults(handler=cmd_circulate)
    init = commands.add_parser("init", parents=[sub], help="start a project from a scorecard (--from), or an example")
    init.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder for the project")
    init.add_argument("--from", dest="scorecard", type=Path, help="the scorecard (.xlsx or .csv): a row per indicator")
    init.add_argument("--mapping", type=Path, help="column heading -> role (default: init-mapping.yaml beside it)")
    init.add_argument("--council", default="Your Council", help="the council's name, as the pack shows it")
    init.set_defaults(handler=cmd_init)
    return parser


def _plain(option: str, text: str) -> str:
    """A name or reason recorded in the archive: one line of text, without control characters."""
    from .core.errors import InputError, Problem

    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text):
        message = "expected one line of text, without control characters"
        raise InputError([Problem("command line", None, option, message)])
    return text


def _positive(text: str) -> int:
    """A whole number of 1 or more, for --jobs (argparse turns the ValueError into a usage error, exit 2)."""
    number = int(text)
    if number < 1:
        raise ValueError(text)
    return number


def _load(args: argparse.Namespace):
    from .inputs.load import latest_quarter, load
    from .inputs.project import load_project

    project = load_project(args.project)
    period = _period(args)
    loaded = load(project, period)
    return loaded, period or latest_quarter(loaded)


def _period(args: argparse.Namespace):
    """The --period given on the command line, or None; a bad one is an input problem (exit 1)."""
    from .core.errors import InputError, Problem
    from .core.periods import Period, PeriodError

    if args.period is None:
        return None
    try:
        return Period.parse(args.period)
    except PeriodError as exc:
        raise InputError([Problem("command line", None, "--period", str(exc))]) from None


def cmd_validate(args: argparse.Namespace) -> int:
    from .engine.readiness import Finding, format_report, introduction_disclosures, readiness
    from .engine.scorecard import build_scorecard
    from .inputs.packs import pack_files
    from .output.build import checked_packs

    loaded, period = _load(args)
    registry, inputs = loaded.registry, loaded.inputs
    scorecard = build_scorecard(registry, inputs, period)
    print(f"Council: {loaded.project.config.council}")
    print(f"Registry: {len(registry.indicators)} indicators in {len(registry.priorities)} priorities")
    print(f"Data: {len(inputs.observations)} observations; commentary for {len(inputs.commentary.indicators)} periods")
    for note in inputs.observations.notes:
        print(f"Note: {note}")
    if loaded.project.config.benchmarks is None:
        print("Note: no benchmarks file (publisher.yaml 'benchmarks'): packs show no benchmark columns")
    print(f"Reporting period: {period}")
    packs = checked_packs(loaded, pack_files(loaded.project.packs_dir), _period(args))  # as build and publish do
    topic = "Small numbers in commentary"
    covers = [Finding(topic, pack.name, str(d)) for pack in packs for d in introduction_disclosures(pack)]
    findings = (*readiness(scorecard, inputs.commentary), *covers)
    print("Readiness report")
    print(format_report(findings))
    blocking = sum(1 for f in findings if f.topic == topic)
    print("No errors found." + (f" Before a public pack is published, reword or acknowledge the {blocking} small "
                                "number(s) in commentary above." if blocking else ""))  # fmt: skip
    return EXIT_OK


def cmd_calc(args: argparse.Namespace) -> int:
    from .core.files import write_all
    from .engine.scorecard import build_scorecard
    from .output.export import scorecard_csv, scorecard_json

    loaded, period = _load(args)
    scorecard = build_scorecard(loaded.registry, loaded.inputs, period, audience=Audience(args.audience))
    folder = args.output / "scorecard" / period.slug
    files = {
        folder / f"{args.audience}-scorecard.csv": scorecard_csv(scorecard),
        folder / f"{args.audience}-scorecard.json": scorecard_json(scorecard),
    }
    write_all(files)
    for path in files:
        print(path)
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .core.files import write_all
    from .inputs.load import load
    from .inputs.packs import find_pack, pack_files
    from .inputs.project import load_project
    from .output.build import checked_packs, pack_outputs

    project = load_project(args.project)
    period = _period(args)
    loaded = load(project, period)
    files = [find_pack(project.packs_dir, args.pack)] if args.pack else pack_files(project.packs_dir)
    packs = checked_packs(loaded, files, period)  # every pack is checked before anything is made
    built_at = _built_at()
    if args.jobs > 1 and len(packs) > 1:
        from concurrent.futures import ProcessPoolExecutor

        jobs = [(args.project, pack, args.output, built_at) for pack in packs]
        with ProcessPoolExecutor(max_workers=min(args.jobs, len(jobs))) as pool:
            made = list(pool.map(_build_in_worker, jobs))
    else:
        made = [pack_outputs(loaded, pack, args.output, built_at) for pack in packs]
    outputs = {path: data for files_made in made for path, data in files_made.items()}
    write_all(outputs)  # every pack's PDF and HTML, or nothing
    for path in outputs:
        print(path)
    return EXIT_OK


def _build_in_worker(job: tuple):
    """Make one checked pack in a worker process, loading the project once per process."""
    from .output.build import pack_outputs

    project_dir, pack, output, built_at = job
    return pack_outputs(_worker_project(project_dir), pack, output, built_at)


@cache
def _worker_project(project_dir: Path | None):
    from .inputs.load import load
    from .inputs.project import load_project

    return load(load_project(project_dir))


def cmd_benchmarks_import(args: argparse.Namespace) -> int:
    from .benchmarks.importer import import_published
    from .core.errors import InputError, Problem
    from .core.files import write_atomic
    from .inputs.project import load_project
    from .inputs.registry import load_registry

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
    from .benchmarks.importer import measures_report

    print(measures_report(args.words, args.files))
    return EXIT_OK


def _built_at(date: str | None = None):
    import datetime as dt

    from .core.errors import InputError, Problem

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


def _pack(args: argparse.Namespace):
    from .inputs.load import load
    from .inputs.packs import find_pack
    from .inputs.project import load_project
    from .output.build import checked_packs

    project = load_project(args.project)
    period = _period(args)
    loaded = load(project, period)
    return loaded, checked_packs(loaded, [find_pack(project.packs_dir, args.pack)], period)[0]


def cmd_publish(args: argparse.Namespace) -> int:
    import getpass

    from .publish.archive import publish

    loaded, pack = _pack(args)
    published = publish(
        loaded, pack, args.output / "archive", _built_at(args.date), _plain("--by", args.by or getpass.getuser()),
        _plain("--reason", args.reason),
    )
    for name in published.files:
        print(published.folder / name)
    print(published.index)
    print(
        f"index head {published.head}: keep it outside the archive (in the minutes, say); "
        f"'publisher archive verify --expect {published.head}' then shows the archive up to here is unchanged"
    )
    return EXIT_OK


def cmd_archive_list(args: argparse.Namespace) -> int:
    from .publish.verify import listing

    lines = listing(args.output / "archive")
    if not lines:
        print(f"No published packs in {args.output / 'archive'}")
    for line in lines:
        print(line)
    return EXIT_OK


def cmd_archive_verify(args: argparse.Namespace) -> int:
    import re

    from .core.errors import InputError, Problem
    from .publish.verify import printable, verify_archive

    for wanted in args.expect:
        if not re.fullmatch(r"[0-9a-fA-F]{16,64}", wanted):
            message = f"expected an index hash as publish prints it (16 to 64 hexadecimal digits), got '{wanted}'"
            raise InputError([Problem("command line", None, "--expect", message)])
    report = verify_archive(args.output / "archive", args.expect)
    for problem in report.problems:
        print(printable(problem))
    for line in report.confirmed:
        print(line)
    count, problems = report.versions, len(report.problems)
    print(
        f"{count} version{'s' if count != 1 else ''} checked: "
        + (f"{problems} problem{'s' if problems != 1 else ''}" if problems else "all intact")
    )
    return EXIT_INPUT if report.problems else EXIT_OK


def cmd_circulate(args: argparse.Namespace) -> int:
    from .publish.addresses import members_for
    from .publish.archive import version_to_send
    from .publish.circulate import circulate, subject_for

    loaded, pack = _pack(args)
    project = loaded.project
    members, notes = members_for(project, pack.name)
    archive = args.output / "archive"
    folder = version_to_send(archive, pack, args.version)
    definition = pack.definition
    subject = subject_for(definition.marking, definition.committee, definition.title, pack.period.label)
    for note in notes:
        print(note)
    circulation = circulate(project, archive, folder, members, subject, dry_run=args.dry_run)
    return EXIT_OK if circulation.complete else EXIT_INPUT


def cmd_init(args: argparse.Namespace) -> int:
    from .inputs.starter_files import init_project

    print("\n".join(init_project(args.folder, args.scorecard, args.mapping, args.council, quiet=args.quiet)))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    chatty = sys.stderr.isatty() and not args.quiet  # progress on a terminal, quiet when piped
    level = logging.DEBUG if args.debug else logging.INFO if chatty else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s" if args.debug else "%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from .core.errors import InputError
    from .output.pdf import RenderError

    try:
        return int(args.handler(args))
    except InputError as exc:
        count = len(exc.problems)
        print(
            f"publisher: {count} problem{'s' if count != 1 else ''} found; nothing was written:",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())
