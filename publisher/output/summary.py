"""What a member reads first: the summary page, which rows are exceptions, and the key to a page's symbols.

The summary is meant to be read in ten minutes without turning to the tables: RAG counts per priority drawn as a
bar with the numbers on it, then three separate lists, "Rated red", "Worsening" and "Improving", each item with
its direction in words. A list never mixes its reasons: a green indicator that got worse is under "Worsening", not
under a heading that says "red". An indicator rated red is listed once, under "Rated red", with its direction
beside it. Each entry gives the figure with the period it is for, the target, the lead's one-line reason and action
(``headline:`` in the commentary, or its first sentence) and links to its row; the worst come first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..core.vocab import Frequency
from ..engine.model import IndicatorResult, Judgement, Movement, Scorecard
from ..engine.rules import Rating
from ..engine.spc import Variation
from .messages import fill
from .words import aim_word, rating_word

# The order of the bar's segments and of the tally's columns.
RATING_ORDER = (Rating.RED, Rating.AMBER, Rating.GREEN, Rating.NOT_RATED)
# Severity, worst first: the summary's lists and "What changed" put red and worsening indicators at the top.
SEVERITY = {Rating.RED: 0, Rating.AMBER: 1, Rating.NOT_RATED: 2, Rating.GREEN: 3}
TRAVEL = {Judgement.WORSENING: 0, Judgement.NO_CHANGE: 1, Judgement.NOT_JUDGED: 2, Judgement.IMPROVING: 3}
HEADLINE_WORDS = 30  # a first sentence longer than this is cut here: the summary gives one line
SPC_CONCERNS = (Variation.CONCERN_HIGH, Variation.CONCERN_LOW)
ARROWS = {Movement.UP: "▲", Movement.DOWN: "▼", Movement.LEVEL: "►", Movement.UNKNOWN: "–"}  # as rows print them


def exception(row: IndicatorResult) -> bool:
    """A row the compact layout prints with its commentary: red, worsening, an SPC concern (special cause in the
    worse direction, which a member reading the icon would ask about), or flagged by its lead."""
    flagged = row.commentary is not None and row.commentary.flag
    concern = row.spc is not None and row.spc.variation in SPC_CONCERNS
    return row.rag.rating is Rating.RED or row.direction.judgement is Judgement.WORSENING or concern or flagged


def tally(rows: Iterable[IndicatorResult]) -> list[dict[str, Any]]:
    """Counts by rating, each with its share of the bar (in %), in the bar's order; empty ratings kept as 0."""
    counts = dict.fromkeys(RATING_ORDER, 0)
    for row in rows:
        counts[row.rag.rating] += 1
    total = sum(counts.values()) or 1
    return [{"rating": str(r), "count": n, "share": round(100 * n / total, 1)} for r, n in counts.items()]


Targets = Callable[[IndicatorResult], list[str]]  # a row's target figures as the table prints them, one a line


def severity(row: IndicatorResult) -> tuple[int, int]:
    """The sort key that puts the worst first: red before amber, then worsening before the rest."""
    return SEVERITY[row.rag.rating], TRAVEL[row.direction.judgement]


def glance(scorecard: Scorecard, words: Mapping[str, Any], targets: Targets) -> dict[str, Any]:
    """The summary page: counts per priority, then "Rated red", "Worsening" and "Improving", worst first."""
    counts = []
    for section in scorecard.sections:
        bar = tally(section.rows)
        counts.append({"title": section.priority.title, "id": section.priority.id, "bar": bar,
                       "tally": {item["rating"]: item["count"] for item in bar}})  # fmt: skip
    rows = sorted(scorecard.rows, key=severity)  # stable: the registry's order within a severity
    red = [r for r in rows if r.rag.rating is Rating.RED]
    worsening = [r for r in rows if r.direction.judgement is Judgement.WORSENING and r.rag.rating is not Rating.RED]
    improving = [r for r in rows if r.direction.judgement is Judgement.IMPROVING and r.rag.rating is not Rating.RED]
    return {
        "counts": counts,
        "lists": [
            {"heading": words["glance"][name], "id": name, "entries": [brief(r, words, targets) for r in listed]}
            for name, listed in (("red", red), ("worsening", worsening), ("improving", improving))
        ],
    }


