import time

import pytest

from publisher.core.errors import InputError
from publisher.core.periods import Period
from publisher.core.resources import default_dir
from publisher.inputs.ragrules import parse_band_range
from publisher.inputs.registry import load_registry

from ..conftest import VALID_REGISTRY, write


def problems_for(tmp_path, text, name="03-care-leavers.yaml"):
    folder = tmp_path / "bad"
    write(folder, name, text)
    with pytest.raises(InputError) as caught:
        load_registry(folder)
    return [str(p) for p in caught.value.problems]


def test_valid_registry_loads(registry_dir):
    registry = load_registry(registry_dir)
    assert [p.id for p in registry.priorities] == ["care-leavers"]
    assert registry.by_reference["CL3.1"].priority == "care-leavers"
    assert registry.series == {"cl_eet", "cl_all", "cl_unsuitable"}
    assert registry.by_reference["CL3.1"].target_for(Period.parse("Q2 2024-25")) == 60


def test_demo_registry_loads_and_describes_every_rule_and_unit():
    registry = load_registry(default_dir("indicators"))
    assert len(registry.indicators) >= 45
    assert {i.rag.rule for i in registry.indicators} >= {
        "target_tolerance",
        "thresholds",
        "intervention",
        "range",
        "bands",
        "direction",
        "none",
    }
    assert {i.unit for i in registry.indicators} >= {"percentage", "rate_per_10k", "count", "average_days", "score"}
    assert {i.calculation.window for i in registry.indicators} == {
        "period",
        "rolling_12m",
        "rolling_6m",
        "ytd",
        "snapshot",
    }


BAD = [
    # (what is changed, replacement text, expected line, field, words in message)
    ("polarity: high", "polarity: hgih", 10, "indicators[0].polarity", "expected one of (high, low, none), got 'hgih'"),
    ("unit: percentage", "unit: percent", 9, "indicators[0].unit", "expected one of (percentage, rate_per_10k"),
    ("window: snapshot", "window: rolling12", 14, "indicators[0].calculation.window", "got 'rolling12'"),
    ("      tolerance: 5\n", "      tolerance: -5\n", 19, "indicators[0].rag.tolerance", "greater than or equal to 0, got -5"),
    ("rule: target_tolerance", "rule: traffic_lights", 17, "indicators[0].rag", "traffic_lights"),
    ("title: Care leavers in unsuitable accommodation",
     "title: Care leavers in unsuitable accommodation\n    colour: red", 22, "indicators[1].colour",
     "unknown field: expected one of (reference, title"),
    ("reference: CL3.2", "reference: 1.10", 20, "indicators[1].reference",
     "got 1.10 (YAML reads it as a number: put it in quotes)"),
    ("lead: Jo Bloggs", "lead: NO", 5, "priority.lead", "got NO (YAML reads it as true/false"),
    ("tolerance: 5", "tolerance: five", 19, "indicators[0].rag.tolerance", "expected a number, got 'five'"),
    ("tolerance: 5", "tolerance: -5", 19, "indicators[0].rag.tolerance", "expected greater than or equal to 0, got -5"),
    ('"2024-25": 60', '"2024": 60', 15, "indicators[0].targets", "financial years such as '2024-25'"),
    ("order: 3", "order: third", 4, "priority.order", "expected a whole number, got 'third'"),
    ("      denominator: cl_all\n", "", 7, "indicators[0]", "a percentage needs 'calculation.denominator'"),
    ("  - reference: CL3.2", "  - reference: CL3.1", 20, "reference", "duplicate reference 'CL3.1'"),
    ("    unit: count", "    unit: count\n    unit: percentage", 23, "indicators[1].unit", "duplicate key (first given at line 22)"),
    ("      numerator: cl_unsuitable", "      numerator: cl_unsuitable\n    frequency: annual", 20, "indicators[1]",
     "'due_month' is required for annual indicators"),
    ("rule: target_tolerance\n      tolerance: 5", "rule: bands\n      bands: [{label: Good, rag: green, range: 'eighty'}]",
     19, "indicators[0].rag.bands[0].range", "expected a band such as '81-89'"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "line", "field", "words"), BAD)
