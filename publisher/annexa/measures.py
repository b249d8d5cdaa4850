"""The measures, as monthly numerators and denominators the registry divides and adds up over any window.

Each is counted by the definition its series' docstring gives (the manual's Annex A page gives the sources).
A list the extract has no sheet for gives no series at all (a missing figure, never 0); a list with a sheet
and no rows gives 0 for each month it covers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from ..core.errors import Problem
from ..core.periods import Period
from .dates import ONE_DAY, add_months, age_on, month_end, month_of
from .lists import AnnexList, Field
from .reader import Extract, Record
from .workdays import WorkingDays

__all__ = ["AS_AT_ONLY", "Series"]

ASSESSMENT_DAYS = 45  # Working Together to Safeguard Children: an assessment within 45 working days
CONFERENCE_DAYS = 15  # an initial child protection conference within 15 working days of the strategy discussion
LEAVER_AGES = range(19, 22)  # DfE's care leavers' measures: those aged 19, 20 and 21
UNDER_FIVE_MONTHS = 6  # a looked-after child under 5 has a review health assessment every 6 months, others 12


class Series(StrEnum):
    """The series written, by the name a registry's ``numerator`` or ``denominator`` gives."""

    REFERRALS = "annexa.referrals"  # referrals dated in the month
    REREFERRALS = "annexa.rereferrals_12m"  # of which the child had another referral in the 12 months before
    REFERRALS_NFA = "annexa.referrals_nfa"  # of which the referral led to no further action
    ASSESSMENTS = "annexa.assessments"  # assessments authorised in the month
    ASSESSMENTS_45 = "annexa.assessments_45wd"  # of which authorised within 45 working days of their start
    SECTION_47 = "annexa.s47"  # section 47 enquiries whose strategy discussion was in the month
    CONFERENCES = "annexa.icpc"  # initial child protection conferences held in the month
    CONFERENCES_15 = "annexa.icpc_15wd"  # of which within 15 working days of the strategy discussion
    CP_PLANS = "annexa.cp_plans"  # children on a child protection plan at the month's end
    CP_STARTED = "annexa.cp_started"  # plans started in the month
    CP_SECOND = "annexa.cp_second"  # of which the child had had a plan before
    CP_ENDED = "annexa.cp_ended"  # plans ended in the month
    CP_ENDED_2Y = "annexa.cp_ended_2y"  # of which the plan had lasted two years or more
    LOOKED_AFTER = "annexa.cla"  # children looked after at the month's end
    PLACEMENTS_3 = "annexa.cla_3plus_placements"  # of which with three or more placements in the 12 months to it
    LEAVERS = "annexa.care_leavers"  # care leavers aged 19 to 21 on the as-at date
    LEAVERS_IN_TOUCH = "annexa.care_leavers_in_touch"
    LEAVERS_SUITABLE = "annexa.care_leavers_suitable"  # in accommodation recorded as suitable
    LEAVERS_EET = "annexa.care_leavers_eet"  # in education, employment or training
    CHILDREN_IN_NEED = "annexa.cin"  # children in need at the month's end
    CLA_IN_YEAR = "annexa.cla_in_12m"  # children looked after at any time in the 12 months to the as-at date
    CLA_MISSING = "annexa.cla_missing"  # of which recorded missing from their placement in those 12 months
    CLA_CONTINUOUS = "annexa.cla_12m_continuous"  # looked after on the as-at date, for the 12 months to it
    CLA_HEALTH = "annexa.cla_health_assessment"  # of which with their health assessment up to date
    CLA_DENTAL = "annexa.cla_dental_check"  # of which with a dental check in the 12 months
    ADOPTED = "annexa.adopted"  # children adopted (adoption order granted) in the month
    A1_DAYS = "annexa.adoption_a1_days"  # their days from entering care to moving in with their adopters, summed
    ADOPTED_FROM_ORDER = "annexa.adopted_placement_order"  # of them, adopted under a placement order
    A2_DAYS = "annexa.adoption_a2_days"  # their days from the placement order to the match, summed


