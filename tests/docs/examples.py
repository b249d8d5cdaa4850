"""Reading the manual's examples: fenced blocks and the marker comment before each (docs/developers/testing.md)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```([\w+-]*)\s*$")
MARKER = re.compile(r"^<!--\s*(runnable|yaml)\b(.*?)-->\s*$")


@dataclass
class Example:
    page: Path
    line: int
    language: str
    text: str
    kind: str | None = None  # "runnable" or "yaml", from the marker comment
    options: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def examples(page: Path) -> list[Example]:
    """Every fenced block of ``page`` in order, with the marker on the line before it (if any)."""
    found, lines = [], page.read_text(encoding="utf-8").splitlines()
    n = 0
    while n < len(lines):
        opening = FENCE.match(lines[n])
        if not opening:
            n += 1
            continue
        end = next(m for m in range(n + 1, len(lines)) if lines[m].startswith("```"))
        example = Example(page, n + 1, opening[1], "\n".join(lines[n + 1 : end]) + "\n")
        marker = MARKER.match(lines[n - 1].strip()) if n else None
        if marker:
            example.kind = marker[1]
            example.options = dict(item.split("=", 1) for item in shlex.split(marker[2]))
        found.append(example)
        n = end + 1
    return found


def commands(text: str) -> list[str]:
    """The commands of a shell block: continuations joined, comments and blank lines dropped."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.strip().startswith("#")]
