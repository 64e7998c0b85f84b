"""How fast issues are resolved and where the backlog is heading: resolution times
overall and per touchpoint, category and owner, the age of the open issues, the Pareto
of categories and the burn-down projection.

``issue_analytics`` reads the issue rows for the resolution times; the data phase takes
that over (the quantiles in the engine).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..inputs.config import SiteConfig
from ..stats import burndown_projection
from .measures import rounded as _r

Json = dict[str, Any]
AGE_BUCKETS = (
    (0, 7, "0–7 days"),
    (8, 14, "8–14 days"),
    (15, 30, "15–30 days"),
    (31, 60, "31–60 days"),
    (61, 90, "61–90 days"),
    (91, None, "over 90 days"),
)


def issue_analytics(issues: pd.DataFrame, overview: Json, config: SiteConfig) -> Json:
    """Time to resolve, age of open issues, Pareto of categories, burn-down projection."""
    result: Json = {}
    closed = issues[issues["closed"].notna() & issues["opened"].notna()]
    days = (closed["closed"].dt.normalize() - closed["opened"].dt.normalize()).dt.days
    frame = pd.DataFrame(
        {
            "days": days.to_numpy(dtype="float64"),
            "touchpoint": closed["touchpoint"].to_numpy(),
            "category": closed["category"].to_numpy(),
            "owner": closed["owner"].fillna("Unassigned").to_numpy(),
        }
    )
    result["resolution"] = {
        "overall": _resolution(frame["days"]),
        **{
            key: [
                {"name": str(name)} | _resolution(part["days"])
                for name, part in frame.groupby(key, sort=True)
            ]
            for key in ("touchpoint", "category", "owner")
        },
    }
    ages = [i["age_days"] or 0 for i in overview["open"]]
    result["age_distribution"] = [
        {"bucket": label, "count": sum(1 for a in ages if a >= lo and (hi is None or a <= hi))}
        for lo, hi, label in AGE_BUCKETS
    ]
    categories = sorted(overview["by_category"], key=lambda c: (-c["opened_recent"], c["category"]))
    total = sum(c["opened_recent"] for c in categories) or 1
    running = 0
    pareto = []
    for c in categories:
        running += c["opened_recent"]
        pareto.append(
            {
                "category": c["category"],
                "count": c["opened_recent"],
                "cumulative_share": _r(running / total),
            }
        )
    result["pareto"] = pareto
    backlog = [p["backlog"] for p in overview["periods"]]
    target = config.analytics.backlog_target
    projection = burndown_projection(backlog, target, window=8)
    unit = config.period.unit
    short = None
    if projection.status == "at target":
        text = f"The backlog is at or below its target of {target:,}."
        short = "at target"
    elif projection.status == "on track" and projection.periods_to_target_ceil is not None:
        n = projection.periods_to_target_ceil
        short = f"target of {target:,} in about {n} {unit}{'s' if n != 1 else ''}"
        text = (
            f"At the current net closing rate of {projection.closing_rate:,.1f} a {unit}, "
            f"the backlog reaches its target of {target:,} in about {n} {unit}"
            f"{'s' if n != 1 else ''}."
        )
    elif projection.status == "never at this rate":
        short = f"never reaches its target of {target:,} at this rate"
        text = (
            f"Never, at this rate: the backlog grew by {-(projection.closing_rate or 0):,.1f} "
            f"a {unit} over the last {projection.window} {unit}s."
        )
    else:
        text = "Not enough history to project the backlog."
    result["projection"] = projection.to_dict() | {"text": text, "short": short}
    return result


def _resolution(days: pd.Series) -> Json:
    values = days.dropna()
    if len(values) == 0:
        return {"closed": 0, "median_days": None, "p90_days": None}
    return {
        "closed": len(values),
        "median_days": _r(float(np.median(values))),
        "p90_days": _r(float(np.quantile(values, 0.9))),
    }
