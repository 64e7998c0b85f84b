"""The comments chosen for the pages and the voice analysis are the same query on
PostgreSQL and Spark as on DuckDB, and equal a choice made by hand.

Four survey verbatims and six comments, small enough to choose on paper (below): ties
on date and text, a verbatim without a touchpoint, a comment before the window, and a
touchpoint whose window sample has to be spread over two weeks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cxsite.data.comment_queries import ChosenComments, choose, comment_rows

SINCE = pd.Timestamp("2024-01-01")  # a Monday: the window's first week
JOURNEY_WIDE = "(journey)"


def at(day: int, hours: int = 0) -> dt.datetime:
    return dt.datetime(2024, 1, 1) + dt.timedelta(days=day, hours=hours)


RESPONSES = pa.table(
    {
        "touchpoint": pa.array(["a", "a", None, "a"], pa.string()),
        "date": pa.array([at(2, 10), at(2, 10), at(9), at(-12, 5)], pa.timestamp("us")),
        "comment": pa.array(["same", "same", "no touchpoint", "before"], pa.string()),
        "score": pa.array([0.0, 1.0, 2.0, 3.0], pa.float64()),
        "metric": pa.array(["m"] * 4, pa.string()),
        "language": pa.array(["en"] * 4, pa.string()),
        "export_order": pa.array(range(4), pa.int64()),
    }
)
COMMENTS = pa.table(
    {
        "touchpoint": pa.array(["a", "b", "b", "b", "b", "b"], pa.string()),
        "date": pa.array([at(2, 10), at(0), at(7), at(8), at(9), at(10)], pa.timestamp("us")),
        "text": pa.array(["same", "b0", "b1", "b2", "b3", "b4"], pa.string()),
        "score": pa.array([4.0, 5.0, 6.0, 7.0, 8.0, 9.0], pa.float64()),
        "language": pa.array([None] * 6, pa.string()),
        "export_order": pa.array(range(6), pa.int64()),
    }
)


def _choices(responses: ir.Table, comments: ir.Table) -> tuple[ChosenComments, ChosenComments]:
    rows = comment_rows(responses, comments, JOURNEY_WIDE)
    assert rows is not None
    return choose(rows, 1, SINCE, 3), choose(rows, 2, None, 0)


def _plain(chosen: ChosenComments) -> tuple[list[dict[str, Any]], dict[str, int]]:
    frame = chosen.rows.astype(object).where(chosen.rows.notna(), None)
    rows = frame.to_dict("records")
    for row in rows:
        row["date"] = pd.Timestamp(row["date"])
    return rows, chosen.counts


def _check(responses: ir.Table, comments: ir.Table) -> None:
    expected = [_plain(c) for c in _choices(ibis.memtable(RESPONSES), ibis.memtable(COMMENTS))]
    windowed, everything = _choices(responses, comments)
    assert [_plain(windowed), _plain(everything)] == expected
    # by hand, newest one per touchpoint and a sample of 3: a's newest is the first
    # "same" verbatim (verbatims before comments, then the export's order); its window
    # has three comments in week 0, which fit. b's window has 1 comment in week 0 and 4
    # in week 1: k = 2 (1 + 2 = 3 fits, 1 + 3 does not), so week 1 gives b4 and b3.
    rows = windowed.rows
    assert rows["score"].tolist() == [0.0, 1.0, 2.0, 4.0, 5.0, 8.0, 9.0]
    assert rows["newest_rank"].tolist() == [0, 1, 0, 2, 4, 1, 0]
    assert rows["in_window"].tolist() == [True] * 7
    assert rows["period"].tolist() == [0, 0, 1, 0, 0, 1, 1]
    assert rows["touchpoint"].tolist()[2] == JOURNEY_WIDE
    assert windowed.counts == {JOURNEY_WIDE: 1, "a": 4, "b": 5}
    # without a window every comment is in it (its weeks counted from 20 December 05:00,
    # the first comment: 3 January 10:00 is 14 days 5 hours on, week 2; 10 January 00:00
    # is 20 days 19 hours on, week 2, though 21 calendar days), and a's two newest are
    # the verbatims
    assert len(everything.rows) == 10
    newest = everything.rows[(everything.rows["newest_rank"] < 2).to_numpy()]
    assert sorted(newest["score"].tolist()) == [0.0, 1.0, 2.0, 8.0, 9.0]
    assert everything.rows["period"].tolist()[:4] == [2, 2, 2, 0]


@pytest.mark.postgres
def test_comment_choice_on_postgres_equals_duckdb_and_a_choice_by_hand(pg_url: str) -> None:
    con = ibis.connect(pg_url)
    try:
        _check(
            con.create_table("comment_probe_responses", RESPONSES, overwrite=True),
            con.create_table("comment_probe_comments", COMMENTS, overwrite=True),
        )
    finally:
        con.disconnect()


# pyspark leaves its result sockets to the garbage collector (see test_spark.py).
@pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")
@pytest.mark.spark
def test_comment_choice_on_spark_equals_duckdb_and_a_choice_by_hand(
    spark: Any, tmp_path: Path
) -> None:
    # Parquet folders in the session's catalog, as test_spark.py holds the sample.
    names = []
    for name, table in (
        ("comment_probe_responses", RESPONSES),
        ("comment_probe_comments", COMMENTS),
    ):
        folder = tmp_path / name
        folder.mkdir()
        pq.write_table(table, folder / "part-0.parquet")
        spark.sql(f"CREATE TABLE {name} USING parquet LOCATION '{folder}'")
        names.append(name)
    try:
        con = ibis.pyspark.connect(spark)
        _check(con.table(names[0]), con.table(names[1]))
    finally:
        for name in names:
            spark.sql(f"DROP TABLE {name}")
