"""The comments the engine chooses for the pages and the voice analysis equal a choice
made here in plain pandas on the same rows.

The expected rows are worked out without the engine and without the voice code: a
stable sort of all comments (touchpoint, date newest first, text; survey verbatims
before comments, then the export's order), weeks as the whole days of a time
difference divided by 7, and each period's cap found by trying every ``k`` from 1 up
(the largest ``k`` whose ``sum(min(count, k))`` fits the budget), not by the greedy
formula the engine uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxsite.data.comment_queries import chosen_comments
from cxsite.data.engine import Engine
from cxsite.data.sources import Dataset, empty_frame

FIRST = dt.datetime(2024, 1, 1)
PROPERTIES = settings(max_examples=30, deadline=None)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    found = Engine(tmp_path_factory.mktemp("engine"))
    yield found
    found.close()


def _dataset(engine: Engine, responses: pd.DataFrame, comments: pd.DataFrame) -> Dataset:
    return Dataset.from_frames(engine, responses=responses, comments=comments)


def test_the_newest_per_touchpoint_and_the_window_are_chosen(engine: Engine) -> None:
    responses = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-05", "2024-01-05", "2024-02-01"]),
            "touchpoint": ["a", "a", "a", None],
            "comment": ["old", "same day b", "same day a", None],
            "metric": ["m", "m", "m", "m"],
            "score": [1.0, 2.0, 3.0, 4.0],
        }
    )
    comments = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-03", "2024-02-10", "2023-12-01"]),
            "touchpoint": ["a", "b", "b"],
            "text": ["posted", "in the window", "older post"],
            "score": [None, 5.0, None],
        }
    )
    data = _dataset(engine, responses, comments)
    chosen = chosen_comments(data, 2, pd.Timestamp("2024-02-01"), 0, "")
    rows = chosen.rows
    # by hand: a's two newest are the verbatims of 5 Jan, "same day a" before "same day b";
    # b's newest is the window's own post and the next one ("older post") makes two;
    # "old" and "posted" are neither among a's two newest nor in the window. The rows
    # come in the exports' order, verbatims first.
    assert rows["text"].tolist() == ["same day b", "same day a", "in the window", "older post"]
    assert rows["newest_rank"].tolist() == [1, 0, 0, 1]
    assert rows["in_window"].tolist() == [False, False, True, False]
    assert rows["source"].tolist() == ["survey", "survey", "comment", "comment"]
    assert rows["metric"].tolist()[:2] == ["m", "m"]
    assert rows["score"].tolist()[1:3] == [3.0, 5.0]
    # 10 Feb is 9 days after the window opens: its second week
    assert rows["period"].tolist()[2] == 1
    assert chosen.counts == {"a": 4, "b": 2}  # every comment counted; the empty verbatim is not


def test_no_comment_at_all_chooses_nothing(engine: Engine) -> None:
    data = _dataset(engine, empty_frame("responses"), empty_frame("comments"))
    chosen = chosen_comments(data, 5, pd.Timestamp("2024-01-01"), 3, "")
    assert len(chosen.rows) == 0 and chosen.counts == {}


def _comment() -> st.SearchStrategy[tuple[str, int, int, str, bool]]:
    # touchpoint, day (before the window, and in its first, second and fourth weeks),
    # minute of the day, text, and whether it is a verbatim: few values of each, so
    # that equal dates and texts tie across and within the two kinds
    return st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from([-8, -1, 0, 3, 7, 8, 13, 22]),
        st.sampled_from([0, 1, 600, 1439]),
        st.sampled_from(["x", "y"]),
        st.booleans(),
    )


def _frames(rows: list[tuple[str, int, int, str, bool]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows as survey verbatims and comments; each row's score is its number in
    ``rows``, which names it in the result (texts and dates repeat, so ties occur)."""

    def at(day: int, minute: int) -> dt.datetime:
        return FIRST + dt.timedelta(days=day, minutes=minute)

    survey = [(n, r) for n, r in enumerate(rows) if r[4]]
    posts = [(n, r) for n, r in enumerate(rows) if not r[4]]
    responses = pd.DataFrame(
        {
            "date": pd.to_datetime([at(r[1], r[2]) for _, r in survey]),
            "touchpoint": [r[0] for _, r in survey],
            "comment": [r[3] for _, r in survey],
            "metric": ["m"] * len(survey),
            "score": [float(n) for n, _ in survey],
        }
    )
    comments = pd.DataFrame(
        {
            "date": pd.to_datetime([at(r[1], r[2]) for _, r in posts]),
            "touchpoint": [r[0] for _, r in posts],
            "text": [r[3] for _, r in posts],
            "score": [float(n) for n, _ in posts],
        }
    )
    return responses, comments


