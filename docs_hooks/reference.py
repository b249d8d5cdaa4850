"""The manual's reference pages, written from the code itself so that they cannot disagree with it.

Each function returns a page of Markdown: the registry, pack and project file formats from their pydantic
schemas, every command and option from the ``publisher`` command's own parser, the wording catalogue from
``templates/messages.yaml``, the template context from ``template_context.yaml`` (checked against the real
context by ``tests/docs/test_reference.py``) and the code's layout from each package's own docstrings.
``docs_hooks/hooks.py`` adds them to the site at build time; nothing here is checked in as Markdown.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
GENERATED_NOTE = (
    '!!! note "Generated from the code"\n'
    "    This page is written from {source} each time the manual is built, so it always matches the code.\n"
)


# -- schemas ---------------------------------------------------------------------------------------------------


def _comments(model: type[BaseModel]) -> dict[str, str]:
    """The comment written after each field in the class's source (``name: type = default  # comment``)."""
    found: dict[str, str] = {}
    try:
        source = inspect.getsource(model)
    except (OSError, TypeError):
        return found
    for line in source.splitlines():
        match = re.match(r"\s{4}(\w+)\s*:[^#]*#\s*(.+)$", line)
        if match and "fmt:" not in match[2]:
            found[match[1]] = match[2].strip()
    return found


def _doc(thing: object) -> str:
    text = inspect.getdoc(thing) or ""
    if isinstance(thing, type) and issubclass(thing, BaseModel) and text == inspect.getdoc(BaseModel):
        return ""
    return " ".join(text.split("\n\n")[0].split())


def _plain(text: str) -> str:
    """Docstring markup as Markdown: ``code`` becomes `code`; pipes cannot end a table cell."""
    return text.replace("``", "`").replace("|", "\\|")


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    metadata: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        annotation, metadata = args[0], [*metadata, *args[1:]]
    return annotation, metadata


def _constraints(metadata: list[Any]) -> str:
    words = []
    for item in metadata:
        for attribute, word in (("ge", "at least"), ("le", "at most"), ("gt", "more than"), ("lt", "less than")):
            if getattr(item, attribute, None) is not None:
                words.append(f"{word} {getattr(item, attribute)}")
        if getattr(item, "min_length", None):
            words.append(f"at least {item.min_length}")
        if getattr(item, "pattern", None):
            words.append(f"matching `{item.pattern}`")
        for nested in getattr(item, "metadata", []) or []:  # a Field(...) inside Annotated
            words.extend(_constraints([nested]).split(", ") if _constraints([nested]) else [])
    return ", ".join(dict.fromkeys(words))


def type_words(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A field's type as an officer reads it: allowed words listed, lists and mappings named."""
    annotation, more = _unwrap(annotation)
    metadata = [*(metadata or []), *more]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType) and len(_nested(annotation)) > 1:
        words = "one of the mappings below"
    elif origin in (typing.Union, types.UnionType):
        words = " or ".join(type_words(a) for a in args if a is not type(None))
    elif origin is typing.Literal:
        words = " \\| ".join(f"`{a}`" for a in args)
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        words = " \\| ".join(f"`{m.value}`" for m in annotation)
    elif origin is list:
        words = f"list of {type_words(args[0])}"
    elif origin is dict:
        words = f"mapping of {type_words(args[0])} to {type_words(args[1])}"
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        words = "mapping (below)" if annotation.model_fields else "mapping"
    else:
        plain = {str: "text", int: "whole number", float: "number", bool: "`true` \\| `false`",
                 dt.date: "date (YYYY-MM-DD)", type(None): "nothing"}  # fmt: skip
        words = plain.get(annotation, getattr(annotation, "__name__", str(annotation)))
    limits = _constraints(metadata)
    if limits and "matching" not in limits and words == "text" and limits == "at least 1":
        return "text"
    return f"{words} ({limits})" if limits else words


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "(below)" if type(value).model_fields else ""
    if isinstance(value, Enum):
        return f"`{value.value}`"
    if isinstance(value, list):
        return "`[" + ", ".join(str(v.value if isinstance(v, Enum) else v) for v in value) + "]`"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value == "":
        return "empty"
    return f"`{value}`" if value != {} else "`{}`"


