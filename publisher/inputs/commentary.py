"""Lead officers' commentary: one YAML file per reporting period, by priority and by indicator."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from ..core.errors import InputError, Problem
from ..core.periods import Period, PeriodError
from .registry import Registry
from .schema import Model, Text
from .yamlfile import read_yaml, validate

log = logging.getLogger(__name__)

class CommentaryEntry(Model):
    """What a lead wrote, in Markdown, with who wrote it and when."""

    author: Text
    date: dt.date = Field(strict=False)
    text: Text


class CommentaryFile(Model):
    period: Text
    priorities: dict[str, CommentaryEntry] = {}
    indicators: dict[str, CommentaryEntry] = {}


@dataclass(frozen=True)
class Commentary:
    """Commentary by period: ``priorities[period][priority_id]`` and ``indicators[period][reference]``."""

    priorities: dict[Period, dict[str, CommentaryEntry]]
    indicators: dict[Period, dict[str, CommentaryEntry]]

    def for_indicator(self, period: Period, reference: str) -> CommentaryEntry | None:
        return self.indicators.get(period, {}).get(reference)

    def for_priority(self, period: Period, priority: str) -> CommentaryEntry | None:
        return self.priorities.get(period, {}).get(priority)


def load_commentary(folder: Path | None, registry: Registry) -> tuple[Commentary, list[Problem]]:
    """Read ``*.yaml`` commentary files, one per period; unknown references and priorities are errors."""
    priorities: dict[Period, dict[str, CommentaryEntry]] = {}
    indicators: dict[Period, dict[str, CommentaryEntry]] = {}
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
        for key, known, what in (
            ("priorities", {p.id for p in registry.priorities}, "priority"),
            ("indicators", set(registry.by_reference), "indicator reference"),
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
    log.info("commentary: %d periods", len(priorities))
    return Commentary(priorities, indicators), problems
