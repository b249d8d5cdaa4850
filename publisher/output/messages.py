"""The pack's fixed wording as one catalogue (``templates/messages.yaml``) that a council can override entry by entry.

A council puts a ``messages.yaml`` holding only the entries it changes in its templates folder (for example to
publish in Welsh). Each entry is checked against publisher's: an unknown entry, a list of the wrong length or
a sentence that drops or invents a ``{placeholder}`` is reported at its file and line, so a typing slip never
reaches a published pack.

A placeholder is a plain name in braces, ``{lead}``, and nothing else: no ``{lead.title}``, ``{lead[0]}``,
``{lead!r}`` or ``{lead:>10}``. A brace that is part of the words is written twice, ``{{`` or ``}}`` (as Python's
own formatting has it, so older overrides read the same). :func:`fill` substitutes each name's text in one pass
of a regular expression: it never calls Python's ``str.format``, which would read attributes and items of the
values and honour format specs, outside Jinja's sandbox, on behalf of whoever wrote the catalogue.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound

from ..core.errors import InputError, Problem, raise_if_any
from ..core.resources import default_dir
from ..inputs.yamlfile import YamlDocument, parse_yaml

__all__ = ["Messages", "default_messages", "load_messages"]

CATALOGUE = "messages.yaml"
BRACES = re.compile(r"\{\{|\}\}|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}|\{[^{}]*\}?|\}")  # every brace, in one pass
LITERAL = {"{{": "{", "}}": "}"}
OPEN_GROUPS = ("abbreviations",)  # a council may add entries here, not only reword publisher's


@dataclass(frozen=True)
class Messages:
    """The catalogue after a council's overrides: nested groups of words, sentences and lists."""

    entries: Mapping[str, Any]

    def text(self, key: str, **values: object) -> str:
        """The entry at a dotted ``key`` ("cover.contact"), with its placeholders filled from ``values``."""
        return fill(entry(self.entries, key), **values)

    def long_date(self, day: dt.date) -> str:
        """"6 December 2026", with the catalogue's month names: the one style of date a pack prints."""
        return long_date(day, self.entries)

    def short_date(self, day: dt.date) -> str:
        """"1 Dec 2026", with the catalogue's short month names (for a council's own templates; publisher's
        print every date long)."""
        return f"{day.day} {self.entries['months_short'][day.month - 1]} {day.year}"


def entry(words: Mapping[str, Any], key: str) -> Any:
    """The catalogue's entry at a dotted ``key`` ("explain.rag.on_target")."""
    found: Any = words
    for part in key.split("."):
        found = found[part]
    return found


def long_date(day: dt.date, words: Mapping[str, Any]) -> str:
    """"6 December 2026": the day without a leading zero, the catalogue's month name, the year."""
    return f"{day.day} {words['months'][day.month - 1]} {day.year}"


def fill(text: str, **values: object) -> str:
    """``text`` with each ``{name}`` replaced by the text of ``values[name]`` and ``{{``, ``}}`` by one brace.

    Linear in the text; a brace holding anything but a plain name is left as it is (the catalogue check refuses
    those, so they reach here only from a template's own text)."""

    def put(match: re.Match[str]) -> str:
        name = match["name"]
        return str(values[name]) if name is not None else LITERAL.get(match[0], match[0])

    return BRACES.sub(put, text)


def stray_brace(text: str) -> str | None:
    """The first brace in ``text`` that is neither a plain ``{name}`` nor a doubled ``{{`` or ``}}``, as written."""
    for match in BRACES.finditer(text):
        if match["name"] is None and match[0] not in LITERAL:
            return match[0]
    return None


def placeholders(text: str) -> set[str] | None:
    """The names in ``text``'s braces, or None when a brace holds more than a plain name (``{x.y}``, ``{x!r}``)."""
    if stray_brace(text) is not None:
        return None
    return {match["name"] for match in BRACES.finditer(text) if match["name"] is not None}


@cache
def default_messages() -> Messages:
    path = default_dir("templates") / CATALOGUE
    return Messages(parse_yaml(path.read_text(encoding="utf-8"), str(path)).data)


def load_messages(loader: BaseLoader | None, env: Any) -> Messages:
    """publisher's catalogue with the council's ``messages.yaml`` (from its templates folder) laid over it."""
    defaults = default_messages()
    if loader is None:
        return defaults
    try:
        source, filename, _ = loader.get_source(env, CATALOGUE)
    except TemplateNotFound:
        return defaults
    name = filename or CATALOGUE
    if Path(name).resolve() == (default_dir("templates") / CATALOGUE).resolve():
        return defaults
    doc = parse_yaml(source, name)
    raise_if_any(doc.problems)
    return Messages(_overlay(defaults.entries, doc.data, doc, ()))


def _overlay(base: Mapping[str, Any], given: Any, doc: YamlDocument, loc: tuple[Any, ...]) -> dict[str, Any]:
    """``base`` with ``given``'s entries in place of its own, after checking each one; all problems at once."""
    problems: list[Problem] = []
    merged = dict(base)
    if not isinstance(given, dict):
        _problem(problems, doc, loc, "a group of entries (name: words)", type(given).__name__)
        raise_if_any(problems)
    for key, value in given.items():
        where = (*loc, key)
        if key not in base:
            if loc and loc[-1] in OPEN_GROUPS and isinstance(key, str) and isinstance(value, str):
                merged[key] = value
                continue
            known = ", ".join(sorted(map(str, base))[:12])
            _problem(problems, doc, where, f"one of the catalogue's entries ({known}...)", f"'{key}'")
            continue
        try:
            merged[key] = _entry(base[key], value, doc, where)
        except InputError as exc:
            problems.extend(exc.problems)
    raise_if_any(problems)
    return merged


def _entry(default: Any, value: Any, doc: YamlDocument, loc: tuple[Any, ...]) -> Any:
    problems: list[Problem] = []
    if isinstance(default, dict):
        return _overlay(default, value, doc, loc)
    if isinstance(default, list):
        if not isinstance(value, list) or len(value) != len(default) or not all(isinstance(v, str) for v in value):
            _problem(problems, doc, loc, f"a list of {len(default)} pieces of text", _kind(value))
    elif not isinstance(value, str):
        _problem(problems, doc, loc, "text", _kind(value))
    elif (stray := stray_brace(value)) is not None:
        expected = "only plain names in braces, like {name} (a brace itself is written {{ or }})"
        _problem(problems, doc, loc, expected, f"'{stray}' in '{value}'")
    elif placeholders(value) != placeholders(default):
        wanted = ", ".join(f"{{{n}}}" for n in sorted(placeholders(default) or ())) or "no {placeholders}"
        _problem(problems, doc, loc, f"text with {wanted}", f"'{value}'")
    raise_if_any(problems)
    return value


def _kind(value: Any) -> str:
    return f"a list of {len(value)}" if isinstance(value, list) else f"'{value}'"


def _problem(problems: list[Problem], doc: YamlDocument, loc: tuple[Any, ...], expected: str, found: str) -> None:
    field = ".".join(map(str, loc))
    problems.append(Problem(doc.path, doc.line_of(loc), field, f"expected {expected}, got {found}"))
