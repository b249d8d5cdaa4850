"""The catalogue's words for the values the engine returns: a rating, a direction's judgement, a sign-off, and a
sentence that holds them (:data:`publisher.engine.model.Phrase`).

The engine and the commentary round return values and only the output stage (and the CLI, through here) words
them, so no code table repeats the catalogue and a council's rewording or Welsh reaches wherever they are printed.
Each function takes the catalogue's entries (``Messages.entries``); officer-facing commands pass publisher's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..commentary.signoff import SignOff
from ..engine.model import Detail, Direction
from ..engine.rules import Rag
from .messages import fill, long_date

__all__ = ["phrase", "rating_word", "signoff_words"]


def rating_word(rag: Rag, words: Mapping[str, Any]) -> str:
    """What a RAG cell says, so the rating is never carried by colour alone; a graded band keeps the name the
    scorecard gives it ("Good")."""
    return rag.band or words["rag"][rag.rating]


def judgement_word(direction: Direction, words: Mapping[str, Any]) -> str:
    """A direction of travel's judgement ("Worsening")."""
    return str(words["direction"][direction.judgement])


def signoff_words(approval: SignOff, words: Mapping[str, Any]) -> str:
    """A section's sign-off as the cover prints it ("Approved by Amira Shah on 25 October 2026")."""
    date = long_date(approval.date, words) if approval.date else ""
    return fill(words["signoff"][approval.state], by=approval.by, date=date)


def phrase(detail: Detail, words: Mapping[str, Any]) -> str:
    """A sentence the engine returned, its values worded: a rating as its cell says it, a judgement in lower case
    (it sits inside the sentence, "rated Red, worsening"), a sign-off as the cover prints it."""
    if isinstance(detail, str):
        return detail
    return "".join(_word(part, words) for part in detail)


def _word(part: object, words: Mapping[str, Any]) -> str:
    if isinstance(part, Rag):
        return rating_word(part, words)
    if isinstance(part, Direction):
        return judgement_word(part, words).lower()
    if isinstance(part, SignOff):
        return signoff_words(part, words)
    return str(part)
