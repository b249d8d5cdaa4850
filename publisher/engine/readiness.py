"""The readiness report: what an officer should fix or chase before the pack goes to committee."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.figures import Status
from ..core.vocab import Audience, IndicatorStatus
from ..inputs.commentary import Commentary
from ..inputs.registry import RULES_NEEDING_TARGET
from .model import Scorecard


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
)
RAG_WORDS = re.compile(r"\b(red|amber|green)\b", re.IGNORECASE)
# A count from 1 to 5 standing alone ("the other 3 remained"), not part of 2.5, 3%, Q3, 1st or 2024-25.
SMALL_NUMBER = re.compile(r"(?<![\w.,£$/-])[1-5](?![\w.,%/]|-\d)")


def readiness(scorecard: Scorecard, commentary: Commentary) -> tuple[Finding, ...]:
    period = scorecard.period
    previous = period.previous()
    findings: list[Finding] = []
    for section in scorecard.sections:
        texts = [(section.priority.id, section.commentary)] + [
            (r.indicator.reference, r.commentary) for r in section.rows
        ]
        if scorecard.audience != Audience.RESTRICTED:
            for name, entry in texts:
                if entry is not None and (match := SMALL_NUMBER.search(entry.text)):
                    context = entry.text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ")
                    findings.append(
                        Finding(
                            "Small numbers in commentary",
                            name,
                            f"a count of 1 to 5 in a public pack: '...{context.strip()}...'",
                        )
                    )
        if section.commentary is None:
            findings.append(Finding("Missing commentary", section.priority.id, f"no priority commentary for {period}"))
        for row in section.rows:
            ref, indicator = row.indicator.reference, row.indicator
            if row.headline.status is Status.MISSING:
                findings.append(Finding("Missing data", ref, row.headline.reason))
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
                findings.append(Finding("No target", ref, f"no target for {period.containing_financial_year()}"))
            elif indicator.rag.rule == "none" and indicator.status is IndicatorStatus.LIVE:
                findings.append(Finding("No target", ref, "not rated: no target or RAG rule"))
    return tuple(findings)


def format_report(findings: tuple[Finding, ...]) -> str:
    lines = []
    for topic in TOPICS:
        items = [f for f in findings if f.topic == topic]
        lines.append(f"{topic}: {len(items) or 'none'}")
        lines.extend(str(f) for f in items)
    return "\n".join(lines)
