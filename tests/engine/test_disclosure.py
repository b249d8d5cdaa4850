"""Secondary suppression: a withheld count cannot be worked back from a total and the other parts."""

import pytest

from publisher.core.errors import InputError
from publisher.core.figures import Status
from publisher.core.periods import Period
from publisher.core.vocab import Audience
from publisher.engine.disclosure import Count, Thresholds
from publisher.engine.scorecard import build_scorecard
from publisher.inputs.registry import load_registry
from publisher.output.messages import default_messages
from publisher.output.words import phrase

from ..conftest import write
from ..helpers import Span, inputs, monthly, observations

WORDS = default_messages().entries  # publisher's catalogue: the reasons in its words

REGISTRY = """\
priority: {id: cla, title: Children looked after, order: 1, lead: Jo Bloggs}
indicators:
  - {reference: T, title: All children looked after, unit: count, polarity: none,
     calculation: {numerator: total, window: snapshot}, total_of: [F, R, O]}
  - {reference: F, title: In foster care, unit: count, polarity: none, calculation: {numerator: foster, window: snapshot}}
  - {reference: R, title: In residential care, unit: count, polarity: none, calculation: {numerator: resi, window: snapshot}}
  - {reference: O, title: Placed otherwise, unit: count, polarity: none, calculation: {numerator: other, window: snapshot}}
"""
Q2 = Period.parse("Q2 2024-25")


def scorecard(tmp_path, foster, resi, other, audience=Audience.PUBLIC, registry=REGISTRY):
    registry_dir = tmp_path / "indicators"
    write(registry_dir, "cla.yaml", registry)
    obs = observations({
        "total": monthly("2024-09", [foster + resi + other]), "foster": monthly("2024-09", [foster]),
        "resi": monthly("2024-09", [resi]), "other": monthly("2024-09", [other]),
    })  # fmt: skip
    result = build_scorecard(load_registry(registry_dir), inputs(obs), Q2, audience)
    return {r.indicator.reference: r for r in result.rows}


def test_one_withheld_part_makes_the_smallest_other_part_withheld_too(tmp_path):
    rows = scorecard(tmp_path, foster=30, resi=3, other=7)
    assert rows["R"].headline.status is Status.SUPPRESSED  # primary: 3
    assert rows["O"].headline.status is Status.SUPPRESSED  # secondary: 40 - 30 - 7 would give 3
    assert "cannot be worked out" in phrase(rows["O"].headline.note, WORDS)
    assert (rows["T"].headline.value, rows["F"].headline.value) == (40, 30)
    assert rows["O"].rag.rating.value == "not_rated"


def test_with_only_one_other_part_that_part_is_withheld(tmp_path):
    registry = REGISTRY.replace("total_of: [F, R, O]", "total_of: [F, R]")
    rows = scorecard(tmp_path, foster=30, resi=3, other=0, registry=registry)
    assert rows["F"].headline.status is Status.SUPPRESSED and rows["T"].headline.value == 33


def test_two_withheld_parts_need_nothing_more(tmp_path):
    rows = scorecard(tmp_path, foster=30, resi=3, other=4)
    assert [rows[r].headline.status for r in "TFRO"] == [Status.OK, Status.OK, Status.SUPPRESSED, Status.SUPPRESSED]


def test_a_true_zero_part_is_not_withheld_and_restricted_packs_show_all(tmp_path):
    assert scorecard(tmp_path, foster=30, resi=0, other=7)["O"].headline.value == 7
    rows = scorecard(tmp_path, foster=30, resi=3, other=7, audience=Audience.RESTRICTED)
    assert [rows[r].headline.value for r in "TFRO"] == [40, 30, 3, 7]


def test_total_of_must_name_counts_with_the_same_window(tmp_path):
    registry_dir = tmp_path / "bad"
    write(registry_dir, "cla.yaml", REGISTRY.replace("calculation: {numerator: other, window: snapshot}",
                                                     "calculation: {numerator: other, window: ytd}"))  # fmt: skip
    with pytest.raises(
        InputError, match=r"cla\.yaml:3: 'total_of': 'O' must be a count indicator with the same window"
    ):
        load_registry(registry_dir)


