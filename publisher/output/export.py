"""The Scorecard as CSV and JSON: the same numbers members see in the PDF, rounded as displayed.

Ratings and judgements are in publisher's own catalogue words (not a council's rewording): these are data files,
and the archive reads a graded band back from ``figures.json`` as a word that is not its rating's
(:mod:`publisher.publish.previous`)."""

from __future__ import annotations

import json
from typing import Any

from ..core.figures import Figure, round_half_away
from ..core.files import csv_text
from ..engine.model import IndicatorResult, Point, Scorecard
from .messages import default_messages
from .spc_view import SPC_FIELDS, spc_export
from .words import figure_reason, judgement_word, phrase, rating_word

__all__ = ["scorecard_csv", "scorecard_json"]

CSV_COLUMNS = (
    "priority",
    "reference",
    "indicator",
    "unit",
    "polarity",
    "period",
    "data_period",
    "value",
    "status",
    "reason",
    "numerator",
    "denominator",
    "target",
    "rag",
    "rag_explanation",
    "direction",
    "judgement",
    "direction_explanation",
    "comparator_period",
    "comparator_value",
    "last_year_outturn",
    "commentary_author",
    "lead_officer",
    "data_owner",
    "tags",
    *(f"spc_{name}" for name in SPC_FIELDS),
)


def figure_json(row: IndicatorResult, figure: Figure) -> dict[str, Any]:
    """A figure as shown: rounded value, or no value and the reason; numerator and denominator when shown."""
    decimals, words = row.indicator.decimals, default_messages().entries
    if not figure.available or figure.value is None:
        return {
            "value": None,
            "status": str(figure.status),
            "reason": figure_reason(figure, words),
            "display": words["status"][figure.status],
        }
    return {
        "value": round_half_away(figure.value, decimals),
        "status": str(figure.status),
        "display": row.show(figure),
        "numerator": figure.numerator,
        "denominator": figure.denominator,
    }


def _point(row: IndicatorResult, point: Point) -> dict[str, Any]:
    return {"period": point.period.label, **figure_json(row, point.figure)}


def row_json(row: IndicatorResult) -> dict[str, Any]:
    words = default_messages().entries
    return {
        "reference": row.indicator.reference,
        "indicator": row.indicator.title,
        "priority": row.indicator.priority,
        "unit": row.indicator.unit,
        "polarity": row.indicator.polarity,
        "lead_officer": row.indicator.lead_officer,
        "data_owner": row.indicator.data_owner,
        "tags": row.indicator.tag_values,
        "period": row.period.label,
        "data_period": row.data_period.label,
        "headline": figure_json(row, row.headline),
        "target": row.target,
        "rag": {"rating": str(row.rag.rating), "word": rating_word(row.rag, words),
                "explanation": phrase(row.rag.explanation, words)},
        "direction": {
            "movement": str(row.direction.movement),
            "judgement": str(row.direction.judgement),
            "explanation": phrase(row.direction.explanation, words),
            "compared_with": _point(row, row.comparator),
        },
        "previous": _point(row, row.previous),
        "same_period_last_year": _point(row, row.same_period_last_year),
        "last_year_outturn": _point(row, row.outturn_last_year),
        "baseline": None if row.baseline is None else _point(row, row.baseline),
        "history": [_point(row, p) for p in row.history],
        "recent": [_point(row, p) for p in row.recent],
        "year_quarters": [_point(row, p) for p in row.year_quarters],
        # the SPC chart's points, as drawn (read back, with every figure above, by disclosure control later)
        "spc_series": [_point(row, p) for p in row.spc_series],
        "spc": spc_export(row, words),
        "commentary": None
        if row.commentary is None
        else {
            "author": row.commentary.author,
            "date": row.commentary.date.isoformat(),
            "text": row.commentary.text,
        },
    }


def scorecard_json(scorecard: Scorecard) -> str:
    document = {
        "period": scorecard.period.label,
        "audience": scorecard.audience,
        "priorities": [
            {"id": s.priority.id, "title": s.priority.title, "indicators": [row_json(r) for r in s.rows]}
            for s in scorecard.sections
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def scorecard_csv(scorecard: Scorecard) -> str:
    rows, words = [], default_messages().entries
    for row in scorecard.rows:
        head = figure_json(row, row.headline)
        comparator = figure_json(row, row.comparator.figure)
        outturn = figure_json(row, row.outturn_last_year.figure)
        rows.append(
            [
                row.indicator.priority,
                row.indicator.reference,
                row.indicator.title,
                row.indicator.unit,
                row.indicator.polarity,
                row.period.label,
                row.data_period.label,
                _blank(head["value"]),
                head["status"],
                head.get("reason", ""),
                _blank(head.get("numerator")),
                _blank(head.get("denominator")),
                _blank(row.target),
                rating_word(row.rag, words),
                phrase(row.rag.explanation, words),
                str(row.direction.movement),
                judgement_word(row.direction, words),
                phrase(row.direction.explanation, words),
                row.comparator.period.label,
                _blank(comparator["value"]) if comparator["value"] is not None else comparator["display"],
                _blank(outturn["value"]) if outturn["value"] is not None else outturn["display"],
                row.commentary.author if row.commentary else "",
                row.indicator.lead_officer,
                row.indicator.data_owner,
                "; ".join(f"{name}: {value}" for name, value in row.indicator.tag_values.items()),
                *(_blank(value) for value in spc_export(row, words).values()),
            ]
        )
    return csv_text(CSV_COLUMNS, rows)


def _blank(value: object) -> object:
    return "" if value is None else value
