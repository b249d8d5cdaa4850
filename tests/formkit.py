"""Shared by the commentary-round tests: a copy of the demo, its forms, and filling them as an officer would."""

import shutil
from pathlib import Path

import openpyxl

from publisher.cli import main
from publisher.core.resources import default_dir
from publisher.inputs.formrecord import FORM_SHEET

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
    return {p.stem.split("-Q")[1][2:]: p for p in sorted(output.rglob(f"{pack}-*.xlsx"))}


def row_of(sheet, reference: str) -> int:
    return next(c.row for (c,) in sheet.iter_rows(max_col=1) if c.value == reference)


def fill(path: Path, texts: dict[str, str], date: object = "2026-10-20", resave: bool = True) -> Path:
    """Type texts into the yellow cells of the rows named, as an officer would, and save (twice: a re-save)."""
    book = openpyxl.load_workbook(path)
    sheet = book[FORM_SHEET]
    for reference, text in texts.items():
        sheet.cell(row_of(sheet, reference), sheet.max_column, text)
    sheet["C5"] = date
    book.save(path)
    if resave:
        openpyxl.load_workbook(path).save(path)
    return path


def collect(project: Path, *files: Path, extra: tuple[str, ...] = ()) -> int:
    return main(["commentary", "collect", "--project", str(project), *map(str, files), *extra])
