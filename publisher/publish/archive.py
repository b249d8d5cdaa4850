"""Publish = archive: the FINAL pack, as members saw it, kept with the checksums of everything it was made from.

``output/archive/<pack>/<period>/`` holds one folder per version, ``v<N>/``, with ``<pack>-<period>.pdf``
(PDF/A-3a, tagged, carrying the published figures as CSV and the input manifest as associated files), the same
pack as HTML and ``manifest.json``; and ``versions.jsonl``, the index: one line per version with the SHA-256 of
its manifest, each line carrying the SHA-256 of the line before it (see :mod:`.chain`), so that an edit of a
manifest's own fields (reason, author, date, input checksums) is found.

Publishing takes ``.publish.lock`` in the period's folder, so two publishes of one pack and period follow each
other (the second becomes the next version). What would refuse a publish there (a symbolic link or a file where
the archive writes, the lock held, a damaged index) refuses it before the pack is built, and again under the lock
before it is written. A version is written in a hidden temporary folder and renamed into
place in one step, then the index is replaced in one step, so a crash never leaves half a version; what an
interrupted publish leaves behind (``.v<N>.partial-<pid>``) is removed by the next. A published version is never
overwritten, and no folder of the archive may be a symbolic link.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
from contextlib import AbstractContextManager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..commentary.checks import commentary_disclosures
from ..core.errors import InputError, Problem
from ..core.files import open_own, replaceable
from ..engine.changes import PublishedPack
from ..engine.disclosure import Published
from ..engine.readiness import introduction_disclosures
from ..inputs.load import Loaded
from ..inputs.packs import Pack
from ..output.build import allowed_roots, pack_html, pack_scorecard, pack_unprotected, pack_xlsx
from ..output.export import scorecard_csv, scorecard_json
from ..output.pdf import Attached, write_pdf
from .chain import PARTIAL, Chain, chained, read_chain, read_nofollow, replace_file, sha256, start_of, sync_folder
from .locks import locked

__all__ = ["check_publishable", "publish", "version_to_send"]

log = logging.getLogger(__name__)
MANIFEST = "manifest.json"
SEND_LOG = "sent.jsonl"
SEND_HEAD = "sent.head"
INDEX = "versions.jsonl"
FIGURES = "figures.json"  # the published figures (after small numbers were withheld), read back by "What changed"
REGISTRY = "registry.json"  # the registry files the pack was made from, by the names the manifest's inputs give
PUBLISH_LOCK = ".publish.lock"
PUBLISH_LOCK_WAIT = 30.0  # seconds a publish waits for another of the same pack and period to finish
VERSION_NAME = re.compile(r"v[1-9][0-9]{0,8}")
CIRCULATE_LOCK = re.compile(r"\.circulate-v[1-9][0-9]{0,8}\.lock")
SHA256 = re.compile(r"[0-9a-f]{64}")
PUBLISHED_KEYS = {"version", "manifest_sha256", "published_at", "previous"}  # the two kinds of line in the index
CIRCULATED_KEYS = {"circulated", "sent_lines", "sent_head", "previous"}


def tool_version() -> str:
    try:
        return version("publisher")
    except PackageNotFoundError:  # running from a checkout that was not installed
        return "unknown"


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
    index: Path  # versions.jsonl
    head: str  # SHA-256 of its line in the index: keep it outside the archive to detect a rewrite later


def period_folder(archive: Path, pack: Pack) -> Path:
    return archive / pack.name / pack.period.slug


def version_number(name: str) -> int | None:
    return int(name[1:]) if VERSION_NAME.fullmatch(name) else None


def circulate_lock(number: int) -> str:
    return f".circulate-v{number}.lock"


def link_problems(archive: Path, path: Path) -> list[Problem]:
    """A folder of the archive must be a real folder inside it: no symbolic link on the way, nothing outside.

    The archive folder itself may be a link (to another disk, say); nothing below it may be.
    """
    current = archive
    for part in path.relative_to(archive).parts:
        current = current / part
        if current.is_symlink():
            return [Problem(str(current), None, "", f"is a symbolic link (to {os.readlink(current)}): refused, as "
                            "a folder of the archive must be a real folder inside it")]  # fmt: skip
    if path.exists() and not path.resolve().is_relative_to(archive.resolve()):
        return [Problem(str(path), None, "", f"resolves outside the archive (to {path.resolve()}): refused")]
    return []


def _publish_lock(folder: Path) -> AbstractContextManager[None]:
    """The lock of a period folder's index: a publish, and a circulate noting how far it got, take it."""
    return locked(folder / PUBLISH_LOCK, f"a publish of {folder.parent.name} {folder.name}", PUBLISH_LOCK_WAIT)


