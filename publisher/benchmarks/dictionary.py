"""LAIT's data dictionary, the years as a reader understands them, and the search behind
``publisher benchmarks measures``.

A measure's code is the dictionary's ``Measure_short`` column (the long extract's ``Short Desc``), not its
``Measure_code``, which is a number. LAIT writes a financial or academic year as the year it ends (``2023`` for
2022-23); the dictionary's ``Year_Type`` says which, and the label here is the statistic's own: ``2022-23``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

# The dictionary's Year_Type values whose years are written as the year they end.
SPAN_YEAR_TYPES = {"financial year", "academic year"}
POLARITY_WORDS = {"high": "high is good", "low": "low is good"}


@dataclass(frozen=True)
class MeasureInfo:
    """One LAIT measure as the data dictionary describes it."""

    code: str
    title: str
    topics: tuple[str, ...]
    polarity_written: str  # as the dictionary has it: High, Low, - or NA
    decimals: int | None
    year_type: str  # as written: Financial Year, Academic Year, Calendar Year, Annual...
    chart_title: str = ""

    @property
    def polarity(self) -> str | None:
        """``high`` or ``low`` (which way is better), or None when the dictionary gives none."""
        written = self.polarity_written.strip().lower()
        return written if written in POLARITY_WORDS else None


def read_dictionary(path: Path) -> dict[str, MeasureInfo]:
    """Every measure in LAIT's data dictionary, by code; a code listed under two topics is one measure."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    found: dict[str, MeasureInfo] = {}
    for row in frame.to_dict("records"):
        code, topic = row["Measure_short"].strip(), row.get("Topic", "").strip()
        if not code:
            continue
        if code in found:
            earlier = found[code]
            if topic and topic not in earlier.topics:
                found[code] = replace(earlier, topics=(*earlier.topics, topic))
            continue
        dps = row.get("dps", "").strip()
        found[code] = MeasureInfo(
            code=code,
            title=row.get("Measure", "").strip(),
            topics=(topic,) if topic else (),
            polarity_written=row.get("Polarity", "").strip(),
            decimals=int(float(dps)) if re.fullmatch(r"\d+(\.0)?", dps) else None,
            year_type=row.get("Year_Type", "").strip(),
            chart_title=row.get("Chart_title", "").strip(),
        )
    return found


# -- years ------------------------------------------------------------------------------------------------


def year_label(written: str, year_type: str = "") -> str:
    """A published year as the reader should see it.

    LAIT's ``2023`` of a financial or academic year is ``2022-23``; ``2022/23`` and ``2022-2023`` are ``2022-23``
    whatever the kind; a calendar year, a span of years (``2014-16``) and anything else stay as written. LAIT's
    notes after a year (``(Rev)``, ``(prov)``, ``(OT)``) are dropped.
    """
    text = normal_year(re.sub(r"\s*\(.*\)$", "", str(written).strip()))
    if year_type.strip().lower() in SPAN_YEAR_TYPES and re.fullmatch(r"\d{4}", text):
        return _span(int(text) - 1)
    return text


def normal_year(text: str) -> str:
    """``2022/23``, ``2022 - 23`` and ``2022-2023`` as ``2022-23``; anything else as written (trimmed)."""
    text = " ".join(str(text).split())
    match = re.fullmatch(r"(\d{4}) ?[-/] ?(\d{2}|\d{4})", text)
    if match:
        start, end = int(match[1]), int(match[2])
        if end in (start + 1, (start + 1) % 100):
            return _span(start)
    return text


def pick_year(wanted: str, available: Iterable[str], at_year_end: bool = False) -> str | None:
    """The label among ``available`` that ``wanted`` names, or None.

    ``wanted`` may be written as the label (``2022-23``), in the other notations of a financial year
    (``2022/23``), or as the year it ends, as LAIT writes it (``2023`` finds ``2022-23`` when the measure has
    no calendar year ``2023``). For a count at 31 March (``at_year_end``, LAIT's "Annual"), the year as a
    scorecard prints it (``2022-23``) finds the year it ends (``2023``); never so for a calendar year.
    """
    labels = set(available)
    text = normal_year(wanted)
    if text in labels:
        return text
    if re.fullmatch(r"\d{4}", text) and _span(int(text) - 1) in labels:
        return _span(int(text) - 1)
    if at_year_end and (span := re.fullmatch(r"(\d{4})-\d{2}", text)) and str(int(span[1]) + 1) in labels:
        return str(int(span[1]) + 1)
    return None


def sorted_years(labels: Iterable[str]) -> list[str]:
    return sorted(set(labels))


def _span(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


# -- search -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    info: MeasureInfo
    matched: int  # how many of the words were found
    years: tuple[str, ...] = ()


# A word as officers say it, and the words DfE's titles use for it: 'teeth' finds 'dental checks'.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "dentist": ("dental",), "teeth": ("dental",), "tooth": ("dental",), "dental": ("dentist", "teeth"),
    "neet": ("not in education",), "eet": ("education, employment or training", "education & employment"),
    "locum": ("agency",), "agency": ("locum",), "lac": ("looked after",), "cla": ("looked after",),
    "cp": ("child protection",), "cin": ("children in need",), "sgo": ("special guardianship",),
}  # fmt: skip


def search(measures: Iterable[MeasureInfo], words: Iterable[str]) -> list[Found]:
    """Measures whose code, title, chart title or topic contain any of ``words`` (any case) or a word DfE uses for
    it (:data:`SYNONYMS`), those matching most words first; a word that is the whole code puts that measure first
    among equals."""
    wanted = list(dict.fromkeys(w.casefold() for w in words if w.strip()))
    forms = {word: (word, *SYNONYMS.get(word, ())) for word in wanted}
    found = []
    for info in measures:
        text = " ".join((info.code, info.title, info.chart_title, *info.topics)).casefold()
        matched = sum(1 for word in wanted if any(form in text for form in forms[word]))
        if matched:
            found.append(Found(info, matched))
    return sorted(found, key=lambda f: (-f.matched, f.info.code.casefold() not in wanted, f.info.code.casefold()))


def describe(found: Found) -> str:
    """Two lines for a measure: its code and title; its polarity, kind of year and the years published."""
    info = found.info
    polarity = (
        f"polarity {info.polarity_written}" if info.polarity else f"no polarity ({info.polarity_written or 'blank'})"
    )
    years = f"published {_runs(found.years)}" if found.years else "years not known (give LAIT's long extract)"
    kind = info.year_type or "kind of year not given"
    topics = "; ".join(info.topics)
    return f"{info.code}: {info.title}" + (f" [{topics}]" if topics else "") + f"\n    {polarity}; {kind}; {years}"


def _runs(years: tuple[str, ...]) -> str:
    """``2015-16 to 2024-25`` for an unbroken run of three or more years, else the years listed."""
    starts = [int(y[:4]) if re.fullmatch(r"\d{4}(-\d{2})?", y) else None for y in years]
    unbroken = None not in starts and starts == list(range(starts[0] or 0, (starts[0] or 0) + len(starts)))
    return f"{years[0]} to {years[-1]}" if unbroken and len(years) >= 3 else ", ".join(years)
