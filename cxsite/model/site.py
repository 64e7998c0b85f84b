"""Phase 4: the site model — every number the site shows, computed once, as plain data.

The model is JSON-serialisable dicts and lists: templates present it, charts are drawn
from it, and ``data/*.json`` files publish it. Nothing here knows about HTML.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..data.periods import Calendar, period_index
from ..data.reporting_period import reporting_date, site_calendar, up_to
from ..data.sources import Dataset
from ..inputs.config import SiteConfig
from ..inputs.content import ContentItem
from ..inputs.journey import Journey
from ..pages import url_of
from ..privacy.issues import redact_dataset
from ..voice import CommentCache, collect_comments
from .flow import customer_flow
from .insights import issue_analytics, key_drivers
from .measures import Cell, observation_cells, response_cells
from .moments import behaviour_cells
from .rhythm import add_rhythm
from .segments import add_segments
from .serialise import to_json
from .summaries import metric_summaries

Json = dict[str, Any]
RECENT_ISSUE_PERIODS = 13
# Lists on pages are capped (their totals are kept) so a page stays light at any scale.
OWNER_OLDEST = 3


@dataclass(frozen=True)
class BuildInfo:
    generator: str
    version: str
    build_id: str
    built_at: str


def compute_model(
    config: SiteConfig,
    journey: Journey,
    data: Dataset,
    content: list[ContentItem],
    info: BuildInfo,
    comment_cache: CommentCache | None = None,
) -> Json:
    data = redact_dataset(data, config.privacy)
    as_of = reporting_date(config, data)
    calendar = site_calendar(config, data, as_of)
    data = up_to(data, calendar)
    cells: dict[str, list[Cell | None]] = {}
    if calendar is not None:
        cells.update(observation_cells(data.table("observations"), journey, calendar))
        cells.update(response_cells(data.table("responses"), journey, calendar))
        cells.update(behaviour_cells(data, journey, calendar))
    summaries, tests = metric_summaries(cells, calendar, config, journey)
    issues = issue_overview(data.issues, calendar, as_of, journey)
    issues["analytics"] = issue_analytics(data.issues, issues, config)
    window = config.analytics.comment_window
    since = calendar.starts[max(0, len(calendar) - window)] if calendar and window else None
    comments = collect_comments(data, journey, config, comment_cache, since)
    latest = len(calendar) - 1 if calendar else None
    site = {
        "title": config.title,
        "organisation": config.organisation,
        "base_url": config.base_url,
        "generator": info.generator,
        "version": info.version,
        "build_id": info.build_id,
        "built_at": info.built_at,
        "data_as_of": as_of.strftime("%Y-%m-%d") if as_of is not None else None,
        "min_n": config.min_n,
        "period": {
            "unit": config.period.unit,
            "week_start": config.period.week_start,
            "keys": calendar.keys if calendar else [],
            "labels": [calendar.label(i) for i in range(len(calendar))] if calendar else [],
            "latest": _period_ref(calendar, latest),
            "previous": _period_ref(calendar, latest - 1 if latest else None),
        },
    }
    outcomes = [
        summaries[m.id] for m in journey.metrics if m.kind == "outcome" and m.touchpoint is None
    ]
    flow_ids = {s.flow_metric for s in journey.stages if s.flow_metric}
    pages = [
        {
            "slug": item.slug,
            "title": item.title,
            "html": item.html,
            "url": url_of("page", item.slug),
            "file": item.file,
            "order": item.order,
        }
        for item in sorted((c for c in content if c.is_page), key=lambda c: (c.order, c.slug))
    ]
    model: Json = {
        "site": site,
        "outcomes": [o for o in outcomes if o.id not in flow_ids],
        "flow": customer_flow(journey, summaries),
        "metrics": summaries,
        "issues": issues,
        "pages": pages,
        # In memory only, for the views: the comments per touchpoint and the calendar.
        "voice": comments,
        "calendar": calendar,
    }
    model["site"]["tests"] = tests
    model["site"]["analysis"] = {
        "comment_window": config.analytics.comment_window,
        "comment_sample": config.analytics.comment_sample,
    }
    model["drivers"] = key_drivers(data.responses, journey, config, as_of)
    add_rhythm(model, config, journey, data, calendar)
    add_segments(model, config, journey, data, calendar)
    return model


# What the model keeps in memory for the views only, and the per-metric summaries the
# data files publish through the pages that show them.
NOT_PLAIN = ("voice", "calendar", "metrics", "segment_metrics")


def model_data(model: Json) -> Json:
    """The model as plain data (its data files' values) for the writers that read the
    site as data: exports, the search list, the digests."""
    plain: Json = to_json({k: v for k, v in model.items() if k not in NOT_PLAIN})
    return plain


def _period_ref(calendar: Calendar | None, index: int | None) -> Json | None:
    if calendar is None or index is None or index < 0:
        return None
    return {"key": calendar.keys[index], "label": calendar.label(index), "index": index}


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
