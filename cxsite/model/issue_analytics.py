"""How fast issues are resolved and where the backlog is heading: resolution times
overall and per touchpoint, category and owner, the age of the open issues, the Pareto
of categories and the burn-down projection.

The resolution times' counts and quantiles come from the engine
(:func:`cxsite.data.issue_stats.resolution_stats`); here they are rounded and named.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..data.issue_stats import DIMENSIONS, ResolutionStats
from ..inputs.config import SiteConfig
from ..stats import burndown_projection
from ..stats.issueflow import Projection
from .issue_types import (
    AgeBucket,
    CategoryCount,
    IssueAnalytics,
    IssuePeriod,
    IssueProjection,
    NamedResolution,
    OpenIssue,
    ParetoBar,
    Resolution,
    ResolutionTimes,
)
from .measures import rounded as _r

AGE_BUCKETS = (
    (0, 7, "0–7 days"),
    (8, 14, "8–14 days"),
    (15, 30, "15–30 days"),
    (31, 60, "31–60 days"),
    (61, 90, "61–90 days"),
    (91, None, "over 90 days"),
)


def issue_analytics(
    resolution: Sequence[ResolutionStats],
    periods: Sequence[IssuePeriod],
    open_issues: Sequence[OpenIssue],
    by_category: Sequence[CategoryCount],
    config: SiteConfig,
) -> IssueAnalytics:
    """Time to resolve, age of open issues, Pareto of categories, burn-down projection."""
    ages = [i.age_days or 0 for i in open_issues]
    return IssueAnalytics(
        resolution=resolution_times(resolution),
        age_distribution=tuple(
            AgeBucket(label, sum(1 for a in ages if a >= lo and (hi is None or a <= hi)))
            for lo, hi, label in AGE_BUCKETS
        ),
        pareto=pareto(by_category),
        projection=projection(periods, config),
    )


def resolution_times(stats: Sequence[ResolutionStats]) -> ResolutionTimes:
    """Days to resolve the closed issues, overall and per touchpoint, category, owner,
    from the engine's rows (:func:`~cxsite.data.issue_stats.resolution_stats`)."""
    overall = next((s for s in stats if s.dimension == "overall"), None)
    per = {
        dimension: tuple(_named(s.name, _resolution(s)) for s in stats if s.dimension == dimension)
        for dimension in DIMENSIONS
    }
    return ResolutionTimes(
        overall=_resolution(overall) if overall else Resolution(0, None, None),
        touchpoint=per["touchpoint"],
        category=per["category"],
        owner=per["owner"],
    )


def pareto(by_category: Sequence[CategoryCount]) -> tuple[ParetoBar, ...]:
    """Categories by issues opened recently, most first, with the running share."""
    categories = sorted(by_category, key=lambda c: (-c.opened_recent, c.category))
    total = sum(c.opened_recent for c in categories) or 1
    running = 0
    bars = []
    for c in categories:
        running += c.opened_recent
        bars.append(ParetoBar(c.category, c.opened_recent, _r(running / total)))
    return tuple(bars)


def projection(periods: Sequence[IssuePeriod], config: SiteConfig) -> IssueProjection:
    """When the backlog reaches its target at the recent net closing rate, in words."""
    target = config.analytics.backlog_target
    found = burndown_projection([p.backlog for p in periods], target, window=8)
    unit = config.period.unit
    short = None
    if found.status == "at target":
        text = f"The backlog is at or below its target of {target:,}."
        short = "at target"
    elif found.status == "on track" and found.periods_to_target_ceil is not None:
        n = found.periods_to_target_ceil
        short = f"target of {target:,} in about {n} {unit}{'s' if n != 1 else ''}"
        text = (
            f"At the current net closing rate of {found.closing_rate:,.1f} a {unit}, "
            f"the backlog reaches its target of {target:,} in about {n} {unit}"
            f"{'s' if n != 1 else ''}."
        )
    elif found.status == "never at this rate":
        short = f"never reaches its target of {target:,} at this rate"
        text = (
            f"Never, at this rate: the backlog grew by {-(found.closing_rate or 0):,.1f} "
            f"a {unit} over the last {found.window} {unit}s."
        )
    else:
        text = "Not enough history to project the backlog."
    return _worded(found, text, short)


def _worded(found: Projection, text: str, short: str | None) -> IssueProjection:
    return IssueProjection(
        current=found.current,
        target=found.target,
        window=found.window,
        points_used=found.points_used,
        slope=found.slope,
        closing_rate=found.closing_rate,
        periods_to_target=found.periods_to_target,
        periods_to_target_ceil=found.periods_to_target_ceil,
        never=found.never,
        status=found.status,
        text=text,
        short=short,
    )


def _named(name: str, found: Resolution) -> NamedResolution:
    return NamedResolution(name, found.closed, found.median_days, found.p90_days)


def _resolution(found: ResolutionStats) -> Resolution:
    if found.closed == 0:
        return Resolution(0, None, None)
    return Resolution(closed=found.closed, median_days=_r(found.median), p90_days=_r(found.p90))
