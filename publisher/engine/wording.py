"""Small numbers in commentary: a count of children written in a public pack's text, in digits or in words.

Looked for: a count from 1 to the threshold on its own ("the other 3", "three children", "a couple of"); a
fraction or "n of m" whose part or remainder is that small ("17/19", "124 of 125", "twelve out of fourteen");
and a percentage of a small stated base ("67% of the 6 young people" is 4, leaving 2). Durations ("5 days",
"three months") are not counts of children. Each finding names the phrase, so that an officer can reword it
or acknowledge it as safe ("two reviews a year") in the commentary file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
VAGUE = {"a couple": 2, "a pair": 2, "a few": 3, "a handful": 5}
PEOPLE = (
    r"(?:child|children|young|person|people|baby|babies|infant|famil(?:y|ies)|sibling|girl|boy|teenager|"
    r"care leaver|carer|parent|mother|father|pupil|student|adopter|unaccompanied)"
)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})*|" + "|".join(WORDS) + r")"
_UNITS = r"days?|weeks?|months?|years?|hours?|minutes?|quarters?|terms?|times?|am|pm|o'clock"
_DURATION = rf"(?!\s*(?:-\s*)?(?:working\s+)?(?:{_UNITS})\b)"
_THE = r"(?:the\s+|these\s+|those\s+|our\s+)?"
_PART_OF = re.compile(rf"\b(?P<part>{_NUMBER})\s+(?:out\s+)?of\s+{_THE}(?P<whole>{_NUMBER})\b", re.IGNORECASE)
_FRACTION = re.compile(r"(?<![\w/.,-])(?P<part>\d{1,5})\s*/\s*(?P<whole>\d{1,5})(?![\w/]|[.,]\d|-\d)")
_PERCENT_OF = re.compile(rf"(?P<percent>\d{{1,3}}(?:\.\d+)?)\s*%\s+of\s+{_THE}(?P<whole>{_NUMBER})\b", re.IGNORECASE)
_DIGITS = re.compile(r"(?<![\w.,£$/-])(?P<n>\d{1,2})(?![\w%/]|[.,]\d|-\d|\s*/\s*\d)" + _DURATION)
_WORD = re.compile(rf"\b(?P<n>{'|'.join(w for w in WORDS if w != 'one')})\b(?!-)" + _DURATION, re.IGNORECASE)
_ONE = re.compile(rf"(?<!\bno )(?<!\bany )(?<!\beach )(?<!\bevery )\bone\s+(?:{PEOPLE})", re.IGNORECASE)
_LABELS = {
    "aged", "age", "ages", "under", "over", "than", "stage", "ks", "tier", "level", "band", "grade", "priority",
    "phase", "step", "page", "year", "option", "question", "point", "top", "rank", "ranked", "no", "number", "q",
}  # fmt: skip
_QUALIFIED = re.compile(
    r"\s*(?:(?:or|and)\s+(?:more|over|above|under|fewer|less|below|older|younger)\b|\+|-?\s*years?\b|-year|"
    r"(?:thirds?|quarters?|halves|fifths?|sixths?|tenths?)\b|(?:st|nd|rd|th)\b)",
    re.IGNORECASE,
)
_VAGUE = re.compile(r"\b(?P<n>" + "|".join(VAGUE) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class SmallNumber:
    """One phrase in a text that states or reveals a small count."""

    start: int
    end: int
    phrase: str
    why: str


def small_numbers(text: str, threshold: int) -> list[SmallNumber]:
    """Every phrase in ``text`` giving a count from 1 to ``threshold``, in order, overlapping ones merged."""
    if threshold <= 0:
        return []
    found = [*_parts(text, threshold), *_alone(text, threshold)]
    merged: list[SmallNumber] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if merged and item.start < merged[-1].end:
            continue  # inside a phrase already found ("3" within "3 of 40")
        merged.append(item)
    return merged


def acknowledged(item: SmallNumber, text: str, phrases: list[str]) -> bool:
    """Whether an officer has acknowledged the phrase as safe: it lies within one of ``phrases`` in the text."""
    for phrase in phrases:
        for match in re.finditer(re.escape(phrase), text):
            if match.start() <= item.start and item.end <= match.end():
                return True
    return False


def _not_a_count(text: str, start: int, end: int) -> bool:
    """An age, a band, a rank or a fraction rather than a number of children: "aged five and over", "Key Stage
    2", "three or more placements", "two thirds"."""
    before = re.search(r"([\w']+)\s+$", text[max(0, start - 20) : start])  # the word just before, same sentence
    return bool(before and before[1].lower() in _LABELS) or bool(_QUALIFIED.match(text, end))


def _value(word: str) -> int:
    word = word.lower().replace(",", "")
    return WORDS[word] if word in WORDS else int(word)


def _small(count: float, threshold: int) -> bool:
    return 1 <= count <= threshold


def _parts(text: str, threshold: int) -> list[SmallNumber]:
    found = []
    for pattern in (_PART_OF, _FRACTION):
        for m in pattern.finditer(text):
            part, whole = _value(m["part"]), _value(m["whole"])
            if whole > 0 and part <= whole and (_small(part, threshold) or _small(whole - part, threshold)):
                why = f"{part} of {whole}, leaving {whole - part}"
                found.append(SmallNumber(m.start(), m.end(), m[0], why))
    for m in _PERCENT_OF.finditer(text):
        whole = _value(m["whole"])
        part = round(float(m["percent"]) * whole / 100)
        if _small(part, threshold) or _small(whole - part, threshold):
            found.append(SmallNumber(m.start(), m.end(), m[0], f"about {part} of {whole}, leaving {whole - part}"))
    return found


def _alone(text: str, threshold: int) -> list[SmallNumber]:
    found = []
    for pattern in (_DIGITS, _WORD, _VAGUE):
        for m in pattern.finditer(text):
            count = VAGUE[m["n"].lower()] if pattern is _VAGUE else _value(m["n"])
            if _small(count, threshold) and not _not_a_count(text, m.start(), m.end()):
                found.append(SmallNumber(m.start(), m.end(), m[0], f"a count of {count}"))
    if threshold >= 1:
        found += [SmallNumber(m.start(), m.end(), m[0], "a count of 1") for m in _ONE.finditer(text)]
    return found
