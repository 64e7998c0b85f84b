"""Is a change between two periods real? Tests and false-discovery control."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cxsite.stats._common import (
    Serialisable,
    as_count,
    check_alpha,
    finite_floats,
    normal_two_sided_p,
    t_two_sided_p,
)
from cxsite.stats.intervals import nps_se

__all__ = [
    "ChangeTest",
    "benjamini_hochberg",
    "bh_adjust",
    "nps_change_test",
    "two_proportion_test",
    "welch_test",
    "welch_test_summary",
]


@dataclass(frozen=True)
class ChangeTest(Serialisable):
    """Result of comparing a previous period with the current one.

    ``difference`` is current minus previous (NPS points, percentage points or the unit of
    the means). ``statistic``/``p_value`` are ``None`` when the test is undefined (too
    little data or zero variance); then ``significant`` is ``False``. ``direction`` is
    "up"/"down" only for a significant change, else ``None``. ``df`` is set for t tests.
    """

    difference: float | None
    statistic: float | None
    p_value: float | None
    significant: bool
    direction: str | None
    alpha: float
    method: str
    df: float | None = None


def _result(
    difference: float | None,
    statistic: float | None,
    p_value: float | None,
    alpha: float,
    method: str,
    df: float | None = None,
) -> ChangeTest:
    significant = p_value is not None and p_value < alpha
    direction: str | None = None
    if significant and difference is not None and difference != 0:
        direction = "up" if difference > 0 else "down"
    return ChangeTest(difference, statistic, p_value, significant, direction, alpha, method, df)


def nps_change_test(
    prev: tuple[int, int, int], curr: tuple[int, int, int], alpha: float = 0.05
) -> ChangeTest:
    """Two-sample z test for a change in NPS.

    ``prev``/``curr`` are (promoters, passives, detractors). z = (NPS2 - NPS1) /
    sqrt(SE1^2 + SE2^2) with each SE the trinomial standard error of
    :func:`cxsite.stats.intervals.nps_se` (Rocks 2016, The American Statistician
    70:365-372); p is two-sided from the standard normal. Undefined (``None``) when either
    period has fewer than 2 respondents or both SEs are 0.
    """
    check_alpha(alpha)
    prev = (as_count(prev[0]), as_count(prev[1]), as_count(prev[2]))
    curr = (as_count(curr[0]), as_count(curr[1]), as_count(curr[2]))
    n1, n2 = sum(prev), sum(curr)
    method = "nps-z"
    if n1 == 0 or n2 == 0:
        return _result(None, None, None, alpha, method)
    diff = 100.0 * ((curr[0] - curr[2]) / n2 - (prev[0] - prev[2]) / n1)
    se1, se2 = nps_se(*prev), nps_se(*curr)
    if se1 is None or se2 is None:
        return _result(diff, None, None, alpha, method)
    se = math.sqrt(se1 * se1 + se2 * se2)
    if se == 0.0:
        return _result(diff, None, None, alpha, method)
    z = diff / se
    return _result(diff, z, normal_two_sided_p(z), alpha, method)


def two_proportion_test(k1: int, n1: int, k2: int, n2: int, alpha: float = 0.05) -> ChangeTest:
    """Pooled two-proportion z test (previous k1/n1 vs current k2/n2).

    z = (p2 - p1) / sqrt(p(1-p)(1/n1 + 1/n2)) with the pooled p = (k1 + k2)/(n1 + n2);
    two-sided normal p (e.g. Agresti, "Categorical Data Analysis"); z^2 equals Pearson's
    chi-square on the 2x2 table without continuity correction. ``difference`` is in
    percentage points. Undefined when a sample is empty or the pooled p is 0 or 1.
    """
    check_alpha(alpha)
    k1, n1, k2, n2 = as_count(k1), as_count(n1), as_count(k2), as_count(n2)
    for k, n in ((k1, n1), (k2, n2)):
        if k > n:
            raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    method = "two-proportion-z"
    if n1 == 0 or n2 == 0:
        return _result(None, None, None, alpha, method)
    p1, p2 = k1 / n1, k2 / n2
    diff = 100.0 * (p2 - p1)
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0.0:
        return _result(diff, None, None, alpha, method)
    z = (p2 - p1) / se
    return _result(diff, z, normal_two_sided_p(z), alpha, method)


def welch_test_summary(
    mean1: float,
    sd1: float,
    n1: int,
    mean2: float,
    sd2: float,
    n2: int,
    alpha: float = 0.05,
) -> ChangeTest:
    """Welch's unequal-variance t test from summary statistics (1 = previous, 2 = current).

    t = (m2 - m1) / sqrt(s1^2/n1 + s2^2/n2), degrees of freedom by Welch-Satterthwaite:
    df = (v1 + v2)^2 / (v1^2/(n1-1) + v2^2/(n2-1)) with vi = si^2/ni (Welch 1947,
    Biometrika 34:28-35). Two-sided p from Student's t. ``sd`` is the sample standard
    deviation (n - 1 denominator). Undefined when n < 2 in either group or both sds are 0.
    """
    check_alpha(alpha)
    n1, n2 = as_count(n1), as_count(n2)
    mean1, sd1, mean2, sd2 = float(mean1), float(sd1), float(mean2), float(sd2)
    method = "welch-t"
    if n1 < 1 or n2 < 1:
        return _result(None, None, None, alpha, method)
    diff = mean2 - mean1
    if n1 < 2 or n2 < 2 or sd1 < 0 or sd2 < 0:
        return _result(diff, None, None, alpha, method)
    v1, v2 = sd1 * sd1 / n1, sd2 * sd2 / n2
    if v1 + v2 == 0.0:
        return _result(diff, None, None, alpha, method)
    t = diff / math.sqrt(v1 + v2)
    # df does not depend on the scale: relative to the larger variance, squares of tiny
    # variances (1e-180) do not underflow to a zero denominator
    r1, r2 = v1 / max(v1, v2), v2 / max(v1, v2)
    df = (r1 + r2) ** 2 / (r1 * r1 / (n1 - 1) + r2 * r2 / (n2 - 1))
    return _result(diff, t, t_two_sided_p(t, df), alpha, method, df)


def welch_test(
    prev_values: Sequence[float | None], curr_values: Sequence[float | None], alpha: float = 0.05
) -> ChangeTest:
    """Welch's t test on raw values (``None``/NaN dropped); see :func:`welch_test_summary`."""
    a, b = finite_floats(prev_values), finite_floats(curr_values)

    def summary(xs: list[float]) -> tuple[float, float, int]:
        n = len(xs)
        if n == 0:
            return 0.0, 0.0, 0
        m = math.fsum(xs) / n
        sd = math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (n - 1)) if n > 1 else 0.0
        return m, sd, n

    m1, s1, n1 = summary(a)
    m2, s2, n2 = summary(b)
    return welch_test_summary(m1, s1, n1, m2, s2, n2, alpha)


