"""Benchmarks: `.venv/bin/python bench/run.py [--quick]` from the repository root prints a table of medians.

Measured on one machine in one run:
- the floor: WeasyPrint alone, as a separate process, laying out the very HTML the pack build produced;
- the full build from the command line (process start to PDF written) for generated registries of 25, 100, 400
  and 1,000 indicators (12 months of data drawn as sparklines, 80-word commentary), cold (empty sparkline cache)
  and warm (rebuilt after changing one commentary); the ratio to the floor, time per indicator, peak memory, PDF
  size per indicator;
- one sparkline; loading registry + data; calculating; one pack's spreadsheet; the sparklines' share of WeasyPrint's
  layout;
- one trend chart, and a 100-indicator pack built in the standard and the compact layout (bench/charts.py);
- the three demo packs one after another and with --jobs 2; eight 100-indicator packs likewise;
- what SPC adds to a 100-indicator build (bench/spc.py);
- importing the whole LAIT file and computing benchmarks (when ../shared/data/dfe is there);
- importing a 50,000-row Annex A extract and computing every measure for 24 months (bench/annex_a.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BUILT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
WORDS = [
    "placement",
    "stability",
    "improved",
    "after",
    "the",
    "review",
    "of",
    "every",
    "child",
    "with",
    "three",
    "or",
    "more",
    "moves",
    "and",
    "the",
    "service",
    "now",
    "meets",
    "weekly",
    "to",
    "agree",
    "actions",
    "with",
    "carers",
    "schools",
    "and",
    "health",
    "partners",
    "so",
    "that",
    "children",
    "stay",
    "settled",
    "while",
    "the",
    "sufficiency",
    "plan",
    "brings",
    "new",
    "foster",
    "carers",
    "through",
    "panel",
    "in",
    "the",
    "winter",
]


def run(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Seconds from process start to exit, and the child's peak memory in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss // 1024


def median_of(repeats: int, action: Callable[[], tuple[float, int]]) -> tuple[float, int]:
    results = [action() for _ in range(repeats)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def make_project(folder: Path, indicators: int, packs: int = 1) -> Path:
    """A council with ``indicators`` indicators in three priorities, 16 months of data and 80-word commentary."""
    (folder / "indicators").mkdir(parents=True)
    (folder / "data").mkdir()
    (folder / "commentary").mkdir()
    (folder / "packs").mkdir()
    (folder / "publisher.yaml").write_text("council: Benchmark Borough Council\n", encoding="utf-8")
    rows, comments = ["series,period,value,note"], ["period: Q2 2026-27", "indicators:"]
    per_priority = -(-indicators // 3)
    for p in range(3):
        lines = [f"priority: {{id: p{p}, title: Priority {p + 1}, order: {p}, lead: Lead {p}}}", "indicators:"]
        for i in range(p * per_priority, min(indicators, (p + 1) * per_priority)):
            lines.append(
                f"  - {{reference: B{i}, title: Benchmark indicator number {i} with a realistic length of title, "
                f"unit: percentage, polarity: high, calculation: {{numerator: n{i}, denominator: d{i}, "
                f"window: rolling_12m}}, targets: {{'2026-27': 60}}, rag: {{rule: target_tolerance, tolerance: 5}}, "
                f"key: true}}"
            )
            for m in range(16):
                year, month = divmod(2025 * 12 + 5 + m, 12)  # Jun 2025 to Sep 2026
                rows.append(f"n{i},{year}-{month + 1:02d},{40 + (i * 7 + m * 3) % 30},")
                rows.append(f"d{i},{year}-{month + 1:02d},{80 + (i + m) % 10},")
            comment = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(80))
            comments += [f"  B{i}:", "    author: Head of Service", "    date: 2026-10-10", f"    text: {comment}"]
        (folder / "indicators" / f"p{p}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "data" / "observations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "data" / "population.csv").write_text("year,population\n2026-27,60000\n", encoding="utf-8")
    (folder / "commentary" / "2026-27-Q2.yaml").write_text("\n".join(comments) + "\n", encoding="utf-8")
    for n in range(packs):
        (folder / "packs" / f"pack{n}.yaml").write_text(
            textwrap.dedent("""\
            committee: Benchmark Committee
            title: Benchmark pack
            meeting_date: 2026-11-20
            period: Q2 2026-27
            priorities: [{priority: p0}, {priority: p1}, {priority: p2}]
            author: Performance Team
            contact: performance@example.gov.uk
            """),
            encoding="utf-8",
        )
    return folder


# A 1x1 transparent PNG: the layout without the sparklines, for their share of WeasyPrint's time.
BLANK = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
FLOOR = (
    "import sys; from weasyprint import HTML; "
    "HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], pdf_variant='pdf/ua-1', pdf_tags=True, custom_metadata=True)"
)
# publisher's own part of a build, its fixed cost included: the same command with the layout left out, so that
# WeasyPrint is never imported, here or in a second process (process start to HTML and spreadsheet written).
OWN_PART = (
    "import contextlib, sys; import publisher.output.build as build; build.write_pdf = lambda *a, **k: b'%PDF'; "
    "import publisher.output.pdf as pdf; pdf.layout_beside = contextlib.nullcontext; "
    "from publisher.cli import main; sys.exit(main(sys.argv[1:]))"
)


def measure_size(workspace: Path, indicators: int, repeats: int, share: bool) -> dict[str, float]:
    """A cold build, a warm one and WeasyPrint alone on the HTML built, taken in turn ``repeats`` times, so that
    a change in the machine's speed during the run falls on all three alike."""
    project = make_project(workspace / f"p{indicators}", indicators)
    output = workspace / f"out{indicators}"
    build = [PYTHON, "-m", "publisher.cli", "-q", "build", "--project", str(project), "--output", str(output)]
    commentary = project / "commentary" / "2026-27-Q2.yaml"

    def cold() -> tuple[float, int]:
        shutil.rmtree(output, ignore_errors=True)
        return run(build)

    def warm() -> tuple[float, int]:
        commentary.write_text(commentary.read_text(encoding="utf-8").replace("placement", "placements", 1))
        return run(build)

    run(build)  # the HTML the floor lays out
    html = next(output.rglob("*.html"))
    pdf = next(output.rglob("*.pdf"))
    floor = [PYTHON, "-c", FLOOR, str(html), str(workspace / "f.pdf")]
    own = [PYTHON, "-c", OWN_PART, *build[3:-1], str(workspace / f"own{indicators}")]
    rounds = [(cold(), warm(), run(floor), run(own)) for _ in range(repeats)]
    cold_seconds, warm_seconds, floor_seconds, own_seconds = (
        statistics.median(r[i][0] for r in rounds) for i in range(4)
    )
    cold_memory, floor_memory = max(r[0][1] for r in rounds), max(r[2][1] for r in rounds)
    sparkline_share = math.nan
    if share:
        bare = workspace / f"bare{indicators}.html"
        bare.write_text(
            re.sub(r'src="data:image/png;base64,[^"]+"', f'src="{BLANK}"', html.read_text(encoding="utf-8"))
        )
        bare_seconds, _ = median_of(repeats, lambda: run([PYTHON, "-c", FLOOR, str(bare), str(workspace / "b.pdf")]))
        sparkline_share = (floor_seconds - bare_seconds) / bare_seconds
    return {
        "indicators": indicators,
        "floor": floor_seconds,
        "cold": cold_seconds,
        "warm": warm_seconds,
        "own": own_seconds,
        "memory": cold_memory,
        "floor_memory": floor_memory,
        "pdf_kb": pdf.stat().st_size / 1024,
        "sparkline_share": sparkline_share,
    }


