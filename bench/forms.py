"""The commentary round's benchmark: forms made for the demo's leads, and those forms collected once filled.

Each is measured as a user meets it, from process start (``publisher commentary forms`` / ``collect``) to files
written, on a copy of the demo; medians of a few runs. Targets: forms under 3 s, collecting under 1 s.
Run alone with ``.venv/bin/python bench/forms.py``.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACK = "corporate-parenting-board"
TEXT = "The figure moved as expected this quarter; the service has a plan with named actions and dates. " * 3


def _publisher(*args: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one command, process start to exit (CPU is what a busy machine cannot
    inflate: on two cores shared with other work the wall clock can be twice the CPU time)."""
    before, started = _cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-m", "publisher.cli", "-q", *args], check=True, stdout=subprocess.DEVNULL,
                   cwd=ROOT)  # fmt: skip
    return time.perf_counter() - started, _cpu() - before


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _fill(folder: Path) -> list[Path]:
    """Every form in ``folder`` with text in each yellow cell, as officers would return them."""
    import openpyxl

    forms = sorted(folder.rglob("*.xlsx"))
    for path in forms:
        book = openpyxl.load_workbook(path)
        sheet = book["Commentary"]
        for row in range(8, sheet.max_row + 1):
            sheet.cell(row, sheet.max_column, f"{TEXT}(row {row})")
        book.save(path)
    return forms


def measure_forms(repeats: int = 3) -> dict[str, float]:
    """Median seconds (wall clock, CPU) to make the demo board's forms, one per lead, and to collect them filled."""
    made: list[tuple[float, float]] = []
    collected: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as temporary:
        workspace = Path(temporary)
        for n in range(repeats):
            run = workspace / f"run{n}"
            shutil.copytree(ROOT / "demo", run / "demo")
            shutil.copytree(ROOT / "indicators", run / "indicators")
            project, output = str(run / "demo"), str(run / "out")
            made.append(_publisher("commentary", "forms", "--project", project, "--pack", PACK, "--output", output))
            forms = _fill(run / "out")
            collected.append(_publisher("commentary", "collect", "--project", project, *map(str, forms)))
        count = len(forms)
    return {"forms": float(count), **_medians("generate", made), **_medians("collect", collected)}


def _medians(name: str, runs: list[tuple[float, float]]) -> dict[str, float]:
    return {name: statistics.median(r[0] for r in runs), f"{name} cpu": statistics.median(r[1] for r in runs)}


def report(repeats: int = 3) -> list[str]:
    timings = measure_forms(repeats)
    count = int(timings["forms"])
    return [
        f"{label.format(count):<50} {timings[name] * 1000:>9.1f} ms  (CPU {timings[name + ' cpu'] * 1000:.0f} ms)"
        for name, label in (("generate", "commentary forms, {} leads (target < 3 s)"),
                            ("collect", "commentary collect, {} filled forms (target < 1 s)"))
    ]  # fmt: skip


if __name__ == "__main__":
    print("\n".join(report()))
