"""Publish = archive: the FINAL pack, as members saw it, kept with the checksums of everything it was made from.

``output/archive/<pack>/<period>/v<N>/`` holds ``<pack>-<period>.pdf`` (PDF/A-3a, tagged, carrying the published
figures as CSV and the input manifest as associated files), the same pack as HTML, and ``manifest.json``. A
version is written in a temporary folder and renamed into place in one step, so a crash never leaves half a
version, and a published version is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..inputs.load import Loaded
from ..inputs.packs import Pack
from ..output.build import allowed_roots, pack_html, pack_scorecard
from ..output.export import scorecard_csv
from ..output.pdf import Attached, write_pdf

log = logging.getLogger(__name__)
MANIFEST = "manifest.json"
SEND_LOG = "sent.jsonl"


def tool_version() -> str:
    try:
        return version("publisher")
    except PackageNotFoundError:  # running from a checkout that was not installed
        return "unknown"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def input_files(loaded: Loaded, pack: Pack) -> list[Path]:
    """Every file the pack was made from: registry, data, population, commentary, benchmarks, pack, project."""
    project = loaded.project
    files = [*loaded.registry.files, *project.observation_files, pack.source, project.root / "publisher.yaml"]
    for optional in (project.config.population, project.config.benchmarks):
        path = project.path(optional)
        if path is not None and path.is_file():
            files.append(path)
    if project.commentary_dir.is_dir():
        files.extend(sorted(project.commentary_dir.glob("*.yaml")))
    return files


def _input_manifest(loaded: Loaded, pack: Pack, published_at: dt.datetime) -> dict[str, object]:
    root = loaded.project.root
    inputs = {}
    for path in input_files(loaded, pack):
        name = os.path.relpath(path, root)
        inputs[name] = sha256(path.read_bytes())
    return {
        "pack": pack.name,
        "period": pack.period.label,
        "published_at": published_at.isoformat(),
        "tool_version": tool_version(),
        "inputs": dict(sorted(inputs.items())),
    }


@dataclass(frozen=True)
class Version:
    folder: Path
    number: int
    files: tuple[str, ...]  # the pack's files, then the manifest


def period_folder(archive: Path, pack: Pack) -> Path:
    return archive / pack.name / pack.period.slug


def next_version(folder: Path) -> int:
    numbers = [int(p.name[1:]) for p in folder.glob("v*") if p.is_dir() and p.name[1:].isdigit()]
    return max(numbers, default=0) + 1


def publish(loaded: Loaded, pack: Pack, archive: Path, published_at: dt.datetime, by: str, reason: str) -> Version:
    """Build the FINAL pack as PDF/A-3a with its figures and inputs attached, and archive it as a new version."""
    scorecard = pack_scorecard(loaded, pack)
    html = pack_html(loaded, pack, published_at, draft=False, scorecard=scorecard)
    inputs = _input_manifest(loaded, pack, published_at)
    attachments = [
        Attached("published-figures.csv", scorecard_csv(scorecard).encode("utf-8"),
                 "The figures as published in this pack, after small numbers were withheld", "Data", published_at),
        Attached("input-manifest.json", (json.dumps(inputs, indent=2) + "\n").encode("utf-8"),
                 "SHA-256 checksums of the inputs this pack was made from", "Source", published_at),
    ]  # fmt: skip
    folder = period_folder(archive, pack)
    folder.mkdir(parents=True, exist_ok=True)
    pdf = write_pdf(html, folder, allowed_roots(loaded), "pdf/a-3a", attachments)
    stem = f"{pack.name}-{pack.period.slug}"
    files = {f"{stem}.pdf": pdf, f"{stem}.html": html.encode("utf-8")}
    number = next_version(folder)
    manifest = {
        **{k: v for k, v in inputs.items() if k != "inputs"},
        "version": number,
        "published_by": by,
        "reason": reason,
        "files": {name: sha256(data) for name, data in files.items()},
        "inputs": inputs["inputs"],
    }
    files[MANIFEST] = (json.dumps(manifest, indent=2) + "\n").encode("utf-8")
    target = folder / f"v{number}"
    _write_version(folder, target, files)
    log.info("archive: published %s as %s", pack.name, target)
    return Version(target, number, tuple(files))


def _write_version(folder: Path, target: Path, files: dict[str, bytes]) -> None:
    """Write every file into a hidden temporary folder, then rename it to ``v<N>`` in one step."""
    temporary = folder / f".{target.name}.partial-{os.getpid()}"
    temporary.mkdir()
    try:
        for name, data in files.items():
            with open(temporary / name, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        if target.exists():
            raise FileExistsError(f"{target} already exists: a published version is never overwritten")
        os.rename(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


# -- list and verify --------------------------------------------------------------------------------------


def versions(archive: Path) -> list[Path]:
    return sorted(
        (p for p in archive.glob("*/*/v*") if p.is_dir() and p.name[1:].isdigit()),
        key=lambda p: (p.parent.parent.name, p.parent.name, int(p.name[1:])),
    )


def verify(folder: Path) -> list[str]:
    """Every difference between a version folder and its manifest: changed, missing or added files."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        return [f"{folder}: manifest.json is missing"]
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        expected: dict[str, str] = dict(manifest["files"])
    except (ValueError, KeyError, TypeError):
        return [f"{manifest_path}: changed since it was published (no longer a readable manifest)"]
    problems = []
    for name, checksum in expected.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif sha256(path.read_bytes()) != checksum:
            problems.append(f"{path}: changed since it was published (SHA-256 differs)")
    known = {*expected, MANIFEST, SEND_LOG}
    problems += [f"{p}: added after publication" for p in sorted(folder.iterdir()) if p.name not in known]
    problems += _check_send_log(folder, expected)
    return problems


def _check_send_log(folder: Path, expected: dict[str, str]) -> list[str]:
    log_path = folder / SEND_LOG
    if not log_path.is_file():
        return []
    pdf_checksums = {c for n, c in expected.items() if n.endswith(".pdf")}
    problems = []
    for number, line in enumerate(log_path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            problems.append(f"{log_path}:{number}: not a send-log entry")
            continue
        if entry.get("sha256") not in pdf_checksums:
            problems.append(f"{log_path}:{number}: records sending a PDF that is not this version's")
    return problems