def _nested(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's value is made of (a list of them, a mapping to them, one of several)."""
    annotation, _ = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation] if annotation.model_fields else []
    return [m for arg in typing.get_args(annotation) for m in _nested(arg)]


def field_notes() -> dict[str, str]:
    """Words for fields the code leaves undescribed (``field_notes.yaml``): ``file: {dotted.field: words}``."""
    with open(HERE / "field_notes.yaml", encoding="utf-8") as file:
        loaded = yaml.safe_load(file)
    return {f"{group}:{name}": words for group, names in loaded.items() for name, words in names.items()}


USED_NOTES: set[str] = set()


def stale_notes() -> list[str]:
    """Notes naming a field no schema has (renamed or removed in the code): the build fails on any."""
    return sorted(set(field_notes()) - USED_NOTES)


def _path(annotation: Any) -> str:
    """How a dotted name reaches into a value: ``[]`` for each list, ``.*`` for each mapping's keys."""
    annotation, _ = _unwrap(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        return "[]" + _path(args[0])
    if origin is dict:
        return ".*" + _path(args[1])
    if origin in (typing.Union, types.UnionType):
        return next((_path(a) for a in args if _nested(a)), "")
    return ""


def model_rows(model: type[BaseModel], group: str, prefix: str = "", skip: tuple[str, ...] = ()) -> Iterator[str]:
    """One table row per field of ``model``, then the rows of every mapping it holds, by dotted name."""
    comments, notes = _comments(model), field_notes()
    later: list[tuple[str, type[BaseModel]]] = []
    for name, field in model.model_fields.items():
        if name in skip:
            continue
        key = f"{group}:{prefix}{name}"
        USED_NOTES.add(key)
        meaning = notes.get(key) or field.description or comments.get(name, "")
        inner = _nested(field.annotation)
        if len(inner) == 1 and not meaning:
            meaning = _doc(inner[0])
        value = type_words(field.annotation, field.metadata)
        yield f"| `{prefix}{name}` | {value} | {_default(field)} | {_plain(meaning)} |"
        if len(inner) == 1:
            later.append((f"{prefix}{name}{_path(field.annotation)}.", inner[0]))
    for path, inner_model in later:
        yield from model_rows(inner_model, group, path)


TABLE_HEAD = "| key | value | default | what it is |\n|---|---|---|---|\n"


def model_table(model: type[BaseModel], group: str, skip: tuple[str, ...] = ()) -> str:
    return TABLE_HEAD + "\n".join(model_rows(model, group, "", skip)) + "\n"


def rag_rules_table() -> str:
    from publisher.inputs import ragrules

    union = typing.get_args(_unwrap(ragrules.RagRule)[0])
    lines = ["| `rule:` | its other keys | meaning |", "|---|---|---|"]
    for rule in union:
        name = typing.get_args(rule.model_fields["rule"].annotation)[0]
        keys = []
        for key, field in rule.model_fields.items():
            if key != "rule":
                default = "" if field.is_required() else f" (default {_default(field)})"
                keys.append(f"`{key}`: {type_words(field.annotation, field.metadata)}{default}")
        meaning = _doc(rule) or "not rated"
        lines.append(f"| `{name}` | {'; '.join(keys) or 'none'} | {_plain(meaning)} |")
    return "\n".join(lines) + "\n"


def registry_page() -> str:
    from publisher.inputs.registry import Indicator, Priority

    return "\n".join(
        [
            "# Registry fields",
            "",
            GENERATED_NOTE.format(source="the registry's schema (`publisher/inputs/registry.py`)"),
            "An indicator file (`indicators/NN-<priority>.yaml`) holds one `priority:` and its `indicators:`. "
            "Unknown keys are refused. How to write one, with an example: [The registry](../officers/registry.md).",
            "",
            "## `priority:`",
            "",
            model_table(Priority, "priority"),
            "## Each of `indicators:`",
            "",
            model_table(Indicator, "indicator", skip=("priority",)),
            "## `rag:` rules",
            "",
            "Each indicator's `rag:` names one `rule` and that rule's keys.",
            "",
            rag_rules_table(),
        ]
    )


def pack_page() -> str:
    from publisher.inputs.packs import PackDefinition

    return "\n".join(
        [
            "# Pack options",
            "",
            GENERATED_NOTE.format(source="the pack schema (`publisher/inputs/packs.py`)"),
            "A pack file (`packs/<name>.yaml`) describes one committee's pack; its file name is the pack's name. "
            "Unknown keys are refused. How to choose them, with an example: "
            "[Packs, layouts and columns](../officers/packs.md).",
            "",
            model_table(PackDefinition, "pack"),
        ]
    )


def project_page() -> str:
    from publisher.commentary.file import CommentaryFile
    from publisher.inputs.project import ProjectConfig
    from publisher.publish.addresses import Distribution

    return "\n".join(
        [
            "# Project, commentary and distribution files",
            "",
            GENERATED_NOTE.format(source="the schemas in `publisher/inputs/` and `publisher/publish/addresses.py`"),
            "## `publisher.yaml`",
            "",
            "Paths are relative to the folder holding `publisher.yaml`. No password or secret ever goes here. "
            "See [Your council's scorecard](../officers/scorecard.md).",
            "",
            model_table(ProjectConfig, "project"),
            "## The commentary file (`commentary/<period>.yaml`)",
            "",
            "See [Running the commentary round](../officers/commentary-round.md) and "
            "[Small numbers](../officers/small-numbers.md) for `acknowledged`.",
            "",
            model_table(CommentaryFile, "commentary"),
            "## The distribution list",
            "",
            "The file `distribution:` names in `publisher.yaml`. See [Circulation](../clerks/circulation.md).",
            "",
            model_table(Distribution, "distribution"),
        ]
    )


# -- the command line ------------------------------------------------------------------------------------------


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser, str]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                inner = list(_subcommands(sub))
                if inner:
                    yield from ((f"{name} {n}", p, h) for n, p, h in inner)
                else:
                    yield name, sub, helps.get(name, "")


