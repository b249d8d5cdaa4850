"""Files publisher writes: never half-written, and safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from .errors import InputError, Problem


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file in the same folder, then move it into place: never a half-written file."""
    write_all({path: data})


def write_all(files: Mapping[Path, bytes | str]) -> None:
    """Write every file or none: each goes to a temporary file beside it, and all are moved into place only
    once all are complete. A full disk or a read-only folder is an :class:`InputError` naming the folder, and
    the files already there are left as they were."""
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
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; packs are shared, so honour the umask
    except OSError as exc:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        message = f"cannot write there ({exc.strerror}): nothing was written and earlier files are unchanged"
        raise InputError([Problem(str(folder), None, "", message)]) from None
    for temporary, path in staged:
        os.replace(temporary, path)


def _umask() -> int:
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
