"""The base of every YAML schema: unknown keys refused, values frozen, types strict, no NaN or infinity."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, Strict

__all__ = ["Choice", "Model", "Text"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


Text = Annotated[str, Field(min_length=1)]

E = TypeVar("E", bound=StrEnum)
# One of an enum's words as written in YAML: strict mode would otherwise want the enum object itself.
Choice = Annotated[E, Strict(False)]