def _option_rows(parser: argparse.ArgumentParser) -> Iterator[str]:
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        if action.option_strings:
            name = ", ".join(action.option_strings)
            if action.nargs != 0:
                name += " " + (action.metavar or action.dest.upper())
        else:
            name = action.metavar or action.dest.upper()
            if action.nargs in ("+", "*"):
                name += " ..."
        choices = f" (one of: {', '.join(map(str, action.choices))})" if action.choices else ""
        helptext = (action.help or "") % {"default": action.default} if action.help else ""
        yield f"| `{name}` | {_plain(helptext)}{choices} |"


def cli_page() -> str:
    from publisher.cli import build_parser

    parser = build_parser()
    lines = [
        "# Commands",
        "",
        GENERATED_NOTE.format(source="the `publisher` command's own parser (`publisher/cli/`)"),
        f"{parser.description} `publisher COMMAND --help` prints the same as below for one command.",
        "",
        "Every command also takes `--debug` (show tracebacks and every library's log) and `-q` (print only errors "
        "and the paths written), before or after the command's name.",
        "",
        f"{parser.epilog}",
        "",
    ]
    for name, sub, helptext in _subcommands(parser):
        lines += [f"## `publisher {name}`", "", _plain(helptext[:1].upper() + helptext[1:]) + ".", ""]
        rows = [r for r in _option_rows(sub) if not r.startswith(("| `--debug`", "| `-q, --quiet`"))]
        if rows:
            lines += ["| option | what it does |", "|---|---|", *rows, ""]
    return "\n".join(lines)


# -- the wording catalogue -------------------------------------------------------------------------------------


def _entries(data: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _entries(value, f"{path}.{key}" if path else str(key))
    else:
        yield path, data


def _cell(value: Any) -> str:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    text = " ".join(str(value).split())
    return text.replace("|", "\\|").replace("<", "&lt;")


def messages_page() -> str:
    path = ROOT / "templates" / "messages.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines = [
        "# Wording catalogue",
        "",
        GENERATED_NOTE.format(source="`templates/messages.yaml`"),
        "Every fixed word of the pack, by its entry's dotted name. A council's `messages.yaml` names entries by "
        "the same nesting (the entry `rag.green` is `rag: {green: ...}`). Words in `{braces}` are filled in by "
        "publisher, and an override must keep the same ones. How to override: "
        "[Wording, Welsh and glossary](../developers/wording.md).",
        "",
    ]
    for group, entries in data.items():
        lines += [f"## `{group}`", "", "| entry | English |", "|---|---|"]
        lines += [f"| `{name}` | {_cell(value)} |" for name, value in _entries(entries, group)]
        lines.append("")
    return "\n".join(lines)


