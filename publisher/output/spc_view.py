"""SPC in words: the variation and assurance icons as a member reads them (letter and words, never colour
alone), the explanation line, the chart's alt text, and the export fields. One place, so the pack, the alt
text and the CSV/JSON exports say the same thing."""

from __future__ import annotations

from typing import Any

from ..core.figures import round_half_away
from ..engine.model import IndicatorResult
from ..engine.spc import Assurance, Limits, Spc, Variation

# code -> (letter on the icon, short word beside it, the meaning in full)
VARIATION_WORDS = {
    Variation.COMMON_CAUSE: ("~", "Common cause", "common cause variation: no significant change"),
    Variation.IMPROVEMENT_HIGH: ("H", "Improvement (high)", "special cause variation of an improving nature (higher)"),
    Variation.IMPROVEMENT_LOW: ("L", "Improvement (low)", "special cause variation of an improving nature (lower)"),
    Variation.CONCERN_HIGH: ("H", "Concern (high)", "special cause variation of a concerning nature (higher)"),
    Variation.CONCERN_LOW: ("L", "Concern (low)", "special cause variation of a concerning nature (lower)"),
    Variation.NEITHER_HIGH: ("H", "Special cause (high)", "special cause variation, higher (neither better nor worse)"),
    Variation.NEITHER_LOW: ("L", "Special cause (low)", "special cause variation, lower (neither better nor worse)"),
}
ASSURANCE_WORDS = {
    Assurance.PASS: ("P", "Will meet target", "the process will consistently meet the target"),
    Assurance.FAIL: ("F", "Will miss target", "the process will not meet the target without a change"),
    Assurance.HIT_AND_MISS: ("?", "Hit and miss", "the process will sometimes meet and sometimes miss the target"),
}
# The colour family of each icon (styles/pack.css): MDC's grey, blue, orange and purple.
FAMILY = {
    Variation.COMMON_CAUSE: "common",
    Variation.IMPROVEMENT_HIGH: "improvement",
    Variation.IMPROVEMENT_LOW: "improvement",
    Variation.CONCERN_HIGH: "concern",
    Variation.CONCERN_LOW: "concern",
    Variation.NEITHER_HIGH: "neither",
    Variation.NEITHER_LOW: "neither",
    Assurance.PASS: "improvement",
    Assurance.FAIL: "concern",
    Assurance.HIT_AND_MISS: "common",
}


def _icon(code: Variation | Assurance, words: tuple[str, str, str]) -> dict[str, str]:
    letter, word, meaning = words
    return {"code": str(code), "family": FAMILY[code], "letter": letter, "word": word, "meaning": meaning}


def limits_text(row: IndicatorResult, limits: Limits) -> str:
    show = row.indicator.show
    return f"mean {show(limits.mean)}, limits {show(limits.lower)} to {show(limits.upper)}"


def spc_view(row: IndicatorResult) -> dict[str, Any] | None:
    """The SPC cell and line of a row, or None when SPC does not apply to the indicator."""
    spc = row.spc
    if spc is None:
        return None
    variation = None if spc.variation is None else _icon(spc.variation, VARIATION_WORDS[spc.variation])
    assurance = None if spc.assurance is None else _icon(spc.assurance, ASSURANCE_WORDS[spc.assurance])
    return {
        "variation": variation,
        "assurance": assurance,
        "reason": spc.reason.capitalize(),
        "explanation": spc_explanation(row, spc),
    }


def spc_explanation(row: IndicatorResult, spc: Spc) -> str:
    """The SPC sentence under the row: the numbers the icons rest on (their meaning is in the notes)."""
    latest = spc.latest
    if spc.variation is None or latest.limits is None:
        return f"SPC {spc.reason}."
    return f"SPC: {len(latest.points)} points since {latest.points[0].period}, {limits_text(row, latest.limits)}."


SPC_FIELDS = ("variation", "assurance", "reason", "points", "since", "mean", "lower_limit", "upper_limit")


def spc_export(row: IndicatorResult) -> dict[str, Any]:
    """The SPC fields of the exports: variation and assurance in words, the latest limits as numbers."""
    spc = row.spc
    limits = None if spc is None else spc.latest.limits
    decimals = row.indicator.decimals + 2  # two more places than shown, so the limits can be checked

    def number(name: str) -> float | None:
        return None if limits is None else round_half_away(getattr(limits, name), decimals)

    return {
        "variation": "" if spc is None or spc.variation is None else VARIATION_WORDS[spc.variation][2],
        "assurance": "" if spc is None or spc.assurance is None else ASSURANCE_WORDS[spc.assurance][2],
        "reason": "SPC not applied to this indicator" if spc is None else spc.reason,
        "points": 0 if spc is None else len(spc.latest.points),
        "since": "" if spc is None or not spc.latest.points else spc.latest.points[0].period.label,
        "mean": number("mean"),
        "lower_limit": number("lower"),
        "upper_limit": number("upper"),
    }
