"""The project's Annex A data: counts by series and month in ``data/annex-a.csv`` (the long format every
observation file has) and, beside it, ``data/annex-a.json``: the checksum, as-at date and months of each
extract imported, which is all that is kept of an extract. A newer extract replaces the months it covers and
keeps the others; the months whose counts it changes are reported, as revisions."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError, Problem
from ..core.files import csv_text, write_all
from ..core.periods import Period
from ..inputs.observations import load_observations
from .measures import Counts, Series

__all__ = ["DATA", "RECORD", "Imported", "merged", "used"]

DATA = Path("data/annex-a.csv")
RECORD = Path("data/annex-a.json")
FORMAT = 1


@dataclass(frozen=True)
class Imported:
    """One extract as recorded: never its rows, only what identifies it and what it covered."""

    sha256: str
    as_at: dt.date
    months: tuple[Period, ...]

    def as_json(self) -> dict[str, object]:
        return {"sha256": self.sha256, "as_at": self.as_at.isoformat(), "first_month": self.months[0].label,
                "last_month": self.months[-1].label}  # fmt: skip


@dataclass(frozen=True)
class Revision:
    """A count an extract changed for a month an earlier one covered."""

    series: str
    month: Period
    before: float | None
    after: float | None

    def __str__(self) -> str:
        shown = [("none" if v is None else f"{v:g}") for v in (self.before, self.after)]
        change = f" ({self.after - self.before:+g})" if self.before is not None and self.after is not None else ""
        return f"{self.month.label} {self.series}: {shown[0]} -> {shown[1]}{change}"


Stored = dict[tuple[str, Period], float | None]


def update(root: Path, counts: Counts, extract: Imported, allow_older: bool) -> list[Revision]:
    """Merge ``counts`` into the project's Annex A data (both files written, or neither) and say what changed."""
    files, revisions = merged(root, counts, extract, allow_older)
    write_all(files)
    return revisions


def merged(root: Path, counts: Counts, extract: Imported, allow_older: bool) -> tuple[dict[Path, str], list[Revision]]:
    """The project's Annex A data files with ``counts`` merged in, by path, and what changed (written by the caller:
    ``init`` writes them with the rest of a new project)."""
    history = _history(root / RECORD)
    latest = max((h.as_at for h in history), default=None)
    if latest is not None and extract.as_at < latest and not allow_older:
        message = (f"expected an extract at least as recent as the latest imported (as at {latest:%d/%m/%Y}), found "
                   f"one as at {extract.as_at:%d/%m/%Y}: give --allow-older to replace its months anyway")  # fmt: skip
        raise InputError([Problem("command line", None, "--as-at", message)])
    before = _stored(root / DATA)
    covered = set(extract.months)
    after: Stored = {k: v for k, v in before.items() if k[1] not in covered}
    after.update({(str(series), month): float(value) for (series, month), value in counts.items()})
    revisions = [Revision(s, m, before.get((s, m)), after.get((s, m))) for s, m in sorted(
        {k for k in before.keys() | after.keys() if k[1] in covered and before.get(k) != after.get(k) and k in before},
        key=lambda k: (k[1].end, k[0]))]  # fmt: skip
    rows = [(s, m.label, f"{v:g}") for (s, m), v in sorted(after.items(), key=lambda i: (i[0][0], i[0][1].end))]
    record = {"format": FORMAT, "extracts": [h.as_json() for h in (*history, extract)]}
    files = {root / DATA: csv_text(("series", "period", "value"), rows),
             root / RECORD: json.dumps(record, indent=2) + "\n"}  # fmt: skip
    return files, revisions


def _stored(path: Path) -> Stored:
    if not path.exists():
        return {}
    observations, problems = load_observations([path])
    if problems:
        raise InputError(problems)
    return {key: obs.value for key, obs in observations.items.items()}


def _history(path: Path) -> list[Imported]:
    """The extracts imported so far, oldest first."""
    if not path.exists():
        return []
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return [_imported(item) for item in record["extracts"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        message = f"expected the record publisher writes of the extracts imported, but it cannot be read ({exc})"
        raise InputError([Problem(str(path), None, "", message + ": restore it from the archive")]) from None


def _imported(item: Mapping[str, str]) -> Imported:
    first, last = Period.parse(item["first_month"]), Period.parse(item["last_month"])
    months = tuple(first.shifted(n) for n in range(last.end - first.end + 1))
    return Imported(item["sha256"], dt.date.fromisoformat(item["as_at"]), months)


def used(counts: Counts, series: Iterable[str]) -> tuple[Counts, tuple[Series, ...]]:
    """The counts of the series a registry uses, and the measures left out because none does."""
    wanted = set(series)
    kept = {key: value for key, value in counts.items() if key[0] in wanted}
    return kept, tuple(sorted({s for s, _ in counts if s not in wanted}))
