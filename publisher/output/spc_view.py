"""SPC in words: the variation and assurance icons as a member reads them (letter and words, never colour
alone), the line under the row, the notes' explainer and the export fields, all in the wording catalogue's
words (``spc:`` in ``templates/messages.yaml``), so the pack, the alt text and the exports say the same."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.figures import round_half_away
from ..engine.model import IndicatorResult
from ..engine.spc import Assurance, Limits, Reason, Spc, Variation
from .messages import default_messages, fill

SPC_FIELDS = ("variation", "assurance", "reason", "points", "since", "mean", "lower_limit", "upper_limit")


def _words(words: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return (words or default_messages().entries)["spc"]


def icon(code: Variation | Assurance, words: Mapping[str, Any] | None = None) -> dict[str, str]:
    group = "variation" if isinstance(code, Variation) else "assurance"
    letter, word, meaning = _words(words)[group][code.value]
    return {"code": str(code), "letter": letter, "word": word, "label": f"{letter} {word}", "meaning": meaning}


def reason_text(reason: Reason | None, words: Mapping[str, Any] | None = None) -> str:
    if reason is None:
        return ""
    return fill(_words(words)["not_shown"][reason.why.value], points=reason.points, needed=reason.needed)


def limits_values(row: IndicatorResult, limits: Limits) -> dict[str, str]:
    show = row.indicator.show
    return {"mean": show(limits.mean), "lower": show(limits.lower), "upper": show(limits.upper)}


def spc_view(row: IndicatorResult, words: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """A row's SPC as the pack shows it, or None when SPC does not apply to the indicator: ``lines``, the icons
    to print under the RAG rating (each on a line of its own, letter and word), or ``reason`` why there are none."""
    spc = row.spc
    if spc is None:
        return None
    icons = {name: None if code is None else icon(code, words)
             for name, code in (("variation", spc.variation), ("assurance", spc.assurance))}  # fmt: skip
    return {
        **icons,
        "lines": "".join(f"\n{shown['label']}" for shown in icons.values() if shown),
        "reason": reason_text(spc.reason, words),
        "explanation": spc_explanation(row, spc, words),
    }


def spc_explanation(row: IndicatorResult, spc: Spc, words: Mapping[str, Any] | None = None) -> str:
    """The SPC sentence under the row: the numbers the icons rest on (their meaning is in the notes)."""
    latest, found = spc.latest, _words(words)
    if spc.variation is None or latest.limits is None:
        return fill(found["line_not_shown"], reason=reason_text(spc.reason, words))
    since = latest.points[0].period.label
    return fill(found["line"], points=len(latest.points), since=since, **limits_values(row, latest.limits))


def spc_notes(words: Mapping[str, Any]) -> list[dict[str, str]]:
    """The notes' explainer terms: each icon's letter, term and meaning."""
    terms = _words(words)["notes_terms"]
    return [
        {"letter": letter, "term": term, "meaning": meaning} for letter, term, meaning in terms.values()
    ]


def spc_export(row: IndicatorResult, words: Mapping[str, Any]) -> dict[str, Any]:
    """The SPC fields of the exports: variation and assurance in words, the latest limits as numbers."""
    spc = row.spc
    limits = None if spc is None else spc.latest.limits
    decimals = row.indicator.decimals + 2  # two more places than shown, so the limits can be checked

    def number(name: str) -> float | None:
        return None if limits is None else round_half_away(getattr(limits, name), decimals)

    return {
        "variation": "" if spc is None or spc.variation is None else icon(spc.variation, words)["meaning"],
        "assurance": "" if spc is None or spc.assurance is None else icon(spc.assurance, words)["meaning"],
        "reason": _words(words)["not_applied_reason"] if spc is None else reason_text(spc.reason, words),
        "points": 0 if spc is None else len(spc.latest.points),
        "since": "" if spc is None or not spc.latest.points else spc.latest.points[0].period.label,
        "mean": number("mean"),
        "lower_limit": number("lower"),
        "upper_limit": number("upper"),
    }