def _largest_cap(counts: list[int], budget: int) -> int:
    """The largest k >= 1 with sum(min(c, k)) <= budget (1 when none fits), by trial."""
    best = 1
    for k in range(1, max(counts) + 1):
        if sum(min(c, k) for c in counts) <= budget:
            best = k
    return best


def _expected(
    responses: pd.DataFrame,
    comments: pd.DataFrame,
    keep: int,
    since: pd.Timestamp | None,
    sample: int,
) -> tuple[set[float], set[float]]:
    """The numbers of the newest rows and of the window's sample."""
    every = pd.concat(
        [
            responses.rename(columns={"comment": "text"})[["touchpoint", "date", "text", "score"]],
            comments[["touchpoint", "date", "text", "score"]],
        ],
        ignore_index=True,
    )
    # verbatims first, each export in its order: a stable sort keeps that for ties
    ordered = every.sort_values(
        ["touchpoint", "date", "text"], ascending=[True, False, True], kind="stable"
    )
    newest = set(ordered[(ordered.groupby("touchpoint").cumcount() < keep).to_numpy()]["score"])
    start = since if since is not None else every["date"].min()
    window = ordered[(ordered["date"] >= start).to_numpy()]
    window = window.assign(week=[(d - start).days // 7 for d in window["date"]])
    chosen: set[float] = set()
    for _, part in window.groupby("touchpoint"):
        sizes = part.groupby("week").size().tolist()
        cap = _largest_cap(sizes, sample) if sample else len(part)
        spread = part[(part.groupby("week").cumcount() < cap).to_numpy()]
        if sample:
            spread = spread.head(sample)
        chosen |= set(spread["score"])
    return newest, chosen


@PROPERTIES
@given(
    st.lists(_comment(), max_size=40),
    st.integers(1, 4),
    st.sampled_from([0, 1, 3, 7]),
    st.booleans(),
)
def test_the_choice_equals_a_choice_in_pandas(
    engine: Engine,
    rows: list[tuple[str, int, int, str, bool]],
    keep: int,
    sample: int,
    windowed: bool,
) -> None:
    responses, comments = _frames(rows)
    data = _dataset(engine, responses, comments)
    since = pd.Timestamp(FIRST) if windowed else None
    chosen = chosen_comments(data, keep, since, sample, "")
    newest, window = _expected(responses, comments, keep, since, sample)
    found = chosen.rows
    assert set(found[(found["newest_rank"] < keep).to_numpy()]["score"]) == newest
    assert set(found[found["in_window"].to_numpy()]["score"]) == window
    assert len(found) == len(newest | window)  # nothing else crosses
    # in the exports' order, verbatims first
    assert found["source"].tolist() == sorted(found["source"], key=["survey", "comment"].index)
    for source in ("survey", "comment"):
        numbers = found[(found["source"] == source).to_numpy()]["score"].tolist()
        assert numbers == sorted(numbers)
    counts = pd.concat([responses["touchpoint"], comments["touchpoint"]]).value_counts()
    assert chosen.counts == {str(k): int(v) for k, v in counts.items()}


def test_weeks_without_a_window_count_from_the_first_comment_at_its_time(
    engine: Engine,
) -> None:
    # The first comment is at 10:00; one 7 days later at 09:00 is 6 whole days and 23
    # hours after it (week 0), one at 10:00 exactly 7 days (week 1).
    comments = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01 10:00", "2024-01-08 09:00", "2024-01-08 10:00"]),
            "touchpoint": ["a", "a", "a"],
            "text": ["first", "almost a week", "a week"],
        }
    )
    data = _dataset(engine, empty_frame("responses"), comments)
    rows = chosen_comments(data, 1, None, 0, "").rows
    assert dict(zip(rows["text"], rows["period"], strict=True)) == {
        "first": 0,
        "almost a week": 0,
        "a week": 1,
    }
    assert rows["in_window"].all()


