"""Disclosure across what has been published: nothing withheld now follows from this pack and earlier ones.

Last quarter's public pack printed a year to date of 7 adoptions; this quarter's printed 12 and withheld last
quarter's figure, which the earlier pack had already printed: 12 - 7 = 5 in three months. What earlier public
packs showed (and withheld) is handed to disclosure control as :class:`Published`; the publish stage reads it
from the archive (tests/publish/test_across_packs.py covers that end to end).
"""


from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from publisher.core.figures import Status
from publisher.core.periods import Period
from publisher.core.vocab import Audience
from publisher.engine.disclosure import ACROSS_PACKS, COMPLEMENT, NOTHING_PUBLISHED, EarlierFigure, Published
from publisher.engine.scorecard import build_scorecard
from publisher.inputs.registry import load_registry
from publisher.output.words import phrase

from ..conftest import write
from ..helpers import Span, inputs, monthly, observations
from .test_disclosure import REGISTRY as TOTAL
from .test_disclosure import WORDS

ADOPTIONS = """\
priority: {id: p, title: P, order: 1, lead: L}
indicators:
  - {reference: A1, title: Adopted so far this year, unit: count, polarity: high, frequency: quarterly,
     calculation: {value: adopted_ytd, window: ytd}}
"""
YEAR_TO_DATE = {"Q1 2025-26": 20, "Q2 2025-26": 30, "Q3 2025-26": 40, "Q4 2025-26": 50, "Q1 2026-27": 7,
                "Q2 2026-27": 12}  # fmt: skip


def pack(folder, registry: str, values: dict, period: str, earlier: Published = NOTHING_PUBLISHED):
    """The public scorecard's rows by reference, built with what ``earlier`` packs published."""
    write(folder, "r.yaml", registry)
    scorecard = build_scorecard(load_registry(folder), inputs(observations(values)), Period.parse(period),
                                Audience.PUBLIC, earlier=earlier)  # fmt: skip
    return {r.indicator.reference: r for r in scorecard.rows}


def as_published(rows) -> Published:
    """What a pack showed and withheld, as the archive's figures.json gives it back."""
    figures = [EarlierFigure(ref, p.period, shown=p.figure.available) for ref, row in rows.items()
               for p in row.shown_points() if p.figure.available or p.figure.status is Status.SUPPRESSED]  # fmt: skip
    return Published(tuple(figures), ("board/earlier/v1",))


def shown(row) -> dict[str, float]:
    return {str(p.period): p.figure.value for p in row.shown_points() if p.figure.available}


def test_last_quarters_year_to_date_is_not_subtracted_from_this_quarters(tmp_path):
    """The attack: Q1 printed 7; Q2 alone shows 12 and withholds 7, which Q1 already printed."""
    values = {"adopted_ytd": YEAR_TO_DATE}
    q1 = pack(tmp_path / "r", ADOPTIONS, values, "Q1 2026-27")
    assert q1["A1"].headline.value == 7
    alone = pack(tmp_path / "r", ADOPTIONS, values, "Q2 2026-27")
    assert shown(alone["A1"]).get("Apr 2026 - Sep 2026") == 12 and "Q1 2026-27" not in shown(alone["A1"])  # as before
    q2 = pack(tmp_path / "r", ADOPTIONS, values, "Q2 2026-27", as_published(q1))
    figures = shown(q2["A1"])
    assert figures["Q1 2026-27"] == 7  # already printed: withholding it here would hide nothing
    assert "Apr 2026 - Sep 2026" not in figures and "Q2 2026-27" not in figures
    assert q2["A1"].headline == ACROSS_PACKS
    assert phrase(q2["A1"].headline.reason, WORDS) == ("Suppressed: withheld so that a small number cannot be worked "
                                                       "out from it and the figures earlier packs published")  # fmt: skip


def placements(foster: int, resi: int, other: int) -> dict:
    september = {"total": foster + resi + other, "foster": foster, "resi": resi, "other": other}
    return {name: monthly("2024-09", [value]) for name, value in september.items()}


def test_a_second_version_of_a_quarter_does_not_show_what_the_first_withheld_to_protect(tmp_path):
    """v1 showed the total (40) and foster care (30), withholding 3 in residential care and 7 otherwise placed.
    The data are corrected: v2 alone would withhold foster care (now 8) and show the other 29: with v1's total
    and foster care, 40 - 30 - 29 would name the 3 again (as the same sums). So v2 withholds 29 too."""
    v1 = pack(tmp_path / "r", TOTAL, placements(30, 3, 7), "Q2 2024-25")
    assert [v1[r].headline.value for r in "TFRO"] == [40, 30, None, None]
    alone = pack(tmp_path / "r", TOTAL, placements(8, 3, 29), "Q2 2024-25")
    assert [alone[r].headline.value for r in "TFRO"] == [40, None, None, 29]
    v2 = pack(tmp_path / "r", TOTAL, placements(8, 3, 29), "Q2 2024-25", as_published(v1))
    assert [v2[r].headline.value for r in "TFR"] == [40, 8, None]  # 8 is a figure v1 printed (as 30): it is out
    assert v2["O"].headline == ACROSS_PACKS


def test_a_pack_with_nothing_published_before_withholds_as_it_always_did(tmp_path):
    rows = pack(tmp_path / "r", TOTAL, placements(30, 3, 7), "Q2 2024-25", Published((), ("other/2024-25-Q1/v1",)))
    assert [rows[r].headline.value for r in "TFRO"] == [40, 30, None, None] and rows["O"].headline == COMPLEMENT


