"""A sentence as text and the values in it: what the engine and the commentary round return where a sentence
holds a rating, a judgement, a figure's status or a sign-off, so that they return values and never the words for
them. The output stage words each value from the wording catalogue (``publisher.output.words.phrase``).

A sentence a member reads is one of the catalogue's own (:class:`Sentence`): the engine names the entry and gives
its values, so a council's rewording or Welsh reaches it; the officers' words stay plain text."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Detail", "Phrase", "Sentence", "parts"]

Phrase = tuple[object, ...]  # text, and values: a Rag, a Direction, a Status, a SignOff, a Sentence


@dataclass(frozen=True)
class Sentence:
    """One of the catalogue's sentences, by its entry's dotted name ("explain.rag.on_target"), with the values
    for its ``{placeholders}``: text already formatted as the pack prints it, or a value the catalogue words (a
    judgement, a side of a target, another sentence)."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Sentence:
        return cls(key, tuple(values.items()))


Detail = str | Sentence | Phrase  # plain text, a catalogue sentence, or a phrase


def parts(detail: Detail) -> Phrase:
    """``detail`` as a phrase, to build a longer one from it."""
    return detail if isinstance(detail, tuple) else (detail,)
