"""HTML -> PDF with WeasyPrint, fetching nothing but files inside the allowed folders (and data: URIs).

Only this module knows WeasyPrint. A refused resource stops the build with a message naming it.

Importing WeasyPrint takes about a second, as long as publisher's whole part of a 25-indicator pack. A command
that lays out PDFs (build, publish) therefore starts a second process at once (:func:`layout_beside`), which
imports WeasyPrint while this one loads the project and renders the HTML, and then lays out each PDF it is sent.
It is only a way to save time: the PDF is the same bytes (tested), a refusal is the same :class:`RenderError`,
its log is printed here as it is written, and if it cannot start or ends without answering, the PDF is laid out
here. It runs in its own session, so Ctrl-C at a terminal is the command's alone, and it ends when the command
does, however the command ends. Nothing is started on one core or where WeasyPrint is already imported here (the
tests import it).
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import logging
import mimetypes
import os
import pickle
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = ["Attached", "RenderError", "layout_beside", "write_pdf"]

log = logging.getLogger(__name__)


MAX_DEPTH = 200  # a pack nests about 15 deep; far more is a runaway template
TOO_DEEP = "the page is nested too deeply to lay out: check the council's template overrides for runaway nesting"
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^>]*?(/?)>")
SCOPES = {"col": "/Column", "row": "/Row"}  # HTML's scope of a header cell, as PDF writes it
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class RenderError(Exception):
    """The layout engine refused a resource or reported a problem."""


def safe_fetcher(roots: Sequence[Path], refused: list[str]):
    """A fetcher that allows only ``data:`` URIs and files inside ``roots`` (after resolving symlinks).

    Refusals raise WeasyPrint's fatal error and are also added to ``refused``, because WeasyPrint swallows
    errors from some places (images inside SVG) and the build must stop all the same.
    """
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    allowed = tuple(root.resolve() for root in roots)

    class SafeFetcher(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in allowed):
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})
            message = f"refused to fetch {url}: only files inside {', '.join(str(r) for r in allowed)} may be used"
            refused.append(message)
            raise FatalURLFetchingError(message)

    return SafeFetcher(allowed_protocols=("data", "file"), allow_redirects=False, timeout=5)


def remember_page_references() -> None:
    """Make pydyf's ``PDF.page_references`` keep its answer until a page is added.

    pydyf builds the tuple of every page's reference afresh each time it is read, and WeasyPrint reads it once
    for every tagged element (PDF/UA and PDF/A-3a), so writing took time in pages x rows: 2.4 s of a
    1,000-indicator pack. Pages are only ever appended, so the page count says when the answer changes; the
    PDF is byte-identical (tested). Does nothing if pydyf changes the property or it is already replaced.
    """
    import pydyf

    current = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(current, property) or current.fget is None or isinstance(current.fget, _RememberedPages):
        return
    pydyf.PDF.page_references = property(_RememberedPages(current))


class _RememberedPages:
    """pydyf's ``page_references`` getter, answering from memory while the page count is unchanged."""

    def __init__(self, original: property) -> None:
        self.original = original  # kept so that tests can compare with (and restore) pydyf's own property
        getter = original.fget
        assert getter is not None  # remember_page_references checked it
        self.compute: Callable[[Any], tuple[bytes, ...]] = getter

    def __call__(self, pdf: Any) -> tuple[bytes, ...]:
        try:
            count = len(pdf.pages["Kids"])
        except (AttributeError, KeyError, TypeError):  # pydyf keeps its pages some other way now
            return self.compute(pdf)
        cached = pdf.__dict__.get("_publisher_page_references")
        if cached is None or cached[0] != count:
            cached = pdf.__dict__["_publisher_page_references"] = (count, self.compute(pdf))
        return cached[1]


