"""The readiness report: what an officer should fix or chase before the pack goes to committee."""

from __future__ import annotations

from dataclasses import dataclass

from ..commentary.checks import Check, commentary_disclosures, named, other_colour, unchanged
from ..commentary.file import Commentary
from ..core.errors import Problem
from ..core.figures import Status
from ..core.phrase import Detail
from ..core.vocab import Audience, IndicatorStatus
from ..inputs.packs import Pack
from ..inputs.printed import Printed
from ..inputs.ragrules import RULES_NEEDING_TARGET
from .as_printed import printed_differences
from .model import Scorecard
from .small_numbers_in_text import small_numbers

__all__ = ["TOPICS", "Finding", "introduction_disclosures", "readiness"]


@dataclass(frozen=True)
class Finding:
    topic: str
    reference: str
    detail: Detail  # with values in it (a rating, a direction), which the CLI words from the catalogue


FROM_SCORECARD = "Commentary from the scorecard, not confirmed"  # init read it from the sheet: its lead confirms it
TOPICS = (  # in the order the report lists them
    "Missing data",
    "Missing commentary",
    FROM_SCORECARD,
    f"Commentary {Check.UNCHANGED}",
    "No target",
    "Small numbers in commentary",
    f"Commentary {Check.OTHER_COLOUR}",
    "Not as the scorecard printed it",
)


def readiness(scorecard: Scorecard, commentary: Commentary, behind: Scorecard | None = None,
              printed: tuple[Printed, ...] = ()) -> tuple[Finding, ...]:  # fmt: skip
    """What stands between the scorecard and a pack: ``behind`` is the same figures with nothing withheld, for the
    commentary check (:func:`commentary_disclosures`) and for the council's ``printed`` RAG and direction."""
    period = scorecard.period
    previous = period.previous()
    findings: list[Finding] = []
    for section in scorecard.sections:
        if section.commentary is None:
            findings.append(Finding("Missing commentary", section.priority.id, f"no priority commentary for {period}"))
        for row in section.rows:
            ref, indicator = row.indicator.reference, row.indicator
            if row.headline.status is Status.MISSING:
                findings.append(Finding("Missing data", ref, row.headline.diagnosis))
            if indicator.status is IndicatorStatus.LIVE and row.commentary is None:
                findings.append(Finding("Missing commentary", ref, f"no commentary for {period}"))
            if row.commentary is not None and row.commentary.from_scorecard:
                lead = indicator.lead_officer or "the lead officer"
                findings.append(Finding(FROM_SCORECARD, ref, f"as printed in "
                                        f"{row.commentary.from_scorecard}: {lead} confirms or replaces it in their "
                                        "commentary form"))  # fmt: skip
            if row.commentary is not None:
                text, earlier = row.commentary.text, commentary.for_indicator(previous, ref)
                flags = (unchanged(text, earlier), other_colour(text, row.rag))
                findings += [Finding(f"Commentary {f.check}", ref, f.detail) for f in flags if f is not None]
            if indicator.rag.rule in RULES_NEEDING_TARGET and row.target is None:
                judged = row.data_period if indicator.frequency.reported_by_year_or_term else period  # its own year
                findings.append(Finding("No target", ref, f"no target for {judged.containing_financial_year()}"))
            elif indicator.rag.rule == "none" and indicator.status is IndicatorStatus.LIVE:
                findings.append(Finding("No target", ref, "not rated: no target or RAG rule"))
    differences = printed_differences(behind or scorecard, printed)
    findings += [Finding("Not as the scorecard printed it", ref, detail) for ref, detail in differences]
    return (*findings, *small_numbers_in_commentary(scorecard, commentary, behind))


def small_numbers_in_commentary(
    scorecard: Scorecard, commentary: Commentary, behind: Scorecard | None
) -> list[Finding]:
    found = commentary_disclosures(scorecard, commentary, behind)
    return [Finding("Small numbers in commentary", named(p), str(p)) for p in found]


def introduction_disclosures(pack: Pack) -> list[Problem]:
    """Small numbers in a public pack's introduction, printed on its cover."""
    text = pack.definition.introduction
    if pack.definition.audience == Audience.RESTRICTED or not text:
        return []
    return [
        Problem(str(pack.source), None, "introduction", f"'{item.phrase}' ({item.why}): reword it")
        for item in small_numbers(text, 5)
    ]
