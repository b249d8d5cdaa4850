"""An outside attack's classes of broken input: each is exit 1 with the file, line or row and field, and nothing
(or nothing new) is written. Each test here failed before the change that made it pass."""

import os
import shutil
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.core.files import csv_text
from publisher.output import build as build_stage
from publisher.output.pdf import RenderError

from .tiny import default_observations, tiny_project


def run(root: Path, *command: str, output: Path | None = None) -> int:
    extra = ["--output", str(output)] if output else []
    return main([*command, "--project", str(root), *extra])


def pack_files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".pdf", ".html"))


# -- dates, numbers and files that are not what they seem -------------------------------------------------


def test_a_date_that_does_not_exist_is_named_at_its_line(tmp_path, capsys):
    commentary = "period: Q2 2024-25\nindicators:\n  CL1:\n    author: Sam\n    date: 2024-02-30\n    text: Fine.\n"
    root = tiny_project(tmp_path / "council", default_observations(eet=70), commentary)
    assert run(root, "validate") == 1
    err = capsys.readouterr().err
    assert f"{root / 'commentary' / '2024-25-Q2.yaml'}:5: 'indicators.CL1.date': '2024-02-30' is not a real date" in err
    assert err.count("2024-25-Q2.yaml") == 1  # said once, not again as "expected a date"


def test_a_meeting_date_that_does_not_exist_stops_validate_and_build(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    pack = root / "packs" / "board.yaml"
    pack.write_text(pack.read_text().replace("meeting_date: 2024-11-20", "meeting_date: 2024-11-31"))
    assert run(root, "validate") == 1
    assert run(root, "build", output=tmp_path / "out") == 1
    assert f"{pack}:3: 'meeting_date': '2024-11-31' is not a real date" in capsys.readouterr().err
    assert pack_files_in(tmp_path / "out") == []


def test_a_number_of_400_digits_is_refused_briefly(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70) + "custody,2024-03," + "9" * 400 + ",\n")
    assert run(root, "validate") == 1
    err = capsys.readouterr().err
    assert f"{root / 'data' / 'observations.csv'}:26: 'value': expected a number" in err
    assert "(402 characters)" in err and len(err) < 600


@pytest.mark.parametrize("cell", ["1e400", "inf", "nan", "1000000000000000"])
def test_numbers_past_any_real_figure_are_refused(tmp_path, capsys, cell):
    root = tiny_project(tmp_path / "council", default_observations(eet=70) + f"custody,2024-03,{cell},\n")
    assert run(root, "validate") == 1
    assert "'value': expected a number" in capsys.readouterr().err


def test_a_folder_where_a_file_should_be_is_named(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    (root / "data" / "population.csv").unlink()
    (root / "data" / "population.csv").mkdir()
    assert run(root, "validate") == 1
    assert f"{root / 'data' / 'population.csv'}: expected a file, found a folder" in capsys.readouterr().err


def test_a_huge_source_date_epoch_is_an_input_problem(tmp_path, capsys, monkeypatch):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999")
    assert run(root, "build", output=tmp_path / "out") == 1
    assert "'SOURCE_DATE_EPOCH': expected whole seconds" in capsys.readouterr().err


def test_a_stray_quote_names_the_row_where_it_opened(tmp_path, capsys):
    rows = default_observations(eet=70).splitlines()
    rows[3] = rows[3].replace(",", ',"', 1)
    root = tiny_project(tmp_path / "council", "\n".join(rows) + "\n")
    assert run(root, "validate") == 1
    err = capsys.readouterr().err
    assert f"{root / 'data' / 'observations.csv'}:5: 'period': a quote mark (\") opens this cell" in err
    assert len(err) < 600


# -- the logo ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "cannot read logo.svg as an SVG image"),
     (b"<html><body/></html>", "is XML but not an SVG image"),
     (b'<!DOCTYPE s [<!ENTITY x "y">]><svg>&x;</svg>', "cannot read logo.svg as an SVG image")],
)  # fmt: skip
def test_an_svg_logo_that_does_not_parse_is_refused_at_validate_naming_the_project_file(
    tmp_path, capsys, content, words
):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    (root / "logo.svg").write_bytes(content)
    config = root / "publisher.yaml"
    config.write_text(config.read_text() + "logo: logo.svg\n")
    assert run(root, "validate") == 1
    assert f"{config}: 'logo': " in (err := capsys.readouterr().err) and words in err


