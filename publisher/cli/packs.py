"""The commands that check, calculate and build packs."""

from __future__ import annotations

import argparse
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.vocab import Audience
from .common import EXIT_OK, built_at, common, load_scorecard, period_of, positive
from .progress import Progress, on_terminal, progress

if TYPE_CHECKING:
    from ..engine.readiness import Finding


def register(commands: argparse._SubParsersAction, sub: argparse.ArgumentParser) -> None:
    validate = commands.add_parser(
        "validate", parents=[sub], help="check registry, data and commentary; print readiness"
    )
    common(validate)
    validate.set_defaults(handler=cmd_validate)

    calc = commands.add_parser("calc", parents=[sub], help="calculate the scorecard and write it as CSV and JSON")
    common(calc)
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
    common(build)
    build.add_argument("--pack", help="the pack definition to build (its file name without .yaml)")
    build.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: ./output)")
    build.add_argument("--jobs", type=positive, default=1, help="packs built at once (default 1; try the CPU count)")
    build.set_defaults(handler=cmd_build)


def cmd_validate(args: argparse.Namespace) -> int:
    from ..engine.readiness import Finding, introduction_disclosures, readiness
    from ..engine.scorecard import build_scorecard
    from ..inputs.packs import pack_files
    from ..inputs.printed import PRINTED_NAME, load_printed
    from ..output.build import checked_packs

    loaded, period = load_scorecard(args)
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
    packs = checked_packs(loaded, pack_files(loaded.project.packs_dir), period_of(args))  # as build and publish do
    topic = "Small numbers in commentary"
    covers = [Finding(topic, pack.name, str(d)) for pack in packs for d in introduction_disclosures(pack)]
    # What the commentary check compares phrases with, and the council's printed RAG and direction are compared with
    bands = {pack.definition.direction for pack in packs}
    band = next(iter(bands)) if len(bands) == 1 else None  # the packs' direction, when they agree on one
    behind = build_scorecard(registry.with_direction(band), inputs, period, Audience.RESTRICTED)
    printed = loaded.project.root / PRINTED_NAME
    findings = (*readiness(scorecard, inputs.commentary, behind, load_printed(printed) if printed.is_file() else ()),
                *covers)  # fmt: skip
    print("Readiness report")
    print(format_report(findings))
    blocking = sum(1 for f in findings if f.topic == topic)
    print("No errors found." + (f" Before a public pack is published, reword or acknowledge the {blocking} small "
                                "number(s) in commentary above." if blocking else ""))  # fmt: skip
    return EXIT_OK


def format_report(findings: tuple[Finding, ...]) -> str:
    """The readiness report: each topic with its count ("none"), then each finding under it (a rating in it in
    publisher's catalogue words)."""
    from ..engine.readiness import TOPICS
    from ..output.messages import default_messages
    from ..output.words import phrase

    lines, words = [], default_messages().entries
    for topic in TOPICS:
        items = [f for f in findings if f.topic == topic]
        lines.append(f"{topic}: {len(items) or 'none'}")
        lines.extend(f"  {f.reference}: {phrase(f.detail, words)}" for f in items)
    return "\n".join(lines)


def cmd_calc(args: argparse.Namespace) -> int:
    from ..core.files import write_all
    from ..engine.disclosure import NOTHING_PUBLISHED
    from ..engine.scorecard import build_scorecard
    from ..output.export import scorecard_csv, scorecard_json
    from ..publish.published import published_figures

    loaded, period = load_scorecard(args)
    audience = Audience(args.audience)
    # Public figures are withheld as a public pack withholds them: against what earlier public packs showed too.
    earlier = NOTHING_PUBLISHED if audience is Audience.RESTRICTED else published_figures(
        args.output / "archive", loaded.registry)  # fmt: skip
    scorecard = build_scorecard(loaded.registry, loaded.inputs, period, audience, earlier=earlier)
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
    from ..output.pdf import layout_beside

    if args.jobs > 1:  # each worker process lays out its own packs
        return _build(args)
    with layout_beside():  # WeasyPrint is imported in a second process while the project loads
        return _build(args)


def _build(args: argparse.Namespace) -> int:
    from ..core.files import write_all
    from ..output.build import STEPS_PER_PACK

    with progress(1, on_terminal(args.quiet) and not args.debug) as bar:
        bar.step("loading the project")
        loaded, packs = _packs_to_build(args)  # every pack is checked before anything is made
        bar.add(len(packs) * STEPS_PER_PACK)
        made = _make(args, loaded, packs, bar)
    outputs = {path: data for files_made in made for path, data in files_made.items()}
    write_all(outputs)  # every pack's PDF, HTML and spreadsheet, or nothing
    for path in outputs:
        print(path)
    return EXIT_OK


def _packs_to_build(args: argparse.Namespace):
    from ..inputs.load import load
    from ..inputs.packs import find_pack, pack_files
    from ..inputs.project import load_project
    from ..output.build import checked_packs

    project = load_project(args.project)
    period = period_of(args)
    loaded = load(project, period)
    files = [find_pack(project.packs_dir, args.pack)] if args.pack else pack_files(project.packs_dir)
    return loaded, checked_packs(loaded, files, period)


def _make(args: argparse.Namespace, loaded, packs: list, bar: Progress) -> list[dict[Path, bytes]]:
    """Every pack's files in memory, one pack after another or ``--jobs`` at once (each counted whole as it ends)."""
    from ..output.build import STEPS_PER_PACK, pack_outputs
    from ..publish.previous import previous_pack
    from ..publish.published import published_figures

    # The last published pack of each, verified, for its "What changed" page (none: the page is left out).
    previous = [previous_pack(args.output / "archive", pack.name, pack.period) for pack in packs]
    # What every earlier public pack showed, checked: a public pack withholds what would reveal a small number
    # together with it, as publish will.
    earlier = published_figures(args.output / "archive", loaded.registry)
    when = built_at()
    if args.jobs == 1 or len(packs) == 1:
        return [pack_outputs(loaded, pack, args.output, when, previous=last, step=bar.step, earlier=earlier)
                for pack, last in zip(packs, previous, strict=True)]  # fmt: skip
    from concurrent.futures import ProcessPoolExecutor

    jobs = [(args.project, pack, args.output, when, last, earlier) for pack, last in zip(packs, previous, strict=True)]
    made = []
    with ProcessPoolExecutor(max_workers=min(args.jobs, len(jobs))) as pool:
        for pack, files_made in zip(packs, pool.map(_build_in_worker, jobs), strict=True):
            for _ in range(STEPS_PER_PACK):
                bar.step(f"{pack.name}: made")
            made.append(files_made)
    return made


def _build_in_worker(job: tuple):
    """Make one checked pack in a worker process, loading the project once per process."""
    from ..output.build import pack_outputs

    project_dir, pack, output, built_at, previous, earlier = job
    return pack_outputs(_worker_project(project_dir), pack, output, built_at, previous=previous, earlier=earlier)


@cache
def _worker_project(project_dir: Path | None):
    from ..inputs.load import load
    from ..inputs.project import load_project

    return load(load_project(project_dir))
