"""The result model: disclosure control walks every field of a result that holds figures from the data."""

import dataclasses
import sys
import typing

from publisher.core.figures import Figure, Status
from publisher.core.periods import Period
from publisher.engine import model
from publisher.engine.model import FIGURE_FIELDS, NOT_FROM_DATA, IndicatorResult, Point

from ..helpers import indicator

Q2 = Period.parse("Q2 2024-25")


def holds_figures(annotation: object) -> bool:
    """A Figure, or anything holding one: a tuple or union of them, or a dataclass with a field holding one."""
    if annotation is Figure:
        return True
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        hints = typing.get_type_hints(annotation, vars(sys.modules[annotation.__module__]))
        return any(holds_figures(hints[f.name]) for f in dataclasses.fields(annotation))
    return any(holds_figures(arg) for arg in typing.get_args(annotation))


def test_every_field_holding_figures_is_declared():
    hints = typing.get_type_hints(IndicatorResult, vars(model))
    figure_fields = {f.name for f in dataclasses.fields(IndicatorResult) if holds_figures(hints[f.name])}
    assert figure_fields == set(FIGURE_FIELDS) | set(NOT_FROM_DATA)
    assert not set(FIGURE_FIELDS) & set(NOT_FROM_DATA)


def test_the_declaration_check_sees_a_new_figure_field():
    """The check itself: a result class with one more Figure field would not match the declaration."""

    @dataclasses.dataclass(frozen=True)
    class Wider(IndicatorResult):
        rolling_average: Figure | None = None

    hints = typing.get_type_hints(Wider, vars(model))
    fields = {f.name for f in dataclasses.fields(Wider) if holds_figures(hints[f.name])}
    assert fields - set(FIGURE_FIELDS) - set(NOT_FROM_DATA) == {"rolling_average"}


def result(**figures: Figure) -> IndicatorResult:
    def point(name: str, period: Period) -> Point:
        return Point(period, figures.get(name, Figure.of(10)))

    from publisher.engine.judgement import direction_of_travel, rag_for

    ind = indicator()
    previous = point("previous", Q2.previous())
    return IndicatorResult(
        indicator=ind,
        period=Q2,
        headline=figures.get("headline", Figure.of(12)),
        data_period=Q2,
        target=None,
        rag=rag_for(ind, Figure.of(12), None, previous),
        direction=direction_of_travel(ind, Figure.of(12), previous),
        previous=previous,
        same_period_last_year=point("same_period_last_year", Q2.shifted(-12)),
        outturn_last_year=point("outturn_last_year", Q2.containing_financial_year().shifted(-12)),
        baseline=None,
        history=(point("history", Q2.shifted(-6)), point("history", Q2.shifted(-3))),
        recent=(point("recent", Q2.shifted(-9)),),
        year_quarters=(point("year_quarters", Q2.quarters_of_year()[0]),),
        commentary=None,
        benchmarks=(),
    )


def test_shown_points_cover_every_declared_field_with_the_headline_last():
    row = result()
    points = row.shown_points()
    assert len(points) == 2 + 1 + 1 + 1 + 1 + 1 + 1
    assert points[-1] == Point(Q2, Figure.of(12))


def test_with_points_changes_every_declared_field():
    hidden = Figure.none(Status.SUPPRESSED, "test")
    changed = result().with_points(lambda p: Point(p.period, hidden))
    assert all(p.figure == hidden for p in changed.shown_points())
    assert changed.headline == hidden and changed.previous.figure == hidden and changed.history[0].figure == hidden
