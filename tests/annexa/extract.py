"""Annex A workbooks for the tests: one written from given rows, and a seeded generator of a whole council's.

The generated children carry recognisable personal details (identifiers, names, dates of birth, postcodes) so
that a test can search everything publisher writes for them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

Sheet = tuple[list[str], list[list[object]]]

REFERRALS = ["Child Unique ID", "Full Name", "Gender", "Date of Birth", "Postcode", "Date of Referral", "Referral NFA?",
             "Number of Referrals in Last 12 Months"]  # fmt: skip
ASSESSMENTS = ["Child Unique ID", "Date of Birth", "Continuous Assessment Start Date",
               "Continuous Assessment Date of Authorisation"]  # fmt: skip
SECTION_47 = ["Child Unique ID", "Strategy discussion initiating Section 47 Enquiry Start Date",
              "Date of Initial Child Protection Conference"]  # fmt: skip
PROTECTION = ["Child Unique ID", "Child Protection Plan Start Date", "Child Protection Plan End Date",
              "Number of Previous Child Protection Plans"]  # fmt: skip
LOOKED_AFTER = ["Child Unique ID", "Date Started to be Looked After", "Date Ceased to be Looked After",
                "Placement Start Date", "Placement Postcode", "Date of Birth", "Date of Last Health Assessment",
                "Date of Last Dental Check",
                "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months"]  # fmt: skip
CARE_LEAVERS = ["Child Unique ID", "Date of Birth", "In Touch", "Suitability of Accommodation", "Activity Status"]
IN_NEED = ["Child Unique ID", "Date of Birth", "CIN Start Date", "CIN Closure Date"]
ADOPTION = ["Child Unique ID", "Date the Child Entered Care", "Date of Decision that Child Should be Placed for Adoption",
            "Date of Placement Order", "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption",
            "Date of Adoption Order",
            "Date the child was placed for fostering in FFA or concurrent planning placement"]  # fmt: skip


def write_book(path: Path, sheets: dict[str, Sheet]) -> Path:
    book = openpyxl.Workbook(write_only=True)
    for title, (headings, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@dataclass
class Council:
    """A generated extract's rows by list, as written (dates as dates; some as UK text)."""

    as_at: dt.date
    referrals: list[list[object]] = field(default_factory=list)
    assessments: list[list[object]] = field(default_factory=list)
    section_47: list[list[object]] = field(default_factory=list)
    protection: list[list[object]] = field(default_factory=list)
    looked_after: list[list[object]] = field(default_factory=list)
    care_leavers: list[list[object]] = field(default_factory=list)
    in_need: list[list[object]] = field(default_factory=list)
    adoption: list[list[object]] = field(default_factory=list)
    planted: list[str] = field(default_factory=list)  # personal details that must never leave the extract

    def sheets(self) -> dict[str, Sheet]:
        return {"List 3 - Referrals": (REFERRALS, self.referrals), "List 4": (ASSESSMENTS, self.assessments),
                "List 5": (SECTION_47, self.section_47), "List 7": (PROTECTION, self.protection),
                "List 8": (LOOKED_AFTER, self.looked_after), "List 9": (CARE_LEAVERS, self.care_leavers),
                "List 6": (IN_NEED, self.in_need), "List 10 - Adoption": (ADOPTION, self.adoption)}  # fmt: skip

    def rows(self) -> list[tuple[str, list[list[object]]]]:
        """Each sheet as its heading row and rows, as :func:`publisher.annexa.reader.read_rows` reads them."""
        return [(title, [headings, *rows]) for title, (headings, rows) in self.sheets().items()]


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def generate(children: int, as_at: dt.date = dt.date(2026, 3, 31), seed: int = 28) -> Council:
    """``children`` children over the two years to ``as_at``, with referrals, assessments, enquiries, plans and
    periods of care, and care leavers besides."""
    rng = random.Random(seed)
    council = Council(as_at)
    start = dt.date(as_at.year - 2, as_at.month, 1) + dt.timedelta(days=31)
    for n in range(children):
        child = f"PII{n:05d}X"
        birth = _day(rng, dt.date(2008, 4, 1), dt.date(2024, 1, 1))
        postcode = f"QZ{n % 90 + 10} {n % 9}XJ"
        name = f"Zebedee{n}Quillfeather"
        council.planted += [child, name, postcode, birth.strftime("%d/%m/%Y"), birth.isoformat()]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            referral = _day(rng, start - dt.timedelta(days=40), as_at)
            text = rng.random() < 0.2  # some systems export dates as text
            council.referrals.append([child, name, "a) Male" if n % 2 else "b) Female", birth, postcode,
                                      referral.strftime("%d/%m/%Y") if text else referral,
                                      rng.choice(("a) Yes", "b) No", "No", None)), 0])  # fmt: skip
            _work(rng, council, child, birth, referral)
        if rng.random() < 0.1:
            _care(rng, council, child, postcode, birth)
        if rng.random() < 0.05:
            leaver = _day(rng, dt.date(2002, 1, 1), dt.date(2009, 1, 1))
            council.planted += [leaver.strftime("%d/%m/%Y")]
            council.care_leavers.append([child, leaver, rng.choice(("YES", "NO", "a) YES", "NREQ")),
                                         rng.choice(("Suitable", "Not suitable")), rng.choice(("F1", "P2", "G4", "G6"))])  # fmt: skip
    return council


