"""What changed, compared on plain values: which figures are compared (never a withheld one), when the old figure
may be repeated, and each kind of registry change, with hand-worked figures."""

import pytest

from publisher.core.periods import Period
from publisher.core.vocab import Audience
from publisher.engine.calc import Calculator, calculate_row
from publisher.engine.changes import ChangeKind, PublishedFigure, PublishedPack, PublishedRow, RegistryCopy, compare
from publisher.engine.model import Scorecard, Section
from publisher.inputs.registry import Priority
from publisher.output.changes_view import changes_page, changes_view, revision_words, rule_words
from publisher.output.messages import default_messages

from ..helpers import indicator, inputs, monthly, observations

Q1, Q2 = Period.parse("Q1 2024-25"), Period.parse("Q2 2024-25")
PRIORITY = Priority(id="p", title="Priority", order=1)
WORDS = default_messages().entries


def listed(changes, key: str) -> list[str]:
    """What the "What changed" page says under ``key``, in the catalogue's words."""
    return [item["words"] for item in changes_view(changes, WORDS)[key]]


def scorecard(q1_months: list[int], audience: Audience = Audience.PUBLIC, **fields) -> Scorecard:
    """T1, a count of children in the quarter: Q1 is the sum of April to June, Q2 of July to September (20)."""
    row_indicator = indicator(**{"decimals": 0, **fields})
    data = inputs(observations({"n": monthly("Apr 2024", [*q1_months, 6, 7, 7])}))
    row = calculate_row(Calculator(data.observations, data.population, audience), row_indicator, Q2, data)
    return Scorecard(Q2, audience, (Section(PRIORITY, None, (row,)),))


def last_pack(q1: PublishedFigure, audience: Audience = Audience.PUBLIC, registry=None, **rows) -> PublishedPack:
    row = PublishedRow("T1", "Test indicator", "not_rated", "not_judged", {"Q1 2024-25": q1})
    extra = tuple(PublishedRow(ref, title, "not_rated", "not_judged", {}) for ref, title in rows.items())
    copy = RegistryCopy.KEPT if registry is not None else RegistryCopy.NONE
    return PublishedPack("board", Q1, 1, "2024-08-01T12:00:00+00:00", audience, (row, *extra), registry, copy)


def test_a_figure_shown_in_both_packs_that_differs_is_revised_with_the_old_figure():
    changes = compare(last_pack(PublishedFigure(10.0, "10")), scorecard([4, 4, 4]), [])  # Q1 now 12
    assert [(r.reference, r.period, r.old, r.new) for r in changes.revisions] == [("T1", Q1, "10", "12")]
    assert revision_words(changes.revisions[0], WORDS) == "Q1 2024-25: now 12, was 10 in the last pack"
    assert changes.revision("T1", Q1) is not None and changes.revision("T1", Q2) is None


def test_a_figure_as_published_is_not_revised():
    assert compare(last_pack(PublishedFigure(12.0, "12")), scorecard([4, 4, 4]), []).revisions == ()


@pytest.mark.parametrize(
    ("old", "q1_months"),
    [
        (PublishedFigure(None, "Suppressed"), [4, 4, 4]),  # withheld then, 12 now: not compared
        (PublishedFigure(10.0, "10"), [1, 1, 1]),  # 10 then, 3 now (withheld): not compared either
    ],
)
def test_a_figure_withheld_in_either_pack_is_never_compared(old, q1_months):
    """So an unmarked "Suppressed" never means "unchanged", which would give the withheld number away."""
    assert compare(last_pack(old), scorecard(q1_months), []).revisions == ()


def test_a_public_pack_compares_nothing_of_a_restricted_ones_figures_ratings_or_directions():
    """Not the old figure, nor whether it changed, nor its rating or direction: each would tell what is withheld."""
    card = scorecard([4, 4, 4], targets={"2024-25": 25}, rag={"rule": "target_tolerance", "tolerance": 10})
    changes = compare(last_pack(PublishedFigure(10.0, "10"), Audience.RESTRICTED), card, [])
    assert changes.revisions == () and changes.moves == () and not changes.figures_comparable
    restricted = scorecard([4, 4, 4], Audience.RESTRICTED)
    restricted_now = compare(last_pack(PublishedFigure(10.0, "10"), Audience.RESTRICTED), restricted, [])
    assert [(r.old, r.new) for r in restricted_now.revisions] == [("10", "12")]
    assert revision_words(restricted_now.revisions[0], WORDS) == "Q1 2024-25: now 12, was 10 in the last pack"


def test_rag_and_direction_moves_are_listed():
    card = scorecard([4, 4, 4], targets={"2024-25": 25}, rag={"rule": "target_tolerance", "tolerance": 10})
    changes = compare(last_pack(PublishedFigure(12.0, "12")), card, [])  # Q2 20: amber (within 10 of 25), up from 12
    assert listed(changes, "moves") == ["RAG: was Not rated, now Amber",
                                                "Direction of travel: was Not judged, now Improving"]  # fmt: skip


