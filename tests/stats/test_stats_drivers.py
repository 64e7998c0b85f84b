"""Relative weights (Johnson 2000) and the importance-performance grid."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pytest

from cxsite.stats.drivers import (
    importance_performance,
    min_complete_for,
    relative_weights,
    rescale_to_100,
)

# Motor Trend road tests, 1974 (R's `mtcars`, Henderson & Velleman 1981): mpg, cyl, disp,
# hp, wt for the 32 cars in the data set's order.
MTCARS = [
    (21.0, 6, 160.0, 110, 2.620),
    (21.0, 6, 160.0, 110, 2.875),
    (22.8, 4, 108.0, 93, 2.320),
    (21.4, 6, 258.0, 110, 3.215),
    (18.7, 8, 360.0, 175, 3.440),
    (18.1, 6, 225.0, 105, 3.460),
    (14.3, 8, 360.0, 245, 3.570),
    (24.4, 4, 146.7, 62, 3.190),
    (22.8, 4, 140.8, 95, 3.150),
    (19.2, 6, 167.6, 123, 3.440),
    (17.8, 6, 167.6, 123, 3.440),
    (16.4, 8, 275.8, 180, 4.070),
    (17.3, 8, 275.8, 180, 3.730),
    (15.2, 8, 275.8, 180, 3.780),
    (10.4, 8, 472.0, 205, 5.250),
    (10.4, 8, 460.0, 215, 5.424),
    (14.7, 8, 440.0, 230, 5.345),
    (32.4, 4, 78.7, 66, 2.200),
    (30.4, 4, 75.7, 52, 1.615),
    (33.9, 4, 71.1, 65, 1.835),
    (21.5, 4, 120.1, 97, 2.465),
    (15.5, 8, 318.0, 150, 3.520),
    (15.2, 8, 304.0, 150, 3.435),
    (13.3, 8, 350.0, 245, 3.840),
    (19.2, 8, 400.0, 175, 3.845),
    (27.3, 4, 79.0, 66, 1.935),
    (26.0, 4, 120.3, 91, 2.140),
    (30.4, 4, 95.1, 113, 1.513),
    (15.8, 8, 351.0, 264, 3.170),
    (19.7, 6, 145.0, 175, 2.770),
    (15.0, 8, 301.0, 335, 3.570),
    (21.4, 4, 121.0, 109, 2.780),
]

Array = npt.NDArray[np.float64]


def with_correlation(corr: Array, n: int, seed: int = 0) -> Array:
    """n rows whose sample correlation matrix is exactly ``corr``."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, corr.shape[0]))
    z -= z.mean(axis=0)
    # whiten to an exactly identity sample covariance, then colour with chol(corr)
    cov = z.T @ z / (n - 1)
    z = z @ np.linalg.inv(np.linalg.cholesky(cov)).T
    out: Array = z @ np.linalg.cholesky(corr).T
    return out


def ols_r2(x: Array, y: Array, cols: list[int]) -> float:
    if not cols:
        return 0.0
    design = np.column_stack([np.ones(len(y)), x[:, cols]])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ beta
    centred = y - y.mean()
    return float(1 - resid @ resid / (centred @ centred))


def shapley_r2(x: Array, y: Array) -> list[float]:
    """Exhaustive Shapley value (general dominance) decomposition of R^2."""
    p = x.shape[1]
    out = []
    for j in range(p):
        others = [k for k in range(p) if k != j]
        total = 0.0
        for size in range(p):
            for subset in itertools.combinations(others, size):
                weight = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
                total += weight * (ols_r2(x, y, [*subset, j]) - ols_r2(x, y, list(subset)))
        out.append(total)
    return out


