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
