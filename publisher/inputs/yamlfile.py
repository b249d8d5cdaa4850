"""Safe YAML reading that remembers where every value came from.

libyaml (or PyYAML's own scanner) reads the text and PyYAML's safe constructor the scalars; nodes are composed
(in C by libyaml, or here when a document needs care) and mappings built here so that duplicate keys are errors
rather than silently overwritten, aliases are refused (no "billion laughs"), and every value keeps its line
and, when YAML read a plain scalar as something other than text (``NO`` -> false, ``1.10`` -> 1.1), the
text as written, so that schema errors can say what the officer typed.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.constructor import SafeConstructor

from ..core.errors import InputError, Problem, raise_if_any
from ..core.text import bidi_control, line_separator

__all__ = ["YamlDocument", "parse_yaml", "read_yaml", "validate"]

Loc = tuple[str | int | float, ...]  # keys as YAML reads them: 1.10 is a number


class _Composing(yaml.composer.Composer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """Nodes are composed here, in Python, so that aliases can be refused and deep nesting stops with
    RecursionError; the scanning and parsing underneath come from libyaml when PyYAML has it."""

    # Provided by the parser the composer is mixed with (PyYAML's own, or libyaml's).
    check_event: Callable[..., bool]
    peek_event: Callable[[], Any]

    def __init__(self) -> None:
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed: write the value out in full", event.start_mark
            )
        return super().compose_node(parent, index)


class _PythonLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _Composing):
    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _Composing.__init__(self)


if yaml.__with_libyaml__:

    from yaml._yaml import CParser

    class _CarefulLoader(_Composing, CParser):
        """libyaml's events composed in Python: what reads a document the fast loader may not take."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            _Composing.__init__(self)

    class _LibyamlLoader(CParser, SafeConstructor, yaml.resolver.Resolver):
        """Nodes composed in C, three times faster than in Python (and fifteen times faster than PyYAML's own
        scanner on a large commentary file). C makes an alias the very node its anchor names and nests as deep
        as libyaml allows, so for a document with a node reached twice, nested deeper than :data:`FAST_DEPTH`,
        or with any error it gives :data:`DECLINED`, for the careful loader to accept or refuse as before."""

        careful = _CarefulLoader

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        def get_single_node(self) -> Any:
            try:
                node = CParser.get_single_node(self)
            except (yaml.YAMLError, RecursionError):
                return DECLINED
            return node if node is None or _plain_tree(node) else DECLINED

    LOADERS: tuple[type, ...] = (_LibyamlLoader, _PythonLoader)
else:  # pragma: no cover - PyYAML's wheels and Debian's package both come with libyaml
    LOADERS = (_PythonLoader,)

DECLINED = object()  # what the fast loader gives for a document it leaves to the careful loader
FAST_DEPTH = 64  # levels: far beyond any file written by hand, far short of where the careful loader stops


def _plain_tree(root: yaml.Node) -> bool:
    """Whether no node is reached twice (an alias) and none lies deeper than :data:`FAST_DEPTH`; level by
    level, so that aliases multiplying nodes ("billion laughs") are found before they are followed."""
    seen: set[int] = set()
    level = [root]
    for _ in range(FAST_DEPTH):
        before = len(seen)
        seen.update(map(id, level))
        if len(seen) != before + len(level):
            return False
        below: list[yaml.Node] = []
        for node in level:
            if isinstance(node, yaml.MappingNode):
                for pair in node.value:
                    below += pair
            elif isinstance(node, yaml.SequenceNode):
                below += node.value
        if not below:
            return True
        level = below
    return False


