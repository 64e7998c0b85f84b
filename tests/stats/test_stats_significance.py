"""Change tests and false-discovery control."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pytest

from cxsite.stats.significance import (
    benjamini_hochberg,
    bh_adjust,
    nps_change_test,
    two_proportion_test,
    welch_test,
    welch_test_summary,
)

# Benjamini & Hochberg (1995), JRSS B 57:289-300, worked example: 15 p-values from a
# study of myocardial infarction treatment; at q = 0.05 the procedure rejects 4.
BH_1995 = [
    0.0001,
    0.0004,
    0.0019,
    0.0095,
    0.0201,
    0.0278,
    0.0298,
    0.0344,
    0.0459,
    0.3240,
    0.4262,
    0.5719,
    0.6528,
    0.7590,
    1.000,
]


def test_nps_change_by_hand() -> None:
    # prev 50/30/20: NPS 30, SE^2 = 100^2 x 0.61/100 = 61
    # curr 60/25/15: NPS 45, var = 0.75 - 0.45^2 = 0.5475, SE^2 = 54.75
    # z = 15 / sqrt(61 + 54.75) = 15 / 10.758717 = 1.394218; p = 2(1 - Phi(z)) = 0.163252
    t = nps_change_test((50, 30, 20), (60, 25, 15))
    assert t.difference == pytest.approx(15.0)
    assert t.statistic == pytest.approx(1.394218, abs=1e-6)
    assert t.p_value == pytest.approx(0.163252, abs=1e-6)
    assert not t.significant and t.direction is None


def test_nps_change_significant_drop() -> None:
    # prev 300/100/100 (NPS 40, var = 0.8 - 0.16 = 0.64, SE^2 = 10000 x 0.64/500 = 12.8)
    # curr 200/100/200 (NPS 0, var = 0.8 - 0 = 0.8, SE^2 = 16)
    # z = -40 / sqrt(28.8) = -7.4536 -> p ~ 9e-14
    t = nps_change_test((300, 100, 100), (200, 100, 200))
    assert t.statistic == pytest.approx(-40 / math.sqrt(28.8))
    assert t.significant and t.direction == "down"


def test_nps_change_undefined_cases() -> None:
    assert nps_change_test((0, 0, 0), (5, 0, 0)).difference is None
    t = nps_change_test((1, 0, 0), (3, 1, 1))
    assert t.statistic is None and t.p_value is None and not t.significant
    t = nps_change_test((5, 0, 0), (4, 0, 0))  # both SE 0
    assert t.difference == 0.0 and t.statistic is None


def test_two_proportion_by_hand() -> None:
    # 45/100 -> 60/100; pooled p = 105/200 = 0.525
    # SE = sqrt(0.525 x 0.475 x (1/100 + 1/100)) = sqrt(0.0049875) = 0.0706222
    # z = 0.15 / 0.0706222 = 2.123977; p = 0.033672
    t = two_proportion_test(45, 100, 60, 100)
    assert t.difference == pytest.approx(15.0)
    assert t.statistic == pytest.approx(2.123977, abs=1e-6)
    assert t.p_value == pytest.approx(0.033672, abs=1e-6)
    assert t.significant and t.direction == "up"


def test_two_proportion_against_statsmodels_and_chi_square() -> None:
    sm = pytest.importorskip("statsmodels.stats.proportion")
    st = pytest.importorskip("scipy.stats")
    for k1, n1, k2, n2 in [(12, 40, 25, 48), (300, 1000, 260, 950), (3, 9, 1, 11)]:
        z, p = sm.proportions_ztest([k2, k1], [n2, n1])
        t = two_proportion_test(k1, n1, k2, n2)
        assert t.statistic == pytest.approx(z)
        assert t.p_value == pytest.approx(p)
        chi2, p_chi, _, _ = st.chi2_contingency([[k1, n1 - k1], [k2, n2 - k2]], correction=False)
        assert t.statistic is not None
        assert t.statistic**2 == pytest.approx(chi2)
        assert t.p_value == pytest.approx(p_chi)


def test_two_proportion_degenerate() -> None:
    assert two_proportion_test(0, 10, 0, 12).statistic is None
    assert two_proportion_test(0, 0, 1, 2).difference is None
    with pytest.raises(ValueError):
        two_proportion_test(5, 4, 1, 2)


def test_welch_by_hand() -> None:
    # prev 1..5: mean 3, s^2 = 2.5; curr 2,4,..,10: mean 6, s^2 = 10; n = 5 each
    # v1 = 2.5/5 = 0.5, v2 = 10/5 = 2; t = 3 / sqrt(2.5) = 1.897367
    # df = 2.5^2 / (0.5^2/4 + 2^2/4) = 6.25 / 1.0625 = 5.882353
    t = welch_test([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])
    assert t.difference == pytest.approx(3.0)
    assert t.statistic == pytest.approx(1.897367, abs=1e-6)
    assert t.df == pytest.approx(5.882353, abs=1e-6)


def test_welch_against_scipy() -> None:
    st = pytest.importorskip("scipy.stats")
    rng = random.Random(7)
    for _ in range(5):
        a = [rng.gauss(3.8, 0.9) for _ in range(rng.randint(5, 40))]
        b = [rng.gauss(4.1, 0.5) for _ in range(rng.randint(5, 40))]
        ref = st.ttest_ind(b, a, equal_var=False)
        t = welch_test(a, b)
        assert t.statistic == pytest.approx(float(ref.statistic))
        assert t.p_value == pytest.approx(float(ref.pvalue))
        assert t.df == pytest.approx(float(ref.df))


def test_welch_summary_matches_raw() -> None:
    # same data as test_welch_by_hand, from summary statistics
    t = welch_test_summary(3.0, math.sqrt(2.5), 5, 6.0, math.sqrt(10.0), 5)
    assert t.statistic == pytest.approx(1.897367, abs=1e-6)
    assert t.p_value == pytest.approx(welch_test([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]).p_value)


def test_welch_degenerate() -> None:
    assert welch_test([4.0], [3.0, 5.0]).statistic is None
    assert welch_test([4.0, 4.0], [4.0, 4.0]).statistic is None
    assert welch_test([], [1.0, 2.0]).difference is None
    assert welch_test([1.0, None, 3.0], [2.0, 4.0, float("nan")]).difference == 1.0


def test_alpha_controls_significance() -> None:
    # p = 0.033672 from test_two_proportion_by_hand: significant at 0.05 but not at 0.01
    assert two_proportion_test(45, 100, 60, 100, alpha=0.05).significant
    loose = two_proportion_test(45, 100, 60, 100, alpha=0.01)
    assert not loose.significant and loose.direction is None


def test_bh_published_example() -> None:
    rejected = benjamini_hochberg(BH_1995, alpha=0.05)
    assert rejected == [True] * 4 + [False] * 11


def test_bh_hand_table() -> None:
    # m = 5, alpha = 0.05, p sorted: 0.005 0.011 0.02 0.04 0.3
    # thresholds k/m x alpha:       0.01  0.02  0.03 0.04 0.05
    # p(k) <= threshold at k = 1, 2, 3, 4 -> largest k = 4 -> reject the 4 smallest.
    # q = m p(k)/k: 0.025 0.0275 0.0333 0.05 0.3 (already monotone)
    ps = [0.3, 0.02, 0.005, 0.04, 0.011]
    assert benjamini_hochberg(ps) == [False, True, True, True, True]
    assert bh_adjust(ps) == pytest.approx([0.3, 0.02 * 5 / 3, 0.025, 0.05, 0.0275])


def test_bh_step_up_not_step_down() -> None:
    # p(1) = 0.04 > 0.05/3 but p(3) = 0.05 <= 0.05: step-up rejects all three.
    assert benjamini_hochberg([0.04, 0.045, 0.05]) == [True, True, True]
    # q-values take the running minimum from the top: 3 x 0.04 / 1 = 0.12 -> 0.05
    assert bh_adjust([0.04, 0.045, 0.05]) == pytest.approx([0.05, 0.05, 0.05])


def test_bh_against_statsmodels() -> None:
    mt = pytest.importorskip("statsmodels.stats.multitest")
    rng = random.Random(3)
    for m in (1, 2, 7, 40):
        ps = [rng.random() ** 3 for _ in range(m)]
        reject, qvals, _, _ = mt.multipletests(ps, alpha=0.05, method="fdr_bh")
        assert benjamini_hochberg(ps) == [bool(r) for r in reject]
        assert bh_adjust(ps) == pytest.approx(list(qvals))
    reject, qvals, _, _ = mt.multipletests(BH_1995, alpha=0.05, method="fdr_bh")
    assert bh_adjust(BH_1995) == pytest.approx(list(qvals))


def test_bh_rejects_exactly_when_q_is_at_most_alpha() -> None:
    rng = random.Random(11)
    for _ in range(50):
        ps = [round(rng.random() ** 2, 3) for _ in range(12)]
        q = bh_adjust(ps)
        assert benjamini_hochberg(ps, 0.1) == [qi <= 0.1 + 1e-12 for qi in q]


def test_bh_edges() -> None:
    assert benjamini_hochberg([]) == [] and bh_adjust([]) == []
    with pytest.raises(ValueError):
        bh_adjust([0.2, 1.2])
    with pytest.raises(ValueError):
        benjamini_hochberg([0.2, float("nan")])


def test_change_tests_are_plain_json(assert_plain: Callable[[object], None]) -> None:
    for t in (
        nps_change_test((5, 3, 2), (8, 1, 1)),
        two_proportion_test(3, 10, 7, 10),
        welch_test([1.0, 2.0, 3.0], [2.0, 3.0, 5.0]),
        nps_change_test((0, 0, 0), (0, 0, 0)),
    ):
        assert_plain(t.to_dict())
    assert_plain(benjamini_hochberg([0.01, 0.2]))
    assert_plain(bh_adjust([0.01, 0.2]))
