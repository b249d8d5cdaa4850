"""What changed since the last published pack: revised figures, RAG and direction moves, registry changes.

Compared here on plain values: the last pack as it was published (:class:`PublishedPack`, read back from the
archive by :mod:`publisher.publish.previous`) and the scorecard being built. Every statement made is worked
out from the two packs as their readers saw them, so it tells nothing the two packs together do not:

- a figure is compared only when both packs show it; a figure withheld in either is never compared, so the
  absence of an "r" says nothing about a withheld number (if it did, "unchanged" would reveal it);
- the old value is given only when the last pack was published to the same audience or a public one (a
  restricted pack's small numbers never reach a public one); otherwise the figure is only said to be revised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from ..core.figures import round_half_away
from ..core.periods import Period
from ..core.vocab import Audience
from ..inputs.registry import Indicator
from .model import IndicatorResult, Point, Scorecard

__all__ = [
    "Change", "ChangeKind", "Changes", "PublishedFigure", "PublishedPack", "PublishedRow", "RegistryCopy",
    "Revision", "compare",
]  # fmt: skip


class ChangeKind(StrEnum):
    RATING = "rating"
    DIRECTION = "direction"
    TARGET = "target"
    RAG_RULE = "rag_rule"
    POLARITY = "polarity"
    TITLE = "title"
    DEFINITION = "definition"
    ADDED = "added"
    REMOVED = "removed"


class RegistryCopy(StrEnum):
    """Whether the registry the last pack was made from could be read back."""

    KEPT = "kept"
    NONE = "none"  # archived before publisher kept a copy
    UNREADABLE = "unreadable"  # kept, but it no longer reads under today's schema


@dataclass(frozen=True)
class PublishedFigure:
    """A figure as the last pack showed it: its value as displayed, or ``None`` when it showed no number."""

    value: float | None
    display: str


@dataclass(frozen=True)
class PublishedRow:
    reference: str
    title: str
    rating: str  # the rating ("green") or, for graded bands, the band's name ("Outstanding")
    judgement: str  # the direction's judgement ("improving")
    figures: Mapping[str, PublishedFigure]  # period label -> figure, every figure the pack showed for that period


@dataclass(frozen=True)
class PublishedPack:
    """The last published version of a pack, as read back (and verified) from the archive."""

    pack: str
    period: Period
    version: int
    published_at: str
    audience: Audience
    rows: tuple[PublishedRow, ...] | None  # None: archived before publisher kept the published figures
    registry: tuple[Indicator, ...] | None  # None: no registry copy could be used (``copy`` says why)
    copy: RegistryCopy = RegistryCopy.KEPT
    problem: str = ""  # what stopped an archived registry from reading


@dataclass(frozen=True)
class Revision:
    """A past period's figure that differs from what the last pack showed for it."""

    reference: str
    title: str
    period: Period
    old: str  # the old figure as shown
    new: str


@dataclass(frozen=True)
class Change:
    """One change of an indicator: what it was and is. A rating, a judgement, a polarity, a target as printed or
    a title; for a RAG rule or a definition, the registry entry before and after, which output words (a rule's
    numbers read against the entry's polarity and unit), so no registry name reaches a member."""

    kind: ChangeKind
    reference: str
    title: str
    before: str | Indicator = ""
    after: str | Indicator = ""
    period: Period | None = None  # the period a target is for


@dataclass(frozen=True)
class Changes:
    """Everything the "What changed" page lists, against one earlier published version."""

    since_period: Period
    since_version: int
    since_published: str
    revisions: tuple[Revision, ...] = ()
    moves: tuple[Change, ...] = ()  # RAG and direction
    registry: tuple[Change, ...] = ()  # targets, rule parameters, polarity, definitions, additions, removals
    copy: RegistryCopy = RegistryCopy.KEPT  # whether registry changes could be listed
    problem: str = ""  # why the registry copy did not read: a file and fields, for officers only
    figures_kept: bool = True  # False: the last pack's figures were not archived, so none could be compared
    # False: the last pack was restricted and this one is public, so its figures, ratings and directions are not
    # compared at all (a rating, a move or even an unmarked figure would tell what the public pack withholds)
    figures_comparable: bool = True

    @cached_property
    def _by_figure(self) -> dict[tuple[str, str], Revision]:
        return {(r.reference, r.period.label): r for r in self.revisions}

    def revision(self, reference: str, period: Period) -> Revision | None:
        """The revision of this indicator's figure for ``period``, for the "r" marker in the tables."""
        return self._by_figure.get((reference, period.label))

    @property
    def empty(self) -> bool:
        return not (self.revisions or self.moves or self.registry)


