"""What SPC adds to a build: `.venv/bin/python bench/spc.py [--repeats N] [--instructions]` from the repository root.

bench/run.py's public 100-indicator pack of percentages with 80-word commentary, its figures monthly over 42
months (Apr 2023 to Sep 2026, so every indicator has SPC), built cold from the command line four ways: with SPC
switched off in the registry and the pack (`spc: false`, `spc: {icons: false}`); calculated but not shown
(`spc: {icons: false}`: the exports still carry it); as shipped (the icons under the RAG rating and the
explainer in the notes); and with SPC charts too (`spc: {charts: true}`, first build: every chart drawn). Also
run from ``bench/run.py``.

The variants take turns within each round, and each is compared with the build without SPC of the same round:
the median of those paired ratios holds still where the machine's speed drifts from one minute to the next (a
shared virtual machine's CPU time drifted by a tenth between rounds here), which a ratio of medians does not.
Where even that wanders by several per cent, ``--instructions`` counts the instructions each build executes under
valgrind's callgrind instead (about twenty minutes on two cores): the same count on every run and every machine
with the same libraries, so a difference of a per cent is real.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PYTHON, make_project  # bench/run.py's interpreter and generated council

MONTHS = 42


class Measured(NamedTuple):
    name: str
    wall: float
    cpu: float
    paired: float  # median of CPU time / CPU time without SPC in the same round


def make_spc_project(folder: Path, indicators: int, spc: str, display: str) -> Path:
    """bench/run.py's council (three priorities of percentages, 80-word commentary), its figures for periods
    rather than rolling years, over 42 months (Apr 2023 to Sep 2026), each indicator with ``spc: <spc>`` and
    the pack with ``spc: <display>``."""
    make_project(folder, indicators)
    for path in (folder / "indicators").glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("window: rolling_12m}", "window: period}")
        path.write_text(text.replace("key: true}", f"key: true, spc: {spc}}}"), encoding="utf-8")
    rows = ["series,period,value,note"]
    for i in range(indicators):
        for m in range(MONTHS):
            year, month = divmod(2023 * 12 + 3 + m, 12)
            rows.append(f"n{i},{year}-{month + 1:02d},{40 + (i * 7 + m * 3) % 30 + (m > 30) * 6},")
            rows.append(f"d{i},{year}-{month + 1:02d},{80 + (i + m) % 10},")
    (folder / "data" / "observations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    pack = folder / "packs" / "pack0.yaml"
    pack.write_text(pack.read_text(encoding="utf-8") + f"spc: {display}\n", encoding="utf-8")
    return folder


VARIANTS = (
    ("without SPC", "false", "{icons: false}"),
    ("SPC calculated (exports), no icons", "true", "{icons: false}"),
    ("with SPC icons (as shipped)", "true", "{icons: true}"),
    ("with SPC icons and charts", "true", "{charts: true}"),
)


def variant_builds(workspace: Path, indicators: int) -> list[tuple[str, Path, list[str]]]:
    """Each variant's name, output folder and build command, its project made in ``workspace``."""
    builds = []
    for n, (name, spc, display) in enumerate(VARIANTS):
        project = make_spc_project(workspace / f"spc{n}", indicators, spc, display)
        output = workspace / f"spc-out{n}"
        command = [PYTHON, "-m", "publisher.cli", "-q", "build", "--project", str(project), "--output", str(output)]
        builds.append((f"{indicators} indicators, {MONTHS} months, {name}", output, command))
    return builds


def cpu_run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and the child's CPU seconds (user + system): CPU time hardly moves when other work shares
    the machine, so it is the figure to compare; wall time is shown beside it."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def measure_spc(workspace: Path, repeats: int, indicators: int = 100) -> list[Measured]:
    """Each variant's median cold build (wall and CPU seconds) and its median CPU time as a ratio of the build
    without SPC in the same round."""
    builds = variant_builds(workspace, indicators)
    timings: list[list[tuple[float, float]]] = [[] for _ in builds]
    for _ in range(repeats):
        for n, (_, output, command) in enumerate(builds):
            shutil.rmtree(output, ignore_errors=True)
            timings[n].append(cpu_run(command))
    base = [cpu for _, cpu in timings[0]]
    return [
        Measured(name, statistics.median(w for w, _ in found), statistics.median(c for _, c in found),
                 statistics.median(c / b for (_, c), b in zip(found, base, strict=True)))
        for (name, _, _), found in zip(builds, timings, strict=True)
    ]  # fmt: skip


def count_instructions(workspace: Path, indicators: int = 100) -> list[tuple[str, int]]:
    """Each variant's cold build under ``valgrind --tool=callgrind``: the instructions it executed, as callgrind's
    summary line (``Collected : N``) says; the builds run side by side, one per CPU."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind: sudo apt-get install valgrind")

    def counted(build: tuple[str, Path, list[str]]) -> int:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *build[2]]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        found = re.search(r"Collected : (\d+)", done.stderr)
        if done.returncode != 0 or found is None:
            raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
        return int(found[1])

    builds = variant_builds(workspace, indicators)
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        return [(name, count) for (name, _, _), count in zip(builds, pool.map(counted, builds), strict=True)]


def report_instructions(results: list[tuple[str, int]]) -> None:
    print("SPC's cost: instructions executed by a cold build, process start to PDF written (valgrind's callgrind)")
    base = results[0][1]
    for name, count in results:
        print(f"{name:<58} {count / 1e9:>7.2f} billion  added {count / base - 1:>+6.1%}")


def report(results: list[Measured]) -> None:
    print("SPC's cost: cold build, process start to PDF written (medians of wall and CPU seconds; the added CPU time")
    print("is the median over rounds of each build against the build without SPC of the same round)")
    for found in results:
        print(f"{found.name:<58} {found.wall:>6.2f} s  CPU {found.cpu:>6.2f} s  added {found.paired - 1:>+6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--instructions", action="store_true", help="count instructions (valgrind) instead of time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        if args.instructions:
            report_instructions(count_instructions(Path(temporary)))
        else:
            report(measure_spc(Path(temporary), args.repeats))


if __name__ == "__main__":
    main()