def _check_pvalues(pvalues: Sequence[float]) -> list[float]:
    ps = [float(p) for p in pvalues]
    for p in ps:
        if not 0.0 <= p <= 1.0:  # also rejects NaN
            raise ValueError(f"p-values must lie in [0, 1], got {p!r}")
    return ps


def bh_adjust(pvalues: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the input order.

    With the m p-values sorted ascending, q(i) = min over j >= i of min(1, m p(j) / j)
    (Benjamini & Hochberg 1995, JRSS B 57:289-300; the adjusted form of Yekutieli &
    Benjamini 1999). A hypothesis is rejected at FDR level alpha exactly when q <= alpha.
    """
    ps = _check_pvalues(pvalues)
    m = len(ps)
    order = sorted(range(m), key=lambda i: (ps[i], i))
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, ps[i] * m / rank)
        q[i] = running
    return q


def benjamini_hochberg(pvalues: Sequence[float], alpha: float = 0.05) -> list[bool]:
    """Which hypotheses the Benjamini-Hochberg step-up procedure rejects at FDR ``alpha``.

    Sort p ascending; find the largest k with p(k) <= k/m x alpha; reject the k smallest
    (Benjamini & Hochberg 1995, JRSS B 57:289-300). Returned in the input order.
    """
    check_alpha(alpha)
    ps = _check_pvalues(pvalues)
    m = len(ps)
    order = sorted(range(m), key=lambda i: (ps[i], i))
    k = 0
    for rank in range(1, m + 1):
        # p(k) <= k/m x alpha, compared as p x m <= k x alpha with a hair of tolerance so
        # that a p-value exactly on the line is not lost to floating-point rounding.
        if ps[order[rank - 1]] * m <= rank * alpha * (1.0 + 1e-12):
            k = rank
    rejected = [False] * m
    for rank in range(k):
        rejected[order[rank]] = True
    return rejected