def test_a_logo_linked_from_outside_the_project_is_refused(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    os.symlink(outside, root / "logo.png")
    config = root / "publisher.yaml"
    config.write_text(config.read_text() + "logo: logo.png\n")
    assert run(root, "build", output=tmp_path / "out") == 1
    assert f"{config}:3: 'logo': expected a path inside the project folder" in capsys.readouterr().err


# -- names that become paths -------------------------------------------------------------------------------


def test_a_pack_file_whose_name_is_dot_dot_writes_nothing_outside_output(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    (root / "packs" / "board.yaml").rename(root / "packs" / "...yaml")  # the pack's name would be '..'
    assert run(root, "build", output=tmp_path / "out" / "inner") == 1
    assert "expected a pack name of letters, digits" in capsys.readouterr().err
    assert pack_files_in(tmp_path) == []


@pytest.mark.parametrize("name", ["../board", "/etc/passwd", "board/../board", ".."])
def test_a_pack_named_on_the_command_line_is_one_plain_name(tmp_path, capsys, name):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    assert run(root, "build", "--pack", name, output=tmp_path / "out") == 1
    assert "'--pack': expected a pack name" in capsys.readouterr().err


# -- direction controls -----------------------------------------------------------------------------------


def test_a_right_to_left_override_in_commentary_is_refused_at_its_line(tmp_path, capsys):
    text = "Rose to \u202e%05\u202c this quarter."  # shows as "50%" in a PDF reader
    commentary = f"period: Q2 2024-25\nindicators:\n  CL1:\n    author: Sam\n    date: 2024-10-10\n    text: |\n      Fine.\n      {text}\n"
    root = tiny_project(tmp_path / "council", default_observations(eet=70), commentary)
    assert run(root, "validate") == 1
    err = capsys.readouterr().err
    assert "2024-25-Q2.yaml:7: 'indicators.CL1.text': contains an invisible direction control (U+202E)" in err


def test_a_direction_control_in_a_data_file_is_refused_at_its_row(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70) + "custody,2024-03,0,\u2066note\u2069\n")
    assert run(root, "validate") == 1
    assert f"{root / 'data' / 'observations.csv'}:26: 'note': contains an invisible direction control (U+2066)" in (
        capsys.readouterr().err
    )


# -- all or nothing ---------------------------------------------------------------------------------------


def two_pack_project(tmp_path: Path) -> Path:
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    (root / "packs" / "second.yaml").write_text((root / "packs" / "board.yaml").read_text())
    return root


def test_when_the_last_pack_fails_no_pack_is_written(tmp_path, capsys, monkeypatch):
    root = two_pack_project(tmp_path)
    made = []
    real = build_stage.write_pdf

    def failing_second(html, *args, **kwargs):
        made.append(html)
        if len(made) == 2:
            raise RenderError("refused to fetch http://169.254.169.254/")
        return real(html, *args, **kwargs)

    monkeypatch.setattr(build_stage, "write_pdf", failing_second)
    assert run(root, "build", output=tmp_path / "out") == 1
    assert len(made) == 2 and pack_files_in(tmp_path / "out") == []
    assert "nothing was written" in capsys.readouterr().err


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """The small project (council/) with its pack built (out/) once for the module: copy it to build it again."""
    folder = tmp_path_factory.mktemp("built")
    root = tiny_project(folder / "council", default_observations(eet=70))
    assert run(root, "build", output=folder / "out") == 0
    return folder


@pytest.mark.parametrize("failure", [28, 30])  # ENOSPC (disk full), EROFS (read-only)
def test_a_full_or_read_only_disk_is_exit_1_naming_the_folder_and_leaves_the_previous_pack(
    tmp_path, capsys, monkeypatch, failure, built_once
):
    shutil.copytree(built_once, tmp_path, dirs_exist_ok=True)
    root, output = tmp_path / "council", tmp_path / "out"
    before = {p: p.read_bytes() for p in pack_files_in(output)}
    real_fdopen = os.fdopen
    opened = []

    class Full:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            raise OSError(failure, os.strerror(failure))

    def fdopen(handle, mode="r", *args, **kwargs):
        opened.append(handle)
        stream = real_fdopen(handle, mode, *args, **kwargs)
        return Full(stream) if len(opened) == 2 else stream  # the first file is written, the second fails

    monkeypatch.setattr("publisher.core.files.os.fdopen", fdopen)
    pack = root / "packs" / "board.yaml"
    pack.write_text(pack.read_text().replace("Care leavers scorecard", "Care leavers scorecard, revised"))
    assert run(root, "build", output=output) == 1
    err = capsys.readouterr().err
    assert f"{output / 'board' / '2024-25-Q2'}: cannot write there ({os.strerror(failure)})" in err
    assert {p: p.read_bytes() for p in pack_files_in(output)} == before  # the previous PDF and HTML, both
    assert not [p for p in output.rglob("*.tmp")]


# -- what publisher writes for spreadsheets ---------------------------------------------------------------


def test_csv_quotes_every_line_break_and_neutralises_a_formula_on_any_line():
    text = csv_text(["a", "b"], [["first\rsecond", "ok"], ["note\n=HYPERLINK(\"http://x\")", "fine\r\n@SUM(A1)"]])
    assert text == 'a,b\n"first\rsecond",ok\n"note\n\'=HYPERLINK(""http://x"")","fine\r\n\'@SUM(A1)"\n'


# -- publishing a public pack whose commentary gives a small number ----------------------------------------


def test_publish_refuses_a_public_pack_until_each_small_number_in_commentary_is_reworded_or_acknowledged(
    tmp_path, capsys
):
    commentary = "period: Q2 2024-25\nindicators:\n  CL1:\n    author: Sam\n    date: 2024-10-10\n    text: |\n      Two reviews a year. Three children moved.\n"
    root = tiny_project(tmp_path / "council", default_observations(eet=70), commentary)
    archive = tmp_path / "out"
    command = ("publish", "--allow-unapproved", "--pack", "board", "--date", "2024-11-01", "--reason", "agreed")
    assert run(root, *command, output=archive) == 1
    err = capsys.readouterr().err
    assert "2024-25-Q2.yaml:7: 'indicators.CL1.text': 'Two' (a count of 2)" in err and "'Three'" in err
    assert "is not published while its commentary states or reveals a small number" in err
    assert pack_files_in(archive) == []
    path = root / "commentary" / "2024-25-Q2.yaml"
    path.write_text(path.read_text().replace("Three children moved.", "Children moved.").replace(
        "    text: |", "    acknowledged: [Two reviews a year]\n    text: |"))  # fmt: skip
    assert run(root, *command, output=archive) == 0
    assert len(pack_files_in(archive)) == 2


def test_a_small_number_in_a_public_packs_introduction_is_reported_and_stops_publish(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    pack = root / "packs" / "board.yaml"
    pack.write_text(pack.read_text() + "introduction: This quarter 3 children were adopted and 2 went missing.\n")
    assert run(root, "validate") == 0
    out = capsys.readouterr().out
    assert f"board: {pack}: 'introduction': '3' (a count of 3): reword it" in out
    assert "Before a public pack is published, reword or acknowledge the 2 small number(s)" in out
    assert run(root, "publish", "--allow-unapproved", "--pack", "board", "--date", "2024-11-01", output=tmp_path / "out") == 1
    assert f"{pack}: 'introduction': '2' (a count of 2)" in capsys.readouterr().err


# -- more of the outside attack's findings ------------------------------------------------------------------


def test_a_column_heading_given_twice_is_refused(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", "")
    (root / "data" / "observations.csv").write_text("series,period,value,VALUE\neet,2024-09,60,999\n")
    assert run(root, "validate") == 1
    assert "'value': expected each column heading once, found more than one 'value' column" in (
        capsys.readouterr().err
    )


def test_cells_beyond_the_headings_are_refused_but_trailing_empty_ones_are_not(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70).replace("eet,2024-04,60,", "eet,2024-04,60,,"))
    assert run(root, "validate") == 0
    (root / "data" / "observations.csv").write_text("series,period,value\neet,2024-09,60,61\n")
    assert run(root, "validate") == 1
    assert "observations.csv:2: expected at most 3 cells (one per heading), found '61' beyond them" in (
        capsys.readouterr().err
    )


def test_a_utf16_tab_separated_file_from_excel_is_read(tmp_path):
    from publisher.inputs.observations import load_observations

    path = tmp_path / "obs.csv"
    path.write_bytes("series\tperiod\tvalue\neet\t2024-09\t61\n".encode("utf-16"))
    found, problems = load_observations([path])
    assert problems == [] and [o.value for o in found.items.values()] == [61.0]


def test_a_total_that_includes_itself_is_refused(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    registry = root / "indicators" / "cl.yaml"
    registry.write_text(registry.read_text().replace(
        "    calculation: {numerator: custody, window: snapshot}",
        "    calculation: {numerator: custody, window: snapshot}\n    total_of: [CL2]"))  # fmt: skip
    assert run(root, "validate") == 1
    assert "'total_of': totals cannot include themselves: CL2 -> CL2" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["build", "--jobs", "0"], ["build", "--jobs", "-1"]])
def test_a_number_of_jobs_below_one_is_a_usage_error(tmp_path, command):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    with pytest.raises(SystemExit) as stopped:
        run(root, *command, output=tmp_path / "out")
    assert stopped.value.code == 2


@pytest.mark.parametrize("period", ["", "Q4 9999-00", "1066-67"])
def test_an_empty_or_far_off_period_is_refused(tmp_path, capsys, period):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    assert run(root, "validate", "--period", period) == 1
    assert "'--period': expected a period" in capsys.readouterr().err


def test_a_line_break_in_who_published_it_is_refused(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    assert run(root, "publish", "--allow-unapproved", "--pack", "board", "--by", "Clerk\nForged: yes", output=tmp_path / "out") == 1
    assert "'--by': expected one line of text" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["/", "../..", "/etc"])
def test_a_templates_folder_outside_the_project_is_refused(tmp_path, capsys, value):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    config = root / "publisher.yaml"
    config.write_text(config.read_text() + f"templates: {value}\n")
    assert run(root, "validate") == 1
    assert f"{config}:3: 'templates': expected a path inside the project folder" in capsys.readouterr().err


# -- optional means optional --------------------------------------------------------------------------------


def test_a_project_without_population_benchmarks_leads_authors_or_tolerance_builds(tmp_path, capsys):
    root = tiny_project(tmp_path / "council", default_observations(eet=70))
    (root / "data" / "population.csv").unlink()  # no indicator is a rate per 10,000 children
    registry = root / "indicators" / "cl.yaml"
    registry.write_text(registry.read_text().replace("  lead: Jo Bloggs\n", "").replace(
        "rag: {rule: target_tolerance, tolerance: 5}", "rag: {rule: target_tolerance}"))  # fmt: skip
    pack = root / "packs" / "board.yaml"
    pack.write_text(pack.read_text().replace("author: Performance Team\n", "").replace(
        "contact: performance@example.gov.uk\n", ""))  # fmt: skip
    commentary = "period: Q2 2024-25\nindicators:\n  CL1:\n    date: 2024-10-10\n    text: Fine.\n"
    (root / "commentary").mkdir()
    (root / "commentary" / "q2.yaml").write_text(commentary)
    assert run(root, "validate") == 0
    assert "Note: no benchmarks file" in capsys.readouterr().out
    assert run(root, "build", output=tmp_path / "out") == 0
    html = next((tmp_path / "out").rglob("*.html")).read_text()
    assert "Priority lead:" not in html and "Report author" not in html and 'class="num bench"' not in html
    assert "Green" in html  # 70% against a target of 60 with no tolerance: green, and a miss would be red


def test_with_no_tolerance_a_miss_is_red_not_amber():
    from publisher.core.figures import Figure
    from publisher.core.periods import Period
    from publisher.engine.judgement import rag_for
    from publisher.engine.model import Point
    from publisher.output.messages import default_messages
    from publisher.output.words import phrase

    from .helpers import indicator

    ind = indicator(unit="percentage", calculation={"numerator": "n", "denominator": "d"},
                    targets={"2024-25": 60}, rag={"rule": "target_tolerance"})  # fmt: skip
    previous = Point(Period.parse("Q1 2024-25"), Figure.of(59))
    missed = rag_for(ind, Figure.of(59.9), 60, previous)
    explained = phrase(missed.explanation, default_messages().entries)
    assert (missed.rating.value, explained) == ("red", "Below target of 60.0%")  # no tolerance to mention
    assert rag_for(ind, Figure.of(60.0), 60, previous).rating.value == "green"
