"""What earlier public packs published, read back from the archive for disclosure control (:mod:`..engine.disclosure`).

Every version of every pack and period in the archive counts: members may have kept any of them, so a figure
withheld now must not follow from this pack and any earlier one together (last quarter's year to date beside
this quarter's), nor may what an earlier pack withheld. Each version's ``figures.json`` (every figure the pack
showed or withheld, in any column, the sparkline or the SPC chart) is read, with the registry it was made from
(``registry.json``), so that a figure is taken as what it counted then; a version whose ``figures.json`` says it
was restricted is left out (a restricted pack never counts as published).

What is read is checked first, as ``archive verify`` would but without the PDFs: the index of its period folder
(a hash chain), the manifest against its line in the index, ``figures.json`` and ``registry.json`` against the
manifest. A damaged or edited archive stops the build (exit 1): what members saw could not be known, so small
numbers could not be protected against it. A version archived before publisher kept its figures is named in a
warning and cannot be taken into account; nor can packs published outside publisher or in another project.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from ..core.errors import InputError, Problem
from ..core.figures import Status
from ..core.periods import Period, PeriodError
from ..core.vocab import Audience
from ..engine.disclosure import EarlierFigure, Published
from ..inputs.registry import Indicator, Registry, RegistryFile
from ..inputs.yamlfile import parse_yaml, validate
from .archive import FIGURES, INDEX, MANIFEST, REGISTRY, indexed, link_problems, read_index, versions
from .chain import Chain, read_nofollow, sha256

__all__ = ["published_figures"]

log = logging.getLogger(__name__)
POINTS = ("previous", "same_period_last_year", "last_year_outturn")  # a row's single points besides its headline
SERIES = ("history", "recent", "year_quarters", "spc_series")  # its series: columns, sparkline, SPC chart
SPAN = re.compile(r"([A-Z][a-z]{2} \d{4}) - ([A-Z][a-z]{2} \d{4})")  # a span's label: "Apr 2026 - Sep 2026"
REFUSAL = ("what earlier public packs published cannot be vouched for, so small numbers cannot be protected "
           "against them: nothing was built; run 'publisher archive verify'")  # fmt: skip


def published_figures(archive: Path, registry: Registry) -> Published:
    """Every figure every earlier public pack in ``archive`` showed, checked; ``registry`` is today's (a figure
    counted as today's registry counts it needs no definition of its own)."""
    folders = versions(archive)
    reader = _Reader(archive, registry)
    for folder in folders:
        reader.read(folder)
    if reader.problems:
        raise InputError([*reader.problems, Problem(str(archive), None, "", REFUSAL)])
    if reader.unknown:
        log.warning("disclosure: %d archived versions were published before publisher kept their figures "
                    "(figures.json), so what they showed is not taken into account: %s", len(reader.unknown),
                    ", ".join(reader.unknown))  # fmt: skip
    if reader.unindexed:
        log.warning("disclosure: not in their folder's %s, so not taken as published: %s", INDEX,
                    ", ".join(reader.unindexed))  # fmt: skip
    found = tuple(reader.figures.values())
    log.info("disclosure: %d figures that %d earlier public versions showed", len(found), reader.public)
    return Published(found, tuple(p.relative_to(archive).as_posix() for p in folders))  # as version_names