def in_process(workspace: Path) -> list[tuple[str, float]]:
    from publisher.engine.scorecard import build_scorecard
    from publisher.inputs.load import latest_quarter, load
    from publisher.inputs.packs import load_pack, pack_files
    from publisher.inputs.project import load_project
    from publisher.output.build import pack_scorecard, pack_xlsx
    from publisher.output.sparkline import sparkline_png

    results = []
    for name, project in (("demo", load_project()), ("100 generated", load_project(workspace / "p100"))):
        loaded = load(project)
        period = latest_quarter(loaded)
        results.append((f"load registry, data, commentary ({name})", _median_call(lambda p=project: load(p))))
        results.append(
            (
                f"calculate scorecard, one period ({name})",
                _median_call(lambda lo=loaded, pe=period: build_scorecard(lo.registry, lo.inputs, pe)),
            )
        )
        pack = load_pack(pack_files(project.packs_dir)[0], loaded.registry)
        scorecard = pack_scorecard(loaded, pack)

        def spreadsheet(lo=loaded, pa=pack, sc=scorecard) -> bytes:
            return pack_xlsx(lo, pa, BUILT, sc)

        spreadsheet()  # openpyxl imported once, as a build does
        label = f"spreadsheet (.xlsx) of one pack, {len(scorecard.rows)} indicators ({name})"
        results.append((label, _median_call(spreadsheet)))
    values = [41.0, 43.5, None, 47.2, 45.0, 44.1, 48.3, 50.2, 49.9, 52.0, None, 55.1, 57.0]
    sparkline_png(values, 60)
    results.append(("one sparkline (PNG, 200 dpi as printed)", _median_call(lambda: sparkline_png(values, 60), 200)))
    return results


