"""An attacker with write access to output/: what `archive verify` finds, and what it cannot find alone.

Every check goes through the command, as the clerk runs it, and none may end in exit 3 (an unexpected error)."""

import json
import shutil

import pytest

from publisher.cli import main
from publisher.publish.chain import chained, sha256

from .conftest import PACK, PERIOD, version_folder

PDF = "scrutiny-overview-2026-27-Q2.pdf"


def verify(output, capsys, *extra):
    code = main(["archive", "verify", "--output", str(output), *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "unexpected error" not in captured.err
    return code, captured.out


def edit_manifest(folder, change):
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.update(reason="agreed by the Board on 1 April"),
        lambda m: m.update(published_by="Someone Else"),
        lambda m: m.update(published_at="2025-01-01T12:00:00+00:00"),
        lambda m: m["inputs"].update({"data/observations.csv": "0" * 64}),
        lambda m: m.update(tool_version="9.9"),
    ],
    ids=["reason", "author", "date", "input-checksum", "tool-version"],
)
def test_an_edited_manifest_field_is_found(output, capsys, change):
    """Before the index, only the files' checksums were checked, so the manifest's own fields could be edited."""
    path = edit_manifest(version_folder(output), change)
    code, out = verify(output, capsys)
    assert code == 1
    index = version_folder(output).parent / "versions.jsonl"
    assert f"{path}: changed since it was published: its SHA-256 is not the one recorded at {index}:1" in out


def test_a_manifest_that_lists_forged_files_is_found(output, capsys):
    """A forged PDF with the manifest updated to match: the manifest no longer matches the index."""
    folder = version_folder(output)
    (folder / PDF).write_bytes(b"%PDF-1.4 forged.")
    edit_manifest(folder, lambda m: m["files"].update({PDF: sha256(b"%PDF-1.4 forged.")}))
    code, out = verify(output, capsys)
    assert code == 1 and "manifest.json: changed since it was published" in out


def two_versions(output):
    """A second, genuine version, made by copying v1 and indexing it as publish does."""
    period = version_folder(output).parent
    shutil.copytree(period / "v1", period / "v2")
    edit_manifest(period / "v2", lambda m: m.update(version=2, reason="corrected",
                                                    published_at="2026-12-03T12:00:00+00:00"))  # fmt: skip
    index = period / "versions.jsonl"
    head = sha256(index.read_bytes().splitlines()[-1])
    entry = {"version": 2, "manifest_sha256": sha256((period / "v2" / "manifest.json").read_bytes()),
             "published_at": "2026-12-03T12:00:00+00:00"}  # fmt: skip
    index.write_bytes(index.read_bytes() + chained(entry, head))
    return index


def test_a_second_version_made_as_publish_makes_it_verifies(output, capsys):
    two_versions(output)
    assert verify(output, capsys) == (0, "2 versions checked: all intact\n")


def test_an_edited_date_in_the_last_line_of_the_index_is_found(output, capsys):
    """The last line has no line after it to break: its fields are checked against the version instead."""
    index = two_versions(output)
    lines = index.read_bytes().splitlines(keepends=True)
    index.write_bytes(lines[0] + lines[1].replace(b"2026-12-03", b"2026-12-04"))
    code, out = verify(output, capsys)
    assert code == 1 and f"{index}:2: 'published_at' is not the date in" in out
    index.write_bytes(lines[0] + lines[1].replace(b", ", b",  ", 1))  # the same fields, written differently
    code, out = verify(output, capsys)
    assert code == 1 and f"{index}:2: not written the way publisher writes its lines: edited" in out


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda lines: lines[1:], ":1: does not begin the chain: the lines before it were deleted, or it was edited"),
        (lambda lines: lines[:1], None),  # the last line gone: v2's folder is no longer vouched for
        (lambda lines: [lines[0].replace(b'"version": 1', b'"version": 1, "note": "x"'), lines[1]],
         ":2: does not follow line 1: line 1 was edited, or lines were deleted or inserted between them"),
        (lambda lines: [lines[0], b"[]", lines[1]], ":2: expected an entry (a JSON object), found a list"),
        (lambda lines: [lines[0], lines[1][:30]], ":2: incomplete line"),
    ],
    ids=["first-line-deleted", "last-line-deleted", "line-edited", "line-inserted", "truncated"],
)
def test_a_damaged_index_is_named_by_line(output, capsys, damage, expected):
    index = two_versions(output)
    lines = index.read_bytes().splitlines()
    changed = damage(lines)
    index.write_bytes(b"\n".join(changed) + (b"" if expected and expected.endswith("incomplete line") else b"\n"))
    code, out = verify(output, capsys)
    assert code == 1
    if expected is None:
        assert f"{version_folder(output, 2)}: not in versions.jsonl" in out
    else:
        assert f"{index}{expected}" in out


