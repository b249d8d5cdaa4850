"""What a person sees while publisher works: on a terminal, one progress bar naming publisher's own step; piped
(or with -q), only warnings, errors and the paths written; with --debug, every library's log as lines.

WeasyPrint reports every step of every page at INFO (about sixty lines for the demo), and fontTools its font
subsetting: useful when a layout goes wrong, noise otherwise, so they speak only with --debug (their warnings
always).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LIBRARIES = ("weasyprint", "fontTools")  # their internal steps: shown with --debug only
QUIET_FORMAT, DEBUG_FORMAT = "%(message)s", "%(levelname)s %(name)s: %(message)s"


def on_terminal(quiet: bool) -> bool:
    """Progress is for a person watching: a terminal, and not -q."""
    return sys.stderr.isatty() and not quiet


def configure(debug: bool, quiet: bool) -> None:
    """Log levels for one command: everything with --debug; publisher's own steps on a terminal; else warnings."""
    level = logging.DEBUG if debug else logging.INFO if on_terminal(quiet) else logging.WARNING
    logging.basicConfig(level=level, format=DEBUG_FORMAT if debug else QUIET_FORMAT)
    for name in LIBRARIES:
        # fontTools at DEBUG times every table of every font it subsets: INFO is as much as anyone reads.
        logging.getLogger(name).setLevel(logging.INFO if debug and name == "fontTools" else
                                         logging.NOTSET if debug else logging.WARNING)  # fmt: skip


class _ToBar(logging.Handler):
    """publisher's own messages while the bar runs: a warning becomes a line above it; information (the detail of
    a step, shown as lines with --debug) is left to the bar's caption."""

    def __init__(self, bar: Any) -> None:
        super().__init__(logging.WARNING)
        self.bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        self.bar.write(self.format(record), file=sys.stderr)


class Progress:
    """Steps counted on a bar; ``step`` names the one now starting and counts the one before as done."""

    def __init__(self, bar: Any = None) -> None:
        self.bar = bar
        self.started = False

    def step(self, label: str) -> None:
        if self.bar is None:
            return
        if self.started:
            self.bar.update(1)
        self.started = True
        self.bar.set_description_str(label, refresh=True)

    def add(self, steps: int) -> None:
        """More steps than first counted (the packs, once they are known)."""
        if self.bar is not None:
            self.bar.total += steps
            self.bar.refresh()


@contextmanager
def progress(total: int, show: bool) -> Iterator[Progress]:
    """A bar of ``total`` steps on standard error, gone when done, or (unless ``show``) nothing at all, so that
    piped output stays as it was. While it runs, publisher's own log is not printed line by line."""
    if not show:
        yield Progress()
        return
    from tqdm import tqdm

    logger = logging.getLogger("publisher")
    with tqdm(total=total, file=sys.stderr, leave=False, dynamic_ncols=True,
              bar_format="{desc:<52.52} {bar:30} {n_fmt}/{total_fmt} {elapsed}") as bar:  # fmt: skip
        handler, propagate = _ToBar(bar), logger.propagate
        logger.addHandler(handler)
        logger.propagate = False
        try:
            yield Progress(bar)
            bar.update(bar.total - bar.n)
        finally:
            logger.removeHandler(handler)
            logger.propagate = propagate