@dataclass(frozen=True)
class Attached:
    """A file embedded in an archival PDF as a PDF/A-3 associated file."""

    name: str
    data: bytes
    description: str
    relationship: str  # Data, Source, Supplement...
    created: dt.datetime


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run Python's cycle collector less often while WeasyPrint lays out and writes, then restore it.

    Layout builds millions of small objects that all live until the PDF is written, and the collector
    traversed them again and again: a fifth of the time for a 1,000-indicator pack. Peak memory grows
    by about a sixth (measured in bench/run.py). The setting is process-wide: packs are built in parallel by
    processes (``--jobs``), not threads.
    """
    before = gc.get_threshold()
    gc.set_threshold(20_000, *before[1:])  # the youngest generation: 700 objects by default
    try:
        yield
    finally:
        gc.set_threshold(*before)


def write_pdf(
    html: str, base: Path, roots: Sequence[Path], variant: str | None, attachments: Sequence[Attached] = ()
) -> bytes:
    """Lay out the HTML and return the PDF bytes, in the second process when one is running (see the module's
    docstring); raise :class:`RenderError` on a refused resource."""
    if _depth(html) > MAX_DEPTH:  # found in milliseconds, where WeasyPrint would take many seconds to fail
        raise RenderError(TOO_DEEP)
    log.info("pdf: laying out (%s)", variant or "plain PDF")
    job = (html, base, tuple(roots), variant, tuple(attachments))
    beside = _BESIDE.get(os.getpid())
    pdf = None if beside is None else beside.lay_out(job)
    return _lay_out(*job) if pdf is None else pdf


def _lay_out(
    html: str, base: Path, roots: Sequence[Path], variant: str | None, attachments: Sequence[Attached]
) -> bytes:
    from weasyprint import HTML, Attachment
    from weasyprint.urls import FatalURLFetchingError

    remember_page_references()
    refused: list[str] = []
    try:
        document = HTML(string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=safe_fetcher(roots, refused))
        embedded = [
            Attachment(file_obj=io.BytesIO(a.data), name=a.name, description=a.description,
                       created=a.created, modified=a.created, relationship=a.relationship)
            for a in attachments
        ]  # fmt: skip
        with fewer_collections():
            pdf = document.write_pdf(pdf_variant=variant, pdf_tags=True, custom_metadata=True, attachments=embedded,
                                     finisher=header_scopes)  # fmt: skip
        if refused:
            raise RenderError(refused[0])
        return pdf
    except FatalURLFetchingError as exc:
        raise RenderError(str(exc)) from None
    except RecursionError:
        raise RenderError(TOO_DEEP) from None


Job = tuple[str, Path, tuple[Path, ...], str | None, tuple[Attached, ...]]  # write_pdf's arguments
# The second process's first lines: this process's module path, then serve().
_START = "import sys; sys.path[:] = sys.argv[1:]; from publisher.output.pdf import serve; serve()"


class _Beside:
    """The second process, which imports WeasyPrint as it starts and then lays out each PDF it is sent, sending
    back its log records as they are written and then the PDF or the error."""

    def __init__(self) -> None:
        levels = {name: logger.level for name, logger in logging.Logger.manager.loggerDict.items()
                  if isinstance(logger, logging.Logger) and logger.level}  # fmt: skip
        self.process = subprocess.Popen([sys.executable, "-c", _START, *sys.path], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, start_new_session=True)  # fmt: skip
        self.usable = self._send((logging.getLogger().level, levels))

    def lay_out(self, job: Job) -> bytes | None:
        """The PDF; None if the process cannot answer (it could not start, or it ended), to be laid out here."""
        if not self.usable or not self._send(job):
            return None
        self.usable = False  # until the answer is in: an interrupted exchange must not pair a PDF with another job
        assert self.process.stdout is not None
        try:
            while (message := pickle.load(self.process.stdout))[0] == "log":
                _replay(*message[1:])
        except (OSError, EOFError, pickle.UnpicklingError):
            log.debug("pdf: the second process ended (exit code %s): laying out here", self.process.poll())
            return None
        self.usable = True
        _, pdf, error = message
        if error is not None:
            raise error
        return pdf

    def _send(self, message: object) -> bool:
        assert self.process.stdin is not None
        try:
            pickle.dump(message, self.process.stdin)
            self.process.stdin.flush()
            return True
        except OSError:  # it could not start, or has ended
            return False

    def close(self) -> None:
        """Every PDF asked for has come back: a process still importing WeasyPrint is not waited for."""
        self.process.kill()
        self.process.communicate()


_BESIDE: dict[int, _Beside] = {}  # by the process that started it: a process forked from that one lays out itself


@contextmanager
def layout_beside() -> Iterator[None]:
    """While the block runs, PDFs are laid out by a second process that starts importing WeasyPrint now (see the
    module's docstring); nothing is started on one core or when WeasyPrint is already imported here."""
    if _BESIDE or "weasyprint" in sys.modules or _cores() < 2:
        yield
        return
    try:
        beside = _BESIDE[os.getpid()] = _Beside()
    except OSError as exc:  # no process can be started here: the PDFs are laid out in this one
        log.debug("pdf: no second process (%s)", exc)
        yield
        return
    log.debug("pdf: WeasyPrint is being imported in a second process, which will lay out the PDFs")
    try:
        yield
    finally:
        del _BESIDE[os.getpid()]
        beside.close()


def _replay(name: str, level: int, message: str) -> None:
    """A record the second process logged, handled here as if logged here (this process's levels decide)."""
    logger = logging.getLogger(name)
    if logger.isEnabledFor(level):
        record = {"name": name, "levelno": level, "levelname": logging.getLevelName(level), "msg": message}
        logger.handle(logging.makeLogRecord(record))


def _cores() -> int:
    """The cores this process may use (a container or ``taskset`` may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def serve() -> None:
    """The second process: log as the command does, sending each record back as it is written; import
    WeasyPrint; then lay out each PDF sent until the command ends (its end is noticed even mid-layout)."""
    jobs, answers = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to standard error, not into the answers
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()
    root_level, levels = pickle.load(jobs)
    logging.getLogger().handlers, logging.getLogger().level = [_Sender(answers)], root_level
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    with suppress(Exception):  # a WeasyPrint that cannot be imported fails the first layout, as it would there
        import weasyprint  # noqa: F401
    while True:
        try:
            job = pickle.load(jobs)
        except EOFError:
            return
        pdf, error = b"", None
        try:
            pdf = _lay_out(*job)
        except Exception as exc:
            error = _sendable(exc)
        pickle.dump(("done", pdf, error), answers)
        answers.flush()


class _Sender(logging.Handler):
    """The second process's log records, sent back as they are written (the message as formatted, and its level)."""

    def __init__(self, answers: Any) -> None:
        super().__init__()
        self.answers = answers

    def emit(self, record: logging.LogRecord) -> None:
        pickle.dump(("log", record.name, record.levelno, self.format(record)), self.answers)
        self.answers.flush()


def _end_with(parent: int) -> None:
    """End this process when the command's has ended, however it ended (killed mid-layout, say)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _sendable(error: Exception) -> Exception:
    """``error`` as the command's process can raise it: a refusal as it is; anything else (a bug) the same error
    if it survives pickling, else a RuntimeError with its text, noting where it happened."""
    import traceback

    if isinstance(error, RenderError):
        return error
    where = "(in the process laying out the PDF)\n" + "".join(traceback.format_exception(error))
    try:
        error = pickle.loads(pickle.dumps(error))
    except Exception:
        error = RuntimeError(f"{type(error).__name__}: {error}")
    error.add_note(where)
    return error


def header_scopes(document: Any, pdf: Any) -> None:
    """Give each tagged table header cell (TH) the /Scope its HTML ``scope`` says, Column or Row.

    WeasyPrint 70 tags TH cells without one (it reads ``scope`` only to link data cells to their headers), so a
    screen reader could not tell a column's heading from a row's. It keeps each cell's structure element on the
    cell's box (``mark``); this runs after tagging (a ``finisher``), walking the laid-out boxes but no text.
    """
    from weasyprint.formatting_structure.boxes import LineBox

    boxes = [page._page_box for page in document.pages]
    while boxes:
        box = boxes.pop()
        element = getattr(box, "mark", None)
        if element is not None and box.element_tag == "th" and box.element.get("scope") in SCOPES:
            element["A"]["Scope"] = SCOPES[box.element.get("scope")]
        if not isinstance(box, LineBox):
            boxes.extend(getattr(box, "children", ()))


def _depth(html: str) -> int:
    """How deeply the page's elements nest (void elements such as ``<br>`` do not nest)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match[1], match[2].lower(), match[3]
        if closing:
            depth -= 1
        elif not self_closing and name not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest
