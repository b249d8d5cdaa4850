#!/usr/bin/env python3
"""Make the demo council's fictional data: observations, child population, benchmarks and commentary.

Northbridge Borough Council does not exist; every figure, name and comment here is invented. The output is
deterministic (fixed seeds, sorted rows), so running this twice gives identical files:

    python demo/make_demo.py

It reads only the registry (``indicators/*.yaml``, to cross-check series names and to learn which benchmarks
each indicator shows) and writes ``demo/data/{observations,population,benchmarks}.csv`` and
``demo/commentary/<period>.yaml``. The demo reporting period is Q2 2026-27 (July to September 2026): nothing
is dated after September 2026, and annual figures appear only for years whose figure would have been
published by then.
"""

from __future__ import annotations

import csv
import itertools
import math
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"
SEED = 20261012

# -- the periods the demo covers -----------------------------------------------------------------------------

FIRST = (2023, 4)  # April 2023
LAST = (2026, 9)  # September 2026: the end of the demo reporting period, Q2 2026-27


def t_of(year: int, month: int) -> int:
    """Months since April 2023 (negative before it): the time axis every trend is drawn on."""
    return (year - FIRST[0]) * 12 + (month - FIRST[1])


def month_t(label: str) -> int:
    year, month = label.split("-")
    return t_of(int(year), int(month))


MONTHS = [f"{2023 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}" for i in range(t_of(*LAST) + 1)]


def _quarters() -> list[tuple[str, int]]:
    out = []
    for fy in (2023, 2024, 2025, 2026):
        for q in range(1, 5):
            end = t_of(fy, 4) + 3 * q - 1
            if end <= t_of(*LAST):
                out.append((f"Q{q} {fy}-{(fy + 1) % 100:02d}", end))
    return out


QUARTERS = _quarters()  # (label, t of last month): Q1 2023-24 .. Q2 2026-27
TERMS = sorted(  # (label, t of last month): Summer 2023 .. Summer 2026 (Autumn 2026 ends in December: not yet)
    (
        (f"{name} {year}", t_of(year, last))
        for year in (2023, 2024, 2025, 2026)
        for name, last in (("Spring", 3), ("Summer", 7), ("Autumn", 12))
        if t_of(2023, 7) <= t_of(year, last) <= t_of(*LAST)
    ),
    key=lambda item: item[1],
)
YEARS = [(f"{y}-{(y + 1) % 100:02d}", t_of(y + 1, 3)) for y in (2022, 2023, 2024)]  # due by Sep 2026
YEARS_DUE_JUNE = [*YEARS, ("2025-26", t_of(2026, 3))]  # an annual figure due each June: 2025-26 is out

POPULATION = [  # children aged 0-17, by financial year
    ("2022-23", 61200, "ONS mid-2022 population estimate (fictional demo)"),
    ("2023-24", 61450, "ONS mid-2023 population estimate (fictional demo)"),
    ("2024-25", 61690, "ONS mid-2024 population estimate (fictional demo)"),
    ("2025-26", 61940, "ONS mid-2024 based projection (fictional demo)"),
    ("2026-27", 62180, "ONS mid-2024 based projection (fictional demo)"),
]

# Month-of-year multipliers for flows: referrals follow the school year (dips in August and December).
SCHOOL = {1: 1.05, 2: 1.00, 3: 1.06, 4: 0.94, 5: 1.05, 6: 1.07, 7: 1.03, 8: 0.80, 9: 1.01, 10: 1.09, 11: 1.07, 12: 0.83}
SUMMER = {1: 0.92, 2: 0.92, 3: 0.95, 4: 0.97, 5: 1.0, 6: 1.03, 7: 1.12, 8: 1.18, 9: 1.06, 10: 0.98, 11: 0.95, 12: 0.92}
FLAT = {m: 1.0 for m in range(1, 13)}
OUTAGE = "system outage - figure not supplied"

# -- one spec per series -------------------------------------------------------------------------------------
# kind: stock (month-end count), flow (count in the month), share (a numerator drawn from `of`), days (total
# days for the cases in `of`), value (a measured number with decimals). `anchors` are (month label, level)
# points joined by straight lines; for share they are proportions. `pins` fix exact values (so the demo's
# latest quarter rates the way the pack is meant to show), `gaps` leave a cell blank or coded.