Counts = dict[tuple[Series, Period], int]
# Status as at the extract's date (the latest recorded, or counted over the 12 months to it): given only when that
# date is a month's last day, as that month's figure. The extract cannot say what it was at an earlier month's end,
# and a status on 15 March is neither February's end nor March's.
AS_AT_ONLY = frozenset({Series.LEAVERS, Series.LEAVERS_IN_TOUCH, Series.LEAVERS_SUITABLE, Series.LEAVERS_EET,
                        Series.CLA_IN_YEAR, Series.CLA_MISSING, Series.CLA_CONTINUOUS, Series.CLA_HEALTH,
                        Series.CLA_DENTAL})  # fmt: skip
# Codes of the care leavers' columns (SSDA903's, which Annex A follows), read with the letter prefix removed.
IN_TOUCH = {"YES": True, "Y": True, "NO": False, "N": False, "DIED": False, "REFU": False, "NREQ": False}
SUITABLE = {"SUITABLE": True, "YES": True, "Y": True, "1": True, "UNSUITABLE": False, "NOT SUITABLE": False,
            "NO": False, "N": False, "2": False}  # fmt: skip
EET_CODES = {f"{k}{n}": k in "FP" for k in "FPG" for n in range(1, 7)} | {"EET": True, "NEET": False}


@dataclass(frozen=True)
class Measured:
    """The counts, and the rows the definitions could not use (named by sheet, row and column)."""

    counts: Counts
    problems: tuple[Problem, ...]


def measure(extract: Extract, file: str, as_at: dt.date, months: tuple[Period, ...], days: WorkingDays) -> Measured:
    """Every measure whose list the extract holds, for each month covered."""
    counts: Counts = {}
    problems: list[Problem] = []
    for annex_list, count in COUNTERS.items():
        records = extract.rows(annex_list)
        if records is None:
            continue
        found = count(records, months, _Context(file, annex_list, as_at, days, problems))
        for series, wanted in found.items():
            counts.update({(series, m): wanted.get(m, 0) for m in months if _applies(series, m, months, as_at)})
    return Measured(counts, tuple(problems))


@dataclass(frozen=True)
class _Context:
    file: str
    annex_list: AnnexList
    as_at: dt.date
    days: WorkingDays
    problems: list[Problem]

    def refuse(self, record: Record, field: Field, message: str) -> None:
        where = f"{self.file} [{self.annex_list.sheet}]"
        self.problems.append(Problem(where, record.row, field.column.heading, message))


def _applies(series: Series, month: Period, months: tuple[Period, ...], as_at: dt.date) -> bool:
    """Whether the extract can give ``series`` for ``month``: a re-referral needs the 12 months before the
    month in the extract, and a status as at the extract's date is a month's only when that is its last day."""
    if series is Series.REREFERRALS:
        return month.start - 12 >= months[0].start
    if series in AS_AT_ONLY:
        return month_end(month) == as_at
    return True


Counted = dict[Period, int]
Tally = dict[Series, Counted]


def _tally(events: Iterable[tuple[Series, dt.date]], series: Iterable[Series]) -> Tally:
    """Events counted by the month of their date; every series listed has a (possibly empty) tally."""
    return _sums(((name, day, 1) for name, day in events), series)


def _sums(amounts: Iterable[tuple[Series, dt.date, int]], series: Iterable[Series]) -> Tally:
    """Amounts (days, or 1 for an event) added up by the month of their date."""
    tally: Tally = {s: defaultdict(int) for s in series}
    for name, day, amount in amounts:
        tally[name][month_of(day)] += amount
    return tally


