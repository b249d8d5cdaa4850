"""Quiet progress: piped, only the paths written; on a terminal, one bar of publisher's own steps and none of
WeasyPrint's; WeasyPrint's and fontTools' own logs only with --debug."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.cli import main

from ..tiny import default_observations, tiny_project

ROOT = Path(__file__).resolve().parents[2]  # the checkout under test, for the command run as its own process


@pytest.fixture
def project(tmp_path):
    return tiny_project(tmp_path / "council", default_observations(eet=70))


def build(project: Path, output: Path, *more: str) -> list[str]:
    return ["build", "--project", str(project), "--pack", "board", "--output", str(output), *more]


def test_piped_output_is_the_paths_written_and_nothing_else(project, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "publisher.cli", *build(project, tmp_path / "out")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, check=True)  # fmt: skip
    assert done.stderr == ""
    assert [Path(line).suffix for line in done.stdout.splitlines()] == [".pdf", ".html", ".xlsx"]


class Terminal:
    """Standard error as a terminal would be: ``isatty`` true."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    @property
    def text(self) -> str:
        return "".join(self.written)


def test_a_terminal_shows_a_bar_of_publishers_steps_and_none_of_weasyprints(project, tmp_path, monkeypatch, capsys,
                                                                            caplog):  # fmt: skip
    caplog.set_level(logging.DEBUG)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(build(project, tmp_path / "out")) == 0
    for step in ("loading the project", "board: calculating", "board: rendering", "board: laying out the PDF",
                 "board: writing the spreadsheet"):  # fmt: skip
        assert step in terminal.text
    assert "/5" in terminal.text  # loading, then the pack's four steps
    assert "Step 5 - Creating layout" not in terminal.text
    assert not [r for r in caplog.records if r.name.startswith(("weasyprint", "fontTools"))]
    assert [Path(line).suffix for line in capsys.readouterr().out.splitlines()] == [".pdf", ".html", ".xlsx"]


def test_quiet_on_a_terminal_shows_no_bar(project, tmp_path, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["-q", *build(project, tmp_path / "out")]) == 0
    assert terminal.text == ""


def test_debug_shows_weasyprints_own_steps(project, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    try:
        assert main(["--debug", *build(project, tmp_path / "out")]) == 0
    finally:
        main(["-q", "validate", "--project", str(project)])  # back to the quiet levels for the tests after
    weasyprint = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    assert any(message.startswith("Step 5 - Creating layout") for message in weasyprint)
