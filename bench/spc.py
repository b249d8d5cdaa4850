"""What SPC adds to a build: `.venv/bin/python bench/spc.py [--repeats N]` from the repository root.

A public 100-indicator pack of monthly percentages over 42 months (Apr 2023 to Sep 2026, so every indicator
has SPC) with 80-word commentary, as bench/run.py's packs, built cold from the command line three ways: with
SPC switched off in the registry and the pack (`spc: false`, `spc: {icons: false}`), as shipped (the icons
beside the RAG rating and the explainer in the notes), and with SPC charts too (`spc: {charts: true}`, first
build: every chart drawn). Also run from ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PYTHON, WORDS  # the interpreter and the commentary words bench/run.py uses

MONTHS = 42
PACK = """\
committee: Benchmark Committee
title: Benchmark pack
meeting_date: 2026-11-20
period: Q2 2026-27
priorities: [{priority: p0}, {priority: p1}, {priority: p2}]
"""


def make_spc_project(folder: Path, indicators: int, spc: str, display: str) -> Path:
    """``indicators`` monthly percentages with ``spc: <spc>`` each, and one pack with ``spc: <display>``."""
    for sub in ("indicators", "data", "packs", "commentary"):
        (folder / sub).mkdir(parents=True)
    (folder / "publisher.yaml").write_text("council: Benchmark Borough Council\n", encoding="utf-8")
    rows, comments = ["series,period,value,note"], ["period: Q2 2026-27", "indicators:"]
    per_priority = -(-indicators // 3)
    for p in range(3):
        lines = [f"priority: {{id: p{p}, title: Priority {p + 1}, order: {p}}}", "indicators:"]
        for i in range(p * per_priority, min(indicators, (p + 1) * per_priority)):
            lines.append(
                f"  - {{reference: S{i}, title: SPC benchmark indicator {i}, unit: percentage, polarity: high, "
                f"calculation: {{numerator: n{i}, denominator: d{i}}}, targets: {{'2026-27': 60}}, "
                f"rag: {{rule: target_tolerance, tolerance: 5}}, spc: {spc}}}"
            )
            for m in range(MONTHS):
                year, month = divmod(2023 * 12 + 3 + m, 12)  # Apr 2023 to Sep 2026
                rows.append(f"n{i},{year}-{month + 1:02d},{40 + (i * 7 + m * 3) % 30 + (m > 30) * 6},")
                rows.append(f"d{i},{year}-{month + 1:02d},{80 + (i + m) % 10},")
            comment = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(80))
            comments += [f"  S{i}:", "    author: Head of Service", "    date: 2026-10-10", f"    text: {comment}"]
        (folder / "indicators" / f"p{p}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "data" / "observations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "commentary" / "2026-27-Q2.yaml").write_text("\n".join(comments) + "\n", encoding="utf-8")
    (folder / "packs" / "pack.yaml").write_text(PACK + f"spc: {display}\n", encoding="utf-8")
    return folder


VARIANTS = (
    ("without SPC", "false", "{icons: false}"),
    ("with SPC icons (as shipped)", "true", "{icons: true}"),
    ("with SPC icons and charts", "true", "{charts: true}"),
)


def cpu_run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and the child's CPU seconds (user + system): CPU time hardly moves when other work shares
    the machine, so it is the figure to compare; wall time is shown beside it."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def measure_spc(workspace: Path, repeats: int, indicators: int = 100) -> list[tuple[str, float, float]]:
    """Median cold build (wall and CPU seconds) for each variant; the variants take turns, so that a busy
    moment of the machine does not fall on one of them only."""
    builds = []
    for n, (name, spc, display) in enumerate(VARIANTS):
        project = make_spc_project(workspace / f"spc{n}", indicators, spc, display)
        output = workspace / f"spc-out{n}"
        command = [PYTHON, "-m", "publisher.cli", "-q", "build", "--project", str(project), "--output", str(output)]
        builds.append((f"{indicators} indicators, {MONTHS} months, {name}", output, command))
    timings: list[list[tuple[float, float]]] = [[] for _ in builds]
    for _ in range(repeats):
        for n, (_, output, command) in enumerate(builds):
            shutil.rmtree(output, ignore_errors=True)
            timings[n].append(cpu_run(command))
    return [
        (name, statistics.median(w for w, _ in found), statistics.median(c for _, c in found))
        for (name, _, _), found in zip(builds, timings, strict=True)
    ]


def report(results: list[tuple[str, float, float]]) -> None:
    _, base_wall, base_cpu = results[0]
    print("SPC's cost: cold build, process start to PDF written (medians of wall and CPU seconds)")
    for name, wall, cpu in results:
        print(f"{name:<58} {wall:>6.2f} s {wall / base_wall - 1:>+6.1%}  CPU {cpu:>6.2f} s {cpu / base_cpu - 1:>+6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        report(measure_spc(Path(temporary), args.repeats))


if __name__ == "__main__":
    main()
