"""The spreadsheet is archived beside the PDF and HTML: in the manifest with its checksum, checked by verify, and
the same bytes from another process, clock, time zone and folder."""

import io
import json
import os
import subprocess
import sys

from openpyxl import load_workbook

from publisher.cli import main
from publisher.publish.chain import sha256
from publisher.publish.verify import verify_archive

from ..tiny import default_observations, tiny_project
from .conftest import PUBLISHED_AT, version_folder

XLSX = "scrutiny-overview-2026-27-Q2.xlsx"


def test_the_spreadsheet_is_archived_with_its_checksum(published_once):
    folder = version_folder(published_once)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data = (folder / XLSX).read_bytes()
    assert manifest["files"][XLSX] == sha256(data)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "Summary" and len(book.sheetnames) > 1


def test_verify_finds_a_changed_or_missing_spreadsheet(output):
    folder = version_folder(output)
    assert verify_archive(output / "archive").problems == []
    (folder / XLSX).write_bytes((folder / XLSX).read_bytes() + b"\0")
    assert any("xlsx: changed since it was published" in str(p) for p in verify_archive(output / "archive").problems)
    (folder / XLSX).unlink()
    assert any("xlsx: missing" in str(p) for p in verify_archive(output / "archive").problems)
    assert main(["archive", "verify", "--output", str(output)]) == 1


def test_the_archived_spreadsheet_is_byte_identical_from_another_process_clock_and_zone(tmp_path, monkeypatch):
    project = tiny_project(tmp_path / "council", default_observations(eet=70))
    command = ["-q", "publish", "--allow-unapproved", "--project", str(project), "--pack", "board", "--date", PUBLISHED_AT,
               "--by", "Clerk", "--output"]  # fmt: skip
    env = {**os.environ, "TZ": "America/New_York", "SOURCE_DATE_EPOCH": "1700086400"}
    subprocess.run([sys.executable, "-m", "publisher.cli", *command, str(tmp_path / "out0")], env=env, check=True,
                   cwd=project, stdout=subprocess.DEVNULL)  # fmt: skip
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert main([*command, str(tmp_path / "out1")]) == 0
    sheets = [next((tmp_path / f"out{n}").rglob("*.xlsx")).read_bytes() for n in range(2)]
    assert sheets[0] == sheets[1]
