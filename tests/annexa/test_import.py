"""``publisher annex-a import`` end to end: a generated council of 5,000 children over two years counted as plain
loops count it (read in memory: writing its workbook would take seconds) and its project's public pack built,
with small numbers withheld; a smaller council's workbook through the command; extracts over time; and no
child's details anywhere publisher writes or says."""

from __future__ import annotations

import csv
import datetime as dt
import logging
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from publisher.annexa.importing import import_read, measure_extract
from publisher.annexa.reader import read_rows
from publisher.cli import main

from .extract import Council, generate, write_book
from .test_workdays import GOV_UK

AS_AT = dt.date(2026, 3, 31)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
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
  - {reference: SG5, title: Plans ended that lasted two years or more, unit: count, polarity: low,
     calculation: {numerator: annexa.cp_ended_2y, window: period}}
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
    return f"{MONTHS[d.month - 1]} {d.year}"


def working_days_after(start: dt.date, end: dt.date) -> int:
    count, d = 0, start
    while d < end:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and d not in HOLIDAYS:
            count += 1
    return count


def year_before(d: dt.date) -> dt.date:
    return d.replace(year=d.year - 1) if (d.month, d.day) != (2, 29) else dt.date(d.year - 1, 2, 28)


def age(born: dt.date) -> int:
    """Whole years on the as-at date."""
    return AS_AT.year - born.year - ((AS_AT.month, AS_AT.day) < (born.month, born.day))


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
    rows_of: dict[str, list[list[object]]] = {}
    for row in council.looked_after:
        rows_of.setdefault(row[0], []).append(row)
    for e in ends:
        out["annexa.cp_plans", label(e)] = len({c for c, s, f, _ in council.protection if s <= e and (not f or f > e)})
        out["annexa.cin", label(e)] = len({c for c, _, s, f in council.in_need if s <= e and (not f or f > e)})
        children = {c for c, s, f, *_ in council.looked_after if s <= e and (not f or f > e)}
        out["annexa.cla", label(e)] = len(children)
        first = year_before(e) + dt.timedelta(days=1)
        three = 0
        for child in children:
            starts = sorted(p for _, _, _, p, *_ in rows_of[child] if p <= e)
            in_year = [p for p in starts if p >= first]
            under_way = any(p < first for p in starts) and any(
                s <= first and (not f or f >= first) for _, s, f, *_ in rows_of[child]
            )
            three += len(in_year) + under_way >= 3
        out["annexa.cla_3plus_placements", label(e)] = three
    looked_after_status(council, out)
    for _, entered, _, order, matched, placed, adopted, fostered in council.adoption:
        if adopted:
            out["annexa.adopted", label(adopted)] += 1
            out["annexa.adoption_a1_days", label(adopted)] += (min(placed, fostered or placed) - entered).days
            if order:
                out["annexa.adopted_placement_order", label(adopted)] += 1
                out["annexa.adoption_a2_days", label(adopted)] += (matched - order).days
    leavers = [r for r in council.care_leavers if 19 <= age(r[1]) < 22]
    out["annexa.care_leavers", "Mar 2026"] = len(leavers)
    out["annexa.care_leavers_in_touch", "Mar 2026"] = sum(r[2] in ("YES", "a) YES") for r in leavers)
    out["annexa.care_leavers_suitable", "Mar 2026"] = sum(r[3] == "Suitable" for r in leavers)
    out["annexa.care_leavers_eet", "Mar 2026"] = sum(r[4] in ("F1", "P2") for r in leavers)
    first_year = {label(e) for e in ends[:12]}
    return {k: v for k, v in out.items() if k[1] in {label(e) for e in ends}
            and not (k[0] == "annexa.rereferrals_12m" and k[1] in first_year)}  # fmt: skip


def looked_after_status(council: Council, out: Counter[tuple[str, str]]) -> None:
    """List 8's measures as at 31 March 2026: the 12 months to it begin on 1 April 2025, the 6 on 1 October."""
    first, six = dt.date(2025, 4, 1), dt.date(2025, 10, 1)
    during, missing, cohort, health, dental = set(), set(), set(), set(), set()
    for child, began, ended, _, _, born, assessed, checked, episodes in council.looked_after:
        if ended is None or ended >= first:
            during.add(child)
            if episodes:
                missing.add(child)
        if began <= first and ended is None:
            cohort.add(child)
            if assessed and assessed >= (six if age(born) < 5 else first):
                health.add(child)
            if checked and checked >= first:
                dental.add(child)
    for series, children in (("annexa.cla_in_12m", during), ("annexa.cla_missing", missing),
                             ("annexa.cla_12m_continuous", cohort), ("annexa.cla_health_assessment", health),
                             ("annexa.cla_dental_check", dental)):  # fmt: skip
        out[series, "Mar 2026"] = len(children)


EVENT_SERIES = ("annexa.referrals", "annexa.referrals_nfa", "annexa.rereferrals_12m", "annexa.assessments",
                "annexa.assessments_45wd", "annexa.s47", "annexa.icpc", "annexa.icpc_15wd", "annexa.cp_started",
                "annexa.cp_second", "annexa.cp_ended", "annexa.cp_ended_2y", "annexa.adopted",
                "annexa.adoption_a1_days", "annexa.adopted_placement_order", "annexa.adoption_a2_days")  # fmt: skip