SPECS: dict[str, dict] = {
    # ---- Priority 1: children looked after ----
    "cla_count": dict(
        kind="stock",
        anchors=[
            ("2023-04", 446),
            ("2024-03", 458),
            ("2025-03", 471),
            ("2025-09", 468),
            ("2026-03", 463),
            ("2026-09", 458),
        ],
        sd=3,
        pins={"2026-09": 458},
    ),
    "cla_starts": dict(
        kind="flow", anchors=[("2023-04", 19), ("2025-03", 19.5), ("2025-09", 18.5), ("2026-09", 16)], season=FLAT
    ),
    "cla_ceased": dict(
        kind="flow",
        anchors=[("2023-04", 17.5), ("2025-03", 18.5), ("2026-09", 18)],
        season=FLAT,
        pins={"2026-04": 19, "2026-05": 17, "2026-06": 18, "2026-07": 16, "2026-08": 20, "2026-09": 18},
    ),
    "cla_ceased_adopted": dict(
        kind="share",
        of="cla_ceased",
        anchors=[("2023-04", 0.12), ("2025-03", 0.125), ("2026-09", 0.11)],
        binomial=True,
        pins={"2026-04": 2, "2026-05": 3, "2026-06": 2, "2026-07": 2, "2026-08": 1, "2026-09": 2},
    ),
    "cla_3plus_placements": dict(
        kind="share",
        of="cla_count",
        anchors=[("2023-04", 0.115), ("2024-03", 0.108), ("2025-03", 0.098), ("2026-03", 0.096), ("2026-09", 0.1)],
        sd=0.004,
        pins={"2026-09": 45},
    ),
    "cla_ltstab_cohort": dict(
        kind="stock", anchors=[("2023-04", 132), ("2025-03", 140), ("2026-09", 146)], sd=2, pins={"2026-09": 144}
    ),
    "cla_ltstab_same_placement": dict(
        kind="share",
        of="cla_ltstab_cohort",
        anchors=[("2023-04", 0.69), ("2025-03", 0.675), ("2026-09", 0.637)],
        sd=0.006,
        pins={"2026-09": 91},
    ),
    "cla_reviews_due": dict(kind="flow", anchors=[("2023-04", 84), ("2026-09", 90)], season=FLAT),
    "cla_reviews_in_time": dict(
        kind="share",
        of="cla_reviews_due",
        anchors=[("2023-04", 0.89), ("2025-03", 0.92), ("2026-09", 0.935)],
        binomial=True,
    ),
    "cla_visits_due": dict(
        kind="flow",
        anchors=[("2023-04", 318), ("2025-03", 336), ("2026-09", 326)],
        season=FLAT,
        gaps={"2025-11": ("", OUTAGE)},
    ),
    "cla_visits_in_time": dict(
        kind="share",
        of="cla_visits_due",
        anchors=[("2023-04", 0.86), ("2025-03", 0.885), ("2025-12", 0.87), ("2026-09", 0.832)],
        sd=0.006,
        gaps={"2025-11": ("", OUTAGE)},
    ),
    "cla_missing_children": dict(
        kind="share",
        of="cla_count",
        anchors=[("2023-04", 0.064), ("2025-03", 0.06), ("2026-09", 0.058)],
        season=SUMMER,
        sd=0.003,
    ),
    "cla_placed_20miles": dict(
        kind="share",
        of="cla_count",
        anchors=[("2023-04", 0.245), ("2025-03", 0.235), ("2026-09", 0.226)],
        sd=0.004,
        pins={"2026-09": 103},
    ),
    "cla_in_house_foster": dict(
        kind="share",
        of="cla_count",
        anchors=[("2023-04", 0.44), ("2025-03", 0.415), ("2026-09", 0.386)],
        sd=0.004,
        pins={"2026-09": 176},
    ),
    "cla_unregistered": dict(
        kind="stock",
        anchors=[("2023-04", 11), ("2024-03", 12), ("2025-03", 10), ("2026-03", 8.5), ("2026-09", 7)],
        sd=1.0,
        floor=6,
        pins={"2026-09": 7},
    ),
    "adoption_a1_children": dict(kind="flow", anchors=[("2023-04", 2.1), ("2026-09", 2.3)], season=FLAT),
    "adoption_a1_days_total": dict(
        kind="days", of="adoption_a1_children", anchors=[("2023-04", 470), ("2025-03", 432), ("2026-09", 392)], sd=110
    ),
    "adoption_a2_children": dict(kind="flow", anchors=[("2023-04", 2.0), ("2026-09", 2.2)], season=FLAT),
    "adoption_a2_days_total": dict(
        kind="days", of="adoption_a2_children", anchors=[("2023-04", 138), ("2025-03", 148), ("2026-09", 178)], sd=55
    ),
    # annual (year ending 31 March), published in November
    "cla_12m_cohort": dict(kind="annual", values={"2022-23": 318, "2023-24": 326, "2024-25": 334}),
    "cla_health_assessment_done": dict(kind="annual", values={"2022-23": 293, "2023-24": 295, "2024-25": 296}),
    "cla_dental_check": dict(kind="annual", values={"2022-23": 227, "2023-24": 242, "2024-25": 229}),
    "sdq_average_score": dict(kind="annual", values={"2022-23": 14.6, "2023-24": 14.3, "2024-25": 13.9}),
    # annual, reported in June: 2025-26 is already out
    "cla_pledge_survey_eligible": dict(
        kind="annual", values={"2022-23": 352, "2023-24": 361, "2024-25": 370, "2025-26": 366}
    ),
    "cla_pledge_survey_participants": dict(
        kind="annual", values={"2022-23": 105, "2023-24": 123, "2024-25": 152, "2025-26": 141}
    ),
    # termly (Virtual School)
    "pep_due": dict(
        kind="stock",
        freq="term",
        anchors=[("2023-07", 288), ("2025-07", 304), ("2026-07", 300)],
        sd=4,
        pins={"Summer 2026": 302},
    ),
    "pep_completed": dict(
        kind="share",
        freq="term",
        of="pep_due",
        anchors=[("2023-07", 0.86), ("2025-07", 0.9), ("2026-07", 0.915)],
        sd=0.008,
        pins={"Summer 2026": 276},
    ),
    "cla_sessions_possible": dict(kind="term_sessions", of="pep_due"),
    "cla_sessions_attended": dict(
        kind="share",
        freq="term",
        of="cla_sessions_possible",
        anchors=[("2023-07", 0.921), ("2025-07", 0.924), ("2026-07", 0.91)],
        sd=0.003,
        pin_rates={"Summer 2025": 0.9215, "Summer 2026": 0.9085},
    ),
    # ---- Priority 2: safeguarding ----
    "contacts": dict(
        kind="flow",
        anchors=[("2023-04", 1120), ("2025-03", 1180), ("2026-09", 1165)],
        season=SCHOOL,
        gaps={"2025-01": ("x", "")},
    ),
    "referrals": dict(kind="flow", anchors=[("2023-04", 308), ("2025-03", 301), ("2026-09", 299)], season=SCHOOL),
    "rereferrals": dict(
        kind="share",
        of="referrals",
        anchors=[("2023-04", 0.246), ("2025-03", 0.232), ("2026-09", 0.216)],
        binomial=True,
    ),
    "referrals_nfa": dict(
        kind="share",
        of="referrals",
        anchors=[("2023-04", 0.088), ("2025-03", 0.094), ("2026-09", 0.117)],
        binomial=True,
    ),
    "assessments_started": dict(
        kind="flow", anchors=[("2023-04", 296), ("2025-03", 290), ("2026-09", 284)], season=SCHOOL
    ),
    "seen_within_5_days": dict(
        kind="share",
        of="assessments_started",
        anchors=[("2023-04", 0.8), ("2025-06", 0.83), ("2026-03", 0.81), ("2026-09", 0.715)],
        binomial=True,
    ),
    "assessments_completed": dict(
        kind="flow", anchors=[("2023-04", 290), ("2025-03", 286), ("2026-09", 279)], season=SCHOOL
    ),
    "assessments_within_45_days": dict(
        kind="share",
        of="assessments_completed",
        anchors=[("2023-04", 0.74), ("2025-03", 0.795), ("2026-09", 0.845)],
        binomial=True,
    ),
    "s47_enquiries": dict(kind="flow", anchors=[("2023-04", 101), ("2025-03", 95), ("2026-09", 83)], season=SCHOOL),
    "icpc_held": dict(kind="flow", anchors=[("2023-04", 33), ("2026-09", 30)], season=FLAT),
    "icpc_in_time": dict(
        kind="share", of="icpc_held", anchors=[("2023-04", 0.82), ("2025-03", 0.86), ("2026-09", 0.895)], binomial=True
    ),
    "cp_count": dict(
        kind="stock",
        anchors=[("2023-04", 300), ("2024-03", 292), ("2025-03", 281), ("2026-03", 279), ("2026-09", 284)],
        sd=4,
        pins={"2026-09": 284},
    ),
    "cp_starts": dict(kind="flow", anchors=[("2023-04", 27), ("2026-09", 26)], season=FLAT),
    "cp_starts_repeat": dict(
        kind="share",
        of="cp_starts",
        anchors=[("2023-04", 0.215), ("2025-03", 0.245), ("2026-09", 0.285)],
        binomial=True,
    ),
    "cp_ended": dict(kind="flow", anchors=[("2023-04", 28), ("2026-09", 26)], season=FLAT),
    "cp_ended_2yrs_plus": dict(
        kind="share",
        of="cp_ended",
        anchors=[("2023-04", 0.034), ("2025-03", 0.026), ("2026-09", 0.024)],
        binomial=True,
        pins={
            "2025-10": 1,
            "2025-11": 0,
            "2025-12": 1,
            "2026-01": 0,
            "2026-02": 1,
            "2026-03": 1,
            "2026-04": 0,
            "2026-05": 2,
            "2026-06": 1,
            "2026-07": 1,
            "2026-08": 0,
            "2026-09": 0,
        },
    ),
    "cp_visits_due": dict(kind="flow", anchors=[("2023-04", 590), ("2025-03", 560), ("2026-09", 566)], season=FLAT),
    "cp_visits_in_time": dict(
        kind="share", of="cp_visits_due", anchors=[("2023-04", 0.895), ("2025-03", 0.91), ("2026-09", 0.926)], sd=0.006
    ),
    "cin_count": dict(
        kind="stock",
        anchors=[("2023-04", 2310), ("2024-03", 2262), ("2025-03", 2240), ("2025-09", 2236), ("2026-09", 2176)],
        sd=12,
        pins={"2025-09": 2235, "2026-09": 2175},
    ),
    "audits_completed": dict(kind="flow", anchors=[("2023-04", 28), ("2026-09", 32)], season=FLAT),
    "audits_good": dict(
        kind="share",
        of="audits_completed",
        anchors=[("2023-04", 0.52), ("2025-03", 0.6), ("2026-09", 0.675)],
        binomial=True,
    ),
    "private_fostering_notifications": dict(
        kind="flow",
        anchors=[("2023-04", 1.4), ("2026-09", 1.3)],
        season=FLAT,
        pins={
            "2025-04": 2,
            "2025-05": 1,
            "2025-06": 3,
            "2025-07": 0,
            "2025-08": 2,
            "2025-09": 2,
            "2026-04": 1,
            "2026-05": 2,
            "2026-06": 0,
            "2026-07": 1,
            "2026-08": 2,
            "2026-09": 1,
        },
    ),
    # quarterly workforce figures (full-time equivalents, one decimal place)
    "sw_case_holding_fte": dict(
        kind="value",
        freq="quarter",
        anchors=[("2023-06", 94.0), ("2025-03", 99.5), ("2026-09", 97.0)],
        sd=1.2,
        decimals=1,
        pins={"Q2 2026-27": 97.0},
    ),
    "sw_caseload_children": dict(
        kind="stock",
        freq="quarter",
        anchors=[("2023-06", 1905), ("2025-03", 1860), ("2026-09", 1872)],
        sd=15,
        pins={"Q2 2026-27": 1872},
    ),
    "sw_fte_total": dict(
        kind="value",
        freq="quarter",
        anchors=[("2023-06", 146.0), ("2025-03", 152.0), ("2026-09", 150.5)],
        sd=1.0,
        decimals=1,
        pins={"Q2 2026-27": 150.5},
    ),
    "agency_sw_fte": dict(
        kind="value_share",
        freq="quarter",
        of="sw_fte_total",
        anchors=[("2023-06", 0.24), ("2025-03", 0.21), ("2025-12", 0.23), ("2026-09", 0.262)],
        sd=0.006,
        decimals=1,
        pins={"Q2 2026-27": 39.5},
    ),
    # ---- Priority 3: care leavers ----
    "care_leavers_count": dict(
        kind="stock", anchors=[("2023-04", 198), ("2025-03", 206), ("2026-09", 211)], sd=2, pins={"2026-09": 211}
    ),
    "cl_1921_count": dict(
        kind="stock", anchors=[("2023-04", 112), ("2025-03", 116), ("2026-09", 118)], sd=1.5, pins={"2026-09": 118}
    ),
    "cl_1921_eet": dict(
        kind="share",
        of="cl_1921_count",
        anchors=[("2023-04", 0.455), ("2025-03", 0.49), ("2026-09", 0.515)],
        sd=0.01,
        pins={"2026-09": 61},
    ),
    "cl_1921_suitable": dict(
        kind="share",
        of="cl_1921_count",
        anchors=[("2023-04", 0.915), ("2025-03", 0.905), ("2026-09", 0.875)],
        sd=0.006,
        pins={"2026-09": 103},
    ),
    "cl_higher_education": dict(
        kind="share",
        of="cl_1921_count",
        anchors=[("2023-04", 0.075), ("2025-03", 0.078), ("2026-09", 0.068)],
        sd=0.004,
        pins={"2026-09": 8},
    ),
    "cl_1718_count": dict(
        kind="stock",
        anchors=[("2023-04", 58), ("2025-03", 62), ("2026-09", 61)],
        sd=1.5,
        pins={"2025-09": 60, "2026-09": 61},
    ),
    "cl_1718_eet": dict(
        kind="share",
        of="cl_1718_count",
        anchors=[("2023-04", 0.64), ("2025-03", 0.66), ("2026-09", 0.6)],
        season={**FLAT, 7: 0.93, 8: 0.9, 9: 0.92},
        sd=0.012,
        pins={"2025-09": 35, "2026-09": 32},
    ),
    "cl_pathway_plan_current": dict(
        kind="share",
        of="care_leavers_count",
        anchors=[("2023-04", 0.925), ("2025-03", 0.95), ("2026-09", 0.965)],
        sd=0.008,
        pins={"2026-09": 204},
    ),
    "cl_in_touch": dict(
        kind="share",
        of="care_leavers_count",
        anchors=[("2023-04", 0.945), ("2025-03", 0.94), ("2026-09", 0.93)],
        sd=0.006,
        pins={"2026-09": 196},
    ),
    "cl_apprenticeships": dict(
        kind="stock",
        anchors=[("2023-04", 8), ("2025-03", 10), ("2026-09", 11)],
        sd=0.8,
        floor=6,
        pins={"2026-06": 9, "2026-09": 11},
    ),
    "staying_put_count": dict(
        kind="stock",
        anchors=[("2023-04", 21), ("2025-09", 26), ("2026-09", 22)],
        sd=1.0,
        pins={"2025-09": 26, "2026-09": 21},
    ),
    # small numbers: values of 1 to 5 are withheld from public packs; July 2026 is a true nought
    "cl_in_custody": dict(
        kind="stock",
        anchors=[("2023-04", 8), ("2025-03", 7), ("2026-06", 6)],
        sd=1.2,
        floor=0,
        pins={"2026-06": 6, "2026-07": 0, "2026-08": 2, "2026-09": 4},
    ),
    "cl_turned_18": dict(
        kind="flow",
        freq="quarter",
        anchors=[("2023-06", 15), ("2026-09", 16)],
        season=FLAT,
        pins={"Q1 2026-27": 15, "Q2 2026-27": 17},
    ),
    "cl_health_passport": dict(
        kind="share",
        freq="quarter",
        of="cl_turned_18",
        anchors=[("2023-06", 0.6), ("2025-03", 0.78), ("2026-09", 0.84)],
        binomial=True,
        pins={"Q1 2026-27": 13, "Q2 2026-27": 13},
    ),
}
# Series in the registry with no data at all: an indicator in development, and a new annual survey whose
# first figure (2025-26) is not due until November 2026.
NO_DATA = {"eh_allocated_10_days", "eh_requests", "cl_survey_feel_safe", "cl_survey_responses"}