class _Reader:
    def __init__(self, archive: Path, registry: Registry):
        self.archive = archive
        self.today = registry.by_reference
        self.today_files = registry.files
        self._texts: list[str] | None = None
        self.problems: list[Problem] = []
        self.unknown: list[str] = []  # archived before figures.json was kept
        self.unindexed: list[str] = []  # not in the index: never published (left by hand, or by a crash)
        self.public = 0
        self.figures: dict[tuple[str, Period, str, bool], EarlierFigure] = {}
        self._indexes: dict[Path, Chain] = {}
        self._registries: dict[str, dict[str, Indicator | None]] = {}  # by SHA-256: each reference's definition

    def fail(self, path: Path, message: str) -> None:
        self.problems.append(Problem(str(path), None, "", message))

    def read(self, folder: Path) -> None:
        if problems := link_problems(self.archive, folder):
            self.problems += problems
            return
        files = self._files(folder)
        if files is None:
            return
        if FIGURES not in files:
            self.unknown.append(folder.relative_to(self.archive).as_posix())
            return
        document = self._json(folder / FIGURES, files[FIGURES])
        if not isinstance(document, dict):
            return
        if document.get("audience") == Audience.RESTRICTED:  # anything else was published as public
            return
        self.public += 1
        copy = self._registry(folder / REGISTRY, files[REGISTRY]) if REGISTRY in files else ""
        definitions = self._registries.get(copy, {})
        for section in _list(document.get("priorities")):
            for row in _list(section.get("indicators") if isinstance(section, dict) else None):
                if isinstance(row, dict):
                    self._row(row, definitions, copy)

    def _files(self, folder: Path) -> dict[str, Any] | None:
        """The version's manifest's checksums of its files, once the manifest is the one the index records."""
        index = self._indexes.get(folder.parent)
        if index is None:
            index = self._indexes[folder.parent] = read_index(folder.parent)
            self.problems += index.problems
            if not index.exists:  # as archive verify: deleted, it would leave every version here unread
                self.fail(folder.parent / INDEX, "missing: the versions here cannot be vouched for (deleted?)")
        line = indexed(index).get(int(folder.name[1:]))
        link = next((k for k in index.links if k.line == line), None)
        if link is None:
            self.unindexed.append(folder.relative_to(self.archive).as_posix())
            return None
        path = folder / MANIFEST
        changed = f"changed since it was published: its SHA-256 is not the one recorded at {index.path}:{link.line}"
        data = self._bytes(path, link.entry.get("manifest_sha256"), changed)
        if data is None:
            return None
        try:
            manifest = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            manifest = None
        files = manifest.get("files") if isinstance(manifest, dict) else None
        if not isinstance(files, dict):
            self.fail(path, "is not a readable manifest")
            return None
        return files

    def _bytes(self, path: Path, checksum: object, changed: str = "changed since it was published (SHA-256 differs)"
               ) -> bytes | None:  # fmt: skip
        """The file's bytes when they have the checksum recorded for them; otherwise a failure, and None."""
        try:
            data = read_nofollow(path)
        except OSError as exc:
            self.fail(path, f"cannot be read ({exc.strerror or exc})")
            return None
        if sha256(data) != checksum:
            self.fail(path, changed)
            return None
        return data

    def _json(self, path: Path, checksum: object) -> Any:
        data = self._bytes(path, checksum)
        if data is None:
            return None
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            self.fail(path, "is not readable JSON")
            return None

    def _registry(self, path: Path, checksum: object) -> str:
        """The SHA-256 of the registry copy, its definitions read once (into ``_registries``) for all versions
        that share it: for each reference, the definition when it counts otherwise than today's, else None."""
        data = self._bytes(path, checksum)
        if data is None:
            return ""
        key = sha256(data)
        if key in self._registries:
            return key
        definitions: dict[str, Indicator | None] = {}
        try:
            copies = json.loads(data.decode("utf-8"))
            if sorted(map(str, copies.values())) == self._today():  # the registry as it is today: nothing to read
                self._registries[key] = definitions
                return key
            for name, text in sorted(copies.items()):
                parsed = validate(RegistryFile, parse_yaml(str(text), f"{path}:{name}"))
                for indicator in parsed.indicators:
                    today = self.today.get(indicator.reference)
                    definitions[indicator.reference] = None if today and _counts_alike(today, indicator) else indicator
        except (InputError, UnicodeDecodeError, ValueError, AttributeError, RecursionError) as exc:
            # A registry that no longer reads under today's schema: its figures are taken as today's count them.
            log.warning("disclosure: %s no longer reads (%s): its figures are taken as today's registry defines "
                        "them", path, exc)  # fmt: skip
            definitions = {}
        self._registries[key] = definitions
        return key

    def _today(self) -> list[str]:
        """Today's registry files as text, as a copy in the archive holds them (read once)."""
        if self._texts is None:
            self._texts = sorted(path.read_bytes().decode("utf-8") for path in self.today_files)
        return self._texts

    def _row(self, row: dict[str, Any], definitions: dict[str, Indicator | None], copy: str) -> None:
        reference = str(row.get("reference"))
        definition = definitions.get(reference)
        points = [{**_dict(row.get("headline")), "period": row.get("data_period")}]
        points += [_dict(row.get(name)) for name in POINTS]
        points += [_dict(p) for name in SERIES for p in _list(row.get(name))]
        for point in points:
            shown = point.get("value") is not None
            if not shown and point.get("status") != Status.SUPPRESSED:
                continue  # missing or not due: nothing published, nothing protected
            period = _period(point.get("period"))
            if period is not None:
                key = (reference, period, copy if definition is not None else "", shown)
                self.figures.setdefault(key, EarlierFigure(reference, period, definition, shown))


def _counts_alike(today: Indicator, then: Indicator) -> bool:
    """Whether two definitions of an indicator count the same children over the same windows."""
    fields = ("unit", "frequency", "due_month", "term_quarter", "calculation", "history")
    return all(getattr(today, name) == getattr(then, name) for name in fields)


def _period(label: object) -> Period | None:
    """A point's period as ``figures.json`` names it (a span as "Apr 2026 - Sep 2026")."""
    if not isinstance(label, str):
        return None
    try:
        if match := SPAN.fullmatch(label):
            return Period.span(Period.parse(match[1]).start, Period.parse(match[2]).end)
        return Period.parse(label)
    except PeriodError:
        return None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
