"""``publisher annex-a import`` end to end: a generated council's extract counted as plain loops count it, extracts
over time, and no child's details anywhere publisher writes or says."""

from __future__ import annotations

import csv
import datetime as dt
import logging
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from publisher.cli import main

from .extract import Council, generate, write_book
from .test_workdays import GOV_UK

AS_AT = dt.date(2026, 3, 31)
HOLIDAYS = {dt.date.fromisoformat(d) for days in GOV_UK.values() for d in days}
REGISTRY = """\
priority: {id: safeguarding, title: Safeguarding, order: 1, lead: Jo Bloggs}
indicators:
  - {reference: SG1, title: Referrals, unit: rate_per_10k, polarity: none,
     calculation: {numerator: annexa.referrals, population: true, window: rolling_12m}}
  - {reference: SG2, title: Re-referrals within 12 months, unit: percentage, polarity: low,
     calculation: {numerator: annexa.rereferrals_12m, denominator: annexa.referrals, window: rolling_12m}}
  - {reference: SG3, title: Children on a plan, unit: rate_per_10k, polarity: none,
     calculation: {numerator: annexa.cp_plans, population: true, window: snapshot}}
  - {reference: SG4, title: Care leavers in education or work, unit: percentage, polarity: high,
     calculation: {numerator: annexa.care_leavers_eet, denominator: annexa.care_leavers, window: snapshot}}
"""
PACK = """\
committee: Children's Scrutiny
title: Safeguarding
meeting_date: 2026-05-20
period: Q4 2025-26
audience: public
marking: OFFICIAL
priorities: [{priority: safeguarding}]
author: Performance Team
contact: performance@example.gov.uk
"""


def project(root: Path, registry: bool = False) -> Path:
    files = {"publisher.yaml": "council: Testshire\nobservations: [data/annex-a.csv]\n",
             "data/population.csv": "year,population\n2024-25,40000\n2025-26,40000\n"}  # fmt: skip
    if registry:
        files |= {"indicators/sg.yaml": REGISTRY, "packs/board.yaml": PACK}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def run(*args: object) -> int:
    return main(["annex-a", "import", *map(str, args)])


def written(root: Path) -> dict[tuple[str, str], int]:
    with (root / "data/annex-a.csv").open(encoding="utf-8") as stream:
        return {(r["series"], r["period"]): int(r["value"]) for r in csv.DictReader(stream)}


# -- independent counts: plain loops over the rows as generated ------------------------------------------------


def day(cell: object) -> dt.date | None:
    if isinstance(cell, str):
        d, m, y = cell.split("/")
        return dt.date(int(y), int(m), int(d))
    return cell if isinstance(cell, dt.date) else None


def label(d: dt.date) -> str:
    return d.strftime("%b %Y")


def working_days_after(start: dt.date, end: dt.date) -> int:
    count, d = 0, start
    while d < end:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and d not in HOLIDAYS:
            count += 1
    return count


def year_before(d: dt.date) -> dt.date:
    return d.replace(year=d.year - 1) if (d.month, d.day) != (2, 29) else dt.date(d.year - 1, 2, 28)


def month_ends() -> list[dt.date]:
    ends = []
    for n in range(24):
        y, m = divmod(2024 * 12 + 3 + n, 12)  # April 2024 to March 2026
        ends.append(dt.date(y + (m == 11), (m + 1) % 12 + 1, 1) - dt.timedelta(days=1))
    return ends


