"""The checks on what officers wrote, each written once: validate's readiness report, the chase list (``commentary
status``), ``commentary collect`` and ``publish`` all ask these functions, so no two of them can judge or word a
check differently. Each returns what it found; the caller files it under a topic, an officer or a form's cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ..core.errors import Problem
from ..core.figures import Figure, Status
from ..core.phrase import Detail, Phrase, parts
from ..core.vocab import Audience, IndicatorStatus
from ..engine.model import IndicatorResult, Judgement, Scorecard
from ..engine.rules import Rag, Rating
from ..engine.small_numbers_in_text import SmallNumber, acknowledged, normalised, restates_withheld, small_numbers
from .file import Commentary, CommentaryEntry
from .rules import CommentaryRules, RequiredWhen

__all__ = ["Check", "commentary_disclosures", "named", "other_colour", "unchanged"]

_RAG_WORDS = re.compile(r"\b(red|amber|green)\b", re.IGNORECASE)
Figures = tuple[list[float], list[float]]  # a row's withheld counts and its shown ones


class Check(StrEnum):
    """A check on a text, in the words every report names it by."""

    UNCHANGED = "unchanged since last period"
    TOO_SHORT = "too short"
    OTHER_COLOUR = "names a different RAG colour than the rating"


@dataclass(frozen=True)
class Flag:
    """A check a text failed, and how (``detail``, with the row's rating in it as a value: the caller words it)."""

    check: Check
    detail: Detail

    @property
    def phrase(self) -> Phrase:
        """As collect words it: the check, then how ("too short (3 words, fewer than 15)")."""
        return (f"{self.check} (", *parts(self.detail), ")")


def unchanged(text: str, earlier: CommentaryEntry | None) -> Flag | None:
    """Last period's text again, word for word (as a prefilled form left as it was)."""
    if earlier is None or earlier.text.strip() != text.strip():
        return None
    return Flag(Check.UNCHANGED, "the same text as last period")


def too_short(text: str, min_words: int) -> Flag | None:
    """Fewer words than the pack's ``commentary: min_words``."""
    words = len(text.split())
    if words >= min_words:
        return None
    return Flag(Check.TOO_SHORT, f"{words} word{'s' if words != 1 else ''}, fewer than {min_words}")


def other_colour(text: str, rag: Rag) -> Flag | None:
    """A RAG colour named in the text that is not the row's rating: "back to green" on a row rated red."""
    said = sorted({word.lower() for word in _RAG_WORDS.findall(text)})
    if not said or str(rag.rating) in said:
        return None
    return Flag(Check.OTHER_COLOUR, (f"says {' / '.join(said)}, rated ", rag))


def required(row: IndicatorResult, rules: CommentaryRules) -> bool:
    """Whether the pack requires commentary on this row (by default: red or worsening); publish refuses without."""
    if row.indicator.status is not IndicatorStatus.LIVE:
        return False
    wanted = set(rules.required)
    return (
        RequiredWhen.ALWAYS in wanted
        or (RequiredWhen.RED in wanted and row.rag.rating is Rating.RED)
        or (RequiredWhen.AMBER in wanted and row.rag.rating is Rating.AMBER)
        or (RequiredWhen.WORSENING in wanted and row.direction.judgement is Judgement.WORSENING)
    )


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
                for item, message in disclosed(text, threshold, entry.acknowledged, figures):
                    line = start + normalised(text).count("\n", 0, item.start) if start else None
                    problems.append(Problem(file, line, f"{key}.{name}.{field}", message))
    return problems


def disclosed(
    text: str, threshold: int, phrases: list[str], figures: Figures | None = None
) -> list[tuple[SmallNumber, str]]:
    """Each small count in ``text`` that stops a public pack, with why; ``phrases`` are those acknowledged."""
    found = [(item, _disclosed(item, text, phrases, figures)) for item in small_numbers(text, threshold)]
    return [(item, message) for item, message in found if message is not None]


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