# -- the attacker's view over a series of quarterly packs: nothing small follows from all of them together ----

SERIES = """\
priority: {id: s, title: Series, order: 1, lead: Jo}
indicators:
  - {reference: Y, title: So far this year, unit: count, polarity: none, frequency: quarterly,
     calculation: {numerator: n, window: ytd}}
  - {reference: R, title: In the last 12 months, unit: count, polarity: none, frequency: quarterly,
     calculation: {numerator: n, window: rolling_12m}}
  - {reference: T, title: All, unit: count, polarity: none, frequency: quarterly,
     calculation: {numerator: t, window: period}, total_of: [A, B]}
  - {reference: A, title: Some, unit: count, polarity: none, frequency: quarterly,
     calculation: {numerator: a, window: period}}
  - {reference: B, title: The others, unit: count, polarity: none, frequency: quarterly,
     calculation: {numerator: b, window: period}}
  - {reference: P, title: Share that are some, unit: percentage, polarity: high, frequency: quarterly,
     calculation: {numerator: a, denominator: t, window: period}}
"""
COUNTED = {"Y": ("n", "ytd"), "R": ("n", "rolling_12m"), "T": ("t", "period"), "A": ("a", "period"),
           "B": ("b", "period"), "P": ("a/t", "period")}  # fmt: skip
MONTHS = [Period.parse("Apr 2023").shifted(k) for k in range(24)]  # Apr 2023 .. Mar 2025
QUARTERS = ["Q1 2024-25", "Q2 2024-25", "Q3 2024-25", "Q4 2024-25"]  # one public pack each, in turn


def months_of(window: str, period: Period) -> list[Period]:
    """The months a figure for ``period`` covers, from the window's definition (not from publisher's code)."""
    last = period.end
    first = {"period": period.start, "ytd": period.containing_financial_year().start, "rolling_12m": last - 11}[window]
    return [m for m in MONTHS if first <= m.end <= last]


def cells(series: str, months: list[Period], sign: int = 1) -> dict:
    return {(series, m.end): sign for m in months}


def attack_series(folder, values: dict[str, list[int]]) -> dict[str, int]:
    """Publish the four quarters in turn, each public pack built with what the ones before it showed and
    withheld; then work out, as an attacker holding every pack would, every count the data hold from 1 to 5."""
    write(folder, "s.yaml", SERIES)
    registry = load_registry(folder)
    data = inputs(observations({s: dict(zip([m.label for m in MONTHS], v, strict=True)) for s, v in values.items()}))
    span, secrets, earlier = Span(), [], Published()
    seen = {"shown": 0, "across": 0}
    for quarter in QUARTERS:
        public = build_scorecard(registry, data, Period.parse(quarter), Audience.PUBLIC, earlier=earlier)
        figures = []
        for row in public.rows:
            series, window = COUNTED[row.indicator.reference]
            for point in row.shown_points():
                months = months_of(window, point.period)
                counts = [cells(s, months) for s in series.split("/")]
                if point.figure.available:
                    figures.append(EarlierFigure(row.indicator.reference, point.period))
                    seen["shown"] += 1
                    for count in counts:
                        span.add(count)
                elif point.figure.status is Status.SUPPRESSED:
                    figures.append(EarlierFigure(row.indicator.reference, point.period, shown=False))
                    seen["across"] += point.figure == ACROSS_PACKS
                    if series == "a/t":  # the children a withheld percentage leaves out are protected too
                        counts.append({**cells("t", months), **cells("a", months, -1)})
                    secrets += counts
        earlier = Published((*earlier.figures, *figures), (*earlier.versions, f"series/{quarter}/v1"))
    for m in MONTHS:  # the registry says the total adds up, month by month
        span.add({("t", m.end): 1, ("a", m.end): -1, ("b", m.end): -1})
    for name in "ntab":  # each month is a count, and so is each run of months within a financial year
        for i, first in enumerate(MONTHS):
            for j in range(i, len(MONTHS)):
                if first.containing_financial_year() == MONTHS[j].containing_financial_year():
                    secrets.append(cells(name, MONTHS[i : j + 1]))
    value = {(s, m.end): v for s, vs in values.items() for m, v in zip(MONTHS, vs, strict=True)}
    small = [s for s in secrets if 1 <= sum(value[k] * w for k, w in s.items()) <= 5]
    leaks = [s for s in small if span.holds(s)]
    assert leaks == [], f"recoverable from the four public packs together: {leaks[:3]}"
    return {**seen, "protected": len(small)}


def test_property_no_withheld_count_follows_from_a_series_of_quarterly_packs(tmp_path):
    totals = {"shown": 0, "across": 0, "protected": 0}

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        n=st.lists(st.integers(0, 3), min_size=24, max_size=24),
        a=st.lists(st.integers(0, 4), min_size=24, max_size=24),
        b=st.lists(st.integers(0, 20), min_size=24, max_size=24),
    )
    @example(n=[2] * 12 + [3, 3, 3, 1, 1, 1] + [2] * 6, a=[4] * 24, b=[20] * 24)  # Q1 printed 9; Q2 adds 3
    def check(n, a, b):
        seen = attack_series(tmp_path, {"n": n, "a": a, "b": b, "t": [x + y for x, y in zip(a, b, strict=True)]})
        for name, count in seen.items():
            totals[name] += count

    check()
    assert totals["shown"] > 1_000 and totals["protected"] > 100 and totals["across"] > 0, totals
