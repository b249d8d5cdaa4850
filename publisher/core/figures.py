"""A figure is a value or the reason there is none; it is never a silent zero."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .phrase import Detail, Phrase, parts

__all__ = ["Figure", "Status", "format_number", "round_half_away"]


class Status(StrEnum):
    OK = "ok"
    SUPPRESSED = "suppressed"
    MISSING = "missing"
    NOT_DUE = "not_due"
    IN_DEVELOPMENT = "in_development"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Figure:
    """A value with its numerator and denominator kept for display, or no value and a status saying why.

    ``note`` is in a member's words, a sentence of the wording catalogue (``explain.figure``: "no figure for Q2
    2026-27"), printed after its word for the status ("Missing: no figure for Q2 2026-27"); ``detail`` is what
    only an officer needs to put it right (the series, the option to change), which ``validate`` prints and a pack
    never does."""

    value: float | None
    status: Status = Status.OK
    note: Detail = ""
    numerator: float | None = None
    denominator: float | None = None
    detail: str = ""

    def __post_init__(self) -> None:
        if (self.value is None) == (self.status is Status.OK):
            raise ValueError(f"a figure with status {self.status} cannot have value {self.value!r}")

    @classmethod
    def of(cls, value: float, numerator: float | None = None, denominator: float | None = None) -> Figure:
        return cls(float(value), Status.OK, "", numerator, denominator)

    @classmethod
    def none(cls, status: Status, note: Detail, detail: str = "") -> Figure:
        return cls(None, status, note, detail=detail)

    @property
    def available(self) -> bool:
        return self.status is Status.OK

    @property
    def reason(self) -> Phrase:
        """Why there is no value, as a phrase (publisher.core.phrase): the status, worded from the catalogue, then
        the note; empty for a value."""
        if self.available:
            return ()
        return (self.status, ": ", *parts(self.note)) if self.note else (self.status,)

    @property
    def diagnosis(self) -> Phrase:
        """For an officer: the reason and, when there is one, how to put it right."""
        return (*self.reason, f" {self.detail}") if self.detail else self.reason


def round_half_away(value: float, decimals: int) -> float:
    """Round as Excel and a reader do (2.5 -> 3, -2.5 -> -3, 0.125 -> 0.13), not to even as Python does."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return float(rounded)


def format_number(value: float, decimals: int) -> str:
    """Thousands separators and fixed decimals: 12345.678 -> '12,345.7' at one decimal place."""
    return f"{round_half_away(value, decimals):,.{decimals}f}"
