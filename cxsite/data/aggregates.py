"""Per-period sufficient statistics, computed in the engine.

The rows stay in the engine (DuckDB embedded, or the database a source lives in); only
one small row per metric, period (and segment) crosses into Python: n, sum, sum of
squares, top-box, promoter and detractor counts for survey answers, and the period's
value (mean, sum, median, last, min or max) for process observations. Everything here
is an Ibis expression, so the same query runs on every backend Ibis compiles to.

Periods are numbered in the engine from day numbers (weeks) or year and month
(months), counted from the calendar's first period, so no per-row date arithmetic is
done in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from .periods import Calendar

if TYPE_CHECKING:
    import ibis.expr.types as ir

# Scores at or above this are promoters, at or below DETRACTOR detractors (0-10 NPS).
PROMOTER = 9
DETRACTOR = 6

RESPONSE_STATS = ("n", "total", "total_sq", "top", "promoters", "detractors")
OBSERVATION_STATS = ("value", "n", "total", "total_sq")


@dataclass(frozen=True)
class ResponseStats:
    """One survey metric in one period: what every survey statistic is made from."""

    metric: str
    period: int
    n: int
    total: float
    total_sq: float
    top: int
    promoters: int
    detractors: int


@dataclass(frozen=True)
class ObservationStats:
    """One process metric in one period: its value (by the metric's aggregate) and sums."""

    metric: str
    period: int
    value: float
    n: int
    total: float
    total_sq: float


def frame_table(frame: pd.DataFrame) -> ir.Table:
    """A canonical frame as an engine table, with ``export_order``: each row's position
    across all sources of the kind, which breaks ties the way a stable sort of the
    frame would (see :func:`observation_stats`). (``row`` is the row in its own file.)"""
    import ibis
    import pyarrow as pa

    # Through Arrow: strings and dates keep their types, and nothing is copied twice.
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    return ibis.memtable(
        arrow.append_column("export_order", pa.array(range(len(frame)), pa.int64()))
    )


def period_number(date: ir.TimestampValue, calendar: Calendar) -> ir.IntegerValue:
    """The calendar position of each row's period (may be outside 0..len-1).

    Weeks: whole weeks between the row's day and the first period's start day (which
    is already on the configured weekday). Months: months between the two.
    """
    import ibis

    first = calendar.starts[0]
    if calendar.config.unit == "month":
        months: ir.IntegerValue = date.year() * 12 + date.month()
        return months - (first.year * 12 + first.month)
    day0 = (first.normalize() - pd.Timestamp("1970-01-01")).days
    days: ir.IntegerValue = date.date().epoch_days() - day0
    # floor division: a day before the first start is period -1, not 0
    return (days - days % 7 + ibis.ifelse(days % 7 < 0, -7, 0)) // 7


def in_calendar(table: ir.Table, calendar: Calendar, column: str = "date") -> ir.Table:
    """The rows dated inside the calendar, with their ``period``."""
    numbered = table.mutate(period=period_number(table[column], calendar))
    return numbered.filter(
        numbered[column].notnull(), numbered.period >= 0, numbered.period < len(calendar)
    )


def response_stats(
    responses: ir.Table, thresholds: Mapping[str, float], calendar: Calendar
) -> list[ResponseStats]:
    """Per survey metric and period: n, total, total_sq, top, promoters, detractors.

    ``thresholds`` names the survey metrics and, for each, the lowest score that counts
    as top box (a metric without a top box has +inf). Rows of other metrics are left out.
    """
    import ibis

    if not thresholds:
        return []
    import pyarrow as pa

    tops = ibis.memtable(
        pa.table(
            {
                "metric": pa.array(list(thresholds), pa.string()),
                "threshold": pa.array([float(v) for v in thresholds.values()], pa.float64()),
            }
        )
    )
    rows = in_calendar(responses, calendar)
    rows = rows.filter(rows.metric.notnull(), rows.score.notnull())
    joined = rows.join(tops, "metric")
    score = joined.score.cast("float64")
    grouped = joined.group_by(["metric", "period"]).aggregate(
        n=score.count(),
        total=score.sum(),
        total_sq=(score * score).sum(),
        top=(score >= joined.threshold).ifelse(1, 0).sum(),
        promoters=(score >= PROMOTER).ifelse(1, 0).sum(),
        detractors=(score <= DETRACTOR).ifelse(1, 0).sum(),
    )
    return [
        ResponseStats(
            str(r["metric"]),
            int(r["period"]),
            int(r["n"]),
            float(r["total"]),
            float(r["total_sq"]),
            int(r["top"]),
            int(r["promoters"]),
            int(r["detractors"]),
        )
        for r in _fetch(grouped)
    ]


def observation_stats(
    observations: ir.Table, aggregates: Mapping[str, str], calendar: Calendar
) -> list[ObservationStats]:
    """Per process metric and period: the period's value by the metric's aggregate, and
    n, total and total_sq. ``aggregates`` maps metric id to mean, sum, median, last, min
    or max; rows of other metrics are left out. ``last`` is the value of the latest
    date in the period (of several on that date, the one latest in the export)."""
    import ibis

    if not aggregates:
        return []
    rows = in_calendar(observations, calendar)
    rows = rows.filter(rows.metric.isin(list(aggregates)), rows.value.notnull())
    parts = []
    for aggregate in sorted(set(aggregates.values())):
        ids = sorted(m for m, a in aggregates.items() if a == aggregate)
        part = rows.filter(rows.metric.isin(ids))
        v = part.value.cast("float64")
        stats = {"n": v.count(), "total": v.sum(), "total_sq": (v * v).sum()}
        if aggregate == "last":
            # the row order breaks ties between rows of the same date, as a stable sort would
            order = [ibis.desc(part.date), ibis.desc(part.export_order)]
            window = ibis.window(group_by=[part.metric, part.period], order_by=order)
            ranked = part.mutate(rank=ibis.row_number().over(window), v=v)
            lasts = ranked.filter(ranked.rank == 0).select("metric", "period", value="v")
            sums = part.group_by(["metric", "period"]).aggregate(**stats)
            parts.append(sums.join(lasts, ["metric", "period"]))
            continue
        func = {"sum": v.sum, "median": v.median, "min": v.min, "max": v.max}.get(aggregate, v.mean)
        parts.append(part.group_by(["metric", "period"]).aggregate(value=func(), **stats))
    result = parts[0] if len(parts) == 1 else ibis.union(*parts)
    return [
        ObservationStats(
            str(r["metric"]),
            int(r["period"]),
            float(r["value"]),
            int(r["n"]),
            float(r["total"]),
            float(r["total_sq"]),
        )
        for r in _fetch(result.select("metric", "period", *OBSERVATION_STATS))
    ]


def _fetch(expr: ir.Table) -> list[dict[str, Any]]:
    """Run a query grouped by metric and period; the rows sorted here, since the engine
    returns groups in any order."""
    rows: list[dict[str, Any]] = expr.to_pyarrow().to_pylist()
    rows.sort(key=lambda r: (r["metric"], r["period"]))
    return rows
