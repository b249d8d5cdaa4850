"""``publisher init DIR --annex-a EXTRACT.xlsx``: a new project whose registry holds the standard measures the
extract can give, its data the extract's counts, and one public pack, so that ``validate`` and ``build`` work at
once. The project is written as ``init --from`` writes one (all at once, into a new or empty folder)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..annexa.dates import covered_months, month_end
from ..annexa.importing import measure_extract
from ..annexa.measures import AS_AT_ONLY
from ..annexa.measures import Series as S
from ..annexa.reader import read_extract
from ..annexa.store import DATA, RECORD, Imported, merged, used
from ..core.periods import Period
from ..core.vocab import Polarity, Unit, Window
from .files import COMMENTARY_NOTE, check_destination, config_text, pack_text, write_project

__all__ = ["init_from_extract"]

POPULATION = "data/population.csv"
TITLE = "Children's social care performance"


@dataclass(frozen=True)
class Standard:
    """One standard measure: its counts (no denominator: a rate per 10,000 children, or a count without the
    population), how it is read and over which window, as councils' scorecards commonly report it."""

    reference: str
    title: str
    numerator: S
    denominator: S | None
    unit: Unit
    polarity: Polarity
    window: Window

    def series(self) -> tuple[S, ...]:
        return (self.numerator,) if self.denominator is None else (self.numerator, self.denominator)

    @property
    def months(self) -> int:
        """Months of counts its figure for a quarter needs, to the quarter's end: its window's, and for re-referrals
        the 12 before each of them."""
        return (12 if self.window is R12 else 1) + (12 if S.REREFERRALS in self.series() else 0)


R12, NOW = Window.ROLLING_12M, Window.SNAPSHOT
PCT, RATE, DAYS = Unit.PERCENTAGE, Unit.RATE_PER_10K, Unit.AVERAGE_DAYS
HIGH, LOW, NONE = Polarity.HIGH, Polarity.LOW, Polarity.NONE
# Volumes (referrals, enquiries, children on a plan or in care) are context, neither good nor bad: not rated.
PRIORITIES: tuple[tuple[str, str, tuple[Standard, ...]], ...] = (
    ("safeguarding", "Safeguarding", (
        Standard("SG1", "Referrals to children's social care", S.REFERRALS, None, RATE, NONE, R12),
        Standard("SG2", "Re-referrals within 12 months of a previous referral", S.REREFERRALS, S.REFERRALS, PCT, LOW,
                 R12),
        Standard("SG3", "Referrals leading to no further action", S.REFERRALS_NFA, S.REFERRALS, PCT, NONE, R12),
        Standard("SG4", "Assessments completed", S.ASSESSMENTS, None, RATE, NONE, R12),
        Standard("SG5", "Assessments completed within 45 working days", S.ASSESSMENTS_45, S.ASSESSMENTS, PCT, HIGH,
                 R12),
        Standard("SG6", "Section 47 enquiries", S.SECTION_47, None, RATE, NONE, R12),
        Standard("SG7", "Initial child protection conferences", S.CONFERENCES, None, RATE, NONE, R12),
        Standard("SG8", "Initial child protection conferences within 15 working days of the strategy discussion",
                 S.CONFERENCES_15, S.CONFERENCES, PCT, HIGH, R12),
        Standard("SG9", "Children in need", S.CHILDREN_IN_NEED, None, RATE, NONE, NOW),
        Standard("SG10", "Children on a child protection plan", S.CP_PLANS, None, RATE, NONE, NOW),
        Standard("SG11", "Child protection plans started that were a second or subsequent plan", S.CP_SECOND,
                 S.CP_STARTED, PCT, LOW, R12),
        Standard("SG12", "Child protection plans ended that had lasted two years or more", S.CP_ENDED_2Y, S.CP_ENDED,
                 PCT, LOW, R12),
    )),
    ("children-looked-after", "Children looked after", (
        Standard("LA1", "Children looked after", S.LOOKED_AFTER, None, RATE, NONE, NOW),
        Standard("LA2", "Children looked after with three or more placements in the last 12 months", S.PLACEMENTS_3,
                 S.LOOKED_AFTER, PCT, LOW, NOW),
        Standard("LA3", "Children looked after who were missing from their placement in the last 12 months",
                 S.CLA_MISSING, S.CLA_IN_YEAR, PCT, LOW, NOW),
        Standard("LA4", "Children looked after for 12 months or more whose health assessment is up to date",
                 S.CLA_HEALTH, S.CLA_CONTINUOUS, PCT, HIGH, NOW),
        Standard("LA5", "Children looked after for 12 months or more who had a dental check in the last 12 months",
                 S.CLA_DENTAL, S.CLA_CONTINUOUS, PCT, HIGH, NOW),
        Standard("LA6", "Days from entering care to moving in with an adoptive family (A1)", S.A1_DAYS, S.ADOPTED,
                 DAYS, LOW, R12),
        Standard("LA7", "Days from placement order to match with an adoptive family (A2)", S.A2_DAYS,
                 S.ADOPTED_FROM_ORDER, DAYS, LOW, R12),
    )),
    ("care-leavers", "Care leavers", (
        Standard("CL1", "Care leavers aged 19 to 21 the council is in touch with", S.LEAVERS_IN_TOUCH, S.LEAVERS, PCT,
                 HIGH, NOW),
        Standard("CL2", "Care leavers aged 19 to 21 in suitable accommodation", S.LEAVERS_SUITABLE, S.LEAVERS, PCT,
                 HIGH, NOW),
        Standard("CL3", "Care leavers aged 19 to 21 in education, employment or training", S.LEAVERS_EET, S.LEAVERS,
                 PCT, HIGH, NOW),
    )),
)  # fmt: skip
WINDOWS = {R12: ", rolling 12 months", NOW: ""}


