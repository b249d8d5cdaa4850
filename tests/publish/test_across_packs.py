"""Small numbers across published packs, end to end: a public pack published for Q1, then for Q2, of a council
counting adoptions as a year to date (ready-made, as the attack had it: 7 by June, 12 by September) and children
who started to be looked after (a year to date added up from months). Whatever members hold of both packs, no
count from 1 to 5 can be worked out; a restricted pack of Q1, published between them, never counts.
"""

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.core.errors import InputError
from publisher.core.periods import Period
from publisher.inputs.load import load
from publisher.inputs.project import load_project
from publisher.publish.published import published_figures

from ..helpers import Span

REGISTRY = """\
priority: {id: adoption, title: Adoption, order: 1, lead: Jo Bloggs}
indicators:
  - {reference: AD1, title: Children adopted so far this year, unit: count, polarity: high, frequency: quarterly,
     calculation: {value: adopted_ytd, window: ytd}}
  - {reference: AD2, title: Children who started to be looked after so far this year, unit: count, polarity: none,
     calculation: {numerator: started, window: ytd}}
"""
PACK = """\
committee: Corporate Parenting Board
title: Adoption scorecard
meeting_date: 2026-11-20
period: Q1 2026-27
audience: {audience}
marking: {marking}
priorities:
  - priority: adoption
commentary:
  required: []
"""
ADOPTED = {"Q1 2025-26": 20, "Q2 2025-26": 30, "Q3 2025-26": 40, "Q4 2025-26": 50, "Q1 2026-27": 7,
           "Q2 2026-27": 12}  # fmt: skip (a year to date: 5 adopted from July to September 2026)
MONTHS = [Period.parse("Apr 2025").shifted(k) for k in range(18)]  # Apr 2025 .. Sep 2026
STARTED = [10] * 12 + [9, 8, 10] + [1, 2, 1]  # monthly; 4 started from July to September 2026
Q1, Q2 = "Q1 2026-27", "Q2 2026-27"


def data(quarters: int) -> str:
    """The observations as known at the end of Q1 (quarters=1) or Q2 2026-27 (quarters=2)."""
    last = Period.parse(Q1 if quarters == 1 else Q2).end
    rows = [f"adopted_ytd,{label},{value}," for label, value in ADOPTED.items() if Period.parse(label).end <= last]
    rows += [f"started,{m.label},{v}," for m, v in zip(MONTHS, STARTED, strict=True) if m.end <= last]
    return "series,period,value,note\n" + "\n".join(rows) + "\n"


