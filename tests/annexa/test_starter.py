"""``publisher init DIR --annex-a EXTRACT.xlsx``: a project of the standard measures the extract gives, which
validates and whose pack's figures are all there for its quarter; left-out lists said; nothing written on a
problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.cli import main
from publisher.core.figures import Status
from publisher.core.periods import Period
from publisher.inputs.load import load
from publisher.inputs.packs import load_pack, pack_files
from publisher.inputs.project import load_project
from publisher.output.build import pack_scorecard
from publisher.starter.annexa import PRIORITIES

from .extract import generate, write_book

AS_AT = "2026-03-31"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return write_book(tmp_path_factory.mktemp("extract") / "annex-a.xlsx", generate(150, seed=3).sheets())


def init(folder: Path, book: Path, *extra: str) -> int:
    return main(["init", str(folder), "--annex-a", str(book), "--as-at", AS_AT, "--council", "Testshire", *extra])


def test_the_starter_validates_and_every_figure_of_its_pack_is_there(tmp_path, book, capsys):
    root = tmp_path / "council"
    assert init(root, book, "--population", "40000") == 0
    said = capsys.readouterr().out
    assert "22 standard measures; the pack is for Q4 2025-26" in said and "Left out" not in said
    assert (root / "data/population.csv").read_text() == "year,population\n2024-25,40000\n2025-26,40000\n"
    assert main(["validate", "--project", str(root)]) == 0
    loaded = load(load_project(root))
    scorecard = pack_scorecard(loaded, load_pack(pack_files(loaded.project.packs_dir)[0], loaded.registry))
    assert [r.indicator.reference for r in scorecard.rows] == [m.reference for _, _, ms in PRIORITIES for m in ms]
    assert {r.headline.status for r in scorecard.rows} <= {Status.OK, Status.SUPPRESSED, Status.NOT_APPLICABLE}
    units = {r.indicator.reference: r.indicator.unit for r in scorecard.rows}
    assert (units["SG1"], units["SG2"], units["LA6"]) == ("rate_per_10k", "percentage", "average_days")
    assert main(["annex-a", "import", str(book), "--as-at", AS_AT, "--months", "24", "--project", str(root)]) == 0
    assert "no month imported before was changed" in capsys.readouterr().out  # init imported it as import does


def test_without_the_population_rates_are_counts_and_a_list_not_given_is_left_out(tmp_path, book, capsys):
    import openpyxl

    smaller = tmp_path / "no-adoption.xlsx"
    workbook = openpyxl.load_workbook(book)
    del workbook["List 10 - Adoption"]
    workbook.save(smaller)
    root = tmp_path / "council"
    assert init(root, smaller, "--period", "Q3 2025-26") == 0
    said = capsys.readouterr().out
    assert "Left out, as the extract has no list (or column) for them: LA6, LA7" in said
    assert "give --population" in said and not (root / "data/population.csv").exists()
    registry = (root / "indicators/01-safeguarding.yaml").read_text()
    assert 'title: "Referrals to children\'s social care (number, rolling 12 months)"\n    unit: count' in registry
    assert "period: Q3 2025-26" in (root / "packs/performance.yaml").read_text()
    assert "Not written: the months after Q3 2025-26 to Mar 2026" in said
    assert main(["validate", "--project", str(root)]) == 0


def test_an_extract_taken_after_the_quarter_gives_its_figures_and_says_which_it_cannot(tmp_path, book, capsys):
    """As at 30 April, seven of the 22 were Missing in the Q4 pack and init said nothing: re-referrals lacked April
    2025 (the 24 months were counted back from April), and the six status measures are the status on 30 April."""
    root = tmp_path / "council"
    assert main(["init", str(root), "--annex-a", str(book), "--as-at", "2026-04-30"]) == 0
    said = capsys.readouterr().out
    assert "16 standard measures; the pack is for Q4 2025-26" in said
    assert ("Left out, as they are a status on the extract's date, a quarter's figure only when the extract is taken "
            "on its last day (31/03/2026 for Q4 2025-26): LA3, LA4, LA5, CL1, CL2, CL3\n") in said  # fmt: skip
    loaded = load(load_project(root))
    scorecard = pack_scorecard(loaded, load_pack(pack_files(loaded.project.packs_dir)[0], loaded.registry))
    assert "SG2" in [r.indicator.reference for r in scorecard.rows]
    assert {r.headline.status for r in scorecard.rows} <= {Status.OK, Status.SUPPRESSED, Status.NOT_APPLICABLE}
    assert main(["init", str(tmp_path / "short"), "--annex-a", str(book), "--as-at", AS_AT, "--months", "12"]) == 0
    assert "Left out, as their figure for Q4 2025-26 needs 24 months of the extract to its end, and --months gives " \
           "12: SG2\n" in capsys.readouterr().out  # fmt: skip


def test_a_folder_in_use_or_a_bad_extract_writes_nothing(tmp_path, book, capsys):
    used = tmp_path / "used"
    used.mkdir()
    (used / "keep.txt").write_text("mine")
    assert init(used, book) == 1
    assert [p.name for p in used.iterdir()] == ["keep.txt"]
    bad = write_book(
        tmp_path / "bad.xlsx", {"List 3": (["Child ID", "Referral Date", "Referral NFA"], [["A", "x", 1]])}
    )
    assert init(tmp_path / "new", bad) == 1
    assert "bad.xlsx [List 3]:2" in capsys.readouterr().err and not (tmp_path / "new").exists()
    assert main(["init", str(tmp_path / "new"), "--annex-a", str(bad)]) == 2  # no --as-at


@pytest.mark.parametrize(("month", "quarter"), [("Mar 2026", "Q4 2025-26"), ("Feb 2026", "Q3 2025-26"),
                                                ("Apr 2026", "Q4 2025-26"), ("Jun 2026", "Q1 2026-27")])  # fmt: skip
def test_the_pack_is_for_the_last_whole_quarter_covered(month, quarter):
    assert Period.parse(month).last_whole_quarter() == Period.parse(quarter)


def test_population_or_months_without_an_extract_is_an_error_naming_them(tmp_path, capsys):
    """They were silently ignored: a council giving its population got a project with no rates and no word why."""
    assert main(["init", str(tmp_path / "new"), "--population", "52000", "--months", "12"]) == 1
    assert capsys.readouterr().err == (
        "publisher init: --months and --population given without --annex-a: they apply only to an Annex A extract; "
        "add --annex-a EXTRACT.xlsx --as-at YYYY-MM-DD, or leave them out\n"
    )
    assert main(["init", str(tmp_path / "new"), "--population", "52000"]) == 1
    assert capsys.readouterr().err.startswith("publisher init: --population given without --annex-a")
    assert main(["init", str(tmp_path / "new"), "--as-at", "2026-03-31"]) == 1  # the same rule (it was exit 2)
    assert capsys.readouterr().err == (
        "publisher init: --as-at given without --annex-a: they apply only to an Annex A extract; add --annex-a "
        "EXTRACT.xlsx, or leave them out\n"
    )
    assert not (tmp_path / "new").exists()


def test_scorecard_options_with_an_extract_are_an_error_naming_them(tmp_path, capsys):
    """init --annex-a read no mapping, sheet or sections and said nothing; the option check comes before the
    extract is read (this one does not exist)."""
    extract = ["init", str(tmp_path / "new"), "--annex-a", str(tmp_path / "none.xlsx"), "--as-at", "2026-03-31"]
    assert main([*extract, "--mapping", "m.yaml", "--sheet", "S", "--sections", "groups"]) == 1
    assert capsys.readouterr().err == (
        "publisher init: --mapping, --sheet and --sections given with --annex-a: they apply only to a scorecard "
        "(--from), or leave them out\n"
    )
    assert main([*extract, "--sheet", "S"]) == 1
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("population", ["0", "-5", "4.5"])
def test_the_population_is_a_positive_whole_number(tmp_path, population, capsys):
    """--population 0 wrote a project validate refused; a bad value is a usage error, as for --jobs (exit 2)."""
    extract = ["init", str(tmp_path / "new"), "--annex-a", str(tmp_path / "none.xlsx"), "--as-at", "2026-03-31"]
    with pytest.raises(SystemExit) as exited:
        main([*extract, "--population", population])
    assert exited.value.code == 2 and "--population: invalid positive value" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()
