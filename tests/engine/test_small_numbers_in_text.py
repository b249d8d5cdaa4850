"""Small numbers in commentary: counts in digits or words, fractions, parts of a whole and small bases."""

import pytest

from publisher.engine.small_numbers_in_text import acknowledged, restates_withheld, small_numbers


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
        (
            "thr\u200bee children; fi\u00adve carers",
            ["three", "five"],
        ),  # invisible characters inside a word  # safe, but only an officer can say so: see acknowledged
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


# Issue 26: counts of people in ordinary words, each passed by the check before.
@pytest.mark.parametrize(
    ("text", "phrase", "counts"),
    [
        ("One was placed out of area.", "One was", (1,)),
        ("Both were remanded.", "Both were", (2,)),
        ("Both of them were remanded.", "Both of them were", (2,)),
        ("6 in custody; half are on remand.", "6 in custody; half", (3, 3)),
        ("(6 in total), 67% are on remand.", "6 in total), 67%", (4, 2)),
        ("There were 7 in custody. Two thirds are on remand.", "7 in custody. Two thirds", (5, 2)),
        ("The only child placed out of area is settled.", "The only child", (1,)),
        ("Our only care leaver at university", "Our only care leaver", (1,)),
        ("A quartet of siblings was placed together.", "A quartet", (4,)),
        ("\u0663 children were placed out of area.", "3", (3,)),  # Arabic-Indic three
        ("\u0969 children were placed out of area.", "3", (3,)),  # Devanagari three
        ("III children were placed out of area.", "III children", (3,)),
        ("A young person was remanded in October.", "A young person was remanded", (1,)),
        ("A looked after child died.", "A looked after child died", (1,)),
        ("The 3rd young person this year was remanded.", "3rd young person", (3,)),
        ("The second care leaver to start university", "second care leaver", (2,)),
        ("This quarter 3 children were adopted.", "3", (3,)),  # 'quarter' numbers nothing after 'this'
        ("The other 3 remained at home. Q3 will be 2.5% better.", "3", (3,)),  # 2.5% of 3 is none of them
    ],
)
def test_counts_of_people_in_ordinary_words_are_found(text, phrase, counts):
    assert [(s.phrase, s.counts) for s in small_numbers(text, 5)] == [(phrase, counts)]


# Issue 26: periods, limits and labels a council writes every quarter, flagged before and not counts of children.
@pytest.mark.parametrize(
    "text",
    [
        "Timeliness improved during quarter 2.",
        "Timeliness improved in quarter two and in Q2.",
        "Caseloads are less than 5 for most workers.",
        "Fewer than 10 per worker; more than 3 visits each.",
        "Young people aged 16 and 17 in Year 11; KS2 results.",
        "Reviewed on 3 March 2026 and again on April 1st.",
        "See section 3, table 2 and appendix 4 (month 3, week 2, term 1).",
        "Performance rose to 67% in quarter 2, up from 50% in 2025-26.",
        "In the first half of the year, 45% were seen within 5 days.",
        "Chapter II of the plan; Henry VIII; the only measure off track.",
        "No one was missed; each one is reviewed; this one was late.",
        "A child's plan is reviewed within 20 working days.",
    ],
)
def test_periods_limits_and_labels_are_not_flagged(text):
    assert small_numbers(text, 5) == []


def test_a_limit_narrower_than_withholding_is_still_a_count():
    assert [s.phrase for s in small_numbers("Under 3 children; fewer than 5 children", 5)] == ["3"]


@pytest.mark.parametrize(
    ("text", "withheld", "shown", "restated"),
    [
        ("Two extra young people identified as being pregnant", [1, 3], [], 2),  # 3 - 1
        ("Three children were placed", [3], [40], 3),  # the withheld figure itself
        ("Four children were placed", [1], [5], 4),  # 5 - 1: shown less withheld
        ("Two children were placed", [], [1, 3], None),  # shown figures only: nothing withheld to restate
        ("Two reviews a year", [4], [9], None),  # neither 4, 4 + 9 nor 9 - 4
    ],
)
def test_an_acknowledged_count_may_not_restate_a_withheld_figure(text, withheld, shown, restated):
    (item,) = small_numbers(text, 5)
    assert restates_withheld(item, withheld, shown) == restated
