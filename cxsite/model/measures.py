"""Aggregations: survey scores and process observations per metric per reporting period.

Each cell keeps its sufficient statistics (n, sum, sum of squares, top-box and
promoter/detractor counts) so later steps — intervals, significance tests — never have
to go back to the raw rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from ..data.frames import lookup
from ..data.periods import Calendar, period_index
from ..inputs.journey import Journey, Metric

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
    responses: pd.DataFrame, journey: Journey, calendar: Calendar
) -> dict[str, list[Cell | None]]:
    """Per survey metric, one Cell per period (None where nobody answered)."""
    result: dict[str, list[Cell | None]] = {}
    if len(responses) == 0:
        return result
    metrics = {m.id: m for m in journey.metrics if m.source == "responses"}
    frame = pd.DataFrame(
        {
            "metric": responses["metric"].to_numpy(),
            "period": period_index(responses["date"], calendar),
            "score": responses["score"].to_numpy(dtype="float64"),
        }
    )
    frame = frame[frame["period"] >= 0]
    top_of = {mid: (m.scale[1] if m.scale else 5.0) for mid, m in metrics.items()}
    # top-2-box for CSAT, top box for a rate (scores 0/1)
    thresholds = {
        mid: top_of[mid] - (1 if m.aggregate == "csat" else 0) for mid, m in metrics.items()
    }
    threshold = lookup(frame["metric"], thresholds).astype("float64").fillna(np.inf)
    frame["top"] = (frame["score"] >= threshold.astype("float64")).astype("int64")
    frame["promoter"] = (frame["score"] >= 9).astype("int64")
    frame["detractor"] = (frame["score"] <= 6).astype("int64")
    frame["sq"] = frame["score"] ** 2
    grouped = frame.groupby(["metric", "period"], sort=True).agg(
        n=("score", "size"),
        total=("score", "sum"),
        total_sq=("sq", "sum"),
        top=("top", "sum"),
        promoters=("promoter", "sum"),
        detractors=("detractor", "sum"),
    )
    for key, row in zip(grouped.index, grouped.to_dict("records"), strict=True):
        metric_id, period = cast(tuple[str, int], key)
        metric = metrics.get(str(metric_id))
        if metric is None:
            continue
        cells = result.setdefault(metric.id, [None] * len(calendar))
        n = int(row["n"])
        cells[int(period)] = Cell(
            value=_response_value(metric, row, n),
            n=n,
            total=float(row["total"]),
            total_sq=float(row["total_sq"]),
            top=int(row["top"]),
            promoters=int(row["promoters"]),
            detractors=int(row["detractors"]),
        )
    return result


def _response_value(metric: Metric, row: dict[Any, Any], n: int) -> float:
    if metric.aggregate == "nps":
        return 100.0 * (float(row["promoters"]) - float(row["detractors"])) / n
    if metric.aggregate in ("csat", "rate"):
        return 100.0 * float(row["top"]) / n
    return float(row["total"]) / n


OBSERVATION_FUNCS = {
    "mean": "mean",
    "sum": "sum",
    "median": "median",
    "last": "last",
    "min": "min",
    "max": "max",
}


def observation_cells(
    observations: pd.DataFrame, journey: Journey, calendar: Calendar
) -> dict[str, list[Cell | None]]:
    result: dict[str, list[Cell | None]] = {}
    if len(observations) == 0:
        return result
    metrics = {m.id: m for m in journey.metrics if m.source == "observations"}
    frame = pd.DataFrame(
        {
            "metric": observations["metric"].to_numpy(),
            "period": period_index(observations["date"], calendar),
            "date": observations["date"].to_numpy(),
            "value": observations["value"].to_numpy(dtype="float64"),
        }
    )
    frame = frame[(frame["period"] >= 0) & frame["metric"].isin(list(metrics))]
    frame = frame.sort_values(["metric", "period", "date"], kind="stable")
    frame["sq"] = frame["value"] ** 2
    for aggregate in sorted({m.aggregate for m in metrics.values()}):
        ids = [mid for mid, m in metrics.items() if m.aggregate == aggregate]
        part = frame[frame["metric"].isin(ids)]
        if len(part) == 0:
            continue
        grouped = part.groupby(["metric", "period"], sort=True).agg(
            value=("value", OBSERVATION_FUNCS.get(aggregate, "mean")),
            n=("value", "size"),
            total=("value", "sum"),
            total_sq=("sq", "sum"),
        )
        for key, row in zip(grouped.index, grouped.to_dict("records"), strict=True):
            metric_id, period = cast(tuple[str, int], key)
            cells = result.setdefault(str(metric_id), [None] * len(calendar))
            cells[int(period)] = Cell(
                value=float(row["value"]),
                n=int(row["n"]),
                total=float(row["total"]),
                total_sq=float(row["total_sq"]),
            )
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
