"""The customer book's figures and the moments of truth counted in the engine equal a
count by hand on the same rows.

The expected values are worked out here in plain Python, from the definitions (the
book on a date, the cohort and its experience, the customer's n-th event), without the
engine and without the code under test: the book at each period's start is counted
customer by customer (not a running sum), and each customer's events are sorted and
walked in a loop. Values are multiples of 0.25, so every sum is exact in floating point
and the engine's sums must equal these exactly.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from cxsite.model.customers import value_retention

# Six weeks starting on Wednesday 3 January 2024 (the calendar's weekday).
FIRST = dt.datetime(2024, 1, 3)
WEEKS = 6
CALENDAR = make_calendar(
    pd.Timestamp("2024-01-03"),
    pd.Timestamp("2024-02-13"),
    PeriodConfig(unit="week", week_start="wednesday"),
)
MONTHS = make_calendar(
    pd.Timestamp("2024-01-03"), pd.Timestamp("2024-04-20"), PeriodConfig(unit="month")
)
PROPERTIES = settings(max_examples=40, deadline=None)


@dataclass(frozen=True)
class Customer:
    customer: str
    joined: dt.datetime
    left: dt.datetime | None
    value: float | None


@dataclass(frozen=True)
class Issue:
    customer: str | None
    opened: dt.datetime
    is_open: bool


@dataclass(frozen=True)
class Answer:
    customer: str | None
    metric: str
    score: float | None
    date: dt.datetime


def _moment(lowest: int, highest: int) -> st.SearchStrategy[dt.datetime]:
    """A moment from ``lowest`` to ``highest`` days after FIRST, at any quarter hour."""
    return st.builds(
        lambda day, quarter: FIRST + dt.timedelta(days=day, minutes=15 * quarter),
        st.integers(lowest, highest),
        st.integers(0, 95),
    )


def _book() -> st.SearchStrategy[list[Customer]]:
    def one(index: int) -> st.SearchStrategy[Customer]:
        joined = _moment(-40, 7 * WEEKS + 10)
        # left: never, some days after joining (0: the same day), or - as a book that was
        # not checked would have it - before joining
        gap = st.one_of(st.none(), st.integers(0, 50), st.integers(-5, -1))
        value = st.one_of(st.none(), st.integers(0, 400).map(lambda q: q / 4))
        return st.builds(
            lambda j, g, v: Customer(
                f"c{index}", j, None if g is None else j + dt.timedelta(days=g, hours=1), v
            ),
            joined,
            gap,
            value,
        )

    return st.integers(0, 25).flatmap(lambda n: st.tuples(*(one(i) for i in range(n)))).map(list)


def _ids() -> st.SearchStrategy[str | None]:
    # customers of the book, one it does not know, or none
    return st.sampled_from([None, "c0", "c1", "c2", "c3", "c4", "c5", "c9", "stranger"])


def _issues() -> st.SearchStrategy[list[Issue]]:
    return st.lists(st.builds(Issue, _ids(), _moment(-60, 7 * WEEKS), st.booleans()), max_size=20)


def _answers() -> st.SearchStrategy[list[Answer]]:
    score = st.one_of(st.none(), st.integers(0, 10).map(float), st.just(6.5))
    metric = st.sampled_from(["nps", "nps", "csat"])
    # few distinct days, so one customer often answers twice on a day
    day = st.builds(
        lambda d, h: FIRST + dt.timedelta(days=d, hours=h),
        st.sampled_from([-30, -20, -10, 0, 5]),
        st.sampled_from([0, 0, 9]),
    )
    return st.lists(st.builds(Answer, _ids(), metric, score, day), max_size=20)


def _table(columns: dict[str, tuple[list[object], pa.DataType]]) -> ir.Table:
    return ibis.memtable(pa.table({k: pa.array(v, t) for k, (v, t) in columns.items()}))


def _book_table(book: list[Customer]) -> ir.Table:
    return _table(
        {
            "customer": ([c.customer for c in book], pa.string()),
            "joined": ([c.joined for c in book], pa.timestamp("us")),
            "left": ([c.left for c in book], pa.timestamp("us")),
            "value": ([c.value for c in book], pa.float64()),
            "segment": ([None for _ in book], pa.string()),
        }
    )


def _issue_table(issues: list[Issue]) -> ir.Table:
    return _table(
        {
            "customer": ([i.customer for i in issues], pa.string()),
            "opened": ([i.opened for i in issues], pa.timestamp("us")),
            "touchpoint": (["a" for _ in issues], pa.string()),
            "is_open": ([i.is_open for i in issues], pa.bool_()),
            "export_order": (list(range(len(issues))), pa.int64()),
        }
    )


def _answer_table(answers: list[Answer]) -> ir.Table:
    return _table(
        {
            "customer": ([a.customer for a in answers], pa.string()),
            "metric": ([a.metric for a in answers], pa.string()),
            "score": ([a.score for a in answers], pa.float64()),
            "date": ([a.date for a in answers], pa.timestamp("us")),
        }
    )


def _on_books(c: Customer, moment: dt.datetime) -> bool:
    return c.joined <= moment and (c.left is None or c.left > moment)


@PROPERTIES
@given(_book())
def test_the_book_per_week_equals_a_count_by_hand(book: list[Customer]) -> None:
    flows = book_flow(_book_table(book), CALENDAR)
    assert len(flows) == WEEKS
    for week, flow in enumerate(flows):
        start = FIRST + dt.timedelta(days=7 * week)
        end = start + dt.timedelta(days=7)
        on = [c for c in book if c.joined < start and (c.left is None or c.left >= start)]
        gained = [c for c in book if start <= c.joined < end]
        lost = [c for c in book if c.left is not None and start <= c.left < end]
        assert flow.on_books == len(on)
        assert (flow.gained, flow.lost) == (len(gained), len(lost))
        assert flow.lost_from_books == sum(1 for c in lost if c in on)
        assert flow.value_gained == sum(c.value or 0.0 for c in gained)
        assert flow.value_lost == sum(c.value or 0.0 for c in lost)


@PROPERTIES
@given(_book())
def test_the_book_per_month_equals_a_count_by_hand(book: list[Customer]) -> None:
    flows = book_flow(_book_table(book), MONTHS)
    starts = [dt.datetime(2024, m, 1) for m in range(1, 6)]
    assert len(flows) == 4
    for month, flow in enumerate(flows):
        start, end = starts[month], starts[month + 1]
        on = [c for c in book if c.joined < start and (c.left is None or c.left >= start)]
        lost = [c for c in book if c.left is not None and start <= c.left < end]
        assert flow.on_books == len(on)
        assert flow.gained == sum(1 for c in book if start <= c.joined < end)
        assert (flow.lost, flow.lost_from_books) == (len(lost), sum(1 for c in lost if c in on))


@PROPERTIES
@given(_book(), _issues())
def test_the_book_now_and_revenue_at_risk_equal_a_count_by_hand(
    book: list[Customer], issues: list[Issue]
) -> None:
    as_of = FIRST + dt.timedelta(days=20)
    current = [c for c in book if _on_books(c, as_of)]
    open_ids = {i.customer for i in issues if i.is_open and i.customer is not None}
    risk = [c for c in current if c.customer in open_ids]
    now = book_now(_book_table(book), _issue_table(issues), pd.Timestamp(as_of))
    assert (now.customers, now.on_books, now.at_risk) == (len(book), len(current), len(risk))
    assert now.valued == sum(1 for c in book if c.value is not None)
    assert now.book_value == sum(c.value or 0.0 for c in current)
    assert now.at_risk_value == sum(c.value or 0.0 for c in risk)
    without = book_now(_book_table(book), None, pd.Timestamp(as_of))
    assert (without.on_books, without.at_risk, without.at_risk_value) == (len(current), 0, 0.0)


@PROPERTIES
@given(_book(), _issues(), _answers())
def test_retention_groups_equal_a_count_by_hand(
    book: list[Customer], issues: list[Issue], answers: list[Answer]
) -> None:
    as_of = FIRST + dt.timedelta(days=30)
    window_start = FIRST + dt.timedelta(days=5)  # the day of an answer at 00:00 and 09:00
    experience_from = window_start - dt.timedelta(days=25)
    cohort = [c for c in book if _on_books(c, window_start)]
    raised = {
        i.customer for i in issues if i.customer and experience_from < i.opened <= window_start
    }
    latest: dict[str, tuple[dt.datetime, float]] = {}
    for a in answers:
        inside = experience_from < a.date < window_start + dt.timedelta(days=1)
        if a.metric == "nps" and a.customer and a.score is not None and inside:
            # the latest answer; at the same moment, the higher score
            key = (a.date, a.score)
            latest[a.customer] = max(latest.get(a.customer, key), key)
    members: dict[str, list[Customer]] = defaultdict(list)
    for c in cohort:
        members["issue" if c.customer in raised else "no-issue"].append(c)
        score = latest[c.customer][1] if c.customer in latest else None
        if score is not None and score <= 6:
            members["detractor"].append(c)
        elif score is not None and 7 <= score <= 8:
            members["passive"].append(c)
        elif score is not None and score >= 9:
            members["promoter"].append(c)
    found = retention_sums(
        _book_table(book),
        _issue_table(issues),
        _answer_table(answers),
        "nps",
        pd.Timestamp(window_start),
        pd.Timestamp(experience_from),
        pd.Timestamp(as_of),
    )
    assert [g.group for g in found] == ["issue", "no-issue", "detractor", "passive", "promoter"]
    for group in found:
        mine = members[group.group]
        kept = [c for c in mine if _on_books(c, as_of)]
        gone = [c for c in mine if not _on_books(c, as_of)]
        assert (group.n, group.retained) == (len(mine), len(kept)), group.group
        assert group.value == sum(c.value or 0.0 for c in mine)
        assert group.value_kept == sum(c.value or 0.0 for c in kept)
        assert group.value_sq_kept == sum((c.value or 0.0) ** 2 for c in kept)
        assert group.value_sq_lost == sum((c.value or 0.0) ** 2 for c in gone)


def test_the_latest_answer_is_the_higher_score_at_the_same_moment() -> None:
    # c0 answers 3 and 10 at the same moment: a promoter. c1 answers 10, then 2 on the
    # window's first day (09:00, still inside): a detractor; c2's answer the day after
    # is outside, its earlier 8 counts: a passive.
    start = FIRST + dt.timedelta(days=5)
    book = [Customer(f"c{i}", FIRST - dt.timedelta(days=90), None, 1.0) for i in range(3)]
    answers = [
        Answer("c0", "nps", 10.0, start - dt.timedelta(days=3)),
        Answer("c0", "nps", 3.0, start - dt.timedelta(days=3)),
        Answer("c1", "nps", 10.0, start - dt.timedelta(days=1)),
        Answer("c1", "nps", 2.0, start + dt.timedelta(hours=9)),
        Answer("c2", "nps", 8.0, start - dt.timedelta(days=1)),
        Answer("c2", "nps", 0.0, start + dt.timedelta(days=1)),
    ]
    found = retention_sums(
        _book_table(book),
        None,
        _answer_table(answers),
        "nps",
        pd.Timestamp(start),
        pd.Timestamp(start - dt.timedelta(days=30)),
        pd.Timestamp(start + dt.timedelta(days=30)),
    )
    assert [(g.group, g.n) for g in found] == [("detractor", 1), ("passive", 1), ("promoter", 1)]


def test_no_experience_sources_no_groups_and_a_link_count() -> None:
    book = [Customer("c0", FIRST, None, 1.0), Customer("c1", FIRST, None, None)]
    found = retention_sums(
        _book_table(book),
        None,
        None,
        None,
        pd.Timestamp(FIRST),
        pd.Timestamp(FIRST),
        pd.Timestamp(FIRST),
    )
    assert found == []
    issues = [Issue("c0", FIRST, True), Issue(None, FIRST, True), Issue("zz", FIRST, False)]
    counted = linked(_issue_table(issues), _book_table(book))
    assert (counted.rows, counted.named, counted.known) == (3, 2, 1)
    assert book_flow(_book_table([]), CALENDAR)[0].on_books == 0


@given(
    # values as premiums are: none, or from a penny up (subnormal ones would underflow
    # numpy's own variance here)
    st.lists(
        st.tuples(st.one_of(st.just(0.0), st.floats(0.01, 1000)), st.booleans()),
        min_size=2,
        max_size=40,
    ),
    st.sampled_from([0.9, 0.95, 0.99]),
)
@settings(max_examples=80, deadline=None)
def test_value_retention_from_sums_equals_the_ratio_estimator(
    rows: list[tuple[float, bool]], confidence: float
) -> None:
    worth = np.array([w for w, _ in rows])
    kept = np.array([1.0 if k else 0.0 for _, k in rows])
    sums = GroupSums(
        "g",
        len(rows),
        int(kept.sum()),
        float(worth.sum()),
        float((worth * kept).sum()),
        float((worth**2 * kept).sum()),
        float((worth**2 * (1 - kept)).sum()),
    )
    rate, low, high = value_retention(sums, confidence)
    if worth.sum() <= 0:
        assert (rate, low, high) == (None, None, None)
        return
    # The ratio estimator's variance written with numpy's sample (co)variances:
    # var(R) = (s_y² + R² s_x² − 2 R s_xy) / (n x̄²), y = w k, x = w
    y, n = worth * kept, len(rows)
    ratio = y.sum() / worth.sum()
    cov = np.cov(np.vstack([y, worth]), ddof=1)
    var = (cov[0, 0] + ratio**2 * cov[1, 1] - 2 * ratio * cov[0, 1]) / (n * worth.mean() ** 2)
    from scipy.stats import norm

    half = float(norm.ppf(0.5 + confidence / 2)) * math.sqrt(max(var, 0.0))
    assert rate == pytest.approx(100 * ratio, abs=1e-6)
    assert low == pytest.approx(100 * max(0.0, ratio - half), abs=1e-4)
    assert high == pytest.approx(100 * min(1.0, ratio + half), abs=1e-4)


# ---- moments of truth ---------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    customer: str | None
    date: dt.datetime | None
    touchpoint: str | None


def _events() -> st.SearchStrategy[list[Event]]:
    # from three weeks before the calendar (events that count towards the order but are
    # not counted) to a week after it; few days, so ties are common
    day = st.builds(
        lambda d, h: FIRST + dt.timedelta(days=d, hours=h),
        st.integers(-21, 7 * WEEKS + 7),
        st.sampled_from([0, 0, 10, 23]),
    )
    return st.lists(
        st.builds(
            Event,
            st.sampled_from([None, "x", "y", "z", "w"]),
            st.one_of(day, day, day, st.none()),
            st.sampled_from([None, "a", "b"]),
        ),
        max_size=30,
    )


def _rules() -> st.SearchStrategy[BehaviourRule]:
    return st.builds(
        BehaviourRule,
        st.just("contacts"),
        st.integers(1, 4),
        # whole weeks and days, so events exactly ``within_days`` apart are common
        st.one_of(st.none(), st.sampled_from([1, 2, 7, 10, 14, 20])),
        st.sampled_from(["share", "count"]),
        st.sampled_from([(), ("a",), ("a", "b")]),
    )


def _contacts(events: list[Event]) -> ir.Table:
    return _table(
        {
            "customer": ([e.customer for e in events], pa.string()),
            "date": ([e.date for e in events], pa.timestamp("us")),
            "touchpoint": ([e.touchpoint for e in events], pa.string()),
            "channel": ([None for _ in events], pa.string()),
            "export_order": (list(range(len(events))), pa.int64()),
        }
    )


def _moments_by_hand(events: list[Event], rule: BehaviourRule) -> list[tuple[int, int, int]]:
    per_customer: dict[str, list[tuple[dt.datetime, int]]] = defaultdict(list)
    for order, e in enumerate(events):
        if e.customer is None or e.date is None:
            continue
        if rule.touchpoints and e.touchpoint not in rule.touchpoints:
            continue
        per_customer[e.customer].append((e.date, order))
    seen: dict[int, set[str]] = defaultdict(set)
    reached: dict[int, set[str]] = defaultdict(set)
    for customer, mine in per_customer.items():
        mine.sort()
        for place, (day, _) in enumerate(mine):
            week = (day.date() - FIRST.date()).days // 7
            if not 0 <= week < WEEKS:
                continue
            seen[week].add(customer)
            back = rule.count - 1
            if rule.within_days is None:
                hit = place == back
            else:
                hit = place >= back and day - mine[place - back][0] <= dt.timedelta(
                    days=rule.within_days
                )
            if hit:
                reached[week].add(customer)
    return [(w, len(seen[w]), len(reached[w])) for w in sorted(seen)]


@settings(max_examples=60, deadline=None)
@given(_events(), _rules())
def test_moments_equal_each_customers_events_walked_in_order(
    events: list[Event], rule: BehaviourRule
) -> None:
    found = moment_counts(behaviour_events(_contacts(events), "contacts"), rule, CALENDAR)
    assert [(m.period, m.customers, m.reached) for m in found] == _moments_by_hand(events, rule)


def test_earlier_events_before_the_calendar_count_towards_the_order() -> None:
    # x: two contacts before the calendar, the third in week 0 (10 days after the
    # first); y: one before, one in week 1 (the second contact ever, 30 days apart).
    events = [
        Event("x", FIRST - dt.timedelta(days=10), "a"),
        Event("y", FIRST - dt.timedelta(days=20), "a"),
        Event("x", FIRST - dt.timedelta(days=2), "a"),
        Event("x", FIRST, "a"),
        Event("y", FIRST + dt.timedelta(days=10), "a"),
    ]
    table = behaviour_events(_contacts(events), "contacts")
    third = moment_counts(table, BehaviourRule("contacts", 3, 30), CALENDAR)
    assert [(m.period, m.customers, m.reached) for m in third] == [(0, 1, 1), (1, 1, 0)]
    second = moment_counts(table, BehaviourRule("contacts", 2, None, "count"), CALENDAR)
    assert [(m.period, m.customers, m.reached) for m in second] == [(0, 1, 0), (1, 1, 1)]
    close = moment_counts(table, BehaviourRule("contacts", 2, 29), CALENDAR)
    assert [(m.period, m.reached) for m in close] == [(0, 1), (1, 0)]
    # exactly 30 days apart is within 30 days
    month = moment_counts(table, BehaviourRule("contacts", 2, 30), CALENDAR)
    assert [(m.period, m.reached) for m in month] == [(0, 1), (1, 1)]


def test_issue_events_are_issues_at_their_opening() -> None:
    issues = [Issue("c1", FIRST + dt.timedelta(days=1), True)] * 2 + [
        Issue(None, FIRST, True),
        Issue("c2", FIRST + dt.timedelta(days=8), False),
    ]
    table = behaviour_events(_issue_table(issues), "issues")
    found = moment_counts(table, BehaviourRule("issues", 2, 7), CALENDAR)
    assert [(m.period, m.customers, m.reached) for m in found] == [(0, 1, 1), (1, 1, 0)]
