"""The issues page: volume, flow, backlog, nature, time to resolve, the oldest open."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from ..figures.issuecharts import CATEGORY_BARS, OWNER_BARS, flow_grain_of
from ..model.customers import CustomerFacts
from ..model.issue_types import (
    CategoryCount,
    IssueAnalytics,
    IssuePeriod,
    IssuesModel,
    OpenIssue,
    OwnerIssues,
)
from .comments import UrlOf
from .touchpoint import TouchpointView

ISSUES_PAGE_LIST = 50  # the issues page lists the 50 oldest open issues
# The three tables of time to resolve, each sorted slowest first (by the 90th percentile).
RESOLUTION_TABLES = (
    ("category", "By category"),
    ("owner", "By owner"),
    ("touchpoint", "By touchpoint"),
)


@dataclass(frozen=True)
class ResolutionRow:
    name: str  # what the row is: a category, an owner, or a touchpoint's name
    url: str | None  # the touchpoint's page, for touchpoint rows of known touchpoints
    median_days: float | None
    p90_days: float | None
    closed: int


@dataclass(frozen=True)
class ResolutionTable:
    key: str
    title: str
    rows: tuple[ResolutionRow, ...]


@dataclass(frozen=True)
class IssuesData:
    """The issues page's data file: the model's issues with the oldest open ones in
    place of the full open list (``data/issues/open.json`` has them all)."""

    as_of: str | None
    total: int
    open_count: int
    periods: tuple[IssuePeriod, ...]
    latest: IssuePeriod | None
    backlog_change: int | None
    recent_periods: int
    by_category: tuple[CategoryCount, ...]
    by_owner: tuple[OwnerIssues, ...]
    analytics: IssueAnalytics
    oldest_open: tuple[OpenIssue, ...]


@dataclass(frozen=True)
class IssuesPage(IssuesData):
    """The issues page: its data file's fields, and what only the page shows."""

    resolution: tuple[ResolutionTable, ...]
    customers: CustomerFacts
    url: str
    flow_grain: str  # what one bar of the flow chart covers ("week", "4 weeks")
    # the bar charts show this many categories and owners (see figures.issuecharts)
    category_bars: int = CATEGORY_BARS
    owner_bars: int = OWNER_BARS


def issues_data(issues: IssuesModel) -> IssuesData:
    return IssuesData(
        as_of=issues.as_of,
        total=issues.total,
        open_count=issues.open_count,
        periods=issues.periods,
        latest=issues.latest,
        backlog_change=issues.backlog_change,
        recent_periods=issues.recent_periods,
        by_category=issues.by_category,
        by_owner=issues.by_owner,
        analytics=issues.analytics,
        oldest_open=issues.open[:ISSUES_PAGE_LIST],
    )


def issues_page(
    issues: IssuesModel,
    customers: CustomerFacts,
    touchpoints: Sequence[TouchpointView],
    unit: str,
    url_of: UrlOf,
) -> IssuesPage:
    resolution = issues.analytics.resolution
    pages = {t.id: t for t in touchpoints}
    tables = []
    for key, title in RESOLUTION_TABLES:
        rows = []
        # a row stands for at least one closed issue, so it always has a 90th percentile
        slowest = sorted(resolution.by(key), key=lambda r: r.p90_days or 0.0, reverse=True)
        for row in slowest:
            page = pages.get(row.name) if key == "touchpoint" else None
            rows.append(
                ResolutionRow(
                    page.name if page else row.name,
                    page.url if page else None,
                    row.median_days,
                    row.p90_days,
                    row.closed,
                )
            )
        tables.append(ResolutionTable(key, title, tuple(rows)))
    data = issues_data(issues)
    return IssuesPage(
        **{f.name: getattr(data, f.name) for f in fields(IssuesData)},
        resolution=tuple(tables),
        customers=customers,
        url=url_of("issues", ""),
        flow_grain=flow_grain_of(issues.periods, unit),
    )
