"""A pack's rules for its commentary round: which indicators must have commentary, how long it may be, and
whether forms start from last period's text. Under ``commentary:`` in the pack file; every key optional."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from ..inputs.schema import Choice, Model

__all__ = ["CommentaryRules"]


class RequiredWhen(StrEnum):
    """When an indicator's commentary is required: a FINAL publish refuses while any such is missing."""

    RED = "red"
    AMBER = "amber"
    WORSENING = "worsening"
    ALWAYS = "always"


class CommentaryRules(Model):
    required: list[Choice[RequiredWhen]] = [RequiredWhen.RED, RequiredWhen.WORSENING]
    min_words: int = Field(default=15, ge=0, le=1000)  # shorter is listed by 'commentary status' as too short
    max_characters: int = Field(default=4000, ge=100, le=32000)  # longer is refused (Excel holds 32,767 per cell)
    prefill: bool = False  # forms start from last period's text (the officer edits rather than rewrites)
