"""Each measure at its boundaries, worked by hand (dates in the comments are counted on a calendar)."""

import datetime as dt

from publisher.annexa.dates import covered_months
from publisher.annexa.lists import AnnexList, Field
from publisher.annexa.measures import Series, measure
from publisher.annexa.reader import Extract, Record
from publisher.annexa.workdays import WorkingDays
from publisher.core.periods import Period

D = dt.date.fromisoformat
AS_AT = D("2026-03-31")
MAR, MAY = Period.month(2026, 3), Period.month(2026, 5)


def counts(lists, as_at=AS_AT, months=24, days=None):
    extract = Extract({k: tuple(Record(n, cells) for n, cells in enumerate(v, start=2)) for k, v in lists.items()}, "")
    found = measure(extract, "x.xlsx", as_at, covered_months(as_at, months), days or WorkingDays())
    assert found.problems == ()
    return found.counts


def assessment(start, end):
    return {Field.CHILD: "c", Field.ASSESSMENT_START: D(start), Field.ASSESSMENT_AUTHORISED: D(end)}


def test_an_assessment_on_its_45th_working_day_is_in_time_and_on_its_46th_is_not():
    # From Monday 16 March 2026, Good Friday (3 April), Easter Monday (6 April) and the early May bank holiday
    # (4 May) are not working days: the 45th working day is Thursday 21 May, the 46th Friday 22 May.
    lists = {AnnexList.ASSESSMENTS: [assessment("2026-03-16", "2026-05-21"), assessment("2026-03-16", "2026-05-22")]}
    found = counts(lists, as_at=D("2026-05-31"))
    assert (found[Series.ASSESSMENTS, MAY], found[Series.ASSESSMENTS_45, MAY]) == (2, 1)
    closed = counts(lists, as_at=D("2026-05-31"), days=WorkingDays.with_closures([D("2026-05-20")]))
    assert closed[Series.ASSESSMENTS_45, MAY] == 2  # a closure day pushes the 45th working day to 22 May


def test_a_conference_on_the_15th_working_day_after_the_strategy_discussion_is_in_time():
    # From Friday 27 March 2026, over Easter: 30, 31 March, 1, 2, 7-10, 13-17, 20 and 21 April is 15 days.
    rows = [{Field.CHILD: "c", Field.STRATEGY_DATE: D("2026-03-27"), Field.ICPC_DATE: D(held)}
            for held in ("2026-04-21", "2026-04-22")] + [{Field.CHILD: "d", Field.STRATEGY_DATE: D("2026-04-01"),
                                                          Field.ICPC_DATE: None}]  # fmt: skip
    found = counts({AnnexList.SECTION_47: rows}, as_at=D("2026-04-30"))
    april = Period.month(2026, 4)
    assert found[Series.SECTION_47, MAR] == 2 and found[Series.SECTION_47, april] == 1
    assert (found[Series.CONFERENCES, april], found[Series.CONFERENCES_15, april]) == (2, 1)


def test_an_assessment_or_conference_dated_before_its_start_is_refused_by_row_and_column():
    """One deadline rule for both: the event before its start is named, and counted in neither series."""
    lists = {AnnexList.ASSESSMENTS: [assessment("2026-03-10", "2026-03-09")],
             AnnexList.SECTION_47: [{Field.CHILD: "c", Field.STRATEGY_DATE: D("2026-03-10"),
                                     Field.ICPC_DATE: D("2026-03-09")}]}  # fmt: skip
    extract = Extract({k: tuple(Record(2, r) for r in v) for k, v in lists.items()}, "")
    found = measure(extract, "x.xlsx", AS_AT, covered_months(AS_AT, 12), WorkingDays())
    assert [p.message for p in found.problems] == ["expected a date on or after the start date",
                                                   "expected a date on or after the strategy discussion"]  # fmt: skip
    assert (found.counts[Series.SECTION_47, MAR], found.counts[Series.CONFERENCES, MAR]) == (1, 0)
    assert found.counts[Series.ASSESSMENTS, MAR] == 0


def referral(child, day, nfa=None):
    return {Field.CHILD: child, Field.REFERRAL_DATE: D(day), Field.REFERRAL_NFA: nfa}


