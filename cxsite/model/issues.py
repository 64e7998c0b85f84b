"""Customer issues as the site shows them: volume, flow and backlog per period, the
nature of the open ones (category, owner) and each open issue's age.

``issue_overview`` reads the issue rows; the data phase takes over its frame work
(per-period counts and the open list in the engine) and its output stays this shape.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd

from ..data.periods import Calendar, period_index
from ..inputs.journey import Journey
from ..pages import url_of

Json = dict[str, Any]
RECENT_ISSUE_PERIODS = 13
# Lists on pages are capped (their totals are kept) so a page stays light at any scale.
OWNER_OLDEST = 3


def issue_overview(
    issues: pd.DataFrame, calendar: Calendar | None, as_of: pd.Timestamp | None, journey: Journey
) -> Json:
    """Volume, flow, backlog and nature of customer issues, plus each open one's age."""
    periods: list[Json] = []
    if calendar is not None and len(issues):
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
        for index in range(count):
            periods.append(
                {
                    "period": calendar.keys[index],
                    "label": calendar.label(index),
                    "opened": int(opened[index]),
                    "closed": int(closed[index]),
                    "backlog": int(backlog[index]),
                }
            )
    open_issues = issues[issues["is_open"]] if len(issues) else issues
    listed = [_issue_row(row, as_of, journey) for row in open_issues.itertuples(index=False)]
    listed.sort(key=oldest_first)
    recent_from = None
    if calendar is not None and len(calendar):
        recent_from = calendar.starts[max(0, len(calendar) - RECENT_ISSUE_PERIODS)]
    categories: dict[str, Json] = {}
    for category in sorted(set(issues["category"].dropna())) if len(issues) else []:
        in_category = issues["category"] == category
        recent = (
            in_category & (issues["opened"] >= recent_from)
            if recent_from is not None
            else in_category
        )
        categories[category] = {
            "category": category,
            "open": int((in_category & issues["is_open"]).sum()),
            "opened_recent": int(recent.sum()),
            "total": int(in_category.sum()),
        }
    owners: dict[str, list[Json]] = defaultdict(list)
    for item in listed:
        owners[item["owner"] or "Unassigned"].append(item)
    latest = periods[-1] if periods else None
    previous = periods[-2] if len(periods) > 1 else None
    return {
        "as_of": as_of.strftime("%Y-%m-%d") if as_of is not None else None,
        "total": len(issues),
        "open_count": len(listed),
        "periods": periods,
        "latest": latest,
        "backlog_change": (latest["backlog"] - previous["backlog"])
        if latest and previous
        else None,
        "recent_periods": RECENT_ISSUE_PERIODS,
        "by_category": sorted(
            categories.values(), key=lambda c: (-c["open"], -c["opened_recent"], c["category"])
        ),
        "by_owner": [
            {
                "owner": owner,
                "open": len(items),
                "oldest_age_days": items[0]["age_days"],
                "oldest": items[:OWNER_OLDEST],
            }
            for owner, items in sorted(owners.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
        "open": listed,
    }


def oldest_first(issue: Json) -> tuple[int, str]:
    return (-(issue["age_days"] or 0), issue["id"])


def _opt(value: Any) -> Any:
    """None for missing values, whatever pandas used to mark them."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


def _issue_row(row: Any, as_of: pd.Timestamp | None, journey: Journey) -> Json:
    opened = row.opened
    age = int((as_of.normalize() - opened.normalize()).days) if as_of is not None else None
    tp = journey.touchpoint_by_id.get(row.touchpoint)
    return {
        "id": str(row.id),
        "touchpoint": row.touchpoint,
        "touchpoint_name": tp.name if tp else row.touchpoint,
        "touchpoint_url": url_of("touchpoint", row.touchpoint) if tp else None,
        "url": url_of("issue", str(row.id)),
        "category": row.category,
        "opened": opened.strftime("%Y-%m-%d"),
        "age_days": age,
        "status": _opt(row.status) or "Open",
        "owner": _opt(row.owner) or "",
        "action": _opt(row.action) or "",
        "severity": _opt(row.severity) or "",
    }
