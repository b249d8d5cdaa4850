"""The "What changed" page, the "r" (revised) marks and their footnotes, worded from the catalogue
(``messages.yaml``, group ``changes``) for the templates and for ``publisher changes``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..core.figures import format_number
from ..core.periods import Period
from ..core.vocab import Unit
from ..engine.changes import Change, ChangeKind, Changes, RegistryCopy, Revision
from ..engine.model import IndicatorResult
from ..inputs.ragrules import Bands, DirectionTarget, Intervention, Range, TargetTolerance, Thresholds, parse_band_range
from ..inputs.registry import Calculation, Indicator
from .messages import fill, long_date
from .summary import Targets, brief, severity

__all__ = ["changes_text"]

# The order of the page's last list: what the pack shows, then what the registry says of it.
REGISTRY_ORDER = (ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.TARGET, ChangeKind.RAG_RULE, ChangeKind.POLARITY,
                  ChangeKind.TITLE, ChangeKind.DEFINITION)  # fmt: skip
# Values a change carries that are words of the catalogue: by kind, the group they are found in.
WORDED = {ChangeKind.RATING: "rag", ChangeKind.DIRECTION: "direction", ChangeKind.POLARITY: "polarity"}


def changes_view(changes: Changes | None, words: Mapping[str, Any]) -> dict[str, Any] | None:
    """What ``changes.html`` receives (``changes`` in the template context), or None with no earlier pack."""
    if changes is None:
        return None
    order = {kind: n for n, kind in enumerate(REGISTRY_ORDER)}
    return {
        "since": changes.since_period.label,
        "version": changes.since_version,
        "published": long_date(dt.date.fromisoformat(changes.since_published[:10]), words),
        "revisions": [_item(r.reference, r.title, revision_words(r, words)) for r in changes.revisions],
        "moves": [_change(c, words) for c in changes.moves],
        "registry": [_change(c, words) for c in sorted(changes.registry, key=lambda c: order[c.kind])],
        "registry_note": registry_note(changes, words),
        "figures_note": _figures_note(changes, words),
        "empty": changes.empty,
    }


def changes_page(
    changes: Changes | None, rows: Iterable[IndicatorResult], words: Mapping[str, Any], targets: Targets
) -> dict[str, Any] | None:
    """:func:`changes_view` with ``entries``, what the page lists: one per indicator that changed, worst first (as
    At a glance orders them), with its current figure and period and a link to its row, then those no longer in
    the pack; each entry's ``changes`` are its revisions, moves and registry changes in the catalogue's words."""
    view = changes_view(changes, words)
    if view is None:
        return None
    said: dict[str, dict[str, Any]] = {}
    for item in (*view["revisions"], *view["moves"], *view["registry"]):
        said.setdefault(item["reference"], {"reference": item["reference"], "title": item["title"], "anchor": "",
                                             "changes": []})["changes"].append(item["words"])  # fmt: skip
    shown = sorted((r for r in rows if r.indicator.reference in said), key=severity)
    entries = [{**brief(r, words, targets), "changes": said.pop(r.indicator.reference)["changes"]} for r in shown]
    return {**view, "entries": [*entries, *said.values()]}


def _item(reference: str, title: str, text: str) -> dict[str, str]:
    return {"reference": reference, "title": title, "words": text}


def _change(change: Change, words: Mapping[str, Any]) -> dict[str, str]:
    said = words["changes"]
    before, after = (_value(change.kind, v, words) for v in (change.before, change.after))
    if change.kind is ChangeKind.TARGET:
        before, after = (v or said["no_target"] for v in (before, after))
    same = change.kind is ChangeKind.DEFINITION and before == after  # other figures, worded alike
    text = fill(said["definition_same"] if same else said["kind"][change.kind], before=before, after=after,
                period=change.period or "")  # fmt: skip
    return {**_item(change.reference, change.title, text), "kind": str(change.kind)}


def _value(kind: ChangeKind, value: str | Indicator, words: Mapping[str, Any]) -> str:
    """What a change was or is, in words: a registry entry as its rule or its definition, a value the catalogue
    words (a rating, a judgement, a polarity), or a value as printed (a target, a title)."""
    if isinstance(value, Indicator):
        if kind is ChangeKind.RAG_RULE:
            return rule_words(value, words)
        return definition_words(value.calculation, value.unit, words)
    group = WORDED.get(kind)
    return str(words[group].get(value, value)) if group else value


def definition_words(calculation: Calculation, unit: Unit, words: Mapping[str, Any]) -> str:
    """What a figure is and over which months ("a count over the period"), never the series it is made from."""
    said = words["changes"]
    shape = said["ready_made"] if calculation.ready_made else said["worked_out"]
    return fill(shape, measure=said["measure"][unit], over=said["over"][calculation.window])


def rule_words(indicator: Indicator, words: Mapping[str, Any]) -> str:
    """A RAG rule as a member reads it ("green at or above the target, amber within 5 of it, red beyond"): its
    numbers as the indicator prints them, above or below by its polarity."""
    rule, said = indicator.rag, words["changes"]
    shapes, better = said["rule"], said["better"][indicator.polarity]
    if isinstance(rule, TargetTolerance):
        if not rule.tolerance:
            return fill(shapes["target"], better=better)
        share = fill(said["share"], amount=f"{rule.tolerance:g}")  # of the target
        amount = share if rule.tolerance_type == "relative" else _difference(indicator, rule.tolerance, said)
        return fill(shapes["target_tolerance"], better=better, tolerance=amount)
    if isinstance(rule, Thresholds):
        return fill(shapes["thresholds"], better=better, green=indicator.show(rule.green),
                    amber=indicator.show(rule.amber))  # fmt: skip
    if isinstance(rule, Intervention):
        return fill(shapes["intervention"], better=better, level=indicator.show(rule.intervention))
    if isinstance(rule, Range):
        shape = shapes["range_tolerance"] if rule.tolerance else shapes["range"]
        return fill(shape, low=indicator.show(rule.low), high=indicator.show(rule.high),
                    tolerance=_difference(indicator, rule.tolerance, said))  # fmt: skip
    if isinstance(rule, Bands):
        written = [f"{b.label} {parse_band_range(b.range).text(b.range)}" for b in rule.bands]
        return fill(shapes["bands"], bands="; ".join(written), otherwise=rule.otherwise.label)
    if isinstance(rule, DirectionTarget):
        return str(shapes[rule.aim])
    return str(shapes["none"])


def _difference(indicator: Indicator, amount: float, said: Mapping[str, Any]) -> str:
    """A tolerance as the rule reads it: percentage points for a percentage, else the indicator's own figure."""
    text = format_number(amount, indicator.decimals)
    return fill(said["points"], amount=text) if indicator.unit is Unit.PERCENTAGE else text