def test_a_referral_exactly_12_months_after_the_last_is_a_re_referral_and_a_day_later_is_not():
    rows = [referral("a", "2025-03-10"), referral("a", "2026-03-10"),  # exactly 12 months: a re-referral
            referral("b", "2025-03-10"), referral("b", "2026-03-11", True),  # 12 months and a day: not
            referral("c", "2026-03-31")]  # on the as-at date: counted in March  # fmt: skip
    found = counts({AnnexList.REFERRALS: rows})
    assert found[Series.REFERRALS, MAR] == 3
    assert found[Series.REREFERRALS, MAR] == 1
    assert found[Series.REFERRALS_NFA, MAR] == 1
    assert found[Series.REFERRALS, Period.month(2025, 3)] == 2


def test_re_referrals_are_given_only_for_months_with_12_months_of_referrals_before_them():
    found = counts({AnnexList.REFERRALS: [referral("a", "2026-03-10")]}, months=12)
    assert (Series.REREFERRALS, MAR) not in found  # missing, never 0: the extract cannot say
    assert found[Series.REFERRALS, Period.month(2025, 4)] == 0  # a list given with nothing in a month is 0


def test_an_as_at_date_within_a_month_leaves_that_month_out():
    found = counts({AnnexList.REFERRALS: [referral("c", "2026-03-30")]}, as_at=D("2026-03-30"), months=2)
    assert {m.label for _, m in found} == {"Jan 2026", "Feb 2026"}


def plan(child, start, end, previous=0):
    return {Field.CHILD: child, Field.CP_START: D(start), Field.CP_END: D(end) if end else None,
            Field.CP_PREVIOUS: previous}  # fmt: skip


def test_a_plan_that_lasted_exactly_two_years_lasted_two_years_or_more():
    rows = [plan("a", "2024-03-15", "2026-03-15"), plan("b", "2024-03-16", "2026-03-15", 1),
            plan("c", "2026-03-31", None, 2), plan("d", "2025-01-01", "2026-03-31")]  # fmt: skip
    found = counts({AnnexList.CHILD_PROTECTION: rows}, months=25)  # from March 2024
    assert (found[Series.CP_ENDED, MAR], found[Series.CP_ENDED_2Y, MAR]) == (3, 1)
    assert (found[Series.CP_STARTED, MAR], found[Series.CP_SECOND, MAR]) == (1, 1)
    assert found[Series.CP_STARTED, Period.month(2024, 3)] == 2
    # at the end of March: c (started that day); not d (ended that day) nor a and b (ended earlier)
    assert found[Series.CP_PLANS, MAR] == 1
    assert found[Series.CP_PLANS, Period.month(2026, 2)] == 3


def placements(child, care_start, *starts, ceased=None):
    return [{Field.CHILD: child, Field.CARE_START: D(care_start), Field.CARE_END: D(ceased) if ceased else None,
             Field.PLACEMENT_START: D(s)} for s in starts]  # fmt: skip


def test_three_placements_in_12_months_count_the_one_under_way_when_they_began():
    # The 12 months to 31 March 2026 begin on 1 April 2025.
    rows = [
        *placements("a", "2024-01-10", "2024-01-10", "2025-06-01", "2026-01-05"),  # 3: one under way, two new
        *placements("b", "2024-01-10", "2024-01-10", "2025-02-01", "2025-06-01"),  # 2: only 1 Feb 2025's counts
        *placements("c", "2025-04-01", "2025-04-01", "2025-05-01", "2026-03-31"),  # 3, all in the 12 months
        *placements("d", "2025-01-01", "2025-01-01", "2025-05-01", "2025-06-01", ceased="2026-03-31"),
    ]  # left
    found = counts({AnnexList.LOOKED_AFTER: rows})  # fmt: skip
    assert (found[Series.LOOKED_AFTER, MAR], found[Series.PLACEMENTS_3, MAR]) == (3, 2)
    assert found[Series.LOOKED_AFTER, Period.month(2025, 3)] == 3  # a, b and d; c came into care in April


def leaver(born, in_touch="YES", suitable="SUITABLE", activity="F1"):
    return {Field.CHILD: "x", Field.DATE_OF_BIRTH: D(born), Field.IN_TOUCH: in_touch, Field.ACCOMMODATION: suitable,
            Field.ACTIVITY: activity}  # fmt: skip