def expected(council: Council) -> dict[tuple[str, str], int]:
    ends = month_ends()
    out: Counter[tuple[str, str]] = Counter({(s, label(e)): 0 for s in EVENT_SERIES for e in ends})
    dates: dict[str, list[dt.date]] = {}
    for child, *_, when, _nfa, _n in council.referrals:
        dates.setdefault(child, []).append(day(when))
    for child, *_, when, nfa, _n in council.referrals:
        d = day(when)
        out["annexa.referrals", label(d)] += 1
        out["annexa.referrals_nfa", label(d)] += nfa in ("a) Yes",)
        out["annexa.rereferrals_12m", label(d)] += any(year_before(d) <= o < d for o in dates[child])
    for _, _, start, done in council.assessments:
        if done:
            out["annexa.assessments", label(done)] += 1
            out["annexa.assessments_45wd", label(done)] += working_days_after(start, done) <= 45
    for _, strategy, held in council.section_47:
        out["annexa.s47", label(strategy)] += 1
        if held:
            out["annexa.icpc", label(held)] += 1
            out["annexa.icpc_15wd", label(held)] += working_days_after(strategy, held) <= 15
    for _, start, end, previous in council.protection:
        out["annexa.cp_started", label(start)] += 1
        out["annexa.cp_second", label(start)] += previous > 0
        if end:
            out["annexa.cp_ended", label(end)] += 1
            two_years = start.replace(year=start.year + 2) if (start.month, start.day) != (2, 29) else None
            out["annexa.cp_ended_2y", label(end)] += end >= (two_years or dt.date(start.year + 2, 3, 1))
    for e in ends:
        out["annexa.cp_plans", label(e)] = len({c for c, s, f, _ in council.protection if s <= e and (not f or f > e)})
        children = {c for c, s, f, *_ in council.looked_after if s <= e and (not f or f > e)}
        out["annexa.cla", label(e)] = len(children)
        first = year_before(e) + dt.timedelta(days=1)
        three = 0
        for child in children:
            starts = sorted(p for c, _, _, p, _ in council.looked_after if c == child and p <= e)
            in_year = [p for p in starts if p >= first]
            under_way = any(p < first for p in starts) and any(
                s <= first and (not f or f >= first) for c, s, f, *_ in council.looked_after if c == child
            )
            three += len(in_year) + under_way >= 3
        out["annexa.cla_3plus_placements", label(e)] = three
    leavers = [r for r in council.care_leavers if 19 <= (AS_AT - r[1]).days // 365.25 < 22]
    out["annexa.care_leavers", "Mar 2026"] = len(leavers)
    out["annexa.care_leavers_in_touch", "Mar 2026"] = sum(r[2] in ("YES", "a) YES") for r in leavers)
    out["annexa.care_leavers_suitable", "Mar 2026"] = sum(r[3] == "Suitable" for r in leavers)
    out["annexa.care_leavers_eet", "Mar 2026"] = sum(r[4] in ("F1", "P2") for r in leavers)
    first_year = {label(e) for e in ends[:12]}
    return {k: v for k, v in out.items() if k[1] in {label(e) for e in ends}
            and not (k[0] == "annexa.rereferrals_12m" and k[1] in first_year)}  # fmt: skip


EVENT_SERIES = ("annexa.referrals", "annexa.referrals_nfa", "annexa.rereferrals_12m", "annexa.assessments",
                "annexa.assessments_45wd", "annexa.s47", "annexa.icpc", "annexa.icpc_15wd", "annexa.cp_started",
                "annexa.cp_second", "annexa.cp_ended", "annexa.cp_ended_2y")  # fmt: skip


@pytest.fixture(scope="module")
def council() -> Council:
    return generate(800)


@pytest.fixture(scope="module")
def book(council, tmp_path_factory) -> Path:
    return write_book(tmp_path_factory.mktemp("extract") / "extract.xlsx", council.sheets())


def test_a_generated_councils_measures_are_the_independent_counts(tmp_path, council, book):
    root = project(tmp_path / "p")
    assert run(book, "--as-at", AS_AT, "--months", 24, "--project", root) == 0
    found, wanted = written(root), expected(council)
    assert found == wanted
    assert min(wanted["annexa.referrals", m] for m in ("Apr 2024", "Mar 2026")) > 20  # the test has substance
    assert sum(v for (s, _), v in wanted.items() if s == "annexa.cla_3plus_placements") > 10


def referrals_book(path: Path, *dates: str) -> Path:
    rows = [[f"C{n}", dt.date.fromisoformat(d), "No"] for n, d in enumerate(dates)]
    return write_book(path, {"List 3": (["Child Unique ID", "Date of Referral", "Referral NFA?"], rows)})


def test_a_newer_extract_replaces_the_months_it_covers_and_says_what_changed(tmp_path, capsys):
    root = project(tmp_path / "p")
    first = referrals_book(tmp_path / "jan.xlsx", "2025-12-05", "2026-01-10", "2026-01-11")
    assert run(first, "--as-at", "2026-01-31", "--months", 2, "--project", root) == 0
    newer = referrals_book(tmp_path / "feb.xlsx", "2026-01-10", "2026-02-01")  # one January referral withdrawn
    capsys.readouterr()
    assert run(newer, "--as-at", "2026-02-28", "--months", 2, "--project", root) == 0
    assert "revised: Jan 2026 annexa.referrals: 2 -> 1 (-1)" in capsys.readouterr().out
    assert {k: v for k, v in written(root).items() if k[0] == "annexa.referrals"} == {
        ("annexa.referrals", "Dec 2025"): 1,
        ("annexa.referrals", "Jan 2026"): 1,
        ("annexa.referrals", "Feb 2026"): 1,
    }
    before = (root / "data/annex-a.csv").read_bytes()
    assert run(first, "--as-at", "2026-01-31", "--months", 2, "--project", root) == 1
    assert "found one as at 31/01/2026: give --allow-older" in capsys.readouterr().err
    assert (root / "data/annex-a.csv").read_bytes() == before
    assert run(first, "--as-at", "2026-01-31", "--months", 2, "--project", root, "--allow-older") == 0
    assert '"as_at": "2026-01-31"' in (root / "data/annex-a.json").read_text()


def test_nothing_of_a_child_is_written_said_or_logged(tmp_path, council, book, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    bad = write_book(tmp_path / "bad.xlsx", {"List 3": (["Child ID", "Referral Date", "Referral NFA"],
                                                        [[c, c, c] for c in council.planted[:50]])})  # fmt: skip
    root = project(tmp_path / "p", registry=True)
    assert run(bad, "--as-at", AS_AT, "--project", root) == 1
    assert run(book, "--as-at", AS_AT, "--months", 24, "--project", root) == 0
    assert main(["build", "--project", str(root), "--output", str(tmp_path / "out")]) == 0
    said = capsys.readouterr()
    texts = [said.out, said.err, caplog.text]
    for path in [*root.rglob("*"), *(tmp_path / "out").rglob("*")]:
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
            if path.suffix == ".pdf":
                texts += [page.extract_text() for page in PdfReader(path).pages]
    assert any("annexa.referrals" in t for t in texts)  # the search reads what was written
    assert len(council.planted) > 3000
    leaks = {p for p in council.planted if any(p in t for t in texts)}
    assert leaks == set()
    assert "not written, as no indicator uses them: annexa.assessments" in said.out
