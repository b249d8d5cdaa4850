"""Small numbers in commentary: a count of children written in a public pack's text, in digits or in words.

Looked for, after the text is normalised (compatibility forms, invisible characters such as zero-width spaces
and soft hyphens removed, the fraction slash read as '/'):
- a count from 1 to the threshold on its own ("the other 3", "three children", "3.0", "a couple of", "only
  one", "a single child", "both siblings", "twins");
- a part of a whole whose part or remainder is that small: "17/19", "124 of 125", "twelve out of fourteen",
  "37 in 40", "of the 40 care leavers, 37 ...", "40 children, of whom 37 ...";
- a share of a small stated base: "67% (or 67 per cent) of the 6 young people" is 4, leaving 2; "two thirds
  of the six", "half of the 8".
- a count in ordinary words: "One was placed", "Both were remanded", "the only child", "a quartet of
  siblings", "the 3rd young person", "III children", "A young person was remanded" (one person and an event);
- a share whose base is printed just before it: "6 in custody; half are on remand", "(6 in total), 67% ...".
Digits of any script count ("٣" is 3). Durations ("5 days", "three months"), periods ("quarter 2", "Q2", "3
March"), labels ("aged five", "Key Stage 2", "Year 11", "three or more placements", "two thirds") and limits no
narrower than what withholding already says ("less than 5", "fewer than 10", "more than 3") are not counts of
children. Each finding names the phrase and the counts it gives, so that an officer can reword it or acknowledge
it as safe ("two reviews a year") in the commentary file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["SmallNumber", "acknowledged", "normalised", "restates_withheld", "small_numbers"]

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
VAGUE = {"a couple": 2, "a pair": 2, "a few": 3, "a handful": 5, "twins": 2, "triplets": 3, "a trio": 3,
         "a brace": 2, "only one": 1, "a single": 1, "the sole": 1, "a lone": 1, "a quartet": 4, "a quintet": 5,
         "quadruplets": 4, "quintuplets": 5, "half a dozen": 6, "a dozen": 12}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10}  # fmt: skip
ROMAN = {"I": 1, "V": 5, "X": 10}
FRACTIONS = {"half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4,
             "fifth": 1 / 5, "fifths": 1 / 5}  # fmt: skip
PEOPLE = (
    r"(?:child|children|young|person|people|baby|babies|infant|famil(?:y|ies)|sibling|girl|boy|teenager|adult|"
    r"care leaver|carer|parent|mother|father|pupil|student|adopter|unaccompanied|man|men|woman|women)"
)
# One person, then an event that happened to them: "A young person was remanded", "a child died".
_ONE_PERSON = (
    r"(?:child|young[ \t]+person|person|baby|infant|sibling|girl|boy|teenager|care[ \t]+leaver|pupil|student|"
    r"young[ \t]+(?:man|woman)|mother|father|parent)"
)
_EVENT = (
    r"(?:(?:was|has[ \t]+been|had[ \t]+been|became|got)[ \t]+(?:\w+ly[ \t]+)?(?:remanded|arrested|charged|"
    r"convicted|sentenced|detained|excluded|expelled|adopted|placed|removed|admitted|hospitali[sz]ed|injured|harmed|"
    r"abused|assaulted|exploited|trafficked|killed|murdered|missing|pregnant|identified|released|cautioned|taken|"
    r"moved|returned|found|reported)|died|absconded|went[ \t]+missing|ran[ \t]+away|gave[ \t]+birth)\b"
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
    "year", "option", "question", "point", "top", "rank", "ranked", "no", "number", "q", "quarter", "month",
    "week", "term", "period", "section", "chapter", "paragraph", "para", "table", "figure", "fig", "appendix",
    "annex", "part", "round", "wave", "version", "item", "indicator", "measure", "line", "row", "column",
    "standard", "category", "objective", "recommendation", "action", "day", "room", "p", "pp",
}  # fmt: skip
_QUALIFIED = re.compile(
    r"[ \t]{0,3}(?:(?:or|and)[ \t]+(?:more|over|above|under|fewer|less|below|older|younger)\b|\+|"
    r"-?[ \t]?years?\b|-year|"
    r"(?:thirds?|quarters?|halves|fifths?|sixths?|tenths?)\b|(?:st|nd|rd|th|s)\b)",
    re.IGNORECASE,
)
_DETERMINERS = {"this", "last", "next", "each", "every", "per", "a", "that"}
_VAGUE = re.compile(r"\b(?P<n>" + "|".join(VAGUE) + r")\b", re.IGNORECASE)
_NOT_THIS = r"(?<!\bno )(?<!\bany )(?<!\beach )(?<!\bevery )(?<!\bthis )(?<!\bthat )(?<!\bwhich )"
# "One was placed", "Both of them were remanded": the count is the subject, with no noun after it.
_SUBJECT = re.compile(
    rf"{_NOT_THIS}\b(?P<n>one|both)[ \t]+(?:of[ \t]+(?:them|these|those)[ \t]+)?(?:was|were|is|are|has|have|had|"
    r"remains|remained|went|moved|left|returned|became)\b",
    re.IGNORECASE,
)
_ONLY = re.compile(rf"\b(?:the|an?|our)[ \t]+only[ \t]+(?:one\b|{_ADJECTIVES}{PEOPLE}\b)", re.IGNORECASE)
_ORDINAL = re.compile(
    rf"\b(?P<n>[0-9]{{1,2}}(?=st|nd|rd|th)|{'|'.join(ORDINALS)})(?:st|nd|rd|th)?[ \t]+{_ADJECTIVES}{PEOPLE}\b",
    re.IGNORECASE,
)
_ROMAN = re.compile(rf"\b(?P<n>X{{0,2}}(?:IX|IV|V?I{{0,3}}))[ \t]+(?i:{_ADJECTIVES}{PEOPLE})\b")
_AN_EVENT = re.compile(rf"\ban?[ \t]+{_ADJECTIVES}{_ONE_PERSON}[ \t]+{_EVENT}", re.IGNORECASE)
# A share standing alone, its base printed just before it: "6 in custody; half are on remand".
_SHARE_ALONE = re.compile(
    r"(?P<percent>(?<![\w.,])[0-9]{1,3}(?:\.[0-9]+)?)\s*(?:%|per\s*cent\b)"
    r"|(?<!first )(?<!second )(?<!last )(?<!this )(?<!next )\b(?:(?P<count>a|one|two|three|four)[ \t-]+)?"
    r"(?P<share>half|thirds?|quarters?|fifths?)\b(?![ \t-]*(?:of[ \t]+the[ \t]+)?(?:year|term|day|way|time)|-)",
    re.IGNORECASE,
)
_BASE = re.compile(
    rf"(?<![\w.,/£$-])(?P<n>[0-9]{{1,3}}(?:,[0-9]{{3}})*|{'|'.join(WORDS)})(?![\w%/-]|[.,][0-9]|\s*(?:%|per\s*cent))"
    + _DURATION,
    re.IGNORECASE,
)
_NEAR = 80  # how far before a share its base may be printed, in characters
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec"}  # fmt: skip
# A limit: a count beyond it ("more than 3") or no narrower than what withholding already says ("less than 5").
_ABOVE = re.compile(r"(?:more|greater)[ \t]+than|over|above|at[ \t]+least|exceeding", re.IGNORECASE)
_BELOW = re.compile(r"(?:less|fewer)[ \t]+than|under|below|up[ \t]+to|at[ \t]+most", re.IGNORECASE)


@dataclass(frozen=True)
class SmallNumber:
    """One phrase in a text that states or reveals a small count: ``counts`` are the numbers it gives (a part
    and what it leaves), which an acknowledged phrase must not share with a withheld figure."""

    start: int
    end: int
    phrase: str
    why: str
    counts: tuple[int, ...] = ()


def normalised(text: str) -> str:
    """The text as a reader sees it: compatibility forms folded, invisible characters dropped, every script's
    digits read as 0-9 (one character for one, so positions and lines are kept)."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def small_numbers(text: str, threshold: int) -> list[SmallNumber]:
    """Every phrase in ``text`` giving a count from 1 to ``threshold``, in order, overlapping ones merged.

    Positions are in the normalised text (:func:`normalised`), which has the same lines as the original.
    """
    if threshold <= 0:
        return []
    text = normalised(text)
    found = [*_parts(text, threshold), *_shares(text, threshold), *_alone(text, threshold), *_worded(text, threshold)]
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


