"""Problems found in a user's input, collected so that one run reports all of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["InputError", "Problem", "listing", "raise_if_any"]


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


LISTED = 200  # problems printed; the rest are counted, so that a hostile file cannot fill the disk or the screen


class InputError(Exception):
    """Raised with every problem found in an input, never just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(listing(self.problems)))


def listing(problems: Sequence[Problem]) -> list[str]:
    """The problems as lines to print: the first :data:`LISTED`, then how many more there are."""
    lines = [str(p) for p in problems[:LISTED]]
    if len(problems) > LISTED:
        more = len(problems) - LISTED
        lines.append(f"... and {more} more problem{'s' if more != 1 else ''} not listed: "
                     f"fix these and run again to see the rest")  # fmt: skip
    return lines


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)
