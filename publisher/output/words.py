"""The catalogue's words for the values the engine returns: a rating, a direction's judgement, a figure's status,
a sign-off, the side of a target a figure is on, what a code in a data cell means, the catalogue's own sentences
the engine names with their values (:class:`publisher.core.phrase.Sentence`: why a figure has its rating or
direction, or no figure), and a phrase that holds them (:data:`publisher.core.phrase.Phrase`).

The engine and the commentary round return values and only the output stage (and the CLI, through here) words
them, so no code table repeats the catalogue and a council's rewording or Welsh reaches wherever they are printed.
Each function takes the catalogue's entries (``Messages.entries``); officer-facing commands pass publisher's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..commentary.signoff import SignOff
from ..core.codes import Meaning
from ..core.figures import Figure, Status
from ..core.phrase import Detail, Sentence, parts
from ..engine.model import Direction, Judgement
from ..engine.rules import Rag, Rating, Side
from ..inputs.ragrules import DirectionTarget
from ..inputs.registry import Indicator
from .messages import entry, fill, long_date

__all__ = ["phrase", "rating_word", "signoff_words"]


def rating_word(rag: Rag, words: Mapping[str, Any]) -> str:
    """What a RAG cell says, so the rating is never carried by colour alone; a graded band keeps the name the
    scorecard gives it ("Good")."""
    return rag.band or words["rag"][rag.rating]


def aim_word(indicator: Indicator, said: Mapping[str, str]) -> str:
    """A RAG rule by direction's aim in ``said``'s words (the target column's "Reduce", At a glance's "aim:
    reduce"), never the registry's own; empty for any other rule."""
    rule = indicator.rag
    return str(said[rule.aim]) if isinstance(rule, DirectionTarget) else ""


def judgement_word(direction: Direction, words: Mapping[str, Any]) -> str:
    """A direction of travel's judgement ("Worsening")."""
    return str(words["direction"][direction.judgement])


def signoff_words(approval: SignOff, words: Mapping[str, Any]) -> str:
    """A section's sign-off as the cover prints it ("Approved by Amira Shah on 25 October 2026")."""
    date = long_date(approval.date, words) if approval.date else ""
    return fill(words["signoff"][approval.state], by=approval.by, date=date)


def figure_reason(figure: Figure, words: Mapping[str, Any]) -> str:
    """Why a figure is not shown, in a member's words ("Not yet due: future quarter", "Suppressed: withheld so
    that ..."); empty for a figure shown."""
    return phrase(figure.reason, words)


def phrase(detail: Detail, words: Mapping[str, Any]) -> str:
    """A sentence the engine returned, its values worded: a rating as its cell says it, a sign-off as the cover
    prints it, a judgement, a rating's word, a figure's status or a side in lower case inside the sentence ("rated
    Red, worsening") and as the catalogue writes it when it opens one ("Missing: no figure for Q2 2026-27", "Not
    rated: ..."); a catalogue sentence, like a sentence quoted in another, as its own."""
    return "".join(_word(part, words, n > 0) for n, part in enumerate(parts(detail)))


def sentence(said: Sentence, words: Mapping[str, Any]) -> str:
    """The catalogue's sentence with its values worded: a value whose placeholder opens the sentence as its entry
    writes it ("No change from 12 in Q1 2024-25"), one inside it in lower case ("Up from 40 in Q1 2024-25:
    improving"). Filled by ``fill``: the text may be a council's."""
    text = entry(words, said.key)  # as the catalogue holds it, for fill to undouble its braces once
    return fill(text, **{name: _word(value, words, not text.startswith(f"{{{name}}}")) for name, value in said.values})


def _word(part: object, words: Mapping[str, Any], inside: bool) -> str:
    if isinstance(part, tuple):  # a sentence quoted in another ("...: Not rated: no target"), worded as its own
        return phrase(part, words)
    if isinstance(part, Sentence):
        return sentence(part, words)
    if isinstance(part, Meaning):  # a data code's meaning, as its entry writes it
        return sentence(Sentence(f"explain.code.{part}"), words)
    if isinstance(part, Rag):
        return rating_word(part, words)
    if isinstance(part, SignOff):
        return signoff_words(part, words)
    if isinstance(part, Direction):
        word = judgement_word(part, words)
    elif isinstance(part, Judgement):
        word = str(words["direction"][part])
    elif isinstance(part, Rating):
        word = str(words["rag"][part])
    elif isinstance(part, Status):
        word = str(words["status"][part])
    elif isinstance(part, Side):
        word = str(words["explain"]["side"][part])
    else:
        return str(part)
    return word.lower() if inside else word
