"""Published comparators for each indicator: LA published, statistical neighbours, region, England, band, rank.

Read from a plain CSV the council keeps (``reference, comparator, year, value, source``, and optionally ``note``
and the columns ``publisher benchmarks import`` fills: ``sn_count, sn_of, sn_model, sn_average`` for how a
statistical neighbour average was made, ``lower_quartile, upper_quartile`` for the middle 50% of LAs). The demo's
figures are fictional. Values may be DfE codes (``c``, ``x``, ``z``, ``u``, ``k``, ``low``, ``-``), kept as written
in the table and read as figures whose reason is the wording catalogue's sentence for the code as DfE uses it
(:data:`PUBLISHED_CODES`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.codes import brief, parse_published
from ..core.errors import InputError, Problem
from ..core.figures import Figure
from ..core.phrase import Sentence
from ..core.vocab import Comparator
from .registry import Indicator
from .tables import Row, read_rows

__all__ = ["TABLE_COLUMNS", "Benchmark"]

TABLE_COLUMNS = (
    "reference",
    "comparator",
    "year",
    "value",
    "source",
    "note",
    "sn_count",
    "sn_of",
    "sn_model",
    "sn_average",
    "lower_quartile",
    "upper_quartile",
)

# The catalogue's sentence (``explain.published``) for each DfE code, as a benchmark published as one is explained;
# core.codes has the status, and the meaning of a code DfE does not use.
PUBLISHED_CODES = {
    "c": "suppressed",
    "k": "rounds_to_zero",
    "low": "low",
    "x": "not_available",
    "u": "low_reliability",
    "z": "not_applicable",
    "-": "dash",
    "": "blank",
}


@dataclass(frozen=True)
class Neighbours:
    """How a statistical neighbour (SN) average was made: ``counted`` of the ``of`` neighbours had a figure."""

    counted: int
    of: int
    model: str
    average: str  # "mean" or "median"


@dataclass(frozen=True)
class Quartiles:
    """The middle 50% of LAs with a figure that year (Excel's QUARTILE.INC)."""

    lower: float
    upper: float


@dataclass(frozen=True)
class Benchmark:
    """One comparator: a figure (or words, for band and rank) with its year and source."""

    comparator: Comparator
    figure: Figure | None
    text: str
    year: str
    source: str
    note: str = ""
    neighbours: Neighbours | None = None
    quartiles: Quartiles | None = None


@dataclass(frozen=True)
class Benchmarks:
    by_reference: dict[str, dict[Comparator, Benchmark]] = field(default_factory=dict)

    def for_indicator(self, indicator: Indicator) -> tuple[Benchmark, ...]:
        """The comparators the registry asks for, in its order (absent ones omitted); for an indicator naming a
        ``published`` DfE measure and no list, every one the table has (``benchmarks import`` writes them all)."""
        known = self.by_reference.get(indicator.reference, {})
        wanted = indicator.benchmarks or (list(Comparator) if indicator.published is not None else [])
        return tuple(known[c] for c in wanted if c in known)


def load_benchmarks(path: Path | None, references: set[str]) -> tuple[Benchmarks, list[Problem]]:
    table: dict[str, dict[Comparator, Benchmark]] = {}
    problems: list[Problem] = []
    if path is None:
        return Benchmarks(table), problems
    try:
        for row in read_rows(path, ("reference", "comparator", "year", "value")):
            reference = str(row.cells["reference"] or "").strip()
            written = str(row.cells["comparator"] or "").strip().lower()
            if reference not in references:
                problems.append(
                    Problem(row.file, row.number, "reference", f"unknown indicator reference '{reference}'")
                )
                continue
            if written not in set(Comparator):
                problems.append(
                    Problem(
                        row.file,
                        row.number,
                        "comparator",
                        f"expected one of ({', '.join(Comparator)}), got '{written}'",
                    )
                )
                continue
            comparator = Comparator(written)
            benchmark = _benchmark(row, comparator, problems)
            if benchmark is None:
                problems.append(
                    Problem(
                        row.file,
                        row.number,
                        "value",
                        f"expected a number or a DfE code (c, x, z, u, k, low, -), got {brief(row.cells['value'])}",
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


def _benchmark(row: Row, comparator: Comparator, problems: list[Problem]) -> Benchmark | None:
    cells = row.cells
    year, source = _text(cells.get("year")), _text(cells.get("source"))
    neighbours, quartiles = _neighbours(row, problems), _quartiles(row)
    value = cells["value"]
    figure, text = (None, _text(value)) if comparator.is_text else (parse_published(value), "")
    if figure is None and not comparator.is_text:
        return None
    if figure is not None and not figure.available and (code := PUBLISHED_CODES.get(_text(value).lower())):
        figure = Figure.none(figure.status, Sentence(f"explain.published.{code}"))
    return Benchmark(comparator, figure, text, year, source, _text(cells.get("note")), neighbours, quartiles)


def _text(cell: object) -> str:
    return str(cell or "").strip()


def _neighbours(row: Row, problems: list[Problem]) -> Neighbours | None:
    counted, of = _text(row.cells.get("sn_count")), _text(row.cells.get("sn_of"))
    if not counted and not of:
        return None
    if not (counted.isdigit() and of.isdigit() and int(counted) <= int(of)):
        message = f"expected whole numbers with sn_count at most sn_of, got {counted or 'blank'} and {of or 'blank'}"
        problems.append(Problem(row.file, row.number, "sn_count", message))
        return None
    average = _text(row.cells.get("sn_average")) or "mean"
    return Neighbours(int(counted), int(of), _text(row.cells.get("sn_model")), average)


def _quartiles(row: Row) -> Quartiles | None:
    lower, upper = parse_published(row.cells.get("lower_quartile")), parse_published(row.cells.get("upper_quartile"))
    if lower is None or upper is None or lower.value is None or upper.value is None:
        return None
    return Quartiles(lower.value, upper.value)
