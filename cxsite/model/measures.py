"""Aggregations: survey scores and process observations per metric per reporting period.

Each cell keeps its sufficient statistics (n, sum, sum of squares, top-box and
promoter/detractor counts) so later steps — intervals, significance tests — never have
to go back to the raw rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..data.aggregates import ResponseStats, observation_stats, response_stats
from ..data.periods import Calendar
from ..inputs.journey import Journey, Metric

if TYPE_CHECKING:
    import ibis.expr.types as ir

STATUS_LABELS = {
    "on": "On target",
    "near": "Near target",
    "off": "Off target",
    "margin": "Within the margin of the target",
    "none": "No target",
    "few": "Too few responses",
    "nodata": "No data",
}


def nps(scores: np.ndarray) -> float:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6)."""
    n = len(scores)
    if n == 0:
        return float("nan")
    return 100.0 * (int(np.sum(scores >= 9)) - int(np.sum(scores <= 6))) / n


def top_two_box(scores: np.ndarray, scale_top: float) -> float:
    """CSAT: % of scores in the top two boxes of the scale (4 and 5 on 1-5)."""
    n = len(scores)
    return float("nan") if n == 0 else 100.0 * int(np.sum(scores >= scale_top - 1)) / n


@dataclass(frozen=True)
class Cell:
    """One metric in one period."""

    value: float | None
    n: int
    total: float = 0.0
    total_sq: float = 0.0
    top: int = 0
    promoters: int = 0
    detractors: int = 0

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "value": self.value,
            "n": self.n,
            "sum": self.total,
            "sum_sq": self.total_sq,
            "top": self.top,
            "promoters": self.promoters,
            "detractors": self.detractors,
        }


def response_cells(
    responses: ir.Table, journey: Journey, calendar: Calendar
) -> dict[str, list[Cell | None]]:
    """Per survey metric, one Cell per period (None where nobody answered).

    The sums and counts are made in the engine (:func:`response_stats`); only one row
    per metric and period reaches Python.
    """
    metrics = {m.id: m for m in journey.metrics if m.source == "responses"}
    # top-2-box for CSAT, top box for a rate (scores 0/1)
    thresholds = {
        mid: (m.scale[1] if m.scale else 5.0) - (1 if m.aggregate == "csat" else 0)
        for mid, m in metrics.items()
    }
    result: dict[str, list[Cell | None]] = {}
    for row in response_stats(responses, thresholds, calendar):
        metric = metrics[row.metric]
        cells = result.setdefault(metric.id, [None] * len(calendar))
        cells[row.period] = Cell(
            value=_response_value(metric, row),
            n=row.n,
            total=row.total,
            total_sq=row.total_sq,
            top=row.top,
            promoters=row.promoters,
            detractors=row.detractors,
        )
    return result


def _response_value(metric: Metric, row: ResponseStats) -> float:
    if metric.aggregate == "nps":
        return 100.0 * (row.promoters - row.detractors) / row.n
    if metric.aggregate in ("csat", "rate"):
        return 100.0 * row.top / row.n
    return row.total / row.n


def observation_cells(
    observations: ir.Table, journey: Journey, calendar: Calendar
) -> dict[str, list[Cell | None]]:
    """Per process metric, one Cell per period: the value by the metric's aggregate
    (computed in the engine, :func:`observation_stats`) and its sums."""
    aggregates = {m.id: m.aggregate for m in journey.metrics if m.source == "observations"}
    result: dict[str, list[Cell | None]] = {}
    for row in observation_stats(observations, aggregates, calendar):
        cells = result.setdefault(row.metric, [None] * len(calendar))
        cells[row.period] = Cell(value=row.value, n=row.n, total=row.total, total_sq=row.total_sq)
    return result


def rounded(value: float | None, places: int = 6) -> float | None:
    """A JSON-safe number: missing and non-finite values become None."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return round(float(value), places)


def near_band(metric: Metric, near_fraction: float) -> float:
    if metric.near is not None:
        return metric.near
    if metric.target is not None and metric.target != 0:
        return abs(metric.target) * near_fraction
    if metric.scale:
        return (metric.scale[1] - metric.scale[0]) * near_fraction
    return 0.0


def status_of(value: float | None, metric: Metric, near_fraction: float) -> str:
    """on / near / off target, honouring which direction is better."""
    if value is None:
        return "nodata"
    if metric.target is None:
        return "none"
    gap = value - metric.target if metric.higher_is_better else metric.target - value
    if gap >= -1e-9:
        return "on"
    if -gap <= near_band(metric, near_fraction) + 1e-9:
        return "near"
    return "off"


def decimals_for(metric: Metric, value: float | None = None) -> int:
    if metric.decimals is not None:
        return metric.decimals
    if metric.aggregate in ("nps", "csat", "rate"):
        return 0
    if metric.aggregate in ("ces", "mean") and metric.source == "responses":
        return 1
    if value is not None and abs(value) >= 100:
        return 0
    return 1


def format_value(value: float | None, metric: Metric) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    places = decimals_for(metric, value)
    text = f"{value:,.{places}f}".replace("-", "−")
    unit = metric.unit or ("%" if metric.aggregate in ("csat", "rate") else "")
    if not unit or metric.aggregate == "nps":
        return text
    if unit == "%" or unit.startswith("/"):
        return f"{text}{unit}"
    return f"{text} {unit}"


def format_change(change: float | None, metric: Metric) -> str:
    if change is None:
        return "–"
    places = decimals_for(metric, change)
    text = f"{abs(change):,.{places}f}"
    if float(text.replace(",", "")) == 0:
        return "no change"
    sign = "+" if change > 0 else "−"
    unit = metric.unit if metric.unit == "%" or metric.aggregate in ("csat", "rate") else ""
    unit = " pts" if metric.aggregate in ("nps", "csat", "rate") else unit
    if metric.unit and metric.unit != "%" and metric.aggregate not in ("nps", "csat", "rate"):
        unit = metric.unit if metric.unit.startswith("/") else f" {metric.unit}"
    return f"{sign}{text}{unit}"
