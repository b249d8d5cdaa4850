"""Problems found in a user's input, collected so that one run reports all of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place: ``file:line: 'field': message``."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" '{self.field}':" if self.field else ""
        return f"{where}:{field} {self.message}"


class InputError(Exception):
    """Raised with every problem found in an input, never just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)
