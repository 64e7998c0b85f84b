"""Bootstrap intervals and significance of key-driver weights, against planted truths."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from cxsite.stats.driver_bootstrap import bootstrap_weights, weights_of_correlations
from cxsite.stats.drivers import relative_weights


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


def test_planted_drivers_are_significant_and_noise_is_not() -> None:
    rng = np.random.default_rng(7)
    n = 400
    x = rng.normal(size=(n, 3))
    y = 0.8 * x[:, 0] + 0.4 * x[:, 1] + rng.normal(size=n)  # x3 plays no part
    found = bootstrap_weights(x, y, ["a", "b", "c"], resamples=300, seed=1)
    assert found.significant == [True, True, False]
    # the true shares of R^2 (independent drivers): 0.64 / 0.80 and 0.16 / 0.80
    assert found.percent_low[0] < 80.0 < found.percent_high[0]
    assert found.percent_low[1] < 20.0 < found.percent_high[1]
    # seeded: the same data give the same intervals
    again = bootstrap_weights(x, y, ["a", "b", "c"], resamples=300, seed=1)
    assert again == found


def test_result_is_plain_json(assert_plain: Callable[[object], None]) -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(80, 2))
    y = x[:, 0] + rng.normal(size=80)
    assert_plain(bootstrap_weights(x, y, ["a", "b"], resamples=120).to_dict())


def test_m_out_of_n_intervals_match_the_full_bootstrap(monkeypatch: pytest.MonkeyPatch) -> None:
    # Beyond CAP respondents a resample draws CAP of them and shrinks its spread by
    # sqrt(CAP / n); the widths must agree with drawing all n (the second method).
    import cxsite.stats.driver_bootstrap as module

    rng = np.random.default_rng(5)
    n = 3000
    x = rng.normal(size=(n, 3))
    y = x @ np.array([0.6, 0.4, 0.2]) + rng.normal(size=n)
    full = bootstrap_weights(x, y, ["a", "b", "c"], resamples=400, seed=3)
    monkeypatch.setattr(module, "CAP", 300)
    part = bootstrap_weights(x, y, ["a", "b", "c"], resamples=400, seed=3)
    for k in range(3):
        wide = full.percent_high[k] - full.percent_low[k]
        narrow = part.percent_high[k] - part.percent_low[k]
        assert narrow == pytest.approx(wide, rel=0.3)