def compare(previous: PublishedPack, scorecard: Scorecard, registry: Iterable[Indicator]) -> Changes:
    """What differs between the last published pack and this scorecard (``registry``: the registry in force)."""
    old_rows = {r.reference: r for r in previous.rows or ()}
    rows = scorecard.rows
    comparable = previous.audience is not Audience.RESTRICTED or scorecard.audience is Audience.RESTRICTED
    both = [(row, old_rows[row.indicator.reference]) for row in rows if row.indicator.reference in old_rows]
    revisions = [r for row, old in both for r in _revisions(row, old)] if comparable else []
    moves = [m for row, old in both for m in _moves(row, old)] if comparable else []
    members = _membership(rows, old_rows) if previous.rows is not None else []
    changes = [*members, *_registry_changes(previous, rows, registry)]
    return Changes(
        previous.period,
        previous.version,
        previous.published_at,
        tuple(revisions),
        tuple(moves),
        tuple(changes),
        previous.copy,
        previous.problem,
        previous.rows is not None,
        comparable,
    )


def _revisions(row: IndicatorResult, old: PublishedRow) -> list[Revision]:
    """Past periods whose figure, shown in both packs, is no longer the one published (compared as displayed)."""
    found: dict[str, Revision] = {}
    for point in _table_points(row):
        label = point.period.label
        before = old.figures.get(label)
        figure = point.figure
        if before is None or before.value is None or not figure.available or figure.value is None:
            continue
        now = round_half_away(figure.value, row.indicator.decimals)
        if label in found or abs(now - before.value) < 1e-9:
            continue
        indicator = row.indicator
        found[label] = Revision(indicator.reference, indicator.title, point.period, before.display, row.show(figure))
    return sorted(found.values(), key=lambda r: r.period.end)


def _table_points(row: IndicatorResult) -> list[Point]:
    """The figures a pack prints as numbers (its columns and comparisons); the sparkline prints none."""
    return [Point(row.data_period, row.headline), row.previous, row.same_period_last_year, row.outturn_last_year,
            *row.recent, *row.year_quarters]  # fmt: skip


def _moves(row: IndicatorResult, old: PublishedRow) -> list[Change]:
    reference, title = row.indicator.reference, row.indicator.title
    found = []
    rating = row.rag.band or str(row.rag.rating)
    if rating != old.rating:
        found.append(Change(ChangeKind.RATING, reference, title, old.rating, rating))
    if str(row.direction.judgement) != old.judgement:
        found.append(Change(ChangeKind.DIRECTION, reference, title, old.judgement, str(row.direction.judgement)))
    return found


def _membership(rows: tuple[IndicatorResult, ...], old_rows: Mapping[str, PublishedRow]) -> list[Change]:
    """Indicators this pack shows that the last did not, and those it no longer shows."""
    now = {r.indicator.reference: r.indicator.title for r in rows}
    added = [Change(ChangeKind.ADDED, ref, title) for ref, title in now.items() if ref not in old_rows]
    removed = [Change(ChangeKind.REMOVED, ref, old.title) for ref, old in old_rows.items() if ref not in now]
    return [*added, *removed]


def _registry_changes(
    previous: PublishedPack, rows: tuple[IndicatorResult, ...], registry: Iterable[Indicator]
) -> list[Change]:
    """Targets, RAG rule parameters, polarity and definitions of this pack's indicators, against the registry
    the last pack was made from."""
    if previous.registry is None:
        return []
    before = {i.reference: i for i in previous.registry}
    current = {i.reference: i for i in registry}
    found = []
    for row in rows:
        ref = row.indicator.reference
        if ref in before and ref in current:
            found += indicator_changes(before[ref], current[ref], row.period)
    return found


def indicator_changes(old: Indicator, new: Indicator, period: Period) -> list[Change]:
    """How one indicator's registry entry changed in what a member reads: the target for ``period`` (this
    pack's), the RAG rule and its parameters, polarity, title and definition."""
    ref, title = new.reference, new.title
    found = []
    was, now = old.target_for(period), new.target_for(period)
    if was != now:
        found.append(Change(ChangeKind.TARGET, ref, title, _target(old, was), _target(new, now), period))
    if old.rag != new.rag:
        found.append(Change(ChangeKind.RAG_RULE, ref, title, old, new))
    if old.polarity != new.polarity:
        found.append(Change(ChangeKind.POLARITY, ref, title, str(old.polarity), str(new.polarity)))
    if old.title != new.title:
        found.append(Change(ChangeKind.TITLE, ref, title, old.title, new.title))
    if old.calculation != new.calculation or old.unit != new.unit:
        found.append(Change(ChangeKind.DEFINITION, ref, title, old, new))
    return found


def _target(indicator: Indicator, target: float | None) -> str:
    """A target as printed, or empty for none."""
    return "" if target is None else indicator.show(target)
