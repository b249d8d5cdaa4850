"""The last published pack, read back from the archive for "What changed": found, verified, then read.

"The last pack" is the latest version published for the latest period before the one being built, of the same
pack (the same pack file, so the same committee): what members mean by "since the last pack". A version of the
same period published earlier is not it: a second version of a quarter's pack still reports what changed since
the previous quarter's.

The version is verified as ``archive verify`` would (index, manifest, every file's checksum, send log) before
anything in it is used: a damaged or edited archive stops the build (exit 1) instead of being compared with.
Besides the pack, publisher keeps in each version ``figures.json`` (the published figures, after small numbers
were withheld) and ``registry.json`` (the registry files the pack was made from, each checked against the
checksum the manifest recorded for it). A version archived before either was kept is still read: what it lacks
is said, never guessed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..core.errors import InputError, Problem
from ..core.periods import Period, PeriodError
from ..core.vocab import Audience
from ..engine.changes import PublishedFigure, PublishedPack, PublishedRow, RegistryCopy
from ..engine.model import Judgement
from ..engine.rules import Rating
from ..inputs.registry import Indicator, RegistryFile
from ..inputs.yamlfile import parse_yaml, validate
from ..output.messages import default_messages
from .archive import FIGURES, REGISTRY, link_problems, on_disk, read_index
from .chain import read_nofollow, sha256
from .verify import verify_version

__all__ = ["previous_pack"]

POINT_FIELDS = ("previous", "same_period_last_year", "last_year_outturn")
SERIES_FIELDS = ("recent", "year_quarters")  # the table's columns; the sparkline's history prints no numbers
QUARTER_SLUG = re.compile(r"(\d{4}-\d{2})-(Q[1-4])")


def period_of_folder(name: str) -> Period | None:
    """A period folder's name (``Period.slug``) read back: ``2026-27-Q2``, ``2026-27``, ``Sep-2026``."""
    if match := QUARTER_SLUG.fullmatch(name):
        name = f"{match[2]} {match[1]}"
    for text in (name, name.replace("-", " ", 1)):
        try:
            return Period.parse(text)
        except PeriodError:
            continue
    return None


def last_version(archive: Path, pack: str, period: Period) -> Path | None:
    """The folder of the latest version of the latest period before ``period``, or None (no earlier pack)."""
    folder = archive / pack
    if not folder.is_dir():
        return None
    earlier = [(p, path) for path in folder.iterdir() if (p := period_of_folder(path.name)) and p.end < period.end]
    for _, path in sorted(earlier, key=lambda item: item[0].end, reverse=True):
        found = on_disk(path)
        if found:
            return found[max(found)]
    return None


def previous_pack(archive: Path, pack: str, period: Period) -> PublishedPack | None:
    """The last pack before ``period``, verified; None when there is none (the first pack says nothing)."""
    folder = last_version(archive, pack, period)
    if folder is None:
        return None
    index = read_index(folder.parent)
    checked = verify_version(archive, folder, index)
    problems = [*link_problems(archive, folder.parent), *index.problems, *checked.problems]
    if problems or checked.manifest is None:
        refusal = ("the last published pack is not as it was published, so what changed since it cannot be said: "
                   "nothing was built; run 'publisher archive verify'")  # fmt: skip
        raise InputError([*problems, Problem(str(folder), None, "", refusal)])
    return read_version(folder, checked.manifest)


def read_version(folder: Path, manifest: dict[str, Any]) -> PublishedPack:
    """A verified version's figures and registry, as plain values."""
    period = Period.parse(manifest["period"])
    files = manifest.get("files", {})
    document = _json(folder / FIGURES) if FIGURES in files else None
    rows = None if document is None else tuple(_row(r) for p in document.get("priorities", [])
                                               for r in p.get("indicators", []))  # fmt: skip
    audience = Audience((document or {}).get("audience", Audience.PUBLIC))
    registry, copy, problem = _registry(folder, manifest) if REGISTRY in files else (None, RegistryCopy.NONE, "")
    return PublishedPack(manifest["pack"], period, manifest["version"], str(manifest.get("published_at", "")),
                         audience, rows, registry, copy, problem)  # fmt: skip


def _json(path: Path) -> Any:
    try:
        return json.loads(read_nofollow(path).decode("utf-8"))
    except (OSError, ValueError) as exc:  # verified a moment ago: only a change since then gets here
        raise InputError([Problem(str(path), None, "", f"cannot be read ({exc})")]) from None


def _row(row: dict[str, Any]) -> PublishedRow:
    """One indicator of ``figures.json`` (:func:`publisher.output.export.row_json`): every figure it showed."""
    figures: dict[str, PublishedFigure] = {}
    points = [{"period": row.get("data_period"), **row.get("headline", {})}]
    points += [row[name] for name in POINT_FIELDS if isinstance(row.get(name), dict)]
    points += [p for name in SERIES_FIELDS for p in row.get(name, [])]
    for point in points:
        label, figure = str(point.get("period")), PublishedFigure(point.get("value"), str(point.get("display", "")))
        if label not in figures or figures[label].value is None:
            figures[label] = figure
    judgement = Judgement(row.get("direction", {}).get("judgement", Judgement.NOT_JUDGED))
    rag = row.get("rag", {})
    rating = Rating(rag.get("rating", Rating.NOT_RATED))
    word = str(rag.get("word", ""))
    band = word if word and word != default_messages().entries["rag"][rating] else ""  # a graded band's name
    return PublishedRow(str(row.get("reference")), str(row.get("indicator", "")), band or str(rating),
                        str(judgement), figures)  # fmt: skip


def _registry(folder: Path, manifest: dict[str, Any]) -> tuple[tuple[Indicator, ...] | None, RegistryCopy, str]:
    """The registry the pack was made from: each file must be the one whose checksum the manifest recorded."""
    path = folder / REGISTRY
    copies = _json(path)
    inputs = manifest.get("inputs", {})
    problems = [Problem(str(path), None, name, "is not the registry file the manifest recorded (SHA-256 differs)")
                for name, text in copies.items() if inputs.get(name) != sha256(str(text).encode("utf-8"))]  # fmt: skip
    if problems:
        raise InputError(problems)
    indicators: list[Indicator] = []
    for name, text in sorted(copies.items()):
        try:
            parsed: RegistryFile = validate(RegistryFile, parse_yaml(text, f"{path}:{name}"))
        except InputError as exc:
            return None, RegistryCopy.UNREADABLE, str(exc.problems[0])
        indicators += [i.model_copy(update={"priority": parsed.priority.id}) for i in parsed.indicators]
    return tuple(indicators), RegistryCopy.KEPT, ""