# -- the template context --------------------------------------------------------------------------------------


def template_context() -> dict[str, dict[str, str]]:
    """The documented names each template receives: table -> name -> what it is."""
    with open(HERE / "template_context.yaml", encoding="utf-8") as file:
        loaded: dict[str, dict[str, str]] = yaml.safe_load(file)
    return loaded


def template_context_page() -> str:
    tables = template_context()
    headings = {
        "pack": "What `pack.html` receives",
        "section": "Each item of `sections`",
        "row": "Each item of `section.rows`",
    }
    lines = [
        "# Template context",
        "",
        GENERATED_NOTE.format(
            source="`docs_hooks/template_context.yaml`, which a test compares with the names the build really passes"
        ),
        "`section.html` and `row.html` are included with everything `pack.html` receives, plus `section` (and in "
        "`row.html`, `row`, `stripe` and `column_count`). How to override a template: "
        "[Templates and theme](../developers/templates.md).",
        "",
    ]
    for table, names in tables.items():
        lines += [f"## {headings[table]}", "", "| name | what it is |", "|---|---|"]
        lines += [f"| `{name}` | {_plain(' '.join(words.split()))} |" for name, words in names.items()]
        lines.append("")
    return "\n".join(lines)


# -- the code's layout -----------------------------------------------------------------------------------------


def _contract(name: str) -> Any:
    """A table the import contract (``tests/test_layers.py``) declares, as written there; None without it."""
    contract = ROOT / "tests" / "test_layers.py"
    if contract.is_file():
        for node in ast.walk(ast.parse(contract.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name for t in node.targets):
                return ast.literal_eval(node.value)
    return None


def _layers() -> list[str]:
    """The stages in the order the import contract lists them."""
    if (layers := _contract("LAYERS")) is not None:
        return [str(name) for name in layers]
    return sorted(p.name for p in (ROOT / "publisher").iterdir() if (p / "__init__.py").is_file())


def _docstring(path: Path) -> str:
    try:
        text = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except SyntaxError:
        return ""
    return text


def code_page() -> str:
    package = ROOT / "publisher"
    layers = _layers()
    folders = [*layers, *sorted(p.name for p in package.iterdir() if (p / "__init__.py").is_file()
                                and p.name not in layers)]  # fmt: skip
    lines = [
        "# Modules",
        "",
        GENERATED_NOTE.format(source="each module's own docstring"),
        "The stages, lowest first; each folder imports only from the folders before it "
        "(see [The code's layout](../developers/code.md)).",
        "",
    ]
    by_module = _contract("BY_MODULE") or {}  # packages whose modules sit in different stages
    for folder in folders:
        path = package / folder
        if not (path / "__init__.py").is_file():
            continue
        stages = by_module.get(folder)
        head = ["| module | stage | what it holds |", "|---|---|---|"] if stages else \
            ["| module | what it holds |", "|---|---|"]  # fmt: skip
        about = _plain(" ".join(_docstring(path / "__init__.py").split()))
        lines += [f"## `publisher/{folder}/`", "", about, "", *head]
        for module in sorted(path.glob("*.py")):
            if module.name != "__init__.py":
                first = _plain(" ".join(_docstring(module).split("\n\n")[0].split()))
                stage = f" {stages.get(module.stem, '')} |" if stages else ""
                lines.append(f"| `{module.stem}` |{stage} {first} |")
        lines.append("")
    return "\n".join(lines)


PAGES: dict[str, Callable[[], str]] = {
    "reference/registry.md": registry_page,
    "reference/pack.md": pack_page,
    "reference/files.md": project_page,
    "reference/commands.md": cli_page,
    "reference/messages.md": messages_page,
    "reference/template-context.md": template_context_page,
    "reference/modules.md": code_page,
}
