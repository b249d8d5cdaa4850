"""Published comparators for each indicator: LA published, statistical neighbours, region, England, band, rank.

Read from a plain CSV the council keeps (``reference, comparator, year, value, source``): the demo's figures are
fictional. Values may be DfE codes (``c``, ``x``, ``z``, ``-``), which become figures with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.codes import parse_published
from ..core.errors import InputError, Problem
from ..core.figures import Figure
from .registry import Indicator
from .tables import read_rows

COMPARATORS = {
    "la_published": "LA published",
    "sn": "SN average",
    "region": "Region",
    "england": "England",
    "band": "Middle 50%",
    "rank": "Rank",
}
TEXT_COMPARATORS = ("band", "rank")


@dataclass(frozen=True)
class Benchmark:
    """One comparator: a figure (or words, for band and rank) with its year and source."""

    comparator: str
    figure: Figure | None
    text: str
    year: str
    source: str
    note: str = ""

    @property
    def label(self) -> str:
        return COMPARATORS[self.comparator]


@dataclass(frozen=True)
class Benchmarks:
    by_reference: dict[str, dict[str, Benchmark]] = field(default_factory=dict)

    def for_indicator(self, indicator: Indicator) -> tuple[Benchmark, ...]:
        """The comparators the registry asks for, in its order (absent ones omitted)."""
        known = self.by_reference.get(indicator.reference, {})
        return tuple(known[c] for c in indicator.benchmarks if c in known)


def load_benchmarks(path: Path | None, references: set[str]) -> tuple[Benchmarks, list[Problem]]:
    table: dict[str, dict[str, Benchmark]] = {}
    problems: list[Problem] = []
    if path is None:
        return Benchmarks(table), problems
    try:
        for row in read_rows(path, ("reference", "comparator", "year", "value")):
            reference = str(row.cells["reference"] or "").strip()
            comparator = str(row.cells["comparator"] or "").strip().lower()
            if reference not in references:
                problems.append(
                    Problem(row.file, row.number, "reference", f"unknown indicator reference '{reference}'")
                )
                continue
            if comparator not in COMPARATORS:
                problems.append(
                    Problem(
                        row.file,
                        row.number,
                        "comparator",
                        f"expected one of ({', '.join(COMPARATORS)}), got '{comparator}'",
                    )
                )
                continue
            benchmark = _benchmark(row.cells, comparator)
            if benchmark is None:
                problems.append(
                    Problem(
                        row.file,
                        row.number,
                        "value",
                        f"expected a number or a DfE code (c, x, z, -), got {row.cells['value']!r}",
                    )
                )
                continue
            if comparator in table.get(reference, {}):
                problems.append(Problem(row.file, row.number, "comparator", f"duplicate {comparator} for {reference}"))
                continue
            table.setdefault(reference, {})[comparator] = benchmark
    except InputError as exc:
        problems.extend(exc.problems)
    return Benchmarks(table), problems


def _benchmark(cells: dict[str, object], comparator: str) -> Benchmark | None:
    year, source = str(cells["year"] or "").strip(), str(cells.get("source") or "").strip()
    note = str(cells.get("note") or "").strip()
    if comparator in TEXT_COMPARATORS:
        return Benchmark(comparator, None, str(cells["value"] or "").strip(), year, source, note)
    figure = parse_published(cells["value"])
    return None if figure is None else Benchmark(comparator, figure, "", year, source, note)