def read_index(folder: Path) -> Chain:
    """The index of a period folder, every damaged line, out-of-chain line or malformed entry a problem.

    Two kinds of line: a version published (``version``, ``manifest_sha256``), and how far a version's send
    log had got when a circulate finished (``circulated``, ``sent_lines``, ``sent_head``).
    """
    index = read_chain(folder / INDEX, start_of(f"versions of {folder.parent.name}/{folder.name}"))
    last = 0
    for link in index.links:
        if "circulated" in link.entry:
            number, lines, head = (link.entry.get(k) for k in ("circulated", "sent_lines", "sent_head"))
            if type(number) is not int or type(lines) is not int or not SHA256.fullmatch(str(head)):
                index.fail(link.line, "not a record of a circulation ('circulated', 'sent_lines', 'sent_head')")
            elif set(link.entry) != CIRCULATED_KEYS:
                index.fail(link.line, f"has other fields than {', '.join(sorted(CIRCULATED_KEYS))}: edited")
            continue
        if set(link.entry) != PUBLISHED_KEYS:
            index.fail(link.line, f"has other fields than {', '.join(sorted(PUBLISHED_KEYS))}: edited")
        number, manifest = link.entry.get("version"), link.entry.get("manifest_sha256")
        if type(number) is not int or number <= last:
            index.fail(link.line, f"'version' must be a whole number above {last} (the line before's): {number!r}")
        else:
            last = number
        if not isinstance(manifest, str) or not SHA256.fullmatch(manifest):
            index.fail(link.line, "'manifest_sha256' must be a SHA-256 checksum (64 hexadecimal digits)")
    return index


def indexed(index: Chain) -> dict[int, int]:
    """Version number -> its line in the index."""
    return {link.entry["version"]: link.line for link in index.links if type(link.entry.get("version")) is int}


def circulations(index: Chain) -> dict[int, tuple[int, int, str]]:
    """Version number -> (line in the index, lines its send log had, hash of the last) at its last circulate."""
    found = {}
    for link in index.links:
        number, lines, head = (link.entry.get(k) for k in ("circulated", "sent_lines", "sent_head"))
        if type(number) is int and type(lines) is int and isinstance(head, str):
            found[number] = (link.line, lines, head)
    return found


def note_circulation(version: Path, lines: int, head: str) -> str:
    """Record in the index how far the version's send log has got; the new head of the index.

    So that deleting the send log (with its ``sent.head``), which would mail everyone again, is found too.
    """
    folder = version.parent
    with _publish_lock(folder):
        index = read_index(folder)
        if index.problems:
            raise InputError(index.problems)
        entry = {"circulated": int(version.name[1:]), "sent_lines": lines, "sent_head": head}
        line = chained(entry, index.head)
        replace_file(folder / INDEX, index.data + line)
    return sha256(line[:-1])


def on_disk(folder: Path) -> dict[int, Path]:
    """The version folders (or what is named like one) in a period folder, by number."""
    if not folder.is_dir():
        return {}
    return {n: p for p in folder.iterdir() if (n := version_number(p.name)) is not None}