def test_care_leavers_are_those_aged_19_to_21_on_the_as_at_date():
    rows = [leaver("2007-03-31"), leaver("2007-04-01"), leaver("2004-04-01", "NO", "NOT SUITABLE", "G6"),
            leaver("2004-03-31")]  # 19 that day; 18 until tomorrow; 21 until tomorrow; 22 that day  # fmt: skip
    found = counts({AnnexList.CARE_LEAVERS: rows})
    assert [found[s, MAR] for s in (Series.LEAVERS, Series.LEAVERS_IN_TOUCH, Series.LEAVERS_SUITABLE,
                                     Series.LEAVERS_EET)] == [2, 1, 1, 1]  # fmt: skip
    assert (Series.LEAVERS, Period.month(2026, 2)) not in found  # a status as at the extract's date only


def test_a_status_is_a_months_figure_only_when_the_as_at_date_is_its_last_day():
    """On 30 March the status is neither February's end (it was filed there) nor March's: it is not given."""
    rows = [leaver("2007-03-01")]  # 19 on both days
    assert counts({AnnexList.CARE_LEAVERS: rows}, as_at=D("2026-03-31"))[Series.LEAVERS, MAR] == 1
    assert counts({AnnexList.CARE_LEAVERS: rows}, as_at=D("2026-03-30")) == {}


def test_a_list_the_extract_does_not_have_gives_no_figures():
    assert counts({AnnexList.REFERRALS: []}).keys() == {(s, m) for s in (Series.REFERRALS, Series.REFERRALS_NFA)
                                                        for m in covered_months(AS_AT, 24)} | {
        (Series.REREFERRALS, m) for m in covered_months(AS_AT, 12)}  # fmt: skip


def need(child, start, closed=None):
    return {Field.CHILD: child, Field.CIN_START: D(start), Field.CIN_CLOSURE: D(closed) if closed else None}


def test_children_in_need_at_the_months_end_are_those_with_an_episode_open_after_it():
    rows = [need("a", "2026-03-31"),  # started on the month's last day: in need at its end
            need("b", "2025-06-01", "2026-03-31"),  # closed that day: not
            need("c", "2025-06-01"), need("c", "2026-01-05"),  # two open episodes: one child
            need("d", "2025-06-01", "2026-03-30")]  # closed the day before  # fmt: skip
    found = counts({AnnexList.CHILDREN_IN_NEED: rows})
    assert found[Series.CHILDREN_IN_NEED, MAR] == 2  # a and c
    assert found[Series.CHILDREN_IN_NEED, Period.month(2026, 2)] == 3  # b, c and d


def in_care(child, start, ceased=None, **cells):
    fields = {"born": Field.DATE_OF_BIRTH, "health": Field.HEALTH_ASSESSMENT, "dental": Field.DENTAL_CHECK}
    row = {Field.CHILD: child, Field.CARE_START: D(start), Field.CARE_END: D(ceased) if ceased else None,
           Field.PLACEMENT_START: D(start), Field.MISSING: cells.pop("missing", None)}  # fmt: skip
    return row | {fields[k]: D(v) if v else None for k, v in cells.items()}


def test_missing_from_placement_counts_children_looked_after_at_any_time_in_the_12_months():
    # The 12 months to 31 March 2026 begin on 1 April 2025.
    rows = [in_care("a", "2024-05-01", "2025-04-01", missing=1),  # left on the first day: looked after in them
            in_care("b", "2024-05-01", "2025-03-31", missing=2),  # left the day before: not
            in_care("c", "2025-09-01"),  # a blank count: no missing episode
            in_care("d", "2026-03-31", missing=0),  # came into care on the as-at date
            in_care("e", "2025-01-01", missing=0), in_care("e", "2025-01-01", missing=3)]  # the larger count  # fmt: skip
    found = counts({AnnexList.LOOKED_AFTER: rows})
    assert (found[Series.CLA_IN_YEAR, MAR], found[Series.CLA_MISSING, MAR]) == (4, 2)  # a, c, d, e; a and e
    assert (Series.CLA_MISSING, Period.month(2026, 2)) not in found  # as at the extract's date only


