"""When is a metric *newly and really* off target? The weekly pack's rules, for alerts.

Per period the status is the one the headline shows (:func:`model.target_history.status_history`:
survey scores over their headline window, with "within the margin" when the interval
reaches the target). A metric is newly and really off target when either

- **significantly**: its status is "off" now — for a survey score that means the whole
  interval lies on the wrong side of the target — and was not "off" the period before; or
- **sustained**: it has been on the wrong side of its target for
  ``analytics.sustained_periods`` periods in a row, ending now, after being clearly on
  target (:func:`model.target_history.sustained_crossing`, the weekly pack's "target missed").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.metric import MetricSummary
from ..model.target_history import status_history as headline_history
from ..model.target_history import sustained_crossing
from .config import SiteConfig
from .journey import Metric

WRONG_SIDE = ("near", "off")


@dataclass(frozen=True)
class OffTarget:
    metric: str
    period: str | None
    value: float
    n: int
    low: float | None
    high: float | None
    significant: bool
    run: int  # periods on the wrong side of the target in a row, ending at ``period``
    since: str | None  # the first period of that run


def newly_off_target(
    summary: MetricSummary, metric: Metric, config: SiteConfig
) -> OffTarget | None:
    if metric.target is None:
        return None
    history = headline_history(summary, metric, config)
    if not history:
        return None
    now = history[-1]
    if now.value is None:
        return None
    before = history[-2].status if len(history) > 1 else None
    significant = metric.source == "responses" and now.status == "off" and before != "off"
    sustained = sustained_crossing(history, config.analytics.sustained_periods)
    if not significant and (sustained is None or sustained[0] != "missed"):
        return None
    start = len(history) - 1
    while start > 0 and history[start - 1].status in WRONG_SIDE:
        start -= 1
    interval = summary.interval if metric.source == "responses" else None
    return OffTarget(
        metric=metric.id,
        period=now.period,
        value=float(now.value),
        n=int(now.n),
        low=interval.low if interval else None,
        high=interval.high if interval else None,
        significant=significant,
        run=len(history) - start,
        since=history[start].period,
    )
