"""Confidence intervals: hand-worked answers, published examples and statsmodels."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from cxsite.stats.intervals import mean_interval, nps_interval, nps_se, wilson_interval

Z95 = 1.959963984540054


def test_nps_interval_by_hand() -> None:
    # 50 promoters, 30 passives, 20 detractors: n = 100, p+ = 0.5, p- = 0.2
    # NPS = (0.5 - 0.2) x 100 = 30
    # variance of the +1/0/-1 code = p+ + p- - (p+ - p-)^2 = 0.7 - 0.09 = 0.61
    # SE = 100 x sqrt(0.61 / 100) = 7.8102497
    # margin = 1.959964 x 7.8102497 = 15.307808 -> 14.692192 .. 45.307808
    iv = nps_interval(50, 30, 20)
    assert iv.value == pytest.approx(30.0)
    assert iv.se == pytest.approx(7.8102497, abs=1e-6)
    assert iv.margin == pytest.approx(15.307808, abs=1e-5)
    assert iv.low == pytest.approx(14.692192, abs=1e-5)
    assert iv.high == pytest.approx(45.307808, abs=1e-5)
    assert iv.n == 100


def test_nps_se_matches_direct_standard_deviation_of_codes() -> None:
    # Independent computation: the population SD of the coded responses / sqrt(n).
    codes = [1] * 37 + [0] * 41 + [-1] * 22
    n = len(codes)
    mean = sum(codes) / n
    sd = math.sqrt(sum((c - mean) ** 2 for c in codes) / n)
    assert nps_se(37, 41, 22) == pytest.approx(100 * sd / math.sqrt(n))


def test_nps_interval_confidence_changes_margin() -> None:
    # 90 % uses z = 1.644854: margin = 1.644854 x 7.8102497 = 12.846718
    iv = nps_interval(50, 30, 20, confidence=0.90)
    assert iv.margin == pytest.approx(12.846718, abs=1e-5)


def test_nps_interval_small_and_empty() -> None:
    empty = nps_interval(0, 0, 0)
    assert empty.value is None and empty.margin is None and empty.n == 0
    one = nps_interval(0, 0, 1)
    assert one.value == -100.0 and one.margin is None and one.low is None and one.se is None
    # All promoters: SE 0, the Wald interval collapses onto the value.
    same = nps_interval(10, 0, 0)
    assert (same.value, same.margin, same.low, same.high) == (100.0, 0.0, 100.0, 100.0)


def test_nps_interval_is_clipped_to_scale() -> None:
    # 9 promoters, 0 passives, 1 detractor: NPS 80, var = 1.0 - 0.64 = 0.36,
    # SE = 100 x sqrt(0.36/10) = 18.97; 80 + 1.96 x 18.97 = 117 -> clipped to 100.
    iv = nps_interval(9, 0, 1)
    assert iv.high == 100.0
    assert iv.margin == pytest.approx(Z95 * 100 * math.sqrt(0.036))
    assert iv.low == pytest.approx(80 - Z95 * 100 * math.sqrt(0.036))


def test_nps_interval_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        nps_interval(-1, 0, 0)
    with pytest.raises(ValueError):
        nps_interval(1, 0, 0, confidence=1.5)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Newcombe (1998), Stat Med 17:857-872, worked examples, method 3 (Wilson score):
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_newcombe_published_examples(k: int, n: int, low: float, high: float) -> None:
    iv = wilson_interval(k, n)
    assert iv.low is not None and iv.high is not None
    assert iv.low / 100 == pytest.approx(low, abs=5e-5)
    assert iv.high / 100 == pytest.approx(high, abs=5e-5)


def test_wilson_by_hand() -> None:
    # k = 8, n = 10, z = 1.959964, z^2 = 3.841459
    # centre = (0.8 + 3.841459/20) / (1 + 3.841459/10) = 0.992073 / 1.384146 = 0.716740
    # half = 1.959964 / 1.384146 x sqrt(0.16/10 + 3.841459/400)
    #      = 1.416009 x sqrt(0.016 + 0.009604) = 1.416009 x 0.160012 = 0.226579
    # -> 49.0161 .. 94.3319 %
    iv = wilson_interval(8, 10)
    assert iv.value == pytest.approx(80.0)
    assert iv.low == pytest.approx(49.0161, abs=1e-3)
    assert iv.high == pytest.approx(94.3319, abs=1e-3)
    assert iv.margin == pytest.approx(22.6579, abs=1e-3)
    assert iv.se == pytest.approx(100 * math.sqrt(0.016))


def test_wilson_against_statsmodels() -> None:
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    for k, n, conf in [(0, 5, 0.95), (3, 7, 0.9), (120, 150, 0.99), (47, 47, 0.95), (1, 1, 0.95)]:
        lo, hi = proportion.proportion_confint(k, n, alpha=1 - conf, method="wilson")
        iv = wilson_interval(k, n, confidence=conf)
        assert iv.low == pytest.approx(100 * lo, abs=1e-9)
        assert iv.high == pytest.approx(100 * hi, abs=1e-9)


def test_wilson_edges() -> None:
    assert wilson_interval(0, 0).value is None
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


def test_mean_interval_by_hand() -> None:
    # values 2 4 4 4 5 5 7 9: mean 40/8 = 5; squared deviations 9 1 1 1 0 0 4 16 = 32
    # s^2 = 32/7 = 4.571429, SE = sqrt(4.571429/8) = 0.755929
    # t(0.975, 7) = 2.364624 -> margin = 1.787488 -> 3.212512 .. 6.787488
    iv = mean_interval([2, 4, 4, 4, 5, 5, 7, 9])
    assert iv.value == pytest.approx(5.0)
    assert iv.se == pytest.approx(0.755929, abs=1e-6)
    assert iv.margin == pytest.approx(1.787488, abs=1e-6)
    assert iv.low == pytest.approx(3.212512, abs=1e-6)


def test_mean_interval_against_scipy() -> None:
    st = pytest.importorskip("scipy.stats")
    xs = [3.1, 4.7, 2.2, 5.0, 4.4, 3.9, 4.1, 2.8, 3.3]
    lo, hi = st.t.interval(0.9, len(xs) - 1, loc=st.tmean(xs), scale=st.sem(xs))
    iv = mean_interval(xs, confidence=0.9)
    assert (iv.low, iv.high) == (pytest.approx(lo), pytest.approx(hi))


def test_mean_interval_drops_missing_and_handles_tiny_samples() -> None:
    assert mean_interval([]).value is None
    one = mean_interval([None, 4.0, float("nan")])
    assert one.value == 4.0 and one.n == 1 and one.margin is None
    two = mean_interval([1.0, None, 3.0])
    assert two.n == 2 and two.value == 2.0 and two.margin is not None


def test_intervals_are_plain_json(assert_plain: Callable[[object], None]) -> None:
    for iv in (nps_interval(5, 3, 2), wilson_interval(3, 9), mean_interval([1.0, 2.0, 4.0])):
        assert_plain(iv.to_dict())
    assert_plain(nps_interval(0, 0, 0).to_dict())