def _referrals(records: tuple[Record, ...], months: tuple[Period, ...], context: _Context) -> Tally:
    """A referral is a re-referral when the same child has another referral dated before it and no more than 12
    months before it (one exactly 12 months before counts; one a day earlier does not)."""
    by_child = _dates_by_child(records, Field.REFERRAL_DATE)

    def events() -> Iterator[tuple[Series, dt.date]]:
        for record in records:
            day = record.date(Field.REFERRAL_DATE)
            if day is None:
                continue
            yield Series.REFERRALS, day
            if record.cells.get(Field.REFERRAL_NFA) is True:
                yield Series.REFERRALS_NFA, day
            earliest = add_months(day, -12)
            if any(earliest <= other < day for other in by_child[str(record.cells[Field.CHILD])]):
                yield Series.REREFERRALS, day

    return _tally(events(), (Series.REFERRALS, Series.REFERRALS_NFA, Series.REREFERRALS))


@dataclass(frozen=True)
class _Deadline:
    """An event due within some working days of its start: counted in the month it happened, and within time if on
    or before the last of those days (the day after the start is day 1)."""

    start: Field
    end: Field
    days: int
    counted: Series
    within: Series
    since: str  # the start, as a message names it

    def events(self, record: Record, context: _Context) -> Iterator[tuple[Series, dt.date]]:
        """The row's event and whether it was in time; none without both dates, and the row refused when the
        event is dated before its start."""
        start, end = record.date(self.start), record.date(self.end)
        if start is None or end is None:
            return
        if end < start:
            context.refuse(record, self.end, f"expected a date on or after {self.since}")
            return
        yield self.counted, end
        if context.days.between(start, end) <= self.days:
            yield self.within, end


ASSESSMENT = _Deadline(Field.ASSESSMENT_START, Field.ASSESSMENT_AUTHORISED, ASSESSMENT_DAYS, Series.ASSESSMENTS,
                       Series.ASSESSMENTS_45, "the start date")  # fmt: skip
CONFERENCE = _Deadline(Field.STRATEGY_DATE, Field.ICPC_DATE, CONFERENCE_DAYS, Series.CONFERENCES,
                       Series.CONFERENCES_15, "the strategy discussion")  # fmt: skip


def _assessments(records: tuple[Record, ...], months: tuple[Period, ...], context: _Context) -> Tally:
    """An assessment counts in the month it was authorised; within time if authorised on or before the 45th
    working day after its start."""
    events = (event for record in records for event in ASSESSMENT.events(record, context))
    return _tally(events, (Series.ASSESSMENTS, Series.ASSESSMENTS_45))


def _section_47(records: tuple[Record, ...], months: tuple[Period, ...], context: _Context) -> Tally:
    """An enquiry counts in the month of its strategy discussion; a conference in the month it was held, within
    time if held on or before the 15th working day after the strategy discussion."""

    def events() -> Iterator[tuple[Series, dt.date]]:
        for record in records:
            if (start := record.date(Field.STRATEGY_DATE)) is not None:
                yield Series.SECTION_47, start
            yield from CONFERENCE.events(record, context)

    return _tally(events(), (Series.SECTION_47, Series.CONFERENCES, Series.CONFERENCES_15))


def _protection(records: tuple[Record, ...], months: tuple[Period, ...], context: _Context) -> Tally:
    """Plans started (a second or subsequent one when the child had a plan before), plans ended (lasting two years
    or more when it ended on or after the second anniversary of its start), and children on a plan at each
    month's end (started by then and not ended by then)."""
    usable = [r for r in records if _ordered(r, Field.CP_START, Field.CP_END, context)]

    def events() -> Iterator[tuple[Series, dt.date]]:
        for record in usable:
            start, end = record.date(Field.CP_START), record.date(Field.CP_END)
            assert start is not None  # a start is required; a row without one was refused when read
            yield Series.CP_STARTED, start
            if isinstance(previous := record.cells.get(Field.CP_PREVIOUS), int) and previous >= 1:
                yield Series.CP_SECOND, start
            if end is not None:
                yield Series.CP_ENDED, end
                if end >= add_months(start, 24):
                    yield Series.CP_ENDED_2Y, end

    tally = _tally(events(), (Series.CP_STARTED, Series.CP_SECOND, Series.CP_ENDED, Series.CP_ENDED_2Y))
    tally[Series.CP_PLANS] = _open_at_month_ends(usable, PLAN, months)
    return tally


