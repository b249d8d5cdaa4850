"""Edit a commentary file the way a careful person would: replace or add one entry's lines and leave every
other byte of the file (comments, quoting, order, blank lines, line endings) exactly as it was.

The file is parsed only to find where entries start and end; the new entry is written by PyYAML's safe dumper
(so any text is quoted correctly) and the result is read back and compared with what was meant before it is
returned, so an edit that would change any other entry is refused rather than written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import InputError, Problem
from ..core.periods import Period
from ..inputs.yamlfile import parse_yaml

__all__ = ["Changes", "period_file", "set_entry", "verify"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Literal(yaml.SafeDumper):
    """Text over several lines as a ``|`` block, as officers write it by hand."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Literal.add_representer(str, _text)


@dataclass(frozen=True)
class Span:
    """Lines ``start`` (inclusive) to ``end`` (exclusive), counted from 0."""

    start: int
    end: int


def new_file(period: Period) -> str:
    """A period's commentary file before anything is collected into it."""
    return f"# Commentary for {period}, collected from forms by 'publisher commentary collect'.\nperiod: {period}\n"


Changes = dict[tuple[str, str], dict[str, Any] | None]  # (section, name) -> the new entry, or None: removed


def set_entry(text: str, section: str, name: str, body: dict[str, Any], where: str, check: bool = True) -> str:
    """``text`` with ``section.name`` replaced by (or added as) ``body``; nothing else changed. With ``check``
    false the caller verifies a batch of edits at once (:func:`verify`)."""
    new = _set(text, section, name, body, where)
    return verify(text, new, {(section, name): body}, where) if check else new


def _set(text: str, section: str, name: str, body: dict[str, Any], where: str) -> str:
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    root = _root(text, where)
    value = _value_of(root, section)
    if value is None:  # no such section yet: add it at the end
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        lines += [f"{section}:{newline}", *_entry_lines(name, body, 2, newline)]
        return "".join(lines)
    key_node, value_node = value
    if isinstance(value_node, yaml.MappingNode) and not value_node.flow_style:
        indent = value_node.value[0][0].start_mark.column if value_node.value else 2
        span = _entry_span(lines, value_node, name)
        if span is None:
            at = _section_end(lines, key_node, value_node)
            lines[at:at] = _entry_lines(name, body, indent, newline)
        else:
            lines[span.start : span.end] = _entry_lines(name, body, indent, newline)
        return "".join(lines)
    if _is_empty(value_node) and value_node.start_mark.line == key_node.start_mark.line:  # "indicators: {}"
        row = key_node.start_mark.line
        comment = lines[row][value_node.end_mark.column :].strip()
        lines[row : row + 1] = [f"{section}:{' ' + comment if comment.startswith('#') else ''}{newline}",
                                *_entry_lines(name, body, 2, newline)]  # fmt: skip
        return "".join(lines)
    message = f"written in a form collect cannot edit safely (e.g. {{...}} on one line): rewrite '{section}' as a block"
    raise InputError([Problem(where, key_node.start_mark.line + 1, section, message)])


def remove_entry(text: str, section: str, name: str, where: str, check: bool = True) -> str:
    """``text`` without ``section.name`` (unchanged when there is none)."""
    lines = text.splitlines(keepends=True)
    found = _value_of(_root(text, where), section)
    if found is None or not isinstance(found[1], yaml.MappingNode) or found[1].flow_style:
        return text
    span = _entry_span(lines, found[1], name)
    if span is None:
        return text
    del lines[span.start : span.end]
    if len(found[1].value) == 1:  # the last entry: "section: {}", as "section:" alone would read as nothing
        row, colon = found[0].start_mark.line, found[0].end_mark.column + 1
        lines[row] = lines[row][:colon] + " {}" + lines[row][colon:]
    return verify(text, "".join(lines), {(section, name): None}, where) if check else "".join(lines)


def _root(text: str, where: str) -> yaml.MappingNode:
    try:
        root = yaml.compose(text, Loader=_Loader)  # nodes only: nothing is constructed
    except yaml.YAMLError as exc:
        raise InputError([Problem(where, None, "", f"not valid YAML: {exc}")]) from None
    if not isinstance(root, yaml.MappingNode):
        raise InputError([Problem(where, None, "", "expected a mapping with 'period:' at the top of the file")])
    return root


def _value_of(root: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _is_empty(node: yaml.Node) -> bool:
    return (isinstance(node, yaml.MappingNode) and not node.value) or (
        isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")
    )


def _entry_span(lines: list[str], mapping: yaml.MappingNode, name: str) -> Span | None:
    """The lines of entry ``name``: its key's line up to the next entry's, less trailing blank lines and comments
    that sit at the entry's own indentation or left of it (they introduce what follows)."""
    pairs = mapping.value
    for n, (key, _) in enumerate(pairs):
        if not (isinstance(key, yaml.ScalarNode) and key.value == name):
            continue
        start = key.start_mark.line
        end = pairs[n + 1][0].start_mark.line if n + 1 < len(pairs) else _block_end(mapping)
        while end > start + 1 and _loose(lines[end - 1], key.start_mark.column):
            end -= 1
        return Span(start, end)
    return None


def _block_end(mapping: yaml.MappingNode) -> int:
    """The line after a block mapping: where the next key left of it starts, or the end of the file."""
    mark = mapping.end_mark
    return mark.line + (1 if mark.column > 0 else 0)


def _loose(line: str, indent: int) -> bool:
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and len(line) - len(line.lstrip()) <= indent)


def _section_end(lines: list[str], key: yaml.Node, mapping: yaml.MappingNode) -> int:
    """Where a new entry goes: after the section's last entry, before any trailing blank lines or comments."""
    end = _block_end(mapping)
    while end > key.start_mark.line + 1 and _loose(lines[end - 1], key.start_mark.column + 1):
        end -= 1
    return end


def _entry_lines(name: str, body: dict[str, Any], indent: int, newline: str) -> list[str]:
    dumped = yaml.dump({name: body}, Dumper=_Literal, default_flow_style=False, allow_unicode=True,
                       sort_keys=False, width=100000)  # fmt: skip
    return [(" " * indent + line if line else "") + newline for line in dumped.splitlines()]


def verify(old: str, new: str, changes: Changes, where: str) -> str:
    """``new``, once it reads as ``old`` with exactly ``changes`` made; otherwise nothing is written."""
    expected, got = _plain(parse_yaml(old, where).data), _plain(parse_yaml(new, where).data)
    for (section, name), body in changes.items():
        entries = dict(expected.get(section) or {})
        if body is None:
            entries.pop(name, None)
        else:
            entries[name] = _plain(body)
        expected[section] = entries
        got[section] = got.get(section) or {}
    if got != expected:
        names = ", ".join(f"{section}.{name}" for section, name in changes)
        message = f"editing {names} would have changed other parts of the file: nothing was written"
        raise InputError([Problem(where, None, "", message)])
    return new


def _plain(value: Any) -> Any:
    """Data as compared: dates as ISO text, so a date written by hand and one written here compare equal."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def period_file(folder: Path, files: dict[Period, Path], period: Period) -> tuple[Path, str]:
    """The file holding ``period``'s commentary and its text: an existing one, or a new ``<slug>.yaml``."""
    path = files.get(period)
    if path is not None:
        return path, path.read_text(encoding="utf-8")  # a byte-order mark is kept
    return folder / f"{period.slug}.yaml", new_file(period)
