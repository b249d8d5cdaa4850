"""The Annex A lists and the columns publisher reads from them, with the headings councils' systems write.

Headings follow Ofsted's Annex A guidance (Ofsted, "Annex A: children's social care data", inspection of
local authority children's services); a heading is matched without regard to case, spacing or punctuation,
and under the other names case-management systems give it. Only the columns a measure needs are read: a
child's name, address and the like are never looked at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, IntEnum


class AnnexList(IntEnum):
    """Annex A's lists, numbered as the guidance numbers them (each a sheet, 'List 3' or 'List 3 - Referrals')."""

    CONTACTS = 1
    EARLY_HELP = 2
    REFERRALS = 3
    ASSESSMENTS = 4
    SECTION_47 = 5
    CHILDREN_IN_NEED = 6
    CHILD_PROTECTION = 7
    LOOKED_AFTER = 8
    CARE_LEAVERS = 9
    ADOPTION = 10
    ADOPTERS = 11

    @property
    def sheet(self) -> str:
        return f"List {self.value}"


class Kind(Enum):
    """How a cell is read."""

    IDENTIFIER = "an identifier"
    DATE = "a date (an Excel date, or dd/mm/yyyy)"
    YES_NO = "Yes or No (or a) Yes, b) No)"
    COUNT = "a whole number, 0 or more"
    CODE = "a code"


@dataclass(frozen=True)
class Column:
    """A column publisher reads: its heading in the guidance, the other headings it goes by, how it is read."""

    heading: str
    kind: Kind
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        return frozenset(normalise(n) for n in (self.heading, *self.aliases))


class Field(Enum):
    """Every column any measure reads."""

    CHILD = Column("Child Unique ID", Kind.IDENTIFIER, ("Child ID", "Unique ID", "Child's Unique ID", "ID"))
    DATE_OF_BIRTH = Column("Date of Birth", Kind.DATE, ("DOB",))
    REFERRAL_DATE = Column("Date of Referral", Kind.DATE, ("Referral Date",))
    REFERRAL_NFA = Column("Referral NFA?", Kind.YES_NO, ("Referral NFA", "Referral No Further Action"))
    ASSESSMENT_START = Column("Continuous Assessment Start Date", Kind.DATE, ("Assessment Start Date",))
    ASSESSMENT_AUTHORISED = Column(
        "Continuous Assessment Date of Authorisation",
        Kind.DATE,
        ("Assessment Date of Authorisation", "Assessment Authorised Date", "Date Assessment Authorised",
         "Assessment Completion Date", "Date of Authorisation"),
    )  # fmt: skip
    STRATEGY_DATE = Column(
        "Strategy Discussion Initiating Section 47 Enquiry Start Date",
        Kind.DATE,
        ("Section 47 Enquiry Start Date", "S47 Start Date", "Strategy Discussion Date", "Date of Strategy Discussion"),
    )
    ICPC_DATE = Column(
        "Date of Initial Child Protection Conference",
        Kind.DATE,
        ("ICPC Date", "Initial Child Protection Conference Date"),
    )
    CP_START = Column("Child Protection Plan Start Date", Kind.DATE, ("CP Plan Start Date", "CPP Start Date"))
    CP_END = Column("Child Protection Plan End Date", Kind.DATE, ("CP Plan End Date", "CPP End Date"))
    CP_PREVIOUS = Column("Number of Previous Child Protection Plans", Kind.COUNT, ("Previous CP Plans",))
    CARE_START = Column(
        "Date Started to be Looked After",
        Kind.DATE,
        ("Date Entered Care", "Date Started Looked After", "CLA Start Date"),
    )
    CARE_END = Column("Date Ceased to be Looked After", Kind.DATE, ("Date Left Care", "Date Ceased Looked After"))
    PLACEMENT_START = Column("Placement Start Date", Kind.DATE, ("Date Placement Started", "Date of Placement"))
    IN_TOUCH = Column("In Touch", Kind.CODE, ("In Touch with LA", "Is the LA in Touch"))
    ACCOMMODATION = Column(
        "Suitability of Accommodation", Kind.CODE, ("Accommodation Suitability", "Suitable Accommodation")
    )
    ACTIVITY = Column("Activity Status", Kind.CODE, ("Main Activity", "Activity"))
    CIN_START = Column("CIN Start Date", Kind.DATE, ("Child in Need Start Date", "CIN Episode Start Date"))
    CIN_CLOSURE = Column(
        "CIN Closure Date", Kind.DATE, ("Child in Need Closure Date", "CIN Episode End Date", "CIN End Date")
    )
    HEALTH_ASSESSMENT = Column("Date of Last Health Assessment", Kind.DATE, ("Last Health Assessment Date",))
    DENTAL_CHECK = Column("Date of Last Dental Check", Kind.DATE, ("Last Dental Check Date",))
    MISSING = Column(
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        Kind.COUNT,
        ("Number of Missing Episodes in the last 12 months", "Missing Episodes in last 12 months"),
    )
    ENTERED_CARE = Column("Date the Child Entered Care", Kind.DATE, ("Date Child Entered Care",))
    PLACEMENT_ORDER = Column("Date of Placement Order", Kind.DATE, ("Placement Order Date",))
    MATCHED = Column(
        "Date of Matching Child and Prospective Adopters", Kind.DATE, ("Date of Match", "Matching Date", "Date Matched")
    )
    PLACED_FOR_ADOPTION = Column("Date Placed for Adoption", Kind.DATE, ("Date of Placement for Adoption",))
    FOSTERING_FOR_ADOPTION = Column(
        "Date the Child was Placed for Fostering in FFA or Concurrent Planning Placement",
        Kind.DATE,
        ("Date Placed in FFA or Concurrent Planning Placement", "FFA Placement Date"),
    )
    ADOPTION_ORDER = Column("Date of Adoption Order", Kind.DATE, ("Adoption Order Date",))

    @property
    def column(self) -> Column:
        value: Column = self.value
        return value


