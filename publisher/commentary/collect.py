"""Collecting filled forms into the period's commentary file.

Collecting is all or nothing: every problem in every form is listed, and the commentary file is written only
when there is none. Text already in the file that changed after a form was made is never overwritten without
``--replace`` (both versions are listed); a form made against figures that have since changed is collected with
a warning naming its rows. Writing an approved section's text lapses its approval, and the report says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..core.errors import InputError, Problem
from ..core.files import write_all
from ..core.periods import Period
from ..core.vocab import Audience
from ..engine.rules import Rag
from ..inputs.load import Loaded
from ..inputs.packs import Pack, load_pack, pack_files
from ..output.messages import default_messages
from ..output.words import phrase
from ..publish.locks import locked
from .checks import disclosed, other_colour, too_short
from .edit import Changes, period_file, remove_entry, set_entry, verify
from .file import CommentaryEntry
from .formfile import FilledEntry, FilledForm, read_form
from .formrecord import EntryKind, text_sha256
from .forms import FormEntry, pack_forms
from .rules import CommentaryRules

__all__ = ["Outcome", "collect", "read_forms", "save"]

LOCK, LOCK_WAIT = ".commentary.lock", 30.0  # seconds a collect or approve waits for another


class Outcome(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    CONFIRMED = "confirmed"  # the text init read from the scorecard, kept by its lead officer in their form
    UNCHANGED = "unchanged"
    MISSING = "still missing"


@dataclass(frozen=True)
class Collected:
    form: FilledForm
    entry: FilledEntry
    pack: Pack
    outcome: Outcome


@dataclass
class Collection:
    """What collect will write (file -> text), what it found, and what it warns about."""

    files: dict[Path, str] = field(default_factory=dict)
    before: dict[Path, str | None] = field(default_factory=dict)  # each file as it was read (None: a new file)
    items: list[Collected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome is outcome)


def read_forms(loaded: Loaded, paths: list[Path]) -> list[FilledForm]:
    """Every form read, with every problem in every form reported together."""
    limits = {p.stem: load_pack(p, loaded.registry).definition.commentary.max_characters
              for p in pack_files(loaded.project.packs_dir)}  # fmt: skip
    forms: list[FilledForm] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            forms.append(read_form(path, limits))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return forms


def collect(loaded: Loaded, forms: list[FilledForm], replace: bool, period: Period | None = None) -> Collection:
    """Plan the collection of ``forms``; raise :class:`InputError` with every problem, writing nothing."""
    packs = {p.stem: p for p in pack_files(loaded.project.packs_dir)}
    problems: list[Problem] = []
    chosen: dict[tuple[EntryKind, str, Period], list[tuple[FilledForm, FilledEntry, Pack]]] = {}
    result = Collection()
    fresh: dict[str, dict[tuple[str, str], FormEntry]] = {}
    for form in forms:
        pack = _pack_of(loaded, form, packs, period, problems)
        if pack is None:
            continue
        if pack.name not in fresh:
            fresh[pack.name] = _now(loaded, pack)
        now = fresh[pack.name]
        if problem := _someone_elses(loaded, form, now, pack):
            problems.append(problem)
            continue
        if stale := [e.name for e in form.entries if _shown(now.get((form.record.officer, e.name))) != e.shown]:
            result.warnings.append(f"{form.path}: made before the figures changed for {', '.join(stale)}; "
                                   "collected, but check the text still fits the figures")  # fmt: skip
        for entry in form.entries:
            if not _known(loaded, entry):
                problems.append(Problem(f"{form.path} [{entry.cell}]", None, entry.name, f"'{entry.name}' is not "
                                        f"one of this project's {entry.kind.value}: the form is not one made here"))
                continue
            chosen.setdefault((entry.kind, entry.name, pack.period), []).append((form, entry, pack))
    for (_, name, when), found in chosen.items():
        filled = [(f, e, p) for f, e, p in found if e.text]
        if len({e.text for _, e, _ in filled}) > 1:  # the same text on two forms (two packs, say) is one text
            cells = " and ".join(f"{f.path} [{e.cell}]" for f, e, _ in filled)
            problems.append(Problem(cells, None, name, f"text for {name} ({when}) in {len(filled)} forms: keep one; "
                                    "nothing was collected for it"))  # fmt: skip
            continue
        form, entry, pack = filled[0] if filled else found[0]
        result.items.append(Collected(form, entry, pack, _outcome(loaded, entry, when, replace, problems)))
    if problems:
        raise InputError(problems)
    _check_texts(loaded, result, fresh)
    _plan_writes(loaded, result)
    return result


def _pack_of(
    loaded: Loaded, form: FilledForm, packs: dict[str, Path], period: Period | None, problems: list[Problem]
) -> Pack | None:
    """The pack a form was made for, if it is this project's and its period is the one being collected."""
    record, where = form.record, str(form.path)
    council = loaded.project.config.council
    if record.project != council:
        problems.append(Problem(where, None, "project", f"a form for '{record.project}', not this project "
                                f"('{council}'): collect it with that project's --project"))  # fmt: skip
        return None
    if record.pack not in packs:
        problems.append(Problem(where, None, "pack", f"a form for pack '{record.pack}', which this project does not "
                                f"have: expected one of ({', '.join(sorted(packs))})"))  # fmt: skip
        return None
    pack = load_pack(packs[record.pack], loaded.registry)
    wanted = period or pack.period
    if record.period != wanted.label:
        problems.append(Problem(where, None, "period", f"a form for {record.period}, but {pack.name} is now "
                                f"for {wanted}: make new forms for {wanted} (or give --period)"))  # fmt: skip
        return None
    return Pack(pack.name, pack.definition, wanted, pack.source)