def test_a_part_left_out_of_the_pack_is_still_protected(tmp_path):
    registry_dir = tmp_path / "indicators"
    write(registry_dir, "cla.yaml", REGISTRY)
    obs = observations({"total": monthly("2024-09", [40]), "foster": monthly("2024-09", [30]),
                        "resi": monthly("2024-09", [3]), "other": monthly("2024-09", [7])})  # fmt: skip
    result = build_scorecard(load_registry(registry_dir), inputs(obs), Q2, Audience.PUBLIC, [("cla", ["T", "F", "O"])])
    rows = {r.indicator.reference: r for r in result.rows}
    assert sorted(rows) == ["F", "O", "T"] and rows["O"].headline.status is Status.SUPPRESSED  # 40 - 30 - 7 = 3


def test_a_known_zero_is_never_the_figure_withheld_to_protect_another(tmp_path):
    rows = scorecard(tmp_path, foster=30, resi=3, other=0)
    assert rows["O"].headline.value == 0 and rows["F"].headline.status is Status.SUPPRESSED


def test_last_years_outturn_is_protected_too(tmp_path):
    registry_dir = tmp_path / "indicators"
    write(registry_dir, "cla.yaml", REGISTRY)
    march = {"total": 156, "foster": 120, "resi": 3, "other": 33}
    obs = observations({name: {"2024-03": value, "2024-09": 50 if name == "total" else 20 if name == "foster"
                               else 15} for name, value in march.items()})  # fmt: skip
    result = build_scorecard(load_registry(registry_dir), inputs(obs), Q2, Audience.PUBLIC)
    outturns = {r.indicator.reference: r.outturn_last_year.figure for r in result.rows}
    assert [outturns[r].status for r in "RO"] == [Status.SUPPRESSED, Status.SUPPRESSED]
    assert (outturns["T"].value, outturns["F"].value) == (156, 120)


CHAIN = """\
priority: {id: c, title: Chain, order: 1, lead: Jo}
indicators:
  - {reference: T1, title: One, unit: count, polarity: none, calculation: {numerator: t1, window: snapshot}, total_of: [A, B]}
  - {reference: T2, title: Two, unit: count, polarity: none, calculation: {numerator: t2, window: snapshot}, total_of: [B, D]}
  - {reference: A, title: A, unit: count, polarity: none, calculation: {numerator: a, window: snapshot}}
  - {reference: B, title: B, unit: count, polarity: none, calculation: {numerator: b, window: snapshot}}
  - {reference: D, title: D, unit: count, polarity: none, calculation: {numerator: d, window: snapshot}}
"""


def test_withholding_is_repeated_until_no_chain_of_totals_recovers_a_figure(tmp_path):
    registry_dir = tmp_path / "indicators"
    write(registry_dir, "c.yaml", CHAIN)
    values = {"t1": 50, "t2": 23, "a": 30, "b": 20, "d": 3}
    obs = observations({name: monthly("2024-09", [value]) for name, value in values.items()})
    result = build_scorecard(load_registry(registry_dir), inputs(obs), Q2, Audience.PUBLIC)
    shown = {r.indicator.reference: r.headline.value for r in result.rows}
    # D is withheld (3). T2 - B would give it, and B follows from T1 - A, so withholding B alone cannot hide it:
    # withholding T2 does, and is the one figure needed.
    assert [r for r, value in shown.items() if value is None] == ["T2", "D"]


# -- the attacker's view: nothing small follows from what a public pack shows ------------------------------

FAMILY = """\
priority: {{id: f, title: Family, order: 1, lead: Jo}}
indicators:
  - {{reference: T, title: Total, unit: count, polarity: none, calculation: {{numerator: t, window: {window}}},
     total_of: [A, B]}}
  - {{reference: A, title: A, unit: count, polarity: none, calculation: {{numerator: a, window: {window}}},
     total_of: [C, D]}}
  - {{reference: B, title: B, unit: count, polarity: none, calculation: {{numerator: b, window: {window}}}}}
  - {{reference: C, title: C, unit: count, polarity: none, calculation: {{numerator: c, window: {window}}}}}
  - {{reference: D, title: D, unit: count, polarity: none, calculation: {{numerator: d, window: {window}}}}}
"""
MONTHS = [Period.parse("Oct 2023").shifted(n) for n in range(12)]  # Oct 2023 .. Sep 2024