def test_the_sample_spreads_over_the_periods(engine: Engine) -> None:
    # One touchpoint, budget 4: week 0 has 1 comment, week 1 has 5. By hand: k = 3
    # (1 + 3 = 4 fits, 1 + 4 = 5 does not): week 1 gives its 3 newest, week 0 its one.
    days = [0, 7, 8, 9, 10, 11]
    comments = pd.DataFrame(
        {
            "date": pd.to_datetime([FIRST + dt.timedelta(days=d) for d in days]),
            "touchpoint": ["a"] * 6,
            "text": [f"day {d}" for d in days],
        }
    )
    data = _dataset(engine, empty_frame("responses"), comments)
    rows = chosen_comments(data, 1, pd.Timestamp(FIRST), 4, "").rows
    sampled = rows[rows["in_window"].to_numpy()]
    assert sorted(sampled["text"]) == ["day 0", "day 10", "day 11", "day 9"]


def test_ties_go_to_survey_verbatims_then_to_the_export_order(engine: Engine) -> None:
    # Three comments alike in touchpoint, date and text: two verbatims (scores 0 and 1,
    # in that order in their export) and a comment (score 2). By the stated order the
    # two newest are the verbatims, and so is a sample of two.
    day = pd.to_datetime(["2024-01-03", "2024-01-03"])
    responses = pd.DataFrame(
        {"date": day, "touchpoint": ["a", "a"], "comment": ["same"] * 2, "score": [0.0, 1.0]}
    )
    comments = pd.DataFrame(
        {"date": day[:1], "touchpoint": ["a"], "text": ["same"], "score": [2.0]}
    )
    data = _dataset(engine, responses, comments)
    # (a window after the three: only the newest are chosen)
    rows = chosen_comments(data, 2, pd.Timestamp("2024-02-01"), 0, "").rows
    assert rows["score"].tolist() == [0.0, 1.0]
    assert rows["newest_rank"].tolist() == [0, 1]
    rows = chosen_comments(data, 1, pd.Timestamp(FIRST), 2, "").rows
    assert rows[rows["in_window"].to_numpy()]["score"].tolist() == [0.0, 1.0]


@pytest.mark.parametrize(
    ("sizes", "budget", "cap"),
    [
        # 200 to share over weeks of 500, 3 and 40 comments: k = 157 gives 157 + 3 + 40
        ([500, 3, 40], 200, 157),
        ([10, 10, 10], 200, 10),  # everything fits
        ([100] * 13, 200, 15),  # 13 x 15 = 195 <= 200 < 13 x 16
        ([5, 5], 1, 1),  # not even one each fits: one each, then the newest one
    ],
)
def test_each_week_gives_at_most_the_cap_worked_out_by_hand(
    engine: Engine, sizes: list[int], budget: int, cap: int
) -> None:
    days = [7 * week + k % 7 for week, size in enumerate(sizes) for k in range(size)]
    comments = pd.DataFrame(
        {
            "date": pd.to_datetime([FIRST + dt.timedelta(days=d) for d in days]),
            "touchpoint": ["a"] * len(days),
            "text": [f"comment {n}" for n in range(len(days))],
        }
    )
    data = _dataset(engine, empty_frame("responses"), comments)
    rows = chosen_comments(data, 1, pd.Timestamp(FIRST), budget, "").rows
    sampled = rows[rows["in_window"].to_numpy()]
    per_week = sampled.groupby("period").size().to_dict()
    given = {week: min(size, cap) for week, size in enumerate(sizes)}
    if sum(given.values()) > budget:  # then the newest `budget` of those are kept
        assert len(sampled) == budget
        assert all(per_week.get(week, 0) <= most for week, most in given.items())
    else:
        assert per_week == given
