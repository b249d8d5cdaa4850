"""Statistical process control as the NHS "Making Data Count" (MDC) programme uses it: XmR limits, the four
special-cause rules, and the variation and assurance icons a committee reads beside the RAG rating.

Pure arithmetic on plain numbers, so each rule can be hand-checked against the reference fixtures
(``shared/reference/spc-making-data-count.md``). Which points form a series, and which may be shown in a
public pack, is decided by :mod:`publisher.engine.spcrows`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..core.periods import Period
from ..core.vocab import Polarity

__all__ = ["Assurance", "Limits", "Reason", "Spc", "Variation"]

LIMIT_FACTOR = 2.66  # 3 / d2 with d2 = 1.128 for moving ranges of two points
SCREEN_FACTOR = 3.267  # D4: a moving range this many times the mean is screened out (once), when asked
TWO_SIGMA = 2 / 3


class Rule(StrEnum):
    """The special-cause rules, in order of precedence: the first that marks a point decides its side."""

    OUTSIDE_LIMITS = "outside_limits"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"
    SHIFT = "shift"


class Variation(StrEnum):
    """A point's type; the icon shows the latest point's."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEITHER_HIGH = "neither_high"
    NEITHER_LOW = "neither_low"

    @property
    def special(self) -> bool:
        return self is not Variation.COMMON_CAUSE


class Assurance(StrEnum):
    """Whether the process, as its latest limits describe it, will meet the target."""

    PASS = "meets_target"
    FAIL = "misses_target"
    HIT_AND_MISS = "hit_and_miss"


@dataclass(frozen=True)
class Limits:
    """An XmR chart's centre line, process limits and two-sigma lines."""

    mean: float
    mr_bar: float

    @property
    def upper(self) -> float:
        return self.mean + LIMIT_FACTOR * self.mr_bar

    @property
    def lower(self) -> float:
        return self.mean - LIMIT_FACTOR * self.mr_bar

    @property
    def upper_two_sigma(self) -> float:
        return self.mean + TWO_SIGMA * LIMIT_FACTOR * self.mr_bar

    @property
    def lower_two_sigma(self) -> float:
        return self.mean - TWO_SIGMA * LIMIT_FACTOR * self.mr_bar


def moving_ranges(values: Sequence[float]) -> list[float]:
    return [abs(b - a) for a, b in itertools.pairwise(values)]


def limits(values: Sequence[float], *, screened: bool = False) -> Limits:
    """Limits from baseline ``values`` (at least two). Screening drops moving ranges of at least 3.267 x the
    mean moving range once and recomputes it (the R package's default); unscreened is the MDC Excel tools'."""
    if len(values) < 2:
        raise ValueError("XmR limits need at least two points")
    ranges = moving_ranges(values)
    mr_bar = sum(ranges) / len(ranges)
    if screened:
        kept = [r for r in ranges if r < SCREEN_FACTOR * mr_bar]
        mr_bar = sum(kept) / len(kept) if kept else mr_bar
    return Limits(sum(values) / len(values), mr_bar)


# -- the rule helpers: each marks the point at which a run reaches its length (+1 high/up, -1 low/down) ------


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _runs(signs: Sequence[int], length: int) -> list[int]:
    """Mark each point ending a run of at least ``length`` equal non-zero signs with that sign."""
    marks, run = [], 0
    for n, sign in enumerate(signs):
        run = run + 1 if sign != 0 and n > 0 and signs[n - 1] == sign else (1 if sign != 0 else 0)
        marks.append(sign if run >= length else 0)
    return marks


def trend_marks(values: Sequence[float], length: int = 7) -> list[int]:
    """``length`` points in a row each higher (or each lower) than the one before; an equal pair breaks it."""
    differences = [0] + [_sign(b - a) for a, b in itertools.pairwise(values)]
    return _runs(differences, length - 1)


def shift_marks(relative_to_mean: Sequence[int], length: int = 7) -> list[int]:
    """``length`` points in a row on one side of the mean; a point exactly on the mean breaks the run."""
    return _runs(relative_to_mean, length)


def two_of_three_marks(values: Sequence[float], upper: float, lower: float) -> list[int]:
    """Every point of a window of three in which two are beyond the same two-sigma line (or the limits)."""
    beyond = [1 if v > upper else -1 if v < lower else 0 for v in values]
    marks = [0] * len(values)
    for start in range(len(values) - 2):
        window = beyond[start : start + 3]
        for side in (1, -1):
            if window.count(side) >= 2:
                for n in range(start, start + 3):
                    marks[n] = marks[n] or side
    return marks


def outside_marks(values: Sequence[float], found: Limits) -> list[int]:
    """Points strictly above the upper or below the lower process limit (a point on a limit is inside)."""
    return [1 if v > found.upper else -1 if v < found.lower else 0 for v in values]


def whole_runs(marks: Sequence[int], length: int) -> list[int]:
    """A run's mark spread back over every point of the run, so charts colour all of it (as the MDC tools do)."""
    spread = list(marks)
    for n, mark in enumerate(marks):
        if mark:
            for back in range(max(0, n - length + 1), n):
                spread[back] = spread[back] or mark
    return spread


# -- point types, variation and assurance ------------------------------------------------------------------


@dataclass(frozen=True)
class RuleLengths:
    trend: int = 7
    shift: int = 7