def restates_withheld(item: SmallNumber, withheld: list[float], shown: list[float]) -> float | None:
    """The withheld figure (or sum or difference with one) that a phrase's count equals, else None.

    ``withheld`` and ``shown`` are one row's figures in the pack's period columns. A count equal to a withheld
    figure, or to the sum or difference of a withheld figure and any other figure of the row, is what the pack
    withholds said in words ("two extra young people" beside a withheld 1 and 3), so no acknowledgement passes it.
    """
    derived = set(withheld)
    for i, a in enumerate(withheld):
        for b in [*withheld[:i], *withheld[i + 1 :], *shown]:
            derived |= {a + b, abs(a - b)}
    return next((float(c) for c in item.counts if c in derived), None)


def _not_a_count(text: str, start: int, end: int, count: int = 0, threshold: int = 0) -> bool:
    """An age, a band, a rank, a period, a date or a fraction rather than a number of children ("aged five and
    over", "Key Stage 2", "quarter 2", "3 March", "three or more placements", "two thirds", "under 5s"), or a
    limit that says no more than withholding would ("more than 3", "less than 5")."""
    before = re.search(r"(?:(\w+)[ \t]+)?([\w']+)\s+$", text[max(0, start - 30) : start])  # the words before
    word = before[2].lower() if before else ""
    if before and before[1] and before[1].lower() in _DETERMINERS:
        word = ""  # "this quarter 3 children": the quarter is not numbered, the children are counted
    after = re.match(r"(?:st|nd|rd|th)?[ \t]+([a-z]+)", text[end : end + 20], re.IGNORECASE)
    return (
        word in _LABELS
        or word in _MONTHS
        or bool(after and after[1].lower() in _MONTHS)
        or _after_limit(text, start, _ABOVE)
        or (count >= threshold and _after_limit(text, start, _BELOW))
        or bool(_QUALIFIED.match(text, end))
    )


