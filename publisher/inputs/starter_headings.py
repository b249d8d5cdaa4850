"""What a scorecard's column heading says it holds: a role ('Ref', 'Indicator', 'Low/High is good'), a period
('Qu 1 18-19', 'LA Dec23 ChAT', 'Actual' against --period), or a second window for a period ('LA rolling 6m')."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ..core.periods import Kind, Period, PeriodError
from .starter_cells import period_of

ROLES = ("reference", "title", "description", "polarity", "target", "lead_officer", "data_owner", "source_note",
         "ignore")  # fmt: skip
ROLES_HELP = ", ".join(ROLES) + ", 'period LABEL' (such as 'period Q2 2018-19') or 'target LABEL' (its year)"
SYNONYMS = {
    "reference": ("ref", "reference", "indicator ref", "indicator reference", "ref no", "no", "no.", "number",
                  "pi ref", "pi", "code", "measure ref", "id"),
    "title": ("indicator", "measure", "title", "description", "indicator title", "indicator name", "measure title",
              "performance indicator", "name"),
    "polarity": ("polarity", "good is", "direction", "low/high is good", "high/low is good", "good performance is",
                 "what good looks like"),
    "lead_officer": ("lead", "lead officer", "responsible officer", "officer", "accountable officer", "owner"),
    "data_owner": ("data owner", "data source owner"),
    "source_note": ("source", "data source"),
}  # fmt: skip
SINGLE = ("reference", "title", "description", "polarity", "target", "lead_officer", "data_owner", "source_note")
_FY = re.compile(r"(\d{4}|\d{2})\s*[-/]\s*(\d{2})")
_WINDOW = re.compile(r"\brolling\s*(\d{1,2})\s*(?:m\b|months?\b)")  # 'LA rolling 6m (Jul23 - Dec23)'
_IN_TEXT = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s*'?-?\s*(\d{2}|\d{4})\b")
# Comparators the council typed (SN, national, regional, a regional return): recognised, not yet carried over.
COMPARATOR = re.compile(r"^(?:.* / )?(?:la|sn|eng|england|nw|ne|sw|se|wm|em|yh|ee|region(?:al)?|national(?: av\w*)?|"
                        r"stat(?:istical)? neigh\w*(?: av\w*)?|rig .*)$|\bmid-50%")  # fmt: skip
class Recognised(NamedTuple):
    role: str  # one of ROLES, "period", "relative" (a period heading needing --period) or "unknown"
    period: Period | None = None  # a period column's period, or a target's year
    window: str = ""  # a second window for the same period ('6m' beside the rolling 12 months)


def role_period(role: str) -> Recognised | None:
    """A mapping's 'period LABEL [window W]' or 'target LABEL' (a financial year)."""
    word, _, rest = role.partition(" ")
    label, _, window = rest.partition(" window ")
    if word not in ("period", "target") or not label:
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
    for role, words in SYNONYMS.items():
        if key in words:
            return Recognised(role)
    if re.search(r"\btargets?\b", key) and not re.search(r"\bend\b", key):
        match = _FY.search(key)
        year = period_of(f"{'20' * (len(match[1]) == 2)}{match[1]}/{match[2]}") if match else None
        return Recognised("target", year if year is not None and year.kind is Kind.YEAR else None)
    if COMPARATOR.search(key):
        return Recognised("comparator")
    if (relative := _relative(key)) is not None:
        return Recognised("period", relative(period)) if period is not None else Recognised("relative")
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
