"""The template environment: sandboxed Jinja2, autoescaped and strict, with a council's overrides first.

A council's ``templates/`` folder is searched first. Each shipped template and stylesheet is also reachable as
``default:NAME``, so an override can ``{% extends "default:section.html" %}`` and replace one block instead
of copying the whole file. Templates are untrusted: the sandbox refuses Python internals, every template and
stylesheet must be a file inside its own folder once symlinks are resolved, and a stylesheet cannot close its
``<style>`` element. Python's formatting is not available to a template (``str.format``, ``format_map``, ``%`` on
text and the ``format`` filter): it honours format specs of any width, and ``format`` reads attributes of values;
words are put together with the catalogue's ``fill``, which substitutes plain names only. A mistake in a
council's template is reported as ``file:line`` (exit 1); one in a shipped template is a bug and is raised as it is.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from ..core.errors import InputError, Problem
from ..core.resources import default_dir
from .messages import Messages, default_messages, fill, load_messages

if TYPE_CHECKING:
    from ..inputs.project import Project

__all__ = ["council_messages"]

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br", "code", "blockquote"}
DEFAULT_PREFIX = "default"
# The DRAFT mark across an A4 landscape page (scaled to fit a portrait one), faint enough to print over.
WATERMARK_TEXT = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 297 210"><text x="148.5" y="118" '
    'transform="rotate(-25 148.5 105)" text-anchor="middle" font-family="sans-serif" '
    'font-weight="bold" font-size="40" letter-spacing="3.5" fill="#b40000" fill-opacity="0.09">'
)
NO_FORMATTING = "put values into words with the catalogue's fill, as in {{ t.section.lead | fill(lead=...) }}"


class ConfinedLoader(FileSystemLoader):
    """A folder's files, refusing any (a symlink, say) that resolves outside the folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder.resolve()

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.folder):
            message = f"'{template}' resolves to a file outside {self.folder}: copy the file in instead of linking it"
            raise InputError([Problem(filename, None, "", message)])
        return source, filename, uptodate


class PackSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox without Python's string formatting (see the module's docstring)."""

    intercepted_binops = frozenset({"%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            raise SecurityError(f"'%' formatting of text is not available in templates: {NO_FORMATTING}")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """A text's ``format`` or ``format_map`` as a function that refuses (None for any other value)."""
        if super().wrap_str_format(value) is None:
            return None

        def refused(*args: Any, **kwargs: Any) -> str:
            raise SecurityError(f"str.format and format_map are not available in templates: {NO_FORMATTING}")

        return refused


def shipped_loader() -> BaseLoader:
    return ChoiceLoader([ConfinedLoader(default_dir("templates")), ConfinedLoader(default_dir("styles"))])


class CompiledOnce(BytecodeCache):
    """Each template compiled once per process, however many environments (one per pack) load it.

    Compiling the shipped templates took about a third of rendering a pack. Jinja keys each entry by the
    template's name and file and checks it against a checksum of the source, so an edited template or a council's
    override of the same name is compiled afresh; every environment here is made by :func:`environment` with the
    same settings, so code compiled for one is right for all.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Any) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Any) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledOnce()


def environment(override: Path | None = None) -> PackSandbox:
    """Templates from the council's folder first, then publisher's; publisher's also as ``default:NAME``."""
    shipped = shipped_loader()
    loaders: list[BaseLoader] = [ConfinedLoader(override)] if override and override.is_dir() else []
    loaders += [PrefixLoader({DEFAULT_PREFIX: shipped}, delimiter=":"), shipped]
    env = PackSandbox(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=COMPILED,
    )
    del env.filters["format"]  # Python's '%' formatting, outside the sandbox's reach
    env.filters["markdown"] = markdown
    env.filters["breakable"] = breakable
    env.filters["watermark"] = watermark
    env.filters["fill"] = fill
    messages = default_messages()
    env.filters.update(long_date=messages.long_date, short_date=messages.short_date)
    return env


def council_messages(project: Project) -> Messages:
    """The wording catalogue with the council's overrides (from its templates folder), checked: what its packs,
    forms and e-mails say; a bad override is refused at its file:line."""
    env = environment(project.path(project.config.templates))
    return load_messages(env.loader, env)


def watermark(word: str) -> str:
    """The DRAFT mark as an SVG data URI for the pages' background: WeasyPrint marks a background as an artifact,
    so a screen reader never reads the word as content (a positioned element was read first on every page)."""
    svg = f"{WATERMARK_TEXT}{escape(word)}</text></svg>"
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def breakable(text: str) -> Markup:
    """Text that may break after '.', '/' or '-' when its column is narrow ("SCC.013aiii" -> "SCC." / "013aiii")."""
    return Markup(re.sub(r"([./-])(?=.)", r"\1<wbr>", str(escape(text))))


def stylesheet(env: ImmutableSandboxedEnvironment, name: str) -> Markup:
    """A stylesheet's text for the pack's ``<style>`` element; one that would close the element is refused."""
    assert env.loader is not None
    source, filename, _ = env.loader.get_source(env, name)
    if "</" in source:
        line = source[: source.index("</")].count("\n") + 1
        message = "a stylesheet must not contain '</' (it would end the page's style element): remove it"
        raise InputError([Problem(filename or name, line, "", message)])
    return Markup(source)


def render(env: ImmutableSandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """Render ``name``; a council template's mistake becomes an :class:`InputError` at its file and line."""
    try:
        return env.get_template(name).render(context)
    except TemplateSyntaxError as exc:  # raised as a council's override is compiled, often inside an include
        where = exc.filename or exc.name or "template"
        raise InputError([Problem(where, exc.lineno, "", f"template error: {exc.message}")]) from None
    except TemplateNotFound as exc:  # an override written for an older release (running.html has gone)
        message = f"template {exc.name!r} is not one of publisher's templates: see 'Templates and theme' in the README"
        raise InputError([Problem("templates", None, "", message)]) from None
    except InputError:
        raise
    except Exception as exc:  # an undefined name, a refused attribute or a type error inside a template
        frame = _council_frame(exc.__traceback__)
        if frame is None:
            raise  # in publisher's own templates or code: a bug, reported as one
        detail = exc.message if isinstance(exc, TemplateError) and exc.message else f"{type(exc).__name__}: {exc}"
        raise InputError([Problem(frame[0], frame[1], "", f"template error: {detail}")]) from None


def _council_frame(trace: TracebackType | None) -> tuple[str, int] | None:
    """The innermost template frame of the error, if it is in a council's template (not a shipped one)."""
    shipped = (str(default_dir("templates").resolve()) + os.sep, str(default_dir("styles").resolve()) + os.sep)
    found = None
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css")):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    if found is None or str(Path(found[0]).resolve()).startswith(shipped):
        return None
    return found


@cache
def _markdown_parser() -> Any:
    from markdown_it import MarkdownIt

    class HttpsLinksOnly(MarkdownIt):
        def validateLink(self, url: str) -> bool:  # markdown-it names it so
            return url.strip().lower().startswith("https://")

    parser = HttpsLinksOnly("commonmark", {"html": False, "linkify": False})
    return parser.disable(["image", "html_block", "html_inline"])


def markdown(text: str) -> Markup:
    """Officer commentary as a safe Markdown subset: no raw HTML, no images, https links only."""
    import nh3

    html = _markdown_parser().render(text)
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"https"})
    return Markup(clean)