def _work(rng: random.Random, council: Council, child: str, birth: dt.date, referral: dt.date) -> None:
    """An assessment, and perhaps an enquiry, conference and plan, following a referral."""
    if rng.random() < 0.7:
        done = referral + dt.timedelta(days=rng.randint(0, 90))
        council.assessments.append([child, birth, referral, done if done <= council.as_at else None])
    if rng.random() < 0.4:
        need = referral + dt.timedelta(days=rng.randint(0, 50))
        closed = need + dt.timedelta(days=rng.randint(0, 500))
        if need <= council.as_at:
            council.in_need.append([child, birth, need, closed if closed <= council.as_at else None])
    if rng.random() < 0.3:
        strategy = referral + dt.timedelta(days=rng.randint(0, 5))
        conference = strategy + dt.timedelta(days=rng.randint(3, 35))
        if strategy > council.as_at:
            return
        held = conference if conference <= council.as_at and rng.random() < 0.6 else None
        council.section_47.append([child, strategy, held])
        if held is not None and rng.random() < 0.8:
            ended = held + dt.timedelta(days=rng.randint(60, 900))
            council.protection.append(
                [child, held, ended if ended <= council.as_at else None, rng.choice((0, 0, 1, 2))]
            )


def _care(rng: random.Random, council: Council, child: str, postcode: str, birth: dt.date) -> None:
    """A period of care with one to five placements, one row each (the child's health, dental and missing columns
    repeated on each), and perhaps an adoption."""
    began = _day(rng, dt.date(2022, 1, 1), council.as_at)
    ceased = began + dt.timedelta(days=rng.randint(30, 1200))
    ended = ceased if ceased <= council.as_at else None
    last = ended or council.as_at
    starts = sorted({began, *(_day(rng, began, last) for _ in range(rng.randint(0, 4)))})
    health, dental = (_day(rng, council.as_at - dt.timedelta(days=500), council.as_at) if rng.random() < 0.9 else None
                      for _ in range(2))  # fmt: skip
    missing = rng.choice((None, 0, 0, 0, 1, 2, 5))
    for placement in starts:
        council.looked_after.append([child, began, ended, placement, postcode, birth, health, dental, missing])
    if rng.random() < 0.25:
        _adoption(rng, council, child, began)


def _adoption(rng: random.Random, council: Council, child: str, entered: dt.date) -> None:
    """The steps to adoption, each a while after the last; those after the as-at date not taken yet."""
    decision = entered + dt.timedelta(days=rng.randint(30, 200))
    order = decision + dt.timedelta(days=rng.randint(0, 200)) if rng.random() < 0.8 else None
    matched = (order or decision) + dt.timedelta(days=rng.randint(0, 300))
    fostered = entered + dt.timedelta(days=rng.randint(0, 60)) if rng.random() < 0.2 else None
    placed = matched + dt.timedelta(days=rng.randint(7, 60))
    adopted = placed + dt.timedelta(days=rng.randint(70, 300))
    steps = [decision, order, matched, placed, adopted, fostered]
    council.adoption.append([child, entered, *(d if d is not None and d <= council.as_at else None for d in steps)])
