"""Lagged correlation between a process metric and a survey score."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pytest

from cxsite.stats.lagcorr import lagged_correlation, pearson

PROCESS = [3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4]
NOISE = [
    0.3,
    -0.2,
    0.1,
    0.4,
    -0.3,
    0.0,
    0.2,
    -0.1,
    -0.4,
    0.3,
    0.1,
    -0.2,
    0.2,
    0.0,
    -0.3,
    0.1,
    0.4,
    -0.1,
    0.0,
    0.2,
]


def test_pearson_by_hand() -> None:
    # x = 1..5, y = 2 4 5 4 5; means 3 and 4
    # Sxy = (-2)(-2) + (-1)(0) + 0 + (1)(0) + (2)(1) = 6; Sxx = 10; Syy = 4+0+1+0+1 = 6
    # r = 6 / sqrt(60) = 0.774597; t = r sqrt(3 / (1 - 0.6)) = 2.121320 on 3 df
    r, p = pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])
    assert r == pytest.approx(0.774597, abs=1e-6)
    st = pytest.importorskip("scipy.stats")
    assert p == pytest.approx(2 * float(st.t.sf(2.121320, 3)), abs=1e-6)
    assert pearson([1, 2, 3], [5, 5, 5]) == (None, None)


def test_survey_follows_wait_time_one_period_later() -> None:
    # survey[t] = 10 - 0.5 x process[t - 1] + noise: lower wait time -> higher score
    survey: list[float | None] = [None] + [
        10 - 0.5 * PROCESS[t - 1] + NOISE[t] for t in range(1, len(PROCESS))
    ]
    res = lagged_correlation(PROCESS, survey, max_lag=3, expected_sign=-1)
    assert res.best_lag == 1
    assert res.best_r is not None and res.best_r < -0.9
    assert res.verdict == "tracks"
    assert res.best_n == len(PROCESS) - 1
    # the same data with the wrong expectation does not "track"
    wrong = lagged_correlation(PROCESS, survey, max_lag=3, expected_sign=1)
    assert wrong.verdict == "does not track" and "opposite" in wrong.reason


def test_each_lag_matches_scipy_on_aligned_pairs() -> None:
    st = pytest.importorskip("scipy.stats")
    rng = random.Random(5)
    process: list[float | None] = [rng.gauss(50, 10) for _ in range(30)]
    survey: list[float | None] = [rng.gauss(7, 1) for _ in range(30)]
    process[4] = None
    survey[11] = None
    res = lagged_correlation(process, survey, max_lag=4)
    for pt in res.lags:
        pairs = [
            (process[t - pt.lag], survey[t])
            for t in range(pt.lag, 30)
            if process[t - pt.lag] is not None and survey[t] is not None
        ]
        assert pt.n == len(pairs)
        ref = st.pearsonr([float(a) for a, _ in pairs], [float(b) for _, b in pairs])  # type: ignore[arg-type]
        assert pt.r == pytest.approx(float(ref.statistic))
        assert pt.p_value == pytest.approx(float(ref.pvalue))


def test_best_lag_is_largest_absolute_r() -> None:
    rng = random.Random(9)
    process = [rng.gauss(0, 1) for _ in range(40)]
    survey = [0.0, 0.0] + [process[t - 2] + rng.gauss(0, 0.5) for t in range(2, 40)]
    res = lagged_correlation(process, survey, max_lag=4)
    rs = {pt.lag: abs(pt.r) for pt in res.lags if pt.r is not None}
    assert res.best_lag == max(rs, key=lambda k: rs[k]) == 2
    assert res.p_adjusted == pytest.approx(min(1.0, (res.best_p or 0) * 5))


def test_too_few_pairs() -> None:
    # 9 periods: lag 0 has 9 pairs, lag 1 has 8, lag 2 has 7 (< 8 -> None)
    process = [1.0, 2, 3, 4, 5, 6, 7, 8, 9]
    survey = [2.0, 1, 4, 3, 6, 5, 8, 7, 9]
    res = lagged_correlation(process, survey, max_lag=2)
    assert [pt.n for pt in res.lags] == [9, 8, 7]
    assert res.lags[2].r is None and res.lags[1].r is not None
    none = lagged_correlation(process[:7], survey[:7], max_lag=1)
    assert none.best_lag is None and none.verdict == "does not track"
    assert "not enough data" in none.reason


def test_weak_and_not_significant() -> None:
    rng = random.Random(1)
    process = [rng.gauss(0, 1) for _ in range(12)]
    survey = [rng.gauss(0, 1) for _ in range(12)]
    res = lagged_correlation(process, survey, max_lag=0)
    assert res.verdict == "does not track"
    # r = 0.5 on 10 pairs: strong enough but p = 0.141 -> not significant
    xs = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    t = 0.5 * math.sqrt(8 / 0.75)
    assert t == pytest.approx(1.632993, abs=1e-6)
    ys = _with_correlation(xs, 0.5)
    res2 = lagged_correlation(xs, ys, max_lag=0)
    assert res2.best_r == pytest.approx(0.5)
    assert res2.verdict == "does not track" and "significant" in res2.reason


def _with_correlation(xs: list[float], r: float) -> list[float]:
    """A series whose sample correlation with ``xs`` is exactly ``r``."""
    n = len(xs)
    mx = sum(xs) / n
    u = [x - mx for x in xs]
    v = [(-1) ** k * (k + 1.0) for k in range(n)]
    # remove the part of v along u, then mix
    proj = sum(a * b for a, b in zip(u, v, strict=True)) / sum(a * a for a in u)
    w = [b - proj * a for a, b in zip(u, v, strict=True)]
    w_mean = sum(w) / n
    w = [b - w_mean for b in w]
    nu = math.sqrt(sum(a * a for a in u))
    nw = math.sqrt(sum(b * b for b in w))
    return [r * a / nu + math.sqrt(1 - r * r) * b / nw for a, b in zip(u, w, strict=True)]


def test_input_checks() -> None:
    with pytest.raises(ValueError):
        lagged_correlation([1.0, 2.0], [1.0], max_lag=0)
    with pytest.raises(ValueError):
        lagged_correlation([1.0], [1.0], max_lag=0, expected_sign=0)


def test_lag_result_is_plain_json(assert_plain: Callable[[object], None]) -> None:
    survey = [10 - 0.5 * x for x in PROCESS]
    assert_plain(lagged_correlation(PROCESS, survey, max_lag=2, expected_sign=-1).to_dict())
    assert_plain(lagged_correlation([1.0], [2.0], max_lag=0).to_dict())
