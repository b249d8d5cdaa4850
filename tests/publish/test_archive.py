"""Publishing: archival PDF/A-3 with attachments, an index of versions, versions never overwritten, nothing
partial, publishes one after another."""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
from contextlib import ExitStack
from pathlib import Path

import pikepdf
import pytest

from publisher.cli import main
from publisher.core.errors import InputError
from publisher.inputs.load import load
from publisher.inputs.packs import load_pack
from publisher.inputs.project import load_project
from publisher.publish import archive
from publisher.publish.archive import versions
from publisher.publish.chain import sha256, start_of
from publisher.publish.locks import locked
from publisher.publish.published import published_figures
from publisher.publish.verify import verify_archive

from ..tiny import default_observations, tiny_project
from .conftest import PACK, PERIOD, PUBLISHED_AT, key_indicators_demo, version_folder

WHEN = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)


def publish(loaded, pack, folder, when, by, reason):
    """Publish as the command does: against what every earlier public pack in the archive showed."""
    return archive.publish(loaded, pack, folder, when, by, reason, earlier=published_figures(folder, loaded.registry))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The demo cut to its key indicators, all the scrutiny pack shows: read, never changed."""
    return key_indicators_demo(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def demo(project):
    loaded = load(load_project(project))
    return loaded, load_pack(loaded.project.packs_dir / f"{PACK}.yaml", loaded.registry)


def test_manifest_records_checksums_inputs_who_when_and_why(published_once):
    folder = version_folder(published_once)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    pdf = folder / "scrutiny-overview-2026-27-Q2.pdf"
    assert manifest["files"][pdf.name] == archive.sha256(pdf.read_bytes())
    assert (manifest["published_by"], manifest["reason"], manifest["version"]) == ("Clerk", "agreed", 1)
    assert manifest["published_at"].startswith(PUBLISHED_AT)
    assert {"publisher.yaml", "data/observations.csv", "packs/scrutiny-overview.yaml"} <= set(manifest["inputs"])
    assert any(name.endswith("02-safeguarding.yaml") for name in manifest["inputs"])
    assert any(name.startswith("commentary/") for name in manifest["inputs"])


def test_the_index_records_the_manifest_checksum_in_a_chain(published_once):
    """The manifest's own fields are covered by a checksum kept outside it, in versions.jsonl."""
    index = version_folder(published_once).parent / "versions.jsonl"
    line = index.read_bytes().removesuffix(b"\n")
    entry = json.loads(line)
    assert entry["version"] == 1
    assert entry["manifest_sha256"] == sha256((version_folder(published_once) / "manifest.json").read_bytes())
    assert entry["previous"] == start_of(f"versions of {PACK}/{PERIOD}")


def test_final_pdf_is_pdf_a_3a_with_associated_files(published_once):
    folder = version_folder(published_once)
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


def test_publishing_again_makes_a_new_version_and_never_overwrites(tmp_path, demo, fast_build):
    """Backs the README's "a version is never overwritten": not by a second publish, nor when a folder already
    has the next number (left by hand or by a crash), which is numbered past and left alone."""
    loaded, pack = demo
    first = publish(loaded, pack, tmp_path, WHEN, "Clerk", "agreed")
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}
    planted = first.folder.parent / "v2"
    planted.mkdir()
    (planted / "note.txt").write_text("not a version", encoding="utf-8")
    second = publish(loaded, pack, tmp_path, WHEN, "Clerk", "corrected a typo")
    assert (first.number, second.number) == (1, 3)
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before
    assert (planted / "note.txt").read_text(encoding="utf-8") == "not a version"
    index = [json.loads(line) for line in (first.folder.parent / "versions.jsonl").read_text().splitlines()]
    assert [e["version"] for e in index] == [1, 3] and second.head == sha256(
        (first.folder.parent / "versions.jsonl").read_bytes().splitlines()[-1]
    )
    assert [str(p) for p in verify_archive(tmp_path).problems] == [
        f"{planted}: not in versions.jsonl, so not published by publisher (or its publish was interrupted): not to "
        "be trusted",
        f"{planted}: manifest.json is missing",
    ]


def test_a_failure_between_writing_and_moving_leaves_nothing_partial(tmp_path, monkeypatch, demo, fast_build):
    loaded, pack = demo

    def crash(source, target):
        raise OSError("disk unplugged")

    monkeypatch.setattr(archive.os, "rename", crash)
    with pytest.raises(OSError, match="disk unplugged"):
        publish(loaded, pack, tmp_path, WHEN, "Clerk", "agreed")
    folder = tmp_path / PACK / PERIOD
    assert [p.name for p in folder.iterdir()] == [".publish.lock"]  # no version, nothing partial, no index