def _looked_after(records: tuple[Record, ...], months: tuple[Period, ...], context: _Context) -> Tally:
    """Children looked after at each month's end, and of them those with three or more placements in the 12 months
    to it: the placements that began in those months, and the one the child was in when they began."""
    usable = [r for r in records if _ordered(r, Field.CARE_START, Field.CARE_END, context)]
    by_child: dict[str, list[Record]] = defaultdict(list)
    for record in usable:
        by_child[str(record.cells[Field.CHILD])].append(record)
    tally: Tally = {Series.LOOKED_AFTER: {}, Series.PLACEMENTS_3: {}}
    spans = {child: _spans(rows, CARE) for child, rows in by_child.items()}
    for month in months:
        last = month_end(month)
        first = add_months(last, -12) + dt.timedelta(days=1)
        in_care = [by_child[c] for c, periods in spans.items() if any(_open(b, e, last) for _, b, e in periods)]
        tally[Series.LOOKED_AFTER][month] = len(in_care)
        tally[Series.PLACEMENTS_3][month] = sum(1 for rows in in_care if _placements(rows, first, last) >= 3)
    given = {field for record in usable[:1] for field in record.cells}  # the optional columns the list has
    status = _Status(by_child, context.as_at, month_of(context.as_at))
    return tally | status.missing(given) | status.health(given)


@dataclass(frozen=True)
class _Status:
    """List 8's measures as at the extract's date, counted in its month (kept only when it is the month's last day):
    the list holds each child's count of missing episodes in the 12 months to it and the dates of their latest health
    assessment and dental check."""

    by_child: dict[str, list[Record]]
    as_at: dt.date
    month: Period

    @property
    def first(self) -> dt.date:
        """The first day of the 12 months to the as-at date."""
        return add_months(self.as_at, -12) + ONE_DAY

    def missing(self, given: set[Field]) -> Tally:
        """Children looked after at any time in the 12 months, and of them those with one or more missing
        episodes recorded (a blank count is none)."""
        if Field.MISSING not in given:
            return {}
        during = [rows for rows in self.by_child.values() if any(_ended_since(r, self.first) for r in rows)]
        missing = sum(1 for rows in during if max(_count(r, Field.MISSING) for r in rows) >= 1)
        return {Series.CLA_IN_YEAR: {self.month: len(during)}, Series.CLA_MISSING: {self.month: missing}}

    def health(self, given: set[Field]) -> Tally:
        """Children looked after on the as-at date who had been since the first day of the 12 months, and of them
        those whose latest health assessment is in the 12 months (in the 6 for a child under 5 that day) and whose
        latest dental check is in the 12 months."""
        first, month = self.first, self.month
        cohort = [rows for rows in self.by_child.values()
                  if any(_open_on(r, CARE, self.as_at) and _start(r) <= first for r in rows)]  # fmt: skip
        tally: Tally = {}
        if {Field.HEALTH_ASSESSMENT, Field.DATE_OF_BIRTH} <= given:
            young = add_months(self.as_at, -UNDER_FIVE_MONTHS) + ONE_DAY
            due = [young if age_on(_latest(rows, Field.DATE_OF_BIRTH), self.as_at) < 5 else first for rows in cohort]
            done = sum(1 for rows, s in zip(cohort, due, strict=True) if _latest(rows, Field.HEALTH_ASSESSMENT) >= s)
            tally[Series.CLA_HEALTH] = {month: done}
        if Field.DENTAL_CHECK in given:
            tally[Series.CLA_DENTAL] = {month: sum(1 for rows in cohort if _latest(rows, Field.DENTAL_CHECK) >= first)}
        return tally | ({Series.CLA_CONTINUOUS: {month: len(cohort)}} if tally else {})


