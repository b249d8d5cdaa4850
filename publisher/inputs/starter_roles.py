"""The columns of a scorecard beyond its figures, read per row: the comparators the council typed (SN, England, a
region, a regional return, the middle-50% band), the intervention level, tags (plan priorities), and the council's
own RAG, direction and comments as printed. Each is kept somewhere: nothing the sheet holds is dropped."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise

from ..core.codes import brief
from ..core.vocab import Comparator, Polarity, Window
from .printed import Arrow, Reading
from .ragrules import BandBounds, parse_band_range
from .starter_cells import read_written, text_of

# A council's spelling of a code, as DfE's code that the benchmark table reads.
PUBLISHED = {"Suppressed": "c", "n/a": "z", "na": "-", "": "-"}
NUMBER = re.compile(r"\d+(?:\.\d+)?")
RETURN = re.compile(r"^rig\b|\breturn\b", re.I)  # a regional return: the region's quarterly figures, not DfE's


@dataclass(frozen=True)
class Typed:
    """One comparator figure the council typed: a row of the benchmark table."""

    comparator: Comparator
    year: str
    value: str  # a number, DfE's code, or words for the band
    heading: str
    note: str = ""


@dataclass(frozen=True)
class Offered:
    """A comparator column's cell in one row."""

    comparator: Comparator
    year: str
    heading: str
    name: str  # the column's key, as problems name it
    cell: object


def typed_benchmarks(offered: list[Offered]) -> tuple[list[Typed], list[tuple[str, str]]]:
    """One figure per comparator: a column with a year first, then published statistics before a regional return
    ('RIG Q2 NW'), then the leftmost; the other columns' figures for it are kept in its note ('RIG Q2 NW: 507').
    Returns the figures and the cells that are none."""
    chosen: dict[Comparator, Typed] = {}
    refused: list[tuple[str, str]] = []  # column, what was expected
    filled = [o for o in offered if text_of(o.cell)]
    for item in sorted(filled, key=lambda o: (not o.year, bool(RETURN.search(o.heading)))):
        value = _value(item)
        if value is None:
            expected = f"expected a comparator's figure or a code (c, x, z, -), got {brief(item.cell)}"
            refused.append((item.name, expected))
            continue
        if (first := chosen.get(item.comparator)) is None:
            chosen[item.comparator] = Typed(item.comparator, item.year, value[0], item.heading, value[1])
            continue
        note = "; ".join(filter(None, (first.note, f"{item.heading}: {text_of(item.cell)}")))
        chosen[item.comparator] = Typed(first.comparator, first.year, first.value, first.heading, note)
    return [chosen[c] for c in Comparator if c in chosen], refused


def _value(item: Offered) -> tuple[str, str] | None:
    """The table's value and note for a typed cell; the band is words ('In range'), the others figures."""
    written = text_of(item.cell)
    if item.comparator.is_text:
        return written, ""
    read = read_written(item.cell)
    if isinstance(read, str):
        return None
    note = read.note or (f"written '{written}'" if read.period is not None else "")
    return PUBLISHED.get(read.text, read.text), note


def level_of(text: str) -> float | None:
    """A single level as written ('20', '20%'); None for blank, words or a range."""
    clean = text.replace("%", "").replace(",", "").strip()
    return float(clean) if NUMBER.fullmatch(clean) else None


def polarity_between(target: float, intervention: float) -> Polarity:
    """Which way is good when a target and an intervention level say it: the target is on the good side."""
    if target == intervention:
        return Polarity.NONE
    return Polarity.HIGH if target > intervention else Polarity.LOW


# A window as a title or its footnote says it, most specific first.
WINDOW_WORDS: tuple[tuple[Window, re.Pattern[str]], ...] = (
    (Window.ROLLING_12M, re.compile(r"\brolling\s*12|\b12[- ]months?\s*rolling|\b12 month rolling", re.I)),
    (Window.ROLLING_6M, re.compile(r"\brolling\s*6|\b6[- ]months?\s*rolling", re.I)),
    (Window.YTD, re.compile(r"\byear to date\b|\bytd\b", re.I)),
    (Window.SNAPSHOT, re.compile(r"\bsnapshot\b|\bas at\b", re.I)),
)
MARK = re.compile(r"(\*+)\s*$")
FOOTNOTE = re.compile(r"^(\*+)\s*(\S.*)$")


def footnotes(skipped: list[tuple[int, str]]) -> dict[str, tuple[int, str]]:
    """The sheet's footnotes by their mark: '* rolling 12 months data' -> {'*': (row, text)}."""
    found: dict[str, tuple[int, str]] = {}
    for row, text in skipped:
        if match := FOOTNOTE.match(text):
            found.setdefault(match[1], (row, match[2]))
    return found


def window_of(title: str, notes: dict[str, tuple[int, str]]) -> tuple[Window, str] | None:
    """The window a row's title says, in its own words or by its footnote mark, and why."""
    mark = MARK.search(title)
    note = notes.get(mark[1]) if mark else None
    for window, words in WINDOW_WORDS:
        if words.search(title):
            return window, "the title says so"
        if note is not None and words.search(note[1]):
            return window, f"its title is marked '{mark[1] if mark else ''}' and the footnote in row {note[0]} says so"
    return None


