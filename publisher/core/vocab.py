"""The words of the registry and the pack as enums, so every place that branches on one is checked.

Each is a ``StrEnum``: it reads and writes as the word officers type in YAML (``unit: percentage``), and a
type checker with ``match`` and ``assert_never`` reports any place that does not handle a new member.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Audience", "ChartPlacement", "ChartScope", "Comparator", "CompareWith", "Frequency", "IndicatorStatus",
    "Layout", "OtherCommentary", "Polarity", "Sections", "Unit", "Window",
]  # fmt: skip


class Unit(StrEnum):
    PERCENTAGE = "percentage"
    RATE_PER_10K = "rate_per_10k"
    COUNT = "count"
    AVERAGE_DAYS = "average_days"
    AVERAGE = "average"
    SCORE = "score"


class Polarity(StrEnum):
    HIGH = "high"
    LOW = "low"
    NONE = "none"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TERMLY = "termly"
    ANNUAL = "annual"

    @property
    def reported_by_year_or_term(self) -> bool:
        """Annual and termly figures belong to their own year or term, not to the reporting quarter."""
        return self in (Frequency.ANNUAL, Frequency.TERMLY)


class Window(StrEnum):
    PERIOD = "period"
    ROLLING_12M = "rolling_12m"
    ROLLING_6M = "rolling_6m"
    YTD = "ytd"
    SNAPSHOT = "snapshot"


class CompareWith(StrEnum):
    PREVIOUS_PERIOD = "previous_period"
    SAME_PERIOD_LAST_YEAR = "same_period_last_year"


class Audience(StrEnum):
    """Public packs withhold small numbers; restricted (OFFICIAL-SENSITIVE) packs show them."""

    PUBLIC = "public"
    RESTRICTED = "restricted"


class Comparator(StrEnum):
    """The benchmark columns a pack may show."""

    LA_PUBLISHED = "la_published"
    SN = "sn"
    REGION = "region"
    ENGLAND = "england"
    BAND = "band"
    RANK = "rank"

    @property
    def is_text(self) -> bool:
        """Band and rank are words ("In range", "12th of 152"), not figures."""
        return self in (Comparator.BAND, Comparator.RANK)


class IndicatorStatus(StrEnum):
    LIVE = "live"
    IN_DEVELOPMENT = "in_development"


class Layout(StrEnum):
    """How much of the pack is printed: every row with its commentary, or one line per indicator."""

    STANDARD = "standard"
    COMPACT = "compact"  # one line per indicator; commentary printed only for exceptions


class OtherCommentary(StrEnum):
    """In the compact layout, where the commentary of rows that are not exceptions goes."""

    APPENDIX = "appendix"  # printed at the back of the PDF, and in the HTML
    HTML_ONLY = "html_only"  # in the HTML only


class ChartScope(StrEnum):
    """Which indicators get a trend chart."""

    NONE = "none"
    KEY = "key"
    ALL = "all"


class ChartPlacement(StrEnum):
    """Where a trend chart is printed."""

    BESIDE_ROW = "beside_row"  # in the indicator's commentary row, beside its words
    PAGE_PER_PRIORITY = "page_per_priority"  # a page of charts after each priority's table


class Sections(StrEnum):
    """What ``init`` makes of a scorecard's section rows ('Priority 1 - Being a Good Corporate Parent')."""

    PRIORITIES = "priorities"  # a priority each: a registry file, a heading and a sign-off
    GROUPS = "groups"  # a tag of the rows under each, one priority, and the pack grouped by the tag
