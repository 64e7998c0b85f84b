"""Bootstrap intervals and significance of key-driver weights from resamples' correlation
matrices, and the correlations and weights of sums, against numpy and values by hand."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cxsite.stats.driver_bootstrap import intervals_of_resamples, weights_of_correlations
from cxsite.stats.drivers import correlations_of_sums, relative_weights, relative_weights_of_sums


def test_orthogonal_predictors_weigh_their_squared_correlation() -> None:
    # uncorrelated drivers: Lambda is the identity and each raw weight is r_xy^2, by hand
    corr = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.3], [0.5, 0.3, 1.0]])
    assert weights_of_correlations(corr) == pytest.approx([0.25, 0.09])


def test_batched_weights_match_the_single_computation() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, 3)) @ np.array([[1, 0.5, 0.2], [0, 1, 0.4], [0, 0, 1]])
    y = x @ np.array([0.6, 0.3, 0.0]) + rng.normal(size=300)
    single = relative_weights(x, y)
    corr = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    assert weights_of_correlations(corr[None])[0] == pytest.approx(single.raw_weights)


def _corr(rows: np.ndarray) -> np.ndarray:
    return np.corrcoef(rows, rowvar=False)


def test_identical_resamples_give_the_point_share_and_centre_moves_them() -> None:
    # Every resample equal to the sample: both ends of every interval are the sample's
    # share (by hand for uncorrelated drivers: r_xy^2 / sum r_xy^2 = 0.25 / 0.34, 0.09 /
    # 0.34). The random variable (uncorrelated, r = 0.1 with y) weighs 0.01, below both.
    full = np.array(
        [
            [1.0, 0.0, 0.0, 0.5],
            [0.0, 1.0, 0.0, 0.3],
            [0.0, 0.0, 1.0, 0.1],
            [0.5, 0.3, 0.1, 1.0],
        ]
    )
    found = intervals_of_resamples(full, np.stack([full] * 20), ["a", "b"])
    assert found.percent_low == pytest.approx([100 * 0.25 / 0.34, 100 * 0.09 / 0.34])
    assert found.percent_high == pytest.approx(found.percent_low)
    assert found.significant == [True, True] and found.resamples == 20
    # Resamples of a part whose own correlation is the centre: only their departure
    # from it counts, shrunk, so identical resamples again give the sample's share.
    part = full.copy()
    part[0, 3] = part[3, 0] = 0.4
    moved = intervals_of_resamples(full, np.stack([part] * 20), ["a", "b"], 0.5, centre=part)
    assert moved.percent_low == pytest.approx(found.percent_low)


def test_a_driver_as_weak_as_noise_is_not_significant() -> None:
    # Resamples in which driver b weighs less than the random variable half the time.
    rng = np.random.default_rng(8)
    mats = []
    for _ in range(200):
        rb, rn = rng.uniform(0.0, 0.2, size=2)
        mats.append(
            np.array(
                [
                    [1.0, 0.0, 0.0, 0.5],
                    [0.0, 1.0, 0.0, rb],
                    [0.0, 0.0, 1.0, rn],
                    [0.5, rb, rn, 1.0],
                ]
            )
        )
    found = intervals_of_resamples(mats[0], np.stack(mats), ["a", "b"])
    assert found.significant == [True, False]


def test_result_is_plain_json(assert_plain: Callable[[object], None]) -> None:
    rng = np.random.default_rng(2)
    rows = rng.normal(size=(80, 4))
    full = _corr(rows)
    resampled = np.stack([_corr(rows[rng.integers(0, 80, size=80)]) for _ in range(30)])
    assert_plain(intervals_of_resamples(full, resampled, ["a", "b"]).to_dict())


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=4, max_value=40).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(0, 10), min_size=3, max_size=3), min_size=n, max_size=n),
            st.lists(st.integers(0, 3), min_size=n, max_size=n),
        )
    )
)
def test_correlations_of_weighted_sums_equal_numpy_on_repeated_rows(
    drawn: tuple[list[list[int]], list[int]],
) -> None:
    values, weights = np.array(drawn[0], dtype=float), np.array(drawn[1])
    repeated = np.repeat(values, weights, axis=0)  # a weight w: the row drawn w times
    assume(len(repeated) >= 2 and (repeated.std(axis=0) > 0).all())
    w = weights.astype(float)
    found = correlations_of_sums(w.sum(), w @ values, (values * w[:, None]).T @ values)
    assert found == pytest.approx(np.corrcoef(repeated, rowvar=False), abs=1e-9)


def test_weights_of_sums_equal_weights_of_rows() -> None:
    rng = np.random.default_rng(11)
    x = rng.integers(0, 11, size=(200, 3)).astype(float)
    y = x @ np.array([0.5, 0.2, 0.0]) + rng.integers(-3, 4, size=200)
    rows = np.column_stack([x, y])
    found = relative_weights_of_sums(200, rows.sum(axis=0), rows.T @ rows, [False] * 4, "abc")
    assert found.raw_weights == pytest.approx(relative_weights(x, y).raw_weights, abs=1e-12)
    flat = relative_weights_of_sums(
        200, rows.sum(axis=0), rows.T @ rows, [False, True, False, False]
    )
    assert flat.suppressed and flat.reason == "no variation in: x2"
    few = relative_weights_of_sums(20, rows.sum(axis=0), rows.T @ rows, [False] * 4)
    assert few.suppressed and few.reason == "only 20 complete responses; need at least 50"
