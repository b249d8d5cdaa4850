"""The chase list: what each officer still owes for a pack's commentary, and what stops a FINAL publish.

The performance officer chases people, not references, so every finding is filed under the officer who owes it:
an indicator's lead officer, or a priority's lead for the priority's own commentary and its sign-off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from ..core.phrase import Detail, Sentence
from ..core.vocab import IndicatorStatus
from ..engine.model import IndicatorResult, Scorecard, Section
from .checks import Check, commentary_disclosures, named, other_colour, required, too_short, unchanged
from .file import Commentary, CommentaryEntry
from .rules import CommentaryRules
from .signoff import SignOff, SignOffState

__all__ = ["Chase", "Owed", "chase_list", "unready"]

NO_OFFICER = "(no lead officer in the registry)"


class Owed(StrEnum):
    """What an officer still owes, in the order the chase list shows it."""

    REQUIRED = "required but absent"
    MISSING = "missing"
    FROM_SCORECARD = "from the scorecard, not confirmed"  # init read it from the sheet: its lead confirms or replaces
    UNCHANGED = Check.UNCHANGED.value
    TOO_SHORT = Check.TOO_SHORT.value
    OTHER_COLOUR = Check.OTHER_COLOUR.value
    SMALL_NUMBER = "states a small number"
    NOT_APPROVED = "section not approved"


@dataclass(frozen=True)
class Chase:
    officer: str
    reference: str  # an indicator's reference, or "priority <id>": the officers' name for it
    title: str
    owed: Owed
    detail: Detail = ""  # with values in it (a rating, a sign-off), which the CLI words from the catalogue
    priority: bool = False  # owed for a priority's own commentary or sign-off, not an indicator's

    @property
    def named(self) -> Detail:
        """What a reminder calls it: an indicator by its reference, a priority by its title in the catalogue's words
        (``form_mail.priority``), as heads of service know it, not by its id."""
        return Sentence.of("form_mail.priority", title=self.title) if self.priority else self.reference


def chase_list(
    scorecard: Scorecard, commentary: Commentary, rules: CommentaryRules, behind: Scorecard | None = None
) -> list[Chase]:
    """Everything owed for the scorecard's commentary, by officer (alphabetical), then in pack order. ``behind``:
    the pack unprotected, so that an acknowledged phrase giving a withheld figure is listed too."""
    found: list[Chase] = []
    for section in scorecard.sections:
        found += _section_owed(section, scorecard, commentary, rules)
        for row in section.rows:
            found += _row_owed(row, scorecard, commentary, rules)
    found += _small_numbers_owed(scorecard, commentary, behind)
    return sorted(found, key=lambda c: (c.officer.casefold(), list(Owed).index(c.owed)))


def _small_numbers_owed(scorecard: Scorecard, commentary: Commentary, behind: Scorecard | None) -> list[Chase]:
    """Every phrase of a public pack's commentary that stops it being published, filed under its writer's lead."""
    priorities = {s.priority.id: s.priority for s in scorecard.sections}
    indicators = {r.indicator.reference: r.indicator for r in scorecard.rows}
    found = []
    for problem in commentary_disclosures(scorecard, commentary, behind):
        key, name = problem.field.partition(".")[0], named(problem)
        if key == "priorities":
            officer, reference, title = priorities[name].lead, f"priority {name}", priorities[name].title
        else:
            officer, reference, title = indicators[name].lead_officer, name, indicators[name].title
        where = f"line {problem.line}: " if problem.line else ""
        found.append(Chase(officer or NO_OFFICER, reference, title, Owed.SMALL_NUMBER, where + problem.message,
                           key == "priorities"))  # fmt: skip
    return found


def _section_owed(
    section: Section, scorecard: Scorecard, commentary: Commentary, rules: CommentaryRules
) -> list[Chase]:
    officer, title = section.priority.lead or NO_OFFICER, section.priority.title
    name = f"priority {section.priority.id}"
    found = []
    earlier = commentary.for_priority(scorecard.period.previous(), section.priority.id)
    for owed, detail in _text_owed(section.commentary, earlier, rules, None):
        found.append(Chase(officer, name, title, owed, detail, True))
    if section.signoff is not None and not section.signoff.approved:
        lapsed = section.signoff.state is SignOffState.LAPSED
        found.append(Chase(officer, name, title, Owed.NOT_APPROVED, (section.signoff,) if lapsed else "", True))
    return found


def _row_owed(
    row: IndicatorResult, scorecard: Scorecard, commentary: Commentary, rules: CommentaryRules
) -> list[Chase]:
    indicator = row.indicator
    if indicator.status is not IndicatorStatus.LIVE:
        return []
    officer = indicator.lead_officer or NO_OFFICER
    earlier = commentary.for_indicator(scorecard.period.previous(), indicator.reference)
    found = []
    for owed, detail in _text_owed(row.commentary, earlier, rules, row):
        if owed is Owed.MISSING and required(row, rules):
            owed, detail = Owed.REQUIRED, ("rated ", row.rag, ", ", row.direction)
        found.append(Chase(officer, indicator.reference, indicator.title, owed, detail))
    return found


def _text_owed(
    entry: CommentaryEntry | None, earlier: CommentaryEntry | None, rules: CommentaryRules, row: IndicatorResult | None
) -> Iterable[tuple[Owed, Detail]]:
    if entry is None:
        yield Owed.MISSING, ""
        return
    if entry.from_scorecard:
        yield Owed.FROM_SCORECARD, entry.from_scorecard
    flags = (unchanged(entry.text, earlier), too_short(entry.text, rules.min_words),
             other_colour(entry.text, row.rag) if row is not None else None)  # fmt: skip
    for flag in flags:
        if flag is not None:
            yield Owed(flag.check), flag.detail


@dataclass(frozen=True)
class Unready:
    """What stops a FINAL publish: rows whose required commentary is missing and rows whose text is still the
    scorecard's, not confirmed by their lead officer (always: it would print under no one's name), and sections not
    approved (unless publishing with them unapproved, when the cover says which)."""

    missing: tuple[IndicatorResult, ...]
    unconfirmed: tuple[tuple[IndicatorResult, str], ...]  # (row, the scorecard its text was read from)
    unapproved: tuple[tuple[str, SignOff], ...]  # (priority id, its sign-off)


def unready(scorecard: Scorecard, rules: CommentaryRules) -> Unready:
    missing = tuple(row for row in scorecard.rows if row.commentary is None and required(row, rules))
    unconfirmed = tuple((row, row.commentary.from_scorecard) for row in scorecard.rows
                        if row.indicator.status is IndicatorStatus.LIVE and row.commentary is not None
                        and row.commentary.from_scorecard)  # fmt: skip
    unapproved = tuple((s.priority.id, s.signoff) for s in scorecard.sections if s.signoff and not s.signoff.approved)
    return Unready(missing, unconfirmed, unapproved)