def _start(record: Record) -> dt.date:
    began = record.date(Field.CARE_START)
    assert began is not None  # rows without a start are left out before counting
    return began


def _ended_since(record: Record, first: dt.date) -> bool:
    """Whether a period of care was under way on or after ``first`` (every date is on or before the as-at date)."""
    ended = record.date(Field.CARE_END)
    return ended is None or ended >= first


def _latest(rows: list[Record], field: Field) -> dt.date:
    """The latest date of ``field`` in a child's rows; none at all is earlier than any date that counts."""
    return max((d for r in rows if (d := r.date(field)) is not None), default=dt.date.min)


def _count(record: Record, field: Field) -> int:
    value = record.cells.get(field)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _placements(rows: list[Record], first: dt.date, last: dt.date) -> int:
    """Placements a child had from ``first`` to ``last``: those starting then, and the one under way on ``first``."""
    starts = {s for r in rows if (s := r.date(Field.PLACEMENT_START)) is not None and s <= last}
    under_way = [
        r for r in rows if (s := r.date(Field.PLACEMENT_START)) and s < first and _open_on(r, CARE, first, True)
    ]
    return sum(1 for s in starts if s >= first) + (1 if under_way else 0)


def _care_leavers(records: tuple[Record, ...], months: tuple[Period, ...], context: _Context) -> Tally:
    """Care leavers aged 19 to 21 on the as-at date, and of them those in touch, suitably accommodated and in
    education, employment or training, by their latest recorded status."""
    names = (Series.LEAVERS, Series.LEAVERS_IN_TOUCH, Series.LEAVERS_SUITABLE, Series.LEAVERS_EET)
    month = month_of(context.as_at)  # kept only when the as-at date is its last day
    tally: Tally = {s: {month: 0} for s in names}
    columns = ((Series.LEAVERS_IN_TOUCH, Field.IN_TOUCH, IN_TOUCH), (Series.LEAVERS_SUITABLE, Field.ACCOMMODATION,
               SUITABLE), (Series.LEAVERS_EET, Field.ACTIVITY, EET_CODES))  # fmt: skip
    for record in records:
        birth = record.date(Field.DATE_OF_BIRTH)
        if birth is None or age_on(birth, context.as_at) not in LEAVER_AGES:
            continue
        tally[Series.LEAVERS][month] += 1
        for series, field, codes in columns:
            code = str(record.cells.get(field) or "")
            if code not in codes:
                context.refuse(record, field, f"expected one of {', '.join(codes)}, found another code")
            elif codes[code]:
                tally[series][month] += 1
    return tally


def _children_in_need(records: tuple[Record, ...], months: tuple[Period, ...], context: _Context) -> Tally:
    """Children in need at each month's end: an episode started by then and not closed by then."""
    usable = [r for r in records if _ordered(r, Field.CIN_START, Field.CIN_CLOSURE, context)]
    return {Series.CHILDREN_IN_NEED: _open_at_month_ends(usable, NEED, months)}


def _adoption(records: tuple[Record, ...], months: tuple[Period, ...], context: _Context) -> Tally:
    """Children adopted, by the month of their adoption order: the days from entering care to moving in with
    their adopters (placed for adoption, or placed earlier with the foster carers who adopted them), and for those
    adopted under a placement order the days from the order to the match."""

    def amounts() -> Iterator[tuple[Series, dt.date, int]]:
        for record in records:
            adopted, order = record.date(Field.ADOPTION_ORDER), record.date(Field.PLACEMENT_ORDER)
            if adopted is None or record.date(Field.ENTERED_CARE) is None:
                continue  # not adopted; or a blank date of entering care, refused when read
            placed, fostered = record.date(Field.PLACED_FOR_ADOPTION), record.date(Field.FOSTERING_FOR_ADOPTION)
            moved_in = placed and min(placed, fostered or placed)
            entry_to_move = _days(record, moved_in, Field.PLACED_FOR_ADOPTION, Field.ENTERED_CARE, context)
            matched = record.date(Field.MATCHED)
            order_to_match = None if order is None else _days(record, matched, Field.MATCHED, Field.PLACEMENT_ORDER,
                                                              context)  # fmt: skip
            if entry_to_move is None or (order is not None and order_to_match is None):
                continue
            yield Series.ADOPTED, adopted, 1
            yield Series.A1_DAYS, adopted, entry_to_move
            if order_to_match is not None:
                yield Series.ADOPTED_FROM_ORDER, adopted, 1
                yield Series.A2_DAYS, adopted, order_to_match

    return _sums(amounts(), (Series.ADOPTED, Series.A1_DAYS, Series.ADOPTED_FROM_ORDER, Series.A2_DAYS))