def revision_words(revision: Revision, words: Mapping[str, Any]) -> str:
    """``Q1 2026-27: now 58.0%, was 62.0% in the last pack``."""
    return fill(words["changes"]["revised"], period=revision.period, new=revision.new, old=revision.old)


def _figures_note(changes: Changes, words: Mapping[str, Any]) -> str:
    """Why no figures, ratings or directions are compared, or empty when they are."""
    if not changes.figures_kept:
        return str(words["changes"]["no_figures"])
    return "" if changes.figures_comparable else str(words["changes"]["restricted_before"])


def registry_note(changes: Changes, words: Mapping[str, Any]) -> str:
    """Why registry changes cannot be listed, or empty when they could be. What stopped an archived registry from
    reading names its file and fields, so only ``publisher changes`` gives it (:func:`changes_text`)."""
    if changes.copy is RegistryCopy.NONE:
        return str(words["changes"]["no_registry"])
    if changes.copy is RegistryCopy.UNREADABLE:
        return str(words["changes"]["unreadable_registry"])
    return ""


def revised(changes: Changes | None, row: IndicatorResult, period: Period) -> bool:
    """Whether a table cell's figure carries the "r" mark."""
    return changes is not None and changes.revision(row.indicator.reference, period) is not None


def revision_notes(changes: Changes | None, row: IndicatorResult, words: Mapping[str, Any]) -> list[str]:
    """The footnotes under a row: each revised figure and, where it may be repeated, what was published."""
    if changes is None:
        return []
    mine = [r for r in changes.revisions if r.reference == row.indicator.reference]
    return [fill(words["changes"]["footnote"], revision=revision_words(r, words)) for r in mine]


def definition_notes(row: IndicatorResult, words: Mapping[str, Any]) -> list[str]:
    """A series that spans a change of definition says so, naming the earlier definition and when it ended."""
    first = row.history[0].period.start if row.history else row.period.start
    notes = []
    for earlier in row.indicator.history:
        if earlier.period.end >= first:
            title = f"'{earlier.title}', " if earlier.title and earlier.title != row.indicator.title else ""
            definition = title + definition_words(earlier.calculation, row.indicator.unit, words)
            notes.append(fill(words["changes"]["definition_note"], until=earlier.until, definition=definition))
    return notes


def changes_text(changes: Changes | None, pack: str, period: Period, words: Mapping[str, Any]) -> list[str]:
    """``publisher changes``: the "What changed" page as lines for the terminal."""
    if changes is None:
        return [f"{pack} {period}: " + fill(words["changes"]["first_pack"], pack=pack, period=period)]
    view = changes_view(changes, words)
    assert view is not None
    said = words["changes"]
    lines = [f"{pack} {period}: {said['title']}", fill(said["since"], period=view["since"], date=view["published"],
                                                       version=view["version"])]  # fmt: skip
    for key in ("revisions", "moves", "registry"):
        lines.append(f"{said[key]}:")
        lines += [f"  {item['reference']} {item['title']}: {item['words']}" for item in view[key]]
        lines += [] if view[key] else [f"  {said['none']}"]
    lines += [note for note in (view["figures_note"], view["registry_note"], changes.problem) if note]
    return lines