def test_two_predictors_by_hand() -> None:
    # r12 = 0.6, r1y = 0.5, r2y = 0.3.
    # R_xx = [[1, .6], [.6, 1]] has eigenvalues 1.6 and 0.4, so
    # Lambda = R_xx^(1/2) = [[a, b], [b, a]], a = (sqrt 1.6 + sqrt 0.4)/2 = 3/sqrt(10),
    # b = (sqrt 1.6 - sqrt 0.4)/2 = 1/sqrt(10): a^2 = 0.9, b^2 = 0.1.
    # Lambda^-1 = [[a, -b], [-b, a]] / (a^2 - b^2) = [[3, -1], [-1, 3]] / (0.8 sqrt 10)
    # beta = Lambda^-1 r_xy = (1.5 - 0.3, -0.5 + 0.9) / (0.8 sqrt 10) = (1.5, 0.5) / sqrt 10
    # beta^2 = (0.225, 0.025)
    # eps1 = a^2 x 0.225 + b^2 x 0.025 = 0.2025 + 0.0025 = 0.205
    # eps2 = b^2 x 0.225 + a^2 x 0.025 = 0.0225 + 0.0225 = 0.045
    # R^2 = r' R_xx^-1 r = (0.25 + 0.09 - 2 x 0.6 x 0.15) / 0.64 = 0.25 = 0.205 + 0.045
    corr = np.array([[1.0, 0.6, 0.5], [0.6, 1.0, 0.3], [0.5, 0.3, 1.0]])
    data = with_correlation(corr, 60)
    res = relative_weights(data[:, :2], data[:, 2], names=["speed", "clarity"])
    assert not res.suppressed
    assert res.raw_weights == pytest.approx([0.205, 0.045], abs=1e-12)
    assert res.r_squared == pytest.approx(0.25, abs=1e-12)
    assert res.percent == pytest.approx([82.0, 18.0], abs=1e-9)
    assert res.names == ["speed", "clarity"] and res.n == 60


def test_orthogonal_predictors_get_their_squared_correlations() -> None:
    # With uncorrelated predictors Lambda = I and eps_j = r_jy^2: 0.16, 0.09, 0.01.
    corr = np.array(
        [
            [1.0, 0.0, 0.0, 0.4],
            [0.0, 1.0, 0.0, -0.3],
            [0.0, 0.0, 1.0, 0.1],
            [0.4, -0.3, 0.1, 1.0],
        ]
    )
    data = with_correlation(corr, 80, seed=3)
    res = relative_weights(data[:, :3], data[:, 3])
    assert res.raw_weights == pytest.approx([0.16, 0.09, 0.01], abs=1e-12)
    assert res.names == ["x1", "x2", "x3"]


def test_published_mtcars_example() -> None:
    # rwa R package (M. Chan), vignette "regression methods": rwa_multiregress(mtcars,
    # "mpg", c("cyl", "disp", "hp", "wt")) gives raw weights 0.2096904 0.1883043
    # 0.1799590 0.2706812 and rescaled 24.70914 22.18908 21.20570 31.89607.
    data = np.array(MTCARS, dtype=float)
    res = relative_weights(data[:, 1:], data[:, 0], ["cyl", "disp", "hp", "wt"], min_complete=30)
    assert res.raw_weights == pytest.approx([0.2096904, 0.1883043, 0.1799590, 0.2706812], abs=1e-7)
    assert res.percent == pytest.approx([24.70914, 22.18908, 21.20570, 31.89607], abs=1e-5)


def test_raw_weights_sum_to_ols_r2() -> None:
    rng = np.random.default_rng(8)
    z = rng.normal(size=(300, 4))
    x = z @ np.array([[1, 0.5, 0.2, 0], [0, 1, 0.4, 0.3], [0, 0, 1, 0.6], [0, 0, 0, 1]])
    y = x @ np.array([0.4, -0.2, 0.3, 0.1]) + rng.normal(size=300)
    res = relative_weights(x, y)
    assert res.r_squared == pytest.approx(ols_r2(x, y, [0, 1, 2, 3]), abs=1e-12)
    assert sum(res.raw_weights) == pytest.approx(res.r_squared, abs=1e-12)
    assert sum(res.percent) == pytest.approx(100.0)


def test_close_to_shapley_decomposition() -> None:
    # Relative weights approximate the Shapley (general dominance) split of R^2; they are
    # not identical (Thomas et al. 2014) but close for ordinary correlations.
    rng = np.random.default_rng(42)
    n = 400
    z = rng.normal(size=(n, 3))
    x = np.column_stack(
        [z[:, 0], 0.6 * z[:, 0] + 0.8 * z[:, 1], 0.3 * z[:, 0] + 0.4 * z[:, 1] + 0.866 * z[:, 2]]
    )
    y = 0.5 * x[:, 0] + 0.3 * x[:, 1] + 0.2 * x[:, 2] + rng.normal(size=n)
    rw = relative_weights(x, y).raw_weights
    sh = shapley_r2(x, y)
    assert sum(sh) == pytest.approx(sum(rw), abs=1e-12)  # both split the same R^2
    assert np.max(np.abs(np.array(rw) - np.array(sh))) < 0.01
    assert np.argsort(rw).tolist() == np.argsort(sh).tolist()
    data = np.array(MTCARS, dtype=float)
    rw_m = relative_weights(data[:, 1:], data[:, 0], min_complete=30).raw_weights
    sh_m = shapley_r2(data[:, 1:], data[:, 0])
    assert np.max(np.abs(np.array(rw_m) - np.array(sh_m))) < 0.02
    assert np.argsort(rw_m).tolist() == np.argsort(sh_m).tolist()


