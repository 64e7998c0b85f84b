"""The issue counts and resolution quantiles are the same query on PostgreSQL and Spark
as on DuckDB, and the rounded quantiles equal numpy's.

Ibis compiles ``quantile`` to ``percentile_cont`` on PostgreSQL, ``percentile`` on Spark
and ``quantile_cont`` on DuckDB: all exact, all linear between the two nearest ranks, but
each does the interpolation's float operations in its own order, so the raw figures may
differ by an ulp (PostgreSQL gives 2.9 where DuckDB gives 2.9000000000000004 below). The
model rounds to six places; the rounded figures must be equal on every engine.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cxsite.data.issue_stats import (
    category_stats,
    period_counts,
    resolution_stats,
    touchpoint_period_counts,
)
from cxsite.data.periods import make_calendar
from cxsite.inputs.config import PeriodConfig
from cxsite.model.issue_analytics import resolution_times
from cxsite.model.issue_types import ResolutionTimes

FIRST = dt.datetime(2024, 1, 3)
CALENDAR = make_calendar(
    pd.Timestamp("2024-01-03"),
    pd.Timestamp("2024-01-30"),
    PeriodConfig(unit="week", week_start="wednesday"),
)
# Days to resolve of the nine closed issues (the tenth, opened before the calendar, is
# open). Opened at 10:00 on day i, closed at 08:00 on day i + days: whole days count.
DAYS = [0, 1, 3, 4, 10, 11, 17, 2, 5]
TOUCHPOINTS = ["a", "b"] * 5
CATEGORIES = ["x", None] * 5
OWNERS = [None, "Bob", "Ann", None, "Bob"] * 2


def _issues() -> pa.Table:
    return pa.table(
        {
            "opened": pa.array(
                [FIRST + dt.timedelta(days=i, hours=10) for i in range(9)]
                + [FIRST - dt.timedelta(days=2)],
                pa.timestamp("us"),
            ),
            "closed": pa.array(
                [FIRST + dt.timedelta(days=i + d, hours=8) for i, d in enumerate(DAYS)] + [None],
                pa.timestamp("us"),
            ),
            "touchpoint": pa.array(TOUCHPOINTS, pa.string()),
            "category": pa.array(CATEGORIES, pa.string()),
            "owner": pa.array(OWNERS, pa.string()),
            "is_open": pa.array([False] * 9 + [True]),
        }
    )


def _summary(table: ir.Table) -> tuple[Any, ...]:
    return (
        period_counts(table, CALENDAR),
        category_stats(table, pd.Timestamp("2024-01-10")),
        resolution_times(resolution_stats(table)),
        touchpoint_period_counts(table, CALENDAR),
    )


def _numpy_resolution() -> dict[tuple[str, str], tuple[int, float, float]]:
    """Each breakdown's count, median and p90 by numpy's default (linear) method."""
    keys: dict[str, list[str | None]] = {
        "touchpoint": TOUCHPOINTS[:9],
        "category": CATEGORIES[:9],
        "owner": [o or "Unassigned" for o in OWNERS[:9]],
    }
    groups: dict[tuple[str, str], list[int]] = {("overall", ""): DAYS}
    for dimension, names in keys.items():
        for name, days in zip(names, DAYS, strict=True):
            if name is not None:
                groups.setdefault((dimension, name), []).append(days)
    return {
        key: (
            len(days),
            round(float(np.median(days)), 6),
            round(float(np.quantile(days, 0.9)), 6),
        )
        for key, days in groups.items()
    }


def _flat(times: ResolutionTimes) -> dict[tuple[str, str], tuple[int, Any, Any]]:
    rows = {
        ("overall", ""): (times.overall.closed, times.overall.median_days, times.overall.p90_days)
    }
    for dimension in ("touchpoint", "category", "owner"):
        for r in times.by(dimension):
            rows[(dimension, r.name)] = (r.closed, r.median_days, r.p90_days)
    return rows


def _check(table: ir.Table) -> None:
    expected = _summary(ibis.memtable(_issues()))
    found = _summary(table)
    assert found == expected
    assert _flat(found[2]) == _numpy_resolution()
    # by hand: opened 7 in week 0 and 2 in week 1; one issue carried in
    assert (found[0].opened, found[0].carried) == ((7, 2, 0, 0), 1)
    # per touchpoint (a: issues 0, 2, 4, 6, 8; b: 1, 3, 5, 7 and the carried one)
    per_touchpoint = {tp: (c.opened, c.carried) for tp, c in found[3].items()}
    assert per_touchpoint == {"a": ((4, 1, 0, 0), 0), "b": ((3, 1, 0, 0), 1)}


@pytest.mark.postgres
def test_issue_statistics_on_postgres_equal_duckdb_and_numpy(pg_url: str) -> None:
    con = ibis.connect(pg_url)
    try:
        _check(con.create_table("issue_stats_probe", _issues(), overwrite=True))
    finally:
        con.disconnect()


# pyspark leaves its result sockets to the garbage collector (see test_spark.py).
@pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")
@pytest.mark.spark
def test_issue_statistics_on_spark_equal_duckdb_and_numpy(spark: Any, tmp_path: Path) -> None:
    # A Parquet folder in the session's catalog, as test_spark.py holds the sample (Ibis's
    # own create_table goes through pandas, which turns missing text into "NaN").
    folder = tmp_path / "issue_stats_probe"
    folder.mkdir()
    pq.write_table(_issues(), folder / "part-0.parquet")
    spark.sql(f"CREATE TABLE issue_stats_probe USING parquet LOCATION '{folder}'")
    try:
        _check(ibis.pyspark.connect(spark).table("issue_stats_probe"))
    finally:
        spark.sql("DROP TABLE issue_stats_probe")
