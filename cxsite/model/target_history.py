"""A metric's side of its target period by period, and when it really crossed it.

The weekly pack lists a sustained crossing as "target met" or "target missed", and the
alerts use the same rule for "newly and really off target"; both read it from here, so
the model phase holds the rule and no phase reaches forward into the page views.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..inputs.config import SiteConfig
from ..inputs.journey import Metric
from .measures import status_of
from .metric import MetricSummary, StatusPoint

# The side of the target each status is on; "within the margin" is on neither.
SIDES = {"on": "met", "near": "missed", "off": "missed"}


def status_history(
    summary: MetricSummary, metric: Metric, config: SiteConfig
) -> Sequence[StatusPoint]:
    """Per period: value, n and status as the headline shows it (windowed for surveys)."""
    if summary.status_history is not None:
        return summary.status_history
    return [
        StatusPoint(
            period=p.period,
            value=p.value,
            n=p.n,
            status=status_of(p.value, metric, config.near_band),
        )
        for p in summary.series
    ]


def sustained_crossing(
    history: Sequence[StatusPoint], periods: int
) -> tuple[str, StatusPoint, StatusPoint] | None:
    """("met" | "missed", the last point before on the other side, the latest point)
    when the last ``periods`` points are all on one side of the target, that became
    true this period, and before them the metric was last clearly on the other side
    with no run of ``periods`` on this side in between (which was reported then)."""
    if len(history) < periods + 1:
        return None
    sides = [SIDES.get(h.status) for h in history]
    side = sides[-1]
    if side is None or any(s != side for s in sides[-periods:]):
        return None
    if sides[-periods - 1] == side:
        return None  # already held last period: reported then
    run = 0
    for index in range(len(history) - periods - 1, -1, -1):
        if sides[index] == side:
            run += 1
            if run >= periods:
                return None
        elif sides[index] is None:
            run = 0
        else:
            return side, history[index], history[-1]
    return None
