"""Customer issues as the site shows them: volume, flow and backlog per period, the
nature of the open ones (category, owner), each open issue's age, and how fast issues
are resolved (:mod:`.issue_analytics`).

``issues_model`` reads the issue rows; the data phase takes over its frame work
(per-period counts and the open list in the engine) and its output stays this shape.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd

from ..data.periods import Calendar, period_index
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey
from ..pages import url_of
from .issue_analytics import issue_analytics
from .issue_types import CategoryCount, IssuePeriod, IssuesModel, OpenIssue, OwnerIssues

RECENT_ISSUE_PERIODS = 13
# Lists on pages are capped (their totals are kept) so a page stays light at any scale.
OWNER_OLDEST = 3


def issues_model(
    issues: pd.DataFrame,
    calendar: Calendar | None,
    as_of: pd.Timestamp | None,
    journey: Journey,
    config: SiteConfig,
) -> IssuesModel:
    """Volume, flow, backlog and nature of customer issues, each open one's age, and the
    analytics drawn from them, built once."""
    periods = issue_periods(issues, calendar)
    open_issues = issues[issues["is_open"]] if len(issues) else issues
    listed = sorted(
        (_open_issue(row, as_of, journey) for row in open_issues.itertuples(index=False)),
        key=oldest_first,
    )
    by_category = category_counts(issues, calendar)
    owners: dict[str, list[OpenIssue]] = defaultdict(list)
    for item in listed:
        owners[item.owner or "Unassigned"].append(item)
    latest = periods[-1] if periods else None
    previous = periods[-2] if len(periods) > 1 else None
    return IssuesModel(
        as_of=as_of.strftime("%Y-%m-%d") if as_of is not None else None,
        total=len(issues),
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
        analytics=issue_analytics(issues, periods, listed, by_category, config),
    )


def issue_periods(issues: pd.DataFrame, calendar: Calendar | None) -> tuple[IssuePeriod, ...]:
    """Issues opened and closed in each period of the calendar, and the backlog after."""
    if calendar is None or not len(issues):
        return ()
    opened_at = period_index(issues["opened"], calendar)
    closed_mask = issues["closed"].notna().to_numpy()
    closed_at = np.full(len(issues), -1, dtype=np.int64)
    if closed_mask.any():
        closed_at[closed_mask] = period_index(issues.loc[closed_mask, "closed"], calendar)
    count = len(calendar)
    opened = np.bincount(opened_at[opened_at >= 0], minlength=count)[:count]
    closed = np.bincount(closed_at[closed_at >= 0], minlength=count)[:count]
    # issues opened before the first period shown and still open at its start
    start = calendar.starts[0]
    carried = int(
        ((issues["opened"] < start) & ~(issues["closed"] < start)).to_numpy(dtype=bool).sum()
    )
    backlog = carried + np.cumsum(opened) - np.cumsum(closed)
    return tuple(
        IssuePeriod(
            period=calendar.keys[index],
            label=calendar.label(index),
            opened=int(opened[index]),
            closed=int(closed[index]),
            backlog=int(backlog[index]),
        )
        for index in range(count)
    )


def category_counts(issues: pd.DataFrame, calendar: Calendar | None) -> tuple[CategoryCount, ...]:
    """Each category's open, recent and total issues, most open first."""
    recent_from = None
    if calendar is not None and len(calendar):
        recent_from = calendar.starts[max(0, len(calendar) - RECENT_ISSUE_PERIODS)]
    categories = []
    for category in sorted(set(issues["category"].dropna())) if len(issues) else []:
        in_category = issues["category"] == category
        recent = (
            in_category & (issues["opened"] >= recent_from)
            if recent_from is not None
            else in_category
        )
        categories.append(
            CategoryCount(
                category=category,
                open=int((in_category & issues["is_open"]).sum()),
                opened_recent=int(recent.sum()),
                total=int(in_category.sum()),
            )
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
