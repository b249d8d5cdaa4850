"""Files publisher writes: never half-written, never written through to another file, and safe to open in a
spreadsheet.

Someone who can write to a project or archive folder can put something in place of a file publisher writes: a
symbolic or hard link to another file (the commentary, say), a FIFO that blocks, a device. Every file publisher
writes is therefore either made new and renamed into place (:func:`write_all`), or opened by :func:`open_own`,
which refuses anything but a regular file of one name owned by whoever runs publisher, checked on the open
descriptor before a byte is written; what is already at a path about to be replaced is held to the same rule.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from .errors import InputError, Problem, raise_if_any

__all__ = ["FORMULA_START", "csv_text", "open_own", "replaceable", "umask", "write_all", "write_atomic"]

KINDS = {  # what is found where a regular file was expected
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file in the same folder, then move it into place: never a half-written file."""
    write_all({path: data})


def write_all(files: Mapping[Path, bytes | str]) -> None:
    """Write every file or none: each goes to a temporary file beside it, and all are moved into place only
    once all are complete. A full disk or a read-only folder is an :class:`InputError` naming the folder, and
    the files already there are left as they were; so is anything at one of the paths that is not publisher's
    own file (:func:`replaceable`)."""
    raise_if_any([problem for path in files if (problem := replaceable(path)) is not None])
    staged: list[tuple[str, Path]] = []
    folder = Path(".")
    try:
        for path, data in files.items():
            folder = path.parent
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.chmod(temporary, 0o666 & ~umask())  # mkstemp makes 0600; packs are shared, so honour the umask
    except OSError as exc:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        message = f"cannot write there ({exc.strerror}): nothing was written and earlier files are unchanged"
        raise InputError([Problem(str(folder), None, "", message)]) from None
    for temporary, path in staged:
        os.replace(temporary, path)


def open_own(path: Path, flags: int) -> int:
    """A descriptor on ``path`` (``flags`` as for :func:`os.open`; created 0666 less the umask if ``os.O_CREAT``),
    opened without following a symbolic link or waiting on a FIFO, and refused with an :class:`InputError`
    naming the file and what it is unless it is a regular file of one name that is the user's own."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    except OSError as exc:  # a symbolic link, a folder, a FIFO no one reads: said as what it is
        problem = replaceable(path) or Problem(str(path), None, "", f"cannot be opened ({exc.strerror})")
        raise InputError([problem]) from None
    if (found := _not_own(os.fstat(fd))) is not None:
        os.close(fd)
        raise InputError([_refusal(path, found)])
    return fd


def replaceable(path: Path) -> Problem | None:
    """Why the file at ``path`` may not be replaced by one publisher writes, if it may not: the rule of
    :func:`open_own`, so that publisher never silently replaces a link, a device or someone else's file."""
    try:
        found = _not_own(os.lstat(path))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Problem(str(path), None, "", f"cannot be examined ({exc.strerror})")
    return None if found is None else _refusal(path, found)


def _not_own(info: os.stat_result) -> str | None:
    """What the file is, when it is not a regular file of one name owned by the user running publisher."""
    if not stat.S_ISREG(info.st_mode):
        return KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
    if info.st_nlink > 1:
        return f"a file with {info.st_nlink} names (hard-linked: writing it would change another file)"
    if info.st_uid != os.geteuid():
        return f"a file owned by another user (user id {info.st_uid}, not {os.geteuid()})"
    return None


def _refusal(path: Path, found: str) -> Problem:
    message = f"expected a regular file of your own that publisher writes, found {found}: nothing was written to it; "
    return Problem(str(path), None, "", message + "remove it (publisher makes a new one) and run again")


def umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula: a cell, or any line inside it, starting with
    = + - @, a tab or a carriage return gets a leading apostrophe."""
    if not isinstance(value, str) or value == "-":  # a lone dash (DfE's "no figure") cannot be a formula
        return value
    lines = re.split(r"(\r\n|\r|\n)", value)  # keeps the line breaks, so the text is otherwise unchanged
    return "".join("'" + part if n % 2 == 0 and part[:1] in FORMULA_START else part for n, part in enumerate(lines))


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """CSV as spreadsheets read it safely: every cell with a line break (CR or LF) quoted, formulas neutralised.

    Python's writer quotes a cell for the characters of its line ending only, so rows are written ending in
    CR LF (quoting cells with either) and each row's own ending is then made a plain LF.
    """
    lines = []
    for row in (header, *rows):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow([safe_cell(v) for v in row])
        lines.append(buffer.getvalue()[:-2] + "\n")
    return "".join(lines)
