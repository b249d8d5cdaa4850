"""What changed since the last published pack: a pack published, one past figure revised and one target changed,
the next quarter built; both found on the "What changed" page, in the tables ("r") and in ``publisher changes``.

Hand-worked: CL1 is care leavers in education, employment or training as a snapshot, eet / leavers.
Q1 2024-25 as published: June 62 / 100 = 62.0%, target 60 (tolerance 5): Green, no earlier quarter: Not judged.
Then June is revised to 58 (58.0%), the target raised to 66, and Q2 2024-25 built: September 65 / 100 = 65.0%,
below 66 within 5: Amber; up from 58.0%: Improving.
"""

import json
import shutil
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.core.periods import Period
from publisher.engine.changes import RegistryCopy, compare
from publisher.inputs.load import load
from publisher.inputs.packs import find_pack, load_pack
from publisher.inputs.project import load_project
from publisher.output.build import pack_scorecard
from publisher.output.changes_view import changes_view
from publisher.output.messages import default_messages
from publisher.publish.archive import MANIFEST
from publisher.publish.previous import last_version, period_of_folder, read_version

from ..tiny import months, tiny_project

Q1, Q2 = "Q1 2024-25", "Q2 2024-25"


def observations(june_eet: int, quarters: int) -> str:
    eet = [60, 61, june_eet, 63, 64, 65][: 3 * quarters]
    return (months("eet", eet) + months("leavers", [100] * len(eet)) + months("custody", [0] * len(eet))
            + months("in_touch", [80] * len(eet)))  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    """The tiny council's board pack published for Q1 2024-25 (the slow part, done once): project and output."""
    root = tmp_path_factory.mktemp("changes")
    project = tiny_project(root / "council", observations(62, 1))
    output = root / "out"
    assert main(["-q", "publish", "--project", str(project), "--pack", "board", "--period", Q1, "--date", "2024-08-01",
                 "--reason", "agreed", "--allow-unapproved", "--output", str(output)]) == 0  # fmt: skip
    return project, output


@pytest.fixture
def revised(tmp_path, published) -> tuple[Path, Path]:
    """A copy of the project with June's figure revised and the target raised, and of the archive."""
    project, output = (shutil.copytree(p, tmp_path / p.name) for p in published)
    (project / "data" / "observations.csv").write_text("series,period,value,note\n" + observations(58, 2))
    registry = project / "indicators" / "cl.yaml"
    registry.write_text(registry.read_text().replace('targets: {"2024-25": 60}', 'targets: {"2024-25": 66}'))
    return project, output


def build(project: Path, output: Path, period: str) -> int:
    return main(["-q", "build", "--project", str(project), "--pack", "board", "--period", period, "--output", str(output)])


def html_of(output: Path, period: str) -> str:
    slug = Period.parse(period).slug
    return (output / "board" / slug / f"board-{slug}.html").read_text(encoding="utf-8")


def test_the_first_pack_says_nothing_about_changes(published):
    _, output = published
    html = (output / "archive" / "board" / "2024-25-Q1" / "v1" / "board-2024-25-Q1.html").read_text()
    assert 'id="what-changed"' not in html and '<span class="revised-mark"' not in html


def test_the_archive_keeps_the_published_figures_and_the_registry(published):
    project, output = published
    version = output / "archive" / "board" / "2024-25-Q1" / "v1"
    manifest = json.loads((version / MANIFEST).read_text())
    assert {"figures.json", "registry.json"} <= set(manifest["files"])
    figures = json.loads((version / "figures.json").read_text())
    cl1 = figures["priorities"][0]["indicators"][0]
    assert (cl1["reference"], cl1["headline"]["display"], cl1["rag"]["word"]) == ("CL1", "62.0%", "Green")
    registry = json.loads((version / "registry.json").read_text())
    assert registry == {"indicators/cl.yaml": (project / "indicators" / "cl.yaml").read_text()}


