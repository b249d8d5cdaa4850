"""The registry's ``spc:`` options: defaults, the switch, and every bad option reported at its line at once."""

import pytest

from publisher.core.errors import InputError
from publisher.core.periods import month_index
from publisher.inputs.registry import load_registry
from publisher.inputs.spcoptions import SpcOptions

from ..helpers import indicator

HEAD = """\
priority: {id: p, title: P, order: 1}
indicators:
"""
ROW = """\
  - reference: {ref}
    title: T
    unit: count
    polarity: high
    frequency: {frequency}
    calculation: {{numerator: n, window: {window}}}
    spc: {spc}
"""


def registry_with(tmp_path, *rows):
    text = HEAD + "".join(ROW.format(**row) for row in rows)
    (tmp_path / "p.yaml").write_text(text)
    return load_registry(tmp_path)


def row(ref, spc, frequency="monthly", window="period"):
    return {"ref": ref, "spc": spc, "frequency": frequency, "window": window}


def test_defaults_and_the_switch():
    assert indicator().spc == SpcOptions()
    assert (indicator().spc.points, indicator().spc.icons_from, indicator().spc.trend) == (15, 13, 7)
    assert indicator(spc=False).spc.enabled is False
    assert indicator(spc=True).spc.given is False
    options = indicator(spc={"rebase": ["Apr 2025", "Q3 2025-26"], "baseline_until": "Mar 2025"}).spc
    assert options.given and options.rebase_starts == (month_index(2025, 4), month_index(2025, 10))
    assert options.baseline_end == month_index(2025, 3)
    assert options.screened is False


def test_good_options_load(tmp_path):
    registry = registry_with(
        tmp_path,
        row("A", "{rebase: ['Apr 2025'], trend: 6, shift: 8, screened: true, points: 20, icons_from: 13}"),
        row("B", "false", window="rolling_12m"),
        row("C", "{rebase: ['Q1 2025-26']}", frequency="quarterly"),
    )
    a = registry.by_reference["A"].spc
    assert (a.trend, a.shift, a.screened, a.points) == (6, 8, True, 20)


def test_every_bad_option_is_reported_at_its_line_at_once(tmp_path):
    with pytest.raises(InputError) as caught:
        registry_with(
            tmp_path,
            row("A", "{rebase: ['Q5 2025-26']}"),
            row("B", "{trend: 1}"),
            row("C", "{shift: 8}", window="rolling_12m"),
            row("D", "{rebase: ['May 2025']}", frequency="quarterly"),
            row("E", "{rebase: ['Apr 2025', 'Apr 2024']}"),
            row("F", "{baseline_until: 'sometime'}"),
            row("G", "{colour: red}"),
        )
    lines = [str(p) for p in caught.value.problems]
    path = tmp_path / "p.yaml"
    assert len(lines) == 7
    assert lines[0].startswith(f"{path}:9: 'indicators[0].spc.rebase[0]': expected a period such as")
    assert lines[0].endswith("got 'Q5 2025-26'")
    assert lines[1] == f"{path}:16: 'indicators[1].spc.trend': expected greater than or equal to 2, got 1"
    assert lines[2].startswith(f"{path}:23: 'indicators[2].spc': expected no SPC options on a 'rolling_12m'")
    assert lines[2].endswith("got shift")
    assert (
        lines[3]
        == f"{path}:30: 'indicators[3].spc': expected 'rebase' as a quarter or year for a quarterly indicator, got 'May 2025'"
    )
    assert (
        lines[4]
        == f"{path}:37: 'indicators[4].spc.rebase': expected rebase periods in order, each once, got Apr 2025, Apr 2024"
    )
    assert lines[5].startswith(f"{path}:44: 'indicators[5].spc.baseline_until': expected a period such as")
    assert lines[6].startswith(
        f"{path}:51: 'indicators[6].spc.colour': unknown field: expected one of (enabled, points"
    )
