"""Trend charts and the compact layout: the cost of one chart, and a compact pack's build per indicator.

Called from bench/run.py's main (it prints these lines under the table); on its own:
`.venv/bin/python bench/charts.py` from the repository root.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def chart_cost(charts: int = 60) -> float:
    """Median seconds to draw one trend chart (13 months, target, SN and England), each chart's data different
    so that nothing is reused; the first draw, which imports matplotlib and builds the figure, is not counted."""
    from publisher.output.charts import ChartData, chart_svg

    def data(n: int) -> ChartData:
        values = tuple(None if (m + n) % 11 == 0 else 40.0 + (n * 7 + m * 3) % 30 for m in range(13))
        return ChartData(labels=tuple(f"M{m} 26" for m in range(13)), values=values, latest=f"{values[-1]}%",
                         references=(("target", "Target", 60.0, "60%"), ("sn", "SN", 50.0 + n % 9, "x"),
                                     ("england", "England", 55.0, "55%")),
                         from_zero=n % 2 == 0, unit="%", not_from_zero="Axis does not start at zero")  # fmt: skip

    chart_svg(data(-1))
    timings = []
    for n in range(charts):
        started = time.perf_counter()
        chart_svg(data(n))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def compact_build(workspace: Path, make_project: Callable[..., Path], run: Callable[..., tuple[float, int]],
                  indicators: int = 100, repeats: int = 2) -> dict[str, float]:  # fmt: skip
    """A cold build of the same generated pack in the standard and compact layouts, process start to PDF."""
    project = make_project(workspace / f"compact{indicators}", indicators)
    pack = project / "packs" / "pack0.yaml"
    results = {}
    for layout in ("standard", "compact"):
        pack.write_text(pack.read_text(encoding="utf-8").split("layout:")[0] + f"layout: {layout}\n", encoding="utf-8")
        output = workspace / f"compact-out-{layout}"
        command = [sys.executable, "-m", "publisher.cli", "-q", "build", "--project", str(project), "--output",
                   str(output)]  # fmt: skip
        seconds = []
        for _ in range(repeats):
            for cached in output.glob("**/*"):
                if cached.is_file():
                    cached.unlink()
            seconds.append(run(command)[0])
        results[layout] = statistics.median(seconds)
    return results


def report(workspace: Path, make_project: Callable[..., Path], run: Callable[..., tuple[float, int]]) -> None:
    print(f"{'one trend chart (SVG, as printed)':<50} {chart_cost() * 1000:>9.1f} ms")
    built = compact_build(workspace, make_project, run)
    for layout, seconds in built.items():
        print(f"{f'100 indicators, {layout} layout, cold, per indicator':<50} {seconds * 10:>9.1f} ms")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from run import make_project, run

    with tempfile.TemporaryDirectory() as folder:
        report(Path(folder), make_project, run)