def test_a_revised_figure_and_a_changed_target_are_on_the_page_in_the_table_and_in_changes(revised, capsys):
    project, output = revised
    assert build(project, output, Q2) == 0
    html = html_of(output, Q2)
    page = html.split('id="what-changed"', 1)[1].split("</section>", 1)[0]
    assert "Compared with the pack for Q1 2024-25 as published on 1 August 2024 (version 1)" in page
    assert "Q1 2024-25: now 58.0%, was 62.0% in the last pack" in page
    assert "Target for Q2 2024-25: was 60.0%, now 66.0%" in page
    assert "RAG: was Green, now Amber" in page and "Direction of travel: was Not judged, now Improving" in page
    assert '<a href="#indicator-CL1"><strong>CL1</strong>' in page and "65.0% in Sep 2024" in page  # linked, as now
    assert '<a href="#what-changed">' in html  # in the contents
    row = html.split('id="indicator-CL1"', 1)[1].split('id="indicator-CL2"', 1)[0]
    assert '58.0%<span class="revised-mark" title="revised since the last pack">r</span>' in row
    assert row.count('class="revised-mark" title=') == 1  # only the revised figure: not 65.0%, not Q4 2023-24
    assert "Revised: Q1 2024-25: now 58.0%, was 62.0% in the last pack." in row
    assert "<dt>r</dt>" in html  # the notes explain the mark
    capsys.readouterr()
    assert main(["changes", "--project", str(project), "--pack", "board", "--period", Q2, "--output", str(output)]) == 0
    printed = capsys.readouterr().out
    assert "board Q2 2024-25: What changed since the last pack\nCompared with the pack for Q1 2024-25 as published on 1 August 2024 (version 1)." in printed
    assert "  CL1 Care leavers in education, employment or training: Q1 2024-25: now 58.0%, was 62.0% in the last pack" in printed
    assert "  CL1 Care leavers in education, employment or training: Target for Q2 2024-25: was 60.0%, now 66.0%" in printed


def test_an_archive_changed_since_publication_stops_the_build(revised, capsys):
    project, output = revised
    figures = output / "archive" / "board" / "2024-25-Q1" / "v1" / "figures.json"
    figures.write_text(figures.read_text().replace('"62.0%"', '"99.0%"'))
    assert build(project, output, Q2) == 1
    err = capsys.readouterr().err
    assert f"{figures}: changed since it was published (SHA-256 differs)" in err
    assert "the last published pack is not as it was published" in err
    assert not (output / "board").exists()  # nothing written
    assert main(["-q", "changes", "--project", str(project), "--pack", "board", "--period", Q2,
                 "--output", str(output)]) == 1  # fmt: skip


def test_with_no_earlier_pack_changes_says_so(published, capsys):
    project, output = published
    assert main(["changes", "--project", str(project), "--pack", "board", "--period", Q1, "--output", str(output)]) == 0
    assert "no earlier published pack of board" in capsys.readouterr().out


def test_a_pack_archived_without_a_registry_copy_says_registry_changes_cannot_be_listed(published):
    _, output = published
    version = output / "archive" / "board" / "2024-25-Q1" / "v1"
    manifest = json.loads((version / MANIFEST).read_text())
    del manifest["files"]["registry.json"]  # as a version archived before the copy was kept
    old = read_version(version, manifest)
    assert (old.registry, old.copy) == (None, RegistryCopy.NONE)
    assert [r.reference for r in old.rows] == ["CL1", "CL2", "CL3"]


@pytest.mark.parametrize(
    ("name", "label"),
    [("2024-25-Q1", "Q1 2024-25"), ("2024-25", "2024-25"), ("Sep-2024", "Sep 2024"), ("Autumn-2024", "Autumn 2024")],
)
def test_a_period_folder_is_read_back_as_its_period(name, label):
    assert period_of_folder(name) == Period.parse(label)
    assert period_of_folder(Period.parse(label).slug) == Period.parse(label)


def test_the_last_pack_is_the_latest_version_of_the_latest_earlier_period(tmp_path):
    """Not a version of the period being built: a second version of Q2 still says what changed since Q1."""
    archive = tmp_path / "archive"
    for folder in ("2024-25-Q1/v1", "2024-25-Q1/v2", "2024-25-Q2/v1", "2023-24-Q4/v3"):
        (archive / "board" / folder).mkdir(parents=True)
    assert last_version(archive, "board", Period.parse(Q2)) == archive / "board" / "2024-25-Q1" / "v2"
    assert last_version(archive, "board", Period.parse("Q3 2024-25")) == archive / "board" / "2024-25-Q2" / "v1"
    assert last_version(archive, "board", Period.parse("Q4 2023-24")) is None
    assert last_version(archive, "other", Period.parse(Q2)) is None


def test_a_pack_archived_without_its_figures_is_not_guessed_at(published):
    """Nothing is said to be added, revised or moved when the last pack's figures were not kept."""
    project, output = published
    version = output / "archive" / "board" / "2024-25-Q1" / "v1"
    manifest = json.loads((version / MANIFEST).read_text())
    del manifest["files"]["figures.json"]
    old = read_version(version, manifest)
    assert old.rows is None
    loaded = load(load_project(project))
    pack = load_pack(find_pack(loaded.project.packs_dir, "board"), loaded.registry)
    changes = compare(old, pack_scorecard(loaded, pack), loaded.registry.indicators)
    assert (changes.revisions, changes.moves, changes.registry, changes.figures_kept) == ((), (), (), False)
    assert changes_view(changes, default_messages().entries)["figures_note"].startswith("the last pack was archived")
