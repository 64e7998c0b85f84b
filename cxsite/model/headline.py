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

from collections.abc import Sequence
from dataclasses import dataclass

from ..data.periods import Calendar
from ..inputs.config import SiteConfig
from ..inputs.journey import Metric
from .insights import Headline, survey_interval
from .measures import STATUS_LABELS, decimals_for, format_change, format_value, rounded, status_of
from .metric import HeadlineWindow, Interval, Snapshot, StatusPoint
from .series import CellStats, SeriesPoint

PRECISION_LIMIT = 13  # periods: a quarter of weeks at most, however noisy the score
HISTORY = 26  # periods of headline status kept, for sustained target crossings


def pooled(series: Sequence[SeriesPoint], start: int, stop: int) -> CellStats | None:
    """The summed counts of periods ``start`` to ``stop - 1`` (None when nobody answered)."""
    n = total = total_sq = top = promoters = detractors = 0.0
    for point in series[max(0, start) : stop]:
        stats = point.stats
        if stats:
            n += float(stats.n or 0)
            total += float(stats.sum or 0)
            total_sq += float(stats.sum_sq or 0)
            top += float(stats.top or 0)
            promoters += float(stats.promoters or 0)
            detractors += float(stats.detractors or 0)
    if n == 0:
        return None
    return CellStats(
        n=int(n),
        sum=total,
        sum_sq=total_sq,
        top=top,
        promoters=promoters,
        detractors=detractors,
    )


def pooled_value(metric: Metric, stats: CellStats) -> float:
    n = float(stats.n)
    if metric.aggregate == "nps":
        return 100.0 * (float(stats.promoters) - float(stats.detractors)) / n
    if metric.aggregate in ("csat", "rate"):
        return 100.0 * float(stats.top) / n
    return float(stats.sum) / n


def window_size(metric: Metric, series: Sequence[SeriesPoint], config: SiteConfig) -> int:
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
        if stats is None or stats.n < config.min_n:
            continue
        value = pooled_value(metric, stats)
        interval = survey_interval(metric, value, stats, config.analytics.confidence)
        if interval and interval.margin is not None and interval.margin <= precision:
            return size
    return max(1, limit)


def status_with_margin(
    value: float | None, low: float | None, high: float | None, metric: Metric, near: float
) -> str:
    """on / near / off, or "margin" when the interval ``low``–``high`` spans the target."""
    status = status_of(value, metric, near)
    spans = (
        low is not None
        and high is not None
        and metric.target is not None
        and low <= metric.target <= high
    )
    return "margin" if spans and status in ("on", "near", "off") else status


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def window_snapshot(
    metric: Metric,
    series: Sequence[SeriesPoint],
    start: int,
    stop: int,
    calendar: Calendar,
    config: SiteConfig,
    label: str,
    caption: str | None = None,
) -> Snapshot:
    """The headline of periods ``start``..``stop - 1``: value, interval, n, status.

    ``caption``, when given, is completed with the window's n."""
    stats = pooled(series, start, stop) if start >= 0 else None
    n = int(stats.n) if stats else 0
    too_few = 0 < n < config.min_n
    value = pooled_value(metric, stats) if stats and not too_few else None
    interval: Interval | None = None
    if stats and value is not None:
        found = survey_interval(metric, value, stats, config.analytics.confidence)
        if found:
            margin = found.margin
            places = decimals_for(metric, margin)
            interval = Interval(
                low=found.low,
                high=found.high,
                margin=margin,
                method=found.method,
                confidence=found.confidence,
                display=f"± {margin:,.{places}f}",
            )
    if too_few:
        status, display = "few", f"n = {n}, too few responses"
    elif value is None:
        status, display = "nodata", "No data" if start >= 0 else "–"
    else:
        low, high = (interval.low, interval.high) if interval else (None, None)
        status = status_with_margin(value, low, high, metric, config.near_band)
        display = format_value(value, metric)
    periods = stop - max(0, start)
    in_range = 0 <= start < stop <= len(calendar)
    return Snapshot(
        period=calendar.keys[stop - 1] if in_range else None,
        first_period=calendar.keys[start] if in_range else None,
        label=label,
        window=periods,
        value=rounded(value),
        n=n,
        display=display,
        status=status,
        status_label=STATUS_LABELS[status],
        too_few=too_few,
        stats=stats,
        interval=interval,
        caption=f"{caption}, n = {n:,}" if caption is not None else None,
    )


@dataclass(frozen=True)
class SurveyHeadline(Headline):
    """A survey metric's headline windows, replacing its latest and previous period."""

    change_display: str
    status_history: tuple[StatusPoint, ...]
    interval: Interval | None
    window: HeadlineWindow


def survey_headline(
    metric: Metric, series: Sequence[SeriesPoint], calendar: Calendar, config: SiteConfig
) -> SurveyHeadline:
    """The latest window, the one before, their change and the recent status history."""
    unit = config.period.unit
    size = window_size(metric, series, config)
    count = len(series)
    span = _plural(size, unit)
    latest = window_snapshot(
        metric, series, count - size, count, calendar, config, f"last {span}", f"last {span}"
    )
    previous = window_snapshot(
        metric, series, count - 2 * size, count - size, calendar, config, f"the {span} before"
    )
    change = None
    if latest.value is not None and previous.value is not None:
        change = rounded(latest.value - previous.value)
    history = [
        window_snapshot(metric, series, stop - size, stop, calendar, config, "")
        for stop in range(max(1, count - HISTORY), count + 1)
    ]
    return SurveyHeadline(
        latest=latest,
        previous=previous,
        change=change,
        change_better=None if not change else (change > 0) == metric.higher_is_better,
        change_display=format_change(change, metric),
        status_history=tuple(
            StatusPoint(period=h.period, value=h.value, n=h.n, status=h.status) for h in history
        ),
        interval=latest.interval,
        window=HeadlineWindow(periods=size, label=f"last {span}"),
    )