@pytest.mark.parametrize(
    "content",
    [b"", b"[]", b"[]\n", b"null\n", b"\xff\xfe\x00garbage\n", b"[" * 100_000 + b"\n", b'{"version": "1"}\n'],
    ids=["empty", "list-truncated", "list", "null", "binary", "deeply-nested", "wrong-type"],
)
@pytest.mark.parametrize("target", ["versions.jsonl", "manifest.json"])
def test_a_damaged_index_or_manifest_never_crashes_verify_or_list(output, capsys, content, target):
    path = version_folder(output).parent / target if target == "versions.jsonl" else version_folder(output) / target
    path.write_bytes(content)
    code, out = verify(output, capsys)
    named = f"{version_folder(output)}: not in versions.jsonl" if path.name == "versions.jsonl" and not content else path
    assert code == 1 and str(named) in out
    assert main(["archive", "list", "--output", str(output)]) == 0
    assert "NOT AS PUBLISHED" in capsys.readouterr().out


def test_a_file_where_a_folder_belongs_or_a_folder_where_a_file_belongs(output, capsys):
    period = version_folder(output).parent
    (period / "versions.jsonl").unlink()
    (period / "versions.jsonl").mkdir()
    (output / "archive" / PACK / "notes.txt").write_text("x", encoding="utf-8")
    code, out = verify(output, capsys)
    assert code == 1 and f"{period / 'versions.jsonl'}: cannot be read" in out
    assert f"{output / 'archive' / PACK / 'notes.txt'}: not part of the archive" in out


def test_a_pipe_where_a_file_belongs_does_not_hang_verify(output, capsys):
    import os

    manifest = version_folder(output) / "manifest.json"
    manifest.unlink()
    os.mkfifo(manifest)
    code, out = verify(output, capsys)
    assert code == 1 and f"{manifest}: cannot be read" in out


def test_names_in_the_archive_cannot_send_control_characters_to_the_terminal(output, capsys):
    (version_folder(output) / "x\x1b[2Jy").write_text("", encoding="utf-8")
    code, out = verify(output, capsys)
    assert code == 1 and "x?[2Jy: added after publication" in out and "\x1b" not in out


def forged_elsewhere(output, tmp_path):
    """A forged, self-consistent version outside the archive: a 16-byte "PDF" and a manifest to match."""
    forged = tmp_path / "forged"
    shutil.copytree(version_folder(output), forged)
    (forged / PDF).write_bytes(b"%PDF-1.4 forged.")
    edit_manifest(forged, lambda m: m["files"].update({PDF: sha256(b"%PDF-1.4 forged.")}))
    return forged


def test_a_version_folder_linked_to_a_forgery_elsewhere_is_refused(output, tmp_path, capsys):
    forged = forged_elsewhere(output, tmp_path)
    folder = version_folder(output)
    shutil.rmtree(folder)
    folder.symlink_to(forged, target_is_directory=True)
    code, out = verify(output, capsys)
    assert code == 1 and f"{folder}: is a symbolic link (to {forged}): refused" in out