# The columns read from each list, every one required when the list is given.
READ: dict[AnnexList, tuple[Field, ...]] = {
    AnnexList.REFERRALS: (Field.CHILD, Field.REFERRAL_DATE, Field.REFERRAL_NFA),
    AnnexList.ASSESSMENTS: (Field.CHILD, Field.ASSESSMENT_START, Field.ASSESSMENT_AUTHORISED),
    AnnexList.SECTION_47: (Field.CHILD, Field.STRATEGY_DATE, Field.ICPC_DATE),
    AnnexList.CHILDREN_IN_NEED: (Field.CHILD, Field.CIN_START, Field.CIN_CLOSURE),
    AnnexList.CHILD_PROTECTION: (Field.CHILD, Field.CP_START, Field.CP_END, Field.CP_PREVIOUS),
    AnnexList.LOOKED_AFTER: (Field.CHILD, Field.CARE_START, Field.CARE_END, Field.PLACEMENT_START),
    AnnexList.CARE_LEAVERS: (Field.CHILD, Field.DATE_OF_BIRTH, Field.IN_TOUCH, Field.ACCOMMODATION, Field.ACTIVITY),
    AnnexList.ADOPTION: (
        Field.CHILD, Field.ENTERED_CARE, Field.PLACEMENT_ORDER, Field.MATCHED, Field.PLACED_FOR_ADOPTION,
        Field.ADOPTION_ORDER,
    ),
}  # fmt: skip
# Columns read when the list has them: a measure that needs one the list lacks gives no figure (never 0), and
# the list's other measures are counted as before (List 8 extracts made before these columns were read).
OPTIONAL: dict[AnnexList, tuple[Field, ...]] = {
    AnnexList.LOOKED_AFTER: (Field.DATE_OF_BIRTH, Field.HEALTH_ASSESSMENT, Field.DENTAL_CHECK, Field.MISSING),
    AnnexList.ADOPTION: (Field.FOSTERING_FOR_ADOPTION,),
}
# Blank is a fact in these (no end yet, no conference held, no check ever, no missing episode, not yet matched);
# in the others a blank cell is a problem.
MAY_BE_BLANK = frozenset({Field.REFERRAL_NFA, Field.ASSESSMENT_AUTHORISED, Field.ICPC_DATE, Field.CP_END,
                          Field.CARE_END, Field.CIN_CLOSURE, Field.HEALTH_ASSESSMENT, Field.DENTAL_CHECK,
                          Field.MISSING, Field.PLACEMENT_ORDER, Field.MATCHED, Field.PLACED_FOR_ADOPTION,
                          Field.FOSTERING_FOR_ADOPTION, Field.ADOPTION_ORDER})  # fmt: skip

SHEET = re.compile(r"\s*list\s*0?(\d{1,2})(?!\d)", re.IGNORECASE)


def normalise(heading: object) -> str:
    """A heading as compared: lower case, letters and digits only, single spaces ('Referral NFA?' -> 'referral nfa')."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(heading or "").lower()).split())


def list_of(sheet_name: str) -> AnnexList | None:
    """The list a sheet holds, from its name ('List 3', 'list3 - referrals', 'List 03'), or None."""
    found = SHEET.match(sheet_name)
    if found is None or not 1 <= int(found.group(1)) <= len(AnnexList):
        return None
    return AnnexList(int(found.group(1)))
