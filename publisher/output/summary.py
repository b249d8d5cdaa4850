"""What a member reads first: the summary page, which rows are exceptions, and the key to a page's symbols.

The summary is meant to be read in 30 seconds: RAG counts per priority drawn as a bar with the numbers on it,
then three separate lists, "Rated red", "Worsening" and "Improving", each item with its direction in words.
A list never mixes its reasons: a green indicator that got worse is under "Worsening", not under a heading
that says "red". An indicator rated red is listed once, under "Rated red", with its direction beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..engine.model import IndicatorResult, Judgement, Movement, Scorecard
from ..engine.rules import Rating

# The order of the bar's segments and of the tally's columns.
RATING_ORDER = (Rating.RED, Rating.AMBER, Rating.GREEN, Rating.NOT_RATED)
ARROWS = {Movement.UP: "▲", Movement.DOWN: "▼", Movement.LEVEL: "►", Movement.UNKNOWN: "–"}  # as rows print them


def rag_word(row: IndicatorResult, words: Mapping[str, Any]) -> str:
    """The rating in the catalogue's words; a graded band keeps the name the scorecard gives it."""
    return row.rag.band or words["rag"][row.rag.rating]


def exception(row: IndicatorResult) -> bool:
    """A row the compact layout prints with its commentary: red, worsening, or flagged by its lead."""
    flagged = row.commentary is not None and row.commentary.flag
    return row.rag.rating is Rating.RED or row.direction.judgement is Judgement.WORSENING or flagged


def tally(rows: Iterable[IndicatorResult]) -> list[dict[str, Any]]:
    """Counts by rating, each with its share of the bar (in %), in the bar's order; empty ratings kept as 0."""
    counts = dict.fromkeys(RATING_ORDER, 0)
    for row in rows:
        counts[row.rag.rating] += 1
    total = sum(counts.values()) or 1
    return [{"rating": str(r), "count": n, "share": round(100 * n / total, 1)} for r, n in counts.items()]


def glance(scorecard: Scorecard, words: Mapping[str, Any]) -> dict[str, Any]:
    """The summary page: counts per priority, then "Rated red", "Worsening" and "Improving"."""
    counts = []
    for section in scorecard.sections:
        bar = tally(section.rows)
        counts.append({"title": section.priority.title, "id": section.priority.id, "bar": bar,
                       "tally": {item["rating"]: item["count"] for item in bar}})  # fmt: skip
    rows = scorecard.rows
    red = [r for r in rows if r.rag.rating is Rating.RED]
    worsening = [r for r in rows if r.direction.judgement is Judgement.WORSENING and r.rag.rating is not Rating.RED]
    improving = [r for r in rows if r.direction.judgement is Judgement.IMPROVING and r.rag.rating is not Rating.RED]
    return {
        "counts": counts,
        "lists": [
            {"heading": words["glance"][name], "id": name, "entries": [brief(r, words) for r in listed]}
            for name, listed in (("red", red), ("worsening", worsening), ("improving", improving))
        ],
    }


def brief(row: IndicatorResult, words: Mapping[str, Any]) -> dict[str, str]:
    """One line of a summary list: reference, title, figure, rating and the direction in words."""
    return {
        "reference": row.indicator.reference,
        "title": row.indicator.title,
        "value": row.show(row.headline),
        "rag": rag_word(row, words),
        "rating": str(row.rag.rating),
        "direction": words["direction"][row.direction.judgement],
        "judgement": str(row.direction.judgement),
    }


def symbol_key(
    rows: Iterable[IndicatorResult], marks: dict[str, str], words: Mapping[str, Any]
) -> list[dict[str, str]]:
    """The symbols a table uses, with their meaning, for the key printed under it on every page it spans.

    ``marks`` maps each footnote mark the rows carry ("*", "**") to its words. A DfE code is never printed as a
    bare symbol (a benchmark published as ``c`` reads "Suppressed" with DfE's reason), so it needs no key.
    """
    rows = list(rows)
    key = [{"symbol": mark, "words": words} for mark, words in marks.items()]
    movements = {r.direction.movement for r in rows}
    keyed = [m for m in ARROWS if m in movements and m in words["symbols"]]  # "–" (nothing to compare) has none
    key += [{"symbol": ARROWS[m], "words": words["symbols"][m]} for m in keyed]
    return key
