"""Annex A's benchmark: importing a generated extract of about 50,000 rows (13,000 children over two years, the
tests' seeded generator) and computing every measure for 24 months, in process, as ``publisher annex-a import``
does: medians of a few runs, wall clock and CPU, with the share of reading the workbook. Target: under 3 s.
Run alone with ``.venv/bin/python bench/annex_a.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_AT = dt.date(2026, 3, 31)
CHILDREN = 13_000  # about 50,000 rows across Lists 3 to 10


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call (CPU is what a busy machine cannot inflate)."""
    started, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - started, time.process_time() - cpu


def measure_import(repeats: int = 3) -> dict[str, float]:
    """Median seconds (wall, CPU) of the import's two halves: reading the workbook, then measuring the extract read
    and writing the project's data (``import_extract`` is the one, then the other)."""
    from publisher.annexa.importing import import_read
    from publisher.annexa.reader import read_extract
    from tests.annexa.extract import generate, write_book

    council = generate(CHILDREN)
    with tempfile.TemporaryDirectory() as temporary:
        workspace = Path(temporary)
        book = write_book(workspace / "annex-a.xlsx", council.sheets())
        runs: dict[str, list[tuple[float, float]]] = {"read": [], "measure": []}
        for n in range(repeats):
            project = workspace / f"p{n}"
            (project / "data").mkdir(parents=True)
            (project / "publisher.yaml").write_text("council: Bench\nobservations: [data/annex-a.csv]\n")
            runs["read"].append(_timed(partial(read_extract, book, AS_AT)))
            extract = read_extract(book, AS_AT)
            runs["measure"].append(_timed(partial(import_read, project, extract, book.name, AS_AT, 24)))
    rows = sum(len(rows) for _, rows in council.sheets().values())
    medians = {f"{name} {kind}": statistics.median(r[n] for r in found) for name, found in runs.items()
               for n, kind in enumerate(("wall", "cpu"))}  # fmt: skip
    return {"rows": float(rows)} | medians


def report(repeats: int = 3) -> list[str]:
    t = measure_import(repeats)
    wall, cpu = t["read wall"] + t["measure wall"], t["read cpu"] + t["measure cpu"]
    label = f"annex-a import, {int(t['rows']):,} rows, 24 months (target < 3 s)"
    return [f"{label:<50} {wall * 1000:>9.1f} ms  "
            f"(CPU {cpu * 1000:.0f} ms: reading the workbook {t['read cpu'] * 1000:.0f}, measures and data "
            f"{t['measure cpu'] * 1000:.0f})"]  # fmt: skip


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print("\n".join(report()))
