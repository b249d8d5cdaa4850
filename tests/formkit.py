"""Shared by the commentary-round tests: a copy of the demo, its forms, and filling them as an officer would."""

import shutil
from pathlib import Path

import openpyxl

from publisher.cli import main
from publisher.commentary.formrecord import FORM_SHEET, HEADING_ROW
from publisher.core.resources import default_dir

from .shared import made_once

BOARD = "corporate-parenting-board"


def demo_copy(tmp_path: Path) -> Path:
    demo = tmp_path / "demo"
    shutil.copytree(default_dir("demo"), demo)
    shutil.copytree(default_dir("indicators"), tmp_path / "indicators")
    return demo


def make_forms(project: Path, output: Path, pack: str = BOARD, *extra: str) -> dict[str, Path]:
    """The forms of a pack by officer's file-name part (``sam-patel``)."""
    assert main(["-q", "commentary", "forms", "--project", str(project), "--pack", pack, "--output", str(output),
                 *extra]) == 0  # fmt: skip
    return forms_in(output, pack)


def forms_in(output: Path, pack: str = BOARD) -> dict[str, Path]:
    return {p.stem.split("-Q")[1][2:]: p for p in sorted(output.rglob(f"{pack}-*.xlsx"))}


def board_forms(tmp_path: Path, base: Path) -> tuple[Path, dict[str, Path]]:
    """A copy of the demo, and of its board pack's forms in ``tmp_path / "out"`` for this test to fill."""
    return demo_copy(tmp_path), copy_forms(base, tmp_path / "out")


def copy_forms(base: Path, output: Path, pack: str = BOARD) -> dict[str, Path]:
    """A pack's forms copied into ``output``, as ``make_forms`` would write them there: they are made once per run
    from the untouched demo (any copy of it makes the same forms, whatever its distribution list, mail settings or
    approvals)."""
    name = f"{pack}-forms"
    made = made_once(base, {name: lambda folder: make_forms(demo_copy(folder), folder / "out", pack)})
    shutil.copytree(made[name] / "out", output)
    return forms_in(output, pack)


def row_of(sheet, reference: str) -> int:
    return next(c.row for (c,) in sheet.iter_rows(max_col=1) if c.value == reference)


def fill(path: Path, texts: dict[str, str], date: object = "2026-10-20", resave: bool = True) -> Path:
    """Type texts into the yellow cells of the rows named, as an officer would, and save (twice: a re-save)."""
    book = openpyxl.load_workbook(path)
    sheet = book[FORM_SHEET]
    yellow = max(cell.column for cell in sheet[HEADING_ROW] if cell.value)  # the last heading's: a note may follow
    for reference, text in texts.items():
        sheet.cell(row_of(sheet, reference), yellow, text)
    sheet["C5"] = date
    book.save(path)
    if resave:
        openpyxl.load_workbook(path).save(path)
    return path


def collect(project: Path, *files: Path, extra: tuple[str, ...] = ()) -> int:
    return main(["commentary", "collect", "--project", str(project), *map(str, files), *extra])
