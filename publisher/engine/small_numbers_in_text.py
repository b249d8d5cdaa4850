"""Small numbers in commentary: a count of children written in a public pack's text, in digits or in words.

Looked for, after the text is normalised (compatibility forms, invisible characters such as zero-width spaces
and soft hyphens removed, the fraction slash read as '/'):
- a count from 1 to the threshold on its own ("the other 3", "three children", "3.0", "a couple of", "only
  one", "a single child", "both siblings", "twins");
- a part of a whole whose part or remainder is that small: "17/19", "124 of 125", "twelve out of fourteen",
  "37 in 40", "of the 40 care leavers, 37 ...", "40 children, of whom 37 ...";
- a share of a small stated base: "67% (or 67 per cent) of the 6 young people" is 4, leaving 2; "two thirds
  of the six", "half of the 8".
Durations ("5 days", "three months") and labels ("aged five", "Key Stage 2", "three or more placements", "two
thirds") are not counts of children. Each finding names the phrase, so that an officer can reword it or
acknowledge it as safe ("two reviews a year") in the commentary file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
VAGUE = {"a couple": 2, "a pair": 2, "a few": 3, "a handful": 5, "twins": 2, "triplets": 3, "a trio": 3,
         "a brace": 2, "only one": 1, "a single": 1, "the sole": 1, "a lone": 1}  # fmt: skip
FRACTIONS = {"half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4,
             "fifth": 1 / 5, "fifths": 1 / 5}  # fmt: skip
PEOPLE = (
    r"(?:child|children|young|person|people|baby|babies|infant|famil(?:y|ies)|sibling|girl|boy|teenager|adult|"
    r"care leaver|carer|parent|mother|father|pupil|student|adopter|unaccompanied|man|men|woman|women)"
)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None) | {0x2044: "/", 0x2215: "/"}
_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})*|" + "|".join(WORDS) + r")"
_UNITS = r"days?|weeks?|months?|years?|hours?|minutes?|quarters?|terms?|times?|am|pm|o'clock"
_DURATION = rf"(?![ \t]{{0,3}}(?:-[ \t]?)?(?:working[ \t]+)?(?:{_UNITS})\b)"  # bounded: no slow backtracking
_THE = r"(?:the\s+|these\s+|those\s+|our\s+)?"
# The words that may stand between "one" or "both" and the people counted: "one looked after child".
_ADJECTIVES = (
    r"(?:of[ \t]+(?:the|our|their)[ \t]+)?(?:(?:looked[ \t-]after|care[ \t-]experienced|older|younger|twin|"
    r"birth|foster|adopted|disabled|unaccompanied|young)[ \t]+)?"
)
_PART_OF = re.compile(rf"\b(?P<part>{_NUMBER})\s+(?:out\s+)?(?:of|in)\s+{_THE}(?P<whole>{_NUMBER})\b", re.IGNORECASE)
_OF_THE_WHOLE = re.compile(
    rf"\bof\s+{_THE}(?P<whole>{_NUMBER})\b[^,.;:]{{0,40}}?,\s*(?P<part>{_NUMBER})\b", re.IGNORECASE
)
_OF_WHOM = re.compile(rf"\b(?P<whole>{_NUMBER})\b[^.;:]{{0,40}}?\bof\s+whom\s+(?P<part>{_NUMBER})\b", re.IGNORECASE)
_FRACTION = re.compile(r"(?<![\w/.,-])(?P<part>[0-9]{1,5})\s*/\s*(?P<whole>[0-9]{1,5})(?![\w/]|[.,][0-9]|-[0-9])")
_PERCENT_OF = re.compile(
    rf"(?P<percent>[0-9]{{1,3}}(?:\.[0-9]+)?)\s*(?:%|per\s*cent\b)\s+of\s+{_THE}(?P<whole>{_NUMBER})\b", re.IGNORECASE
)
_SHARE_OF = re.compile(
    rf"\b(?P<count>a|one|two|three|four)?[\s-]*(?P<share>{'|'.join(FRACTIONS)})\s+of\s+{_THE}(?P<whole>{_NUMBER})\b",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"(?<![\w.,£$/-])(?P<n>[0-9]{1,2})(?:\.0+)?(?![\w%/]|[.,][0-9]|-[0-9]|\s*/\s*[0-9])" + _DURATION)
_WORD = re.compile(rf"\b(?P<n>{'|'.join(w for w in WORDS if w != 'one')})\b(?!-)" + _DURATION, re.IGNORECASE)
_ONE = re.compile(rf"(?<!\bno )(?<!\bany )(?<!\beach )(?<!\bevery )\bone[ \t]+{_ADJECTIVES}{PEOPLE}", re.IGNORECASE)
_BOTH = re.compile(rf"\bboth[ \t]+{_ADJECTIVES}{PEOPLE}", re.IGNORECASE)
_LABELS = {
    "aged", "age", "ages", "stage", "ks", "tier", "level", "band", "grade", "priority", "phase", "step", "page",
    "year", "option", "question", "point", "top", "rank", "ranked", "no", "number", "q",
}  # fmt: skip
_QUALIFIED = re.compile(
    r"[ \t]{0,3}(?:(?:or|and)[ \t]+(?:more|over|above|under|fewer|less|below|older|younger)\b|\+|"
    r"-?[ \t]?years?\b|-year|"
    r"(?:thirds?|quarters?|halves|fifths?|sixths?|tenths?)\b|(?:st|nd|rd|th|s)\b)",
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


def normalised(text: str) -> str:
    """The text as a reader sees it: compatibility forms folded, invisible characters dropped."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def small_numbers(text: str, threshold: int) -> list[SmallNumber]:
    """Every phrase in ``text`` giving a count from 1 to ``threshold``, in order, overlapping ones merged.

    Positions are in the normalised text (:func:`normalised`), which has the same lines as the original.
    """
    if threshold <= 0:
        return []
    text = normalised(text)
    found = [*_parts(text, threshold), *_shares(text, threshold), *_alone(text, threshold)]
    merged: list[SmallNumber] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if merged and item.start < merged[-1].end:
            continue  # inside a phrase already found ("3" within "3 of 40")
        merged.append(item)
    return merged


