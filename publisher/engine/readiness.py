"""The readiness report: what an officer should fix or chase before the pack goes to committee."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..commentary.file import Commentary, CommentaryEntry
from ..core.errors import Problem
from ..core.figures import Figure, Status
from ..core.vocab import Audience, IndicatorStatus
from ..inputs.packs import Pack
from ..inputs.printed import Printed
from ..inputs.ragrules import RULES_NEEDING_TARGET
from .as_printed import printed_differences
from .model import IndicatorResult, Scorecard
from .small_numbers_in_text import SmallNumber, acknowledged, normalised, restates_withheld, small_numbers


@dataclass(frozen=True)
class Finding:
    topic: str
    reference: str
    detail: str

    def __str__(self) -> str:
        return f"  {self.reference}: {self.detail}"


TOPICS = (
    "Missing data",
    "Missing commentary",
    "Commentary unchanged from last period",
    "No target",
    "Small numbers in commentary",
    "Commentary out of step with the rating",
    "Not as the scorecard printed it",
)
RAG_WORDS = re.compile(r"\b(red|amber|green)\b", re.IGNORECASE)
Figures = tuple[list[float], list[float]]  # a row's withheld counts and its shown ones


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
            earlier = commentary.for_indicator(previous, ref)
            if (
                row.commentary is not None
                and earlier is not None
                and earlier.text.strip() == row.commentary.text.strip()
            ):
                findings.append(Finding("Commentary unchanged from last period", ref, f"same text as {previous}"))
            said = {word.lower() for word in RAG_WORDS.findall(row.commentary.text)} if row.commentary else set()
            if said and str(row.rag.rating) not in said:
                findings.append(
                    Finding(
                        "Commentary out of step with the rating",
                        ref,
                        f"the commentary says {' / '.join(sorted(said))}, but the indicator is rated {row.rag.word}",
                    )
                )
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


def named(problem: Problem) -> str:
    """The priority or indicator a commentary problem is about: "CL3.1" from "indicators.CL3.1.text" (a reference
    may hold dots)."""
    return problem.field.rpartition(".")[0].partition(".")[2]


def commentary_disclosures(
    scorecard: Scorecard, commentary: Commentary, behind: Scorecard | None = None
) -> list[Problem]:
    """Phrases of a public pack's commentary that state or reveal a small count, not acknowledged as safe.

    ``publish`` refuses a public pack while any is left, so each needs rewording or an explicit acknowledgement
    (``acknowledged:`` in the commentary file, which is archived with the pack). ``behind`` is the same pack
    unprotected (restricted): an acknowledged phrase giving an indicator's withheld figure, or its sum or
    difference with another of the row's figures, is refused all the same (:func:`restates_withheld`).
    """
    if scorecard.audience == Audience.RESTRICTED:
        return []
    unprotected = {r.indicator.reference: r for r in behind.rows} if behind else {}
    problems = []
    for section in scorecard.sections:
        thresholds = [r.indicator.small_number_threshold for r in section.rows]
        texts: list[tuple[str, str, CommentaryEntry | None, int, Figures | None]]
        texts = [("priorities", section.priority.id, section.commentary, max(thresholds, default=5), None)]
        texts += [("indicators", r.indicator.reference, r.commentary, r.indicator.small_number_threshold,
                   _withheld(r, unprotected.get(r.indicator.reference))) for r in section.rows]  # fmt: skip
        for key, name, entry, threshold, figures in texts:
            if entry is None:
                continue
            file, first = commentary.lines.get((scorecard.period, key, name), ("commentary", 0))
            for field, text in entry.published.items():
                start = first if field == "text" else 0  # the lines known are the text's
                for item in small_numbers(text, threshold):
                    if message := _disclosed(item, text, entry.acknowledged, figures):
                        line = start + normalised(text).count("\n", 0, item.start) if start else None
                        problems.append(Problem(file, line, f"{key}.{name}.{field}", message))
    return problems


def _disclosed(item: SmallNumber, text: str, phrases: list[str], figures: Figures | None) -> str | None:
    """Why a phrase found stops a public pack, or None when it is acknowledged and restates nothing withheld."""
    if not acknowledged(item, text, phrases):
        return f"'{item.phrase}' ({item.why}): reword it, or add it to 'acknowledged' if it is safe"
    if figures is None or (restated := restates_withheld(item, *figures)) is None:
        return None
    return (f"'{item.phrase}' ({item.why}) is acknowledged, but it gives {restated:g}, which this indicator's "
            "figures withhold so that it cannot be worked out: reword it")  # fmt: skip


def _withheld(row: IndicatorResult, behind: IndicatorResult | None) -> Figures | None:
    """A row's withheld counts (read from ``behind``) and its shown ones, over its period columns and sparkline."""
    if behind is None:
        return None
    withheld, shown = [], []
    for public, full in zip(_columns(row), _columns(behind), strict=True):
        count = full.numerator if full.numerator is not None else full.value
        if count is not None and public.status is Status.SUPPRESSED:
            withheld.append(count)
        elif count is not None and public.available:
            shown.append(count)
    return withheld, shown


def _columns(row: IndicatorResult) -> list[Figure]:
    points = [row.previous, row.same_period_last_year, row.outturn_last_year, *row.recent, *row.year_quarters]
    return [row.headline, *(p.figure for p in points), *([row.baseline.figure] if row.baseline else [])]


def introduction_disclosures(pack: Pack) -> list[Problem]:
    """Small numbers in a public pack's introduction, printed on its cover."""
    text = pack.definition.introduction
    if pack.definition.audience == Audience.RESTRICTED or not text:
        return []
    return [
        Problem(str(pack.source), None, "introduction", f"'{item.phrase}' ({item.why}): reword it")
        for item in small_numbers(text, 5)
    ]


def format_report(findings: tuple[Finding, ...]) -> str:
    lines = []
    for topic in TOPICS:
        items = [f for f in findings if f.topic == topic]
        lines.append(f"{topic}: {len(items) or 'none'}")
        lines.extend(str(f) for f in items)
    return "\n".join(lines)
