"""Each commentary check exists once (its words are written once in publisher/), and validate, the chase list,
collect and publish, which all ask it, give the same answer on the same text."""

import ast
import dataclasses
import datetime as dt
import functools
import re
from pathlib import Path

import pytest

from publisher.commentary.checks import Check, commentary_disclosures, other_colour, too_short, unchanged
from publisher.commentary.collect import text_warnings
from publisher.commentary.file import CommentaryEntry
from publisher.commentary.status import chase_list
from publisher.core.vocab import IndicatorStatus
from publisher.engine.model import Scorecard
from publisher.engine.readiness import readiness
from publisher.engine.rules import Rating
from publisher.engine.scorecard import build_scorecard
from publisher.inputs.load import load
from publisher.inputs.packs import load_pack
from publisher.inputs.project import load_project
from publisher.output.messages import default_messages
from publisher.output.words import phrase, rating_word

PACKAGE = Path(__file__).resolve().parents[2] / "publisher"
# Each check's name and the fixed words of its detail: none may be written a second time.
WORDING = {
    Check.UNCHANGED: ("unchanged since last period", "the same text as last period"),
    Check.TOO_SHORT: ("too short", ", fewer than "),
    Check.OTHER_COLOUR: ("names a different RAG colour than the rating", ", rated "),
}
TEXT = "Back to green: 3 children left care."  # short, another colour, a small count; last period's text too


@functools.cache
def literals(path: Path) -> tuple[str, ...]:
    """Every string a module's code writes, the fixed parts of f-strings included (docstrings are not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {id(n.body[0].value) for n in ast.walk(tree) if isinstance(n, documented) and n.body
                  and isinstance(n.body[0], ast.Expr)}  # fmt: skip
    return tuple(n.value for n in ast.walk(tree)
                 if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings)  # fmt: skip


@pytest.mark.parametrize("check", list(Check))
def test_each_check_is_worded_once(check):
    assert check.value in WORDING[check]
    for words in WORDING[check]:
        holding = [p for p in PACKAGE.rglob("*.py") if words in p.read_text(encoding="utf-8")]  # then parsed
        assert sum(words in s for p in holding for s in literals(p)) == 1, words


@pytest.fixture(scope="module")
def demo() -> tuple[Scorecard, object, object]:
    """The demo board's scorecard, public, with one live red row's text set to TEXT this period and last."""
    loaded = load(load_project())
    pack = load_pack(loaded.project.packs_dir / "corporate-parenting-board.yaml", loaded.registry)
    scorecard = build_scorecard(loaded.registry, loaded.inputs, pack.period, selection=pack.selection(loaded.registry))
    row = next(r for r in scorecard.rows if r.rag.rating is Rating.RED and r.indicator.status is IndicatorStatus.LIVE)
    entry = CommentaryEntry(author="Sam Patel", date=dt.date(2026, 10, 1), text=TEXT)
    sections = tuple(dataclasses.replace(s, rows=tuple(dataclasses.replace(r, commentary=entry) if r is row else r
                                                       for r in s.rows)) for s in scorecard.sections)  # fmt: skip
    commentary = loaded.inputs.commentary
    previous = scorecard.period.previous()
    indicators = {**commentary.indicators, previous: {**commentary.indicators.get(previous, {}),
                                                      row.indicator.reference: entry}}  # fmt: skip
    return dataclasses.replace(scorecard, sections=sections), dataclasses.replace(commentary, indicators=indicators), pack


def test_validate_status_collect_and_publish_give_the_same_answer_on_one_text(demo):
    scorecard, commentary, pack = demo
    row = next(r for r in scorecard.rows if r.commentary is not None and r.commentary.text == TEXT)
    ref, rules = row.indicator.reference, pack.definition.commentary
    flags = [unchanged(TEXT, row.commentary), too_short(TEXT, rules.min_words), other_colour(TEXT, row.rag)]
    assert all(flags)
    small = [p.message for p in commentary_disclosures(scorecard, commentary) if p.field == f"indicators.{ref}.text"]
    assert len(small) == 1  # what publish refuses

    validate = {(f.topic, f.detail) for f in readiness(scorecard, commentary) if f.reference == ref}
    assert {(f"Commentary {f.check}", f.detail) for f in flags if f.check is not Check.TOO_SHORT} <= validate
    assert any(topic == "Small numbers in commentary" and small[0] in detail for topic, detail in validate)

    status = {(str(c.owed), c.detail) for c in chase_list(scorecard, commentary, rules) if c.reference == ref}
    assert {(str(f.check), f.detail) for f in flags} <= status
    assert any(owed == "states a small number" and small[0] in detail for owed, detail in status)

    collect = text_warnings(TEXT, rules, row.rag, row.indicator.small_number_threshold, [])
    words = default_messages().entries
    assert collect == [small[0], phrase(flags[1].phrase, words), phrase(flags[2].phrase, words)]
    assert collect[2].endswith(f"(says green, rated {rating_word(row.rag, words)})")


def test_the_engine_and_the_round_write_no_word_of_a_rating_judgement_status_or_sign_off():
    """Those words live in the catalogue alone: core, the engine and the commentary round return values (a
    Rating, a Direction, a figure's Status, a SignOff) and the output stage words them (publisher.output.words),
    so a council's rewording or Welsh reaches validate, the chase list and collect as it reaches the pack."""
    entries = default_messages().entries
    catalogue = {*entries["rag"].values(), *entries["direction"].values(), *entries["status"].values(),
                 entries["signoff"]["not_approved"]}  # fmt: skip
    word = re.compile(rf"(?<![\w/])({'|'.join(map(re.escape, catalogue))})(?![\w/])")  # as a word, in a sentence too
    written = {(p.relative_to(PACKAGE).as_posix(), s) for folder in ("core", "engine", "commentary")
               for p in sorted((PACKAGE / folder).rglob("*.py")) for s in literals(p) if word.search(s)}  # fmt: skip
    assert written == {
        ("core/codes.py", "n/a"),  # codes officers and DfE type for a figure, read, never printed
        ("core/codes.py", "a number or one of the codes (c, Suppressed, x, z, n/a, -, blank)"),
        ("engine/readiness.py", "Missing data"),  # the names of validate's readiness checks, not a figure's status
        ("engine/readiness.py", "Missing commentary"),
    }
