"""The pack's fixed wording as one catalogue (``templates/messages.yaml``) that a council can override entry by entry.

A council puts a ``messages.yaml`` holding only the entries it changes in its templates folder (for example to
publish in Welsh). Each entry is checked against publisher's: an unknown entry, a list of the wrong length or
a sentence that drops or invents a ``{placeholder}`` is reported at its file and line, so a typing slip never
reaches a published pack.

A placeholder is a plain name in braces, ``{lead}``, and nothing else: no ``{lead.title}``, ``{lead[0]}``,
``{lead!r}`` or ``{lead:>10}``. A brace that is part of the words is written twice, ``{{`` or ``}}`` (as Python's
own formatting has it, so older overrides read the same). :func:`fill` substitutes each name's text in one pass
of a regular expression: it never calls Python's ``str.format``, which would read attributes and items of the
values and honour format specs, outside Jinja's sandbox, on behalf of whoever wrote the catalogue. A text with no
placeholder is read as it prints (``{{`` as ``{``) wherever it is used as it is, in code or in a template, so
every text is filled the same way whether or not it takes values (see :class:`Braced`).

An override may hold no control character but a line break or a tab (each would reach a spreadsheet cell, an
e-mail header or the PDF, where it is refused or drawn as a box), and the entries in :data:`ONE_LINE` no line
break at all.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound

from ..core.errors import InputError, Problem, raise_if_any
from ..core.resources import default_dir
from ..inputs.yamlfile import YamlDocument, parse_yaml

__all__ = ["Messages", "default_messages"]

CATALOGUE = "messages.yaml"
BRACES = re.compile(r"\{\{|\}\}|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}|\{[^{}]*\}?|\}")  # every brace, in one pass
LITERAL = {"{{": "{", "}}": "}"}
OPEN_GROUPS = ("abbreviations",)  # a council may add entries here, not only reword publisher's
# Entries written as a line of an e-mail header, the Subject of a head of service's form and of its reminder
# (commentary/sending.py): a line break would end the header, so the e-mail could not be sent.
ONE_LINE = frozenset({"form_mail.subject", "form_mail.reminder"})
CONTROLS_ALLOWED = "\n\t"
LINE_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")  # where str.splitlines, so the e-mail header, breaks
# What YAML makes of words written without quotes, for a message that says how to keep them as text.
READ_AS = ((bool, "yes/no/on/off/true/false without quotes as true or false"), (int, "a number without quotes as one"),
           (float, "a number without quotes as one"), (dt.date, "a date without quotes as one"))  # fmt: skip


class Braced(str):
    """A catalogue text with no placeholder that holds a doubled brace: it reads as it prints (``{{`` as ``{``)
    where it is used as it is, in code or a council's template, and :func:`fill` fills its words as written, so a
    brace is undoubled once however the text is used."""

    written: str


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

    return BRACES.sub(put, text.written if isinstance(text, Braced) else text)


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
def _shipped() -> Any:
    """publisher's catalogue as written: what a council's overrides are checked against."""
    path = default_dir("templates") / CATALOGUE
    return parse_yaml(path.read_text(encoding="utf-8"), str(path)).data


@cache
def default_messages() -> Messages:
    return Messages(_as_read(_shipped()))


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
    return Messages(_as_read(_overlay(_shipped(), doc.data, doc, ())))


def _as_read(entries: Any) -> Any:
    """The catalogue with each text that has no placeholder as it prints: filled, with no values (a
    :class:`Braced` where that changes it)."""
    if isinstance(entries, dict):
        return {key: _as_read(value) for key, value in entries.items()}
    if isinstance(entries, list):
        return [_as_read(value) for value in entries]
    if not isinstance(entries, str) or placeholders(entries) != set() or (printed := fill(entries)) == entries:
        return entries
    text = Braced(printed)
    text.written = entries
    return text


def _overlay(base: Mapping[str, Any], given: Any, doc: YamlDocument, loc: tuple[Any, ...]) -> dict[str, Any]:
    """``base`` with ``given``'s entries in place of its own, after checking each one; all problems at once."""
    problems: list[Problem] = []
    merged = dict(base)
    if not isinstance(given, dict):
        _refuse(("a group of entries (name: words)", _kind(given, doc, loc)), doc, loc)
    for key, value in given.items():
        where = (*loc, key)
        if key not in base:
            if loc and loc[-1] in OPEN_GROUPS and isinstance(key, str):
                try:  # an abbreviation of the council's: its words as one of publisher's, its name as printed too
                    merged[key] = _text("", value, doc, where)
                    _refuse(_control(key), doc, where)
                except InputError as exc:
                    problems.extend(exc.problems)
                continue
            known = ", ".join(sorted(map(str, base))[:12])
            problems.append(_problem(doc, where, f"one of the catalogue's entries ({known}...)", f"'{key}'"))
            continue
        try:
            merged[key] = _entry(base[key], value, doc, where)
        except InputError as exc:
            problems.extend(exc.problems)
    raise_if_any(problems)
    return merged


def _entry(default: Any, value: Any, doc: YamlDocument, loc: tuple[Any, ...]) -> Any:
    if isinstance(default, dict):
        return _overlay(default, value, doc, loc)
    if not isinstance(default, list):
        return _text(default, value, doc, loc)
    if not isinstance(value, list) or len(value) != len(default):
        _refuse((f"a list of {len(default)} pieces of text", _kind(value, doc, loc)), doc, loc)
    problems: list[Problem] = []
    for n, (said, given) in enumerate(zip(default, value, strict=True)):
        try:
            _text(said, given, doc, (*loc, n))
        except InputError as exc:
            problems.extend(exc.problems)
    raise_if_any(problems)
    return value


def _text(default: str, value: Any, doc: YamlDocument, loc: tuple[Any, ...]) -> str:
    """``value`` if it can stand in for publisher's ``default``: text, with no control character, on one line
    where :data:`ONE_LINE` says so, and with the same placeholders."""
    if not isinstance(value, str):
        _refuse(("text", _kind(value, doc, loc)), doc, loc)
    _refuse(_control(value), doc, loc)
    if _key(loc) in ONE_LINE and (found := LINE_BREAK.search(value)):
        expected = "text on one line (it is written as a line of an e-mail header, the Subject)"
        _refuse((expected, f"a line break ({_code(found[0])}) at character {found.start() + 1}"), doc, loc)
    if (stray := stray_brace(value)) is not None:
        expected = "only plain names in braces, like {name} (a brace itself is written {{ or }})"
        _refuse((expected, f"'{stray}' in '{value}'"), doc, loc)
    if placeholders(value) != placeholders(default):
        wanted = ", ".join(f"{{{n}}}" for n in sorted(placeholders(default) or ())) or "no {placeholders}"
        _refuse((f"text with {wanted}", f"'{value}'"), doc, loc)
    return value


def _control(text: str) -> tuple[str, str] | None:
    """What to say of the first control character in ``text`` but a line break or a tab, or None: each reaches
    a spreadsheet cell (refused), an e-mail header or the PDF (a box) from a catalogue entry."""
    for n, char in enumerate(text):
        if unicodedata.category(char) == "Cc" and char not in CONTROLS_ALLOWED:
            expected = "text without control characters (a line break or a tab is allowed)"
            return expected, f"{_code(char)} (a control character) at character {n + 1}"
    return None


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _kind(value: Any, doc: YamlDocument, loc: tuple[Any, ...]) -> str:
    """What was found instead of text or a list, and, for words YAML read as something else, what to do."""
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a group of entries"
    if value is None:
        return "nothing (write the words, or leave the entry out)"
    written = doc.written.get(loc, str(value))
    read_as = next((said for kind, said in READ_AS if isinstance(value, kind)), None)
    return f"'{written}'" + (f" (YAML reads {read_as}: put the words in quotes)" if read_as else "")


def _refuse(found: tuple[str, str] | None, doc: YamlDocument, loc: tuple[Any, ...]) -> None:
    """Raise the problem ``found`` (what was expected, what was found) at ``loc``'s line; nothing if None."""
    if found is not None:
        raise InputError([_problem(doc, loc, *found)])


def _problem(doc: YamlDocument, loc: tuple[Any, ...], expected: str, found: str) -> Problem:
    return Problem(doc.path, doc.line_of(loc), _key(loc), f"expected {expected}, got {found}")


def _key(loc: tuple[Any, ...]) -> str:
    """The entry's dotted key ("form_mail.subject"; "months.0", a list's first)."""
    return ".".join(map(str, loc))
