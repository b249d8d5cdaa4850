"""Small builders for hand-worked test cases, and the attacker's exact solver the disclosure tests share."""

from fractions import Fraction

from publisher.commentary.file import Commentary
from publisher.core.codes import parse_value
from publisher.core.figures import Status
from publisher.core.periods import Period
from publisher.inputs.benchmarks import Benchmarks
from publisher.inputs.load import Inputs
from publisher.inputs.observations import Observation, Observations
from publisher.inputs.population import Population
from publisher.inputs.registry import Indicator


def indicator(**fields) -> Indicator:
    base = {
        "reference": "T1",
        "title": "Test indicator",
        "unit": "count",
        "polarity": "high",
        "calculation": {"numerator": "n"},
    }
    base.update(fields)
    return Indicator.model_validate(base)


def observations(series: dict[str, dict[str, object]]) -> Observations:
    items = {}
    for name, values in series.items():
        for label, cell in values.items():
            period = Period.parse(label)
            value, status, note = parse_value(cell) or (None, Status.MISSING, "")
            items[(name, period)] = Observation(name, period, value, status, note, "test.csv", 2)
    return Observations(items)


def monthly(first: str, values: list[object]) -> dict[str, object]:
    start = Period.parse(first)
    return {start.shifted(i).label: v for i, v in enumerate(values)}


def population(**years: float) -> Population:
    by_year = {Period.parse(k.replace("_", "-")): v for k, v in years.items()}
    return Population(by_year)


def inputs(obs: Observations, pop: Population | None = None) -> Inputs:
    return Inputs(obs, pop or population(), Commentary({}, {}), Benchmarks())


class Span:
    """The combinations of some equations over the months (exact fractions, Gaussian elimination)."""

    def __init__(self) -> None:
        self.basis: list[tuple[object, dict]] = []  # (pivot, row) in echelon form

    def reduce(self, row: dict) -> dict:
        row = {k: Fraction(v) for k, v in row.items() if v}
        for pivot, base in self.basis:
            if row.get(pivot):
                factor = row[pivot] / base[pivot]
                for k, v in base.items():
                    row[k] = row.get(k, 0) - factor * v
                row = {k: v for k, v in row.items() if v}
        return row

    def add(self, equation: dict) -> None:
        if reduced := self.reduce(equation):
            self.basis.append((min(reduced, key=str), reduced))

    def holds(self, target: dict) -> bool:
        return not self.reduce(target)
