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
from ..inputs.journey import Journey, Metric
from ..pages import url_of
from ..privacy.issues import redact_dataset
from ..voice import CommentCache, collect_comments
from .control_view import add_control_charts
from .flow import customer_flow
from .headline import add_headlines
from .insights import (
    add_survey_tests,
    issue_analytics,
    key_drivers,
)
from .links import add_lag_analysis
from .measures import (
    STATUS_LABELS,
    Cell,
    format_change,
    format_value,
    observation_cells,
    response_cells,
    rounded,
    status_of,
)
from .moments import behaviour_cells
from .rhythm import add_rhythm
from .segments import add_segments

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
    cells = {}
    if calendar is not None:
        cells.update(observation_cells(data.table("observations"), journey, calendar))
        cells.update(response_cells(data.table("responses"), journey, calendar))
        cells.update(behaviour_cells(data, journey, calendar))
    summaries, tests = metric_summaries(cells, calendar, config, journey)
    add_lag_analysis(summaries, journey, calendar, config)
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
        "outcomes": [o for o in outcomes if o["id"] not in flow_ids],
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
    add_segments(model, config, journey, data, calendar, metric_summaries)
    return model


def _period_ref(calendar: Calendar | None, index: int | None) -> Json | None:
    if calendar is None or index is None or index < 0:
        return None
    return {"key": calendar.keys[index], "label": calendar.label(index), "index": index}


def metric_summaries(
    cells: dict[str, list[Cell | None]],
    calendar: Calendar | None,
    config: SiteConfig,
    journey: Journey,
) -> tuple[dict[str, Json], Json]:
    """Every metric's summary from its cells: values, headline windows, intervals, change
    tests and control charts. The whole company and each segment go through this one
    function, so a number has one computation."""
    summaries = {
        m.id: summarize_metric(m, cells.get(m.id), calendar, config, journey)
        for m in journey.metrics
    }
    add_headlines(summaries, journey, calendar, config)
    tests = add_survey_tests(summaries, journey, config)
    add_control_charts(summaries, journey, calendar, config)
    return summaries, tests


def summarize_metric(
    metric: Metric,
    cells: list[Cell | None] | None,
    calendar: Calendar | None,
    config: SiteConfig,
    journey: Journey,
) -> Json:
    """Latest and previous value, change, status and the full series of one metric."""
    is_survey = metric.source == "responses"
    series: list[Json] = []
    count = len(calendar) if calendar else 0
    cells = cells or [None] * count
    for index in range(count):
        cell = cells[index]
        if cell is None:
            series.append({"period": calendar.keys[index], "value": None, "n": 0})  # type: ignore[union-attr]
            continue
        shown = cell.value if not (is_survey and cell.n < config.min_n) else None
        point: Json = {"period": calendar.keys[index], "value": rounded(shown), "n": cell.n}  # type: ignore[union-attr]
        if is_survey:
            point["stats"] = {k: v for k, v in cell.as_dict().items() if k != "value"}
        series.append(point)

    def snapshot(index: int) -> Json:
        if index < 0 or index >= count:
            return {
                "period": None,
                "label": None,
                "value": None,
                "n": 0,
                "display": "–",
                "status": "nodata",
                "status_label": STATUS_LABELS["nodata"],
                "too_few": False,
            }
        point = series[index]
        n: int = point["n"]
        too_few = is_survey and 0 < n < config.min_n
        value: float | None = point["value"]
        status = "few" if too_few else status_of(value, metric, config.near_band)
        if too_few:
            display = f"n = {point['n']}, too few responses"
        elif value is None:
            display = "No data"
        else:
            display = format_value(value, metric)
        return {
            "period": point["period"],
            "label": calendar.label(index) if calendar else None,
            "caption": f"{calendar.label(index) if calendar else ''}, n = {point['n']:,}",
            "value": value,
            "n": point["n"],
            "display": display,
            "status": status,
            "status_label": STATUS_LABELS[status],
            "too_few": too_few,
        }

    latest = snapshot(count - 1)
    previous = snapshot(count - 2)
    change = None
    if latest["value"] is not None and previous["value"] is not None:
        change = rounded(latest["value"] - previous["value"])
    better = None
    if change is not None and change != 0:
        better = (change > 0) == metric.higher_is_better
    touchpoint = journey.touchpoint_by_id.get(metric.touchpoint or "")
    return {
        "id": metric.id,
        "name": metric.name,
        "kind": metric.kind,
        "unit": metric.unit,
        "direction": metric.direction,
        "aggregate": metric.aggregate,
        "source": metric.source,
        "scale": list(metric.scale) if metric.scale else None,
        "target": metric.target,
        "target_display": format_value(metric.target, metric) if metric.target is not None else "–",
        "touchpoint": metric.touchpoint,
        "stage": touchpoint.stage if touchpoint else None,
        "maps_to": metric.maps_to,
        "latest": latest,
        "previous": previous,
        "change": change,
        "change_display": format_change(change, metric),
        "change_better": better,
        "series": series,
        "chart_id": f"chart-metric-{metric.id}",
    }


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
