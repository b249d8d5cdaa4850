"""Two voices: what a member reads is in the catalogue's plain words; an officer's diagnosis (series, options)
goes to ``validate`` and never into a pack. One date style, no doubled footnote marks."""

import dataclasses
import datetime as dt
import re

import pytest

from publisher.core.figures import Figure, Status
from publisher.engine.judgement import rag_for
from publisher.engine.model import Scorecard
from publisher.engine.readiness import readiness
from publisher.inputs.load import load
from publisher.inputs.packs import load_pack
from publisher.inputs.project import load_project
from publisher.output.build import pack_html, pack_scorecard
from publisher.output.messages import default_messages
from publisher.output.words import phrase

BUILT_AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
DIAGNOSIS = "in 'scc_025' (a figure supplied ready-made is taken for its own period, use window: snapshot)"
# Words only an officer should read: a series in quotes, an option written as YAML, a file.
OFFICER_WORDS = re.compile(r"window: \w|calculation\.|'[a-z]+_[a-z0-9_]+'|\.(csv|yaml|yml)\b")


@pytest.fixture(scope="module")
def demo():
    loaded = load(load_project())
    pack = load_pack(loaded.project.packs_dir / "corporate-parenting-board.yaml", loaded.registry)
    return loaded, pack, pack_scorecard(loaded, pack)


def missing_first_row(scorecard: Scorecard) -> Scorecard:
    """The scorecard with its first row's figure missing for the reason a ready-made figure gives."""
    section = scorecard.sections[0]
    row = section.rows[0]
    gone = Figure.none(Status.MISSING, f"no figure for {row.period}", DIAGNOSIS)
    rag = rag_for(row.indicator, gone, row.target, row.comparator)
    rows = (dataclasses.replace(row, headline=gone, rag=rag), *section.rows[1:])
    return dataclasses.replace(scorecard, sections=(dataclasses.replace(section, rows=rows), *scorecard.sections[1:]))


def test_a_missing_figure_is_explained_in_plain_words_once_and_validate_gets_the_diagnosis(demo):
    loaded, pack, scorecard = demo
    changed = missing_first_row(scorecard)
    html = pack_html(loaded, pack, BUILT_AT, scorecard=changed)
    said = f"Missing: no figure for {scorecard.period}"
    assert "scc_025" not in html and "window: snapshot" not in html
    assert html.count(said) == 1  # the bold reason, not repeated as "RAG: Not rated: missing: ..."
    found = [f for f in readiness(changed, loaded.inputs.commentary) if f.topic == "Missing data"]
    details = [phrase(f.detail, default_messages().entries) for f in found]
    assert any(d.startswith("Missing: ") and "scc_025" in d and "use window: snapshot" in d for d in details)


def test_no_officer_words_in_a_demo_pack(demo_packs):
    _, built = demo_packs
    for _, files in built.values():
        text = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", files.html.read_text(encoding="utf-8"), flags=re.S)
        shown = re.sub(r"<[^>]+>", " ", text)
        assert OFFICER_WORDS.search(shown) is None, OFFICER_WORDS.search(shown)


def test_every_date_a_member_reads_is_in_the_long_style(demo):
    loaded, pack, scorecard = demo
    html = pack_html(loaded, pack, BUILT_AT, scorecard=scorecard)
    assert 'data-built="Built 20 November 2026"' in html
    assert re.search(r"\b0\d (January|February|March|April|May|June|July|August|September|October|November|"
                     r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", html) is None  # fmt: skip
    body = re.sub(r"<head>.*?</head>", "", html, flags=re.S)
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", body) is None


def test_a_title_written_with_its_own_mark_is_not_marked_twice(demo):
    loaded, pack, scorecard = demo
    section = scorecard.sections[0]
    row = next(r for r in section.rows if not r.indicator.frequency.reported_by_year_or_term)
    titled = row.indicator.model_copy(update={"title": row.indicator.title + " *"})
    rows = tuple(dataclasses.replace(r, indicator=titled) if r is row else r for r in section.rows)
    changed = dataclasses.replace(scorecard, sections=(dataclasses.replace(section, rows=rows), *scorecard.sections[1:]))
    html = pack_html(loaded, pack, BUILT_AT, scorecard=changed)
    cell = re.search(rf'<td class="title">{re.escape(row.indicator.title)}(.*?)</td>', html)
    assert cell is not None and cell[1].startswith('<span class="footnote-mark">'), cell
