"""A sentence as text and the values in it: what the engine and the commentary round return where a sentence
holds a rating, a judgement, a figure's status or a sign-off, so that they return values and never the words for
them. The output stage words each value from the wording catalogue (``publisher.output.words.phrase``)."""

from __future__ import annotations

__all__ = ["Detail", "Phrase", "parts"]

Phrase = tuple[object, ...]  # text, and values: a Rag, a Direction, a Status, a SignOff
Detail = str | Phrase  # plain text, or a phrase


def parts(detail: Detail) -> Phrase:
    """``detail`` as a phrase, to build a longer one from it."""
    return (detail,) if isinstance(detail, str) else detail
