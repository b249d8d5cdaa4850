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


def test_every_explanation_the_engine_gives_is_a_catalogue_sentence_and_every_one_is_given():
    """The rules and the direction of travel name only sentences the catalogue has, with the values it fills, and
    every ``explain`` sentence is one they name (none is left behind when a rule's wording changes)."""
    import itertools

    from publisher.core.figures import Figure, Status
    from publisher.core.periods import Period
    from publisher.core.phrase import Sentence
    from publisher.engine.judgement import direction_of_travel, rag_for
    from publisher.engine.model import Point
    from publisher.output.messages import entry, placeholders

    from ..helpers import indicator

    bands = [{"label": "RI", "rag": "amber", "range": "50-60"}, {"label": "Good", "rag": "green", "range": "61+"}]
    rules = [{"rule": "target_tolerance", "tolerance": 5, "tolerance_type": "absolute"},
             {"rule": "target_tolerance", "tolerance": 0, "tolerance_type": "absolute"},
             {"rule": "thresholds", "green": 60, "amber": 50}, {"rule": "intervention", "intervention": 40},
             {"rule": "range", "low": 40, "high": 60, "tolerance": 5}, {"rule": "bands", "bands": bands},
             {"rule": "direction", "aim": "increase"}, {"rule": "direction", "aim": "reduce"}, {"rule": "none"}]  # fmt: skip
    words, q2, named = default_messages().entries, Period.parse("Q2 2024-25"), set()

    def sentences(detail: object) -> list[Sentence]:
        if isinstance(detail, Sentence):
            return [detail, *(s for _, value in detail.values for s in sentences(value))]
        return [s for part in detail for s in sentences(part)] if isinstance(detail, tuple) else []

    for rule, polarity, value, target, before in itertools.product(
        rules, ["high", "none"], [30, 38, 52, 55, 60, 64, 90, None], [None, 55], [None, 55]
    ):
        fields = {"unit": "percentage", "calculation": {"numerator": "n", "denominator": "d"}, "rag": rule}
        try:
            measure = indicator(polarity=polarity, targets={"2024-25" if target else "2023-24": target or 50}, **fields)
        except ValueError:  # a rule that needs a polarity, or a target
            continue
        gone = Figure.none(Status.MISSING, "none")
        now, earlier = (Figure.of(v) if v is not None else gone for v in (value, before))
        compared = Point(q2.previous(), earlier)
        explained = (rag_for(measure, now, measure.target_for(q2), compared).explanation,
                     direction_of_travel(measure, now, compared).explanation)  # fmt: skip
        for said in sentences(explained):
            assert {name for name, _ in said.values} == placeholders(entry(words, said.key)), said
            named.add(said.key)
        assert all(phrase(e, words) for e in explained)
    written = {f"explain.{group}.{name}" for group in ("rag", "direction") for name in words["explain"][group]}
    nested = {f"{key}.{kind}" for key in written if isinstance(entry(words, key), dict) for kind in entry(words, key)}
    assert named == {key for key in written | nested if isinstance(entry(words, key), str)}


def test_no_module_of_core_the_engine_or_the_round_writes_an_explanation_or_a_forms_words():
    """The explanations under each indicator (a code's meaning among them), the commentary form's own words and
    the e-mail that sends it live in the catalogue alone (``explain``, ``withheld``, ``form`` and ``form_mail``):
    no string of core, the engine, the inputs or the commentary round holds a piece of one."""
    import re

    from ..commentary.test_checks import PACKAGE, literals

    def texts(group: object) -> list[str]:
        return [t for v in group.values() for t in texts(v)] if isinstance(group, dict) else [str(group)]

    entries = dict(default_messages().entries)
    entries["form_mail"] = {k: v for k, v in entries["form_mail"].items() if k != "owes"}  # commentary status's too
    pieces = {piece.strip(" ,;:()") for group in ("explain", "form", "form_mail", "withheld") for text in texts(entries[group])
              for piece in re.split(r"\{\w+\}", text)}  # fmt: skip
    sentences = {piece for piece in pieces if len(piece.split()) >= 3}  # fewer words may be another's ("At or")
    written = {(p.relative_to(PACKAGE).as_posix(), piece) for folder in ("core", "engine", "commentary", "inputs")
               for p in sorted((PACKAGE / folder).rglob("*.py")) for s in literals(p) for piece in sentences
               if piece in s}  # fmt: skip
    assert len(sentences) > 30 and written == set()


def test_a_figure_withheld_so_that_a_small_number_cannot_be_worked_out_says_why_in_the_councils_words():
    """The small-number check's reasons are the catalogue's ``withheld`` sentences, worded at output like any
    other: no copy of them in the engine."""
    from publisher.engine.disclosure import ACROSS_PACKS, COMPLEMENT
    from publisher.output.words import figure_reason

    english = default_messages().entries
    assert figure_reason(COMPLEMENT, english) == f"Suppressed: {english['withheld']['complement']}"
    assert figure_reason(ACROSS_PACKS, english) == f"Suppressed: {english['withheld']['across_packs']}"
    welsh = {**english, "status": {"suppressed": "Wedi'i atal"},
             "withheld": {"complement": "wedi'i atal rhag cyfrifo nifer fach", "across_packs": "wedi'i atal ar draws pecynnau"}}  # fmt: skip
    assert figure_reason(COMPLEMENT, welsh) == "Wedi'i atal: wedi'i atal rhag cyfrifo nifer fach"
    assert figure_reason(ACROSS_PACKS, welsh) == "Wedi'i atal: wedi'i atal ar draws pecynnau"


def test_a_sentence_with_no_values_prints_a_doubled_brace_once():
    """A sentence the engine names with no values ("what a code means") is filled as every other text: a brace
    the council wrote twice prints once, as the catalogue's docs say."""
    from jinja2 import DictLoader

    from publisher.core.codes import Meaning
    from publisher.core.phrase import Sentence
    from publisher.output.messages import load_messages

    text = "explain:\n  code: {not_available: 'ddim ar gael {{x}}'}\n  rag: {on_target: 'Ar y targed {{x}} {target}'}\n"
    words = load_messages(DictLoader({"messages.yaml": text}), None).entries
    assert phrase(("Missing: ", Meaning.NOT_AVAILABLE), words) == "Missing: ddim ar gael {x}"
    assert phrase(Sentence.of("explain.rag.on_target", target="95%"), words) == "Ar y targed {x} 95%"
