"""Confidence intervals for survey scores: NPS, percentages and means."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cxsite.stats._common import (
    Serialisable,
    as_count,
    check_confidence,
    finite_floats,
    t_quantile,
    z_quantile,
)

__all__ = ["Interval", "mean_interval", "nps_interval", "nps_se", "wilson_interval"]


@dataclass(frozen=True)
class Interval(Serialisable):
    """A point estimate with its confidence interval.

    ``value`` is ``None`` when there is no data (n = 0). ``margin``, ``low``, ``high`` and
    ``se`` are ``None`` when the data cannot support an interval (see each function).
    ``margin`` is the half-width of the interval before any clipping to the scale.
    """

    value: float | None
    low: float | None
    high: float | None
    margin: float | None
    n: int
    se: float | None
    confidence: float


def nps_se(promoters: int, passives: int, detractors: int) -> float | None:
    """Standard error of NPS in points, or ``None`` when n < 2.

    Each respondent is coded +1 (promoter), 0 (passive) or -1 (detractor); NPS is the
    mean of that code x 100. With shares p+ and p-, the variance of one code is
    p+ + p- - (p+ - p-)^2 (the multinomial variance of the code), so
    SE = 100 x sqrt((p+ + p- - (p+ - p-)^2) / n).
    """
    promoters, passives, detractors = map(as_count, (promoters, passives, detractors))
    n = promoters + passives + detractors
    if n < 2:
        return None
    p_pos = promoters / n
    p_neg = detractors / n
    var = max(p_pos + p_neg - (p_pos - p_neg) ** 2, 0.0)
    return 100.0 * math.sqrt(var / n)


def nps_interval(
    promoters: int, passives: int, detractors: int, confidence: float = 0.95
) -> Interval:
    """Net Promoter Score (-100..100) with a normal-approximation interval.

    Method: the trinomial (promoter/passive/detractor) variance of the +1/0/-1 code (see
    Rocks 2016, "Interval estimation for the 'Net Promoter Score'", The American
    Statistician 70:365-372) and the Wald interval NPS +/- z x SE with SE from
    :func:`nps_se`. ``low``/``high`` are clipped to [-100, 100]. With n = 0 everything
    but ``n`` is ``None``; with n = 1 the score is given but ``margin``, ``low``,
    ``high`` and ``se`` are ``None``. When every respondent gives the same category the
    SE is 0 and so is the margin (the Wald interval degenerates; the caller's minimum-n
    rule should guard small samples).
    """
    check_confidence(confidence)
    promoters, passives, detractors = map(as_count, (promoters, passives, detractors))
    n = promoters + passives + detractors
    if n == 0:
        return Interval(None, None, None, None, 0, None, confidence)
    value = 100.0 * (promoters - detractors) / n
    se = nps_se(promoters, passives, detractors)
    if se is None:
        return Interval(value, None, None, None, n, None, confidence)
    margin = z_quantile(confidence) * se
    low = max(value - margin, -100.0)
    high = min(value + margin, 100.0)
    return Interval(value, low, high, margin, n, se, confidence)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> Interval:
    """Percentage (0..100) with the Wilson score interval.

    Method: Wilson (1927), "Probable inference, the law of succession, and statistical
    inference", JASA 22:209-212; recommended by Newcombe (1998), Stat Med 17:857-872
    (method 3, no continuity correction). With p = k/n and z the normal quantile:
    centre = (p + z^2/2n) / (1 + z^2/n),
    half-width = z / (1 + z^2/n) x sqrt(p(1-p)/n + z^2/4n^2).
    ``margin`` is that half-width (the interval is not symmetric about ``value``), ``se``
    is the plain sqrt(p(1-p)/n) x 100. The Wilson interval is valid for n = 1 so it is
    given there too; n = 0 gives ``value`` ``None``.
    """
    check_confidence(confidence)
    successes, n = as_count(successes), as_count(n)
    if successes > n:
        raise ValueError(f"successes ({successes}) cannot exceed n ({n})")
    if n == 0:
        return Interval(None, None, None, None, 0, None, confidence)
    z = z_quantile(confidence)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = max(centre - half, 0.0)
    high = min(centre + half, 1.0)
    se = math.sqrt(p * (1 - p) / n)
    return Interval(100.0 * p, 100.0 * low, 100.0 * high, 100.0 * half, n, 100.0 * se, confidence)


def mean_interval(values: Sequence[float | None], confidence: float = 0.95) -> Interval:
    """Mean with a Student t interval: mean +/- t(n-1) x s / sqrt(n).

    Method: Student (1908), "The probable error of a mean", Biometrika 6:1-25; s is the
    sample standard deviation (n - 1 denominator). ``None`` and NaN values are dropped
    first; ``n`` counts what is left. n = 0 gives ``value`` ``None``; n = 1 gives the value
    with ``margin``/``low``/``high``/``se`` ``None``.
    """
    check_confidence(confidence)
    xs = finite_floats(values)
    n = len(xs)
    if n == 0:
        return Interval(None, None, None, None, 0, None, confidence)
    mean = math.fsum(xs) / n
    if n == 1:
        return Interval(mean, None, None, None, 1, None, confidence)
    var = math.fsum((x - mean) ** 2 for x in xs) / (n - 1)
    se = math.sqrt(var / n)
    margin = t_quantile(confidence, n - 1) * se
    return Interval(mean, mean - margin, mean + margin, margin, n, se, confidence)