def brief(row: IndicatorResult, words: Mapping[str, Any], targets: Targets) -> dict[str, str]:
    """One entry of a summary list: reference, title, figure and its own period, target, a rule by direction's aim
    ("aim: reduce", never "target Reduce"), rating, the direction in words and the lead's reason. A figure not
    shown (withheld, missing, not yet due) is the catalogue's word for why, with no period: it is for no period."""
    figure = row.headline
    return {
        "reference": row.indicator.reference,
        "anchor": row.indicator.anchor,
        "title": row.indicator.title,
        "value": row.show(figure) if figure.available else words["status"][figure.status],
        "of": row.data_period.label if figure.available else "",
        "target": "; ".join(targets(row)),
        "aim": aim_word(row.indicator, words["glance"]["aim"]),
        "headline": headline(row),
        "rag": rating_word(row.rag, words),
        "rating": str(row.rag.rating),
        "direction": words["direction"][row.direction.judgement],
        "judgement": str(row.direction.judgement),
    }


def headline(row: IndicatorResult) -> str:
    """The lead's one line: the commentary's ``headline``, or else its first sentence as plain text."""
    if row.commentary is None:
        return ""
    return row.commentary.headline or first_sentence(row.commentary.text)


def first_sentence(markdown: str) -> str:
    """The first sentence of Markdown text, without its markup, cut at HEADLINE_WORDS words ("..." then)."""
    paragraph = re.split(r"\n\s*\n", markdown.strip(), maxsplit=1)[0]
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", paragraph)  # a link's words
    plain = re.sub(r"\n\s*(?:[*+-]|\d+[.)])\s+", "; ", plain)  # a list's items, one after another
    plain = re.sub(r"^\s*(?:[#>*+-]+|\d+[.)])\s+", "", plain, flags=re.M)  # heading, quote and list marks
    plain = " ".join(re.sub(r"[*`]|__", "", plain).split())
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", plain, maxsplit=1)[0]
    words = sentence.split()
    return sentence if len(words) <= HEADLINE_WORDS else " ".join(words[:HEADLINE_WORDS]) + "…"


def symbol_key(
    rows: Iterable[IndicatorResult], marks: dict[str, str], words: Mapping[str, Any], spc: bool = False
) -> list[dict[str, str]]:
    """The symbols a table uses, with their meaning, for the key printed under it on every page it spans.

    With ``spc`` (the pack prints SPC icons), which figures the icons come from.
    The Trend column's sparklines are scaled to each row's figures, so the key says their axis is not from zero.
    ``marks`` maps each footnote mark the rows carry ("*", "**") to its words. A DfE code is never printed as a
    bare symbol (a benchmark published as ``c`` reads "Suppressed" with DfE's reason), so it needs no key.
    """
    rows = list(rows)
    key = [{"symbol": mark, "words": words} for mark, words in marks.items()]
    movements = {r.direction.movement for r in rows}
    keyed = [m for m in ARROWS if m in movements and m in words["symbols"]]  # "–" (nothing to compare) has none
    key += [{"symbol": ARROWS[m], "words": words["symbols"][m]} for m in keyed]
    key += spc_key(rows, words) if spc else []
    # each sparkline is scaled to its own figures, so a member is told its axis does not start at zero
    return [*key, {"symbol": words["table"]["trend"], "words": words["symbols"]["trend"]}] if rows else key


def spc_key(rows: list[IndicatorResult], words: Mapping[str, Any]) -> list[dict[str, str]]:
    """Which figures the SPC icons come from: an indicator's own (monthly, say), not the quarters the table shows,
    so 10.1% on its chart and 11.2% in its row are both right. The most common frequency is named once, others
    with their references."""
    by: dict[Frequency, list[str]] = {}
    for row in rows:
        if row.spc is not None and row.spc.variation is not None:
            by.setdefault(row.indicator.frequency, []).append(row.indicator.reference)
    if not by:
        return []
    said, named = words["symbols"], words["spc"]["frequency"]
    usual, *others = sorted(by, key=lambda f: -len(by[f]))
    text = fill(said["spc"], frequency=named[usual])
    text += "".join(fill(said["spc_others"], frequency=named[f], references=", ".join(by[f])) for f in others)
    return [{"symbol": said["spc_symbol"], "words": text}]