# -- drawing the series ----------------------------------------------------------------------------------------


def interpolate(anchors: list[tuple[str, float]], t: int) -> float:
    points = sorted((month_t(label), value) for label, value in anchors)
    if t <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in itertools.pairwise(points):
        if t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return points[-1][1]


def poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def binomial(rng: random.Random, n: int, p: float) -> int:
    """A count of successes out of ``n``: binomial-sized noise, damped so rolling figures do not lurch."""
    p = min(max(p, 0.0), 1.0)
    return min(n, max(0, round(rng.gauss(n * p, 0.6 * math.sqrt(n * p * (1 - p))))))


class AR1:
    """Autocorrelated noise: month-end stocks drift rather than jump."""

    def __init__(self, rng: random.Random, sd: float, phi: float = 0.7):
        self.rng, self.sd, self.phi, self.value = rng, sd, phi, 0.0

    def next(self) -> float:
        self.value = self.phi * self.value + math.sqrt(1 - self.phi**2) * self.rng.gauss(0, self.sd)
        return self.value


def periods_for(spec: dict) -> list[tuple[str, int, int]]:
    """(label, t of last month, calendar month of last month) for the series' frequency."""
    freq = spec.get("freq", "month")
    if freq == "month":
        return [(label, month_t(label), int(label[5:])) for label in MONTHS]
    rows = {"quarter": QUARTERS, "term": TERMS}[freq]
    return [(label, t, (t + 3) % 12 + 1) for label, t in rows]


def generate() -> dict[str, dict[str, object]]:
    """Every series as {period label: value}; a value is an int, a float, or a (code, note) gap."""
    out: dict[str, dict[str, object]] = {}
    raw: dict[str, dict[str, object]] = {}  # before gaps: what a numerator is drawn from
    for name, spec in SPECS.items():
        rng = random.Random(f"{SEED}:{name}")
        kind = spec["kind"]
        if kind == "annual":
            out[name] = raw[name] = dict(spec["values"])
            continue
        if kind == "term_sessions":
            # possible sessions = pupils x school days x 2, by term length (autumn long, spring short)
            days = {"Autumn": 70, "Spring": 55, "Summer": 62}
            out[name] = raw[name] = {
                label: round(pupils * days[label.split()[0]] * 2 * rng.uniform(0.955, 0.975))
                for label, pupils in raw[spec["of"]].items()
            }
            continue
        season = spec.get("season", FLAT)
        noise = AR1(rng, spec.get("sd", 0.0))
        values: dict[str, object] = {}
        for label, t, month in periods_for(spec):
            level = interpolate(spec["anchors"], t)
            if kind == "stock":
                values[label] = max(spec.get("floor", 0), round(level + noise.next()))
            elif kind == "flow":
                values[label] = poisson(rng, level * season[month])
            elif kind == "value":
                values[label] = round(level + noise.next(), spec.get("decimals", 1))
            elif kind in ("share", "value_share"):
                base = raw[spec["of"]][label]
                p = level * season[month] + noise.next()
                if kind == "value_share":
                    values[label] = round(base * p, spec.get("decimals", 1))
                elif spec.get("binomial"):
                    values[label] = binomial(rng, base, p)
                else:
                    values[label] = min(base, max(0, round(base * p)))
            elif kind == "days":
                cases = raw[spec["of"]][label]
                values[label] = sum(max(35, round(rng.gauss(level, spec["sd"]))) for _ in range(cases))
            else:
                raise ValueError(f"unknown kind {kind} for {name}")
        for label, rate in spec.get("pin_rates", {}).items():
            values[label] = round(raw[spec["of"]][label] * rate)
        values.update(spec.get("pins", {}))
        raw[name] = dict(values)
        for label, gap in spec.get("gaps", {}).items():
            values[label] = gap
        out[name] = values
    return out