def _someone_elses(
    loaded: Loaded, form: FilledForm, now: dict[tuple[str, str], FormEntry], pack: Pack
) -> Problem | None:
    """A form with rows that are not the officer's its record names: relabelled (the record's checksum is plain
    SHA-256, so it can be recomputed) or made for someone else, and so not that officer's to send. A row this
    project does not have at all is reported as such, below."""
    officer = form.record.officer
    theirs = {name for who, name in now if who == officer}
    if not (others := [e.name for e in form.entries if _known(loaded, e) and e.name not in theirs]):
        return None
    return Problem(str(form.path), None, "officer", f"the form names {officer}, but its rows {', '.join(others)} "
                   f"are not {officer}'s in {pack.name}: someone else's form is not collected; collect the form made "
                   f"for {officer}, or, if the lead officer changed in the registry, make new forms with "
                   f"'publisher commentary forms --pack {pack.name}'")  # fmt: skip


def _now(loaded: Loaded, pack: Pack) -> dict[tuple[str, str], FormEntry]:
    """Each row of each officer's form for the pack as it would be made today, by (officer, name)."""
    return {(form.officer, e.name): e for form in pack_forms(loaded, pack) for e in form.entries}


def _shown(entry: FormEntry | None) -> tuple[str, ...] | None:
    return entry.shown if entry is not None else None


def _known(loaded: Loaded, entry: FilledEntry) -> bool:
    registry = loaded.registry
    if entry.kind is EntryKind.PRIORITY:
        return entry.name in registry.by_priority
    return entry.name in registry.by_reference


def _existing(loaded: Loaded, kind: EntryKind, name: str, period: Period) -> CommentaryEntry | None:
    commentary = loaded.inputs.commentary
    if kind is EntryKind.PRIORITY:
        return commentary.for_priority(period, name)
    return commentary.for_indicator(period, name)


def _outcome(loaded: Loaded, entry: FilledEntry, period: Period, replace: bool, problems: list[Problem]) -> Outcome:
    existing = _existing(loaded, entry.kind, entry.name, period)
    if not entry.text:
        return Outcome.UNCHANGED if existing is not None else Outcome.MISSING
    if existing is None:
        return Outcome.NEW
    if existing.text.strip() == entry.text:
        return Outcome.CONFIRMED if existing.from_scorecard else Outcome.UNCHANGED
    if text_sha256(existing.text) != entry.base_sha256 and not replace:
        file, line = loaded.inputs.commentary.lines.get((period, entry.kind.value, entry.name), ("commentary", 0))
        message = (f"changed in the commentary file since the form was made; collect with --replace to use the "
                   f"form's text.\n    In the file: {_quoted(existing.text)}\n    In the form: {_quoted(entry.text)}")
        problems.append(Problem(file, line, f"{entry.kind.value}.{entry.name}", message))
    return Outcome.CHANGED


def _quoted(text: str) -> str:
    short = " ".join(text.split())
    return repr(short if len(short) <= 300 else short[:300] + "...")


def _check_texts(loaded: Loaded, result: Collection, now: dict[str, dict[tuple[str, str], FormEntry]]) -> None:
    """Warnings the officer should hear about now rather than at publication: small numbers in a public pack's
    commentary (publish refuses them until reworded or acknowledged), brevity, a RAG colour other than the rating."""
    public = _public_names(loaded)
    for item in result.items:
        if item.outcome not in (Outcome.NEW, Outcome.CHANGED, Outcome.CONFIRMED):
            continue
        entry, where = item.entry, f"{item.form.path} [{item.entry.cell}]"
        existing = _existing(loaded, entry.kind, entry.name, item.pack.period)
        row = now[item.pack.name].get((item.form.record.officer, entry.name))
        found = text_warnings(entry.text, item.pack.definition.commentary, row.rag if row else None,
                              public.get(entry.name), existing.acknowledged if existing else [])  # fmt: skip
        result.warnings += [f"{where}: {warning}" for warning in found]