def test_the_index_alone_cannot_find_a_complete_rewrite_but_a_hash_kept_elsewhere_does(output, capsys):
    """The limit, stated in the README: rewrite the manifest AND its index line and the archive is consistent
    again. The hash publish printed, kept outside the archive, is what shows it."""
    period = version_folder(output).parent
    index = period / "versions.jsonl"
    recorded = sha256(index.read_bytes().splitlines()[0])
    assert verify(output, capsys, "--expect", recorded) == (
        0,
        f"{recorded}: found at {index}:1 (v1); the index up to it is as it was\n1 version checked: all intact\n",
    )
    assert verify(output, capsys, "--expect", recorded[:16].upper())[0] == 0  # a shortened hash, as minuted
    path = edit_manifest(version_folder(output), lambda m: m.update(reason="forged"))
    entry = json.loads(index.read_bytes().splitlines()[0])
    entry["manifest_sha256"] = sha256(path.read_bytes())
    previous = entry.pop("previous")
    index.write_bytes(chained(entry, previous))
    assert verify(output, capsys) == (0, "1 version checked: all intact\n")  # what no checksum alone can show
    code, out = verify(output, capsys, "--expect", recorded)
    assert code == 1 and f"--expect: {recorded} is not the hash of any line of any versions.jsonl" in out


def test_a_hash_found_after_a_break_in_the_chain_is_not_confirmed(output, capsys):
    index = two_versions(output)
    lines = index.read_bytes().splitlines()
    recorded = sha256(lines[1])
    index.write_bytes(lines[0].replace(b'"version": 1', b'"version": 1, "x": 1') + b"\n" + lines[1] + b"\n")
    code, out = verify(output, capsys, "--expect", recorded)
    assert code == 1 and f"{index}:2: '--expect': {recorded} is this line, but the index before it has been" in out


def test_a_hash_whose_line_before_was_deleted_is_not_confirmed(output, capsys):
    # kills: "p.line <= link.line" as "<": with v1's line deleted, v2's line is line 1 and its own link is broken
    index = two_versions(output)
    lines = index.read_bytes().splitlines()
    recorded = sha256(lines[1])
    index.write_bytes(lines[1] + b"\n")
    code, out = verify(output, capsys, "--expect", recorded)
    assert code == 1 and f"{index}:1: '--expect': {recorded} is this line, but the index before it has been" in out


def test_a_badly_written_expected_hash_is_an_input_problem(output, capsys):
    assert main(["archive", "verify", "--output", str(output), "--expect", "not-a-hash"]) == 1
    assert "'--expect': expected an index hash as publish prints it" in capsys.readouterr().err


def test_publish_prints_the_index_head(output, capsys, fast_build):
    assert main(["-q", "publish", "--allow-unapproved", "--pack", PACK, "--date", "2026-12-03", "--output", str(output)]) == 0
    out = capsys.readouterr().out
    head = sha256((output / "archive" / PACK / PERIOD / "versions.jsonl").read_bytes().splitlines()[-1])
    assert f"index head {head}: keep it outside the archive" in out
    assert main(["archive", "list", "--output", str(output)]) == 0
    assert f"{PACK}  Q2 2026-27  index head {head}" in capsys.readouterr().out  # the period as members read it
    assert verify(output, capsys, "--expect", head)[0] == 0


def test_verify_lists_the_first_problems_and_counts_the_rest(output, capsys):
    """An archive stuffed with files prints a screenful and a count, not a line for each of them."""
    from publisher.core.errors import LISTED

    for n in range(LISTED + 50):
        (version_folder(output) / f"added-{n:03d}.txt").write_text("x")
    code, out = verify(output, capsys)
    lines = out.splitlines()
    assert code == 1 and sum("added after publication" in line for line in lines) == LISTED
    assert "... and 50 more problems not listed" in out
