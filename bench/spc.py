"""What SPC adds to a build: `.venv/bin/python bench/spc.py [--repeats N]` from the repository root.

A public 100-indicator pack of monthly percentages over 42 months (Apr 2023 to Sep 2026, so every indicator
has SPC), built cold from the command line three ways: with SPC switched off in the registry and the pack
(`spc: false`, `spc: {icons: false}`), as shipped (the icons and the SPC line under each row), and with SPC
charts too (`spc: {charts: true}`, first build: every chart drawn). Also run from ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PYTHON, median_of, run  # the shared helpers of bench/run.py

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
    for sub in ("indicators", "data", "packs"):
        (folder / sub).mkdir(parents=True)
    (folder / "publisher.yaml").write_text("council: Benchmark Borough Council\n", encoding="utf-8")
    rows = ["series,period,value,note"]
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
        (folder / "indicators" / f"p{p}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "data" / "observations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "packs" / "pack.yaml").write_text(PACK + f"spc: {display}\n", encoding="utf-8")
    return folder


VARIANTS = (
    ("without SPC", "false", "{icons: false}"),
    ("with SPC icons (as shipped)", "true", "{icons: true}"),
    ("with SPC icons and charts", "true", "{charts: true}"),
)


def measure_spc(workspace: Path, repeats: int, indicators: int = 100) -> list[tuple[str, float]]:
    """Median cold build seconds for each variant, and each one's cost over the build without SPC."""
    results: list[tuple[str, float]] = []
    for n, (name, spc, display) in enumerate(VARIANTS):
        project = make_spc_project(workspace / f"spc{n}", indicators, spc, display)
        output = workspace / f"spc-out{n}"
        build = [PYTHON, "-m", "publisher.cli", "-q", "build", "--project", str(project), "--output", str(output)]

        def cold(out: Path = output, command: list[str] = build) -> tuple[float, int]:
            shutil.rmtree(out, ignore_errors=True)
            return run(command)

        seconds, _ = median_of(repeats, cold)
        results.append((f"{indicators} indicators, 42 months, {name}", seconds))
    return results


def report(results: list[tuple[str, float]]) -> None:
    base = results[0][1]
    print("SPC's cost: cold build, process start to PDF written (medians)")
    for name, seconds in results:
        print(f"{name:<60} {seconds:>7.2f} s {seconds / base - 1:>+7.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        report(measure_spc(Path(temporary), args.repeats))


if __name__ == "__main__":
    main()
