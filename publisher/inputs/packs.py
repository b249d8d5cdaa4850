"""Pack definitions: one YAML per committee saying what goes in its pack and how it looks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from ..commentary.rules import CommentaryRules
from ..core.errors import InputError, Problem
from ..core.periods import Period, PeriodError
from ..core.vocab import Audience, ChartPlacement, ChartScope, Comparator, Layout, OtherCommentary
from .registry import DirectionOptions, Registry
from .schema import Choice, Model, Text
from .spcoptions import SpcDisplay
from .yamlfile import read_yaml, validate

__all__ = ["Charts", "Columns", "Pack", "PackDefinition", "find_pack", "load_pack", "pack_files"]

Marking = Literal["OFFICIAL", "OFFICIAL-SENSITIVE"]


class Selection(Model):
    """A priority in the pack, optionally only some of its indicators."""

    priority: Text
    indicators: list[Text] | None = None


class Columns(Model):
    """Which columns the scorecard table shows."""

    layout: Literal["recent", "year"] = "recent"
    recent_periods: int = Field(default=5, ge=1, le=5)
    target: bool = True
    intervention: bool = False  # the intervention level, for every row whose RAG rule has one
    lead_officer: bool = False
    data_owner: bool = False  # "info available from"
    tags: dict[str, Text] = {}  # a column per council tag: {plan: "C&YP Plan priority"}
    numerator_denominator: bool = True
    benchmarks: list[Choice[Comparator]] = [Comparator.SN, Comparator.ENGLAND, Comparator.BAND]


class Charts(Model):
    """Trend charts: for which indicators, where, and whether the value axis starts at zero."""

    show: Choice[ChartScope] = ChartScope.NONE
    placement: Choice[ChartPlacement] = ChartPlacement.PAGE_PER_PRIORITY
    from_zero: bool = True  # false: the axis fits the figures, and the chart says that it does not start at zero


class PackDefinition(Model):
    committee: Text
    title: Text
    meeting_date: dt.date = Field(strict=False)
    period: Text
    audience: Choice[Audience] = Audience.PUBLIC
    marking: Marking = "OFFICIAL"
    orientation: Literal["landscape", "portrait"] = "landscape"
    key_indicators_only: bool = False
    new_page_per_priority: bool = True
    priorities: list[Selection] = Field(min_length=1)
    columns: Columns = Columns()
    layout: Choice[Layout] = Layout.STANDARD
    other_commentary: Choice[OtherCommentary] = OtherCommentary.HTML_ONLY  # compact layout: non-exceptions' commentary
    charts: Charts = Charts()
    author: str = ""
    contact: str = ""
    introduction: str = ""
    logo: str | None = None
    group_by: str | None = None  # a tag name: rows grouped by its values instead of by priority
    # Drafts for officers may say where commentary is missing; members' packs leave the gap unsaid by default.
    say_missing_commentary: bool = False
    commentary: CommentaryRules = CommentaryRules()  # the commentary round: required, lengths, prefill
    spc: SpcDisplay = SpcDisplay()  # variation and assurance icons, SPC charts
    direction: DirectionOptions | None = None  # for every indicator that gives none of its own

    @model_validator(mode="after")
    def _marking_matches_audience(self) -> PackDefinition:
        if self.audience is Audience.RESTRICTED and self.marking != "OFFICIAL-SENSITIVE":
            raise ValueError("a restricted pack shows small numbers, so it must be marked OFFICIAL-SENSITIVE")
        return self


@dataclass(frozen=True)
class Pack:
    """A validated pack definition with its name (the file's stem) and reporting period."""

    name: str
    definition: PackDefinition
    period: Period
    source: Path

    def selection(self, registry: Registry) -> list[tuple[str, list[str] | None]]:
        chosen = []
        for item in self.definition.priorities:
            references = item.indicators
            if self.definition.key_indicators_only:
                pool = references or [i.reference for i in registry.by_priority[item.priority]]
                references = [r for r in pool if registry.by_reference[r].key]
            chosen.append((item.priority, references))
        return chosen


PACK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*")
PACK_NAME_HELP = "letters, digits, '-' and '_' (a dot only between them), such as 'corporate-parenting-board'"


def pack_name_problem(name: str, where: str, field: str) -> Problem | None:
    """A pack's name becomes a folder of output/ and of the archive: it must be one plain path component."""
    if PACK_NAME.fullmatch(name) and len(name) <= 64:
        return None
    return Problem(where, None, field, f"expected a pack name of {PACK_NAME_HELP}, at most 64 characters; got '{name}'")


def load_pack(path: Path, registry: Registry) -> Pack:
    if problem := pack_name_problem(path.stem, str(path), "file name"):
        raise InputError([problem])
    doc = read_yaml(path)
    definition: PackDefinition = validate(PackDefinition, doc)
    problems = []
    try:
        period = Period.parse(definition.period)
    except PeriodError as exc:
        problems.append(Problem(str(path), doc.line_of(("period",)), "period", str(exc)))
        period = None
    known = {p.id for p in registry.priorities}
    for n, item in enumerate(definition.priorities):
        if item.priority not in known:
            problems.append(
                Problem(
                    str(path),
                    doc.line_of(("priorities", n, "priority")),
                    f"priorities[{n}].priority",
                    f"expected one of ({', '.join(sorted(known))}), got '{item.priority}'",
                )
            )
            continue
        for m, reference in enumerate(item.indicators or []):
            indicator = registry.by_reference.get(reference)
            if indicator is None or indicator.priority != item.priority:
                problems.append(
                    Problem(
                        str(path),
                        doc.line_of(("priorities", n, "indicators", m)),
                        f"priorities[{n}].indicators[{m}]",
                        f"'{reference}' is not an indicator of priority '{item.priority}'",
                    )
                )
    if problems or period is None:
        raise InputError(problems)
    return Pack(path.stem, definition, period, path)


def pack_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def find_pack(folder: Path, name: str) -> Path:
    if problem := pack_name_problem(name, "command line", "--pack"):
        raise InputError([problem])
    path = folder / f"{name}.yaml"
    if not path.exists():
        names = ", ".join(p.stem for p in pack_files(folder)) or "none"
        raise InputError([Problem(str(folder), None, "--pack", f"expected one of ({names}), got '{name}'")])
    return path