@pytest.fixture(scope="module")
def council() -> Council:
    return generate(5000)


@pytest.fixture(scope="module")
def small() -> Council:
    """A smaller council, for the workbook's path through the command."""
    return generate(400, seed=7)


@pytest.fixture(scope="module")
def book(small, tmp_path_factory) -> Path:
    return write_book(tmp_path_factory.mktemp("extract") / "extract.xlsx", small.sheets())


@pytest.fixture(scope="module")
def wanted(council) -> dict[tuple[str, str], int]:
    return expected(council)


def by_label(counts) -> dict[tuple[str, str], int]:
    return {(str(s), m.label): v for (s, m), v in counts.items()}


def test_five_thousand_childrens_measures_are_the_independent_counts(council, wanted):
    extract = read_rows("extract.xlsx", council.rows(), AS_AT)
    assert by_label(measure_extract(extract, "extract.xlsx", AS_AT, 24).counts) == wanted
    assert min(wanted["annexa.referrals", m] for m in ("Apr 2024", "Mar 2026")) > 150  # the test has substance
    status = ("annexa.cla_3plus_placements", "annexa.cla_missing", "annexa.cin", "annexa.cla_health_assessment",
              "annexa.cla_dental_check")  # fmt: skip
    assert min(wanted[s, "Mar 2026"] for s in status) > 10
    assert sum(v for (s, _), v in wanted.items() if s == "annexa.adopted_placement_order") > 20


def test_a_workbook_through_the_command_is_counted_as_the_rows_are(tmp_path, small, book):
    root = project(tmp_path / "p")
    assert run(book, "--as-at", AS_AT, "--months", 24, "--project", root) == 0
    assert written(root) == expected(small)


@pytest.fixture(scope="module")
def built(council, tmp_path_factory) -> Path:
    """The 5,000 children's project, with the one-priority public pack, built once: its output folder."""
    root = project(tmp_path_factory.mktemp("council") / "p", registry=True)
    import_read(root, read_rows("extract.xlsx", council.rows(), AS_AT), "extract.xlsx", AS_AT, 24)
    output = root.parent / "out"
    assert main(["-q", "build", "--project", str(root), "--output", str(output)]) == 0
    return output


def test_the_public_pack_withholds_a_small_number_as_for_any_series(wanted, built):
    ended_2y = sum(v for (s, m), v in wanted.items() if s == "annexa.cp_ended_2y" and m in
                   ("Jan 2026", "Feb 2026", "Mar 2026"))  # fmt: skip
    assert 1 <= ended_2y <= 5  # Q4 2025-26's count is a small number
    html = next(built.rglob("*.html")).read_text(encoding="utf-8")
    rows = {part[:3]: part for part in html.split('id="indicator-')[1:]}  # each indicator's row, by reference
    current = {ref: re.search(r'<td class="num current[^"]*"[^>]*>([^<]*)</td>', row) for ref, row in rows.items()}
    assert current["SG5"] and current["SG5"][1] == "Suppressed"
    assert current["SG1"] and re.fullmatch(r"\d+\.\d", current["SG1"][1])  # the referral rate is shown


def referrals_book(path: Path, *dates: str) -> Path:
    rows = [[f"C{n}", dt.date.fromisoformat(d), "No"] for n, d in enumerate(dates)]
    return write_book(path, {"List 3": (["Child Unique ID", "Date of Referral", "Referral NFA?"], rows)})


def test_an_extract_taken_within_a_month_says_its_status_measures_are_not_given(tmp_path, capsys):
    """They were filed as the month before's; a project with no registry would use every one of them."""
    book = referrals_book(tmp_path / "feb.xlsx", "2026-01-10")
    assert run(book, "--as-at", "2026-02-27", "--months", 2, "--project", project(tmp_path / "a")) == 0
    assert "not given, as a month's figure is at its last day and 27/02/2026 is not one: the status on that date, " \
           "annexa.care_leavers, " in capsys.readouterr().out  # fmt: skip
    assert run(book, "--as-at", "2026-02-28", "--months", 2, "--project", project(tmp_path / "b")) == 0
    assert "not given" not in capsys.readouterr().out


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


def test_nothing_of_a_child_is_written_said_or_logged(tmp_path, council, small, book, built, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    bad = write_book(tmp_path / "bad.xlsx", {"List 3": (["Child ID", "Referral Date", "Referral NFA"],
                                                        [[c, c, c] for c in small.planted[:50]])})  # fmt: skip
    root = project(tmp_path / "p", registry=True)
    assert run(bad, "--as-at", AS_AT, "--project", root) == 1
    assert run(book, "--as-at", AS_AT, "--months", 24, "--project", root) == 0
    said = capsys.readouterr()
    texts = [said.out, said.err, caplog.text]
    for path in [*root.rglob("*"), *built.parent.rglob("*")]:
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
            if path.suffix == ".pdf":
                texts += [page.extract_text() for page in PdfReader(path).pages]
    assert any("annexa.referrals" in t for t in texts)  # the search reads what was written
    sample = council.planted[::9]  # the built pack's council: a leak would be of every child, not one in nine
    assert len(small.planted) > 2000 and len(sample) > 2500
    leaks = {p for p in {*small.planted, *sample} if any(p in t for t in texts)}
    assert leaks == set()
    assert "not written, as no indicator uses them: annexa.adopted" in said.out