def test_health_assessments_are_due_yearly_and_six_monthly_under_five_dental_checks_yearly():
    # Looked after since 1 April 2025 or earlier and on 31 March 2026; the 6 months to it begin on 1 October 2025.
    rows = [in_care("e", "2025-04-01", born="2015-06-01", health="2025-04-01", dental="2025-03-31"),  # 12 months
            in_care("f", "2025-04-02", born="2015-06-01", health="2026-01-01", dental="2026-01-01"),  # a day short
            in_care("g", "2024-01-01", born="2021-04-01", health="2025-09-30", dental="2025-04-01"),  # 4: 6 months
            in_care("h", "2024-01-01", born="2021-03-31", health="2025-09-30", dental=None),  # 5 that day: 12
            in_care("i", "2024-01-01", "2026-03-31", born="2015-06-01", health="2026-01-01", dental="2026-01-01"),
            in_care("j", "2024-01-01", born="2015-06-01", health=None, dental="2025-05-01"),
            in_care("j", "2024-01-01", born="2015-06-01", health="2025-12-01", dental=None)]  # latest of its rows  # fmt: skip
    found = counts({AnnexList.LOOKED_AFTER: rows})
    cohort = [found[s, MAR] for s in (Series.CLA_CONTINUOUS, Series.CLA_HEALTH, Series.CLA_DENTAL)]
    assert cohort == [4, 3, 2]  # e, g, h, j; e, h, j; g, j
    assert Series.CLA_MISSING in {s for s, _ in found}  # the rows hold the column, blank


def test_a_list_8_without_the_health_columns_gives_no_health_figures():
    rows = [{k: v for k, v in in_care("e", "2024-01-01").items() if k is not Field.MISSING}]
    found = counts({AnnexList.LOOKED_AFTER: rows})
    assert found[Series.LOOKED_AFTER, MAR] == 1
    assert {s for s, _ in found} == {Series.LOOKED_AFTER, Series.PLACEMENTS_3}  # no 0 where nothing was recorded


def adopted(child, entered, placed, order_date, placement_order=None, matched=None, fostered=None):
    return {Field.CHILD: child, Field.ENTERED_CARE: D(entered), Field.PLACED_FOR_ADOPTION: D(placed),
            Field.ADOPTION_ORDER: D(order_date) if order_date else None,
            Field.PLACEMENT_ORDER: D(placement_order) if placement_order else None,
            Field.MATCHED: D(matched) if matched else None,
            Field.FOSTERING_FOR_ADOPTION: D(fostered) if fostered else None}  # fmt: skip


def test_adoption_timeliness_in_days_for_children_adopted_in_the_month():
    rows = [
        # 10 January 2024 to 1 March 2025 is 416 days; 1 September 2024 to 1 February 2025 is 153
        adopted("j", "2024-01-10", "2025-03-01", "2026-03-31", "2024-09-01", "2025-02-01"),  # adopted on the as-at date
        # moved in with the carers who adopted her (foster for adoption) on 15 January 2025: 14 days; adopted with
        # consent, no placement order, so not in the second measure
        adopted("k", "2025-01-01", "2025-06-01", "2026-03-02", fostered="2025-01-15"),
        adopted("l", "2024-01-10", "2025-03-01", "2026-02-28", "2024-09-01", "2024-09-01"),  # February; matched then
        adopted("m", "2025-01-10", "2026-01-01", None, "2025-06-01", "2025-11-01"),  # placed, not adopted yet
    ]
    found = counts({AnnexList.ADOPTION: rows})
    wanted = {Series.ADOPTED: 2, Series.A1_DAYS: 416 + 14, Series.ADOPTED_FROM_ORDER: 1, Series.A2_DAYS: 153}
    assert {s: found[s, MAR] for s in wanted} == wanted
    feb = Period.month(2026, 2)
    assert (found[Series.ADOPTED, feb], found[Series.A2_DAYS, feb], found[Series.ADOPTED_FROM_ORDER, feb]) == (1, 0, 1)
    assert found[Series.ADOPTED, Period.month(2026, 1)] == 0  # m: placed in January, counted once adopted


def test_an_adoption_with_a_step_missing_or_out_of_order_is_refused_by_row_and_column():
    rows = [adopted("n", "2025-01-10", "2024-12-01", "2026-03-02"),
            adopted("o", "2024-01-10", "2025-03-01", "2026-03-02", "2024-09-01")]  # fmt: skip
    extract = Extract({AnnexList.ADOPTION: tuple(Record(n, r) for n, r in enumerate(rows, start=2))}, "")
    found = measure(extract, "x.xlsx", AS_AT, covered_months(AS_AT, 12), WorkingDays())
    assert [str(p) for p in found.problems] == [
        "x.xlsx [List 10]:2: 'Date Placed for Adoption': expected a date on or after 'Date the Child Entered Care'",
        "x.xlsx [List 10]:3: 'Date of Matching Child and Prospective Adopters': expected a date for a child with an "
        "adoption order",
    ]
