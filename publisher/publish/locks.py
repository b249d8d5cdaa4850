"""Locks that serialise the commands writing to one part of the archive: ``fcntl.flock`` on a lock file.

The kernel releases a lock when its holder exits, however it exits, so a killed publish or circulate never
leaves a stale lock. Whoever holds a lock writes its process id, host and start time into the file, so that a
second command can say who it is waiting for.

``flock`` locks an inode, so the lock file is the same file from one command to the next: it is opened with
:func:`~publisher.core.files.open_own`, whose checks on the open descriptor (a regular file, one name, the user's
own) are made before the lock is taken and the stamp written. A lock file hard-linked to the commentary, a FIFO
or a device in its place is refused with exit 1, and nothing is written to it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import InputError, Problem
from ..core.files import open_own

__all__ = ["locked"]

POLL = 0.05  # seconds between attempts while waiting


@contextmanager
def locked(path: Path, what: str, wait: float) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if need be), waiting up to ``wait`` seconds for it.

    ``what`` names the work the lock protects ("a publish of board 2026-27-Q2"); when the lock is not free in
    time, :class:`InputError` says that work is under way and by whom, so the command ends with exit 1.
    """
    fd = open_own(path, os.O_RDWR | os.O_CREAT)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    busy = f"{what} is already under way{_holder(fd)}; nothing was done: try again when it has finished"
                    raise InputError([Problem(str(path), None, "", busy)]) from None
                time.sleep(POLL)
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {socket.gethostname()} {stamp}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the only descriptor releases the lock


def is_held(path: Path) -> bool:
    """Whether another command holds the lock on ``path`` now (False when there is no such file)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        pid, host, since = os.pread(fd, 200, 0).decode("utf-8").split()
    except (OSError, UnicodeDecodeError, ValueError):
        return ""
    return f" (process {pid} on {host}, since {since})"