def months_of(window: str, period: Period) -> list[Period]:
    """The months a figure covers, worked out here from the window's definition (not from publisher's code)."""
    last = period.end
    if window == "snapshot":
        return [Period(last, last, period.kind).month_periods()[-1]]
    first = period.start if window == "period" else period.containing_financial_year().start
    return [m for m in MONTHS if first <= m.end <= last]


def solver(equations: list[dict]):
    """Whether a target is a combination of ``equations``: they are reduced to echelon form once, then each
    target against them."""
    span = Span()
    for equation in equations:
        span.add(equation)
    return span.holds


def attack(registry_dir, values: dict[str, list[int]], window: str) -> tuple[int, int]:
    """Check the public scorecard as an attacker would; return how many figures it showed and withheld."""
    obs = observations({s: dict(zip([m.label for m in MONTHS], v, strict=True)) for s, v in values.items()})
    registry = load_registry(registry_dir)
    public = build_scorecard(registry, inputs(obs), Q2, Audience.PUBLIC)
    truth = build_scorecard(registry, inputs(obs), Q2, Audience.RESTRICTED)
    series = {r.indicator.reference: r.indicator.calculation.numerator for r in public.rows}
    equations, secrets, shown = [], [], 0
    for row, true_row in zip(public.rows, truth.rows, strict=True):
        for point, true_point in zip(row.shown_points(), true_row.shown_points(), strict=True):
            if not true_point.figure.available:
                continue
            cells = {(series[row.indicator.reference], m.end): 1 for m in months_of(window, point.period)}
            if point.figure.available:
                equations.append(cells)
                shown += 1
            elif 1 <= true_point.figure.value <= 5:
                secrets.append(cells)
    for total, parts in (("t", "ab"), ("a", "cd")):  # the registry says these add up, month by month
        equations += [{(total, m.end): 1, **{(p, m.end): -1 for p in parts}} for m in MONTHS]
    for name, counts in values.items():  # each month is a count; so is each run of a flow's months in a year
        for i, first in enumerate(MONTHS):
            for j in range(i, i + 1 if window == "snapshot" else len(MONTHS)):
                same_year = first.containing_financial_year() == MONTHS[j].containing_financial_year()
                if same_year and 1 <= sum(counts[i : j + 1]) <= 5:
                    secrets.append({(name, m.end): 1 for m in MONTHS[i : j + 1]})
    determined = solver(equations)
    leaks = [s for s in secrets if determined(s)]
    assert leaks == [], f"recoverable from the public figures: {leaks[:3]}"
    return shown, len(secrets)


def test_property_no_withheld_count_can_be_worked_out_from_a_public_pack(tmp_path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    seen = {"shown": 0, "protected": 0}

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        c=st.lists(st.integers(0, 9), min_size=12, max_size=12),
        d=st.lists(st.integers(0, 9), min_size=12, max_size=12),
        b=st.lists(st.integers(0, 30), min_size=12, max_size=12),
        window=st.sampled_from(["ytd", "period", "snapshot"]),
    )
    def check(c, d, b, window):
        folder = tmp_path / window
        write(folder, "f.yaml", FAMILY.format(window=window))
        a = [x + y for x, y in zip(c, d, strict=True)]
        t = [x + y for x, y in zip(a, b, strict=True)]
        shown, protected = attack(folder, {"t": t, "a": a, "b": b, "c": c, "d": d}, window)
        seen["shown"] += shown
        seen["protected"] += protected

    check()
    assert seen["shown"] > 1_000 and seen["protected"] > 100, seen


