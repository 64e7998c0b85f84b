"""Customer issues as the site shows them: volume, flow and backlog per period, the
nature of the open ones (category, owner), each open issue's age, and how fast issues
are resolved (:mod:`.issue_analytics`).

The counts and resolution times are computed in the engine
(:mod:`cxsite.data.issue_stats`); only the open issues' rows, which the issue pages and
lists show one by one, are read in Python.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import accumulate
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..data.engine import to_frame
from ..data.issue_stats import category_stats, period_counts, resolution_stats
from ..data.periods import Calendar
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey
from ..pages import url_of
from .issue_analytics import issue_analytics
from .issue_types import CategoryCount, IssuePeriod, IssuesModel, OpenIssue, OwnerIssues

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from ..data.sources import Dataset

RECENT_ISSUE_PERIODS = 13
# Lists on pages are capped (their totals are kept) so a page stays light at any scale.
OWNER_OLDEST = 3


def issues_model(
    data: Dataset,
    calendar: Calendar | None,
    as_of: pd.Timestamp | None,
    journey: Journey,
    config: SiteConfig,
) -> IssuesModel:
    """Volume, flow, backlog and nature of customer issues, each open one's age, and the
    analytics drawn from them, built once."""
    table = data.table("issues")
    total = data.rows("issues")
    # no issues at all: no flow to show, not a row of zeros per period
    periods = issue_periods(table, calendar) if total else ()
    # Only the open issues are listed: only they cross into Python.
    open_issues = to_frame(table.filter(table.is_open).drop("export_order"))
    listed = sorted(
        (_open_issue(row, as_of, journey) for row in open_issues.itertuples(index=False)),
        key=oldest_first,
    )
    by_category = category_counts(table, calendar)
    owners: dict[str, list[OpenIssue]] = defaultdict(list)
    for item in listed:
        owners[item.owner or "Unassigned"].append(item)
    latest = periods[-1] if periods else None
    previous = periods[-2] if len(periods) > 1 else None
    return IssuesModel(
        as_of=as_of.strftime("%Y-%m-%d") if as_of is not None else None,
        total=total,
        open_count=len(listed),
        periods=periods,
        latest=latest,
        backlog_change=latest.backlog - previous.backlog if latest and previous else None,
        recent_periods=RECENT_ISSUE_PERIODS,
        by_category=by_category,
        by_owner=tuple(
            OwnerIssues(
                owner=owner,
                open=len(items),
                oldest_age_days=items[0].age_days,
                oldest=tuple(items[:OWNER_OLDEST]),
            )
            for owner, items in sorted(owners.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ),
        open=tuple(listed),
        analytics=issue_analytics(resolution_stats(table), periods, listed, by_category, config),
    )


def issue_periods(issues: ir.Table, calendar: Calendar | None) -> tuple[IssuePeriod, ...]:
    """Issues opened and closed in each period of the calendar, and the backlog after:
    the issues carried into the first period plus the running net of the counts."""
    if calendar is None or not len(calendar):
        return ()
    counts = period_counts(issues, calendar)
    net = accumulate(o - c for o, c in zip(counts.opened, counts.closed, strict=True))
    return tuple(
        IssuePeriod(
            period=calendar.keys[index],
            label=calendar.label(index),
            opened=counts.opened[index],
            closed=counts.closed[index],
            backlog=counts.carried + change,
        )
        for index, change in enumerate(net)
    )


def category_counts(issues: ir.Table, calendar: Calendar | None) -> tuple[CategoryCount, ...]:
    """Each category's open, recent and total issues, most open first."""
    recent_from = None
    if calendar is not None and len(calendar):
        recent_from = calendar.starts[max(0, len(calendar) - RECENT_ISSUE_PERIODS)]
    categories = (
        CategoryCount(c.category, c.open, c.opened_recent, c.total)
        for c in category_stats(issues, recent_from)
    )
    return tuple(sorted(categories, key=lambda c: (-c.open, -c.opened_recent, c.category)))


def oldest_first(issue: OpenIssue) -> tuple[int, str]:
    return (-(issue.age_days or 0), issue.id)


def _opt(value: Any) -> Any:
    """None for missing values, whatever pandas used to mark them."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


def _text(value: Any, missing: str) -> str:
    """A text column's value, or ``missing`` where the row has none."""
    found = _opt(value)
    return str(found) if found else missing


def _open_issue(row: Any, as_of: pd.Timestamp | None, journey: Journey) -> OpenIssue:
    # ``row`` is a pandas itertuples row (a namedtuple of the frame's columns).
    opened = row.opened
    age = int((as_of.normalize() - opened.normalize()).days) if as_of is not None else None
    tp = journey.touchpoint_by_id.get(row.touchpoint)
    return OpenIssue(
        id=str(row.id),
        touchpoint=row.touchpoint,
        touchpoint_name=tp.name if tp else row.touchpoint,
        touchpoint_url=url_of("touchpoint", row.touchpoint) if tp else None,
        url=url_of("issue", str(row.id)),
        category=row.category,
        opened=opened.strftime("%Y-%m-%d"),
        age_days=age,
        status=_text(row.status, "Open"),
        owner=_text(row.owner, ""),
        action=_text(row.action, ""),
        severity=_text(row.severity, ""),
    )
