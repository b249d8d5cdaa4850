"""The council's printed RAG and direction beside publisher's own for the same period (``validate``, officers
only): each difference with the rule that gave publisher's answer, so that an officer can see which is right.
Nothing here changes a rating: the printed words are never used to rate."""

from __future__ import annotations

from ..core.phrase import Detail, parts
from ..inputs.printed import Arrow, Printed, Reading, arrow_of, as_read
from ..inputs.registry import Indicator
from .model import IndicatorResult, Judgement, Movement, Scorecard
from .rules import Rating

RAG_WORDS = {"r": Rating.RED, "red": Rating.RED, "a": Rating.AMBER, "amber": Rating.AMBER, "g": Rating.GREEN,
             "green": Rating.GREEN}  # fmt: skip
MOVES = {Arrow.UP: Movement.UP, Arrow.DOWN: Movement.DOWN, Arrow.LEVEL: Movement.LEVEL}
JUDGED = {Arrow.IMPROVING: Judgement.IMPROVING, Arrow.WORSENING: Judgement.WORSENING}


def printed_differences(scorecard: Scorecard, printed: tuple[Printed, ...]) -> list[tuple[str, Detail]]:
    """(reference, what differs and why) for each printed row of the scorecard whose RAG or direction is not
    publisher's, or that was printed for another period than publisher's figure is for."""
    rows = {r.indicator.reference: r for r in scorecard.rows}
    found: list[tuple[str, Detail]] = []
    for entry in printed:
        row = rows.get(entry.reference)
        if row is None or not (entry.rag or entry.direction):
            continue
        if entry.period.end != row.data_period.end:  # 'Dec 2023' is the rolling 12 months to December's label
            found.append((entry.reference, f"printed for {entry.period}, publisher's figure is for {row.data_period}: "
                                           "not compared"))  # fmt: skip
            continue
        judged = (_rag(entry.rag, row), _direction(entry.direction, row, entry.reading))
        found += [(entry.reference, d) for d in judged if d]
    return found


def _rag(written: str, row: IndicatorResult) -> Detail | None:
    if not written:
        return None
    rag, rule = row.rag, row.indicator.rag.rule
    key = written.casefold()
    same = key == rag.band.casefold() if rag.band else RAG_WORDS.get(key) is rag.rating
    if same:
        return None
    if not rag.band and key not in RAG_WORDS:
        return f"RAG printed '{written}' is not red, amber or green (R, A, G): not compared"
    shown = f" for {row.show(row.headline)}" if row.headline.available else ""  # else the explanation says why
    return (f"RAG printed '{written}', publisher ", rag, f"{shown} by the rule '{rule}': ", rag.explanation)


def _direction(written: str, row: IndicatorResult, reading: Reading) -> Detail | None:
    arrow = as_read(arrow_of(written), reading) if written else None
    if arrow is None:
        return f"direction printed '{written}' is not an arrow or word publisher reads: not compared" if written \
            else None  # fmt: skip
    direction = row.direction
    same = MOVES.get(arrow) is direction.movement or JUDGED.get(arrow) is direction.judgement
    if same:
        return None
    if direction.movement is Movement.UNKNOWN:
        return (f"direction printed '{written}' ({arrow}), publisher ", *parts(direction.explanation))
    return (f"direction printed '{written}' ({arrow}), publisher {direction.movement} (", direction,
            "): ", direction.explanation, f", comparing with {row.indicator.compare_with} {_band(row.indicator)}")


def _band(indicator: Indicator) -> str:
    """The no-change band that decided a direction, as the registry or pack gives it."""
    if indicator.direction is not None:
        return f"with no change within {indicator.direction.no_change_within}"
    return f"with no change within {indicator.level_tolerance:g} (level_tolerance)"