READY = """\
priority: {id: p, title: P, order: 1, lead: L}
indicators:
  - {reference: A1, title: Adopted so far this year, unit: count, polarity: high, frequency: quarterly,
     calculation: {value: adopted_ytd, window: ytd}}
  - {reference: T, title: All adopted, unit: count, polarity: high, frequency: quarterly,
     calculation: {numerator: adopted_all}, total_of: [B, G]}
  - {reference: B, title: Boys adopted, unit: count, polarity: high, frequency: quarterly,
     calculation: {value: adopted_boys, base: boys_cla}}
  - {reference: G, title: Girls adopted, unit: count, polarity: high, frequency: quarterly,
     calculation: {numerator: adopted_girls}}
"""


def test_ready_made_year_to_date_figures_do_not_give_the_months_between_them(tmp_path):
    """30 adopted by June and 33 by September would say 3 were adopted in July to September."""
    write(tmp_path / "indicators", "p.yaml", READY)
    obs = observations({
        "adopted_ytd": {"Q1 2025-26": 30, "Q2 2025-26": 33, "Q3 2025-26": 55, "Q4 2025-26": 80,
                        "Q1 2026-27": 30, "Q2 2026-27": 33},
        "adopted_all": {"Q1 2026-27": 32, "Q2 2026-27": 25}, "adopted_boys": {"Q1 2026-27": 12, "Q2 2026-27": 3},
        "boys_cla": {"Q1 2026-27": 200, "Q2 2026-27": 200}, "adopted_girls": {"Q1 2026-27": 20, "Q2 2026-27": 22},
    })  # fmt: skip
    rows = {r.indicator.reference: r for r in build_scorecard(load_registry(tmp_path / "indicators"), inputs(obs),
                                                               Period.parse("Q2 2026-27"), Audience.PUBLIC).rows}  # fmt: skip
    shown = {str(p.period): p.figure.value for p in rows["A1"].shown_points() if p.figure.available}
    assert not ({"Q1 2026-27", "Apr 2026 - Sep 2026"} <= set(shown) or {"Q1 2026-27", "Q2 2026-27"} <= set(shown))
    # A ready-made count is a part of its total like any other: 25 - 22 would give the 3 boys.
    assert rows["B"].headline.status is Status.SUPPRESSED
    assert Status.SUPPRESSED in (rows["T"].headline.status, rows["G"].headline.status)


SHARED = """\
priority: {id: p, title: P, order: 1, lead: L}
indicators:
  - {reference: P, title: Care leavers in EET (%), unit: percentage, polarity: high,
     calculation: {numerator: eet, denominator: leavers, window: snapshot}}
  - {reference: E, title: Care leavers in EET, unit: count, polarity: high, calculation: {numerator: eet, window: snapshot}}
  - {reference: L, title: Care leavers, unit: count, polarity: none, calculation: {numerator: leavers, window: snapshot}}
"""


def test_the_children_a_percentage_leaves_out_are_protected_across_indicators(tmp_path):
    """60 of 65 in EET leaves 5: the percentage is withheld, and the counts of 60 and 65 cannot both be shown."""
    write(tmp_path / "indicators", "p.yaml", SHARED)
    obs = observations({"eet": {"Sep 2024": 60}, "leavers": {"Sep 2024": 65}})
    rows = {r.indicator.reference: r.headline for r in
            build_scorecard(load_registry(tmp_path / "indicators"), inputs(obs), Q2, Audience.PUBLIC).rows}  # fmt: skip
    assert rows["P"].status is Status.SUPPRESSED
    assert [rows["E"].status, rows["L"].status].count(Status.SUPPRESSED) == 1
    assert rows["E"].status is Status.SUPPRESSED  # the smaller of the two


def family(tmp_path, registry: str, values: dict, period: str):
    write(tmp_path / "indicators", "f.yaml", registry)
    result = build_scorecard(load_registry(tmp_path / "indicators"), inputs(observations(values)),
                             Period.parse(period), Audience.PUBLIC)  # fmt: skip
    return {r.indicator.reference: r for r in result.rows}


def shown(row) -> dict[str, float]:
    return {str(p.period): p.figure.value for p in row.shown_points() if p.figure.available}