@dataclass
class YamlDocument:
    """Parsed YAML data plus the line of every value and the source text of re-typed scalars."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    written: dict[Loc, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int | None:
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


def read_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Read one YAML file; raise :class:`InputError` listing every duplicate key or syntax problem."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, None, "", f"expected UTF-8 text, found invalid byte ({exc.reason})")]) from None
    if line_separator(text):  # one search a file, and the lines only when it finds one
        raise_if_any([Problem(name, number, "", found[1]) for number, line in enumerate(text.split("\n"), 1)
                      if (found := line_separator(line))])  # fmt: skip
    return parse_yaml(text, name)


TOO_DEEP = "nested too deeply to read: check the indentation"


def parse_yaml(text: str, name: str, loader_class: type = LOADERS[0]) -> YamlDocument:
    """Parse YAML text; syntax errors raise at once, duplicate keys wait in ``doc.problems`` for validation."""
    doc = YamlDocument(name, None)
    loader = None
    try:
        loader = loader_class(text)
        node = loader.get_single_node()
        if node is DECLINED:  # composed again here, not deeper in the stack, so recursion stops where it did
            loader.dispose()
            loader = loader.careful(text)
            node = loader.get_single_node()
        doc.data = {} if node is None else _build(node, (), loader, doc, doc.problems)
    except RecursionError:
        raise InputError([Problem(name, None, "", TOO_DEEP)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        message = getattr(exc, "problem", None) or str(exc)
        if "nesting depth" in message:  # libyaml's own limit
            raise InputError([Problem(name, line, "", TOO_DEEP)]) from None
        if line and re.match(r"\s*\t", (text.splitlines()[line - 1 : line] or [""])[0]):  # a tab indenting
            message += " (YAML does not allow tabs: indent with spaces)"
        raise InputError([Problem(name, line, "", f"not valid YAML: {message}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return doc


_SECRET = re.compile(r"pass(word|wd)?$|secret|token|api[_-]?key|credential", re.IGNORECASE)
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_STR = "tag:yaml.org,2002:str"


def _build(node: yaml.Node, loc: Loc, loader: SafeConstructor, doc: YamlDocument, problems: list[Problem]) -> Any:
    doc.lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:
        raise yaml.constructor.ConstructorError(None, None, f"tag {node.tag!r} is not allowed", node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, loader)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str | int | float | bool):
                problems.append(Problem(doc.path, line, _dotted(loc), f"expected a simple key, got {key!r}"))
                continue
            if key in result:
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        _dotted((*loc, key)),
                        f"duplicate key (first given at line {first_line[key]})",
                    )
                )
                continue
            first_line[key] = line
            if isinstance(key, str) and _SECRET.search(key):
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        _dotted((*loc, key)),
                        "secrets must not be kept in files: remove it and "
                        "set it in the environment instead (see the README)",
                    )
                )
                continue
            result[key] = _build(value_node, (*loc, key), loader, doc, problems)
            doc.lines[(*loc, key)] = line  # a key's line, not the line its nested value starts on
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), loader, doc, problems) for i, item in enumerate(node.value)]
    try:
        value = _construct(node, loader)
    except (ValueError, OverflowError) as exc:  # 2026-02-30 reads as a date that does not exist
        problems.append(Problem(doc.path, doc.lines[loc], _dotted(loc), f"'{node.value}' is not a real date: {exc}"))
        return None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        message = f"expected a number, got one of {len(str(value))} digits"
        problems.append(Problem(doc.path, doc.lines[loc], _dotted(loc), message))
        return None
    if isinstance(value, str) and (found := bidi_control(value)):
        problems.append(Problem(doc.path, doc.lines[loc] + found[0], _dotted(loc), found[1]))
        return None
    plain = not getattr(node, "style", None)  # a scalar not in quotes: None, or '' from libyaml
    if plain and not isinstance(value, str) and value is not None:
        doc.written[loc] = node.value
    return value


def _construct(node: yaml.Node, loader: SafeConstructor) -> Any:
    """A node's value: text straight from the node, as PyYAML's constructor gives it after its bookkeeping."""
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    return loader.construct_object(node, deep=True)


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# -- turning pydantic errors into messages an officer can act on -------------------------------------------

_EXPECTED = {
    "string_type": "text",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping of key: value lines",
    "model_type": "a mapping of key: value lines",
    "model_attributes_type": "a mapping of key: value lines",
    "list_type": "a list",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
}


def validate(model: type[BaseModel], doc: YamlDocument, context: dict[str, Any] | None = None) -> Any:
    """Validate ``doc.data`` against ``model``; raise :class:`InputError` with every problem at its line."""
    try:
        result = model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        already = {(p.line, p.field) for p in doc.problems}  # a bad date is reported once, not again as missing
        found = [p for p in problems_from(exc, doc, model) if (p.line, p.field) not in already]
        raise InputError([*doc.problems, *found]) from None
    if doc.problems:
        raise InputError(doc.problems)
    return result


def problems_from(exc: ValidationError, doc: YamlDocument, model: type[BaseModel], base: Loc = ()) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = (*base, *_data_loc(doc.data, base, error["loc"]))
        problems.append(Problem(doc.path, doc.line_of(loc), _dotted(loc), _message(error, doc, loc, model, base)))
    return problems


def _data_loc(data: Any, base: Loc, loc: tuple[Any, ...]) -> Loc:
    """Drop the parts of a pydantic location that are not keys in the data (union tags, validator names)."""
    node = data
    for part in base:
        node = node[part]
    kept: list[str | int] = []
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
        elif isinstance(node, dict | list):
            if isinstance(node, dict) and isinstance(part, str) and not _is_tag(part, node):
                kept.append(part)  # a missing key: keep it so the message names it
            continue
        else:
            continue
        kept.append(part)
    return tuple(kept)


def _is_tag(part: str, node: dict[str, Any]) -> bool:
    return any(part == value for value in node.values() if isinstance(value, str)) or "[" in part or "-" in part


def _message(error: ErrorDetails, doc: YamlDocument, loc: Loc, model: type[BaseModel], base: Loc) -> str:
    kind = error["type"]
    found = doc.written.get(loc)
    got = found if found is not None else repr(error.get("input"))
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[len(base) : -1], doc.data, base)
        hint = f": expected one of ({', '.join(allowed)})" if allowed else ""
        return f"unknown field{hint}"
    if kind in ("literal_error", "enum"):
        expected = error["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return f"expected one of ({expected}), got {got}"
    if kind in _EXPECTED:
        if found is not None:
            read_as = type(error.get("input")).__name__.replace("bool", "true/false").replace("float", "a number")
            return f"expected {_EXPECTED[kind]}, got {found} (YAML reads it as {read_as}: put it in quotes)"
        return f"expected {_EXPECTED[kind]}, got {got}"
    if kind == "union_tag_invalid":
        tags = str(error["ctx"]["expected_tags"]).replace("'", "")
        return f"expected one of ({tags}), got {error['ctx']['tag']!r}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    message = str(error["msg"])
    if message.startswith("Input should be "):
        message = "expected " + message.removeprefix("Input should be ")
    return f"{message}, got {got}"


def _allowed_fields(model: type[BaseModel], loc: Loc, data: Any, base: Loc) -> list[str]:
    """The field names of the model found at ``loc`` (following lists, dicts and tagged unions)."""
    node = data
    for part in base:
        node = node[part]
    annotation: Any = model
    for part in loc:
        annotation = _resolve(annotation, node)
        indexable = isinstance(node, dict) or (isinstance(node, list) and isinstance(part, int))
        node = node[part] if indexable else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(str(part))
            annotation = info.annotation if info else None
        else:
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
    annotation = _resolve(annotation, node)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [info.alias or name for name, info in annotation.model_fields.items()]
    return []


def _resolve(annotation: Any, node: Any) -> Any:
    """Pick the member of a union that the data's ``rule`` tag names, and unwrap Annotated."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        tag = node.get("rule") if isinstance(node, dict) else None
        for member in members:
            if isinstance(member, type) and issubclass(member, BaseModel):
                rule = member.model_fields.get("rule")
                if rule is None or tag in typing.get_args(rule.annotation):
                    return member
        return members[0] if members else None
    return annotation
