"""SPC on scorecard rows: which series is read, from the first figure on; withheld points; rebases."""

from publisher.core.figures import Status
from publisher.core.periods import Period
from publisher.core.vocab import Audience
from publisher.engine.scorecard import build_scorecard
from publisher.engine.spc import Assurance, Limits, NotShown, Reason, Variation
from publisher.inputs.registry import load_registry

from ..conftest import write
from ..helpers import inputs, monthly, observations

Q2 = Period.parse("Q2 2024-25")  # Jul-Sep 2024
REGISTRY = """\
priority: {id: p, title: P, order: 1}
indicators:
  - {reference: A, title: Monthly count, unit: count, polarity: high, calculation: {numerator: a}, targets: {2024-25: 30}}
  - {reference: R, title: Rolling, unit: count, polarity: high, calculation: {numerator: a, window: rolling_12m}}
  - {reference: X, title: Switched off, unit: count, polarity: high, calculation: {numerator: a}, spc: false}
  - {reference: Q, title: Quarterly, unit: count, polarity: low, frequency: quarterly, calculation: {numerator: q}}
  - {reference: H, title: Redefined, unit: count, polarity: high, calculation: {numerator: a},
     history: [{until: Mar 2024, calculation: {numerator: old}}], spc: {points: 6, icons_from: 6}}
  - {reference: B, title: Rebased, unit: count, polarity: high, calculation: {numerator: a},
     spc: {rebase: [Apr 2024], points: 6, icons_from: 6}}
"""
# 18 months Apr 2023 - Sep 2024, alternating 10, 12, then 11, then seven months (Mar-Sep 2024) at 20: a shift up.
A = [10, 12] * 5 + [11] + [20] * 7


def rows(tmp_path, series=None, audience=Audience.PUBLIC):
    write(tmp_path / "indicators", "p.yaml", REGISTRY)
    quarterly = {f"Q{n} {y}-{(y + 1) % 100:02d}": 40 + n + (y % 2) for y in range(2019, 2024) for n in (3, 4)}
    quarterly["Q1 2024-25"], quarterly["Q2 2024-25"] = 44, 45
    obs = observations({"a": monthly("2023-04", series or A), "old": monthly("2023-04", [5] * 12), "q": quarterly})
    result = build_scorecard(load_registry(tmp_path / "indicators"), inputs(obs), Q2, audience)
    return {r.indicator.reference: r for r in result.rows}


def test_a_monthly_indicator_is_read_month_by_month_from_its_first_figure(tmp_path):
    row = rows(tmp_path)["A"]
    assert [p.period.label for p in row.spc_series][:2] == ["Apr 2023", "May 2023"]
    assert row.spc_series[-1].period.label == "Sep 2024" and len(row.spc_series) == 18
    assert row.spc is not None and row.spc.chart
    assert row.spc.variation is Variation.IMPROVEMENT_HIGH
    assert row.spc.latest.limits.mean == sum(A) / 18
    # mean 261 / 18 = 14.5; MRs 2 x9, 1, 9, 0 x6 = 28 / 17; upper limit 14.5 + 2.66 x 1.6471 = 18.88 < target 30
    assert round(row.spc.latest.limits.upper, 2) == 18.88
    assert row.spc.assurance is Assurance.FAIL


def test_rolling_figures_and_spc_false_have_no_spc(tmp_path):
    found = rows(tmp_path)
    assert (found["R"].spc, found["R"].spc_series) == (None, ())
    assert (found["X"].spc, found["X"].spc_series) == (None, ())


def test_a_quarterly_indicator_is_read_by_quarter(tmp_path):
    row = rows(tmp_path)["Q"]
    assert row.spc_series[0].period.label == "Q3 2019-20"  # 60 quarters back would be before the first figure
    assert row.spc_series[-1].period.label == "Q2 2024-25"
    assert all(p.period.kind.value == "quarter" for p in row.spc_series)


def test_a_rebase_starts_a_segment_with_its_own_limits(tmp_path):
    row = rows(tmp_path)["B"]
    assert [len(s.points) for s in row.spc.segments] == [12, 6]
    assert row.spc.segments[1].limits == Limits(20.0, 0.0)  # Apr-Sep 2024 all 20: no variation at all
    assert row.spc.variation is Variation.COMMON_CAUSE  # on the limits and on the mean: nothing special
    assert row.spc.segments[1].points[0].period.label == "Apr 2024"


def test_a_withheld_point_in_a_public_pack_means_no_limits_but_a_restricted_pack_has_them(tmp_path):
    series = [*A[:5], 3, *A[6:]]  # Sep 2023: 3 children
    public = rows(tmp_path, series)["A"]
    assert any(p.figure.status is Status.SUPPRESSED for p in public.spc_series)
    assert public.spc.latest.limits is None and public.spc.reason == Reason(NotShown.SMALL_NUMBERS)
    assert public.spc.variation is None and public.spc.assurance is None
    assert all(p.period.label != "Sep 2023" for p in public.spc.latest.points)  # not plotted either
    restricted = rows(tmp_path, series, Audience.RESTRICTED)["A"]
    assert restricted.spc.latest.limits is not None and restricted.spc.variation is not None


def test_a_change_of_definition_starts_a_segment(tmp_path):
    """Figures to Mar 2024 counted the old way (all 5: small, withheld in public) are another process."""
    row = rows(tmp_path, audience=Audience.RESTRICTED)["H"]
    assert [len(s.points) for s in row.spc.segments] == [12, 6]
    assert row.spc.segments[0].limits == Limits(5.0, 0.0)
    assert row.spc.segments[1].points[0].period.label == "Apr 2024"
    public = rows(tmp_path)["H"]
    assert public.spc.segments[0].reason == Reason(NotShown.SMALL_NUMBERS)
    assert public.spc.latest.limits is not None  # the later definition's stretch has no withheld figure
