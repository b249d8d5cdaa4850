"""Bank holidays and working days in England and Wales, against GOV.UK's published lists."""

import datetime as dt

import pytest

from publisher.annexa.workdays import WorkingDays, bank_holidays

D = dt.date.fromisoformat
# https://www.gov.uk/bank-holidays (England and Wales), copied by hand
GOV_UK = {
    2020: ["2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25",
           "2020-12-28"],
    2021: ["2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27",
           "2021-12-28"],
    2022: ["2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29",
           "2022-09-19", "2022-12-26", "2022-12-27"],
    2023: ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28",
           "2023-12-25", "2023-12-26"],
    2024: ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25",
           "2024-12-26"],
    2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25",
           "2025-12-26"],
    2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
           "2026-12-28"],
    2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27",
           "2027-12-28"],
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(GOV_UK))
def test_bank_holidays_are_gov_uks(year):
    assert sorted(bank_holidays(year)) == [D(d) for d in GOV_UK[year]]


@pytest.mark.parametrize(("year", "good_friday", "easter_monday"),
                         [(2008, "2008-03-21", "2008-03-24"), (2038, "2038-04-23", "2038-04-26")])  # fmt: skip
def test_easter_holidays_at_their_earliest_and_latest_in_a_lifetime(year, good_friday, easter_monday):
    assert {D(good_friday), D(easter_monday)} <= bank_holidays(year)


def test_working_days_skip_weekends_and_bank_holidays():
    days = WorkingDays()
    assert days.between(D("2026-03-16"), D("2026-03-16")) == 0
    assert days.between(D("2026-03-20"), D("2026-03-23")) == 1  # Friday to Monday
    assert days.between(D("2026-04-02"), D("2026-04-07")) == 1  # over Easter: only Tuesday 7 April
    assert days.between(D("2026-12-24"), D("2027-01-04")) == 4  # 29, 30, 31 December and 4 January
    assert days.between(D("2026-04-07"), D("2026-04-02")) == -1


def test_the_councils_closure_days_are_not_working_days():
    closed = WorkingDays.with_closures([D("2026-12-29"), D("2026-12-30"), D("2026-12-31"), D("2026-12-26")])
    assert closed.between(D("2026-12-24"), D("2027-01-04")) == 1  # a Saturday closure changes nothing
    assert closed.between(D("2026-12-29"), D("2026-12-30")) == 0  # 30 December, closed
    assert WorkingDays().between(D("2026-12-29"), D("2026-12-30")) == 1
