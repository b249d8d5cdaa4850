"""The command line: exit codes, readiness report, CSV/JSON export and clear errors."""

import csv
import json
import shutil
from pathlib import Path

from publisher.cli import main
from publisher.core.resources import default_dir

from .tiny import default_observations, tiny_project


def test_validate_demo_prints_readiness_and_exits_0(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "Reporting period: Q2 2026-27" in out
    for heading in ("Missing data:", "Missing commentary:", "Commentary unchanged since last period:", "No target:"):
        assert heading in out
    assert "No errors found." in out


def copy_demo(tmp_path):
    demo = tmp_path / "demo"
    shutil.copytree(default_dir("demo"), demo)
    shutil.copytree(default_dir("indicators"), tmp_path / "indicators")
    return demo


def test_validate_lists_every_problem_with_file_and_row_and_exits_1(tmp_path, capsys):
    demo = copy_demo(tmp_path)
    data = demo / "data" / "observations.csv"
    with data.open("a", encoding="utf-8") as stream:
        stream.write("no_such_series,2026-09,3,\ncla_count,2026-09,many,\n")
    assert main(["validate", "--project", str(demo)]) == 1
    err = capsys.readouterr().err
    rows = len(data.read_text(encoding="utf-8").splitlines())
    assert "problems found; nothing was written" in err
    assert f"{data}:{rows - 1}: 'series': unknown series 'no_such_series'" in err
    assert f"{data}:{rows}: 'value': expected a number" in err


def test_bad_period_on_the_command_line(capsys):
    assert main(["validate", "--period", "Q5 2026-27"]) == 1
    assert "command line: '--period': expected a period such as" in capsys.readouterr().err


def test_calc_writes_csv_and_json_with_suppression(tmp_path, capsys):
    assert main(["calc", "--output", str(tmp_path)]) == 0
    paths = capsys.readouterr().out.split()
    rows = list(csv.DictReader(Path(paths[0]).read_text(encoding="utf-8").splitlines()))
    document = json.loads(Path(paths[1]).read_text(encoding="utf-8"))
    assert len(rows) == sum(len(p["indicators"]) for p in document["priorities"]) >= 45
    suppressed = [r for r in rows if r["status"] == "suppressed"]
    assert suppressed and all(r["value"] == "" and r["numerator"] == "" for r in suppressed)
    assert all(r["rag"] == "Not rated" for r in suppressed)


def test_restricted_calc_shows_small_numbers(tmp_path, capsys):
    assert main(["calc", "--audience", "restricted", "--output", str(tmp_path)]) == 0
    rows = list(csv.DictReader(Path(capsys.readouterr().out.split()[0]).read_text(encoding="utf-8").splitlines()))
    assert not [r for r in rows if r["status"] == "suppressed" and "small number" in r["reason"]]


def test_build_unknown_pack_names_the_choices(capsys):
    assert main(["build", "--pack", "cabinet"]) == 1
    err = capsys.readouterr().err
    assert "'--pack': expected one of (corporate-parenting-board, safeguarding-partnership, scrutiny-overview)" in err


def test_help_lists_exit_codes(capsys):
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    assert "Exit codes: 0 done, 1 a problem in the input" in capsys.readouterr().out


def test_a_missing_project_folder_is_an_input_problem(tmp_path, capsys):
    assert main(["validate", "--project", str(tmp_path / "nowhere")]) == 1
    assert "expected a folder holding publisher.yaml" in capsys.readouterr().err


def test_quiet_is_accepted_after_the_command(tmp_path, capsys):
    assert main(["calc", "-q", "--output", str(tmp_path)]) == 0


def test_written_files_follow_the_umask(tmp_path, capsys):
    import os

    old = os.umask(0o022)
    try:
        assert main(["calc", "--output", str(tmp_path)]) == 0
    finally:
        os.umask(old)
    path = Path(capsys.readouterr().out.split()[0])
    assert path.stat().st_mode & 0o777 == 0o644


def test_two_processes_with_source_date_epoch_build_identical_packs(tmp_path, monkeypatch):
    import os
    import subprocess
    import sys

    project = tiny_project(tmp_path / "council", default_observations(eet=70))
    command = ["-q", "build", "--project", str(project), "--output"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795000000", "TZ": "Pacific/Auckland"}
    subprocess.run([sys.executable, "-m", "publisher.cli", *command, str(tmp_path / "run0")], env=env, check=True,
                   cwd=project, stdout=subprocess.DEVNULL)  # fmt: skip
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert main([*command, str(tmp_path / "run1")]) == 0  # this process: another zone, folder and start time
    pdfs = [next((tmp_path / f"run{n}").rglob("*.pdf")).read_bytes() for n in range(2)]
    assert pdfs[0] == pdfs[1]


def test_readiness_flags_commentary_that_contradicts_the_rating(tmp_path, capsys):
    demo = copy_demo(tmp_path)
    commentary = demo / "commentary" / "2026-27-Q2.yaml"
    text = commentary.read_text(encoding="utf-8")
    commentary.write_text(text.replace("fell further and remains red", "fell further but remains green"))
    assert main(["validate", "--project", str(demo)]) == 0
    assert "CP1.5: says green, rated Red" in capsys.readouterr().out


def test_a_bad_period_for_build_or_publish_is_an_input_problem(capsys):
    assert main(["build", "--period", "Q5 2026-27"]) == 1
    assert main(["publish", "--pack", "scrutiny-overview", "--period", "garbage"]) == 1
    assert capsys.readouterr().err.count("command line: '--period': expected a period such as") == 2


def test_a_missing_registry_folder_names_the_project_file(tmp_path, capsys):
    demo = copy_demo(tmp_path)
    shutil.rmtree(tmp_path / "indicators")
    assert main(["validate", "--project", str(demo)]) == 1
    assert f"{demo / 'publisher.yaml'}: 'registry': expected a folder of indicator files" in capsys.readouterr().err
