"""A figure cell as councils write it: '50 (Apr23)' (a figure with its own month), '57% (63%)' (a second figure in
brackets, kept as a note), a figure with a footnote's mark ('66.7*'), their own spellings of the codes
('Supressed'), '<1%'. The meaning is kept, never guessed: a cell that is none of these is refused with what
was expected."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.codes import CODES_HELP, parse_value
from ..core.periods import Period, PeriodError

MARKED = re.compile(r"(\d+(?:\.\d+)?%?)\s*(\*{1,3})")  # '66.7*': a figure with its footnote's mark
BRACKETED = re.compile(r"(?P<figure>[^()]{1,30}?)\s*\((?P<inner>[^()]{1,30})\)")
# Councils' own spellings of the codes, kept with the meaning of the code they stand for (the note keeps the word).
SPELLINGS = {
    "supressed": "Suppressed", "suppresed": "Suppressed", "surpressed": "Suppressed", "supp": "Suppressed",
    "not available": "x", "unavailable": "x", "not known": "x", "n/k": "x", "nk": "x", "no data": "x",
    "not applicable": "n/a", "n.a": "n/a", "n/app": "n/a",
}  # fmt: skip


def text_of(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def period_of(heading: str) -> Period | None:
    """A period heading as Period.parse reads it, or as councils also write it ('Qu 1 18-19', 'Yr. end 17-18')."""
    text = " ".join(heading.split())
    candidates = [text]
    if match := re.fullmatch(r"(?:qu|qtr|quarter|q)\.?\s*([1-4])\s+(.+)", text, flags=re.IGNORECASE):
        candidates.append(f"Q{match[1]} {match[2].replace(' ', '')}")
    if match := re.fullmatch(r"(?:yr\.?|year)\s*end\s+(.+)|(?:outturn|actual)\s+(.+)", text, flags=re.IGNORECASE):
        year = (match[1] or match[2]).replace(" ", "")
        candidates.append(f"20{year}" if re.fullmatch(r"\d{2}[-/]\d{2}", year) else year)
    if match := re.fullmatch(r"([a-z]{3,9})\s*'?(\d{2}|\d{4})", text, flags=re.IGNORECASE):
        candidates.append(f"{match[1][:3]} {match[2]}")  # 'Dec22', "Apr'23"
    for candidate in candidates:
        try:
            return Period.parse(candidate)
        except PeriodError:
            continue
    return None


@dataclass(frozen=True)
class Written:
    """A figure cell as the council wrote it: the figure (or code) to keep, and what else the cell said."""

    written: str
    text: str  # as the data file takes it: a number, or a code
    number: float | None
    note: str = ""
    period: Period | None = None  # the cell's own date: '50 (Apr23)' is April 2023's figure


def read_written(value: object) -> Written | str:
    """A cell read as written, or what was expected. '50 (Apr23)' is April 2023's 50; '57% (63%)' is 57 with
    '(63%)' kept as a note; a council's spelling of a code ('Supressed') and '<1%' keep their meaning."""
    written = text_of(value)
    if (parsed := parse_value(value)) is not None:
        return _as_written(written, parsed)
    if match := BRACKETED.fullmatch(written):
        inner = match["inner"].strip()
        dated = period_of(inner) if re.fullmatch(r"[A-Za-z]{3,9}\s*'?-?\s*\d{2}(?:\d{2})?", inner) else None
        first = read_written(match["figure"])
        undated_month = re.fullmatch(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*", inner.casefold())
        if isinstance(first, Written) and first.period is None and not undated_month:
            if dated is not None:
                return Written(written, first.text, first.number, first.note, dated)
            return Written(written, first.text, first.number, f"also written: ({inner})")
    if (marked := MARKED.fullmatch(written)) and isinstance(first := read_written(marked[1]), Written):
        return Written(written, first.text, first.number, f"marked '{marked[2]}' (see the sheet's footnotes)")
    code = SPELLINGS.get(written.casefold().rstrip("."))
    if code is not None:
        return Written(written, code, None, f"written '{written}'")
    if re.fullmatch(r"<\s*\d+(?:\.\d+)?\s*%?", written):
        return Written(written, "low", None, f"written '{written}': a figure below it, not given")
    return CODES_HELP + " (or a figure with its month, such as '50 (Apr23)')"


def _as_written(written: str, parsed: tuple[float | None, object, str]) -> Written | str:
    number = parsed[0]
    if number is not None and number < 0:
        return "0 or more"
    return Written(written, written if number is None else number_text(number), number)


def number_text(value: float) -> str:
    value = round(value, 10)
    return str(int(value)) if value.is_integer() else repr(value)