def test_bad_registry_names_file_line_field_expected_and_found(tmp_path, old, new, line, field, words):
    assert old in VALID_REGISTRY
    problems = problems_for(tmp_path, VALID_REGISTRY.replace(old, new, 1))
    expected_start = f"{tmp_path / 'bad' / '03-care-leavers.yaml'}:{line}: '{field}':"
    assert any(p.startswith(expected_start) and words in p for p in problems), problems


def test_every_problem_is_reported_in_one_run(tmp_path):
    text = VALID_REGISTRY.replace("polarity: high", "polarity: up").replace("unit: count", "unit: number")
    text = text.replace("lead: Jo Bloggs", "lead: Jo Bloggs\n  lead: Again")
    problems = problems_for(tmp_path, text)
    assert len(problems) == 3, problems


def test_duplicate_reference_across_files_names_both(tmp_path):
    folder = tmp_path / "two"
    write(folder, "a.yaml", VALID_REGISTRY)
    write(folder, "b.yaml", VALID_REGISTRY.replace("care-leavers", "other").replace("order: 3", "order: 4"))
    with pytest.raises(InputError) as caught:
        load_registry(folder)
    messages = [str(p) for p in caught.value.problems]
    assert any("b.yaml:7: 'reference': duplicate reference 'CL3.1': the same as 'CL3.1' at" in m and "a.yaml:7" in m
               for m in messages)


def test_python_tags_are_refused(tmp_path):
    problems = problems_for(
        tmp_path, VALID_REGISTRY.replace("lead: Jo Bloggs", "lead: !!python/object/apply:os.system ['true']")
    )
    assert any(":5:" in p and "not valid YAML" in p for p in problems), problems


def test_alias_bomb_is_refused_fast(tmp_path):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for n in range(1, 12):
        bomb += f"{chr(97 + n)}: &{chr(97 + n)} [*{chr(96 + n)},*{chr(96 + n)},*{chr(96 + n)},*{chr(96 + n)}]\n"
    started = time.perf_counter()
    problems = problems_for(tmp_path, bomb)
    assert time.perf_counter() - started < 1
    assert any(":2:" in p and "aliases (*name) are not allowed" in p for p in problems), problems


def test_empty_folder_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="expected one or more indicator files"):
        load_registry(tmp_path / "empty")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("81-89", 81, 89), ("25-21", 21, 25), ("90+", 90, float("inf")), ("<15", float("-inf"), 15), ("0-5", 0, 5)],
)
def test_band_ranges_as_written(text, low, high):
    bounds = parse_band_range(text)
    assert (bounds.low, bounds.high) == (low, high)


def test_a_tab_in_the_yaml_says_to_indent_with_spaces(tmp_path):
    problems = problems_for(tmp_path, VALID_REGISTRY.replace("  id: care-leavers", "\tid: care-leavers"))
    assert any(":2: not valid YAML" in p and "indent with spaces" in p for p in problems), problems


@pytest.mark.parametrize("reference", ["SCC/002", "CSPI 01", "1", "SCC.013aiii", "P3.17", "NI 43 (a)", "A_1-2"])
def test_references_as_councils_write_them_are_accepted(reference):
    from publisher.inputs.registry import Indicator

    indicator = Indicator.model_validate({"reference": reference, "title": "t", "unit": "count", "polarity": "high",
                                          "calculation": {"numerator": "n"}})  # fmt: skip
    assert indicator.reference == reference and "/" not in indicator.anchor and " " not in indicator.anchor


@pytest.mark.parametrize("reference", ["../x", "", " CL1", "A" * 25, "CL1\nCL2", "CL<1>", "CL1 "])
def test_a_reference_that_cannot_be_a_link_or_file_name_lists_the_allowed_characters(tmp_path, reference):
    problems = problems_for(tmp_path, VALID_REGISTRY.replace("reference: CL3.1", f"reference: {reference!r}"))
    assert any("'indicators[0].reference': expected a reference of up to 24 letters, digits, spaces and / . - _ ( )"
               in p for p in problems), problems  # fmt: skip


@pytest.mark.parametrize(("first", "second"), [("CSPI 01", "cspi01"), ("SCC/002", "SCC-002")])
def test_references_must_differ_in_more_than_case_spaces_and_punctuation(tmp_path, first, second):
    text = VALID_REGISTRY.replace("reference: CL3.1", f"reference: {first}").replace("reference: CL3.2", f"reference: {second}")
    problems = problems_for(tmp_path, text)
    assert any(f"duplicate reference '{second}': the same as '{first}'" in p for p in problems), problems
