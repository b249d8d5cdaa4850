"""An acknowledged phrase in a public pack's commentary may not give a figure the pack withholds (issue 26)."""

import pytest

from publisher.cli import main

from ..tiny import default_observations, months, tiny_project

COMMENTARY = """\
period: Q2 2024-25
indicators:
  CL2:
    date: 2024-10-01
    text: {text}
    acknowledged: ["{phrase}"]
"""


def custody_withheld_as_1_then_3():
    """CL2 (a count) is 1 from June to August and 3 at the end of September: a public pack withholds them all."""
    return default_observations().replace(months("custody", [0, 0, 0, 0, 0, 0]),
                                          months("custody", [0, 0, 1, 1, 1, 3]))  # fmt: skip


@pytest.mark.parametrize(
    ("text", "phrase", "gives"),
    [
        ("Two extra care leavers are in custody since June.", "Two extra care leavers", "2"),  # 3 - 1
        ("Three care leavers are in custody.", "Three care leavers", "3"),  # the withheld figure itself
    ],
)
def test_an_acknowledged_phrase_giving_a_withheld_figure_is_still_listed(tmp_path, capsys, text, phrase, gives):
    commentary = COMMENTARY.format(text=text, phrase=phrase)
    project = tiny_project(tmp_path, custody_withheld_as_1_then_3(), commentary=commentary)
    assert main(["commentary", "status", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert f"CL2: states a small number (line 5: '{phrase.split()[0]}' (a count of {gives[0]})" in out
    assert f"is acknowledged, but it gives {gives}, which this indicator's figures withhold" in out


def test_an_acknowledged_phrase_giving_nothing_withheld_passes(tmp_path, capsys):
    commentary = COMMENTARY.format(text="Two reviews a year are held with each care leaver.", phrase="Two reviews")
    project = tiny_project(tmp_path, default_observations(), commentary=commentary)  # CL2 is 0: nothing withheld
    assert main(["commentary", "status", "--project", str(project)]) == 0
    assert "small number" not in capsys.readouterr().out.split("\n\n", 1)[1]


def test_validate_names_the_whole_reference_of_a_text_with_a_small_number(tmp_path, capsys):
    """References hold dots (CL3.1): the readiness report printed "CL3" for CL3.1's commentary."""
    commentary = "period: Q2 2024-25\nindicators:\n  CL2:\n    date: 2024-10-01\n    text: One was placed.\n"
    project = tiny_project(tmp_path, default_observations(), commentary=commentary)
    (project / "indicators" / "cl.yaml").write_text(
        (project / "indicators" / "cl.yaml").read_text().replace("reference: CL2\n", "reference: CL2.1\n")
    )
    (project / "commentary" / "2024-25-Q2.yaml").write_text(commentary.replace("CL2:", "CL2.1:"))
    assert main(["validate", "--project", str(project)]) == 0
    assert "\n  CL2.1: " in capsys.readouterr().out


@pytest.mark.parametrize(("command", "exit_code"), [("validate", 0), ("publish", 1)])
def test_validate_and_publish_hold_an_acknowledged_phrase_giving_a_withheld_figure(tmp_path, capsys, command,
                                                                                    exit_code):  # fmt: skip
    """Not only `commentary status`: validate lists it and publish refuses the public pack (before any layout)."""
    commentary = COMMENTARY.format(text="Two extra care leavers are in custody since June.", phrase="Two extra care leavers")
    project = tiny_project(tmp_path, custody_withheld_as_1_then_3(), commentary=commentary)
    extra = ["--pack", "board", "--allow-unapproved", "--reason", "agreed", "--by", "Clerk", "--output", str(tmp_path / "out")]
    assert main([command, "--project", str(project), *(extra if command == "publish" else [])]) == exit_code
    captured = capsys.readouterr()
    assert "is acknowledged, but it gives 2, which this indicator's figures withhold" in captured.out + captured.err
    assert not (tmp_path / "out" / "archive").exists() or not any((tmp_path / "out" / "archive").rglob("*.pdf"))
