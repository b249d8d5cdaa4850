"""Hash-chained JSON Lines: each line carries the SHA-256 of the line before it, the first a fixed start value.

Editing a line breaks the link of the line after it, deleting or inserting one breaks the link where the gap is,
so every such change is found and named by its line number. What a chain cannot show by itself is a change at
its very end (the last line removed, or a well-formed line added): that needs the hash of the last line kept
somewhere else (``sent.head`` for a send log; for the index of versions, the version folders themselves and a
hash recorded outside the archive, see ``archive verify --expect``).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import InputError, Problem
from ..core.files import open_own, replaceable, umask

__all__ = ["Chain", "append_line", "chained", "read_chain", "sha256", "start_of"]

PARTIAL = ".partial-"  # in the name of anything being written; left behind only by an interrupted command


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def start_of(label: str) -> str:
    """The value the first line of a chain links to: ties a chain to what it records."""
    return sha256(f"publisher hash chain: {label}".encode())


@dataclass(frozen=True)
class Link:
    line: int  # 1-based
    entry: dict[str, Any]
    hash: str  # SHA-256 of the line as stored, without its line break
    intact: bool  # it links to the line before it (and so, if every line before does, to the start)


@dataclass
class Chain:
    path: Path
    start: str
    exists: bool = False
    data: bytes = b""
    links: list[Link] = field(default_factory=list)  # the lines that are JSON objects, in order, linked or not
    problems: list[Problem] = field(default_factory=list)
    head: str = ""  # hash of the last line, or ``start`` when there is none
    lines: int = 0
    hashes: list[str] = field(default_factory=list)  # of every line, in order

    def fail(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(str(self.path), line, "", message))


def read_nofollow(path: Path) -> bytes:
    """The bytes of ``path``; OSError if it is missing, not a regular file, or a symbolic link."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO must not hang us
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
        return stream.read()


def read_chain(path: Path, start: str) -> Chain:
    """Read and check a chained file; every damaged or out-of-chain line becomes a problem at file:line."""
    chain = Chain(path, start, head=start)
    if path.is_symlink():
        chain.exists = True
        chain.fail(None, "is a symbolic link: refused (it must be a file inside the archive)")
        return chain
    try:
        chain.data = read_nofollow(path)
    except FileNotFoundError:
        return chain
    except OSError as exc:
        chain.exists = True
        chain.fail(None, f"cannot be read ({exc.strerror or exc})")
        return chain
    chain.exists = True
    raw = chain.data.split(b"\n")
    complete = raw[-1] == b""
    lines = raw[:-1] if complete else raw
    chain.lines = len(lines)
    previous = start
    for number, line in enumerate(lines, start=1):
        chain.hashes.append(sha256(line))
        if not complete and number == len(lines):
            chain.fail(number, "incomplete line: the file was cut short here (or the line lost its line break)")
            break
        entry, problem = _entry(line)
        if entry is not None and json.dumps(entry, ensure_ascii=True).encode() != line:
            entry, problem = None, "not written the way publisher writes its lines: edited"
        if entry is not None:
            problem = _link_problem(entry, number, previous)
            chain.links.append(Link(number, entry, chain.hashes[-1], problem is None))
        if problem is not None:
            chain.fail(number, problem)
        previous = chain.hashes[-1]
    chain.head = chain.hashes[-1] if lines else start
    return chain


def _entry(line: bytes) -> tuple[dict[str, Any] | None, str | None]:
    try:
        entry = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, "not a readable entry (damaged, or cut short and continued)" if line.strip() else "an empty line"
    if not isinstance(entry, dict):
        found = {"list": "a list", "str": "text", "NoneType": "null"}.get(type(entry).__name__, type(entry).__name__)
        return None, f"expected an entry (a JSON object), found {found}"
    return entry, None


def _link_problem(entry: dict[str, Any], number: int, previous: str) -> str | None:
    link = entry.get("previous")
    if not isinstance(link, str):
        return "has no 'previous' link to the line before it (not written by publisher, or edited)"
    if link != previous:
        if number == 1:
            return "does not begin the chain: the lines before it were deleted, or it was edited"
        return (
            f"does not follow line {number - 1}: line {number - 1} was edited, or lines were deleted or inserted "
            "between them"
        )
    return None


def chained(entry: dict[str, Any], previous: str) -> bytes:
    """One line of a chain, ASCII only, ending in a line break."""
    return (json.dumps({**entry, "previous": previous}, ensure_ascii=True) + "\n").encode("ascii")


def sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file beside ``path`` and rename it into place: readers see the old file or the new,
    never half; what is at ``path`` must be publisher's own file (:func:`~publisher.core.files.replaceable`)."""
    if (problem := replaceable(path)) is not None:
        raise InputError([problem])
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}{PARTIAL}")  # new, never an old file
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def append_line(path: Path, line: bytes) -> None:
    """Append one complete line in a single write, and make it durable before returning; the file must be
    publisher's own (:func:`~publisher.core.files.open_own`), so the line cannot land in another file."""
    fd = open_own(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
