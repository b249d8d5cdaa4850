"""Benchmarks: run `python bench/run.py` from the repository root; prints a table of medians.

Measures, on the demo council: loading registry + data + commentary, calculating the whole scorecard for one
period, one sparkline, and building each demo pack from a fresh process (start to PDF written).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPEATS = 5


def median_seconds(action: Callable[[], object], repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    from publisher.calc import build_scorecard
    from publisher.load import latest_quarter, load
    from publisher.project import load_project
    from publisher.sparkline import sparkline_png

    project = load_project()
    loaded = load(project)
    period = latest_quarter(loaded)
    rows = [
        ("load registry, data, commentary (demo)", median_seconds(lambda: load(project))),
        ("calculate scorecard, whole demo, one period", median_seconds(
            lambda: build_scorecard(loaded.registry, loaded.inputs, period))),
        ("one sparkline (reused figure)", median_seconds(lambda: sparkline_png([1, 2, 3, None, 5, 4] * 2, 3), 50)),
    ]  # fmt: skip
    publisher = [sys.executable, "-m", "publisher.cli"]
    with tempfile.TemporaryDirectory() as output:
        for pack in ("corporate-parenting-board", "safeguarding-partnership", "scrutiny-overview"):
            command = [*publisher, "-q", "build", "--pack", pack, "--output", output]
            seconds = median_seconds(lambda c=command: subprocess.run(c, check=True, capture_output=True), 3)
            size = sum(p.stat().st_size for p in Path(output, pack).rglob("*.pdf"))
            rows.append((f"build {pack} (process start to PDF, {size // 1024} KiB)", seconds))
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  median")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
