"""Definitions with effective dates (``history:``): read, checked at file:line, and the definition in force."""

import pytest

from publisher.core.errors import InputError
from publisher.core.periods import Period
from publisher.inputs.registry import load_registry

from ..conftest import VALID_REGISTRY, write

HISTORY = """\
    history:
      - until: Q4 2023-24
        title: Care leavers in education or training
        calculation: {numerator: cl_et, denominator: cl_all, window: snapshot}
      - until: Q2 2024-25
        calculation: {numerator: cl_eet_old, denominator: cl_all, window: rolling_12m}
"""


def registry_text(history: str = HISTORY) -> str:
    return VALID_REGISTRY.replace("    targets:\n", history + "    targets:\n", 1)


def problems_for(tmp_path, text):
    write(tmp_path / "bad", "03-care-leavers.yaml", text)
    with pytest.raises(InputError) as caught:
        load_registry(tmp_path / "bad")
    return [str(p) for p in caught.value.problems]


def test_the_definition_in_force_is_the_earliest_that_had_not_ended(tmp_path):
    write(tmp_path / "ok", "03-care-leavers.yaml", registry_text())
    cl = load_registry(tmp_path / "ok").by_reference["CL3.1"]
    in_force = {label: cl.in_force(Period.parse(label)) for label in ("Mar 2024", "Q4 2023-24", "Apr 2024", "Q2 2024-25",
                                                                      "Oct 2024")}  # fmt: skip
    assert {k: (v.title, v.calculation.numerator) for k, v in in_force.items()} == {
        "Mar 2024": ("Care leavers in education or training", "cl_et"),
        "Q4 2023-24": ("Care leavers in education or training", "cl_et"),
        "Apr 2024": ("Care leavers in education, employment or training", "cl_eet_old"),  # no title given: kept
        "Q2 2024-25": ("Care leavers in education, employment or training", "cl_eet_old"),
        "Oct 2024": ("Care leavers in education, employment or training", "cl_eet"),
    }
    assert cl.definition_changes == (Period.parse("Q4 2023-24"), Period.parse("Q2 2024-25"))
    assert {"cl_et", "cl_eet_old"} <= set(cl.series)  # data for an earlier definition is not an unknown series


@pytest.mark.parametrize(
    ("history", "where", "words"),
    [
        ("    history:\n      - until: Q5 2023-24\n        calculation: {numerator: cl_et, denominator: cl_all}\n",
         ":16: 'indicators[0].history[0].until':", "expected a period such as"),
        ("    history:\n      - until: Q2 2024-25\n        calculation: {numerator: a, denominator: cl_all}\n"
         "      - until: Q1 2024-25\n        calculation: {numerator: b, denominator: cl_all}\n",
         ":15: 'indicators[0].history':", "expected the 'until' periods oldest first, each after the one before, got "
                                          "Q2 2024-25, Q1 2024-25"),
        ("    history:\n      - until: Q4 2023-24\n        calculation: {numerator: cl_et}\n",
         ":7: 'indicators[0]':", "a percentage needs 'calculation.denominator'"),
        ("    history:\n      - until: Q4 2023-24\n        calculation: {numerator: cl_et, denominator: cl_all}\n"
         "        polarity: low\n", ":18: 'indicators[0].history[0].polarity':",
         "unknown field: expected one of (until, title, calculation)"),
    ],
)  # fmt: skip
def test_an_earlier_definition_is_checked_at_its_file_and_line(tmp_path, history, where, words):
    problems = problems_for(tmp_path, registry_text(history))
    assert any(where in p and words in p for p in problems), problems