def _after_limit(text: str, start: int, limit: re.Pattern[str]) -> bool:
    """Whether the one or two words before ``start`` are a limit: "over 3", "fewer than 5"."""
    words = re.search(r"(?:(\w+)[ \t]+)?(\w+)[ \t]+$", text[max(0, start - 20) : start])
    return bool(words and any(limit.fullmatch(w) for w in (f"{words[1]} {words[2]}", words[2])))


def _value(word: str) -> int:
    word = word.lower().replace(",", "")
    return WORDS[word] if word in WORDS else int(word)


def _small(count: float, threshold: int) -> bool:
    return 1 <= count <= threshold


def _found(
    match: re.Match[str], part: int, whole: int, threshold: int, about: str = "", start: int | None = None
) -> list[SmallNumber]:
    if whole > 0 and 0 <= part <= whole and (_small(part, threshold) or _small(whole - part, threshold)):
        begin = match.start() if start is None else start
        why = f"{about}{part} of {whole}, leaving {whole - part}"
        return [SmallNumber(begin, match.end(), match.string[begin : match.end()], why, (part, whole - part))]
    return []


def _counted(match: re.Match[str], count: int) -> SmallNumber:
    return SmallNumber(match.start(), match.end(), match[0], f"a count of {count}", (count,))


def _parts(text: str, threshold: int) -> list[SmallNumber]:
    found = []
    for pattern in (_PART_OF, _FRACTION, _OF_THE_WHOLE, _OF_WHOM):
        for m in pattern.finditer(text):
            found += _found(m, _value(m["part"]), _value(m["whole"]), threshold)
    return found


def _share(match: re.Match[str]) -> float:
    if match["percent"]:
        return float(match["percent"]) / 100
    count = match["count"].lower() if match["count"] else "a"
    return (1 if count == "a" else WORDS[count]) * FRACTIONS[match["share"].lower()]


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
    for m in _SHARE_ALONE.finditer(text):
        if m["share"] and not m["count"] and m["share"].lower() != "half":
            continue  # "quarter" alone is a period, "third" a rank
        if (base := _base(text, m.start())) and 0 < (part := round(_share(m) * _value(base["n"]))) < _value(base["n"]):
            found += _found(m, part, _value(base["n"]), threshold, "about ", base.start())  # all or none: the base
    return found


def _base(text: str, at: int) -> re.Match[str] | None:
    """The count printed last before a share, in the same paragraph and near it, that is not a label or limit."""
    window = max(0, at - _NEAR, text.rfind("\n\n", max(0, at - _NEAR), at) + 1)
    bases = list(_BASE.finditer(text, window, at))
    return next((m for m in reversed(bases) if not _not_a_count(text, m.start(), m.end())), None)


def _alone(text: str, threshold: int) -> list[SmallNumber]:
    found = []
    for pattern in (_DIGITS, _WORD, _VAGUE):
        for m in pattern.finditer(text):
            count = VAGUE[m["n"].lower()] if pattern is _VAGUE else _value(m["n"])
            if _small(count, threshold) and not _not_a_count(text, m.start(), m.end(), count, threshold):
                found.append(_counted(m, count))
    for pattern, count in ((_ONE, 1), (_BOTH, 2), (_ONLY, 1), (_AN_EVENT, 1)):
        if _small(count, threshold):
            found += [_counted(m, count) for m in pattern.finditer(text)]
    return found


def _worded(text: str, threshold: int) -> list[SmallNumber]:
    """Counts of people written as a pronoun, an ordinal or a Roman numeral: "Both were", "the 3rd child"."""
    found = []
    for m in _SUBJECT.finditer(text):
        found += [_counted(m, n) for n in [1 if m["n"].lower() == "one" else 2] if _small(n, threshold)]
    for m in _ORDINAL.finditer(text):
        n = ORDINALS.get(m["n"].lower()) or int(m["n"])
        found += [_counted(m, n)] if _small(n, threshold) else []
    for m in _ROMAN.finditer(text):
        n = _roman(m["n"])
        found += [_counted(m, n)] if n > 1 and _small(n, threshold) else []  # "I" alone is the pronoun
    return found


def _roman(numeral: str) -> int:
    values = [ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
