"""Process -> score links: changes not levels, permutation p-values, lags that stand out,
shared steps. Known answers: by hand, scipy, and simulations with a planted truth."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from cxsite.stats.lagcorr import (
    cross_correlations,
    lagged_correlation,
    pearson,
    prewhitened_changes,
)
from cxsite.stats.steps import find_step

SEEDS = range(100)


def test_pearson_by_hand() -> None:
    # x = 1..5, y = 2 4 5 4 5; means 3 and 4
    # Sxy = (-2)(-2) + (-1)(0) + 0 + (1)(0) + (2)(1) = 6; Sxx = 10; Syy = 4+0+1+0+1 = 6
    # r = 6 / sqrt(60) = 0.774597; t = r sqrt(3 / (1 - 0.6)) = 2.121320 on 3 df
    r, p = pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])
    assert r == pytest.approx(0.774597, abs=1e-6)
    st = pytest.importorskip("scipy.stats")
    assert p == pytest.approx(2 * float(st.t.sf(2.121320, 3)), abs=1e-6)
    assert pearson([1, 2, 3], [5, 5, 5]) == (None, None)


def _random_walks(seed: int, count: int = 104) -> tuple[list[float], list[float]]:
    rng = np.random.default_rng(seed)
    return list(np.cumsum(rng.normal(size=count))), list(np.cumsum(rng.normal(size=count)))


def _planted_lag(seed: int, lag: int = 3, count: int = 104) -> tuple[list[float], list[float]]:
    """A stationary AR(1) process (phi = 0.6) and a score that is the process ``lag``
    periods earlier plus independent noise."""
    rng = np.random.default_rng(1000 + seed)
    shocks = rng.normal(size=count + 20)
    x = np.zeros(count + 20)
    for t in range(1, len(x)):
        x[t] = 0.6 * x[t - 1] + shocks[t]
    y = np.r_[np.zeros(lag), x[:-lag]] + rng.normal(0, 0.8, len(x))
    return list(x[20:]), list(y[20:])


def test_independent_random_walks_do_not_follow() -> None:
    # On levels, two independent random walks "correlate" most of the time (spurious
    # regression); on prewhitened changes with a permutation p-value they must not.
    verdicts = [lagged_correlation(*_random_walks(s), max_lag=8).verdict for s in SEEDS]
    assert verdicts.count("none") >= 95
    levels = sum(abs(np.corrcoef(*_random_walks(s))[0, 1]) > 0.3 for s in SEEDS)
    assert levels > 40  # the trap the method avoids is real


def test_planted_lag_of_three_is_found() -> None:
    found = 0
    for seed in SEEDS:
        result = lagged_correlation(*_planted_lag(seed), max_lag=8)
        found += result.verdict == "lag" and result.best_lag == 3
    assert found >= 95


def test_planted_lag_with_the_expected_sign_only() -> None:
    process, survey = _planted_lag(0)
    falling = [-v for v in survey]  # lower process value -> higher score
    assert lagged_correlation(process, falling, max_lag=8, expected_sign=-1).best_lag == 3
    wrong = lagged_correlation(process, falling, max_lag=8, expected_sign=1)
    assert wrong.verdict == "none" and "opposite" in wrong.reason


def test_shared_step_is_an_event_not_a_lag() -> None:
    rng = np.random.default_rng(4)
    days = np.r_[rng.normal(23, 1, 70), rng.normal(11, 1, 34)]
    score = np.r_[rng.normal(50, 8, 72), rng.normal(82, 8, 32)]
    result = lagged_correlation(list(days), list(score), max_lag=8, expected_sign=-1)
    assert result.verdict == "step"
    assert result.process_step is not None and result.survey_step is not None
    assert result.process_step.start == 70 and abs(result.survey_step.start - 72) <= 1
    assert result.process_step.before == pytest.approx(days[:70].mean())


def test_smeared_link_moves_together_without_a_lag() -> None:
    # the score answers the process over three periods equally: no single lag stands out
    rng = np.random.default_rng(11)
    x = rng.normal(size=130)
    y = x + np.r_[0, x[:-1]] + np.r_[0, 0, x[:-2]] + rng.normal(0, 0.5, 130)
    result = lagged_correlation(list(x[10:]), list(y[10:]), max_lag=6)
    assert result.verdict == "together"
    assert result.within == 2


def test_cross_correlations_match_scipy_on_complete_pairs() -> None:
    st = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=40), rng.normal(size=40)
    x[4] = np.nan
    y[11] = np.nan
    rs, ns = cross_correlations(x[None, :], y, max_lag=4, min_pairs=8)
    for lag in range(5):
        a, b = x[: 40 - lag], y[lag:]
        ok = np.isfinite(a) & np.isfinite(b)
        assert ns[0, lag] == ok.sum()
        assert rs[0, lag] == pytest.approx(st.pearsonr(a[ok], b[ok]).statistic)


def test_prewhitening_uses_the_process_own_ar_model() -> None:
    # A clear AR(2) process: AIC picks order 2, and the filter's coefficients are
    # statsmodels' AutoReg least-squares estimates (a second implementation).
    ar_model = pytest.importorskip("statsmodels.tsa.ar_model")
    rng = np.random.default_rng(2)
    x = np.zeros(200)
    for t in range(2, 200):
        x[t] = 1.2 * x[t - 1] - 0.5 * x[t - 2] + rng.normal()
    y = rng.normal(size=200)
    fit = ar_model.AutoReg(x, lags=2, trend="c").fit()
    phi1, phi2 = fit.params[1], fit.params[2]
    fx, fy = prewhitened_changes(list(x), list(y))
    assert np.isnan(fx[0])
    assert fx[1:] == pytest.approx(x[2:] - phi1 * x[1:-1] - phi2 * x[:-2])
    assert fy[1:] == pytest.approx(y[2:] - phi1 * y[1:-1] - phi2 * y[:-2])


def test_step_found_where_it_is_and_not_in_a_random_walk() -> None:
    rng = np.random.default_rng(8)
    series = np.r_[rng.normal(0, 1, 60), rng.normal(6, 1, 40)]
    step = find_step(list(series))
    assert step is not None and step.index == 60
    assert step.after - step.before == pytest.approx(series[60:].mean() - series[:60].mean())
    walks = sum(find_step(_random_walks(s)[0]) is None for s in SEEDS)
    assert walks >= 95


def test_too_few_periods_and_input_checks() -> None:
    short = lagged_correlation([1.0, 2, 3, 4, 5], [2.0, 1, 4, 3, 6], max_lag=1)
    assert short.verdict == "none" and "not enough data" in short.reason
    with pytest.raises(ValueError):
        lagged_correlation([1.0, 2.0], [1.0], max_lag=0)
    with pytest.raises(ValueError):
        lagged_correlation([1.0], [1.0], max_lag=0, expected_sign=0)


def test_lag_result_is_plain_json(assert_plain: Callable[[object], None]) -> None:
    assert_plain(lagged_correlation(*_planted_lag(1), max_lag=4).to_dict())
    rng = np.random.default_rng(4)
    days = list(np.r_[rng.normal(23, 1, 70), rng.normal(11, 1, 34)])
    score = list(np.r_[rng.normal(50, 8, 72), rng.normal(82, 8, 32)])
    assert_plain(lagged_correlation(days, score, max_lag=8, expected_sign=-1).to_dict())
    assert_plain(lagged_correlation([1.0], [2.0], max_lag=0).to_dict())
