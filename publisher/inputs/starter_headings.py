"""What a scorecard's column heading says it holds: a role ('Ref', 'Indicator', 'Low/High is good'), a period
('Qu 1 18-19', 'LA Dec23 ChAT', 'Actual' against --period), or a second window for a period ('LA rolling 6m')."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ..core.periods import Kind, Period, PeriodError
from ..core.vocab import Comparator
from .printed import Reading
from .starter_cells import period_of

ROLES = ("reference", "title", "description", "polarity", "target", "intervention", "lead_officer", "data_owner",
         "source_note", "tag", "printed_rag", "printed_direction", "comments", "ignore")  # fmt: skip
ROLES_HELP = (", ".join(ROLES) + ", 'period LABEL' (such as 'period Q2 2018-19'), 'target LABEL' (its year), "
              "'baseline LABEL' (its period, such as 'baseline Apr 2017'), "
              "'band COLOUR' (a graded band's column: green, amber or red), "
              "'printed_direction up_down' or 'printed_direction better_worse' (what its arrows mean) or "
              "'benchmark COMPARATOR [YEAR]' (such as 'benchmark sn 2022-23'; " + ", ".join(Comparator) + ")")
SYNONYMS = {
    "reference": ("ref", "reference", "indicator ref", "indicator reference", "ref no", "no", "no.", "number",
                  "pi ref", "pi", "code", "measure ref", "id"),
    "title": ("indicator", "measure", "title", "description", "indicator title", "indicator name", "measure title",
              "performance indicator", "name"),
    "description": ("so what does this tell me?", "so what does this tell me", "why this matters", "why it matters",
                    "what this tells us", "definition"),
    "polarity": ("polarity", "good is", "low/high is good", "high/low is good", "good performance is",
                 "what good looks like", "high or low is good", "is high or low good?"),
    "intervention": ("intervention", "intervention level", "intervention point", "intervention threshold"),
    "printed_rag": ("rag", "rag rating", "rag status", "status", "rating", "red amber green"),
    "printed_direction": ("direction", "direction of travel", "dot", "dir of travel", "quarterly dir of travel",
                          "trend", "travel"),
    "comments": ("comments", "comment", "commentary", "analysis", "narrative", "performance commentary"),
    "lead_officer": ("lead", "lead officer", "responsible officer", "officer", "accountable officer", "owner",
                     "commentary/ lead", "commentary / lead", "commentary lead"),
    "data_owner": ("data owner", "data source owner", "info available from", "information available from"),
    "source_note": ("source", "data source"),
}  # fmt: skip
SINGLE = ("reference", "title", "description", "polarity", "target", "intervention", "baseline", "lead_officer",
          "data_owner", "source_note", "printed_rag", "printed_direction", "comments")  # fmt: skip
# A column of tags: the council's plan priorities, any number of them ('C&YP Plan Priority', 'Corporate Priority').
TAG = re.compile(r"^(?!.*\b(?:of|with|a|the|number|no|on|in)\b)[^%\d]{0,30}\b(?:plan|priority|priorities|outcomes?|"
                 r"themes?|objectives?)$")  # fmt: skip
# Graded bands headed by Ofsted's grades ('RI', 'Good', 'Outstanding'), and the colour each is rated.
GRADES = {"outstanding": "green", "good": "green", "requires improvement": "amber", "ri": "amber", "inadequate": "red"}
_QUARTER = re.compile(r"(?:qu|qtr|quarter|q)\.?\s*([1-4])")
_FY = re.compile(r"(\d{4}|\d{2})\s*[-/]\s*(\d{2})")
_WINDOW = re.compile(r"\brolling\s*(\d{1,2})\s*(?:m\b|months?\b)")  # 'LA rolling 6m (Jul23 - Dec23)'
# A window with no dates, ending at the pack's last month: 'LA 12m', 'LA 6m' (Sefton 2022), 'Rolling 12 months'.
_WINDOW_NOW = re.compile(r"(?:la\s+)?(?:rolling\s*)?(\d{1,2})\s*(?:m|months?)(?:\s+rolling)?")
_IN_TEXT = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s*'?-?\s*(\d{2}|\d{4})\b")
REGIONS = r"nw|ne|sw|se|wm|em|yh|ee|ldn|london|north west|north east|south west|south east|east midlands|" \
          r"west midlands|yorkshire and (?:the )?humber|east of england|region(?:al)?"  # fmt: skip
# Comparators the council typed, by the last part of the heading ('Latest published statistics (2022-23) / SN').
COMPARATORS: tuple[tuple[Comparator, re.Pattern[str]], ...] = (
    (Comparator.BAND, re.compile(r"\bmid-?50%|\bquartile|\bband(?:ing)?$")),
    (Comparator.SN, re.compile(r"^(?:sn|stat(?:istical)?\.? neigh\w*|neighbours?)(?: av\w*\.?| mean)?$")),
    (Comparator.ENGLAND, re.compile(r"^(?:eng|england|national|nat)(?: av\w*\.?| mean)?$")),
    (Comparator.REGION, re.compile(rf"^(?:{REGIONS})(?: av\w*\.?| mean)?$|^rig\b.*\b(?:{REGIONS})$")),
    (Comparator.LA_PUBLISHED, re.compile(r"^(?:la|la published)$|^rig\b")),  # the council's own regional return
)
_YEAR = re.compile(r"\((?:[^()]*\s)?((?:19|20)\d{2}(?:\s*[-/]\s*\d{2,4})?)\)")  # '(2022-23)', '(2023)'


class Recognised(NamedTuple):
    role: str  # one of ROLES, "period", "benchmark", "relative" (a period heading needing --period) or "unknown"
    period: Period | None = None  # a period column's period, or a target's year
    window: str = ""  # a second window for the same period ('6m' beside the rolling 12 months)
    comparator: Comparator | None = None  # a benchmark column's comparator
    year: str = ""  # a benchmark's year as the heading gives it ('2022-23'), or ""
    colour: str = ""  # a graded band column's RAG colour ('RI': amber)
    reading: str = ""  # a printed direction's: what its up and down arrows mean (a Reading), when the mapping says


def comparator_of(key: str) -> Recognised | None:
    """A comparator the council typed: SN, England, a region, a regional return, the middle 50% band. The part of
    a joined heading after its last ' / ' says which, and a year in brackets anywhere in it is the figures' year."""
    last = re.sub(r"\s*\*+$", "", key.rpartition(" / ")[2]).strip()
    last = re.sub(r"\s*\([^()]*\)$", "", last) or last
    found = next((c for c, pattern in COMPARATORS if pattern.search(last)), None)
    if found is None:
        return None
    return Recognised("benchmark", comparator=found, year=year_of(key))


