"""``publisher annex-a import``: an extract read in memory, measured, and merged into the project's data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import raise_if_any
from ..inputs.project import load_project
from ..inputs.registry import load_registry
from .dates import covered_months, month_end, month_of
from .measures import AS_AT_ONLY, Measured, Series, measure
from .reader import Extract, read_extract
from .store import DATA, RECORD, Imported, Revision, update, used
from .workdays import WorkingDays

__all__ = ["import_extract", "import_read", "measure_extract"]


@dataclass(frozen=True)
class Outcome:
    """What an import did, as the command reports it (counts and months only: nothing about a child)."""

    root: Path
    extract: Imported
    series: int
    left_out: tuple[Series, ...]
    status_not_given: tuple[Series, ...]  # used, but the as-at date is no month's last day
    revisions: tuple[Revision, ...]
    read_by_packs: bool

    def lines(self) -> list[str]:
        months = self.extract.months
        lines = [f"{self.root / DATA}", f"{self.root / RECORD}",
                 f"{self.series} series for {len(months)} months ({months[0].label} to {months[-1].label}) "
                 f"from the extract as at {self.extract.as_at:%d/%m/%Y}, SHA-256 {self.extract.sha256}"]  # fmt: skip
        if self.left_out:
            lines.append(f"not written, as no indicator uses them: {', '.join(self.left_out)}")
        if self.status_not_given:
            lines.append(f"not given, as a month's figure is at its last day and {self.extract.as_at:%d/%m/%Y} is not "
                         f"one: the status on that date, {', '.join(self.status_not_given)}")  # fmt: skip
        lines += [f"revised: {r}" for r in self.revisions] or ["no month imported before was changed"]
        if not self.read_by_packs:
            lines.append(f"note: add {DATA} to 'observations' in publisher.yaml, or packs will not read it")
        return lines


def import_extract(project_dir: Path, workbook: Path, as_at: dt.date, months: int,
                   closures: tuple[dt.date, ...] = (), allow_older: bool = False) -> Outcome:  # fmt: skip
    """Read, measure and store; every problem in the extract is reported before anything is written."""
    load_project(project_dir)  # a folder that is no project is named before the extract is read
    extract = read_extract(workbook, as_at)
    return import_read(project_dir, extract, workbook.name, as_at, months, closures, allow_older)


def import_read(project_dir: Path, extract: Extract, file: str, as_at: dt.date, months: int,
                closures: tuple[dt.date, ...] = (), allow_older: bool = False) -> Outcome:  # fmt: skip
    """Measure an extract already read and store its counts (``file`` names it in messages)."""
    project = load_project(project_dir)
    registry = load_registry(project.registry_dir) if project.registry_dir.is_dir() else None
    measured = measure_extract(extract, file, as_at, months, closures)
    counts, left_out = (measured.counts, ()) if registry is None else used(measured.counts, registry.series)
    imported = Imported(extract.sha256, as_at, covered_months(as_at, months))
    revisions = update(project.root, counts, imported, allow_older)
    read = (project.root / DATA).resolve() in project.observation_files
    wanted = AS_AT_ONLY if registry is None else AS_AT_ONLY & registry.series
    status = () if month_end(month_of(as_at)) == as_at else tuple(sorted(wanted))
    return Outcome(project.root, imported, len({s for s, _ in counts}), left_out, status, tuple(revisions), read)


def measure_extract(extract: Extract, file: str, as_at: dt.date, months: int,
                    closures: tuple[dt.date, ...] = ()) -> Measured:  # fmt: skip
    """Every measure for the ``months`` whole months to the as-at date, or an InputError naming each row the
    definitions could not use."""
    measured = measure(extract, file, as_at, covered_months(as_at, months), WorkingDays.with_closures(closures))
    raise_if_any(list(measured.problems))
    return measured
