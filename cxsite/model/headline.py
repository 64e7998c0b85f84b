"""Survey headlines over a window of recent periods, with their margin of error and n.

One week of a small sample is mostly noise (NPS 48 ± 26 from 27 answers), so a survey
metric's headline pools the answers of its last ``window`` periods (site default
``analytics.headline_window``, a metric's own ``window`` wins), or — when a precision is
set (``analytics.headline_precision`` or the metric's ``precision``) — of the fewest
recent periods whose margin of error is at most that precision, up to
``PRECISION_LIMIT`` periods. The previous value is the same number of periods just
before, so the change compares two windows that share no answers. The weekly series
is left as it is for charts and data files.

Status honours the margin: when the interval spans the target the status is "margin"
("Within the margin of the target"); "on" and "off" are kept for values whose whole
interval is on one side.
"""

from __future__ import annotations

from typing import Any

from ..data.periods import Calendar
from ..inputs.config import SiteConfig
from ..inputs.journey import Journey, Metric
from .insights import survey_interval
from .measures import STATUS_LABELS, decimals_for, format_change, format_value, rounded, status_of

Json = dict[str, Any]
STAT_KEYS = ("n", "sum", "sum_sq", "top", "promoters", "detractors")
PRECISION_LIMIT = 13  # periods: a quarter of weeks at most, however noisy the score
HISTORY = 26  # periods of headline status kept, for sustained target crossings


def pooled(series: list[Json], start: int, stop: int) -> Json | None:
    """The summed counts of periods ``start`` to ``stop - 1`` (None when nobody answered)."""
    total = dict.fromkeys(STAT_KEYS, 0.0)
    for point in series[max(0, start) : stop]:
        stats = point.get("stats")
        if stats:
            for key in STAT_KEYS:
                total[key] += float(stats[key] or 0)
    if total["n"] == 0:
        return None
    total["n"] = int(total["n"])
    return total


def pooled_value(metric: Metric, stats: Json) -> float:
    n = float(stats["n"])
    if metric.aggregate == "nps":
        return 100.0 * (float(stats["promoters"]) - float(stats["detractors"])) / n
    if metric.aggregate in ("csat", "rate"):
        return 100.0 * float(stats["top"]) / n
    return float(stats["sum"]) / n


def window_size(metric: Metric, series: list[Json], config: SiteConfig) -> int:
    """How many recent periods the headline pools (see the module docstring)."""
    window = metric.window or config.analytics.headline_window
    precision = metric.precision if metric.precision is not None else None
    if precision is None:
        precision = config.analytics.headline_precision
    if precision is None:
        return min(window, max(1, len(series)))
    limit = min(max(window, PRECISION_LIMIT), len(series))
    for size in range(1, limit + 1):
        stats = pooled(series, len(series) - size, len(series))
        if stats is None or stats["n"] < config.min_n:
            continue
        point = {"value": pooled_value(metric, stats), "stats": stats}
        interval = survey_interval(metric, point, config.analytics.confidence)
        if interval and interval["margin"] is not None and interval["margin"] <= precision:
            return size
    return max(1, limit)


def status_with_margin(
    value: float | None, interval: Json | None, metric: Metric, near: float
) -> str:
    """on / near / off, or "margin" when the interval spans the target."""
    status = status_of(value, metric, near)
    spans = (
        interval is not None
        and metric.target is not None
        and interval["low"] <= metric.target <= interval["high"]
    )
    return "margin" if spans and status in ("on", "near", "off") else status


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def window_snapshot(
    metric: Metric,
    series: list[Json],
    start: int,
    stop: int,
    calendar: Calendar,
    config: SiteConfig,
    label: str,
) -> Json:
    """The headline of periods ``start``..``stop - 1``: value, interval, n, status."""
    stats = pooled(series, start, stop) if start >= 0 else None
    n = int(stats["n"]) if stats else 0
    too_few = 0 < n < config.min_n
    value = pooled_value(metric, stats) if stats and not too_few else None
    interval = None
    if stats and value is not None:
        interval = survey_interval(
            metric, {"value": value, "stats": stats}, config.analytics.confidence
        )
        if interval:
            places = decimals_for(metric, interval["margin"])
            interval["display"] = f"± {interval['margin']:,.{places}f}"
    if too_few:
        status, display = "few", f"n = {n}, too few responses"
    elif value is None:
        status, display = "nodata", "No data" if start >= 0 else "–"
    else:
        status = status_with_margin(value, interval, metric, config.near_band)
        display = format_value(value, metric)
    periods = stop - max(0, start)
    in_range = 0 <= start < stop <= len(calendar)
    return {
        "period": calendar.keys[stop - 1] if in_range else None,
        "first_period": calendar.keys[start] if in_range else None,
        "label": label,
        "window": periods,
        "value": rounded(value),
        "n": n,
        "display": display,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "too_few": too_few,
        "stats": stats,
        "interval": interval,
    }


def add_headlines(
    summaries: dict[str, Json], journey: Journey, calendar: Calendar | None, config: SiteConfig
) -> None:
    """Replace each survey metric's latest/previous period by its headline windows."""
    if calendar is None or not len(calendar):
        return
    unit = config.period.unit
    for metric in journey.metrics:
        if metric.source != "responses":
            continue
        summary = summaries[metric.id]
        series = summary["series"]
        size = window_size(metric, series, config)
        count = len(series)
        span = _plural(size, unit)
        latest = window_snapshot(
            metric, series, count - size, count, calendar, config, f"last {span}"
        )
        previous = window_snapshot(
            metric, series, count - 2 * size, count - size, calendar, config, f"the {span} before"
        )
        latest["caption"] = f"last {span}, n = {latest['n']:,}"
        change = None
        if latest["value"] is not None and previous["value"] is not None:
            change = rounded(latest["value"] - previous["value"])
        history = [
            window_snapshot(metric, series, stop - size, stop, calendar, config, "")
            for stop in range(max(1, count - HISTORY), count + 1)
        ]
        summary |= {
            "status_history": [
                {k: h[k] for k in ("period", "value", "n", "status")} for h in history
            ],
            "latest": latest,
            "previous": previous,
            "change": change,
            "change_display": format_change(change, metric),
            "change_better": None if not change else (change > 0) == metric.higher_is_better,
            "interval": latest["interval"],
            "window": {"periods": size, "label": f"last {span}"},
        }
