"""The council's printed RAG and direction beside publisher's (issue 24, item 2): ``validate`` lists each difference
with the rule that gave publisher's answer, and ``init`` proposes the no-change band the printed arrows show."""

import openpyxl

from publisher.cli import main
from publisher.core.vocab import Polarity
from publisher.inputs.printed import Arrow, Reading
from publisher.inputs.starter_roles import Move, band_from_arrows, reading_from_arrows

HEADINGS = ["Ref", "Indicator", "Polarity", "Target", "Q1 23/24", "Q2 23/24", "RAG", "DoT"]
ROWS = [
    ["A1", "Children seen within 5 days (%)", "High is good", 80, 78, 82, "Green", "↑"],  # as publisher: no line
    ["A2", "Re-referrals (%)", "Low is good", 20, 21, 22, "Amber", "↑"],  # no tolerance: 22 against 20 is red
    ["A3", "Number of children in care", "n/a", None, 400, 401, None, "→"],  # up 1 of 400: level within 0.3%
    ["A4", "Care leavers in EET (%)", "High is good", 60, 55, 55, "R", "▬"],  # as publisher
    ["A5", "Children with a plan (%)", "High is good", 60, 55, 70, "Good", "↓"],  # 'Good' is no RAG; up, not down
]


def sheet(tmp_path):
    book = openpyxl.Workbook()
    for row in [HEADINGS, *ROWS]:
        book.active.append(row)
    path = tmp_path / "scorecard.xlsx"
    book.save(path)
    return path


