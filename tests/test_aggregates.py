"""Per-period aggregates made in the engine, checked against sums worked out by hand."""

from __future__ import annotations

import pandas as pd

from cxsite.data.aggregates import (
    ObservationStats,
    ResponseStats,
    frame_table,
    observation_stats,
    response_stats,
)
from cxsite.data.periods import make_calendar
from cxsite.inputs.config import PeriodConfig

WEEKS = PeriodConfig(unit="week", week_start="wednesday")


def test_response_stats_by_week() -> None:
    calendar = make_calendar(pd.Timestamp("2024-01-03"), pd.Timestamp("2024-01-23"), WEEKS)
    assert [s.strftime("%Y-%m-%d") for s in calendar.starts] == [
        "2024-01-03",
        "2024-01-10",
        "2024-01-17",
    ]
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(
                [
                    "2024-01-02 23:59",  # Tuesday before the first week: left out
                    "2024-01-03 00:00",  # first instant of week 0
                    "2024-01-09 18:00",  # Tuesday: still week 0
                    "2024-01-10 08:00",  # Wednesday: week 1
                    "2024-01-10 09:00",
                    "2024-01-23 23:00",  # week 2
                    "2024-01-24 00:00",  # after the calendar: left out
                    "2024-01-11 00:00",  # a metric the query was not asked about
                ]
            ),
            "metric": ["nps", "nps", "nps", "nps", "csat", "nps", "nps", "other"],
            "score": [10.0, 10.0, 6.0, 9.0, 4.0, 7.0, 0.0, 3.0],
        }
    )
    stats = response_stats(frame_table(frame), {"nps": 10.0, "csat": 4.0}, calendar)
    # by hand: week 0 nps = {10, 6}; week 1 nps = {9}, csat = {4}; week 2 nps = {7}
    assert stats == [
        ResponseStats("csat", 1, 1, 4.0, 16.0, 1, 0, 1),
        ResponseStats("nps", 0, 2, 16.0, 136.0, 1, 1, 1),
        ResponseStats("nps", 1, 1, 9.0, 81.0, 0, 1, 0),
        ResponseStats("nps", 2, 1, 7.0, 49.0, 0, 0, 0),
    ]


def test_observation_stats_by_month_with_each_aggregate() -> None:
    calendar = make_calendar(
        pd.Timestamp("2024-01-15"), pd.Timestamp("2024-02-10"), PeriodConfig(unit="month")
    )
    assert len(calendar) == 2
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(
                [
                    "2023-12-31",  # before January: left out
                    "2024-01-05",
                    "2024-01-20",
                    "2024-01-20",  # same day as the row before, later in the export
                    "2024-01-02",
                    "2024-02-01",
                    "2024-02-03",
                    "2024-02-02",
                ]
            ),
            "metric": ["last", "last", "last", "last", "median", "median", "median", "median"],
            "value": [100.0, 1.0, 2.0, 3.0, 5.0, 4.0, 8.0, 1.0],
        }
    )
    stats = observation_stats(frame_table(frame), {"last": "last", "median": "median"}, calendar)
    # by hand: last of January is the later of the two rows of the 20th (3.0); the median
    # of February's {4, 8, 1} is 4; January's median of one value is the value
    assert stats == [
        ObservationStats("last", 0, 3.0, 3, 6.0, 14.0),
        ObservationStats("median", 0, 5.0, 1, 5.0, 25.0),
        ObservationStats("median", 1, 4.0, 3, 13.0, 81.0),
    ]


def test_mean_sum_min_max_and_an_empty_request() -> None:
    calendar = make_calendar(pd.Timestamp("2024-01-03"), pd.Timestamp("2024-01-09"), WEEKS)
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-03", "2024-01-04", "2024-01-05"]),
            "metric": ["m", "m", "m"],
            "value": [1.5, 2.5, 5.0],
        }
    )
    table = frame_table(frame)
    values = {
        aggregate: observation_stats(table, {"m": aggregate}, calendar)[0].value
        for aggregate in ("mean", "sum", "min", "max")
    }
    assert values == {"mean": 3.0, "sum": 9.0, "min": 1.5, "max": 5.0}
    assert observation_stats(table, {}, calendar) == []
    assert response_stats(table, {}, calendar) == []
