"""The "What changed" page, the "r" (revised) marks and their footnotes, worded from the catalogue
(``messages.yaml``, group ``changes``) for the templates and for ``publisher changes``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..core.periods import Period
from ..engine.changes import Change, ChangeKind, Changes, RegistryCopy, Revision, describe
from ..engine.model import IndicatorResult
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
    group = WORDED.get(change.kind)
    before, after = ((words[group].get(v, v) if group else v) for v in (change.before, change.after))
    if change.kind is ChangeKind.TARGET:
        before, after = (v or words["changes"]["no_target"] for v in (before, after))
    text = fill(words["changes"]["kind"][change.kind], before=before, after=after, period=change.period or "")
    return {**_item(change.reference, change.title, text), "kind": str(change.kind)}


def revision_words(revision: Revision, words: Mapping[str, Any]) -> str:
    """``Q1 2026-27: now 58.0%, was 62.0% in the last pack``."""
    return fill(words["changes"]["revised"], period=revision.period, new=revision.new, old=revision.old)


def _figures_note(changes: Changes, words: Mapping[str, Any]) -> str:
    """Why no figures, ratings or directions are compared, or empty when they are."""
    if not changes.figures_kept:
        return str(words["changes"]["no_figures"])
    return "" if changes.figures_comparable else str(words["changes"]["restricted_before"])


def registry_note(changes: Changes, words: Mapping[str, Any]) -> str:
    """Why registry changes cannot be listed, or empty when they could be."""
    if changes.copy is RegistryCopy.NONE:
        return str(words["changes"]["no_registry"])
    if changes.copy is RegistryCopy.UNREADABLE:
        return fill(words["changes"]["unreadable_registry"], problem=changes.problem)
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
            definition = title + describe(earlier.calculation)
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
    lines += [note for note in (view["figures_note"], view["registry_note"]) if note]
    return lines
