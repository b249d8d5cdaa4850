"""``archive verify`` and ``archive list``: every way the archive can differ from what publisher wrote.

For each period folder: the index (``versions.jsonl``) is read as a hash chain; every version folder must be a
real folder inside the archive, listed in the index with its manifest's SHA-256, hold exactly the files its
manifest lists with their checksums, and carry an intact send log. What interrupted commands left is reported,
and so is anything else found there. A damaged file is named (file:line where there are lines), never a crash.

``--expect HASH`` checks a hash kept outside the archive (printed by ``publish``, recorded in the minutes): it
must still be the hash of a line of an index whose chain is intact up to it, which is what shows that a
complete rewrite of the index and the versions (which the index alone cannot reveal) did not happen.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import Problem
from ..core.files import replaceable
from ..core.periods import Period, PeriodError
from .archive import (
    CIRCULATE_LOCK,
    INDEX,
    MANIFEST,
    PUBLISH_LOCK,
    SEND_HEAD,
    SEND_LOG,
    circulations,
    indexed,
    link_problems,
    on_disk,
    orphans,
    read_index,
    version_number,
)
from .chain import Chain, read_nofollow, sha256
from .locks import is_held
from .sendlog import SendLog, read_send_log

__all__ = ["listing", "printable", "verify_archive"]

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """Text from the archive (names, reasons) with control characters shown as ?: none reaches the terminal."""
    return CONTROL.sub("?", str(text))


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    versions: int = 0
    confirmed: list[str] = field(default_factory=list)


@dataclass
class Checked:
    """One version as verify found it."""

    problems: list[Problem]
    manifest: dict[str, Any] | None = None
    manifest_sha256: str = ""
    send_log: SendLog | None = None


def verify_archive(archive: Path, expect: Sequence[str] = ()) -> Report:
    report = Report()
    if archive.exists() and not archive.is_dir():
        report.problems.append(Problem(str(archive), None, "", "expected the archive folder, found a file"))
    chains: list[Chain] = []
    for pack in _entries(archive, report):
        for period in _entries(pack, report):
            try:
                chains.append(_verify_period(archive, period, report))
            except OSError as exc:  # a folder that cannot be listed, say
                report.problems.append(_unreadable(exc, period))
    for wanted in expect:
        report.confirmed += _expected(wanted.lower(), chains, report)
    return report


def _entries(folder: Path, report: Report) -> list[Path]:
    """The sub-folders of a level of the archive; links and stray files there are problems."""
    if not folder.is_dir():
        return []
    found = []
    try:
        listed = sorted(folder.iterdir())
    except OSError as exc:
        report.problems.append(_unreadable(exc, folder))
        return []
    if not listed and folder.name != "archive":
        report.problems.append(Problem(str(folder), None, "", "an empty folder: not part of the archive"))
    for path in listed:
        if path.is_symlink():
            report.problems.append(Problem(str(path), None, "", "is a symbolic link: refused (nothing in the "
                                           "archive may be one)"))  # fmt: skip
        elif not path.is_dir():
            report.problems.append(Problem(str(path), None, "", "not part of the archive (added by hand?)"))
        else:
            found.append(path)
    return found


def _verify_period(archive: Path, folder: Path, report: Report) -> Chain:
    index = read_index(folder)
    report.problems += index.problems
    lines = indexed(index)
    publishing = is_held(folder / PUBLISH_LOCK)
    leftovers = set(orphans(folder))
    found: dict[int, Path] = {}
    for path in sorted(folder.iterdir()):
        if (number := version_number(path.name)) is not None:
            found[number] = path
        elif path in leftovers:
            if not publishing:  # a publish under way is writing it now
                report.problems.append(Problem(str(path), None, "", "left by an interrupted publish: the next "
                                               "publish of this pack and period removes it"))  # fmt: skip
        elif path.name == PUBLISH_LOCK or CIRCULATE_LOCK.fullmatch(path.name):
            if (problem := replaceable(path)) is not None:  # a lock aimed at another file, or a FIFO
                report.problems.append(problem)
        elif path.name != INDEX:
            report.problems.append(Problem(str(path), None, "", "not part of the archive (added by hand?)"))
    if found and not index.exists:
        report.problems.append(Problem(str(folder / INDEX), None, "", "missing: the versions here cannot be vouched "
                                       "for (deleted?)"))  # fmt: skip
    for _number, path in sorted(found.items()):
        report.versions += 1
        circulating = is_held(folder / f".circulate-{path.name}.lock")  # its send log may be growing now
        report.problems += verify_version(archive, path, index, circulating).problems
    for number, line in sorted(lines.items()):
        if number not in found:
            report.problems.append(Problem(str(index.path), line, "", f"records v{number}, but there is no such "
                                           "folder: deleted"))  # fmt: skip
    return index


def _unreadable(exc: OSError, where: Path) -> Problem:
    return Problem(exc.filename or str(where), None, "", f"cannot be read ({exc.strerror or exc})")


def verify_version(archive: Path, folder: Path, index: Chain, circulating: bool = False) -> Checked:
    """Every difference between a version folder and what was published: the index, its manifest, its files.

    ``circulating``: another command is circulating this version now, so its send log may be part way through
    growing by a line (what is written, though, must still be intact).
    """
    try:
        return _verify_version(archive, folder, index, circulating)
    except OSError as exc:  # a folder that cannot be listed, say
        return Checked([_unreadable(exc, folder)])


def _verify_version(archive: Path, folder: Path, index: Chain, circulating: bool) -> Checked:
    if problems := link_problems(archive, folder):
        return Checked(problems)
    if not folder.is_dir():
        return Checked([Problem(str(folder), None, "", "not a folder: not part of the archive")])
    number = version_number(folder.name)
    line = indexed(index).get(number) if number is not None else None
    link = next((k for k in index.links if k.line == line), None)
    checked = Checked([])
    if link is None:
        unknown = f"not in {INDEX}, so not published by publisher (or its publish was interrupted): not to be trusted"
        checked.problems.append(Problem(str(folder), None, "", unknown))
    manifest_path = folder / MANIFEST
    try:
        data = read_nofollow(manifest_path)
    except FileNotFoundError:
        return Checked([*checked.problems, Problem(str(folder), None, "", "manifest.json is missing")])
    except OSError as exc:
        unreadable = f"cannot be read ({exc.strerror or exc}): a symbolic link, or not a file?"
        return Checked([*checked.problems, Problem(str(manifest_path), None, "", unreadable)])
    checked.manifest_sha256 = sha256(data)
    if link is not None and link.entry.get("manifest_sha256") != checked.manifest_sha256:
        checked.problems.append(Problem(str(manifest_path), None, "", f"changed since it was published: its SHA-256 is "
                                        f"not the one recorded at {index.path}:{link.line}"))  # fmt: skip
    manifest, expected = _manifest(data)
    if manifest is None or expected is None:
        checked.problems.append(Problem(str(manifest_path), None, "", "changed since it was published (no longer a "
                                        "readable manifest)"))  # fmt: skip
        return checked
    checked.manifest = manifest
    if link is not None and link.entry.get("published_at") != manifest.get("published_at"):
        checked.problems.append(Problem(str(index.path), link.line, "", f"'published_at' is not the date in "
                                        f"{manifest_path}: one of them was edited"))  # fmt: skip
    checked.problems += _where_it_belongs(manifest_path, manifest, folder, number)
    checked.problems += _files(folder, expected, circulating)
    start = str(link.entry.get("manifest_sha256")) if link is not None else checked.manifest_sha256
    pdfs = {c for n, c in expected.items() if n.endswith(".pdf")}
    noted = circulations(index).get(number) if number is not None else None
    where = (Problem(str(index.path), noted[0], "", ""), noted[1], noted[2]) if noted else None
    checked.send_log = read_send_log(folder, start, pdfs, where, circulating)
    checked.problems += checked.send_log.problems
    return checked


def _manifest(data: bytes) -> tuple[dict[str, Any] | None, dict[str, str] | None]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return None, None
    files = manifest["files"]
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None, None
    return manifest, files


def _where_it_belongs(path: Path, manifest: dict[str, Any], folder: Path, number: int | None) -> list[Problem]:
    """A manifest names its pack, period and version: they must be those of the folder it is in."""
    try:
        slug = Period.parse(manifest.get("period")).slug
    except (PeriodError, TypeError, ValueError):
        slug = None
    found = (manifest.get("pack"), slug, manifest.get("version"))
    here = (folder.parent.parent.name, folder.parent.name, number)
    if found != here:
        moved = f"records {found[0]!r} {manifest.get('period')!r} v{found[2]}, but is in the folder of {here[0]} "
        return [Problem(str(path), None, "", f"{moved}{here[1]} v{here[2]}: moved or copied from elsewhere")]
    return []


def _files(folder: Path, expected: dict[str, str], circulating: bool) -> list[Problem]:
    problems = []
    for name, checksum in expected.items():
        path = folder / name
        if Path(name).name != name or name in (MANIFEST, SEND_LOG, SEND_HEAD) or name.startswith("."):
            problems.append(Problem(str(folder / MANIFEST), None, "files", f"lists {name!r}, which is not a file "
                                    "publisher writes: the manifest was forged"))  # fmt: skip
        elif path.is_symlink():
            problems.append(Problem(str(path), None, "", "is a symbolic link: refused (it must be the archived file)"))
        elif not path.is_file():
            problems.append(Problem(str(path), None, "", "missing"))
        else:
            try:
                if sha256(read_nofollow(path)) != checksum:
                    problems.append(Problem(str(path), None, "", "changed since it was published (SHA-256 differs)"))
            except OSError as exc:
                problems.append(Problem(str(path), None, "", f"cannot be read ({exc.strerror or exc})"))
    known = {*expected, MANIFEST, SEND_LOG, SEND_HEAD}
    leftovers = set(orphans(folder))
    for path in sorted(folder.iterdir()):
        if path in leftovers:
            if not circulating:
                problems.append(Problem(str(path), None, "", "left by an interrupted circulate: the next circulate "
                                        "of this version removes it"))  # fmt: skip
        elif path.name not in known:
            problems.append(Problem(str(path), None, "", "added after publication"))
    return problems


def _expected(wanted: str, chains: list[Chain], report: Report) -> list[str]:
    """Is ``wanted`` the hash of a line of an index, with the chain intact up to that line?"""
    for index in chains:
        for link in index.links:
            if link.hash.startswith(wanted):
                broken = [p for p in index.problems if p.line is None or p.line <= link.line]
                if broken:
                    report.problems.append(Problem(str(index.path), link.line, "--expect", f"{wanted} is this line, "
                                                   "but the index before it has been changed (above)"))  # fmt: skip
                    return []
                what = f"v{link.entry['version']}" if "version" in link.entry else "a circulation"
                return [f"{wanted}: found at {index.path}:{link.line} ({what}); the index up to it is as it was"]
    report.problems.append(Problem("--expect", None, "", f"{wanted} is not the hash of any line of any {INDEX} in the "
                                   "archive: the index was rewritten or deleted since it was recorded, or the hash "
                                   "was mistyped"))  # fmt: skip
    return []


def listing(archive: Path) -> list[str]:
    """One line per version (pack, period, version, when, who, why), then the head of each period's index."""
    lines: list[str] = []
    elsewhere = Report()  # problems outside the versions: verify tells them
    for pack in _entries(archive, elsewhere):
        for folder in _entries(pack, elsewhere):
            index = read_index(folder)
            try:
                found = sorted(on_disk(folder).items())
            except OSError as exc:
                elsewhere.problems.append(_unreadable(exc, folder))
                continue
            label = folder.name  # the period as members read it, once a manifest says so
            for _number, path in found:
                checked = verify_version(archive, path, index)
                manifest = checked.manifest or {"reason": "(manifest missing or unreadable)"}
                label = str(manifest.get("period", label))
                fields = [pack.name, manifest.get("period", folder.name), path.name, manifest.get("published_at", "?"),
                          manifest.get("published_by", "?"), manifest.get("reason", "")]  # fmt: skip
                if checked.problems:
                    fields.append("(NOT AS PUBLISHED: run 'publisher archive verify')")
                lines.append("  ".join(printable(f) for f in fields))
            if index.links:
                head = f"index head {index.head} ({index.path}:{index.lines})"
                lines.append(printable(f"{pack.name}  {label}  {head}"))
    if elsewhere.problems:
        lines.append(f"({len(elsewhere.problems)} other problems in the archive: run 'publisher archive verify')")
    return lines