def text_warnings(text: str, rules: CommentaryRules, rag: Rag | None, threshold: int | None,
                  acknowledged: list[str]) -> list[str]:  # fmt: skip
    """What collect says about one text, in the checks' own words: small counts when a public pack shows it
    (``threshold``), brevity, and a RAG colour other than ``rag`` (an indicator's rating; None for a priority)."""
    small = [message for _, message in disclosed(text, threshold, acknowledged)] if threshold is not None else []
    flags = (too_short(text, rules.min_words), other_colour(text, rag) if rag is not None else None)
    return small + [phrase(flag.phrase, default_messages().entries) for flag in flags if flag is not None]


def _public_names(loaded: Loaded) -> dict[str, int]:
    """Indicators and priorities some public pack shows, with the small-number threshold that applies."""
    found: dict[str, int] = {}
    registry = loaded.registry
    for path in pack_files(loaded.project.packs_dir):
        pack = load_pack(path, registry)
        if pack.definition.audience is Audience.RESTRICTED:
            continue
        for priority, references in pack.selection(registry):
            indicators = [registry.by_reference[r] for r in references] if references is not None else \
                list(registry.by_priority[priority])  # fmt: skip
            for indicator in indicators:
                found[indicator.reference] = indicator.small_number_threshold
            found[priority] = max((i.small_number_threshold for i in registry.by_priority[priority]), default=5)
    return found


def _plan_writes(loaded: Loaded, result: Collection) -> None:
    """The new text of each period's commentary file: changed entries replaced, lapsed approvals removed."""
    commentary = loaded.inputs.commentary
    by_period: dict[Period, list[Collected]] = {}
    for item in result.items:
        if item.outcome in (Outcome.NEW, Outcome.CHANGED, Outcome.CONFIRMED):
            by_period.setdefault(item.pack.period, []).append(item)
    for period, items in by_period.items():
        path, original = period_file(loaded.project.commentary_dir, commentary.files, period)
        text, where, changes = original, str(path), Changes()
        for item in items:
            key, body = (item.entry.kind.value, item.entry.name), _body(loaded, item, period)
            text, changes[key] = set_entry(text, *key, body, where, check=False), body
        for priority in sorted(_priorities(loaded, items)):
            approval = commentary.approval(period, priority)
            if approval is not None:
                text, changes[("approvals", priority)] = remove_entry(text, "approvals", priority, where, False), None
                result.notes.append(f"approval of '{priority}' by {approval.by} on {approval.date} cleared: its "
                                    "commentary changed, so it needs approving again")  # fmt: skip
        result.files[path] = verify(original, text, changes, where)  # every edit checked at once
        result.before[path] = original if path.exists() else None


def _body(loaded: Loaded, item: Collected, period: Period) -> dict[str, Any]:
    """The entry as written: author and date from the form; acknowledged phrases kept while still in the text."""
    existing = _existing(loaded, item.entry.kind, item.entry.name, period)
    body: dict[str, Any] = {"author": item.form.author, "date": item.form.date}
    kept = [p for p in (existing.acknowledged if existing else []) if p in item.entry.text]
    if kept:
        body["acknowledged"] = kept
    body["text"] = item.entry.text + "\n"
    return body


def _priorities(loaded: Loaded, items: Iterable[Collected]) -> set[str]:
    registry = loaded.registry
    return {i.entry.name if i.entry.kind is EntryKind.PRIORITY else registry.by_reference[i.entry.name].priority
            for i in items}  # fmt: skip


def save(folder: Path, files: dict[Path, str], before: dict[Path, str | None]) -> None:
    """Write the commentary files, unless one changed since it was read (another collect or approve, an editor):
    then nothing is written, rather than losing that change. Collects and approves follow each other."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError([Problem(str(folder), None, "", f"cannot be made ({exc.strerror or exc})")]) from None
    with locked(folder / LOCK, "a collect or approve of this project's commentary", LOCK_WAIT):
        changed = [path for path in files if (path.read_text(encoding="utf-8") if path.exists() else None)
                   != before[path]]  # fmt: skip
        if changed:
            message = "changed while this command ran (by another command or an editor): nothing was written; run again"
            raise InputError([Problem(str(path), None, "", message) for path in changed])
        write_all(files)
