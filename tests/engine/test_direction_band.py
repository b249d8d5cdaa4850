"""Direction of travel with a no-change band (issue 24, item 6): ``direction: {no_change_within: ...}`` in points or
as a percentage of the figure compared with, per indicator or per pack. Every boundary worked by hand."""

import pytest

from publisher.core.figures import Figure, Status
from publisher.core.periods import Period
from publisher.engine.judgement import direction_of_travel, rag_for
from publisher.engine.model import Judgement, Movement, Point
from publisher.engine.rules import Rating
from publisher.inputs.packs import PackDefinition
from publisher.inputs.registry import DirectionOptions, Registry
from publisher.output.messages import default_messages
from publisher.output.words import phrase

from ..helpers import indicator

Q1 = Period.parse("Q1 2024-25")
WORDS = default_messages().entries  # publisher's catalogue: the explanations in its words


def judged(band, now, before, decimals=1, polarity="high"):
    ind = indicator(decimals=decimals, polarity=polarity, direction={"no_change_within": band})
    return direction_of_travel(ind, Figure.of(now), Point(Q1, Figure.of(before))).judgement


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [(51.0, 50.0, Judgement.NO_CHANGE),  # a move of exactly 1.0 point: inside the band
     (49.0, 50.0, Judgement.NO_CHANGE),  # down by exactly 1.0
     (50.9, 50.0, Judgement.NO_CHANGE),  # just inside
     (51.1, 50.0, Judgement.IMPROVING),  # just outside: 1.1 > 1.0
     (48.9, 50.0, Judgement.WORSENING),
     (50.3, 50.2, Judgement.NO_CHANGE)],  # 0.1 (0.09999999999999432 in floating point)
)  # fmt: skip
def test_a_band_in_points(now, before, expected):
    assert judged(1.0, now, before) is expected


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [(21.0, 20.0, Judgement.NO_CHANGE),  # 5% of 20 is 1.0: a move of exactly 1.0
     (19.0, 20.0, Judgement.NO_CHANGE),
     (20.9, 20.0, Judgement.NO_CHANGE),
     (21.1, 20.0, Judgement.IMPROVING),  # 1.1 > 1.0
     (210.0, 200.0, Judgement.NO_CHANGE),  # 5% of 200 is 10: the band grows with the figure
     (211.0, 200.0, Judgement.IMPROVING),
     (1.0, 0.0, Judgement.IMPROVING)],  # 5% of 0 is 0: any move from 0 is a move
)  # fmt: skip
def test_a_band_as_a_percentage_of_the_figure_compared_with(now, before, expected):
    assert judged("5%", now, before) is expected


def test_the_percentage_is_of_the_figure_as_displayed_and_low_is_good_turns_it_round():
    # 8% of 12.5 (shown 12.5) is 1.0: 13.5 is no change; 13.6 (a move of 1.1) is worsening when low is good
    assert judged("8%", 13.5, 12.5, polarity="low") is Judgement.NO_CHANGE
    assert judged("8%", 13.6, 12.5, polarity="low") is Judgement.WORSENING
    # shown with no decimals, 19.6 is 20 and 21.4 is 21: a move of 1, 5% of 20, so no change (unrounded, a move of
    # 1.8 against 5% of 19.6, 0.98, would be improving)
    assert judged("5%", 21.4, 19.6, decimals=0) is Judgement.NO_CHANGE


def test_a_missing_figure_compared_with_is_not_judged_whatever_the_band():
    ind = indicator(direction={"no_change_within": "5%"})
    result = direction_of_travel(ind, Figure.of(20), Point(Q1, Figure.none(Status.MISSING, "no data")))
    assert (result.movement, result.judgement) == (Movement.UNKNOWN, Judgement.NOT_JUDGED)
    assert phrase(result.explanation, WORDS) == "Not judged: no figure for Q1 2024-25"


def test_the_rag_rule_direction_uses_the_same_band():
    ind = indicator(decimals=1, targets={}, direction={"no_change_within": 1.0},
                    rag={"rule": "direction", "aim": "increase"})  # fmt: skip
    assert rag_for(ind, Figure.of(51.0), None, Point(Q1, Figure.of(50.0))).rating is Rating.AMBER  # no change
    assert rag_for(ind, Figure.of(51.1), None, Point(Q1, Figure.of(50.0))).rating is Rating.GREEN


@pytest.mark.parametrize(
    ("written", "message"),
    [("five", "expected points (such as 1.0) or a percentage (such as \"5%\"), got 'five'"),
     (-1.0, "expected 0 or more, got -1.0")],
)  # fmt: skip
def test_a_band_that_is_neither_points_nor_a_percentage_is_refused(written, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        DirectionOptions.model_validate({"no_change_within": written})


def test_a_band_and_a_level_tolerance_together_are_refused():
    with pytest.raises(ValueError, match="not both"):
        indicator(level_tolerance=0.5, direction={"no_change_within": 1.0})


def test_a_packs_band_goes_to_every_indicator_without_its_own():
    own, tolerant, plain = (indicator(reference="A", direction={"no_change_within": "5%"}),
                            indicator(reference="B", level_tolerance=0.5), indicator(reference="C"))  # fmt: skip
    pack = PackDefinition.model_validate({"committee": "C", "title": "T", "meeting_date": "2024-10-20",
                                          "period": "Q2 2024-25", "priorities": [{"priority": "p"}],
                                          "direction": {"no_change_within": 2}})  # fmt: skip
    registry = Registry((), (own, tolerant, plain), ()).with_direction(pack.direction)
    a, b, c = registry.indicators
    assert (a.direction, b.direction, c.direction) == (own.direction, None, DirectionOptions(no_change_within=2))
    assert c.no_change(52, 50) and not c.no_change(52.1, 50)  # 2 points, exactly at the band and just outside
    assert b.no_change(50.5, 50) and not b.no_change(50.6, 50)  # its own level_tolerance kept