def test_a_year_supplied_beside_its_quarters_does_not_give_the_withheld_quarter(tmp_path):
    """Found by a review: 39 for 2025-26 beside quarters 10, 12 and 14 gave the withheld 3."""
    registry = """\
priority: {id: p, title: P, order: 1, lead: L}
indicators:
  - {reference: A, title: Adopted, unit: count, polarity: high, frequency: quarterly, calculation: {value: adopt}}
"""
    values = {"adopt": {"Q3 2024-25": 20, "Q4 2024-25": 20, "Q1 2025-26": 10, "Q2 2025-26": 12, "Q3 2025-26": 14,
                        "Q4 2025-26": 3, "2025-26": 39, "Q1 2026-27": 11, "Q2 2026-27": 13}}  # fmt: skip
    figures = shown(family(tmp_path, registry, values, "Q2 2026-27")["A"])
    quarters = [figures.get(q) for q in ("Q1 2025-26", "Q2 2025-26", "Q3 2025-26")]
    assert "Q4 2025-26" not in figures
    assert not (figures.get("2025-26") is not None and None not in quarters)


def test_a_term_reported_in_a_later_quarter_is_withheld_in_that_quarters_column(tmp_path):
    """Found by a review: with term_quarter, the column showed the figure the sparkline withheld."""
    registry = """\
priority: {id: p, title: P, order: 1, lead: L}
indicators:
  - {reference: T, title: All, unit: count, polarity: high, frequency: termly, term_quarter: {Summer: Q3},
     calculation: {value: t}, total_of: [A, B]}
  - {reference: A, title: A, unit: count, polarity: high, frequency: termly, term_quarter: {Summer: Q3},
     calculation: {value: a}}
  - {reference: B, title: B, unit: count, polarity: high, frequency: termly, term_quarter: {Summer: Q3},
     calculation: {value: b}}
"""
    terms = ["Summer 2025", "Autumn 2025", "Spring 2026", "Summer 2026", "Autumn 2026", "Spring 2027"]
    values = {"a": dict.fromkeys(terms, 10) | {"Summer 2026": 3}, "b": dict.fromkeys(terms, 30)}
    values["t"] = {term: values["a"][term] + 30 for term in terms}
    rows = family(tmp_path, registry, values, "Q4 2026-27")
    columns = {ref: {str(p.period): p.figure.value for p in rows[ref].year_quarters} for ref in "TB"}
    assert columns["T"]["Q3 2026-27"] is None or columns["B"]["Q3 2026-27"] is None


def test_year_to_date_counts_from_quarterly_data_do_not_give_the_quarters_between(tmp_path):
    """Found by a review: 20 by June and 24 by December gave 4 for July to December."""
    registry = """\
priority: {id: p, title: P, order: 1, lead: L}
indicators:
  - {reference: Y, title: So far this year, unit: count, polarity: high, frequency: quarterly,
     calculation: {numerator: n, window: ytd}}
"""
    values = {"n": {"Q1 2025-26": 20, "Q2 2025-26": 30, "Q3 2025-26": 25, "Q4 2025-26": 22,
                    "Q1 2026-27": 20, "Q2 2026-27": 3, "Q3 2026-27": 1}}  # fmt: skip
    figures = shown(family(tmp_path, registry, values, "Q3 2026-27")["Y"])
    assert not ({"Q1 2026-27", "Q3 2026-27"} <= set(figures) or {"Q1 2026-27", "Apr 2026 - Dec 2026"} <= set(figures))


@pytest.mark.parametrize(
    ("value", "series", "small"),
    [
        (0, "cla", False),  # nothing to protect
        (1, "cla", True),
        (10, "cla", True),  # exactly cla's threshold
        (11, "cla", False),
        (6, "cin", False),  # within the highest threshold, above cin's own (5)
        (5, "cin", True),
        (10, "cla (month by month)", True),  # the unknown months under a ready-made cumulative figure
    ],
)
def test_a_count_is_small_from_1_to_its_series_threshold(value, series, small):
    thresholds = Thresholds({"cla": 10, "cin": 5}, highest=10)
    count = Count({(series, Period.parse("Sep 2026")): 1.0}, float(value))
    assert thresholds.small(count) is small
