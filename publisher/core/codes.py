"""What officers and DfE write in a number cell: a number, or a code that says why there is none."""

from __future__ import annotations

import math
import re
from enum import StrEnum
from functools import lru_cache

from .figures import Figure, Status

__all__ = ["CODES", "CODES_HELP", "REMEMBERED", "Meaning", "brief", "dfe_figure", "parse_published", "parse_value"]


class Meaning(StrEnum):
    """What a code in a number cell says of the figure. A member reads it in the wording catalogue's words
    (``explain.code``, "Missing: Aug 2024: not available"), so a council's rewording or Welsh reaches it; it is
    text, so an observation's note can hold it in place of a note written in the data."""

    SUPPRESSED = "suppressed"
    ROUNDS_TO_ZERO = "rounds_to_zero"
    LOW = "low"
    NOT_AVAILABLE = "not_available"
    LOW_RELIABILITY = "low_reliability"
    NOT_APPLICABLE = "not_applicable"
    NOT_SUPPLIED = "not_supplied"


# Codes officers and DfE put in number cells, and what each means (DfE's conventions, plus the words officers use).
CODES: dict[str, tuple[Status, Meaning]] = {
    "c": (Status.SUPPRESSED, Meaning.SUPPRESSED),
    "suppressed": (Status.SUPPRESSED, Meaning.SUPPRESSED),
    "k": (Status.SUPPRESSED, Meaning.ROUNDS_TO_ZERO),
    "low": (Status.SUPPRESSED, Meaning.LOW),
    "x": (Status.MISSING, Meaning.NOT_AVAILABLE),
    "u": (Status.MISSING, Meaning.LOW_RELIABILITY),
    "z": (Status.NOT_APPLICABLE, Meaning.NOT_APPLICABLE),
    "n/a": (Status.NOT_APPLICABLE, Meaning.NOT_APPLICABLE),
    "-": (Status.MISSING, Meaning.NOT_SUPPLIED),
    "": (Status.MISSING, Meaning.NOT_SUPPLIED),
    "na": (Status.MISSING, Meaning.NOT_SUPPLIED),
}
CODES_HELP = "a number or one of the codes (c, Suppressed, x, z, n/a, -, blank)"


LARGEST = 1e12  # no count, rate or average a council reports comes near; beyond it a cell is a mistake


def sensible(value: float) -> float | None:
    """The value, or None when it is not a finite number below a million million (a 400-digit cell, say)."""
    return value if math.isfinite(value) and abs(value) < LARGEST else None


def parse_value(cell: object) -> tuple[float | None, Status, str] | None:
    """A number, or (None, status, meaning) for a code; ``None`` when the cell is neither."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        value = sensible(float(cell))
        return None if value is None else (value, Status.OK, "")
    text = "" if cell is None else str(cell)
    return _parse_short(text) if len(text) <= REMEMBERED else _parse_text(text)


REMEMBERED = 64  # characters: a short cell's reading is remembered; a long one (hostile, or a note) is not


def _parse_text(cell: str) -> tuple[float | None, Status, str] | None:
    text = cell.strip()
    if text.lower() in CODES:
        status, reason = CODES[text.lower()]
        return None, status, reason
    text = text.removesuffix("%").rstrip()  # "97%" is 97: the unit is the indicator's
    if len(text) <= 20 and re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+(\.\d+)?", text):
        value = sensible(float(text.replace(",", "")))
        return None if value is None else (value, Status.OK, "")
    return None


# A data file repeats the same few hundred short cells ("12", "x", "97%") thousands of times.
_parse_short = lru_cache(maxsize=4096)(_parse_text)


def brief(cell: object, limit: int = 40) -> str:
    """A cell as an error message quotes it: shortened, so that a runaway cell does not fill the screen."""
    text = repr(cell)
    return text if len(text) <= limit else f"{text[: limit - 12]}... ({len(text)} characters)"


def parse_published(raw: object, decimals: int | None = None) -> Figure | None:
    """A published cell as a figure, numbers cleaned of float noise (512.20000000000005 -> 512.2);
    ``None`` when it is neither a number nor one of DfE's codes."""
    text = "" if raw is None or (isinstance(raw, float) and math.isnan(raw)) else str(raw).strip()
    if text.lower() in CODES:
        status, reason = CODES[text.lower()]
        return Figure.none(status, reason)
    try:
        value = sensible(float(text.replace(",", "")))
    except ValueError:
        return None
    return None if value is None else Figure.of(round(value, decimals if decimals is not None else 6))


def dfe_figure(raw: object, decimals: int | None = None) -> Figure:
    return parse_published(raw, decimals) or Figure.none(Status.MISSING, f"unreadable value '{raw}'")