def _days(record: Record, later: dt.date | None, field: Field, since: Field, context: _Context) -> int | None:
    """Days from the row's ``since`` date to ``later`` (its ``field``, for a message); None, the row refused,
    when ``later`` is blank or before it."""
    earlier = record.date(since)
    assert earlier is not None  # the caller skips a row without it
    if later is None:
        context.refuse(record, field, "expected a date for a child with an adoption order")
    elif later < earlier:
        context.refuse(record, field, f"expected a date on or after '{since.column.heading}'")
    else:
        return (later - earlier).days
    return None


def _dates_by_child(records: tuple[Record, ...], field: Field) -> dict[str, list[dt.date]]:
    found: dict[str, list[dt.date]] = defaultdict(list)
    for record in records:
        if (day := record.date(field)) is not None:
            found[str(record.cells[Field.CHILD])].append(day)
    return found


def _ordered(record: Record, start: Field, end: Field, context: _Context) -> bool:
    """Whether the row has a start and does not end before it (a row that does is refused)."""
    began, ended = record.date(start), record.date(end)
    if began is None:
        return False
    if ended is not None and ended < began:
        context.refuse(record, end, f"expected a date on or after '{start.column.heading}'")
        return False
    return True


def _open_at_month_ends(records: list[Record], span: tuple[Field, Field], months: tuple[Period, ...]) -> Counted:
    """Children with a row started by each month's last day and not ended by it (the rows' dates read once)."""
    spans, ends = _spans(records, span), {m: month_end(m) for m in months}
    return {m: len({c for c, b, e in spans if _open(b, e, day)}) for m, day in ends.items()}


Span = tuple[str, dt.date, dt.date | None]  # a child, and the start and end of a plan, episode or period of care


def _spans(records: list[Record], span: tuple[Field, Field]) -> list[Span]:
    return [(str(r.cells[Field.CHILD]), r.date(span[0]) or dt.date.max, r.date(span[1])) for r in records]


def _open(began: dt.date, ended: dt.date | None, day: dt.date) -> bool:
    """Whether a span was open at the end of ``day``: started by then and not ended by then."""
    return began <= day and (ended is None or ended > day)


def _open_on(record: Record, span: tuple[Field, Field], day: dt.date, start_of_day: bool = False) -> bool:
    """Whether a plan or period of care was open at the end of ``day``: started by then and not ended by then (or,
    ``start_of_day``, ending that day at the earliest)."""
    began, ended = record.date(span[0]), record.date(span[1])
    return began is not None and began <= day and (ended is None or ended > day or (start_of_day and ended == day))


CARE, PLAN = (Field.CARE_START, Field.CARE_END), (Field.CP_START, Field.CP_END)
NEED = (Field.CIN_START, Field.CIN_CLOSURE)
COUNTERS = {
    AnnexList.REFERRALS: _referrals,
    AnnexList.ASSESSMENTS: _assessments,
    AnnexList.SECTION_47: _section_47,
    AnnexList.CHILDREN_IN_NEED: _children_in_need,
    AnnexList.CHILD_PROTECTION: _protection,
    AnnexList.LOOKED_AFTER: _looked_after,
    AnnexList.CARE_LEAVERS: _care_leavers,
    AnnexList.ADOPTION: _adoption,
}
