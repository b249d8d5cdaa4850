"""An indicator's ``spc:`` options: how statistical process control treats its series.

``spc: false`` turns it off; otherwise a mapping of the options below (every one optional). Checked against
the indicator (its frequency and window) when the registry is read, so a wrong option is reported with its
``file:line`` like every other registry problem.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..core.periods import Kind, Period
from ..core.vocab import Frequency, Window
from .schema import Model, Text

__all__ = ["OVERLAPPING"]

RuleLength = Annotated[int, Field(ge=2)]


def _period(value: str) -> str:
    Period.parse(value)
    return value


PeriodText = Annotated[Text, AfterValidator(_period)]
# The periods a rebase or baseline may be written as, by the indicator's frequency (a point's own, or a larger
# period starting on one).
ALLOWED_KINDS = {
    Frequency.MONTHLY: (Kind.MONTH, Kind.QUARTER, Kind.YEAR),
    Frequency.QUARTERLY: (Kind.QUARTER, Kind.YEAR),
    Frequency.TERMLY: (Kind.TERM,),
    Frequency.ANNUAL: (Kind.YEAR,),
}
OVERLAPPING = (Window.ROLLING_12M, Window.ROLLING_6M, Window.YTD)


class SpcOptions(Model):
    """Per indicator: ``points`` (fewest for a chart, 15) and ``icons_from`` (13), rule lengths ``trend`` and
    ``shift`` (7), ``screened`` moving ranges (false, as the MDC Excel tools), ``baseline_until`` (limits
    fixed on the points up to this period) and ``rebase`` (periods from which the limits start again)."""

    enabled: bool = True
    points: RuleLength = 15
    icons_from: RuleLength = 13
    trend: RuleLength = 7
    shift: RuleLength = 7
    screened: bool = False
    baseline_until: PeriodText | None = None
    rebase: list[PeriodText] = []

    @model_validator(mode="before")
    @classmethod
    def _switch(cls, value: Any) -> Any:
        """``spc: false`` (or ``true``) is the switch alone."""
        return {"enabled": value} if isinstance(value, bool) else value

    @field_validator("rebase")
    @classmethod
    def _rebases(cls, value: list[str]) -> list[str]:
        periods = [Period.parse(text) for text in value]
        if any(b.start <= a.start for a, b in itertools.pairwise(periods)):
            raise ValueError(f"expected rebase periods in order, each once, got {', '.join(value)}")
        return value

    @property
    def given(self) -> bool:
        """Whether any option beyond the switch was written."""
        return bool(self.model_fields_set - {"enabled"})

    @property
    def rebase_starts(self) -> tuple[int, ...]:
        """The month index each new segment starts at."""
        return tuple(Period.parse(text).start for text in self.rebase)

    @property
    def baseline_end(self) -> int | None:
        return None if self.baseline_until is None else Period.parse(self.baseline_until).end


def spc_problem(options: SpcOptions, frequency: Frequency, window: Window) -> str | None:
    """What is wrong with ``options`` for an indicator of this frequency and window, or None."""
    if not options.given or not options.enabled:
        return None
    if window in OVERLAPPING and not frequency.reported_by_year_or_term:
        return (
            f"expected no SPC options on a '{window}' indicator (each figure overlaps the last, so SPC is not "
            f"applied to it; 'spc: false' is allowed), got {', '.join(sorted(options.model_fields_set))}"
        )
    allowed = ALLOWED_KINDS[frequency]
    for name, text in [*(("rebase", t) for t in options.rebase), ("baseline_until", options.baseline_until)]:
        if text is not None and Period.parse(text).kind not in allowed:
            kinds = " or ".join(str(k) for k in allowed)
            return f"expected '{name}' as a {kinds} for a {frequency} indicator, got '{text}'"
    return None


class SpcDisplay(Model):
    """A pack's ``spc:`` options: the icons beside the RAG rating (shown unless turned off), an SPC chart per
    indicator on a page after each priority's table (``charts: true``), with two-sigma lines if asked."""

    icons: bool = True
    charts: bool = False
    two_sigma: bool = False