def test_the_page_lists_each_indicator_once_worst_first_with_its_figure_now_and_a_link_to_its_row():
    """T2 red (20 against 40) before T1 amber (20 against 25, within 10); CL9, taken out, last and unlinked."""
    rule = {"rule": "target_tolerance", "tolerance": 10}
    amber = scorecard([4, 4, 4], targets={"2024-25": 25}, rag=rule).rows[0]
    red = scorecard([4, 4, 4], reference="T2", targets={"2024-25": 40}, rag=rule).rows[0]
    card = Scorecard(Q2, Audience.PUBLIC, (Section(PRIORITY, None, (amber, red)),))
    changes = compare(last_pack(PublishedFigure(10.0, "10"), T2="Test indicator", CL9="Gone"), card, [])
    page = changes_page(changes, card.rows, WORDS, lambda row: [])
    shown = [(e["reference"], e["anchor"], e.get("rag"), e.get("value"), e.get("of")) for e in page["entries"]]
    assert shown == [("T2", "T2", "Red", "20", "Q2 2024-25"), ("T1", "T1", "Amber", "20", "Q2 2024-25"),
                     ("CL9", "", None, None, None)]  # fmt: skip
    assert page["entries"][1]["changes"] == ["Q1 2024-25: now 12, was 10 in the last pack", "RAG: was Not rated, "
                                             "now Amber", "Direction of travel: was Not judged, now Improving"]
    assert page["entries"][2]["changes"] == ["No longer in this pack"]


def test_indicators_added_to_and_taken_out_of_the_pack():
    changes = compare(last_pack(PublishedFigure(12.0, "12"), CL9="Gone"), scorecard([4, 4, 4]), [])
    assert [(c.kind, c.reference) for c in changes.registry] == [(ChangeKind.REMOVED, "CL9")]


def test_registry_changes_are_read_from_the_registry_the_last_pack_was_made_from():
    before = indicator(decimals=0, targets={"2024-25": 25}, rag={"rule": "target_tolerance", "tolerance": 10})
    now = {"targets": {"2024-25": 22}, "rag": {"rule": "target_tolerance", "tolerance": 5}, "polarity": "low",
           "title": "Children counted", "calculation": {"numerator": "n", "window": "rolling_12m"}}  # fmt: skip
    card = scorecard([4, 4, 4], **now)
    changes = compare(last_pack(PublishedFigure(12.0, "12"), registry=(before,)), card, [card.rows[0].indicator])
    assert [c.kind for c in changes.registry] == [ChangeKind.TARGET, ChangeKind.RAG_RULE, ChangeKind.POLARITY,
                                                  ChangeKind.TITLE, ChangeKind.DEFINITION]  # fmt: skip
    assert listed(changes, "registry") == [
        "Target for Q2 2024-25: was 25, now 22",
        "RAG rule changed: now green at or below the target, amber within 5 of it, red beyond (was green at or "
        "above the target, amber within 10 of it, red beyond)",
        "Polarity: was 'High is good', now 'Low is good'",
        "Title: was 'Test indicator', now 'Children counted'",
        "How the figure is worked out changed: now a count over the 12 months to the end of the period (was a count "
        "over the period)",
    ]


def test_a_change_of_unit_alone_is_a_change_of_definition():
    # kills: dropping "or old.unit != new.unit": 12 children and a score of 12 are not the same figure
    before = indicator(decimals=0)
    card = scorecard([4, 4, 4], unit="score")
    changes = compare(last_pack(PublishedFigure(12.0, "12"), registry=(before,)), card, [card.rows[0].indicator])
    assert [c.kind for c in changes.registry] == [ChangeKind.DEFINITION]
    assert listed(changes, "registry") == [
        "How the figure is worked out changed: now a score over the period (was a count over the period)"]


def test_without_the_registry_copy_registry_changes_are_not_guessed():
    old = last_pack(PublishedFigure(12.0, "12"))
    card = scorecard([4, 4, 4], polarity="low")
    changes = compare(old, card, [card.rows[0].indicator])
    assert changes.registry == ()
    assert changes_view(changes, WORDS)["registry_note"].startswith("the last pack was archived before publisher kept")


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ({"rule": "target_tolerance"}, "green at or above the target, red otherwise"),
        ({"rule": "intervention", "intervention": 30},
         "green at or above the target, amber up to the intervention level of 30, red beyond it"),
        ({"rule": "range", "low": 400, "high": 450}, "green from 400 to 450, red outside it"),
        ({"rule": "range", "low": 400, "high": 450, "tolerance": 10},
         "green from 400 to 450, amber within 10 outside it, red beyond"),
        ({"rule": "bands", "bands": [{"label": "Outstanding", "rag": "green", "range": "90+"},
                                     {"label": "Good", "rag": "green", "range": "89 - 81"}]},
         "graded bands (Outstanding 90+; Good 81-89; otherwise Inadequate)"),
        ({"rule": "direction", "aim": "increase"},
         "green when the figure goes up, amber when it is unchanged, red when it goes down"),
        ({"rule": "none"}, "not rated"),
    ],
)  # fmt: skip
def test_each_rag_rule_is_worded_for_a_member(rule, said):
    assert rule_words(indicator(decimals=0, targets={"2024-25": 25}, rag=rule), WORDS) == said
