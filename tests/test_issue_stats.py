"""The issue counts and resolution times computed in the engine equal a computation in
plain Python on the same rows.

The expected values are worked out here without the engine and without the model's
code: periods by counting whole weeks from the calendar's first day, the backlog at
the end of each period by counting the issues opened before that end and not closed
before it (not a running sum), and the quantiles by the standard library's
``statistics.quantiles(method="inclusive")`` (linear interpolation between the two
nearest ranks, numpy's default method) and ``statistics.median``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from cxsite.data.issue_stats import (
    PeriodCounts,
    category_stats,
    period_counts,
    resolution_stats,
    touchpoint_period_counts,
)
from cxsite.data.periods import make_calendar
from cxsite.inputs.config import PeriodConfig
from cxsite.model.alerts import backlog_series
from cxsite.model.issue_analytics import resolution_times
from cxsite.model.issues import issue_periods

# Four weeks starting on Wednesday 3 January 2024 (the calendar's weekday).
FIRST = dt.datetime(2024, 1, 3)
WEEKS = 4
CALENDAR = make_calendar(
    pd.Timestamp("2024-01-03"),
    pd.Timestamp("2024-01-30"),
    PeriodConfig(unit="week", week_start="wednesday"),
)
PROPERTIES = settings(max_examples=60, deadline=None)


@dataclass(frozen=True)
class Row:
    opened: dt.datetime
    closed: dt.datetime | None
    touchpoint: str | None
    category: str | None
    owner: str | None


def _rows() -> st.SearchStrategy[Row]:
    # Opened from two weeks before the calendar to a week after it, at any hour; closed
    # never, the same day (a later hour) or some whole days and hours later.
    opened = st.builds(
        lambda day, minutes: FIRST + dt.timedelta(days=day, minutes=minutes),
        st.integers(-14, WEEKS * 7 + 7),
        st.integers(0, 24 * 60 - 2),
    )
    names = st.sampled_from([None, "a", "b", "c"])

    def closed_after(start: dt.datetime) -> st.SearchStrategy[dt.datetime | None]:
        end_of_day = dt.datetime.combine(start.date(), dt.time(23, 59))
        same_day = st.integers(0, int((end_of_day - start).total_seconds() // 60))
        return st.one_of(
            st.none(),
            same_day.map(lambda m: start + dt.timedelta(minutes=m)),
            st.integers(1, 40).map(lambda d: start + dt.timedelta(days=d, hours=3)),
        )

    return opened.flatmap(
        lambda start: st.builds(Row, st.just(start), closed_after(start), names, names, names)
    )


def _table(rows: list[Row]) -> ir.Table:
    """The rows as an engine table with the canonical issue columns' types (so an
    all-missing column is still text, as in a build)."""
    return ibis.memtable(
        pa.table(
            {
                "opened": pa.array([r.opened for r in rows], pa.timestamp("us")),
                "closed": pa.array([r.closed for r in rows], pa.timestamp("us")),
                "touchpoint": pa.array([r.touchpoint for r in rows], pa.string()),
                "category": pa.array([r.category for r in rows], pa.string()),
                "owner": pa.array([r.owner for r in rows], pa.string()),
                "is_open": pa.array([r.closed is None for r in rows], pa.bool_()),
            }
        )
    )


def _week(moment: dt.datetime) -> int | None:
    """The calendar week of a moment, counted by hand (None outside the calendar)."""
    week = (moment.date() - FIRST.date()).days // 7
    return week if 0 <= week < WEEKS else None


def _expected_resolution(days: list[int]) -> tuple[int, float | None, float | None]:
    if not days:
        return (0, None, None)
    if len(days) == 1:
        return (1, float(days[0]), float(days[0]))
    p90 = statistics.quantiles(days, n=10, method="inclusive")[-1]
    return (len(days), float(statistics.median(days)), float(p90))


@PROPERTIES
@given(st.lists(_rows(), max_size=30))
def test_period_counts_and_backlog_equal_a_count_by_hand(rows: list[Row]) -> None:
    opened = [0] * WEEKS
    closed = [0] * WEEKS
    for r in rows:
        if (week := _week(r.opened)) is not None:
            opened[week] += 1
        if r.closed is not None and (week := _week(r.closed)) is not None:
            closed[week] += 1
    carried = sum(1 for r in rows if r.opened < FIRST and not (r.closed and r.closed < FIRST))
    counts = period_counts(_table(rows), CALENDAR)
    assert (counts.opened, counts.closed, counts.carried) == (tuple(opened), tuple(closed), carried)
    # the backlog at the end of each week, counted directly rather than summed
    ends = [FIRST + dt.timedelta(days=7 * (w + 1)) for w in range(WEEKS)]
    backlog = [
        sum(1 for r in rows if r.opened < end and not (r.closed and r.closed < end)) for end in ends
    ]
    assert [p.backlog for p in issue_periods(_table(rows), CALENDAR)] == backlog


@PROPERTIES
@given(st.lists(_rows(), max_size=30))
def test_backlog_per_touchpoint_equals_a_count_by_hand(rows: list[Row]) -> None:
    # Open at the end of each week, counted directly for each touchpoint and for all
    # issues; an issue opened before the calendar and still open is in the backlog.
    ends = [FIRST + dt.timedelta(days=7 * (w + 1)) for w in range(WEEKS)]

    def open_at_ends(mine: list[Row]) -> list[int]:
        return [
            sum(1 for r in mine if r.opened < end and not (r.closed and r.closed < end))
            for end in ends
        ]

    named = sorted({r.touchpoint for r in rows if r.touchpoint is not None})
    expected: dict[str | None, list[int]] = {None: open_at_ends(rows)}
    for name in named:
        expected[name] = open_at_ends([r for r in rows if r.touchpoint == name])
    found = {k: v.tolist() for k, v in backlog_series(_table(rows), CALENDAR).items()}
    # a touchpoint none of whose issues is counted in the calendar may be left out: its
    # backlog is nought throughout
    assert set(found) <= set(expected)
    assert {k: found.get(k, [0] * WEEKS) for k in expected} == expected
    # and the counts behind them, touchpoint by touchpoint, are the whole's counts of
    # that touchpoint's rows
    per_touchpoint = touchpoint_period_counts(_table(rows), CALENDAR)
    nought = PeriodCounts((0,) * WEEKS, (0,) * WEEKS, 0)
    assert list(per_touchpoint) == sorted(per_touchpoint)
    for name in named:
        mine = [r for r in rows if r.touchpoint == name]
        assert per_touchpoint.get(name, nought) == period_counts(_table(mine), CALENDAR)


@PROPERTIES
@given(st.lists(_rows(), max_size=30))
def test_resolution_times_equal_the_standard_library(rows: list[Row]) -> None:
    # whole days between the dates, whatever the hours
    closed = [(r, (r.closed.date() - r.opened.date()).days) for r in rows if r.closed]
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r, days in closed:
        groups[("overall", "")].append(days)
        for dimension, name in (("touchpoint", r.touchpoint), ("category", r.category)):
            if name is not None:
                groups[(dimension, name)].append(days)
        groups[("owner", r.owner or "Unassigned")].append(days)
    groups.setdefault(("overall", ""), [])
    found = {
        (s.dimension, s.name): (s.closed, s.median, s.p90) for s in resolution_stats(_table(rows))
    }
    assert set(found) == set(groups)
    for key, days in groups.items():
        n, median, p90 = _expected_resolution(days)
        got = found[key]
        assert got[0] == n
        for value, expected in ((got[1], median), (got[2], p90)):
            if expected is None:
                assert value is None
            else:
                assert value is not None and abs(value - expected) < 1e-9
    # the model's rounded figures equal the rounded independent ones, name by name
    times = resolution_times(resolution_stats(_table(rows)))
    overall = _expected_resolution(groups[("overall", "")])
    assert (times.overall.closed, times.overall.median_days, times.overall.p90_days) == (
        overall[0],
        None if overall[1] is None else round(overall[1], 6),
        None if overall[2] is None else round(overall[2], 6),
    )
    for dimension in ("touchpoint", "category", "owner"):
        names = sorted(name for d, name in groups if d == dimension)
        assert [r.name for r in times.by(dimension)] == names


@PROPERTIES
@given(st.lists(_rows(), max_size=30))
def test_category_counts_equal_a_count_by_hand(rows: list[Row]) -> None:
    recent_from = FIRST + dt.timedelta(days=14)
    expected = {}
    for category in sorted({r.category for r in rows if r.category is not None}):
        mine = [r for r in rows if r.category == category]
        expected[category] = (
            sum(1 for r in mine if r.closed is None),
            sum(1 for r in mine if r.opened >= recent_from),
            len(mine),
        )
    found = category_stats(_table(rows), pd.Timestamp(recent_from))
    assert {c.category: (c.open, c.opened_recent, c.total) for c in found} == expected


def test_no_issues_no_counts_and_no_resolution() -> None:
    counts = period_counts(_table([]), CALENDAR)
    assert (counts.opened, counts.closed, counts.carried) == ((0,) * 4, (0,) * 4, 0)
    assert category_stats(_table([]), None) == []
    times = resolution_times(resolution_stats(_table([])))
    assert (times.overall.closed, times.overall.median_days, times.overall.p90_days) == (
        0,
        None,
        None,
    )
    assert times.touchpoint == times.category == times.owner == ()


def test_all_open_issues_are_backlog_and_none_resolved() -> None:
    # three issues, none closed: one opened before the calendar (carried), two inside
    rows = [
        Row(FIRST - dt.timedelta(days=3), None, "a", "x", None),
        Row(FIRST + dt.timedelta(days=1), None, "a", "x", "Ann"),
        Row(FIRST + dt.timedelta(days=15, hours=5), None, None, None, None),
    ]
    backlog = [p.backlog for p in issue_periods(_table(rows), CALENDAR)]
    assert backlog == [2, 2, 3, 3]
    assert [(s.dimension, s.closed) for s in resolution_stats(_table(rows))] == [("overall", 0)]


def test_same_day_closes_take_zero_days_and_missing_owners_are_unassigned() -> None:
    rows = [
        Row(FIRST + dt.timedelta(hours=9), FIRST + dt.timedelta(hours=17), "a", "x", None),
        Row(FIRST + dt.timedelta(hours=23), FIRST + dt.timedelta(days=1, hours=1), "a", "x", None),
        Row(FIRST, FIRST + dt.timedelta(days=10), "b", "y", "Bob"),
    ]
    stats = {
        (s.dimension, s.name): (s.closed, s.median, s.p90) for s in resolution_stats(_table(rows))
    }
    # by hand: days {0, 1, 10}; median 1; p90 at rank 0.9 * 2 = 1.8: 1 + 0.8 * 9 = 8.2
    assert stats[("overall", "")][:2] == (3, 1.0)
    assert abs(stats[("overall", "")][2] - 8.2) < 1e-9
    # no owner: 0 and 1 day; p90 at rank 0.9: 0 + 0.9 * 1
    assert stats[("owner", "Unassigned")][:2] == (2, 0.5)
    assert abs(stats[("owner", "Unassigned")][2] - 0.9) < 1e-9
    assert stats[("owner", "Bob")] == (1, 10.0, 10.0)
