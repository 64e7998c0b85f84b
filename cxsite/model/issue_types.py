"""The issues model's types: what ``issues_model`` builds once and every view reads.

Field names and their order are the keys of ``data/issues.json`` (written by
:func:`cxsite.model.serialise.to_json`), so renaming a field renames a key of the data
file, and the views, figures and templates that read it fail the type check instead of
showing an empty cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..stats.issueflow import Projection


@dataclass(frozen=True)
class IssuePeriod:
    """Issues opened and closed in one period, and the backlog at its end."""

    period: str
    label: str
    opened: int
    closed: int
    backlog: int


@dataclass(frozen=True)
class OpenIssue:
    """One open issue with its age on the reporting date."""

    id: str
    touchpoint: str
    touchpoint_name: str  # the touchpoint's id when the journey does not know it
    touchpoint_url: str | None  # None for a touchpoint the journey does not know
    url: str
    category: str
    opened: str
    age_days: int | None  # None when there is no reporting date to count to
    status: str
    owner: str  # "" when the data names none
    action: str
    severity: str


@dataclass(frozen=True)
class CategoryCount:
    """One category: open now, opened in the recent periods, and all time."""

    category: str
    open: int
    opened_recent: int
    total: int


@dataclass(frozen=True)
class OwnerIssues:
    """One owner's open issues: how many, and the oldest few (oldest first)."""

    owner: str
    open: int
    oldest_age_days: int | None
    oldest: tuple[OpenIssue, ...]


@dataclass(frozen=True)
class Resolution:
    """Days from opened to closed over the closed issues (None when none is closed)."""

    closed: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class NamedResolution:
    """Resolution times of one touchpoint, category or owner."""

    name: str
    closed: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class ResolutionTimes:
    overall: Resolution
    touchpoint: tuple[NamedResolution, ...]
    category: tuple[NamedResolution, ...]
    owner: tuple[NamedResolution, ...]

    def by(self, key: str) -> tuple[NamedResolution, ...]:
        """The rows of one breakdown: "touchpoint", "category" or "owner"."""
        rows: dict[str, tuple[NamedResolution, ...]] = {
            "touchpoint": self.touchpoint,
            "category": self.category,
            "owner": self.owner,
        }
        return rows[key]


@dataclass(frozen=True)
class AgeBucket:
    bucket: str  # "8–14 days"
    count: int


@dataclass(frozen=True)
class ParetoBar:
    """A category's recent issues and the running share of all of them so far."""

    category: str
    count: int
    cumulative_share: float | None


@dataclass(frozen=True)
class IssueProjection(Projection):
    """The burn-down projection with the sentences the pages and the wall show."""

    text: str
    short: str | None  # the wall's few words; None when there is no projection


@dataclass(frozen=True)
class IssueAnalytics:
    resolution: ResolutionTimes
    age_distribution: tuple[AgeBucket, ...]
    pareto: tuple[ParetoBar, ...]
    projection: IssueProjection


@dataclass(frozen=True)
class IssuesModel:
    """Volume, flow and backlog per period, the nature of the open issues (category,
    owner), each open one (oldest first) and how fast issues are resolved."""

    as_of: str | None
    total: int
    open_count: int
    periods: tuple[IssuePeriod, ...]
    latest: IssuePeriod | None
    backlog_change: int | None
    recent_periods: int
    by_category: tuple[CategoryCount, ...]
    by_owner: tuple[OwnerIssues, ...]
    open: tuple[OpenIssue, ...]
    analytics: IssueAnalytics