def _median_call(action: Callable[[], object], repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def parallel(workspace: Path, repeats: int) -> list[tuple[str, float]]:
    results = []
    eight = make_project(workspace / "eight", 100, packs=8)
    for name, project in (("three demo packs", None), ("eight 100-indicator packs", eight)):
        for jobs in (1, 2):
            command = [
                PYTHON,
                "-m",
                "publisher.cli",
                "-q",
                "build",
                "--jobs",
                str(jobs),
                "--output",
                str(workspace / f"par{jobs}"),
            ] + (["--project", str(project)] if project else [])
            seconds, _ = median_of(repeats, lambda c=command: run(c))
            results.append((f"{name}, --jobs {jobs}", seconds))
    return results


def lait_import() -> float | None:
    dfe = ROOT.parent / "shared" / "data" / "dfe"
    if not dfe.is_dir():
        return None
    from publisher.benchmarks.importer import import_published
    from publisher.core.resources import default_dir
    from publisher.inputs.registry import load_registry

    files = [
        dfe / "lait_bds_long.csv.gz",
        dfe / "lait_data_dictionary.csv",
        dfe / "sn_april_2021.xlsx",
        dfe / "ees" / "d3_cpps_subsequent_plan_2013_to_2025.csv",
        dfe / "ees" / "la_care_leavers_activity.csv",
    ]
    registry = load_registry(default_dir("indicators"))
    return _median_call(lambda: import_published(files, registry, "Sefton"), 3)


def _share(value: float) -> str:
    return "" if math.isnan(value) else f"{value:+.1%}"


def report_charts(workspace: Path, make: Callable[..., Path], runner: Callable[..., tuple[float, int]]) -> None:
    """Trend charts and the compact layout (bench/charts.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from charts import report

    report(workspace, make, runner)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="25 and 100 indicators only, fewer repeats")
    args = parser.parse_args()
    sizes, repeats = ((25, 100), 3) if args.quick else ((25, 100, 400, 1000), 3)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as temporary:
        workspace = Path(temporary)
        # fewer runs of the big packs keep the whole script under ten minutes on two cores
        rows = [measure_size(workspace, n, {400: 2, 1000: 1}.get(n, repeats), n == 100) for n in sizes]
        print("Pack build, process start to PDF written (medians; memory is the peak of any run); own: publisher's")
        print("part, process start to HTML and spreadsheet written with no layout (WeasyPrint never imported)")
        print(
            f"{'indicators':>10} {'floor s':>8} {'cold s':>8} {'ratio':>6} {'warm s':>8} {'ratio':>6} {'own s':>6} "
            f"{'ms/ind':>7} {'MiB':>5} {'KB/ind':>7} {'sparklines':>10}"
        )
        for r in rows:
            print(
                f"{r['indicators']:>10} {r['floor']:>8.2f} {r['cold']:>8.2f} {r['cold'] / r['floor']:>6.2f} "
                f"{r['warm']:>8.2f} {r['warm'] / r['floor']:>6.2f} {r['own']:>6.2f} "
                f"{r['cold'] / r['indicators'] * 1000:>7.1f} "
                f"{r['memory']:>5} {r['pdf_kb'] / r['indicators']:>7.1f} {_share(r['sparkline_share']):>10}"
            )
        if len(rows) > 1:
            first, last = rows[0], rows[-1]
            marginal = (last["cold"] - first["cold"]) / (last["indicators"] - first["indicators"]) * 1000
            print(
                f"each extra indicator: {marginal:.1f} ms (cold build, {first['indicators']} to {last['indicators']})"
            )
        print()
        for name, seconds in in_process(workspace) + parallel(workspace, 1):
            print(f"{name:<50} {seconds * 1000:>9.1f} ms")
        from forms import report as forms_report  # bench/forms.py: the script's folder is on sys.path

        for line in forms_report():  # the commentary round: forms for the demo's leads, and collecting them
            print(line)
        from spc import measure_spc, report  # bench/spc.py: what SPC adds to a 100-indicator build

        print()
        report(measure_spc(workspace, repeats))
        report_charts(workspace, make_project, run)
        seconds = lait_import()
        if seconds is not None:
            print(f"{'import LAIT + EES + SN, benchmarks for the demo':<50} {seconds * 1000:>9.1f} ms")
        from annex_a import report as annex_a_report  # bench/annex_a.py: an Annex A extract imported

        for line in annex_a_report(repeats):
            print(line)
    print(f"\nbench/run.py took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