@dataclass(frozen=True)
class Started:
    """What init wrote: the files, and the measures left out (by reference) with why."""

    files: dict[str, str]
    period: Period
    kept: tuple[Standard, ...]
    left_out: dict[str, str]
    last_month: Period  # the extract's last month covered

    @property
    def series(self) -> set[str]:
        return {str(s) for m in self.kept for s in m.series()}


def init_from_extract(folder: Path, workbook: Path, as_at: dt.date, months: int, council: str,
                      period: Period | None, population: int | None, quiet: bool = False) -> list[str]:  # fmt: skip
    """Read and measure the extract (every problem in it is reported before anything is written), then write the
    project; return the paths written and (unless quiet) what to do next. ``months`` count back from the pack's
    quarter end, whose figures are the point; months after it are not written, as a project's data may not run past
    the period it builds."""
    check_destination(folder)
    extract = read_extract(workbook, as_at)
    last = covered_months(as_at, 1)[-1]
    period = period or last.last_whole_quarter()
    covered = covered_months(as_at, months + max(last.end - period.end, 0))
    measured = measure_extract(extract, workbook.name, as_at, len(covered))
    counts = {k: v for k, v in measured.counts.items() if k[1].end <= period.end}
    missing = unavailable(counts, period, as_at, months)
    started = starter_files(council, missing, period, population, covered, workbook.name)
    imported = Imported(extract.sha256, as_at, covered)
    data, _ = merged(folder, used(counts, started.series)[0], imported, allow_older=False)
    files = started.files | {str(DATA): data[folder / DATA], str(RECORD): data[folder / RECORD]}
    written = [str(path) for path in write_project(folder, files)]
    return written + ([] if quiet else report(started, workbook, as_at, folder, population))


def unavailable(counts: dict[tuple[S, Period], int], period: Period, as_at: dt.date, months: int) -> dict[str, str]:
    """The standard measures whose figure for ``period`` the extract cannot give, by reference, and why."""
    given, last_day = {series for series, _ in counts}, month_end(period)
    why = {}
    for standard in (m for _, _, standards in PRIORITIES for m in standards):
        if AS_AT_ONLY & set(standard.series()) and as_at != last_day:
            why[standard.reference] = (
                f"as they are a status on the extract's date, a quarter's figure only when "
                f"the extract is taken on its last day ({last_day:%d/%m/%Y} for {period})"
            )
        elif standard.months > months:
            why[standard.reference] = (f"as their figure for {period} needs {standard.months} months of the extract "
                                       f"to its end, and --months gives {months}")  # fmt: skip
        elif not set(standard.series()) <= given:
            why[standard.reference] = "as the extract has no list (or column) for them"
    return why