# -- checking against the registry ----------------------------------------------------------------------------


def load_registry() -> list[dict]:
    indicators = []
    for path in sorted((ROOT / "indicators").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        indicators.extend(doc["indicators"])
    return indicators


def check(series: dict[str, dict[str, object]], indicators: list[dict]) -> None:
    used = {s for i in indicators for s in (i["calculation"]["numerator"], i["calculation"].get("denominator")) if s}
    unknown, absent = set(series) - used, used - set(series) - NO_DATA
    if unknown or absent:
        raise SystemExit(
            f"series not in the registry: {sorted(unknown)}; registry series with no data: {sorted(absent)}"
        )
    for i in indicators:
        calc = i["calculation"]
        if i.get("frequency") == "annual":  # a year's figure only once it has been published
            for name in (calc["numerator"], calc.get("denominator")):
                for label in series.get(name, {}) if name else ():
                    published = int(label[:4]) + (1 if i["due_month"] >= 4 else 2), i["due_month"]
                    if t_of(*published) > t_of(*LAST):
                        raise SystemExit(f"{i['reference']}: {name} {label} is not published until {published}")
        if i["unit"] != "percentage":
            continue
        num, den = series.get(calc["numerator"], {}), series.get(calc.get("denominator"), {})
        for label, value in num.items():
            other = den.get(label)
            if isinstance(value, int | float) and isinstance(other, int | float) and value > other:
                raise SystemExit(f"{i['reference']}: {calc['numerator']} {value} > {other} for {label}")


# -- benchmarks: the LA's own 2024-25 figure beside fictional comparators -------------------------------------

SOURCES = {
    "cla": "DfE Children looked after in England including adoptions, year ending 31 March 2025 (fictional demo)",
    "cin": "DfE Children in need, year ending 31 March 2025 (fictional demo)",
    "adoption": "Adoption and Special Guardianship Leadership Board data, 2024-25 (fictional demo)",
    "workforce": "DfE Children's social work workforce, 30 September 2024 (fictional demo)",
    "care_leavers": "DfE Care leavers' activity and accommodation, year ending 31 March 2025 (fictional demo)",
}
# reference: (source, sn, region, england, lower quartile, upper quartile, rank text). The band compares the
# LA's published figure with the middle 50% of LAs (between the quartiles).
COMPARATORS = {
    "CP1.2": ("cla", 71.4, 81.6, 67.0, 56.0, 90.0, "96th of 153"),
    "CP1.3": ("cla", 31.2, 35.8, 28.0, 22.0, 35.0, None),
    "CP1.4": ("cla", 10.6, 10.2, 10.0, 8.0, 12.0, None),
    "CP1.5": ("cla", 69.1, 68.4, 70.0, 66.0, 74.0, None),
    "CP1.9": ("cla", 19.2, 18.7, 17.0, 12.0, 22.0, None),
    "CP1.12": ("adoption", 452.0, 466.0, 469.0, 401.0, 526.0, None),
    "CP1.13": ("adoption", None, None, 196.0, 135.0, 244.0, None),
    "CP1.14": ("cla", 10.2, 9.4, 9.0, 7.0, 11.0, None),
    "CP1.15": ("cla", 91.3, 92.1, 90.0, 86.0, 95.0, "101st of 153"),
    "CP1.16": ("cla", 74.8, 77.0, 76.0, 69.0, 84.0, None),
    "CP1.17": ("cla", 14.4, 14.2, 13.9, 13.2, 14.7, None),
    "SG2.2": ("cin", 551.0, 560.0, 519.0, 431.0, 618.0, "104th of 153"),
    "SG2.3": ("cin", 21.8, 22.9, 22.6, 18.4, 25.9, None),
    "SG2.6": ("cin", 85.1, 84.2, 83.0, 79.6, 91.8, "118th of 153"),
    "SG2.8": ("cin", 187.0, 201.0, 178.0, 141.0, 221.0, None),
    "SG2.9": ("cin", 80.4, 79.3, 78.0, None, None, None),
    "SG2.11": ("cin", 43.1, 49.6, 40.5, 32.0, 49.0, "109th of 153"),
    "SG2.12": ("cin", 23.4, 24.1, 24.5, 20.2, 28.1, None),
    "SG2.15": ("cin", 351.0, 372.0, 332.9, 282.0, 391.0, None),
    "SG2.16": ("workforce", None, None, 15.8, None, None, None),
    "SG2.17": ("workforce", 18.2, 17.5, 15.9, None, None, None),
    "CL3.2": ("care_leavers", 53.1, 54.0, 56.0, 49.0, 62.0, "118th of 153"),
    "CL3.3": ("care_leavers", 88.2, 90.1, 88.0, 85.0, 94.0, "67th of 153"),
    "CL3.4": ("care_leavers", 64.5, None, 65.0, None, None, None),
    "CL3.12": ("care_leavers", 7.4, None, 7.0, None, None, None),
}


def fy_2024_25(indicator: dict, series: dict[str, dict[str, object]], population: float) -> float | None:
    """The indicator's own figure for 2024-25, as DfE would publish it (year to / at 31 March 2025)."""
    calc = indicator["calculation"]
    window = calc.get("window", "period")
    freq = indicator.get("frequency", "monthly")

    def total(name: str) -> float | None:
        data = series[name]
        if freq == "annual":
            return data.get("2024-25")  # type: ignore[return-value]
        if freq == "quarterly":
            labels = ["Q4 2024-25"] if window == "snapshot" else [f"Q{q} 2024-25" for q in range(1, 5)]
        elif window == "snapshot":
            labels = ["2025-03"]
        else:
            labels = [m for m in MONTHS if month_t("2024-04") <= month_t(m) <= month_t("2025-03")]
        values = [data.get(label) for label in labels]
        if not all(isinstance(v, int | float) for v in values):
            return None
        return float(sum(values))  # type: ignore[arg-type]

    num = total(calc["numerator"])
    if num is None:
        return None
    unit = indicator["unit"]
    if unit in ("count", "score"):
        return num
    if calc.get("population"):
        return num / population * 10_000
    den = total(calc["denominator"])
    if not den:
        return None
    return num / den * (100 if unit == "percentage" else 1)


def benchmarks(series: dict[str, dict[str, object]], indicators: list[dict]) -> list[list[object]]:
    population = next(p for y, p, _ in POPULATION if y == "2024-25")
    rows: list[list[object]] = []
    for indicator in indicators:
        wanted = indicator.get("benchmarks", [])
        if not wanted:
            continue
        reference = indicator["reference"]
        source_key, sn, region, england, low_q, high_q, rank = COMPARATORS[reference]
        decimals = indicator.get("decimals", 1)
        own = fy_2024_25(indicator, series, population)
        la = None if own is None else round(own, decimals)
        band = None
        if la is not None and low_q is not None and high_q is not None:
            band = "Lower" if la < low_q else "Higher" if la > high_q else "In range"
        values = {"la_published": la, "sn": sn, "region": region, "england": england, "band": band, "rank": rank}
        for comparator in wanted:
            value = values[comparator]
            if value is None:
                raise SystemExit(f"{reference}: no demo value for benchmark '{comparator}'")
            text = value if isinstance(value, str) else f"{value:.{decimals}f}"
            rows.append([reference, comparator, "2024-25", text, SOURCES[source_key]])
    return rows


# -- commentary: what the leads wrote (fictional people; no small numbers quoted) -----------------------------

AUTHORS = {
    "corporate-parenting": "Helen Marsh, Director of Children's Social Care",
    "safeguarding": "Daniel Hughes, Assistant Director, Safeguarding and Early Help",
    "care-leavers": "Amira Shah, Assistant Director, Corporate Parenting",
    "Sam Patel": "Sam Patel, Head of Service, Children in Care",
    "Grace Whitfield": "Grace Whitfield, Head of Safeguarding and Quality Assurance",
    "Priya Nandra": "Priya Nandra, Head of Placements and Sufficiency",
    "Chris Doyle": "Chris Doyle, Head of Service, Adoption Northbridge",
    "Dr Nia Roberts": "Dr Nia Roberts, Designated Nurse for Children Looked After",
    "Lorna Fielding": "Lorna Fielding, Virtual School Headteacher",
    "Kelly Marsden": "Kelly Marsden, Participation and Engagement Manager",
    "Tom Adeyemi": "Tom Adeyemi, Head of Service, Integrated Front Door",
    "Joe Kowalski": "Joe Kowalski, Principal Social Worker",
    "Rebecca Lowe": "Rebecca Lowe, Head of Early Help",
    "Megan Price": "Megan Price, Head of Service, Leaving Care",
}

SDQ_TEXT = """
The 2024-25 average score remains the latest published figure and is just inside our green threshold, an
improvement on the year before. The 2025-26 figure will be published in November. Carers' questionnaires are
now completed at the annual health assessment, and the CAMHS in-reach worker screens any child scoring in the
concern range within six weeks. We are also piloting the teacher questionnaire with the Virtual School.
"""

Q1_PRIORITIES = {
    "corporate-parenting": """
The number of children looked after fell slightly in the quarter but remains above our planned range of
400-450. Entries to care continue to fall, which reflects the edge-of-care offer and the Family Group
Conference service. Our main concerns are sufficiency and stability: too few children live with our own foster
carers, and long-term placement stability has slipped. The fostering recruitment campaign launched in May and
the Mockingbird constellation in the north of the borough goes live in the autumn. Adoption timeliness from
entering care to moving in remains better than target, but the time from placement order to match is
lengthening and is now a focus for Adoption Northbridge.
""",
    "safeguarding": """
Demand at the front door is steady and the referral rate is slowly coming down towards our target. Timeliness
of assessments and initial conferences held up well in the quarter. We remain concerned about:

- repeat child protection plans, which are well above our statistical neighbours;
- referrals closed with no further action, which rose again;
- agency social workers, where reliance has crept up as we covered vacancies in the assessment teams.

The practice improvement plan agreed in June addresses each of these, and progress will be reported to the
Improvement Board in September.
""",
    "care-leavers": """
Most care leaver measures are stable. Around half of our care leavers aged 19 to 21 are in education,
employment or training, which is a steady improvement over two years but still below the national average.
Suitable accommodation has dipped below 90%, mostly because of young people in custody or whom we have not
been able to contact. Pathway planning remains strong. The first care leavers' survey closed in March and the
results will be published in November, when we will report how safe young people feel where they live.
""",
}

Q2_PRIORITIES = {
    "corporate-parenting": """
The quarter shows a mixed picture. Fewer children are entering care and the overall number is edging back
towards our planned range, with the rate per 10,000 children now inside it. However:

- placement stability has worsened, both for children with frequent moves and for those looked after long
  term;
- the share of children living with our own foster carers fell further below 40%;
- statutory visits and school attendance both dipped over the summer.

The sufficiency plan presented to Cabinet in September sets out the in-house fostering offer and the new
children's homes. I have asked for a deep dive on visits for the next Board.
""",
    "safeguarding": """
Front door performance continues to improve: the referral rate and section 47 enquiries are both falling and
children in need numbers are down on last year. Assessment timeliness remains good and conferences are held on
time. The areas of concern are workforce related. Agency use has passed our intervention level and caseloads
are above target, and this shows in children being seen less quickly at the start of assessments. Repeat child
protection plans remain too high although they are starting to fall. A workforce recovery plan, including a
market supplement for experienced social workers, goes to the Employment Committee in November.
""",
    "care-leavers": """
Pathway planning is strong and more care leavers are in apprenticeships, helped by the council's ring-fenced
places. Education, employment and training for 19 to 21 year olds remains in the Good band. The summer has
been harder for younger care leavers: many courses ended in July, and the 17 to 18 figure has fallen well
below its profiled target. Fewer young people are in Staying Put than a year ago, which we are discussing with
the Fostering Service. Health passports were not issued to every young person turning 18; the health team has
a recovery plan. The survey results will be published in November.
""",
}

Q1_INDICATORS = {
    "CP1.1": """
At the end of June there were slightly fewer children looked after than at the end of March, but the number
remains above our planned range of 400-450. Legal Gateway Panel continues to scrutinise every new entry to
care, and the reunification project has supported a small number of children to return home safely. We expect
a gradual reduction over the year as more children leave care through special guardianship.
""",
    "CP1.2": """
The rate per 10,000 children is just above the top of our target range and is amber. It remains higher than
our statistical neighbours and England, though lower than the regional average. The rate has fallen since the
winter, reflecting fewer entries to care rather than more children leaving.
""",
    "CP1.3": """
Entries to care over the last twelve months are well below the same point last year. The Family Group
Conference service now offers a conference before every Public Law Outline meeting, and the edge-of-care team
has worked with more families this quarter. We will keep this measure under review because a fall in entries
must not mean children are left in unsafe situations.
""",
    "CP1.4": """
The proportion of children with three or more placements in the last twelve months has risen a little and is
just above this year's stretched target, within tolerance. Most moves were planned moves to long-term
placements. Stability meetings are now held whenever a carer gives notice, and the Head of Service reviews
every unplanned move.
""",
    "CP1.5": """
Long-term stability remains below our amber threshold. The cohort includes a group of older teenagers whose
placements ended in adolescence. The permanence tracking panel now reviews every child who has been in care
for more than two years without a permanence plan being endorsed, and we have commissioned therapeutic support
for carers of adolescents.
""",
    "CP1.6": """
Reviews held within timescales improved on the previous quarter and remain in the Good band. Reviews falling
out of timescale were mainly rescheduled at the request of young people or carers. The IRO service has reduced
caseloads following the appointment of an additional reviewing officer in April.
""",
    "CP1.7": """
Visits within timescale fell slightly but remain just in the Good band. The main cause was staff absence in a
permanence team in May. Team managers now receive a weekly list of visits due in the next fortnight, and
performance is discussed at the monthly performance clinic.
""",
    "CP1.8": """
The proportion of children going missing in the month was similar to the last quarter. Return home interviews
were offered to every child, and most were completed within 72 hours. We expect a seasonal rise over the
summer holidays, and the exploitation panel has identified the young people most at risk.
""",
    "CP1.9": """
Slightly fewer children are placed more than twenty miles from home than last quarter, but we remain above
target and between the target and the intervention level. Most distant placements are in residential care or
with specialist agency carers. The new in-borough children's home will open in the autumn.
""",
    "CP1.10": """
The share of children living with our own foster carers rose very slightly but remains red. We approved fewer
new fostering households than we lost to retirement. The recruitment campaign launched in May has generated
more enquiries than any campaign in the last three years, and assessments are being prioritised.
""",
    "CP1.11": """
The number of children in unregistered children's homes has stayed below target. Every placement is authorised
by the Director, visited weekly and reported to Ofsted. We are working with providers to register the settings
where children are expected to remain.
""",
    "CP1.12": """
Average time from entering care to moving in with an adoptive family continues to improve and is better than
our target of 426 days. Early permanence placements, where foster carers go on to adopt, have made a real
difference to how quickly babies settle with their permanent families.
""",
    "CP1.13": """
Time from placement order to match has lengthened and is red. A small number of children with complex needs
and sibling groups have waited a long time for a match, which has a big effect on the average. Adoption
Northbridge is using national profiling events and the Link Maker service for every child waiting more than
six months.
""",
    "CP1.14": """
The proportion of children leaving care through adoption in the first quarter is above the profiled target.
Numbers in a single quarter are small, so this measure can change quickly, and we will report the year-end
position with special guardianship orders and returns home alongside it.
""",
    "CP1.15": """
The latest published figure (2024-25) is below our green threshold. Delays were largely in review health
assessments for children placed outside Northbridge. The Children in Care Health Team now tracks every
assessment due in the next two months, and the figure for 2025-26 will be published in November.
""",
    "CP1.16": """
Dental checks fell below our intervention level in 2024-25. Access to NHS dentistry is the main barrier,
particularly for children placed out of the area. The Designated Nurse has agreed a fast-track arrangement
with the community dental service, and carers can now book through a dedicated line.
""",
    "CP1.17": SDQ_TEXT,
    "CP1.18": """
PEP completion in the spring term was in the Good band and slightly better than the autumn. Late PEPs were
mostly for children who changed school during the term. The Virtual School has trained designated teachers in
the new ePEP template and quality assures every plan.
""",
    "CP1.19": """
Attendance in the spring term was the same as the autumn and just below our target. Persistent absence is
concentrated in a small group of secondary pupils, each of whom has an attendance plan agreed with their
school and carer. The Virtual School advisers meet fortnightly to review attendance below 90%.
""",
    "CP1.20": """
More than a third of children aged five and over took part in this year's Bright Spots survey, which is in the
Good band, but participation fell from last year. Fewer older teenagers responded. The Children in Care
Council is designing a shorter version of the survey for young people aged 14 and over.
""",
    "SG2.1": """
Contacts to the front door were similar to the same quarter last year. Schools and the police remain the
largest sources of contacts. The consultation line for professionals is reducing the number of contacts that
do not need a social care response.
""",
    "SG2.2": """
The rolling referral rate continues to fall slowly and is amber, between our green and amber thresholds. The
rate remains above England and our statistical neighbours. The Early Help Partnership is promoting the request
for support form so that families can get help without a referral to social care.
""",
    "SG2.3": """
Re-referrals within twelve months are stable in the Requires improvement band and in line with England. An
audit of re-referrals in May found that most related to domestic abuse, and a specialist domestic abuse worker
now joins the front door for part of each week.
""",
    "SG2.4": """
Referrals closed with no further action rose in the quarter and are above our amber threshold. Many came from
partners unsure of thresholds. The Safeguarding Partnership has refreshed its threshold guidance, and front
door managers are offering partners feedback on referrals that do not meet the threshold.
""",
    "SG2.5": """
The annualised rate of assessments completed over the last six months is similar to the previous period. It is
shown for context: the number of assessments follows the number of referrals accepted for assessment.
Assessments in the quarter included a higher share of children with disabilities, following the transfer of
the transitions cases to the assessment service in April.
""",
    "SG2.6": """
Assessment timeliness improved in the quarter and is in the Good band, and is better than our published figure
for 2024-25. Managers review every assessment open for more than 35 working days, and the new assessment
template has reduced the time spent on recording.
""",
    "SG2.7": """
Children seen within five working days of the assessment starting fell and is amber. Vacancies in the
assessment teams meant that cases were allocated later in the week. Managers are now allocating on the day of
the strategy or threshold decision, and the duty worker sees the child if the allocated worker cannot.
""",
    "SG2.8": """
The rate of section 47 enquiries continues to fall and is better than our target. Strategy discussions now
consider whether a child and family assessment would better meet the child's needs. We will audit a sample of
strategy discussions that did not lead to a section 47 enquiry in the autumn.
""",
    "SG2.9": """
Initial child protection conferences held on time remained better than target. Conference chairs now hold a
fortnightly planning meeting with the business support team, and delays are usually due to the availability of
key professionals. Every conference held late is reviewed by the Head of Safeguarding, and in each case this
quarter the child was visited and a safety plan was in place while the conference was arranged.
""",
    "SG2.10": """
The number of children subject of a child protection plan is stable and within our planned range. Around a
quarter of plans started in the last year were repeat plans, which is a concern we report under SG2.12. Plans
are reviewed at each core group, and conference chairs escalate any plan where progress has stalled.
""",
    "SG2.11": """
The rate of children on a child protection plan remains in the Good band, just below the Requires improvement
band. The rate is above England, and we will compare it against the 2025-26 published figures when they are
released in the autumn.
""",
    "SG2.12": """
Repeat plans remain above 25% and are red, although the rolling figure has started to fall. A deep dive found
that most repeat plans follow a plan that ended within eighteen months. Step-down plans now include a review
by the conference chair three months after a plan ends.
""",
    "SG2.13": """
Slightly more plans that ended had lasted 24 months or more than in the previous quarter, and the rolling
figure is now amber. Each long plan is reviewed by the Head of Service with the legal team to decide whether
pre-proceedings are needed.
""",
    "SG2.14": """
Child protection visits within timescale remained better than target. Social workers record visits on the
mobile app, which has reduced late recording. Performance is reviewed weekly by team managers. Where a visit
is missed, the team manager records the reason and arranges a visit within two working days.
""",
    "SG2.15": """
The rate of children in need is lower than at the same point last year. Closures have been more timely
following the case closure audit, and more families are being supported through early help instead. We will
compare the rate with the 2025-26 published figures when they are released in the autumn, as our rate has been
above England for several years.
""",
    "SG2.16": """
The average caseload of case-holding social workers is slightly above our target of 18. Caseloads are highest
in the assessment teams because of vacancies. Newly qualified social workers have protected caseloads in their
first year. Caseloads are reviewed monthly at the workforce board, and cases are reallocated across teams
where a worker's caseload rises above 22.
""",
    "SG2.17": """
The proportion of agency social workers increased and is approaching our intervention level, because agency
workers are covering vacancies in the assessment teams. The recruitment campaign for experienced social
workers closes in July. Agency workers are offered permanent contracts where possible, and several have
converted this year. The Principal Social Worker meets every new agency worker in their first week.
""",
    "SG2.18": """
About two thirds of audited cases were judged good or better, which is in the Good band. The audit programme
this quarter focused on child protection, and the strongest area was direct work with children. Planning and
recording of the child's voice in plans remain the areas to improve.
""",
    "SG2.19": """
Notifications in the first quarter are withheld from the public pack because the number is small. The
Safeguarding Partnership will run a private fostering awareness campaign with schools and language schools in
the autumn term. Every notification received was followed by a visit within seven days, and assessments are
completed within the statutory timescale.
""",
    "SG2.20": """
This is a new measure of how quickly families who ask for early help are allocated a lead practitioner. The
Business Intelligence Team is building the report in the early help module, and we expect to report the first
figures from April 2027.
""",
    "CL3.1": """
The number of care leavers receiving a service is stable. The service supports young people up to the age of
25, and more young people over 21 are choosing to stay in touch with their Personal Adviser. The Local Offer
was refreshed in April with care leavers, and now includes council tax exemption up to the age of 25 and free
leisure passes.
""",
    "CL3.2": """
Just over half of care leavers aged 19 to 21 are in education, employment or training, in the Good band and
continuing a steady improvement. The Pathways to Work scheme with local employers has helped young people into
jobs, and the Virtual School's post-16 adviser supports young people applying for college.
""",
    "CL3.3": """
Suitable accommodation has fallen just below 90% and is in the Requires improvement band. The young people not
in suitable accommodation are mainly in custody or not in touch with the service. Personal Advisers are
working with the housing options team on move-on plans for every young person in custody.
""",
    "CL3.4": """
Education, employment and training for 17 and 18 year olds has dipped and is amber, within tolerance of the
profiled target. This is usual at the end of the academic year. Every young person without a place for
September has been referred to the Virtual School's post-16 adviser.
""",
    "CL3.5": """
Almost all care leavers have an up-to-date pathway plan, above our target of 95%. Plans that were overdue were
reviewed within a fortnight of the due date. Young people are encouraged to write sections of their own plan,
and Personal Advisers check each plan with the young person before it is signed off.
""",
    "CL3.6": """
We were in touch with most care leavers in the last eight weeks, but the figure is below our green threshold.
Young people we are not in touch with are mostly over 21 and have chosen not to engage; Personal Advisers keep
trying to contact them through friends, family and social media.
""",
    "CL3.7": """
The number of care leavers in apprenticeships fell because several apprenticeships ended in the spring. New
apprenticeships with the council and its contractors start in September, and care leavers have been offered
guaranteed interviews. We are working with the Employment and Skills team to match more care leavers with
local employers offering apprenticeships.
""",
    "CL3.8": """
More young people are in Staying Put arrangements than a year ago. The Fostering Service has increased the
allowance for Staying Put carers, which has helped carers to offer young people a home beyond 18. Staying Put
is discussed at every looked after review from the age of 16, so that carers and young people can plan ahead.
""",
    "CL3.9": """
The number of care leavers in custody is stable. Each young person has a Personal Adviser who visits in
custody, and release plans are agreed with the Youth Justice Service and probation before the release date.
The service keeps in touch with every young person's family or supporters while they are in custody, where the
young person agrees.
""",
    "CL3.10": """
Most young people turning 18 in the quarter received a health passport, a better figure than last quarter but
below our target. Passports are now prepared by the Children in Care Health Team in advance of the eighteenth
birthday review.
""",
    "CL3.11": """
This is a new measure from the care leavers' survey, which closed in March. The first results will be
published in November 2026 and reported to the Corporate Parenting Board in December. Care leavers helped to
design the questions, and the Children in Care Council promoted the survey through social media and the
leaving care drop-in.
""",
    "CL3.12": """
The proportion of care leavers in higher education is unchanged and amber. Several young people are waiting
for confirmation of their university places for September. The Local Offer provides a bursary and year-round
accommodation for care leavers at university. The Virtual School's post-16 adviser is supporting young people
through clearing where they need it.
""",
}

Q2_INDICATORS = {
    "CP1.1": """
The number of children looked after fell again in the quarter and remains within the tolerance of our planned
range. More children left care through special guardianship orders and reunification over the summer. Legal
Gateway Panel continues to scrutinise every new entry to care, and we expect to be within the planned range by
the end of the year if the current trend continues.
""",
    "CP1.2": """
The rate per 10,000 children is now back inside our target range. The rate is still above England and our
statistical neighbours. The fall reflects fewer children entering care, while the child population has grown
slightly. The rate remains lower than the regional average. We will compare it with the 2025-26 published
figures when they are released.
""",
    "CP1.3": """
Entries to care over the last twelve months are well below the same point last year and the rate is green. The
Family Group Conference service and the edge-of-care team have worked with more families than ever. The
Quality Assurance Unit audited a sample of cases where care was considered but not needed, and found decisions
were safe and well evidenced.
""",
    "CP1.4": """
The proportion of children with three or more placements has risen for the third quarter running and is amber,
just within tolerance of the target. Summer placement endings for teenagers were the main cause. We have
introduced a stability support offer, including out-of-hours clinical advice for carers, and every unplanned
ending is reviewed by the Head of Service.
""",
    "CP1.5": """
Long-term stability fell further and remains red. The measure is affected by a group of teenagers whose
long-standing placements ended over the summer. Permanence tracking panel has reviewed each of these young people,
and carers of adolescents now have access to therapeutic support through the new clinical service.
""",
    "CP1.6": """
Reviews held within timescale remain in the Good band and improved slightly on the first quarter. IRO
caseloads have reduced, and reviews are now scheduled at the previous review so that dates are agreed with
children and carers in advance.
""",
    "CP1.7": """
Statutory visits within timescale fell to the Requires improvement band over the summer. Staff leave and
vacancies in the permanence teams were the main causes, and some visits were recorded late. Team managers
check visits due every week, and the Director has asked for a deep dive to be presented to the next Corporate
Parenting Board.
""",
    "CP1.8": """
The proportion of children going missing rose over the summer, as it usually does during the school holidays,
and this measure is red against our aim to reduce it. Every child was offered a return home interview. The
exploitation panel reviewed each child with repeated missing episodes, and safety plans were updated with
carers and the police.
""",
    "CP1.9": """
The proportion of children placed more than twenty miles from home improved again but remains amber, between
target and the intervention level. The first new in-borough children's home opens in October, and young people
placed at a distance will be offered a move closer to home when it does.
""",
    "CP1.10": """
The share of children living with our own foster carers fell further below 40% and is red. Several
long-standing foster carers retired over the summer, and new approvals from the spring campaign will not come to
panel until the winter. We are increasing fees for carers who look after teenagers and sibling groups from
October.
""",
    "CP1.11": """
The number of children living in unregistered children's homes rose slightly but remains within our target.
Every placement is authorised by the Director, visited weekly, and notified to Ofsted. Some providers have now
applied for registration. Each child's plan includes the date by which they are expected to move to a
registered home.
""",
    "CP1.12": """
The average time from entering care to moving in with an adoptive family improved again and is well within our
target of 426 days. Early permanence placements continue to make the biggest difference for babies and young
children with a plan for adoption.
""",
    "CP1.13": """
Time from placement order to match lengthened again and is red. The average is affected by sibling groups and
older children who waited a long time for the right family. Adoption Northbridge has a family finder for each
child waiting more than six months, and uses national Link Maker profiling and exchange days.
""",
    "CP1.14": """
The proportion of children leaving care through adoption in the year to date is below the profiled target but
within tolerance. More children left care through special guardianship this quarter, which is the right
outcome for them. Several adoption orders are expected before the end of the year.
""",
    "CP1.15": """
The 2024-25 figure remains the latest published and is amber. Our own tracking suggests that the 2025-26
figure, due to be published in November, will be similar. Review health assessments for children placed out of
the area are now commissioned in advance from the host health team.
""",
    "CP1.16": """
The 2024-25 figure for dental checks remains below our intervention level. Since April the fast-track
arrangement with the community dental service has seen more children, and carers can book through a dedicated
line. We expect the 2025-26 figure, due in November, to show an improvement.
""",
    "CP1.17": SDQ_TEXT,
    "CP1.18": """
PEP completion in the summer term improved again and is in the Good band. The Virtual School quality assures
every plan, and the proportion judged good or better has also risen. The remaining late plans were mostly for
children who moved placement and school during the term.
""",
    "CP1.19": """
Attendance in the summer term fell below target and outside tolerance, so this measure is red. Absence was
concentrated among older secondary pupils in the final weeks of term, and a small number of young people with
very low attendance affect the figure. The Virtual School is agreeing individual attendance plans for the
autumn term with every school concerned.
""",
    "CP1.20": """
More than a third of children aged five and over took part in the 2025-26 pledge survey, in the Good band. The
shorter survey for young people aged 14 and over will be used in the next round, and the Children in Care
Council will present the results of the last survey to the Corporate Parenting Board in November.
""",
    "SG2.2": """
The rolling referral rate fell slightly and remains amber. The rate is still above England and our statistical
neighbours. Contacts from schools dropped over the summer as expected. The new request for support form for
early help is now used by most schools, which should reduce referrals that do not need a social care response.
""",
    "SG2.3": """
Re-referrals within twelve months continue to fall slowly and are in the Requires improvement band, close to
the England average. The specialist domestic abuse worker at the front door is now full time, and cases closed
after an assessment receive a follow-up call from early help within a month.
""",
    "SG2.4": """
Referrals closed with no further action fell from the previous quarter but remain red. Feedback to partners on
referrals that did not meet the threshold has started, and the Safeguarding Partnership's refreshed threshold
guidance was launched with schools in September.
""",
    "SG2.6": """
Assessment timeliness dipped slightly over the summer but remains in the Good band and above the England
average. Managers continue to review every assessment open for more than 35 working days. Our target for this
year is 90%, and we will need fuller staffing in the assessment teams to reach it.
""",
    "SG2.7": """
Children seen within five working days of the assessment starting fell below our intervention level and is
red. This reflects vacancies and agency turnover in the assessment teams over the summer. From September the
duty team sees every child within five days where the allocated worker cannot, and the Head of Service reviews
performance weekly.
""",
    "SG2.8": """
The rate of section 47 enquiries fell again and is better than our target. The audit of strategy discussions
found that decisions not to proceed to a section 47 enquiry were appropriate and well recorded. We will keep
monitoring this alongside the rate of child protection plans.
""",
    "SG2.9": """
Initial child protection conferences held on time remain better than target. Conference chairs continue to
plan dates with the business support team, and delays were due to the availability of key professionals over
the summer. Every conference held late is reviewed by the Head of Safeguarding to check that the child was
safe while it was arranged.
""",
    "SG2.10": """
The number of children subject of a child protection plan rose over the summer but remains within our planned
range. Several large sibling groups became subject of plans during the quarter. Conference chairs are
reviewing every plan that has lasted more than nine months to make sure it is still needed and progress is
being made.
""",
    "SG2.11": """
The rate of children on a child protection plan has risen into the Requires improvement band, mainly because
of several large sibling groups. The rate remains above England. Conference chairs are reviewing plans that
have lasted more than nine months to check that progress is being made.
""",
    "SG2.12": """
Repeat child protection plans are falling slowly but remain above 25% and red. Reviews by conference chairs
three months after a plan ends are now in place, and the first audit found that families were still receiving
support. We expect the rolling figure to improve over the next two quarters.
""",
    "SG2.13": """
The proportion of plans ending that had lasted 24 months or more has fallen and is green. Each plan open for
more than eighteen months is now reviewed by the Head of Service with legal advice, and the number of long
plans has reduced.
""",
    "SG2.14": """
Child protection visits within timescale remain better than target. Visits are recorded on the mobile app, and
team managers review visits due each week. Performance held up well over the summer holidays. Where a visit is
missed, the team manager records the reason and arranges a visit within two working days.
""",
    "SG2.15": """
The rate of children in need is lower than a year ago and green against our aim to reduce it. More families
are supported through early help, and cases are closed on time following the case closure audit. The rate is
still above England, and we will compare it with the 2025-26 published figures when they are released in the
autumn.
""",
    "SG2.16": """
Average caseloads rose slightly and remain above our target of 18, below the intervention level. Caseloads are
highest in the assessment teams. Newly qualified social workers continue to have protected caseloads. The
workforce recovery plan includes additional posts in the assessment service from January.
""",
    "SG2.17": """
Agency social workers now make up more than a quarter of social worker posts, above our intervention level,
and this measure is red. The summer recruitment campaign filled fewer posts than planned. A market supplement
for experienced social workers and a new career pathway will be considered by the Employment Committee in
November.
""",
    "SG2.18": """
Just over two thirds of audited cases were judged good or better, in the Good band. This quarter's themed
audit of children in need found strong direct work with children. The recording of children's views in plans
has improved since the spring.
""",
    "SG2.19": """
There have been fewer private fostering notifications so far this year than at the same point last year. The
awareness campaign with schools and language schools starts in the autumn term, and the Safeguarding
Partnership has added private fostering to its multi-agency training.
""",
    "SG2.20": """
The Business Intelligence Team has completed the specification for this measure, and testing of the report
starts in January. We expect to report the first figures in the pack for the first quarter of 2027-28. Early
help practitioners have been trained to record the allocation date consistently, so that the first figures are
reliable.
""",
    "CL3.2": """
Just over half of care leavers aged 19 to 21 are in education, employment or training, in the Good band. The
figure dipped slightly at the end of the summer as courses ended, but several young people have confirmed
places for September. The Pathways to Work scheme has placed more young people with local employers this year.
""",
    "CL3.3": """
Suitable accommodation fell slightly and remains in the Requires improvement band. The young people not in
suitable accommodation are mostly in custody or not in touch with the service. The joint housing protocol with
the district housing teams has been refreshed, and every young person leaving custody has a move-on plan.
""",
    "CL3.4": """
Education, employment and training for 17 and 18 year olds fell over the summer and is red against the
profiled target. Many young people finished college courses in July and have not yet started new courses.
Every young person without a place has been referred to the post-16 adviser, and we expect the figure to
recover in the autumn.
""",
    "CL3.5": """
Almost all care leavers have an up-to-date pathway plan, above our target of 95%. Plans are reviewed every six
months, and young people are encouraged to write their own sections of the plan with their Personal Adviser.
The service manager audits a sample of plans each month for quality as well as timeliness.
""",
    "CL3.6": """
The proportion of care leavers we are in touch with fell slightly and remains amber. Most young people we are
not in touch with are over 21. Personal Advisers continue to try to reach them through friends, family and
social media, and the service's drop-in now runs on Saturday mornings.
""",
    "CL3.7": """
The number of care leavers in apprenticeships rose this quarter as new apprenticeships with the council and
its contractors began. Care leavers are guaranteed an interview for council apprenticeships, and the leaving
care service is working with local employers to offer more places.
""",
    "CL3.8": """
Fewer young people are in Staying Put arrangements than a year ago, so this measure is red. Several young
people moved on to their own tenancies in the summer, and fewer foster carers have been able to offer Staying
Put because of their own circumstances. The Fostering Service is reviewing the Staying Put allowance.
""",
    "CL3.9": """
The number of care leavers in custody is small and is withheld from the public pack. Each young person has a
Personal Adviser who visits them, and release plans are agreed with the Youth Justice Service and probation
well before the release date.
""",
    "CL3.10": """
Fewer young people turning 18 received a health passport this quarter. The figure is withheld because the
group is small, but the shortfall is clear to the team. The summer holidays delayed some appointments with
the Children in Care Health Team. Passports have since been sent to
the young people who did not receive a passport, and the team now starts preparing them six months before the
eighteenth birthday.
""",
    "CL3.11": """
The results of the first care leavers' survey will be published in November 2026. Over a third of care leavers
took part. The results will be reported to the Corporate Parenting Board in December with the service's
response. Care leavers are helping to plan how the results will be shared, including a short summary written
by young people.
""",
    "CL3.12": """
The proportion of care leavers in higher education is unchanged and amber. Several young people have confirmed
university places for September, which should improve the figure next quarter. The Local Offer provides a
bursary and year-round accommodation for care leavers at university.
""",
}

Q1 = (Q1_PRIORITIES, Q1_INDICATORS)
Q2 = (Q2_PRIORITIES, Q2_INDICATORS)


# -- writing ------------------------------------------------------------------------------------------------------


def period_order(label: str) -> tuple[int, int]:
    """Sort key: the month a period ends, then its length (so a quarter follows its last month)."""
    for rows in (QUARTERS, TERMS, YEARS_DUE_JUNE):
        for name, t in rows:
            if name == label:
                return t, 1
    return month_t(label), 0


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def observation_rows(series: dict[str, dict[str, object]]) -> list[list[object]]:
    rows = []
    for name in sorted(series):
        for label in sorted(series[name], key=period_order):
            value = series[name][label]
            if isinstance(value, tuple):  # a gap: blank or coded cell, with a note
                rows.append([name, label, value[0], value[1]])
            else:
                rows.append([name, label, f"{value:.1f}" if isinstance(value, float) else str(value), ""])
    return rows


def yaml_entry(key: str, author: str, date: str, text: str) -> str:
    body = "\n".join(("      " + line).rstrip() for line in text.strip().splitlines())
    return f'  {key}:\n    author: "{author}"\n    date: {date}\n    text: |\n{body}\n'


def write_commentary(
    folder: Path, period: str, date: str, priorities: dict, indicators: dict, authors: dict[str, str]
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    parts = [
        f"# Commentary for {period} (demo council: fictional officers and text).\n",
        f'period: "{period}"\n',
        "priorities:\n",
    ]
    parts += [yaml_entry(pid, authors[pid], date, text) for pid, text in priorities.items()]
    parts.append("indicators:\n")
    parts += [yaml_entry(ref, authors[ref], date, text) for ref, text in indicators.items()]
    slug = f"{period.split()[1]}-{period.split()[0]}"
    path = folder / f"{slug}.yaml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def main() -> None:
    indicators = load_registry()
    series = generate()
    check(series, indicators)
    write_csv(DEMO / "data" / "observations.csv", ["series", "period", "value", "note"], observation_rows(series))
    write_csv(DEMO / "data" / "population.csv", ["year", "population", "source"], [list(p) for p in POPULATION])
    write_csv(
        DEMO / "data" / "benchmarks.csv",
        ["reference", "comparator", "year", "value", "source"],
        benchmarks(series, indicators),
    )
    authors = {**AUTHORS, **{i["reference"]: AUTHORS[i["lead_officer"]] for i in indicators}}
    for period, date, (priorities, texts) in (("Q1 2026-27", "2026-07-13", Q1), ("Q2 2026-27", "2026-10-12", Q2)):
        write_commentary(DEMO / "commentary", period, date, priorities, texts, authors)
    print(f"wrote {sum(len(v) for v in series.values())} observations of {len(series)} series to {DEMO / 'data'}")


if __name__ == "__main__":
    main()
