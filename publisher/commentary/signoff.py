"""Sign-off of a priority's section: recording who approved its commentary for the period, and whether that
approval still holds. An approval records a checksum of the section's commentary; text edited since (by a collected form
or by hand) no longer matches it, so the approval lapses instead of vouching for words nobody approved."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..core.periods import Period
from ..inputs.load import Loaded
from ..inputs.packs import Pack
from ..inputs.registry import Registry
from .edit import period_file, set_entry
from .file import Commentary

__all__ = ["SignOff", "approve", "signoff_for"]


class SignOffState(StrEnum):
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    LAPSED = "lapsed"  # approved, then the text changed


@dataclass(frozen=True)
class SignOff:
    """A section's sign-off, as a value: the cover, the chase list and publish word it from the catalogue
    (``signoff`` entries, publisher.output.words.signoff_words)."""

    state: SignOffState
    by: str = ""
    date: dt.date | None = None

    @property
    def approved(self) -> bool:
        return self.state is SignOffState.APPROVED


def section_texts(commentary: Commentary, registry: Registry, period: Period, priority: str) -> dict[str, str]:
    """The commentary an approval covers: the priority's own and that of each of its indicators, by name."""
    texts = {}
    if (entry := commentary.for_priority(period, priority)) is not None:
        texts[f"priority {priority}"] = entry.text.strip()
    for indicator in registry.by_priority.get(priority, ()):
        if (entry := commentary.for_indicator(period, indicator.reference)) is not None:
            texts[indicator.reference] = "\n\n".join(text.strip() for text in entry.published.values())
    return texts


def section_sha256(commentary: Commentary, registry: Registry, period: Period, priority: str) -> str:
    canonical = json.dumps(section_texts(commentary, registry, period, priority), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def signoff_for(commentary: Commentary, registry: Registry, period: Period, priority: str) -> SignOff:
    approval = commentary.approval(period, priority)
    if approval is None:
        return SignOff(SignOffState.NOT_APPROVED)
    held = approval.text_sha256 == section_sha256(commentary, registry, period, priority)
    return SignOff(SignOffState.APPROVED if held else SignOffState.LAPSED, approval.by, approval.date)


def approve(loaded: Loaded, pack: Pack, priority: str, by: str, date: dt.date) -> tuple[Path, str, str | None, SignOff]:
    """The commentary file with ``priority``'s approval (a priority of the pack) recorded for the pack's period:
    (file, new text, the text as read or None for a new file, the sign-off it replaces)."""
    registry, commentary, period = loaded.registry, loaded.inputs.commentary, pack.period
    path, text = period_file(loaded.project.commentary_dir, commentary.files, period)
    body = {"by": by, "date": date, "text_sha256": section_sha256(commentary, registry, period, priority)}
    before = signoff_for(commentary, registry, period, priority)
    return path, set_entry(text, "approvals", priority, body, str(path)), text if path.exists() else None, before