def test_validate_lists_each_difference_from_the_printed_scorecard_with_publishers_rule(tmp_path, capsys):
    project = tmp_path / "project"
    assert main(["init", str(project), "--from", str(sheet(tmp_path))]) == 0
    out = capsys.readouterr().out
    # By hand: level arrows cover A3's 1 of 400 (0.25%) and A4's 0; up/down arrows move A2 1 of 21 (4.76%), A1 4 of
    # 78, A5 15 of 55. In points 1 does not separate A3 from A2, so the band is 0.25% rounded up to 0.3%.
    assert ("Guessed: the pack's direction no_change_within 0.3%: the largest move printed level as a share of the "
            "figure before: row 4 (A3) moved 1 and is printed '→', 0.25% of 400") in out
    assert 'direction: {no_change_within: "0.3%"}' in (project / "packs" / "scorecard.yaml").read_text()
    assert "# Guessed for the pack" in (project / "init-mapping.yaml").read_text()
    assert main(["validate", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    section = out[out.index("Not as the scorecard printed it:"):].splitlines()
    assert section[:4] == [
        "Not as the scorecard printed it: 3",
        "  A2: RAG printed 'Amber', publisher Red for 22% by the rule 'target_tolerance': Above target of 20%",
        "  A5: RAG printed 'Good' is not red, amber or green (R, A, G): not compared",
        "  A5: direction printed '↓' (down), publisher up (improving): Up from 55% in Q1 2023-24: improving, "
        "comparing with previous_period with no change within 0.3%",
    ]


def test_without_the_band_a_level_arrow_over_a_move_is_listed(tmp_path, capsys):
    project = tmp_path / "project"
    assert main(["-q", "init", str(project), "--from", str(sheet(tmp_path))]) == 0
    pack = project / "packs" / "scorecard.yaml"
    pack.write_text("".join(line for line in pack.open() if not line.startswith("direction:")))
    capsys.readouterr()
    assert main(["validate", "--project", str(project)]) == 0
    assert ("  A3: direction printed '→' (level), publisher up (not judged): Up from 400 in Q1 2023-24 (neither high "
            "nor low is better), comparing with previous_period with no change within 0 (level_tolerance)"
            in capsys.readouterr().out)


def move(row, arrow, before, now):
    return Move(row, f"R{row}", str(arrow), arrow, before, now)


def test_the_band_the_arrows_show_is_the_largest_level_move_in_points_when_that_separates_them():
    # level moves 1.0 and 2.4; moves printed up or down 2.5 and 6: 2.4 points, exactly the widest level move
    moves = [move(1, Arrow.LEVEL, 50, 51), move(2, Arrow.LEVEL, 60, 57.6), move(3, Arrow.UP, 50, 52.5),
             move(4, Arrow.DOWN, 10, 4)]  # fmt: skip
    band = band_from_arrows(moves)
    assert isinstance(band, tuple) and band[0] == 2.4
    # one move printed up of exactly 2.4 points: the widest level move does not separate them in points; as shares
    # of the figure before, level 2% and 4%, up 4.8%: 4% (exactly 4.0, not rounded up) does
    band = band_from_arrows([*moves[:2], move(5, Arrow.UP, 50, 52.4)])
    assert isinstance(band, tuple) and band[0] == "4%"
    # a move printed up of 1 from 100 (1%) under the level 4%: no band fits, and the officer is told why
    assert band_from_arrows([*moves[:2], move(6, Arrow.UP, 100, 101)]) == (
        "no no-change band fits the sheet's arrows: row 2 (R2) moved 2.4 and is printed 'level', but row 6 (R6) "
        "moved 1 and is printed 'up'")
    assert band_from_arrows([move(7, Arrow.LEVEL, 5, 5), move(8, Arrow.UP, 5, 6)]) is None  # no level move to cover


# Arrows for better and worse: a rise where low is good printed '↓' (B1), a fall where low is good printed '↑' (B3).
JUDGED_ROWS = [
    ["B1", "Re-referrals (%)", "Low is good", 20, 21, 24, None, "↓"],
    ["B2", "Children seen within 5 days (%)", "High is good", 80, 78, 82, None, "↑"],
    ["B3", "Repeat plans (%)", "Low is good", 20, 18, 16, None, "↑"],
    ["B4", "Visits on time (%)", "High is good", 80, 90, 85, None, "↓"],
]


def test_arrows_that_mean_better_and_worse_are_read_so_and_the_mapping_line_can_say_otherwise(tmp_path, capsys):
    book = openpyxl.Workbook()
    for row in [HEADINGS, *JUDGED_ROWS]:
        book.active.append(row)
    path = tmp_path / "scorecard.xlsx"
    book.save(path)
    assert main(["init", str(tmp_path / "judged"), "--from", str(path)]) == 0
    # By hand: all 4 rows read as better and worse, 2 (B2, B4) as up and down
    assert ("Guessed: the printed arrows ↑ and ↓ mean better and worse (better_worse): 4 of the 4 rows whose figure "
            "moved and whose polarity is known read so: row 2 (B1) rose from 21 to 24, low is good, printed '↓' "
            "(the printed_direction line of init-mapping.yaml says so)") in capsys.readouterr().out
    mapping = (tmp_path / "judged" / "init-mapping.yaml").read_text(encoding="utf-8")
    assert '\n"DoT": printed_direction better_worse\n' in mapping and "# Guessed for the sheet" in mapping
    assert main(["validate", "--project", str(tmp_path / "judged")]) == 0
    assert "Not as the scorecard printed it: none" in capsys.readouterr().out
    (tmp_path / "init-mapping.yaml").write_text('"DoT": printed_direction up_down\n', encoding="utf-8")
    assert main(["-q", "init", str(tmp_path / "moves"), "--from", str(path)]) == 0  # the officer's line: no guess
    assert "Guessed for the sheet" not in (tmp_path / "moves" / "init-mapping.yaml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--project", str(tmp_path / "moves")]) == 0
    out = capsys.readouterr().out
    section = out[out.index("Not as the scorecard printed it:"):].splitlines()
    assert section[:2] == ["Not as the scorecard printed it: 2", "  B1: direction printed '↓' (down), publisher up "
                           "(worsening): Up from 21% in Q1 2023-24: worsening, comparing with previous_period with no "
                           "change within 0 (level_tolerance)"]  # fmt: skip
    assert section[2].startswith("  B3: direction printed '↑' (up), publisher down (improving)")


def test_up_and_down_is_the_reading_unless_more_rows_say_better_and_worse():
    low, high = Polarity.LOW, Polarity.HIGH  # where high is good, both readings agree
    assert reading_from_arrows([(move(1, Arrow.LEVEL, 5, 6), low)]) is None  # no up or down arrow over a move
    tie = [(move(2, Arrow.DOWN, 21, 24), low), (move(3, Arrow.DOWN, 18, 16), low)]  # one each way
    assert reading_from_arrows(tie) == (Reading.UP_DOWN, "1 of the 2 rows whose figure moved and whose polarity is "
                                        "known read so: row 3 (R3) fell from 18 to 16, low is good, printed 'down'")
    assert reading_from_arrows([*tie, (move(4, Arrow.UP, 9, 8), low)])[0] is Reading.BETTER_WORSE  # type: ignore[index]
    assert reading_from_arrows([(move(5, Arrow.UP, 8, 9), high)])[0] is Reading.UP_DOWN  # type: ignore[index]
