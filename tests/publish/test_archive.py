"""Publishing: archival PDF/A-3 with attachments, versions never overwritten, nothing partial, verify."""

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from publisher.cli import main
from publisher.inputs.load import load
from publisher.inputs.packs import load_pack
from publisher.inputs.project import load_project
from publisher.publish import archive
from publisher.publish.archive import publish, verify, versions

from ..tiny import default_observations, tiny_project

PUBLISHED_AT = "2026-12-02"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    output = tmp_path_factory.mktemp("published")
    assert main(["publish", "--pack", "scrutiny-overview", "--reason", "agreed", "--by", "Clerk",
                 "--date", PUBLISHED_AT, "--output", str(output)]) == 0  # fmt: skip
    return output


def version_folder(output: Path, number: int = 1) -> Path:
    return output / "archive" / "scrutiny-overview" / "2026-27-Q2" / f"v{number}"


def test_manifest_records_checksums_inputs_who_when_and_why(published):
    import json

    folder = version_folder(published)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    pdf = folder / "scrutiny-overview-2026-27-Q2.pdf"
    assert manifest["files"][pdf.name] == archive.sha256(pdf.read_bytes())
    assert (manifest["published_by"], manifest["reason"], manifest["version"]) == ("Clerk", "agreed", 1)
    assert manifest["published_at"].startswith(PUBLISHED_AT)
    assert {"publisher.yaml", "data/observations.csv", "packs/scrutiny-overview.yaml"} <= set(manifest["inputs"])
    assert any(name.endswith("02-safeguarding.yaml") for name in manifest["inputs"])
    assert any(name.startswith("commentary/") for name in manifest["inputs"])


def test_final_pdf_is_pdf_a_3a_with_associated_files(published):
    folder = version_folder(published)
    with pikepdf.open(folder / "scrutiny-overview-2026-27-Q2.pdf") as pdf:
        with pdf.open_metadata() as meta:
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "A")
        associated = pdf.Root.AF
        relationships = {str(spec.F): str(spec.AFRelationship) for spec in associated}
        assert relationships == {"published-figures.csv": "/Data", "input-manifest.json": "/Source"}
        files = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
        assert "/StructTreeRoot" in pdf.Root
    figures = files["published-figures.csv"].decode("utf-8")
    assert figures.startswith("priority,reference,indicator") and "CP1.1" in figures
    assert "DRAFT" not in (folder / "scrutiny-overview-2026-27-Q2.html").read_text(encoding="utf-8").split("<main>")[1]
    assert b'"inputs"' in files["input-manifest.json"] and b"data/observations.csv" in files["input-manifest.json"]


def test_publishing_again_makes_a_new_version_and_never_overwrites(tmp_path):
    loaded = load(load_project())
    pack = load_pack(loaded.project.packs_dir / "scrutiny-overview.yaml", loaded.registry)
    import datetime as dt

    when = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)
    first = publish(loaded, pack, tmp_path, when, "Clerk", "agreed")
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}
    second = publish(loaded, pack, tmp_path, when, "Clerk", "corrected a typo")
    assert (first.number, second.number) == (1, 2)
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before


def test_a_failure_between_writing_and_moving_leaves_nothing_partial(tmp_path, monkeypatch):
    loaded = load(load_project())
    pack = load_pack(loaded.project.packs_dir / "scrutiny-overview.yaml", loaded.registry)
    import datetime as dt

    def crash(source, target):
        raise OSError("disk unplugged")

    monkeypatch.setattr(archive.os, "rename", crash)
    with pytest.raises(OSError, match="disk unplugged"):
        publish(loaded, pack, tmp_path, dt.datetime(2026, 12, 2, tzinfo=dt.UTC), "Clerk", "agreed")
    folder = tmp_path / "scrutiny-overview" / "2026-27-Q2"
    assert list(folder.iterdir()) == []


def test_verify_finds_changed_missing_and_added_files(tmp_path, published, capsys):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(published, copy)
    folder = version_folder(copy)
    assert verify(folder) == []
    (folder / "scrutiny-overview-2026-27-Q2.html").write_text("tampered", encoding="utf-8")
    (folder / "scrutiny-overview-2026-27-Q2.pdf").unlink()
    (folder / "extra.txt").write_text("added", encoding="utf-8")
    problems = verify(folder)
    assert any("html: changed since it was published" in p for p in problems)
    assert any("pdf: missing" in p for p in problems)
    assert any("extra.txt: added after publication" in p for p in problems)
    assert main(["archive", "verify", "--output", str(copy)]) == 1
    assert main(["archive", "list", "--output", str(copy)]) == 0
    assert "scrutiny-overview  Q2 2026-27  v1" in capsys.readouterr().out


def test_the_send_log_is_known_to_verify(tmp_path, published):
    import json
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(published, copy)
    folder = version_folder(copy)
    checksum = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"][
        "scrutiny-overview-2026-27-Q2.pdf"
    ]
    (folder / "sent.jsonl").write_text(json.dumps({"email": "a@b.gov.uk", "sha256": checksum, "result": "sent"}) + "\n")
    assert verify(folder) == []
    with (folder / "sent.jsonl").open("a") as stream:
        stream.write(json.dumps({"email": "a@b.gov.uk", "sha256": "0" * 64, "result": "sent"}) + "\n")
    assert verify(folder) == [f"{folder / 'sent.jsonl'}:2: records sending a PDF that is not this version's"]


def test_byte_identical_from_two_processes_with_different_clock_zone_and_folder(tmp_path, monkeypatch):
    project = tiny_project(tmp_path / "council", default_observations(eet=70))
    command = ["-q", "publish", "--project", str(project), "--pack", "board", "--date", PUBLISHED_AT, "--by", "Clerk",
               "--output"]  # fmt: skip
    env = {**os.environ, "TZ": "America/New_York", "SOURCE_DATE_EPOCH": "1700086400"}
    subprocess.run([sys.executable, "-m", "publisher.cli", *command, str(tmp_path / "out0")], env=env, check=True,
                   cwd=project, stdout=subprocess.DEVNULL)  # fmt: skip
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert main([*command, str(tmp_path / "out1")]) == 0  # this process: another zone, clock and folder
    pdfs = [next((tmp_path / f"out{n}").rglob("*.pdf")).read_bytes() for n in range(2)]
    assert pdfs[0] == pdfs[1]


def test_versions_are_listed_in_order(tmp_path):
    """By pack, then period, then version number as a number: v2 before v10 (text order would put v10 first)."""
    for folder in ("b-pack/2026-27-Q1/v10", "b-pack/2026-27-Q1/v2", "a-pack/2026-27-Q2/v1", "b-pack/2025-26-Q4/v1",
                   "b-pack/2026-27-Q1/v1", "b-pack/2026-27-Q1/notes", "b-pack/2026-27-Q1/v3.partial"):  # fmt: skip
        (tmp_path / folder).mkdir(parents=True)
    listed = [str(p.relative_to(tmp_path)) for p in versions(tmp_path)]
    assert listed == ["a-pack/2026-27-Q2/v1", "b-pack/2025-26-Q4/v1", "b-pack/2026-27-Q1/v1", "b-pack/2026-27-Q1/v2",
                      "b-pack/2026-27-Q1/v10"]  # fmt: skip
