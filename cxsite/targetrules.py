"""When is a metric *really* off target? One rule, used by alerts, digests and scorecards.

A value is really off target when its status is "off" (beyond the near band, on the
wrong side) and either the shortfall is bigger than sampling noise (the whole interval
of a survey score lies on the wrong side of the target) or it has been off for
``sustained`` periods in a row. It is *newly* off when that holds in the latest period
and did not in the period before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .insights import survey_interval
from .journey import Metric
from .measures import status_of

Json = dict[str, Any]


@dataclass(frozen=True)
class OffTarget:
    metric: str
    period: str
    value: float
    n: int
    low: float | None
    high: float | None
    significant: bool
    run: int  # periods off target in a row, ending at ``period``
    since: str  # the first period of that run


def _status(point: Json, metric: Metric, near_band: float) -> str:
    return status_of(point["value"], metric, near_band)


def off_target_at(
    summary: Json,
    metric: Metric,
    index: int,
    sustained: int,
    near_band: float,
    confidence: float,
) -> OffTarget | None:
    """The metric's state in period ``index`` of its series, when really off target."""
    series = summary["series"]
    if metric.target is None or index < 0 or index >= len(series):
        return None
    point = series[index]
    if point["value"] is None or _status(point, metric, near_band) != "off":
        return None
    start = index
    while start > 0:
        before = series[start - 1]
        if before["value"] is None or _status(before, metric, near_band) != "off":
            break
        start -= 1
    run = index - start + 1
    interval = survey_interval(metric, point, confidence) if "stats" in point else None
    low = interval["low"] if interval else None
    high = interval["high"] if interval else None
    significant = False
    if low is not None and high is not None:
        significant = high < metric.target if metric.higher_is_better else low > metric.target
    if not significant and run < sustained:
        return None
    return OffTarget(
        metric=metric.id,
        period=point["period"],
        value=float(point["value"]),
        n=int(point["n"]),
        low=low,
        high=high,
        significant=significant,
        run=run,
        since=series[start]["period"],
    )


def newly_off_target(
    summary: Json, metric: Metric, sustained: int, near_band: float, confidence: float
) -> OffTarget | None:
    """Really off target in the latest period and not in the one before."""
    last = len(summary["series"]) - 1
    now = off_target_at(summary, metric, last, sustained, near_band, confidence)
    if now is None:
        return None
    before = off_target_at(summary, metric, last - 1, sustained, near_band, confidence)
    return now if before is None else None