def point_rules(
    values: Sequence[float], found: Limits, lengths: RuleLengths = RuleLengths()
) -> list[tuple[Rule, int] | None]:
    """For each point, the first rule (by precedence) marking it and the side it marks (+1 high, -1 low)."""
    relative = [_sign(v - found.mean) for v in values]
    marked = {
        Rule.OUTSIDE_LIMITS: outside_marks(values, found),
        Rule.TREND: whole_runs(trend_marks(values, lengths.trend), lengths.trend),
        Rule.TWO_OF_THREE: two_of_three_marks(values, found.upper_two_sigma, found.lower_two_sigma),
        Rule.SHIFT: whole_runs(shift_marks(relative, lengths.shift), lengths.shift),
    }
    return [next(((rule, marks[n]) for rule, marks in marked.items() if marks[n]), None) for n in range(len(values))]


def variation_of(side: int, polarity: Polarity) -> Variation:
    """A special-cause point's type: improvement or concern by polarity, "neither" when neither is better."""
    high = side > 0
    if polarity is Polarity.NONE:
        return Variation.NEITHER_HIGH if high else Variation.NEITHER_LOW
    if high == (polarity is Polarity.HIGH):
        return Variation.IMPROVEMENT_HIGH if high else Variation.IMPROVEMENT_LOW
    return Variation.CONCERN_HIGH if high else Variation.CONCERN_LOW


def assurance_of(found: Limits, target: float | None, polarity: Polarity) -> Assurance | None:
    """Against the latest limits (strictly): no target or no polarity gives no assurance."""
    if target is None or polarity is Polarity.NONE:
        return None
    higher_better = polarity is Polarity.HIGH
    if target > found.upper:
        return Assurance.FAIL if higher_better else Assurance.PASS
    if target < found.lower:
        return Assurance.PASS if higher_better else Assurance.FAIL
    return Assurance.HIT_AND_MISS


# -- a whole series: segments, their limits and the icons -----------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """How much history SPC needs and which rules it applies (the registry's ``spc:`` options)."""

    points: int = 15  # the fewest points in the latest segment for an SPC chart
    icons_from: int = 13  # ...and for the variation and assurance icons (as the MDC single-chart tool)
    screened: bool = False
    lengths: RuleLengths = RuleLengths()


class NotShown(StrEnum):
    """Why a segment has no limits, or the pack no icons."""

    SMALL_NUMBERS = "small_numbers"
    TOO_FEW_POINTS = "too_few_points"
    NO_FIGURES = "no_figures"


@dataclass(frozen=True)
class Reason:
    why: NotShown
    points: int = 0  # for TOO_FEW_POINTS: how many there are, and how many are needed
    needed: int = 0


@dataclass(frozen=True)
class Sample:
    """One period of the series: its value, or None when there is no figure (``withheld``: small numbers)."""

    period: Period
    value: float | None
    withheld: bool = False


@dataclass(frozen=True)
class ChartPoint:
    period: Period
    value: float
    variation: Variation | None  # None when the segment has no limits
    rule: Rule | None = None


@dataclass(frozen=True)
class Segment:
    """Points between two rebases (or definition changes), with their own limits, or the reason there are none."""

    points: tuple[ChartPoint, ...]
    limits: Limits | None
    baseline: int = 0  # how many of the first points the limits are calculated from
    reason: Reason | None = None


@dataclass(frozen=True)
class Spc:
    segments: tuple[Segment, ...]
    variation: Variation | None
    assurance: Assurance | None
    chart: bool  # whether the latest segment has enough points for a chart
    reason: Reason | None = None  # why no icons are shown (None when they are)

    @property
    def latest(self) -> Segment:
        return self.segments[-1]


def segment(samples: Sequence[Sample], settings: Settings, polarity: Polarity, baseline_until: int | None) -> Segment:
    """One segment's limits and point types. A withheld point in a public pack could be worked back from the
    limits and the points shown, so a segment with one gets no limits at all."""
    shown = [(s.period, s.value) for s in samples if s.value is not None]
    plain = tuple(ChartPoint(period, value, None) for period, value in shown)
    if any(s.withheld for s in samples):
        return Segment(plain, None, 0, Reason(NotShown.SMALL_NUMBERS))
    need = min(settings.points, settings.icons_from)
    values = [value for _, value in shown]
    # The baseline fixes the limits of the segment it falls in; a segment after it (a later rebase) uses all its
    # points, and so does one whose baseline would hold fewer than two.
    base = [value for period, value in shown if baseline_until is None or period.end <= baseline_until]
    base = base if len(base) >= 2 else values
    if len(shown) < need or len(base) < 2:
        return Segment(plain, None, 0, Reason(NotShown.TOO_FEW_POINTS, len(shown), need))
    found = limits(base, screened=settings.screened)
    rules = point_rules(values, found, settings.lengths)
    points = tuple(
        ChartPoint(period, value, Variation.COMMON_CAUSE if r is None else variation_of(r[1], polarity),
                   None if r is None else r[0])
        for (period, value), r in zip(shown, rules, strict=True)
    )  # fmt: skip
    return Segment(points, found, len(base))


def analyse(
    segments: Sequence[Sequence[Sample]],
    settings: Settings,
    polarity: Polarity,
    target: float | None,
    baseline_until: int | None = None,
) -> Spc:
    """Every segment's limits; the icons from the latest segment: its last point's type, and the assurance of
    its limits against the target."""
    done = tuple(segment(s, settings, polarity, baseline_until) for s in segments if s)
    if not done:
        none = Reason(NotShown.NO_FIGURES)
        return Spc((Segment((), None, 0, none),), None, None, False, none)
    latest = done[-1]
    if latest.limits is None or not latest.points:
        return Spc(done, None, None, False, latest.reason)
    if len(latest.points) < settings.icons_from:
        reason = Reason(NotShown.TOO_FEW_POINTS, len(latest.points), settings.icons_from)
        return Spc(done, None, None, len(latest.points) >= settings.points, reason)
    chart = len(latest.points) >= settings.points
    return Spc(done, latest.points[-1].variation, assurance_of(latest.limits, target, polarity), chart)
