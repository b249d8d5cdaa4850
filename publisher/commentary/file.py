"""Lead officers' commentary: one YAML file per reporting period, by priority and by indicator."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from ..core.errors import InputError, Problem
from ..core.periods import Period, PeriodError
from ..inputs.registry import Registry
from ..inputs.schema import Model, Text
from ..inputs.yamlfile import YamlDocument, read_yaml, validate

__all__ = ["Commentary", "CommentaryEntry", "CommentaryFile", "load_commentary"]

log = logging.getLogger(__name__)


class CommentaryEntry(Model):
    """What a lead wrote, in Markdown, with who wrote it and when.

    ``acknowledged`` lists phrases of the text checked and found safe to publish although they read like a small
    count ("two reviews a year"): a public pack's check for small numbers in commentary then passes them.
    ``flag`` marks a row as an exception, like a red or worsening one, whatever its rating.
    ``from_scorecard`` names the scorecard ``init`` read the text from (its comments column): the text is the
    council's as printed until the lead officer confirms or replaces it in their form, when collect writes their
    name as the author and drops it.
    ``headline`` is the one line At a glance prints for the indicator, the reason and what is being done (else the
    text's first sentence); it is checked for small numbers and covered by a sign-off as the text is.
    """

    author: str = ""
    date: dt.date = Field(strict=False)
    text: Text
    headline: str = ""
    acknowledged: list[Text] = []
    flag: bool = False  # the lead asks for this row to be read: the compact layout prints its commentary
    from_scorecard: str = ""  # the scorecard the text was read from, until its lead officer confirms it

    @model_validator(mode="after")
    def _acknowledged_in_text(self) -> CommentaryEntry:
        stale = [phrase for phrase in self.acknowledged if phrase not in self.text and phrase not in self.headline]
        if stale:
            raise ValueError(f"'acknowledged' phrases must be copied exactly from the text; not found: {stale}")
        return self

    @property
    def published(self) -> dict[str, str]:
        """The texts a member reads, by field: the headline (when there is one) and the text."""
        return {"headline": self.headline, "text": self.text} if self.headline else {"text": self.text}


class Approval(Model):
    """Who signed off a priority's section for the period, and a checksum of the commentary they approved:
    text edited since then no longer matches, so the approval lapses however the file was changed."""

    by: Text
    date: dt.date = Field(strict=False)
    text_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class CommentaryFile(Model):
    period: Text
    priorities: dict[str, CommentaryEntry] = {}
    indicators: dict[str, CommentaryEntry] = {}
    approvals: dict[str, Approval] = {}


@dataclass(frozen=True)
class Commentary:
    """Commentary by period: ``priorities[period][priority_id]`` and ``indicators[period][reference]``."""

    priorities: dict[Period, dict[str, CommentaryEntry]]
    indicators: dict[Period, dict[str, CommentaryEntry]]
    # Where each text starts: (period, "indicators" or "priorities", name) -> (file, line of its first line).
    lines: dict[tuple[Period, str, str], tuple[str, int]] = field(default_factory=dict)
    approvals: dict[Period, dict[str, Approval]] = field(default_factory=dict)
    files: dict[Period, Path] = field(default_factory=dict)  # the file holding each period's commentary

    def for_indicator(self, period: Period, reference: str) -> CommentaryEntry | None:
        return self.indicators.get(period, {}).get(reference)

    def for_priority(self, period: Period, priority: str) -> CommentaryEntry | None:
        return self.priorities.get(period, {}).get(priority)

    def approval(self, period: Period, priority: str) -> Approval | None:
        return self.approvals.get(period, {}).get(priority)


def load_commentary(folder: Path | None, registry: Registry) -> tuple[Commentary, list[Problem]]:
    """Read ``*.yaml`` commentary files, one per period; unknown references and priorities are errors."""
    priorities: dict[Period, dict[str, CommentaryEntry]] = {}
    indicators: dict[Period, dict[str, CommentaryEntry]] = {}
    lines: dict[tuple[Period, str, str], tuple[str, int]] = {}
    approvals: dict[Period, dict[str, Approval]] = {}
    files_by_period: dict[Period, Path] = {}
    problems: list[Problem] = []
    files = sorted(folder.glob("*.yaml")) if folder and folder.is_dir() else []
    for path in files:
        try:
            doc = read_yaml(path)
            parsed: CommentaryFile = validate(CommentaryFile, doc)
            period = Period.parse(parsed.period)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        except PeriodError as exc:
            problems.append(Problem(str(path), doc.line_of(("period",)), "period", str(exc)))
            continue
        if period in priorities:
            problems.append(
                Problem(str(path), doc.line_of(("period",)), "period", f"a second commentary file for {period}")
            )
            continue
        priority_ids = {p.id for p in registry.priorities}
        for key, known, what in (
            ("priorities", priority_ids, "priority"),
            ("indicators", set(registry.by_reference), "indicator reference"),
            ("approvals", priority_ids, "priority"),
        ):
            for name in getattr(parsed, key):
                if name not in known:
                    problems.append(
                        Problem(
                            str(path),
                            doc.line_of((key, name)),
                            f"{key}.{name}",
                            f"unknown {what} '{name}': expected one of ({', '.join(sorted(known))})",
                        )
                    )
        priorities[period] = parsed.priorities
        indicators[period] = parsed.indicators
        approvals[period] = parsed.approvals
        files_by_period[period] = path
        lines |= _text_lines(path, doc, period, parsed)
    log.info("commentary: %d periods", len(priorities))
    return Commentary(priorities, indicators, lines, approvals, files_by_period), problems


def _text_lines(
    path: Path, doc: YamlDocument, period: Period, parsed: CommentaryFile
) -> dict[tuple[Period, str, str], tuple[str, int]]:
    """The line each text's first line is on (the line after ``text: |`` for a block of text)."""
    source = path.read_text(encoding="utf-8", errors="replace").splitlines()
    found = {}
    for key in ("priorities", "indicators"):
        for name in getattr(parsed, key):
            line = doc.line_of((key, name, "text")) or doc.line_of((key, name)) or 1
            block = line <= len(source) and re.search(r"text:\s*[|>][-+0-9]*\s*(#.*)?$", source[line - 1])
            found[(period, key, name)] = (str(path), line + 1 if block else line)
    return found
