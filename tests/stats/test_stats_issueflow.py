"""Issue resolution times and backlog burndown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import numpy as np
import pytest

from cxsite.stats.issueflow import burndown_projection, resolution_times


def test_resolution_times_by_hand() -> None:
    opened = [
        "2025-01-01",
        date(2025, 1, 1),
        "2025-01-05",
        datetime(2025, 1, 10, 12, 0),
        "2025-01-02",
        "2025-01-03",
        "2025-01-09",
        "2025-02-01",
    ]
    closed = [
        "2025-01-03",  # 2 days
        "2025-01-11",  # 10 days
        "2025-01-06",  # 1 day
        "2025-01-14T00:00",  # 3.5 days
        None,  # open
        "",  # open
        "2025-01-08",  # closed before opened: invalid
        "2025-02-21",  # 20 days
    ]
    # sorted days 1 2 3.5 10 20: median 3.5
    # p90 (linear): rank 0.9 x (5 - 1) = 3.6 -> 10 + 0.6 x (20 - 10) = 16
    # mean = 36.5 / 5 = 7.3
    s = resolution_times(opened, closed)
    assert (s.n_closed, s.n_open, s.n_invalid) == (5, 2, 1)
    assert s.median_days == pytest.approx(3.5)
    assert s.p90_days == pytest.approx(16.0)
    assert s.mean_days == pytest.approx(7.3)
    assert s.max_days == pytest.approx(20.0)


def test_resolution_percentiles_match_pandas() -> None:
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(4)
    opened = pd.Timestamp("2025-03-01") + pd.to_timedelta(rng.integers(0, 90, 40), unit="D")
    age = pd.to_timedelta(rng.exponential(6.0, 40) * 86400, unit="s")
    closed = opened + age
    s = resolution_times(list(opened), list(closed))
    days = pd.Series(age.total_seconds() / 86400)
    assert s.median_days == pytest.approx(float(days.median()))
    assert s.p90_days == pytest.approx(float(days.quantile(0.9)))


def test_resolution_times_nothing_closed() -> None:
    s = resolution_times(["2025-01-01", "2025-01-02"], [None, "not a date"])
    assert s.n_closed == 0 and s.median_days is None
    assert (s.n_open, s.n_invalid) == (1, 1)
    with pytest.raises(ValueError):
        resolution_times(["2025-01-01"], [])


def test_burndown_by_hand() -> None:
    # x = 0..7 (mean 3.5), backlog 120 118 110 104 100 96 90 84 (mean 822/8 = 102.75)
    # Sxy = (-3.5)(17.25) + (-2.5)(15.25) + (-1.5)(7.25) + (-0.5)(1.25) + (0.5)(-2.75)
    #     + (1.5)(-6.75) + (2.5)(-12.75) + (3.5)(-18.75) = -219; Sxx = 42
    # slope = -219/42 = -5.2142857 a period; from 84 to 50: 34 / 5.2142857 = 6.5205 -> 7
    backlog = [120, 118, 110, 104, 100, 96, 90, 84]
    p = burndown_projection(backlog, target=50)
    assert p.slope == pytest.approx(-219 / 42)
    assert p.slope == pytest.approx(float(np.polyfit(range(8), backlog, 1)[0]))
    assert p.closing_rate == pytest.approx(219 / 42)
    assert p.periods_to_target == pytest.approx(34 / (219 / 42))
    assert p.periods_to_target_ceil == 7
    assert p.status == "on track" and not p.never


def test_burndown_uses_only_the_window() -> None:
    # A big early fall outside the last 4 periods must not count: last 4 = 60 61 62 63.
    p = burndown_projection([200, 150, 100, 60, 61, 62, 63], target=20, window=4)
    assert p.slope == pytest.approx(1.0)
    assert p.never and p.status == "never at this rate" and p.periods_to_target is None


def test_burndown_flat_is_never() -> None:
    p = burndown_projection([40, 40, 40, 40], target=10)
    assert p.slope == 0.0 and p.never


def test_burndown_at_target_and_short() -> None:
    at = burndown_projection([30, 20, 12], target=12)
    assert at.status == "at target" and at.periods_to_target == 0.0
    short = burndown_projection([100, 90], target=10)
    assert short.status == "not enough data" and short.slope is None and not short.never
    assert burndown_projection([], target=0).current is None


def test_burndown_skips_missing_periods_but_keeps_spacing() -> None:
    # points at x = 0, 2, 3 (x = 1 missing): 30, 26, 24 -> exact line 30 - 2x
    p = burndown_projection([30, None, 26, 24], target=10)
    assert p.slope == pytest.approx(-2.0)
    assert p.periods_to_target == pytest.approx(7.0)


def test_issueflow_outputs_are_plain_json(assert_plain: Callable[[object], None]) -> None:
    assert_plain(resolution_times(["2025-01-01"], ["2025-01-04"]).to_dict())
    assert_plain(burndown_projection([9, 8, 6, 5], target=1).to_dict())
    assert_plain(burndown_projection([9, 9, 9, 9], target=1).to_dict())