def starter_files(council: str, left_out: dict[str, str], period: Period, population: int | None,
                  covered: tuple[Period, ...], source: str) -> Started:  # fmt: skip
    """The project's files but its data: a registry file per priority of the measures the extract gives."""
    origin = f"made by 'publisher init' from the Annex A extract {source}"
    files = {"publisher.yaml": config_text(council, origin, observations=str(DATA), population=population is not None)}
    kept: list[Standard] = []
    priorities: list[str] = []
    for order, (priority, title, standards) in enumerate(PRIORITIES, start=1):
        given = [m for m in standards if m.reference not in left_out]
        if not given:
            continue
        kept += given
        priorities.append(priority)
        lines = ["# Made by 'publisher init' from an Annex A extract: the standard measures, counted by publisher",
                 "# (the manual's Annex A page gives each definition). No targets yet: add them, and a RAG rule.",
                 "priority:", f"  id: {priority}", f"  title: {json.dumps(title)}", f"  order: {order}",
                 "indicators:"]  # fmt: skip
        for standard in given:
            lines += _indicator(standard, population is not None)
        files[f"indicators/{order:02d}-{priority}.yaml"] = "\n".join(lines) + "\n"
    if population is not None:
        years = sorted({m.fy_start_year for m in covered})
        rows = "".join(f"{Period.financial_year(y).label},{population}\n" for y in years)
        files[POPULATION] = "year,population\n" + rows
    files["packs/performance.yaml"] = pack_text(period, priorities, TITLE)
    files["commentary/README.txt"] = COMMENTARY_NOTE
    return Started(files, period, tuple(kept), left_out, covered[-1])


def _indicator(standard: Standard, rates: bool) -> list[str]:
    """A registry entry; without the child population a rate is given as the count it would divide."""
    unit = standard.unit if standard.unit is not RATE or rates else Unit.COUNT
    words = {PCT: "%", RATE: "rate per 10,000 children", DAYS: "average", Unit.COUNT: "number"}[unit]
    if standard.denominator is not None:
        calculation = f"numerator: {standard.numerator}, denominator: {standard.denominator}"
    else:
        calculation = f"numerator: {standard.numerator}" + (", population: true" if unit is RATE else "")
    return [f"  - reference: {standard.reference}",
            f"    title: {json.dumps(f'{standard.title} ({words}{WINDOWS[standard.window]})')}",  # quoted for YAML
            f"    unit: {unit}",
            f"    polarity: {standard.polarity}",
            "    frequency: monthly",
            f"    calculation: {{{calculation}, window: {standard.window}}}",
            f"    decimals: {0 if unit in (DAYS, Unit.COUNT) else 1}",
            "    rag: {rule: none}   # no target yet"]  # fmt: skip


def report(started: Started, workbook: Path, as_at: dt.date, folder: Path, population: int | None) -> list[str]:
    """What init tells the officer: what it made, what the extract could not give, and what to do next."""
    lines = [f"Read {workbook} as at {as_at:%d/%m/%Y}: {len(started.kept)} standard measures; the pack is for "
             f"{started.period}"]  # fmt: skip
    if started.period.end < started.last_month.end:
        lines.append(f"Not written: the months after {started.period} to {started.last_month.label}, as a project's "
                     "data may not run past the period it builds")  # fmt: skip
    for why in dict.fromkeys(started.left_out.values()):
        lines.append(f"Left out, {why}: {', '.join(r for r, w in started.left_out.items() if w == why)}")
    if population is None:
        lines.append("Note: rates per 10,000 children are written as counts: give --population (children aged 0 "
                     "to 17) to have rates")  # fmt: skip
    lines.append(f"Next: add targets in {folder / 'indicators'}, then 'publisher validate --project {folder}' and "
                 f"'publisher build --project {folder}'; import each month's extract with 'publisher annex-a "
                 f"import EXTRACT.xlsx --as-at DATE --project {folder}'")  # fmt: skip
    return lines