def acknowledged(item: SmallNumber, text: str, phrases: list[str]) -> bool:
    """Whether an officer has acknowledged the phrase as safe: it lies within one of ``phrases`` in the text."""
    text = normalised(text)
    for phrase in phrases:
        for match in re.finditer(re.escape(normalised(phrase)), text):
            if match.start() <= item.start and item.end <= match.end():
                return True
    return False


def _not_a_count(text: str, start: int, end: int) -> bool:
    """An age, a band, a rank or a fraction rather than a number of children: "aged five and over", "Key Stage
    2", "three or more placements", "two thirds", "under 5s"."""
    before = re.search(r"([\w']+)\s+$", text[max(0, start - 20) : start])  # the word just before, same sentence
    return bool(before and before[1].lower() in _LABELS) or bool(_QUALIFIED.match(text, end))


def _value(word: str) -> int:
    word = word.lower().replace(",", "")
    return WORDS[word] if word in WORDS else int(word)


def _small(count: float, threshold: int) -> bool:
    return 1 <= count <= threshold


def _found(match: re.Match[str], part: int, whole: int, threshold: int, about: str = "") -> list[SmallNumber]:
    if whole > 0 and 0 <= part <= whole and (_small(part, threshold) or _small(whole - part, threshold)):
        return [SmallNumber(match.start(), match.end(), match[0], f"{about}{part} of {whole}, leaving {whole - part}")]
    return []


def _parts(text: str, threshold: int) -> list[SmallNumber]:
    found = []
    for pattern in (_PART_OF, _FRACTION, _OF_THE_WHOLE, _OF_WHOM):
        for m in pattern.finditer(text):
            found += _found(m, _value(m["part"]), _value(m["whole"]), threshold)
    return found


def _shares(text: str, threshold: int) -> list[SmallNumber]:
    found = []
    for m in _PERCENT_OF.finditer(text):
        whole = _value(m["whole"])
        found += _found(m, round(float(m["percent"]) * whole / 100), whole, threshold, "about ")
    for m in _SHARE_OF.finditer(text):
        count = m["count"].lower() if m["count"] else "a"
        share = (1 if count == "a" else WORDS[count]) * FRACTIONS[m["share"].lower()]
        whole = _value(m["whole"])
        found += _found(m, round(share * whole), whole, threshold, "about ")
    return found


def _alone(text: str, threshold: int) -> list[SmallNumber]:
    found = []
    for pattern in (_DIGITS, _WORD, _VAGUE):
        for m in pattern.finditer(text):
            count = VAGUE[m["n"].lower()] if pattern is _VAGUE else _value(m["n"])
            if _small(count, threshold) and not _not_a_count(text, m.start(), m.end()):
                found.append(SmallNumber(m.start(), m.end(), m[0], f"a count of {count}"))
    for pattern, count in ((_ONE, 1), (_BOTH, 2)):
        if _small(count, threshold):
            found += [SmallNumber(m.start(), m.end(), m[0], f"a count of {count}") for m in pattern.finditer(text)]
    return found