def year_of(heading: str) -> str:
    """The year a heading gives in brackets ('Latest published statistics (2022-23)': '2022-23'), or ""."""
    year = _YEAR.search(heading)
    return re.sub(r"\s+", "", year[1]) if year else ""


def role_period(role: str) -> Recognised | None:
    """A mapping's 'period LABEL [window W]', 'target LABEL' (a financial year), 'benchmark COMPARATOR [YEAR]',
    'band COLOUR' or 'printed_direction READING'."""
    word, _, rest = role.partition(" ")
    if word == "printed_direction":
        return Recognised(word, reading=rest.strip()) if rest.strip() in set(Reading) else None
    if word == "band":
        return Recognised("band", colour=rest.strip()) if rest.strip() in ("green", "amber", "red") else None
    if word == "benchmark":
        name, _, year = rest.strip().partition(" ")
        known = name in set(Comparator) and re.fullmatch(r"|\d{4}(?:[-/]\d{2,4})?", year.strip())
        return Recognised("benchmark", comparator=Comparator(name), year=year.strip()) if known else None
    label, _, window = rest.partition(" window ")
    if word not in ("period", "target", "baseline") or not label:
        return None
    try:
        period = Period.parse(label)
    except PeriodError:
        return None
    if word == "target" and (period.kind is not Kind.YEAR or window):
        return None
    return Recognised(word, period, window.strip())


def key_of(heading: str) -> str:
    return " ".join(heading.split()).casefold().rstrip(":")