@dataclass(frozen=True)
class Band:
    label: str  # the column's heading: 'RI', 'Good', 'Outstanding'
    colour: str  # green, amber or red
    range: str  # as written: '20-25', '<14', '85+'


def graded_bands(bands: list[Band]) -> tuple[list[Band], Polarity] | str:
    """A row's graded bands best first, and the polarity their order says; or why they cannot be a rule (words,
    a band left blank, bands that do not run one way, as '40-50 / 49-26 / >25')."""
    read: list[tuple[Band, BandBounds]] = []
    for band in bands:
        try:
            read.append((band, parse_band_range(band.range)))
        except ValueError:
            return f"'{band.range}' under '{band.label}' is not a band such as '81-89', '90+' or '<15'"
    for polarity in (Polarity.HIGH, Polarity.LOW):
        ranked = sorted(read, key=lambda item: -item[1].low if polarity is Polarity.HIGH else item[1].high)
        if _one_way(ranked, polarity):
            return [band for band, _ in ranked], polarity
    return "they do not run one way (each better band above, or each below, the one worse than it)"


def _one_way(ranked: list[tuple[Band, BandBounds]], polarity: Polarity) -> bool:
    """Bands best first by their edge: no better colour after a worse one, and no band inside another."""
    order = {"green": 0, "amber": 1, "red": 2}
    for (better, b), (worse, w) in pairwise(ranked):
        if order[better.colour] > order[worse.colour]:
            return False
        if polarity is Polarity.HIGH and not (b.low > w.low and b.high >= w.high):
            return False
        if polarity is Polarity.LOW and not (b.high < w.high and b.low <= w.low):
            return False
    return True


@dataclass(frozen=True)
class Move:
    """A row's last two figures and the arrow the council printed beside them."""

    row: int
    reference: str
    written: str  # the arrow as printed
    arrow: Arrow
    before: float
    now: float

    @property
    def size(self) -> float:
        return round(abs(self.now - self.before), 9)

    @property
    def percent(self) -> float:
        """The move as a percentage of the figure before (infinite from 0)."""
        return self.size * 100 / abs(self.before) if self.before else math.inf

    def __str__(self) -> str:
        return f"row {self.row} ({self.reference}) moved {self.size:g} and is printed '{self.written}'"


def band_from_arrows(moves: list[Move]) -> tuple[float | str, str] | str | None:
    """The no-change band the sheet's arrows show, and why: the largest move printed level, in points when every
    move printed up or down is larger, else as a percentage of the figure before (rounded up to 0.1%) when that
    separates them. None when no level arrow covers a move; why not when no band separates them."""
    level = [m for m in moves if m.arrow is Arrow.LEVEL and m.size > 0]
    if not level:
        return None
    moved = [m for m in moves if m.arrow is not Arrow.LEVEL]
    widest = max(level, key=lambda m: m.size)
    if all(m.size > widest.size for m in moved):
        return widest.size, f"the largest move printed level: {widest}; every move printed up or down is larger"
    share = max(level, key=lambda m: m.percent)
    percent = math.ceil(round(share.percent * 10, 6)) / 10
    if percent != math.inf and all(m.percent > percent for m in moved):
        return f"{percent:g}%", (f"the largest move printed level as a share of the figure before: {share}, "
                                 f"{share.percent:.2f}% of {share.before:g}; every move printed up or down is larger "
                                 "(in points, none separates them)")  # fmt: skip
    clash = min(moved, key=lambda m: m.size)
    return f"no no-change band fits the sheet's arrows: {widest}, but {clash}"


def reading_from_arrows(moves: list[tuple[Move, Polarity]]) -> tuple[Reading, str] | None:
    """Whether the sheet's up and down arrows say the figure rose and fell or got better and worse, and why: read
    from the rows whose figure moved, whose polarity is known and whose arrow is up or down (None when there are
    none); better and worse only when more of them read so than as moves."""
    known = [(m, p) for m, p in moves if m.arrow in (Arrow.UP, Arrow.DOWN) and p is not Polarity.NONE and m.size]
    if not known:
        return None
    as_moves = [(m, p) for m, p in known if (m.arrow is Arrow.UP) == (m.now > m.before)]
    as_judged = [(m, p) for m, p in known if (m.arrow is Arrow.UP) == ((m.now > m.before) == (p is Polarity.HIGH))]
    judged = len(as_judged) > len(as_moves)
    reading, agree, other = (Reading.BETTER_WORSE, as_judged, as_moves) if judged else \
        (Reading.UP_DOWN, as_moves, as_judged)  # fmt: skip
    why = f"{len(agree)} of the {len(known)} rows whose figure moved and whose polarity is known read so"
    if example := next(((m, p) for m, p in agree if (m, p) not in other), None):
        m, p = example
        way = "rose" if m.now > m.before else "fell"
        why += f": row {m.row} ({m.reference}) {way} from {m.before:g} to {m.now:g}, {p} is good, printed '{m.written}'"
    return reading, why
