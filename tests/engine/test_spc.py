"""SPC: the reference fixtures (shared/reference/spc-making-data-count.md) as written, hand-worked boundaries,
and properties of the limits (shift with a constant, scale with a factor, polarity swaps the meaning)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.core.periods import Period
from publisher.core.vocab import Polarity
from publisher.engine.spc import (
    Assurance,
    Limits,
    NotShown,
    Reason,
    Rule,
    RuleLengths,
    Sample,
    Settings,
    Variation,
    analyse,
    assurance_of,
    limits,
    point_rules,
    shift_marks,
    trend_marks,
    two_of_three_marks,
    variation_of,
    whole_runs,
)

C = Variation.COMMON_CAUSE
FIXTURE_1 = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
FIXTURE_2 = [1, -1] * 7 + [5.5, -5.5]


def point_types(values, found: Limits, polarity: Polarity, lengths: RuleLengths | None = None) -> list[Variation]:
    """Each point's variation, as the reference's fixtures list them (the product needs only the latest)."""
    return [Variation.COMMON_CAUSE if rule is None else variation_of(rule[1], polarity)
            for rule in point_rules(values, found, lengths or RuleLengths())]  # fmt: skip


# -- the fixtures as given -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("screened", "mr_bar", "lower", "upper"), [(True, 1, -0.72, 4.60), (False, 32 / 17, -3.06, 6.95)]
)
def test_fixture_one_limits_screened_and_unscreened(screened, mr_bar, lower, upper):
    found = limits(FIXTURE_1, screened=screened)
    assert found.mr_bar == pytest.approx(mr_bar)
    assert (round(found.lower, 2), round(found.mean, 2), round(found.upper, 2)) == (lower, 1.94, upper)


@pytest.mark.parametrize("screened", [True, False])
def test_fixture_one_only_point_five_is_special_cause_improvement(screened):
    types = point_types(FIXTURE_1, limits(FIXTURE_1, screened=screened), Polarity.HIGH)
    assert types == [C] * 4 + [Variation.IMPROVEMENT_HIGH] + [C] * 13


@pytest.mark.parametrize(("screened", "limit", "two_sigma"), [(True, 6.175, 4.117), (False, 7.714, 5.143)])
def test_fixture_two_limits_and_last_points_common_cause(screened, limit, two_sigma):
    found = limits(FIXTURE_2, screened=screened)
    assert found.mean == pytest.approx(0)
    assert (round(found.upper, 3), round(-found.lower, 3)) == (limit, limit)
    assert (round(found.upper_two_sigma, 3), round(-found.lower_two_sigma, 3)) == (two_sigma, two_sigma)
    assert point_types(FIXTURE_2, found, Polarity.HIGH)[-2:] == [C, C]


def test_trend_helper_marks_the_seventh_point():
    assert trend_marks([1, 2, 3, 4, 5, 6, 7]) == [0, 0, 0, 0, 0, 0, 1]
    assert trend_marks([1, 2, 3, 3, 4, 5, 6]) == [0] * 7  # an equal pair breaks the trend
    assert trend_marks([7, 6, 5, 4, 3, 2, 1]) == [0, 0, 0, 0, 0, 0, -1]  # a downward trend


def test_shift_helper():
    assert shift_marks([1, 1, 1, 1, 1, 1, 1, 1, -1]) == [0, 0, 0, 0, 0, 0, 1, 1, 0]


def test_two_of_three_helper_flags_points_two_to_five():
    assert two_of_three_marks([0, 0, 1, 1, 0, 0, 0], upper=0.9, lower=-0.9) == [0, 1, 1, 1, 1, 0, 0]


@pytest.mark.parametrize(
    ("low", "high", "expected"), [(1, 3, Assurance.FAIL), (5, 7, Assurance.PASS), (1, 5, Assurance.HIT_AND_MISS)]
)
def test_assurance_fixture(low, high, expected):
    assert assurance_of(_between(low, high), 4, Polarity.HIGH) is expected


@pytest.mark.parametrize(
    ("values", "mean", "lower", "upper"),
    [(list(range(1, 11)), 5.5, 2.84, 8.16), ([3, 1, 4, 1, 5, 9, 2], 3.5714, -6.6252, 13.7681)],
)
def test_unscreened_limits_fixture(values, mean, lower, upper):
    found = limits(values)
    assert (round(found.mean, 4), round(found.lower, 4), round(found.upper, 4)) == (mean, lower, upper)


# -- polarity, precedence, no target ---------------------------------------------------------------------------


def _between(low: float, high: float) -> Limits:
    """Limits with the given process limits (mean half way, MRbar worked back)."""
    return Limits((low + high) / 2, (high - low) / 2 / 2.66)


def test_polarity_decides_improvement_or_concern_and_none_is_neither():
    found = limits(FIXTURE_1)
    assert point_types(FIXTURE_1, found, Polarity.LOW)[4] is Variation.CONCERN_HIGH
    assert point_types(FIXTURE_1, found, Polarity.NONE)[4] is Variation.NEITHER_HIGH
    low = [-v for v in FIXTURE_1]
    assert point_types(low, limits(low), Polarity.LOW)[4] is Variation.IMPROVEMENT_LOW
    assert point_types(low, limits(low), Polarity.HIGH)[4] is Variation.CONCERN_LOW
    assert point_types(low, limits(low), Polarity.NONE)[4] is Variation.NEITHER_LOW


def test_no_target_or_no_polarity_gives_no_assurance():
    assert assurance_of(_between(1, 3), None, Polarity.HIGH) is None
    assert assurance_of(_between(1, 3), 4, Polarity.NONE) is None
    assert assurance_of(_between(1, 3), 4, Polarity.LOW) is Assurance.PASS
    assert assurance_of(_between(5, 7), 4, Polarity.LOW) is Assurance.FAIL


def test_a_target_exactly_on_a_limit_is_hit_and_miss():
    found = Limits(2.0, 0.5)  # limits 2 -/+ 1.33
    assert assurance_of(found, found.upper, Polarity.HIGH) is Assurance.HIT_AND_MISS
    assert assurance_of(found, found.lower, Polarity.HIGH) is Assurance.HIT_AND_MISS


def test_the_rule_first_in_precedence_decides_the_side():
    """A falling run of seven ending below the lower limit: the last point is outside the limits (low), the
    others part of a downward trend; and the side of a trend is its direction, not the side of the mean."""
    found = Limits(0.0, 1.0)  # limits +/-2.66, two-sigma +/-1.773
    values = [1.5, 1.0, 0.5, 0.2, 0.1, -0.5, -3.0]
    rules = point_rules(values, found)
    assert rules[-1] == (Rule.OUTSIDE_LIMITS, -1)
    assert rules[:6] == [(Rule.TREND, -1)] * 6  # points above the mean, marked low: a downward trend
    assert point_types(values, found, Polarity.HIGH) == [Variation.CONCERN_LOW] * 7


def test_two_of_three_comes_before_a_shift():
    found = Limits(0.0, 1.0)
    values = [0.1, 0.1, 0.1, 0.1, 1.9, 1.9, 0.1]  # seven above the mean; points 5 and 6 beyond two sigma
    # the windows 4-6 and 5-7 each have two beyond: all four points are two-of-three, which comes first
    rules = point_rules(values, found)
    assert [r[0] for r in rules if r] == [Rule.SHIFT] * 3 + [Rule.TWO_OF_THREE] * 4


# -- boundaries, hand-worked ------------------------------------------------------------------------------------


def test_a_point_exactly_on_a_limit_or_two_sigma_line_is_inside():
    found = Limits(0.0, 1.0)
    on = [found.upper, 0.0, found.upper_two_sigma, found.upper_two_sigma, found.lower]
    assert point_rules(on, found) == [None] * 5


def test_a_point_exactly_on_the_mean_breaks_a_shift():
    found = Limits(0.0, 1.0)
    assert point_rules([0.5] * 3 + [0.0] + [0.5] * 3, found) == [None] * 7
    assert [r and r[0] for r in point_rules([0.5] * 7, found)] == [Rule.SHIFT] * 7


def test_run_of_six_is_not_a_trend_or_shift_but_seven_is():
    found = Limits(0.0, 1.0)
    rising6 = [-0.6, -0.4, -0.2, 0.2, 0.4, 0.6]
    assert point_rules(rising6, found) == [None] * 6
    assert point_rules([*rising6, 0.8], found) == [(Rule.TREND, 1)] * 7
    assert point_rules([-0.5] * 6, found) == [None] * 6


def test_an_equal_pair_breaks_a_trend():
    assert trend_marks([1, 2, 3, 4, 4, 5, 6, 7]) == [0] * 8


def test_rule_lengths_are_configurable():
    assert trend_marks([1, 2, 3, 4, 5, 6], length=6) == [0, 0, 0, 0, 0, 1]
    assert shift_marks([1] * 5, length=5) == [0, 0, 0, 0, 1]
    found = Limits(0.0, 1.0)
    assert point_rules([0.5] * 6, found, RuleLengths(shift=6)) == [(Rule.SHIFT, 1)] * 6


def test_whole_runs_colour_every_point_of_the_run():
    assert whole_runs([0, 0, 0, 0, 0, 0, 1, 1, 0], 7) == [1, 1, 1, 1, 1, 1, 1, 1, 0]


def test_screening_drops_each_large_range_once():
    # MRs 1,1,1,1,10: MRbar 2.8; 10 >= 3.267 x 2.8 = 9.15 is dropped, MRbar 1
    assert limits([0, 1, 0, 1, 0, 10], screened=True).mr_bar == 1


def test_a_range_exactly_at_the_screening_limit_is_dropped(monkeypatch):
    """With a factor exact in binary (2): MRs 1, 1, 1, 3 have MRbar 1.5, and 3 = 2 x 1.5 is dropped (>=)."""
    monkeypatch.setattr("publisher.engine.spc.SCREEN_FACTOR", 2.0)
    assert limits([0, 1, 0, 1, 4], screened=True).mr_bar == 1
    assert limits([0, 1, 0, 1, 3.9], screened=True).mr_bar == pytest.approx(5.9 / 4)  # 2.9 < 2 x 1.475: kept


# -- whole series: enough points, segments, small numbers -----------------------------------------------------


def _samples(values, start="Apr 2023"):
    first = Period.parse(start)
    return [Sample(first.shifted(n), v) for n, v in enumerate(values)]


def test_icons_from_thirteen_points_and_a_chart_from_fifteen():
    twelve = analyse([_samples([1, 2] * 6)], Settings(), Polarity.HIGH, 10)
    assert (twelve.variation, twelve.assurance, twelve.chart) == (None, None, False)
    assert twelve.reason == Reason(NotShown.TOO_FEW_POINTS, 12, 13)
    thirteen = analyse([_samples([1, 2] * 6 + [1])], Settings(), Polarity.HIGH, 10)
    assert (thirteen.variation, thirteen.assurance, thirteen.chart) == (C, Assurance.FAIL, False)
    fourteen = analyse([_samples([1, 2] * 7)], Settings(), Polarity.HIGH, 10)
    assert fourteen.chart is False
    fifteen = analyse([_samples([1, 2] * 7 + [1])], Settings(), Polarity.HIGH, 10)
    assert (fifteen.variation, fifteen.chart, fifteen.reason) == (C, True, None)


def test_both_thresholds_are_configurable():
    series = [_samples([1, 2] * 5)]
    assert analyse(series, Settings(points=10, icons_from=10), Polarity.HIGH, None).chart is True
    assert analyse(series, Settings(points=10, icons_from=11), Polarity.HIGH, None).variation is None


def test_a_withheld_point_leaves_its_segment_without_limits():
    samples = _samples([1, 2] * 8)
    samples[3] = Sample(samples[3].period, None, withheld=True)
    found = analyse([samples], Settings(), Polarity.HIGH, 10)
    assert found.latest.limits is None and found.variation is None
    assert found.reason == Reason(NotShown.SMALL_NUMBERS)
    assert all(p.variation is None for p in found.latest.points) and len(found.latest.points) == 15


def test_a_missing_point_is_skipped():
    samples = _samples([1, 2] * 8)
    samples[3] = Sample(samples[3].period, None)
    found = analyse([samples], Settings(), Polarity.HIGH, 10)
    assert found.latest.limits is not None and len(found.latest.points) == 15


def test_each_segment_has_its_own_limits_and_the_icons_come_from_the_latest():
    before, after = _samples([1, 2] * 8), _samples([11, 12] * 8, start="Apr 2025")
    found = analyse([before, after], Settings(), Polarity.HIGH, 5)
    assert [s.limits.mean for s in found.segments] == [1.5, 11.5]
    assert (found.variation, found.assurance) == (C, Assurance.PASS)
    joined = analyse([before + after], Settings(), Polarity.HIGH, 5)
    assert joined.variation is Variation.IMPROVEMENT_HIGH  # one segment: the step up is a shift


def test_a_baseline_fixes_the_limits_on_its_points():
    samples = _samples([1, 2] * 8 + [3, 3, 3, 3, 3, 3, 3])
    until = samples[15].period.end
    found = analyse([samples], Settings(), Polarity.HIGH, None, baseline_until=until)
    assert found.latest.baseline == 16 and found.latest.limits == Limits(1.5, 1.0)
    assert found.variation is Variation.IMPROVEMENT_HIGH  # the last seven are above the baseline's mean


# -- properties ---------------------------------------------------------------------------------------------

series = st.lists(st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=2, max_size=40)


@given(series, st.floats(-1e6, 1e6), st.booleans())
def test_limits_shift_with_a_constant(values, constant, screened):
    before, after = limits(values, screened=screened), limits([v + constant for v in values], screened=screened)
    assert after.mean == pytest.approx(before.mean + constant, abs=1e-6)
    assert after.upper == pytest.approx(before.upper + constant, abs=1e-4)
    assert after.lower == pytest.approx(before.lower + constant, abs=1e-4)
    assert after.mr_bar == pytest.approx(before.mr_bar, abs=1e-4)


@given(series, st.floats(1e-3, 1e3), st.booleans())
def test_limits_scale_with_a_positive_factor(values, factor, screened):
    before, after = limits(values, screened=screened), limits([v * factor for v in values], screened=screened)
    for name in ("mean", "upper", "lower", "upper_two_sigma", "lower_two_sigma"):
        assert getattr(after, name) == pytest.approx(getattr(before, name) * factor, rel=1e-6, abs=1e-6)


SWAP = {
    Variation.IMPROVEMENT_HIGH: Variation.CONCERN_HIGH,
    Variation.IMPROVEMENT_LOW: Variation.CONCERN_LOW,
    Variation.CONCERN_HIGH: Variation.IMPROVEMENT_HIGH,
    Variation.CONCERN_LOW: Variation.IMPROVEMENT_LOW,
    C: C,
}


@given(st.lists(st.integers(-50, 50), min_size=2, max_size=40), st.integers(-60, 60))
def test_reversing_polarity_swaps_improvement_and_concern(values, target):
    found = limits(values)
    high, low = point_types(values, found, Polarity.HIGH), point_types(values, found, Polarity.LOW)
    assert low == [SWAP[v] for v in high]
    swapped = {Assurance.PASS: Assurance.FAIL, Assurance.FAIL: Assurance.PASS}
    expected = assurance_of(found, target, Polarity.HIGH)
    assert assurance_of(found, target, Polarity.LOW) is swapped.get(expected, expected)


def test_a_baseline_fixes_only_the_segment_it_falls_in():
    before, after = _samples([1, 2] * 8), _samples([11, 12] * 8, start="Apr 2025")
    until = before[9].period.end  # the first ten points of the first segment
    found = analyse([before, after], Settings(), Polarity.HIGH, None, baseline_until=until)
    assert [s.baseline for s in found.segments] == [10, 16]
    assert found.segments[1].limits == limits([11, 12] * 8)
