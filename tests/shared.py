"""What the tests build once per run and share: the demo's packs, laid out once however many workers run.

Laying out a pack is the slow part of the suite. A test that only reads a built pack takes it from here; a test
that changes files copies them first. Under pytest-xdist each worker is its own process, so the first worker to
ask builds into the run's shared temporary folder while the others wait on a file lock, then read what it wrote.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from publisher.core.files import write_all
from publisher.inputs.load import Loaded
from publisher.inputs.packs import Pack
from publisher.output.build import pack_outputs

BUILT_AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Built:
    pdf: Path
    html: Path
    xlsx: Path


def build_pack(loaded: Loaded, pack: Pack, output: Path, built: dt.datetime) -> Built:
    """One draft pack's PDF, HTML and spreadsheet, made and written as `publisher build` makes and writes them."""
    files = pack_outputs(loaded, pack, output, built)
    write_all(files)
    return Built(*files)


def run_folder(base: Path) -> Path:
    """The temporary folder every worker of this run shares (``base`` is the worker's own, from pytest)."""
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(base: Path, makers: dict[str, Callable[[Path], None]]) -> dict[str, Path]:
    """For each name, its folder in the run's shared folder, filled by its maker the first time any worker asks.

    Folders no other worker is making at that moment are made first, then the rest are waited for: two workers
    asking for the same three packs build them side by side. A maker fills a partial folder that is renamed into
    place only when it returns, so a failed build is tried again by the next worker (and fails its tests too)
    rather than leaving half a pack to be read.
    """
    root = run_folder(base)
    free = {name: _made(root, name, make, wait=False) for name, make in makers.items()}
    return {name: folder or _made(root, name, makers[name], wait=True) for name, folder in free.items()}


def _made(root: Path, name: str, make: Callable[[Path], None], wait: bool) -> Path | None:
    """The folder, made if need be; None when another worker is making it and ``wait`` is false."""
    folder = root / name
    with (root / f"{name}.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        if not folder.exists():
            partial = root / f"{name}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            make(partial)
            partial.rename(folder)
    return folder


class Warnings(logging.Handler):
    """WeasyPrint's warnings and errors while it is attached: a pack that lays out with any is wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> Warnings:
        logging.getLogger("weasyprint").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("weasyprint").removeHandler(self)


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text in the order it is drawn, as poppler's pdftotext reads it (twenty times faster than pypdf,
    which the tests that look at a PDF's structure still use)."""
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8").split("\f")[:-1]  # each page ends with a form feed


@cache
def pages_text(pdf: Path) -> tuple[str, ...]:
    """``pdf_pages``, read once per worker: only for packs that are never rebuilt in place."""
    return tuple(pdf_pages(pdf))