def registry_copy(loaded: Loaded) -> bytes:
    """The registry's files as text, by the name the manifest's inputs give each (and so its checksum there)."""
    root = loaded.project.root
    texts = {os.path.relpath(p, root): p.read_bytes().decode("utf-8") for p in loaded.registry.files}
    return (json.dumps(dict(sorted(texts.items())), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def publish(
    loaded: Loaded,
    pack: Pack,
    archive: Path,
    published_at: dt.datetime,
    by: str,
    reason: str,
    previous: PublishedPack | None = None,
    *,
    earlier: Published,
) -> Version:
    """Build the FINAL pack as PDF/A-3a with its figures and inputs attached, and archive it as a new version.

    ``previous``: the last published pack (:func:`.previous.previous_pack`), for the "What changed" page.
    ``earlier``: what every earlier public pack in the archive published (:func:`.published.published_figures`),
    which a public pack's disclosure control takes into account."""
    check_publishable(archive, pack)
    folder = period_folder(archive, pack)
    scorecard = pack_scorecard(loaded, pack, earlier)
    behind = pack_unprotected(loaded, pack)
    if problems := [*commentary_disclosures(scorecard, loaded.inputs.commentary, behind),
                    *introduction_disclosures(pack)]:  # fmt: skip
        refusal = "a public pack is not published while its commentary states or reveals a small number (above)"
        raise InputError([*problems, Problem(str(pack.source), None, "", refusal)])
    html = pack_html(loaded, pack, published_at, draft=False, scorecard=scorecard, previous=previous)
    inputs = _input_manifest(loaded, pack, published_at)
    attachments = [
        Attached("published-figures.csv", scorecard_csv(scorecard).encode("utf-8"),
                 "The figures as published in this pack, after small numbers were withheld", "Data", published_at),
        Attached("input-manifest.json", (json.dumps(inputs, indent=2) + "\n").encode("utf-8"),
                 "SHA-256 checksums of the inputs this pack was made from", "Source", published_at),
    ]  # fmt: skip
    pdf = write_pdf(html, folder, allowed_roots(loaded), "pdf/a-3a", attachments)
    stem = f"{pack.name}-{pack.period.slug}"
    xlsx = pack_xlsx(loaded, pack, published_at, scorecard)
    files = {f"{stem}.pdf": pdf, f"{stem}.html": html.encode("utf-8"), f"{stem}.xlsx": xlsx,
             FIGURES: scorecard_json(scorecard).encode("utf-8"), REGISTRY: registry_copy(loaded)}  # fmt: skip
    _make_folder(folder)
    if problems := link_problems(archive, folder):  # again: a link may have been planted while it was built
        raise InputError(problems)
    with _publish_lock(folder):
        if added := _published_meanwhile(archive, earlier, files[FIGURES]):
            meanwhile = (f"{', '.join(added)} published while this pack was being built, so what it showed was "
                         "not taken into account for small numbers: nothing was published; publish again")  # fmt: skip
            raise InputError([Problem(str(archive), None, "", meanwhile)])
        published = _add_version(archive, folder, files, inputs, by, reason)
    log.info("archive: published %s as %s", pack.name, published.folder)
    return published


def check_publishable(archive: Path, pack: Pack) -> None:
    """Refuse now, before the pack is built (seconds of layout), a publish its write would refuse: a symbolic
    link or a file where the archive writes, the lock held by another publish, a damaged index. The write checks
    again with the lock held, as the archive may change while the pack is built; nothing is made here."""
    folder = period_folder(archive, pack)
    if problems := link_problems(archive, folder):
        raise InputError(problems)
    if folder.is_dir():
        with _publish_lock(folder):
            _intact_period(archive, folder)
    elif not next(p for p in (folder, *folder.parents) if p.exists()).is_dir():
        _make_folder(folder)  # a file stands on the way: refused as after the build, and nothing is made


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError([Problem(str(folder), None, "", f"cannot be made ({exc.strerror or exc})")]) from None


def version_names(archive: Path) -> tuple[str, ...]:
    """Every version folder in the archive, as ``<pack>/<period>/v<N>``."""
    return tuple(p.relative_to(archive).as_posix() for p in versions(archive))


def _published_meanwhile(archive: Path, earlier: Published, figures: bytes) -> list[str]:
    """The versions published since ``earlier`` was read that may have shown other figures than this pack: any
    but a restricted one or one showing exactly these figures (the same pack published twice at once)."""
    found = []
    for name in sorted(set(version_names(archive)) - set(earlier.versions)):
        try:
            theirs = read_nofollow(archive / name / FIGURES)
            restricted = json.loads(theirs.decode("utf-8")).get("audience") == "restricted"
        except (OSError, ValueError, AttributeError):
            theirs, restricted = b"", False
        if theirs != figures and not restricted:
            found.append(name)
    return found


def _add_version(
    archive: Path, folder: Path, files: dict[str, bytes], inputs: dict[str, object], by: str, reason: str
) -> Version:
    """With the lock held: clear what interrupted publishes left, number the version, write it, index it."""
    remove_orphans(folder)
    index, existing = _intact_period(archive, folder)
    known = indexed(index)
    for number in sorted(set(existing) - set(known)):
        log.warning("archive: %s is not in %s; it is left alone, and numbered past", existing[number], INDEX)
    number = max([*existing, *known], default=0) + 1
    manifest = {
        **{k: v for k, v in inputs.items() if k != "inputs"},
        "version": number,
        "published_by": by,
        "reason": reason,
        "files": {name: sha256(data) for name, data in files.items()},
        "inputs": inputs["inputs"],
    }
    files = {**files, MANIFEST: (json.dumps(manifest, indent=2) + "\n").encode("utf-8")}
    target = folder / f"v{number}"
    _write_version(folder, target, files)
    entry = {"version": number, "manifest_sha256": sha256(files[MANIFEST]), "published_at": inputs["published_at"]}
    line = chained(entry, index.head)
    try:
        replace_file(folder / INDEX, index.data + line)
    except BaseException:  # not indexed means not published: take the version back out
        shutil.rmtree(target, ignore_errors=True)
        raise
    return Version(target, number, tuple(files), folder / INDEX, sha256(line[:-1]))


def _intact_period(archive: Path, folder: Path) -> tuple[Chain, dict[int, Path]]:
    """With the lock held: the period's index and version folders, refused when damaged, linked elsewhere, or
    when the index is not publisher's own file to replace."""
    index = read_index(folder)
    existing = on_disk(folder)
    problems = [*index.problems, *(p for path in existing.values() for p in link_problems(archive, path))]
    if problems:
        damaged = "this pack and period's archive is damaged: nothing was published; run 'publisher archive verify'"
        raise InputError([*problems, Problem(str(folder), None, "", damaged)])
    if (problem := replaceable(folder / INDEX)) is not None:
        raise InputError([problem])
    return index, existing


def _write_version(folder: Path, target: Path, files: dict[str, bytes]) -> None:
    """Write every file into a hidden temporary folder, then rename it to ``v<N>`` in one step."""
    temporary = folder / f".{target.name}{PARTIAL}{os.getpid()}"
    temporary.mkdir()
    try:
        for name, data in files.items():
            with os.fdopen(open_own(temporary / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL), "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        sync_folder(temporary)
        if target.exists() or target.is_symlink():
            raise FileExistsError(f"{target} already exists: a published version is never overwritten")
        os.rename(temporary, target)
        sync_folder(folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def orphans(folder: Path) -> list[Path]:
    """What interrupted commands left in a folder: hidden ``.<name>.partial-<pid>`` files and folders."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(".") and PARTIAL in p.name)


def remove_orphans(folder: Path) -> None:
    """Remove what interrupted commands left; call only with the folder's lock held."""
    for path in orphans(folder):
        log.warning("archive: removing %s, left by an interrupted command", path)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def versions(archive: Path) -> list[Path]:
    """Every folder named like a version (links too, so that they can be refused), by pack, period, number."""
    return sorted(
        (p for p in archive.glob("*/*/v*") if version_number(p.name) is not None and (p.is_dir() or p.is_symlink())),
        key=lambda p: (p.parent.parent.name, p.parent.name, int(p.name[1:])),
    )


def version_to_send(archive: Path, pack: Pack, number: int | None) -> Path:
    """The version folder ``circulate`` is asked for: ``number``, or the highest there is (checked later)."""
    folder = period_folder(archive, pack)
    if problems := link_problems(archive, folder):
        raise InputError(problems)
    found = on_disk(folder)
    chosen = number if number is not None else max(found, default=None)
    if chosen is None or chosen not in found:
        what = f"no version {number}" if number is not None else "no published version"
        raise InputError([Problem(str(folder), None, "--version", f"{what}: run 'publisher publish' first")])
    return found[chosen]
