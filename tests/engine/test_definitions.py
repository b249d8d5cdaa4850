"""Figures before a change of definition are calculated by the definition then in force; the series breaks there.

Hand-worked: T1 is a snapshot percentage, now a / d; until Q4 2023-24 it was b / d. With d = 100 every month,
a = 50..55 (January to June 2024) and b = 40, 41, 42 (January to March 2024), Q1 2024-25 is June's a: 55%,
and the previous quarter, Q4 2023-24, is March's b: 42% (not March's a, 52%).
"""

from publisher.core.figures import Status
from publisher.core.periods import Period
from publisher.core.vocab import Audience
from publisher.engine.calc import Calculator, calculate_row
from publisher.engine.scorecard import build_scorecard
from publisher.inputs.registry import Priority, Registry
from publisher.output.changes_view import definition_notes
from publisher.output.messages import default_messages
from publisher.output.render import _sparkline_values
from publisher.output.words import phrase

from ..helpers import indicator, inputs, monthly, observations

Q1 = Period.parse("Q1 2024-25")
WORDS = default_messages().entries  # publisher's catalogue: the explanations in its words
FIELDS = {
    "unit": "percentage",
    "decimals": 0,
    "priority": "p",
    "calculation": {"numerator": "a", "denominator": "d", "window": "snapshot"},
    "history": [{"until": "Q4 2023-24", "title": "Old title", "calculation": {"numerator": "b", "denominator": "d",
                                                                               "window": "snapshot"}}],
}  # fmt: skip


def data(b_march: int = 42):
    return inputs(observations({"a": monthly("Jan 2024", [50, 51, 52, 53, 54, 55]),
                                "b": monthly("Jan 2024", [40, 41, b_march]), "d": monthly("Jan 2024", [100] * 6)}))  # fmt: skip


def row(audience: Audience = Audience.RESTRICTED):
    given = data()
    return calculate_row(Calculator(given.observations, given.population, audience), indicator(**FIELDS), Q1, given)


def test_each_period_is_calculated_by_the_definition_in_force():
    result = row()
    assert (result.headline.value, result.previous.period.label, result.previous.figure.value) == (55, "Q4 2023-24", 42)
    assert phrase(result.direction.explanation, WORDS).startswith("Up from 42% in Q4 2023-24")
    assert result.definition_changes == (Period.parse("Q4 2023-24"),)


def test_the_sparkline_breaks_at_the_change_and_the_footnote_names_it():
    result = row()
    assert _sparkline_values(result)[-7:] == [40, 41, 42, None, 53, 54, 55]
    assert definition_notes(result, default_messages().entries) == [
        "How the figure is worked out changed after Q4 2023-24: figures up to then are for 'Old title', a percentage "
        "at the end of the period; the trend line breaks there."]  # fmt: skip


def test_small_numbers_of_an_earlier_definition_are_withheld_too():
    """b = 3 of 100 in March: the earlier definition's count is protected like the current one's."""
    registry = Registry((Priority(id="p", title="P", order=1),), (indicator(**FIELDS),), ())
    card = build_scorecard(registry, data(b_march=3), Q1, Audience.PUBLIC)
    march = {p.period.label: p.figure for p in card.rows[0].history}["Mar 2024"]
    assert march.status is Status.SUPPRESSED and card.rows[0].previous.figure.status is Status.SUPPRESSED
