"""The site model's top level: what ``compute_model`` returns, typed and frozen.

Every part is built by the function of its phase (see ``model/site.py``) and the model
is assembled once; nothing adds to it afterwards. The data files publish it through
:func:`cxsite.model.serialise.to_json`: fields marked ``DATA_FILE: False`` are kept for
the views only (the comments, the calendar) or are published page by page instead of
whole (the metric summaries, through the pages that show them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..data.periods import Calendar
from ..voice import Comments
from .alerts import AlertsFile
from .customers import CustomerFacts
from .drivers import DriverAnalysis
from .flow import FlowStep
from .insights import TestsNote
from .issue_types import IssuesModel
from .metric import MetricSummary
from .serialise import DATA_FILE

# What the views keep for themselves or publish page by page, not in the site's summary.
VIEWS_ONLY: Mapping[str, object] = {DATA_FILE: False}


@dataclass(frozen=True)
class PeriodRef:
    """One period of the calendar, by its key, label and position."""

    key: str
    label: str
    index: int


@dataclass(frozen=True)
class PeriodInfo:
    unit: str
    week_start: str
    keys: tuple[str, ...]
    labels: tuple[str, ...]
    latest: PeriodRef | None
    previous: PeriodRef | None


@dataclass(frozen=True)
class AnalysisInfo:
    comment_window: int
    comment_sample: int


@dataclass(frozen=True)
class SegmentChoice:
    id: str
    label: str


@dataclass(frozen=True)
class SegmentDimension:
    """A dimension the pages can switch between, with the values that have data."""

    id: str
    label: str
    values: tuple[SegmentChoice, ...]


@dataclass(frozen=True)
class SiteInfo:
    """What every page says about the site and its build."""

    title: str
    organisation: str
    base_url: str
    generator: str
    version: str
    build_id: str
    built_at: str
    data_as_of: str | None
    min_n: int
    period: PeriodInfo
    tests: TestsNote
    analysis: AnalysisInfo
    segments: tuple[SegmentDimension, ...]


@dataclass(frozen=True)
class ContentPage:
    """A Markdown page of the project's content, rendered."""

    slug: str
    title: str
    html: str
    url: str
    file: str
    order: int


@dataclass(frozen=True)
class SiteModel:
    """Every number the site shows, computed once (see ``compute_model``)."""

    site: SiteInfo
    outcomes: tuple[MetricSummary, ...]
    flow: tuple[FlowStep, ...]
    metrics: Mapping[str, MetricSummary] = field(metadata=VIEWS_ONLY)
    issues: IssuesModel
    pages: tuple[ContentPage, ...]
    drivers: DriverAnalysis
    alerts: AlertsFile
    customers: CustomerFacts
    # segment id → metric id → the segment's summary
    segment_metrics: Mapping[str, Mapping[str, MetricSummary]] = field(metadata=VIEWS_ONLY)
    # the comments per touchpoint, and the calendar, for the views
    voice: Comments = field(metadata=VIEWS_ONLY)
    calendar: Calendar | None = field(metadata=VIEWS_ONLY)


@dataclass(frozen=True)
class SiteSummary:
    """``data/site.json``: the site, its outcome metrics and the customer flow."""

    site: SiteInfo
    outcomes: tuple[MetricSummary, ...]
    flow: tuple[FlowStep, ...]
