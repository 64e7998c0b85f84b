"""The customer book's figures and the moments of truth are the same queries on
PostgreSQL and Spark as on DuckDB, and equal a count by hand.

The tables are small enough to count on paper (below). Values are multiples of 0.25, so
every sum is exact on every engine and the results must be equal, not close.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cxsite.data.customer_queries import (
    GroupSums,
    book_flow,
    book_now,
    linked,
    retention_sums,
)
from cxsite.data.moment_queries import behaviour_events, moment_counts
from cxsite.data.periods import make_calendar
from cxsite.inputs.config import PeriodConfig
from cxsite.model.behaviour import BehaviourRule

# Three weeks from Wednesday 3 January 2024 (day 0); the reporting date is 23 January
# (day 20), the retention window starts on 10 January (day 7) and the experience is read
# from after 3 January.
FIRST = dt.datetime(2024, 1, 3)
CALENDAR = make_calendar(
    pd.Timestamp("2024-01-03"),
    pd.Timestamp("2024-01-23"),
    PeriodConfig(unit="week", week_start="wednesday"),
)
AS_OF = pd.Timestamp("2024-01-23")
WINDOW_START = pd.Timestamp("2024-01-10")
EXPERIENCE_FROM = pd.Timestamp("2024-01-03")


def day(n: int, hours: int = 0) -> dt.datetime:
    return FIRST + dt.timedelta(days=n, hours=hours)


BOOK = pa.table(
    {
        "customer": pa.array(["c1", "c2", "c3", "c4", "c5"], pa.string()),
        # c1, c2, c3 before the calendar; c4 in week 0; c5 in week 2
        "joined": pa.array([day(-30), day(-20), day(-10), day(2), day(15)], pa.timestamp("us")),
        # c2 leaves in week 1, c3 in week 2, c4 in week 2
        "left": pa.array([None, day(8), day(16), day(18), None], pa.timestamp("us")),
        "value": pa.array([100.0, 50.25, None, 20.5, 10.0], pa.float64()),
    }
)
ISSUES = pa.table(
    {
        "customer": pa.array(["c1", "c2", None, "zz", "c1"], pa.string()),
        # c2's issue at the first moment of the window's start day: still experience
        "opened": pa.array([day(4), day(7), day(5), day(6), day(11)], pa.timestamp("us")),
        "touchpoint": pa.array(["a"] * 5, pa.string()),
        "is_open": pa.array([False, True, True, True, True]),
        "export_order": pa.array(range(5), pa.int64()),
    }
)
RESPONSES = pa.table(
    {
        "customer": pa.array(["c1", "c1", "c2", "c3", None], pa.string()),
        "metric": pa.array(["nps"] * 5, pa.string()),
        "score": pa.array([3.0, 9.0, 7.0, 10.0, 5.0], pa.float64()),
        # c3 answers at 09:00 on the window's start day: still experience
        "date": pa.array([day(4), day(4), day(6), day(7, 9), day(6)], pa.timestamp("us")),
    }
)
# x: day 0 (week 0) and day 9 (week 1); y: day 1, day 2 twice (00:00 and 10:00), day 16
CONTACTS = pa.table(
    {
        "customer": pa.array(["x", "y", "y", "x", "y", "y"], pa.string()),
        "date": pa.array([day(0), day(1), day(2), day(9), day(2, 10), day(16)], pa.timestamp("us")),
        "touchpoint": pa.array(["a"] * 6, pa.string()),
        "export_order": pa.array(range(6), pa.int64()),
    }
)
TABLES = {"book": BOOK, "issues": ISSUES, "responses": RESPONSES, "contacts": CONTACTS}


def _summary(table: Callable[[str], ir.Table]) -> tuple[Any, ...]:
    book, issues = table("book"), table("issues")
    contacts = behaviour_events(table("contacts"), "contacts")
    return (
        book_flow(book, CALENDAR),
        book_now(book, issues, AS_OF),
        linked(issues, book),
        retention_sums(
            book, issues, table("responses"), "nps", WINDOW_START, EXPERIENCE_FROM, AS_OF
        ),
        moment_counts(contacts, BehaviourRule("contacts", 2, 1), CALENDAR),
        moment_counts(contacts, BehaviourRule("contacts", 3, None, "count"), CALENDAR),
    )


def _check(table: Callable[[str], ir.Table]) -> None:
    found = _summary(table)
    assert found == _summary(lambda name: ibis.memtable(TABLES[name]))
    flows, now, issue_link, groups, repeat, third = found
    # by hand, week by week: on the books at the start, gained, lost, lost of those
    assert [(f.on_books, f.gained, f.lost, f.lost_from_books) for f in flows] == [
        (3, 1, 0, 0),
        (4, 0, 1, 1),
        (3, 1, 2, 2),
    ]
    assert [(f.value_gained, f.value_lost) for f in flows] == [(20.5, 0), (0, 50.25), (10, 20.5)]
    # 23 January: c1 and c5 on the books (£110); c1 has an open issue
    assert (now.on_books, now.book_value, now.at_risk, now.at_risk_value) == (2, 110, 1, 100)
    assert (issue_link.rows, issue_link.named, issue_link.known) == (5, 4, 3)
    # cohort on 10 January: c1, c2, c3, c4 (c5 joins later); kept on the 23rd: c1 only.
    # Issues in the experience span: c1 (day 4), c2 (day 7); the latest NPS answers:
    # c1 9 (beats the 3 at the same moment), c2 7, c3 10
    assert groups == [
        GroupSums("issue", 2, 1, 150.25, 100, 100.0**2, 50.25**2),  # c1, c2
        GroupSums("no-issue", 2, 0, 20.5, 0, 0, 20.5**2),  # c3 (no value), c4
        GroupSums("detractor", 0, 0, 0, 0, 0, 0),
        GroupSums("passive", 1, 0, 50.25, 0, 0, 50.25**2),  # c2
        GroupSums("promoter", 2, 1, 100, 100, 100.0**2, 0),  # c1 (9 beats 3), c3
    ]
    # a second contact within a day: y on day 2 (twice, but one customer) in week 0
    assert [(m.period, m.customers, m.reached) for m in repeat] == [(0, 2, 1), (1, 1, 0), (2, 1, 0)]
    # the third contact ever: y's 10:00 contact on day 2
    assert [(m.period, m.customers, m.reached) for m in third] == [(0, 2, 1), (1, 1, 0), (2, 1, 0)]


def test_customer_queries_on_duckdb_equal_a_count_by_hand() -> None:
    _check(lambda name: ibis.memtable(TABLES[name]))


@pytest.mark.postgres
def test_customer_queries_on_postgres_equal_duckdb(pg_url: str) -> None:
    con = ibis.connect(pg_url)
    try:
        tables = {
            name: con.create_table(f"customer_probe_{name}", rows, overwrite=True)
            for name, rows in TABLES.items()
        }
        _check(tables.__getitem__)
    finally:
        for name in TABLES:
            con.drop_table(f"customer_probe_{name}", force=True)
        con.disconnect()


# pyspark leaves its result sockets to the garbage collector (see test_spark.py).
@pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")
@pytest.mark.spark
def test_customer_queries_on_spark_equal_duckdb(spark: Any, tmp_path: Path) -> None:
    # Parquet folders in the session's catalog, as test_spark.py holds the sample
    for name, rows in TABLES.items():
        folder = tmp_path / name
        folder.mkdir()
        pq.write_table(rows, folder / "part-0.parquet")
        spark.sql(f"CREATE TABLE customer_probe_{name} USING parquet LOCATION '{folder}'")
    try:
        con = ibis.pyspark.connect(spark)
        _check(lambda name: con.table(f"customer_probe_{name}"))
    finally:
        for name in TABLES:
            spark.sql(f"DROP TABLE IF EXISTS customer_probe_{name}")
