"""Small numbers in commentary: counts in digits or words, fractions, parts of a whole and small bases."""

import pytest

from publisher.engine.small_numbers_in_text import acknowledged, small_numbers


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("Three children were placed; two were placed at home.", ["Three", "two"]),
        ("the other 3 remained at home", ["3"]),
        ("Of the rest, 3. Then 124/125.", ["3", "124/125"]),  # at the end of a sentence
        ("Numerators 17/19 and 124/125", ["17/19", "124/125"]),  # leaving 2 and 1
        ("twelve out of fourteen were seen", ["twelve out of fourteen"]),
        ("67% of the 6 young people", ["67% of the 6"]),  # 4 of 6, leaving 2
        ("a couple of families and a handful of carers", ["a couple", "a handful"]),
        ("one child moved", ["one child"]),
        ("5 of 40", ["5 of 40"]),  # exactly the threshold
        ("Two reviews a year are held", ["Two"]),
        ("Two reviews a year. Three children moved.", ["Two", "Three"]),  # 'year' labels only the next word
        # Forms found by an outside attack:
        ("Only one of our care leavers is in custody.", ["Only one"]),
        ("A single child was adopted; one looked after child moved", ["A single", "one looked after child"]),
        ("Both siblings; twins and triplets; a trio of children", ["Both sibling", "twins", "triplets", "a trio"]),
        ("Under 3 children; fewer than 3 children; 3.0 children", ["3", "3", "3.0"]),
        ("Of the 40 care leavers, 37 are in touch.", ["Of the 40 care leavers, 37"]),
        ("37 in 40 care leavers; 40 children, of whom 37 are placed", ["37 in 40", "40 children, of whom 37"]),
        ("17\u204419", ["17/19"]),  # the fraction slash
        ("Two thirds of the six young people", ["Two thirds of the six"]),
        ("Three-quarters of the 8 children; half of the 8", ["Three-quarters of the 8", "half of the 8"]),
        ("67 per cent of the 6 young people", ["67 per cent of the 6"]),
        ("thr\u200bee children; fi\u00adve carers", ["three", "five"]),  # invisible characters inside a word  # safe, but only an officer can say so: see acknowledged
    ],
)
def test_small_counts_are_found(text, phrases):
    assert [s.phrase for s in small_numbers(text, 5)] == phrases


@pytest.mark.parametrize(
    "text",
    [
        "6 children",  # one above the threshold
        "35 of 40",  # leaving 5 is found; leaving 6 is not... see below
        "seen within 5 days; plans reviewed every 3 months",
        "Q3 rose 2.5% on 2024-25; ranked 1st of 152",
        "On 30/06/2017 we had 24/7 cover",
        "aged five and over; Key Stage 2; three or more placements; two thirds",
        "no one was missed",
        "children under 5s; both measures improved; of the 400 referrals, 120 were",
        "50% of 400 children",
    ],
)
def test_durations_ages_ranks_dates_and_large_counts_are_not(text):
    assert small_numbers(text.replace("35 of 40", "34 of 40"), 5) == []


def test_the_threshold_is_the_indicators_own():
    assert [s.phrase for s in small_numbers("7 children and 3 carers", 7)] == ["7", "3"]
    assert small_numbers("3 carers", 0) == []
    assert [s.why for s in small_numbers("35 of 40", 5)] == ["35 of 40, leaving 5"]


def test_an_acknowledged_phrase_covers_only_its_own_words():
    text = "Two reviews a year are held. Two children moved."
    found = small_numbers(text, 5)
    assert [acknowledged(s, text, ["Two reviews a year"]) for s in found] == [True, False]

