"""Published comparators for each indicator: LA published, statistical neighbours, region, England, band, rank.

Read from a plain CSV the council keeps (``reference, comparator, year, value, source``): the demo's figures are
fictional. Values may be DfE codes (``c``, ``x``, ``z``, ``-``), which become figures with a reason.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from . import dfe
from .dfe import QUANTILE_METHOD, parse_published
from .errors import InputError, Problem
from .figures import Figure
from .registry import Indicator, PublishedMeasure, Registry
from .tables import csv_text, read_rows

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


# -- importing DfE's published statistics into the council's table ------------------------------------------

TABLE_COLUMNS = ("reference", "comparator", "year", "value", "source", "note")


def import_published(
    files: list[Path],
    registry: Registry,
    la: str,
    sn_model: str = "2021",
    average: str = "mean",
    year: str | None = None,
) -> tuple[str, str]:
    """Benchmarks for every indicator with a ``published`` measure, as the council's CSV table.

    Returns the table's text and the LA's name. Every problem (unknown LA, measure not found, unknown
    layout) is raised together as an :class:`InputError`.
    """
    layouts = {path: dfe.detect_layout(path) for path in files}
    models = [dfe.read_neighbours(p) for p, kind in layouts.items() if kind == "sn"]
    model = next((m for m in models if m.year == sn_model), None)
    if model is None:
        found = ", ".join(m.year for m in models) or "none"
        raise InputError(
            [
                Problem(
                    "command line",
                    None,
                    "--sn-model",
                    f"expected a statistical neighbour file for the {sn_model} model among the files, found ({found})",
                )
            ]
        )
    code = dfe.find_la(la, model.names)
    dictionary = next((p for p, kind in layouts.items() if kind == "lait_dictionary"), None)
    lait: dict[str, dfe.MeasureTable] = {}
    for path, kind in layouts.items():
        if kind == "lait":
            lait.update(dfe.read_lait(path, dictionary))
    ees = {p.name: p for p, kind in layouts.items() if kind == "ees"}
    rows: list[list[object]] = []
    problems: list[Problem] = []
    file_of = dict(zip((p.id for p in registry.priorities), registry.files, strict=True))
    for indicator in registry.indicators:
        wanted = indicator.published
        if wanted is None:
            continue
        try:
            table = _measure(wanted, lait, ees)
            comparison = dfe.compare(table, code, model, year, table.polarity or _polarity(indicator), average)
        except InputError as exc:
            where = str(file_of[indicator.priority])
            problems.extend(Problem(where, None, f"{indicator.reference}: {p.field}", p.message) for p in exc.problems)
            continue
        rows.extend(_table_rows(indicator, comparison, table, model, average))
    if problems:
        raise InputError(problems)
    return csv_text(TABLE_COLUMNS, rows), model.names[code]


def _polarity(indicator: Indicator) -> str | None:
    return indicator.polarity if indicator.polarity != "none" else None


def _measure(wanted: PublishedMeasure, lait: dict, ees: dict[str, Path]):  # returns a dfe.MeasureTable
    if wanted.source == "lait":
        if wanted.measure not in lait:
            close = ", ".join(difflib.get_close_matches(wanted.measure, list(lait), n=3)) or "none close"
            raise InputError(
                [
                    Problem(
                        "LAIT",
                        None,
                        "published.measure",
                        f"measure '{wanted.measure}' not found in the LAIT files given "
                        f"({'no LAIT file given' if not lait else 'closest: ' + close})",
                    )
                ]
            )
        return lait[wanted.measure]
    if wanted.file not in ees:
        given = ", ".join(ees) or "none"
        raise InputError(
            [Problem("EES", None, "published.file", f"'{wanted.file}' is not among the files given ({given})")]
        )
    return dfe.read_ees(ees[wanted.file], wanted.measure, wanted.filters)


def _table_rows(indicator: Indicator, comparison, table, model, average: str) -> list[list[object]]:
    source = f"DfE {table.source}: {table.title}"
    sn_note = f"{average} of {comparison.sn_count} of {comparison.sn_of} neighbours ({model.year} model)"
    quartiles = ""
    if comparison.lower_quartile is not None:
        quartiles = f"middle 50% {comparison.lower_quartile:g} to {comparison.upper_quartile:g} ({QUANTILE_METHOD})"
    cells = {
        "la_published": (_cell(comparison.la), ""),
        "sn": (_cell(comparison.sn), sn_note),
        "region": (_cell(comparison.region), ""),
        "england": (_cell(comparison.england), ""),
        "band": (comparison.band, quartiles),
        "rank": (comparison.rank, "1st = best"),
    }
    return [
        [indicator.reference, c, comparison.year, cells[c][0], source, cells[c][1]]
        for c in indicator.benchmarks
        if cells[c][0] != ""
    ]


def _cell(figure: Figure) -> object:
    if figure.available and figure.value is not None:
        return round(figure.value, 4)
    return {"suppressed": "c", "not_applicable": "z"}.get(str(figure.status), "x")
