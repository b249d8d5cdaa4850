"""The council's own RAG, direction and comments as its scorecard printed them (``data/scorecard-as-printed.csv``,
written by ``publisher init --from``): kept to compare with publisher's, never used to rate. An arrow or word is
read as a move (up, down, level) or a judgement (improving, worsening), up and down as better and worse where the
row's ``arrows`` says ``better_worse``; anything else is left as written."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..core.errors import InputError, Problem
from ..core.periods import Period, PeriodError
from .tables import read_rows

__all__ = ["PRINTED_COLUMNS", "PRINTED_NAME", "Arrow", "Printed", "Reading", "arrow_of", "as_read", "load_printed"]

PRINTED_NAME = "data/scorecard-as-printed.csv"
PRINTED_COLUMNS = ("reference", "period", "printed_rag", "printed_direction", "comments", "arrows")


class Arrow(StrEnum):
    """What a printed direction says: a move, or a judgement of it."""

    UP = "up"
    DOWN = "down"
    LEVEL = "level"
    IMPROVING = "improving"
    WORSENING = "worsening"


ARROWS: dict[Arrow, tuple[str, ...]] = {
    Arrow.UP: ("↑", "⬆", "▲", "⇧", "↗", "up", "increase", "increased", "higher", "rising"),
    Arrow.DOWN: ("↓", "⬇", "▼", "⇩", "↘", "down", "decrease", "decreased", "lower", "falling", "reduced"),
    Arrow.LEVEL: ("→", "↔", "⬌", "⟷", "▬", "■", "=", "same", "no change", "unchanged", "stable", "static",
                  "level", "steady"),
    Arrow.IMPROVING: ("improving", "improved", "better"),
    Arrow.WORSENING: ("worsening", "worsened", "worse", "declining", "deteriorating", "deteriorated"),
}  # fmt: skip


class Reading(StrEnum):
    """What a sheet's up and down arrows mean: the figure rose or fell, or it got better or worse (Sefton prints
    '↓' for a rise where low is good). ``init`` tells them apart from rows whose move and polarity are known."""

    UP_DOWN = "up_down"
    BETTER_WORSE = "better_worse"


JUDGING = {Arrow.UP: Arrow.IMPROVING, Arrow.DOWN: Arrow.WORSENING}  # an arrow read as better or worse


def as_read(arrow: Arrow | None, reading: Reading) -> Arrow | None:
    """An arrow as the sheet means it: under ``better_worse``, up is improving and down is worsening."""
    return JUDGING[arrow] if reading is Reading.BETTER_WORSE and arrow in JUDGING else arrow


def arrow_of(text: str) -> Arrow | None:
    """A printed direction as a move or judgement; None for a blank, a dash or words not known."""
    key = " ".join(text.split()).casefold().rstrip(".")
    return next((arrow for arrow, words in ARROWS.items() if key in words), None)


@dataclass(frozen=True)
class Printed:
    """One row of the scorecard as printed: what the council said for its latest figure's period."""

    reference: str
    period: Period
    rag: str
    direction: str
    row: int
    reading: Reading = Reading.UP_DOWN  # what its up and down arrows mean


def load_printed(path: Path) -> tuple[Printed, ...]:
    """The file's rows; raise :class:`InputError` naming every row whose period cannot be read."""
    found: list[Printed] = []
    problems: list[Problem] = []
    for row in read_rows(path, PRINTED_COLUMNS[:2]):
        text = {name: " ".join(str(row.cells.get(name) or "").split()) for name in PRINTED_COLUMNS}
        try:
            period = Period.parse(text["period"])
        except PeriodError as exc:
            problems.append(Problem(str(path), row.number, "period", str(exc)))
            continue
        if text["arrows"] not in ("", *Reading):
            expected = f"expected {' or '.join(Reading)} (what the arrows mean), got '{text['arrows']}'"
            problems.append(Problem(str(path), row.number, "arrows", expected))
            continue
        found.append(Printed(text["reference"], period, text["printed_rag"], text["printed_direction"], row.number,
                             Reading(text["arrows"] or Reading.UP_DOWN)))  # fmt: skip
    if problems:
        raise InputError(problems)
    return tuple(found)