def recognise(key: str, mapped: dict[str, str], period: Period | None = None) -> Recognised:
    if key in mapped:
        role = mapped[key]
        return Recognised(role) if role in ROLES else role_period(role) or Recognised("unknown")
    if key in GRADES:
        return Recognised("band", colour=GRADES[key])
    for role, words in SYNONYMS.items():
        if key in words:
            return Recognised(role)
    if match := re.fullmatch(r"baseline\s*(?:[-:(]\s*)?(.*?)\)?", key):
        found = period_of(match[1]) if match[1] else None
        return Recognised("baseline", found) if found is not None else Recognised("unknown")
    if (quarter := _QUARTER.fullmatch(key)) is not None:  # 'Q1' with no year: the pack's financial year's
        if period is None:
            return Recognised("relative")
        return Recognised("period", Period.parse(f"Q{quarter[1]} {period.containing_financial_year().label}"))
    if re.search(r"\btargets?\b", key) and not re.search(r"\bend\b(?! target)", key):
        match = _FY.search(key)
        year = period_of(f"{'20' * (len(match[1]) == 2)}{match[1]}/{match[2]}") if match else None
        return Recognised("target", year if year is not None and year.kind is Kind.YEAR else None)
    if (comparator := comparator_of(key)) is not None:
        return comparator
    if TAG.search(key):
        return Recognised("tag")
    if (relative := _relative(key)) is not None:
        return Recognised("period", relative(period)) if period is not None else Recognised("relative")
    if match := _WINDOW_NOW.fullmatch(key):
        if period is None:
            return Recognised("relative")
        month = Period(period.end, period.end, Kind.MONTH)
        return Recognised("period", month, "" if match[1] == "12" else f"{match[1]}m")
    found = period_of(key)
    if found is not None:
        return Recognised("period", found)
    if match := _WINDOW.search(key):
        months = _IN_TEXT.findall(key)
        if months and (end := period_of(" ".join(months[-1]))) is not None:
            return Recognised("period", end, "" if match[1] == "12" else f"{match[1]}m")
    months = _IN_TEXT.findall(key)
    if len(months) == 1 and (found := period_of(" ".join(months[0]))) is not None:
        return Recognised("period", found)  # 'LA Dec23 ChAT'
    return Recognised("unknown")


# Headings for periods counted from the pack's ('Actual' is the pack's quarter), as councils write them.
RELATIVE: dict[str, Callable[[Period], Period]] = {
    "actual": lambda p: p, "current": lambda p: p, "this period": lambda p: p, "current period": lambda p: p,
    "this quarter": lambda p: p, "latest": lambda p: p,
    "previous period": Period.previous, "last period": Period.previous, "previous quarter": Period.previous,
    "last quarter": Period.previous,
    "same period last year": Period.same_period_last_year, "12 months ago": Period.same_period_last_year,
    "result 12 months ago": Period.same_period_last_year, "same quarter last year": Period.same_period_last_year,
    "previous years actual": lambda p: p.containing_financial_year().previous(),
    "previous year's actual": lambda p: p.containing_financial_year().previous(),
    "last year's outturn": lambda p: p.containing_financial_year().previous(),
    "outturn": lambda p: p.containing_financial_year().previous(),
    "previous year": lambda p: p.containing_financial_year().previous(),
}  # fmt: skip


def _relative(key: str) -> Callable[[Period], Period] | None:
    return RELATIVE.get(re.sub(r"^(la|result|figure)\s+(?=\D)", "", key.replace("’", "'")).strip()) or RELATIVE.get(key)


def suggest(name: str, quarters: list[Period]) -> str:
    """The likeliest role for a heading not recognised: the officer checks it before adding the line."""
    if (quarter := re.fullmatch(r"(?:qu|qtr|quarter|q)\.?\s*([1-4])", name)) and quarters:
        return f"period Q{quarter[1]} {quarters[-1].containing_financial_year()}"
    if re.search(r"available from|data owner|info", name):
        return "data_owner"
    if re.search(r"so what|tell|definition|explanation|description", name):
        return "description"
    if re.search(r"officer|lead|responsible", name):
        return "lead_officer"
    if re.search(r"source", name):
        return "source_note"
    return "ignore"
