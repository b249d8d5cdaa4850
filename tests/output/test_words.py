"""The engine's values in the catalogue's words: a sentence the engine returns (a Phrase) is worded as the
catalogue, a council's override included, says each value in it."""

import datetime as dt

from publisher.commentary.signoff import SignOff, SignOffState
from publisher.engine.model import Direction, Judgement, Movement
from publisher.engine.rules import Rag, Rating
from publisher.output.messages import default_messages
from publisher.output.words import phrase

WELSH = {**default_messages().entries, "rag": {"red": "Coch"}, "direction": {"worsening": "Gwaethygu"},
         "signoff": {"lapsed": "Heb ei gymeradwyo: newidiodd y sylwebaeth ar ôl i {by} ei gymeradwyo ar {date}"}}  # fmt: skip


def test_a_phrase_words_its_rating_judgement_and_sign_off_from_the_catalogue():
    red, worse = Rag(Rating.RED, "Below target"), Direction(Movement.DOWN, Judgement.WORSENING, "Down")
    assert phrase(("rated ", red, ", ", worse), WELSH) == "rated Coch, gwaethygu"
    assert phrase(("rated ", Rag(Rating.RED, "", band="Inadequate")), WELSH) == "rated Inadequate"  # its own name
    lapsed = SignOff(SignOffState.LAPSED, "Amira Shah", dt.date(2026, 10, 5))
    assert phrase((lapsed, ": approve it again"), WELSH) == (
        "Heb ei gymeradwyo: newidiodd y sylwebaeth ar ôl i Amira Shah ei gymeradwyo ar 5 October 2026: approve it again"
    )
    assert phrase("as written", WELSH) == "as written"


def test_an_explanation_opens_with_its_rating_or_judgement_in_the_councils_words():
    """A council's "Not rated" reaches the explanation under the cell as it reaches the cell; a sentence quoted
    inside another keeps its opening word as the catalogue writes it."""
    from publisher.core.figures import Figure, Status
    from publisher.core.periods import Period
    from publisher.engine.judgement import direction_of_travel, rag_for
    from publisher.engine.model import Point

    from ..helpers import indicator

    words = {**default_messages().entries, "rag": {"not_rated": "Heb ei raddio"},
             "direction": {"not_judged": "Heb ei farnu", "improving": "Gwella"}}  # fmt: skip
    missing, q1 = Figure.none(Status.MISSING, "no figure for Q2 2024-25"), Period.parse("Q1 2024-25")
    rag = rag_for(indicator(), missing, None, Point(q1, Figure.of(5)))
    assert phrase(rag.explanation, words) == "Heb ei raddio: missing: no figure for Q2 2024-25"
    assert phrase(("publisher says: ", rag.explanation), words).startswith("publisher says: Heb ei raddio")
    assert phrase(direction_of_travel(indicator(), missing, Point(q1, Figure.of(5))).explanation, words) == (
        "Heb ei farnu: no figure for this period"
    )
    assert phrase(direction_of_travel(indicator(), Figure.of(7), Point(q1, Figure.of(5))).explanation, words) == (
        "Up from 5.0 in Q1 2024-25: gwella"
    )