def test_an_index_that_cannot_be_written_takes_the_version_back_out(tmp_path, monkeypatch, demo, fast_build):
    loaded, pack = demo

    def crash(path, data):
        raise OSError("disk full")

    monkeypatch.setattr(archive, "replace_file", crash)
    with pytest.raises(OSError, match="disk full"):
        publish(loaded, pack, tmp_path, WHEN, "Clerk", "agreed")
    assert [p.name for p in (tmp_path / PACK / PERIOD).iterdir()] == [".publish.lock"]


def test_an_orphan_partial_folder_is_reported_by_verify_and_removed_by_the_next_publish(output, project, capsys, fast_build):
    period = version_folder(output).parent
    orphan = period / ".v2.partial-4242"
    orphan.mkdir()
    (orphan / "scrutiny-overview-2026-27-Q2.pdf").write_bytes(b"%PDF half written")
    assert main(["archive", "verify", "--output", str(output)]) == 1
    assert f"{orphan}: left by an interrupted publish: the next publish of this pack and period removes it" in (
        capsys.readouterr().out
    )
    assert main(["-q", "publish", "--allow-unapproved", "--project", str(project), "--pack", PACK, "--date", PUBLISHED_AT,
                 "--output", str(output)]) == 0  # fmt: skip
    assert not orphan.exists() and version_folder(output, 2).is_dir()
    assert main(["archive", "verify", "--output", str(output)]) == 0
    assert "2 versions checked: all intact" in capsys.readouterr().out


def test_two_publishes_at_once_become_v1_and_v2(tmp_path, monkeypatch, demo, fast_build):
    """Before the lock both chose v1 and the second stopped with FileExistsError (exit 3)."""
    loaded, pack = demo
    real = archive._write_version

    def slow(folder, target, files):  # both would choose their number before either had written it
        threading.Event().wait(0.3)
        real(folder, target, files)

    monkeypatch.setattr(archive, "_write_version", slow)
    results, errors = [], []

    def run(reason):
        try:
            results.append(publish(loaded, pack, tmp_path, WHEN, "Clerk", reason).number)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(reason,)) for reason in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(results) == [1, 2]
    reasons = {json.loads((tmp_path / PACK / PERIOD / f"v{n}" / "manifest.json").read_text())["reason"] for n in (1, 2)}
    assert reasons == {"first", "second"}
    assert verify_archive(tmp_path).problems == []