def test_suppressed_below_minimum_complete_cases() -> None:
    assert min_complete_for(3) == 50 and min_complete_for(8) == 80
    corr = np.array([[1.0, 0.2, 0.5], [0.2, 1.0, 0.3], [0.5, 0.3, 1.0]])
    data = with_correlation(corr, 55)
    data[:6, 0] = np.nan  # 49 complete rows left
    res = relative_weights(data[:, :2], data[:, 2])
    assert res.suppressed and res.n == 49 and res.min_complete == 50
    assert res.r_squared is None and res.raw_weights == []
    assert res.reason is not None and "49" in res.reason
    assert not relative_weights(data[:, :2], data[:, 2], min_complete=40).suppressed


def test_suppressed_when_a_driver_never_varies() -> None:
    rng = np.random.default_rng(1)
    x = np.column_stack([rng.normal(size=60), np.full(60, 4.0)])
    res = relative_weights(x, rng.normal(size=60), names=["ease", "speed"])
    assert res.suppressed and res.reason is not None and "speed" in res.reason


def test_collinear_predictors_still_sum_to_r2() -> None:
    rng = np.random.default_rng(2)
    a = rng.normal(size=100)
    b = rng.normal(size=100)
    x = np.column_stack([a, b, a + b])  # singular R_xx
    y = a + 0.5 * b + rng.normal(size=100)
    res = relative_weights(x, y)
    assert not res.suppressed
    assert res.r_squared == pytest.approx(ols_r2(x, y, [0, 1]), abs=1e-9)


def test_bad_shapes() -> None:
    with pytest.raises(ValueError):
        relative_weights(np.ones((5, 2)), np.ones(4))
    with pytest.raises(ValueError):
        relative_weights(np.ones((5, 2)), np.ones(5), names=["a"])


def test_rescale_to_100() -> None:
    # 4.2 on a 1..5 scale: (4.2 - 1) / 4 x 100 = 80
    assert rescale_to_100(4.2, 1, 5) == pytest.approx(80.0)
    assert rescale_to_100(1.0, 1, 7) == 0.0
    with pytest.raises(ValueError):
        rescale_to_100(3, 5, 5)


def test_importance_performance_by_hand() -> None:
    # importance % : 40 30 20 10 (mean 25); performance: 50 80 40 90 (mean 65)
    # quadrants: A 40>=25 & 50<65 fix first; B 30>=25 & 80>=65 keep it up;
    #            C 20<25 & 40<65 lower priority; D 10<25 & 90>=65 possible overkill
    # priority = share x (100 - perf): A 0.4 x 50 = 20, B 0.3 x 20 = 6, C 0.2 x 60 = 12,
    #            D 0.1 x 10 = 1
    res = importance_performance(["A", "B", "C", "D"], [40, 30, 20, 10], [50, 80, 40, 90])
    assert res.importance_cut == 25.0 and res.performance_cut == 65.0
    assert [i.quadrant for i in res.items] == [
        "fix first",
        "keep it up",
        "lower priority",
        "possible overkill",
    ]
    assert [i.priority for i in res.items] == pytest.approx([20.0, 6.0, 12.0, 1.0])
    assert res.fix_first == ["A"] and res.items[0].rank == 1 and res.items[1].rank is None


def test_fix_first_ranking_and_ties() -> None:
    # cut-offs given: importance >= 20, performance < 70
    # P: 0.30 x (100 - 60) = 12; Q: 0.30 x (100 - 60) = 12 (tie -> by name); R: 0.4 x 50 = 20
    res = importance_performance(
        ["Q", "P", "R"], [30, 30, 40], [60, 60, 50], importance_cut=20, performance_cut=70
    )
    assert res.fix_first == ["R", "P", "Q"]
    assert [i.rank for i in res.items] == [3, 2, 1]


def test_driver_outputs_are_plain_json(assert_plain: Callable[[object], None]) -> None:
    data = np.array(MTCARS, dtype=float)
    assert_plain(relative_weights(data[:, 1:], data[:, 0], min_complete=30).to_dict())
    assert_plain(relative_weights(data[:, 1:], data[:, 0]).to_dict())
    assert_plain(importance_performance(["a", "b"], [60.0, 40.0], [55.0, 70.0]).to_dict())
