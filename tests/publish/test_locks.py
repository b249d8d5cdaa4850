"""Locks and the files publisher writes cannot be aimed: a lock file or a file about to be written that is a
hard link, a symbolic link, a FIFO or someone else's is refused with exit 1 naming it, and nothing is written
through it. Each attack here changed another file, or crashed with exit 3, before."""

import os
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.core.errors import InputError
from publisher.core.files import write_all
from publisher.publish.locks import locked

from .conftest import PACK, PUBLISHED_AT, circulate, version_folder

REFUSED = "expected a regular file of your own that publisher writes, found"


@pytest.fixture
def project(small_demo) -> Path:
    """A copy of the demo (cut to its key indicators), whose commentary an attack may aim at (never the shipped one)."""
    return small_demo


def commentary_file(project: Path) -> Path:
    return sorted((project / "commentary").glob("*.yaml"))[-1]


def publish(project: Path, output: Path) -> int:
    return main(["-q", "publish", "--allow-unapproved", "--pack", PACK, "--date", PUBLISHED_AT,
                 "--project", str(project), "--output", str(output)])  # fmt: skip


def fresh_lock(output: Path) -> Path:
    lock = version_folder(output).parent / ".publish.lock"
    lock.unlink(missing_ok=True)
    return lock


def test_a_lock_file_hard_linked_to_the_commentary_is_refused_and_the_commentary_is_unchanged(
    project, output, capsys, fast_build
):
    commentary = commentary_file(project)
    before = commentary.read_bytes()
    lock = fresh_lock(output)
    os.link(commentary, lock)
    assert publish(project, output) == 1
    assert f"{lock}: {REFUSED} a file with 2 names (hard-linked" in capsys.readouterr().err
    assert commentary.read_bytes() == before and not version_folder(output, 2).exists()
    assert main(["archive", "verify", "--output", str(output)]) == 1  # and verify no longer says "all intact"
    assert f"{lock}: {REFUSED} a file with 2 names" in capsys.readouterr().out


def test_a_fifo_as_the_lock_file_is_exit_1_naming_it(project, output, capsys, fast_build):
    lock = fresh_lock(output)
    os.mkfifo(lock)
    assert publish(project, output) == 1
    assert f"{lock}: {REFUSED} a FIFO (named pipe)" in capsys.readouterr().err
    assert not version_folder(output, 2).exists()


def test_a_lock_file_linked_to_the_commentary_is_refused_naming_the_link(project, output, capsys, fast_build):
    commentary = commentary_file(project)
    before = commentary.read_bytes()
    lock = fresh_lock(output)
    lock.symlink_to(commentary)
    assert publish(project, output) == 1
    assert f"{lock}: {REFUSED} a symbolic link" in capsys.readouterr().err
    assert commentary.read_bytes() == before


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_lock_file_owned_by_another_user_is_refused(project, output, capsys, fast_build):
    lock = fresh_lock(output)
    lock.write_text("someone else's\n")
    os.chown(lock, 4242, 4242)
    assert publish(project, output) == 1
    assert f"{lock}: {REFUSED} a file owned by another user (user id 4242" in capsys.readouterr().err
    assert lock.read_text() == "someone else's\n"


def test_the_lock_of_commentary_and_mail_writes_nothing_through_a_hard_link(tmp_path):
    """``locked`` guards publish, circulate, collect and approve, and the mailing of forms alike."""
    precious = tmp_path / "precious.yaml"
    precious.write_text("indicators: {}\n")
    lock = tmp_path / ".commentary.lock"
    os.link(precious, lock)
    with pytest.raises(InputError, match="a file with 2 names"), locked(lock, "a collect", 0):
        pass
    assert precious.read_text() == "indicators: {}\n"


def test_circulate_never_writes_through_a_file_planted_at_its_temporary_name(council, password, capsys):
    """The index was rewritten through ``.versions.jsonl.partial-<pid>``, a name anyone could guess."""
    project, output, _ = council
    commentary = commentary_file(project)
    before = commentary.read_bytes()
    os.link(commentary, version_folder(output).parent / f".versions.jsonl.partial-{os.getpid()}")
    circulate(project, output)
    assert commentary.read_bytes() == before


@pytest.mark.parametrize("kind", ["hard link", "fifo"])
def test_a_file_about_to_be_replaced_that_is_not_publishers_own_is_refused_and_nothing_is_written(tmp_path, kind):
    precious, target, other = tmp_path / "precious.yaml", tmp_path / "pack.html", tmp_path / "pack.pdf"
    precious.write_text("kept\n")
    if kind == "fifo":
        os.mkfifo(target)
    else:
        os.link(precious, target)
    with pytest.raises(InputError, match=f"{target}: {REFUSED} a (file with 2 names|FIFO)"):
        write_all({other: b"%PDF", target: "<html>"})
    assert precious.read_text() == "kept\n" and not other.exists()