def test_a_publish_that_cannot_take_the_lock_says_who_holds_it(output, project, monkeypatch, capsys, fast_build):
    monkeypatch.setattr(archive, "PUBLISH_LOCK_WAIT", 0.2)
    lock = version_folder(output).parent / ".publish.lock"
    with locked(lock, "a test", 0):
        code = main(["publish", "--allow-unapproved", "--project", str(project), "--pack", PACK, "--date", PUBLISHED_AT,
                     "--output", str(output)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert f"{lock}: a publish of {PACK} {PERIOD} is already under way (process {os.getpid()} on " in err
    assert "nothing was done: try again when it has finished" in err
    assert not version_folder(output, 2).exists()


@pytest.mark.parametrize("level", ["version", "period", "pack"])
def test_publish_refuses_an_archive_with_a_symbolic_link(output, project, tmp_path, capsys, level, fast_build):
    """A linked version folder; a linked period or pack folder would make publish write outside the archive."""
    folder = {"version": version_folder(output), "period": version_folder(output).parent,
              "pack": version_folder(output).parent.parent}[level]  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere, target_is_directory=True)
    assert main(["publish", "--allow-unapproved", "--project", str(project), "--pack", PACK, "--date", PUBLISHED_AT,
                 "--output", str(output)]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert f"{folder}: is a symbolic link (to {elsewhere}): refused" in err
    assert not (elsewhere / "v2").exists() and not (elsewhere / PERIOD / "v2").exists()


def test_publish_refuses_to_extend_a_damaged_index(output, demo, fast_build):
    """Damaged while the pack was being built (before, reading what earlier packs published refuses it)."""
    index = version_folder(output).parent / "versions.jsonl"
    loaded, pack = demo
    earlier = published_figures(output / "archive", loaded.registry)
    index.write_bytes(index.read_bytes()[:-10])
    with pytest.raises(InputError, match="incomplete line") as caught:
        archive.publish(loaded, pack, output / "archive", WHEN, "Clerk", "again", earlier=earlier)
    assert "archive is damaged: nothing was published" in str(caught.value)
    assert not version_folder(output, 2).exists()
    with pytest.raises(InputError, match="incomplete line") as caught:
        publish(loaded, pack, output / "archive", WHEN, "Clerk", "again")
    assert "what earlier public packs published cannot be vouched for" in str(caught.value)


def _held_lock(output: Path, stack: ExitStack) -> str:
    lock = version_folder(output).parent / ".publish.lock"
    stack.enter_context(locked(lock, "a test", 0))
    return f"{lock}: a publish of {PACK} {PERIOD} is already under way (process {os.getpid()} on "


def _linked(up: int):
    """The period folder (1) or the pack folder (2) a link to an empty folder: no earlier pack's check reads it."""

    def plant(output: Path, stack: ExitStack) -> str:
        folder = version_folder(output).parents[up - 1]
        elsewhere = output.parent / "elsewhere"
        shutil.rmtree(folder)
        elsewhere.mkdir()
        folder.symlink_to(elsewhere, target_is_directory=True)
        return f"{folder}: is a symbolic link (to {elsewhere}): refused"

    return plant


def _fifo_lock(output: Path, stack: ExitStack) -> str:
    lock = version_folder(output).parent / ".publish.lock"
    lock.unlink()
    os.mkfifo(lock)
    return f"{lock}: expected a regular file of your own that publisher writes, found a FIFO (named pipe)"


def _hard_linked_index(output: Path, stack: ExitStack) -> str:
    index = version_folder(output).parent / "versions.jsonl"
    os.link(index, output.parent / "elsewhere.jsonl")
    return f"{index}: expected a regular file of your own that publisher writes, found a file with 2 names"


def _file_for_the_pack_folder(output: Path, stack: ExitStack) -> str:
    pack = version_folder(output).parent.parent
    shutil.rmtree(pack)
    pack.write_text("not a folder", encoding="utf-8")
    return f"{pack / PERIOD}: cannot be made (Not a directory)"


def _damaged_index_of_no_version(output: Path, stack: ExitStack) -> str:
    """Read by no earlier pack's check (there is no version to read), so only the archive's own check finds it."""
    shutil.rmtree(version_folder(output))
    index = version_folder(output).parent / "versions.jsonl"
    index.write_bytes(index.read_bytes()[:-10])
    return f"{index}:1: incomplete line"


@pytest.mark.parametrize("plant", [_held_lock, _linked(1), _linked(2), _fifo_lock, _hard_linked_index,
                                   _file_for_the_pack_folder, _damaged_index_of_no_version],
                         ids=["held lock", "linked period", "linked pack", "fifo lock",
                              "hard-linked index", "file for the pack folder", "damaged index"])  # fmt: skip
def test_a_publish_the_archive_would_refuse_is_refused_before_anything_is_built(
    output, project, monkeypatch, capsys, nothing_built, plant
):
    """Refused at the archive after seconds of layout before; now with the same message, nothing scored or laid out."""
    monkeypatch.setattr(archive, "PUBLISH_LOCK_WAIT", 0.2)
    with ExitStack() as stack:
        expected = plant(output, stack)
        code = main(["publish", "--allow-unapproved", "--project", str(project), "--pack", PACK, "--date", PUBLISHED_AT,
                     "--output", str(output)])  # fmt: skip
    assert code == 1 and expected in capsys.readouterr().err
    assert not version_folder(output, 2).exists() and not any((output.parent / "elsewhere").rglob("*"))


def test_verify_finds_changed_missing_and_added_files(output, capsys):
    folder = version_folder(output)
    assert main(["archive", "verify", "--output", str(output)]) == 0
    (folder / "scrutiny-overview-2026-27-Q2.html").write_text("tampered", encoding="utf-8")
    (folder / "scrutiny-overview-2026-27-Q2.pdf").unlink()
    (folder / "extra.txt").write_text("added", encoding="utf-8")
    problems = [str(p) for p in verify_archive(output / "archive").problems]
    assert any("html: changed since it was published" in p for p in problems)
    assert any("pdf: missing" in p for p in problems)
    assert any("extra.txt: added after publication" in p for p in problems)
    assert main(["archive", "verify", "--output", str(output)]) == 1
    assert main(["archive", "list", "--output", str(output)]) == 0
    out = capsys.readouterr().out
    assert "scrutiny-overview  Q2 2026-27  v1" in out and "(NOT AS PUBLISHED: run 'publisher archive verify')" in out


def test_byte_identical_from_two_processes_with_different_clock_zone_and_folder(tmp_path, monkeypatch):
    project = tiny_project(tmp_path / "council", default_observations(eet=70))
    command = ["-q", "publish", "--allow-unapproved", "--project", str(project), "--pack", "board", "--date", PUBLISHED_AT, "--by", "Clerk",
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
