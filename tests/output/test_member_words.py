"""Two voices: what a member reads is in the catalogue's plain words; an officer's diagnosis (series, options)
goes to ``validate`` and never into a pack. One date style, no doubled footnote marks."""

import dataclasses
import datetime as dt
import re

import pytest

from publisher.core.figures import Figure, Status
from publisher.core.periods import Period
from publisher.core.vocab import Audience
from publisher.engine.calc import Calculator, calculate_row
from publisher.engine.changes import Changes, PublishedPack, PublishedRow, RegistryCopy, compare
from publisher.engine.judgement import rag_for
from publisher.engine.model import Scorecard, Section
from publisher.engine.readiness import readiness
from publisher.inputs.load import load
from publisher.inputs.packs import load_pack
from publisher.inputs.project import load_project
from publisher.inputs.registry import Priority
from publisher.output.build import pack_html, pack_scorecard
from publisher.output.changes_view import changes_page, changes_text, changes_view, definition_notes
from publisher.output.messages import default_messages
from publisher.output.render import target_figures, target_lines
from publisher.output.summary import glance
from publisher.output.templating import environment, render
from publisher.output.words import phrase

from ..helpers import indicator, inputs, monthly, observations

BUILT_AT = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
DIAGNOSIS = "in 'scc_025' (a figure supplied ready-made is taken for its own period, use window: snapshot)"
# Words only an officer should read: a series in quotes, an option written as YAML, a file.
OFFICER_WORDS = re.compile(r"window: \w|calculation\.|'[a-z]+_[a-z0-9_]+'|\.(csv|yaml|yml)\b")
# The registry's own names (fields, rules, options, series) that a member must never read; "RAG rule changed" is
# the catalogue's, naming the rule as the notes page's "RAG rules used in this pack" does.
REGISTRY_WORDS = re.compile(r"\b(target_tolerance|tolerance_type|tolerance|absolute|relative|numerator|denominator|"
                            r"window|rolling_\w+|ytd|snapshot|polarity|calculation|rule(?! changed)|cl_\w+)\b", re.I)
Q1 = Period.parse("Q1 2024-25")
WORDS = default_messages().entries


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


def small_scorecard(*indicators) -> Scorecard:
    """Each indicator's row for Q1 2024-25, from counts of 40 to 60 out of 100 a month since January 2024."""
    data = inputs(observations({"cl_eet": monthly("Jan 2024", [40, 42, 44, 50, 55, 60]),
                                "cl_old": monthly("Jan 2024", [30, 31, 32, 33, 34, 35]),
                                "cl_all": monthly("Jan 2024", [100] * 6)}))  # fmt: skip
    calculator = Calculator(data.observations, data.population, Audience.RESTRICTED)
    rows = tuple(calculate_row(calculator, i, Q1, data) for i in indicators)
    return Scorecard(Q1, Audience.RESTRICTED, (Section(Priority(id="p", title="P", order=1), None, rows),))


def test_the_what_changed_page_words_rules_and_definitions_without_a_registry_name():
    """T1's rule and definition changed (and its series span an earlier one), T2's unit, T3's rule to an aim."""
    snapshot = {"numerator": "cl_eet", "denominator": "cl_all", "window": "snapshot"}
    t1 = {"unit": "percentage", "targets": {"2024-25": 60}}
    tolerance = {"rule": "target_tolerance", "tolerance": 10}
    before = (
        indicator(**t1, calculation={**snapshot, "window": "rolling_12m"}, rag=tolerance),
        indicator(reference="T2", calculation={"numerator": "cl_eet"}),
        indicator(reference="T3", polarity="low", rag={"rule": "thresholds", "green": 20, "amber": 30}),
    )
    earlier = [{"until": "Q4 2023-24", "calculation": {**snapshot, "numerator": "cl_old"}}]
    card = small_scorecard(
        indicator(**t1, calculation={**snapshot, "window": "period"}, history=earlier,
                  rag={"rule": "target_tolerance", "tolerance": 5, "tolerance_type": "relative"}),
        indicator(reference="T2", unit="score", calculation={"numerator": "cl_eet"}),
        indicator(reference="T3", polarity="low", rag={"rule": "direction", "aim": "reduce"}),
    )  # fmt: skip
    rows = tuple(PublishedRow(r.indicator.reference, r.indicator.title, "red", "worsening", {}) for r in card.rows)
    last = PublishedPack("board", Q1, 1, "2024-08-01T12:00:00+00:00", Audience.RESTRICTED, rows, before)
    changes = compare(last, card, [r.indicator for r in card.rows])
    page = changes_page(changes, card.rows, WORDS, target_figures)
    moves = ("RAG:", "Direction")  # the ratings and directions that moved, worded as any pack's
    said = {e["reference"]: [c for c in e["changes"] if not c.startswith(moves)] for e in page["entries"]}
    assert said == {
        "T1": ["RAG rule changed: now green at or above the target, amber within 5% of it, red beyond (was green at "
               "or above the target, amber within 10.0 percentage points of it, red beyond)",
               "How the figure is worked out changed: now a percentage over the period (was a percentage over the "
               "12 months to the end of the period)"],
        "T2": ["How the figure is worked out changed: now a score over the period (was a count over the period)"],
        "T3": ["RAG rule changed: now green when the figure goes down, amber when it is unchanged, red when it goes "
               "up (was green at or below 20.0, amber at or below 30.0, red otherwise)"],
    }  # fmt: skip
    notes = definition_notes(card.rows[0], WORDS)
    assert notes == ["How the figure is worked out changed after Q4 2023-24: figures up to then are for a percentage "
                     "at the end of the period; the trend line breaks there."]  # fmt: skip
    html = render(environment(None), "changes.html", {"changes": page, "t": WORDS})
    member = " ".join([re.sub(r"<[^>]+>", " ", html), *notes, *changes_text(changes, "board", Q1, WORDS)])
    assert REGISTRY_WORDS.search(member) is None, REGISTRY_WORDS.search(member)


def test_at_a_glance_gives_a_rule_by_directions_aim_in_words_not_as_a_target():
    """T3 aims to reduce and rose from 126 (Q4 2023-24) to 165 (Q1 2024-25): red, its aim said, not 'target Reduce'."""
    aim = {"rule": "direction", "aim": "reduce"}
    card = small_scorecard(indicator(reference="T3", polarity="low", calculation={"numerator": "cl_eet"}, rag=aim))
    assert target_lines(card.rows[0], WORDS) == ["Reduce"] and target_figures(card.rows[0]) == []
    context = {"glance": glance(card, WORDS, target_figures), "t": WORDS, "period": Q1, "pack": {"layout": "full"}}
    text = " ".join(re.sub(r"<[^>]+>", " ", render(environment(None), "glance.html", context)).split())
    assert "aim: reduce" in text and "target" not in text.lower(), text


def test_why_an_archived_registry_does_not_read_goes_to_officers_not_into_the_pack():
    problem = "out/archive/board/2024-25-Q1/v1/registry.json:cl.yaml: 'indicators.0.rag.rule': expected one of ..."
    changes = Changes(Q1, 1, "2024-08-01T12:00:00+00:00", copy=RegistryCopy.UNREADABLE, problem=problem)
    note = changes_view(changes, WORDS)["registry_note"]
    assert note.startswith("the registry kept with the last pack no longer reads") and "registry.json" not in note
    assert changes_text(changes, "board", Q1, WORDS)[-1] == problem  # publisher changes, for the officer
