"""The RAG rules an indicator may name in the registry, one schema per rule, chosen by its ``rule`` name."""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal, NamedTuple

from pydantic import Field, field_validator, model_validator

from .schema import Model, Text

__all__ = [
    "RULES_NEEDING_TARGET", "Bands", "DirectionTarget", "Intervention", "Range", "TargetTolerance", "Thresholds",
    "parse_band_range",
]  # fmt: skip

RagColour = Literal["green", "amber", "red"]


class TargetTolerance(Model):
    """Green at or better than target; amber within the tolerance of it; red beyond."""

    rule: Literal["target_tolerance"]
    tolerance: float = Field(default=0, ge=0)  # none given: green at or better than target, else red
    tolerance_type: Literal["absolute", "relative"] = "absolute"


class Thresholds(Model):
    """Explicit green and amber thresholds (at or better than each)."""

    rule: Literal["thresholds"]
    green: float
    amber: float


class Intervention(Model):
    """Green at or better than target; amber between target and the intervention level; red beyond it."""

    rule: Literal["intervention"]
    intervention: float


class Range(Model):
    """Green inside a target range such as 400-450; amber within ``tolerance`` outside it; red beyond."""

    rule: Literal["range"]
    low: float
    high: float
    tolerance: float = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.low > self.high:
            raise ValueError(f"'low' must not be above 'high'; got low {self.low} and high {self.high}")
        return self


class BandRange(Model):
    label: Text
    rag: RagColour
    range: Text

    @field_validator("range")
    @classmethod
    def _readable(cls, value: str) -> str:
        parse_band_range(value)
        return value


class BandOtherwise(Model):
    label: Text = "Inadequate"
    rag: RagColour = "red"


class Bands(Model):
    """Graded bands as written on scorecards ("75-80 / 81-89 / 90+"), best first; gaps go to the worse band."""

    rule: Literal["bands"]
    bands: list[BandRange] = Field(min_length=1)
    otherwise: BandOtherwise = Field(default_factory=BandOtherwise)  # made afresh: faster than a deep copy


class DirectionTarget(Model):
    """Green when the figure moved the way the service aims (increase / reduce) against the comparator."""

    rule: Literal["direction"]
    aim: Literal["increase", "reduce"]


class NotRated(Model):
    rule: Literal["none"]


RagRule = Annotated[
    TargetTolerance | Thresholds | Intervention | Range | Bands | DirectionTarget | NotRated,
    Field(discriminator="rule"),
]
RULES_NEEDING_TARGET = ("target_tolerance", "intervention")


class BandBounds(NamedTuple):
    """A band as written: its lowest and highest values, and whether each end is strict (``<15``, ``>25``)."""

    low: float
    high: float
    low_strict: bool = False
    high_strict: bool = False

    def text(self, written: str) -> str:
        """The band lowest first ("25-21" -> "21-25"), so every band reads the same way."""
        if math.isinf(self.low) or math.isinf(self.high):
            return written.replace(" ", "")
        return f"{self.low:g}-{self.high:g}"


def parse_band_range(text: str) -> BandBounds:
    """Read a band as written on scorecards: "81-89", "25-21", "90+", ">=90", "<15", ">25"."""
    clean = text.replace(" ", "").replace("%", "").replace("–", "-")
    number = r"(\d+(?:\.\d+)?)"
    if match := re.fullmatch(number + "-" + number, clean):
        a, b = float(match[1]), float(match[2])
        return BandBounds(min(a, b), max(a, b))
    if match := re.fullmatch(number + r"\+", clean) or re.fullmatch(">=" + number, clean):
        return BandBounds(float(match[1]), math.inf)
    if match := re.fullmatch(">" + number, clean):
        return BandBounds(float(match[1]), math.inf, low_strict=True)
    if match := re.fullmatch("<=" + number, clean):
        return BandBounds(-math.inf, float(match[1]))
    if match := re.fullmatch("<" + number, clean):
        return BandBounds(-math.inf, float(match[1]), high_strict=True)
    raise ValueError(f"expected a band such as '81-89', '90+', '<15' or '>25', got '{text}'")
