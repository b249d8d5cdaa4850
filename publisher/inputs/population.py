"""The child population (aged 0-17) by financial year, which rates per 10,000 children are built on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.codes import brief, parse_value
from ..core.errors import InputError, Problem
from ..core.periods import Kind, Period, PeriodError
from .tables import read_rows

__all__ = ["Population"]


@dataclass(frozen=True)
class Population:
    """Children aged 0-17 for each financial year."""

    by_year: dict[Period, float]

    def for_period(self, period: Period) -> float | None:
        """The population of the financial year in which ``period`` ends (the rule rates use)."""
        return self.by_year.get(period.containing_financial_year())


def load_population(path: Path | None) -> tuple[Population, list[Problem]]:
    by_year: dict[Period, float] = {}
    problems: list[Problem] = []
    if path is None:
        return Population(by_year), problems
    try:
        for row in read_rows(path, ("year", "population")):
            try:
                year = Period.parse(str(row.cells["year"]).strip())
            except PeriodError as exc:
                problems.append(Problem(row.file, row.number, "year", str(exc)))
                continue
            if year.kind is not Kind.YEAR:
                problems.append(
                    Problem(
                        row.file,
                        row.number,
                        "year",
                        f"expected a financial year such as '2024-25', got '{row.cells['year']}'",
                    )
                )
                continue
            parsed = parse_value(row.cells["population"])
            if parsed is None or parsed[0] is None or parsed[0] <= 0:
                problems.append(
                    Problem(
                        row.file,
                        row.number,
                        "population",
                        f"expected a number of children above 0, got {brief(row.cells['population'])}",
                    )
                )
                continue
            if year in by_year:
                problems.append(Problem(row.file, row.number, "year", f"duplicate row for {year}"))
                continue
            by_year[year] = parsed[0]
    except InputError as exc:
        problems.extend(exc.problems)
    return Population(by_year), problems