def council(root: Path) -> Path:
    files = {
        "publisher.yaml": "council: Testshire County Council\nregistry: indicators\n",
        "indicators/adoption.yaml": REGISTRY,
        "data/observations.csv": data(1),
        "packs/board.yaml": PACK.format(audience="public", marking="OFFICIAL"),
        "packs/board-restricted.yaml": PACK.format(audience="restricted", marking="OFFICIAL-SENSITIVE"),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def publish(project: Path, output: Path, pack: str, period: str) -> int:
    return main(["-q", "publish", "--project", str(project), "--pack", pack, "--period", period, "--date", "2026-10-20",
                 "--reason", "agreed", "--allow-unapproved", "--output", str(output)])  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    """Q1's public pack, Q1's restricted pack, then (the data now reaching September) Q2's public pack."""
    root = tmp_path_factory.mktemp("across")
    project, output = council(root / "council"), root / "out"
    assert publish(project, output, "board", Q1) == 0
    assert publish(project, output, "board-restricted", Q1) == 0
    (project / "data" / "observations.csv").write_text(data(2), encoding="utf-8")
    assert publish(project, output, "board", Q2) == 0
    return project, output


def figures_of(output: Path, pack: str, period: str) -> dict:
    return json.loads((output / "archive" / pack / Period.parse(period).slug / "v1" / "figures.json").read_text())


def rows_of(document: dict) -> dict[str, dict]:
    return {row["reference"]: row for section in document["priorities"] for row in section["indicators"]}


def points(row: dict) -> list[dict]:
    """Every figure of a row in figures.json: headline, comparators, columns, sparkline, SPC chart."""
    found = [{**row["headline"], "period": row["data_period"]}]
    found += [row[name] for name in ("previous", "same_period_last_year", "last_year_outturn")]
    return found + [p for name in ("history", "recent", "year_quarters", "spc_series") for p in row[name]]


def months_of(period: str) -> list[int]:
    """The months a year-to-date figure for ``period`` covers (worked out here, not by publisher)."""
    first, last = period.split(" - ") if " - " in period else (period, period)
    end = Period.parse(last).end
    start = Period.parse(first).start if " - " in period else Period.parse(last).containing_financial_year().start
    return [m.end for m in MONTHS if start <= m.end <= end]


def recovered(documents: list[dict]) -> list[tuple[str, list[int], float]]:
    """Every count from 1 to 5 an attacker works out from these public packs together: (series, months, count).

    Each published figure is an equation over the months of its series; protected are every month and every run
    of months within a financial year (for adoptions, given only by quarter, every run of quarters)."""
    span = Span()
    series = {"AD1": "adopted", "AD2": "started"}
    for document in documents:
        for reference, row in rows_of(document).items():
            for point in points(row):
                if point["value"] is not None:
                    span.add({(series[reference], m): 1 for m in months_of(point["period"])})
    adopted = [(Period.parse(label), value - ADOPTED.get(Period.parse(label).previous().label, 0)
                * (not label.startswith("Q1"))) for label, value in ADOPTED.items()]  # each quarter's own count
    grains = {"started": [(m, v) for m, v in zip(MONTHS, STARTED, strict=True)], "adopted": adopted}
    runs: list[tuple[str, list[int], float]] = []
    for name, grain in grains.items():
        for i, (first, _) in enumerate(grain):
            for j in range(i, len(grain)):
                if grain[j][0].containing_financial_year() != first.containing_financial_year():
                    break
                months = [m.end for m in MONTHS if first.start <= m.end <= grain[j][0].end]
                runs.append((name, months, sum(value for _, value in grain[i : j + 1])))
    return [run for run in runs if 1 <= run[2] <= 5 and span.holds({(run[0], m): 1 for m in run[1]})]


def test_q2_withholds_what_q1_already_printed_would_reveal_with_a_reason_members_can_read(published):
    _, output = published
    q1, q2 = rows_of(figures_of(output, "board", Q1)), rows_of(figures_of(output, "board", Q2))
    assert q1["AD1"]["headline"]["value"] == 7
    assert q2["AD1"]["headline"]["value"] is None
    reason = "withheld so that a small number cannot be worked out from it and the figures earlier packs published"
    assert q2["AD1"]["headline"]["reason"] == f"Suppressed: {reason}"
    html = (output / "archive" / "board" / "2026-27-Q2" / "v1" / "board-2026-27-Q2.html").read_text(encoding="utf-8")
    assert f"<strong>Suppressed: {reason}.</strong>" in html


def test_no_count_from_1_to_5_follows_from_the_q1_and_q2_public_packs_together(published):
    _, output = published
    assert recovered([figures_of(output, "board", Q1), figures_of(output, "board", Q2)]) == []


def test_without_the_archive_q2_alone_would_give_away_five_adoptions(published, tmp_path):
    """What the pack would have been before: safe on its own, not beside Q1's (the check above has teeth)."""
    project, output = published
    assert main(["-q", "calc", "--project", str(project), "--period", Q2, "--output", str(tmp_path)]) == 0
    alone = json.loads((tmp_path / "scorecard" / "2026-27-Q2" / "public-scorecard.json").read_text())
    assert recovered([alone]) == []
    leaks = recovered([figures_of(output, "board", Q1), alone])
    assert ("adopted", months_of("Jul 2026 - Sep 2026"), 5) in leaks


def test_calc_withholds_what_the_published_pack_withholds(published, tmp_path):
    project, output = published
    archive = shutil.copytree(output / "archive", tmp_path / "archive")
    assert main(["-q", "calc", "--project", str(project), "--period", Q2, "--output", str(tmp_path)]) == 0
    calculated = json.loads((tmp_path / "scorecard" / "2026-27-Q2" / "public-scorecard.json").read_text())
    assert archive.is_dir() and calculated["priorities"] == figures_of(output, "board", Q2)["priorities"]


def test_a_restricted_pack_never_counts_as_published(published, tmp_path):
    project, output = published
    registry = load(load_project(project)).registry
    every = published_figures(output / "archive", registry)
    assert "board-restricted/2026-27-Q1/v1" in every.versions
    public_only = shutil.copytree(output / "archive", tmp_path / "archive")
    shutil.rmtree(public_only / "board-restricted")
    assert published_figures(public_only, registry).figures == every.figures
    restricted = rows_of(figures_of(output, "board-restricted", Q1))
    assert restricted["AD2"]["headline"]["value"] == 27 and figures_of(output, "board-restricted", Q1)["audience"] == (
        "restricted"
    )


def test_a_figure_is_read_as_the_registry_it_was_published_under_counted_it(published, tmp_path):
    """The registry changes AD2 to count the quarter only: its earlier figures still count the year to date."""
    project, output = published
    changed = shutil.copytree(project, tmp_path / "council")
    registry_file = changed / "indicators" / "adoption.yaml"
    registry_file.write_text(registry_file.read_text().replace("numerator: started, window: ytd",
                                                               "numerator: started, window: period"))  # fmt: skip
    found = published_figures(output / "archive", load(load_project(changed)).registry).figures
    by_reference = {f.reference: f.definition for f in found}
    assert by_reference["AD1"] is None  # counted as today's registry counts it
    assert by_reference["AD2"] is not None and str(by_reference["AD2"].calculation.window) == "ytd"


def test_an_archive_changed_since_publication_stops_the_build_before_anything_is_made(published, tmp_path, capsys):
    """An edited figures.json could hide what members saw: nothing is built against it."""
    project, output = published
    output = shutil.copytree(output, tmp_path / "out")
    figures = output / "archive" / "board-restricted" / "2026-27-Q1" / "v1" / "figures.json"
    figures.write_text(figures.read_text().replace('"restricted"', '"public"', 1))
    with pytest.raises(InputError, match="changed since it was published"):
        published_figures(output / "archive", load(load_project(project)).registry)
    assert main(["-q", "build", "--project", str(project), "--pack", "board", "--period", Q2, "--output",
                 str(output)]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert f"{figures}: changed since it was published (SHA-256 differs)" in err
    assert "what earlier public packs published cannot be vouched for" in err
    assert not (output / "board").exists()
