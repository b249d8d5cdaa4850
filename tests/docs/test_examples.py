"""The manual's examples run as written: each page's runnable shell blocks, in order, on a fresh copy of the demo,
with their exit codes (and any expected output) checked; its YAML examples validated against the schemas.

The convention is documented in docs/developers/testing.md.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.docs.examples import ROOT, Example, commands, examples, pages

RUNNABLE = [p for p in pages() if any(e.kind == "runnable" for e in examples(p))]
ALL_YAML = [e for p in pages() for e in examples(p) if e.language == "yaml"]


def _minimal(schema: str) -> dict[str, Any]:
    """The fewest keys a complete file of ``schema`` needs, under which a fragment is laid."""
    return {
        "indicator": {
            "reference": "X1",
            "title": "An indicator",
            "unit": "count",
            "polarity": "high",
            "calculation": {"numerator": "x"},
        },
        "pack": {
            "committee": "A committee",
            "title": "A pack",
            "meeting_date": "2026-11-18",
            "period": "Q2 2026-27",
            "priorities": [{"priority": "care-leavers"}],
        },
        "project": {"council": "A council"},
        "commentary": {"period": "Q2 2026-27"},
    }.get(schema, {})


def check_yaml(schema: str, text: str, where: str, tmp: Path) -> None:
    """Validate ``text`` as publisher reads a file of ``schema``; raise with every problem otherwise."""
    from publisher.inputs.yamlfile import parse_yaml, validate

    doc = parse_yaml(text, where)
    assert not doc.problems, doc.problems
    if schema in ("indicator", "pack", "project", "commentary"):
        from publisher.commentary.file import CommentaryFile
        from publisher.inputs.packs import PackDefinition
        from publisher.inputs.project import ProjectConfig
        from publisher.inputs.registry import Indicator

        model = {"indicator": Indicator, "pack": PackDefinition, "project": ProjectConfig,
                 "commentary": CommentaryFile}[schema]  # fmt: skip
        items = doc.data if isinstance(doc.data, list) else [doc.data]
        for item in items:
            doc.data = {**_minimal(schema), **item}
            validate(model, doc)
    elif schema == "registry":
        from publisher.inputs.registry import RegistryFile

        validate(RegistryFile, doc)
    elif schema == "distribution":
        from publisher.publish.addresses import Distribution

        validate(Distribution, doc)
    elif schema in ("glossary", "mapping", "messages"):
        path = tmp / f"example-{schema}.yaml"
        path.write_text(text, encoding="utf-8")
        if schema == "glossary":
            from publisher.output.glossary import read_glossary

            assert read_glossary(path)
        elif schema == "mapping":
            from publisher.inputs.starter import read_mapping

            assert read_mapping(path)
        else:
            _messages(path)
    else:
        raise AssertionError(f"{where}: unknown schema '{schema}'")


def _messages(path: Path) -> None:
    """A council's catalogue overrides, checked as a build checks them."""
    from jinja2 import FileSystemLoader

    from publisher.output import messages

    folder = path.parent / "messages-override"
    folder.mkdir(exist_ok=True)
    shutil.copy(path, folder / messages.CATALOGUE)
    messages.load_messages(FileSystemLoader(str(folder)), None)


@pytest.fixture
def demo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the demo council as the working folder; a command without --project uses it too."""
    shutil.copytree(ROOT / "demo", tmp_path / "demo", ignore=shutil.ignore_patterns("make_demo.py", "source"))
    shutil.copytree(ROOT / "indicators", tmp_path / "indicators")
    monkeypatch.chdir(tmp_path)
    import publisher.inputs.project as project

    original = project.default_dir
    monkeypatch.setattr(project, "default_dir", lambda name: tmp_path / "demo" if name == "demo" else original(name))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793000000")  # a fixed build date, so runs repeat exactly
    return tmp_path


def run(line: str, where: str) -> tuple[int, str]:
    """One command of an example: ``publisher ...`` in-process, ``.venv/bin/python ...`` as a process."""
    from publisher.cli import main

    argv = shlex.split(line)
    if argv[0] in ("publisher", ".venv/bin/publisher"):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv[1:])
            except SystemExit as exc:  # argparse: a command line it cannot read
                code = int(exc.code or 0)
        return code, out.getvalue() + err.getvalue()
    if argv[0] == ".venv/bin/python":
        done = subprocess.run([sys.executable, *argv[1:]], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
        return done.returncode, done.stdout + done.stderr
    raise AssertionError(f"{where}: cannot run '{argv[0]}' (only publisher and .venv/bin/python lines)")


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_runnable_examples_of_a_page_run_in_order(page: Path, demo_copy: Path) -> None:
    for example in examples(page):
        if example.kind == "yaml" and ("file" in example.options or "append" in example.options):
            target = demo_copy / (example.options.get("file") or example.options["append"])
            with open(target, "w" if "file" in example.options else "a", encoding="utf-8") as file:
                file.write(example.text)
            check_yaml(example.options["schema"], target.read_text(encoding="utf-8"), example.where, demo_copy)
        if example.kind != "runnable":
            continue
        wanted, output = int(example.options.get("exit", "0")), ""
        for line in commands(example.text):
            code, printed = run(line, example.where)
            output += printed
            assert code == wanted, f"{example.where}: '{line}' exited {code}, expected {wanted}:\n{printed}"
        if "expect" in example.options:
            assert example.options["expect"] in output, (
                f"{example.where}: no '{example.options['expect']}' in:\n{output}"
            )


@pytest.mark.parametrize("example", ALL_YAML, ids=lambda e: e.where)
def test_every_yaml_example_is_valid_for_its_schema(example: Example, tmp_path: Path) -> None:
    assert example.kind == "yaml" and "schema" in example.options, (
        f"{example.where}: a yaml example needs a marker naming its schema, e.g. <!-- yaml schema=pack -->"
    )
    if "append" not in example.options:  # an appended fragment is checked with its file, in the page's run
        check_yaml(example.options["schema"], example.text, example.where, tmp_path)


def test_every_marker_stands_before_a_block_it_fits() -> None:
    for page in pages():
        for example in examples(page):
            if example.kind == "runnable":
                assert example.language == "sh", f"{example.where}: runnable marks a sh block"
                assert commands(example.text), f"{example.where}: a runnable block with no command"
            if example.kind == "yaml":
                assert example.language == "yaml", f"{example.where}: a yaml marker marks a yaml block"


def test_the_publishing_walk_through_runs_end_to_end() -> None:
    """Approve, publish, verify and a dry-run circulation: each is a runnable command of the clerks' page."""
    page = ROOT / "docs" / "clerks" / "publishing.md"
    run_lines = [line for e in examples(page) if e.kind == "runnable" for line in commands(e.text)]
    for step in ("commentary approve", "publish ", "archive verify", "circulate"):
        assert any(step in line for line in run_lines), f"the walk-through lost its '{step}' step"
    assert any("--dry-run" in line for line in run_lines if "circulate" in line)
