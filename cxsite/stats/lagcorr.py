"""Does a survey score move with a process metric, possibly a few periods later?"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cxsite.stats._common import Serialisable, is_missing, t_two_sided_p

__all__ = ["LagPoint", "LagResult", "lagged_correlation", "pearson"]


@dataclass(frozen=True)
class LagPoint(Serialisable):
    """Correlation at one lag; ``r``/``p_value`` are ``None`` below the minimum pairs."""

    lag: int
    n: int
    r: float | None
    p_value: float | None


@dataclass(frozen=True)
class LagResult(Serialisable):
    """Lagged correlations and the verdict.

    ``best_*`` describe the lag with the largest |r| (``None`` when no lag had enough
    pairs). ``p_adjusted`` is the best lag's p-value times the number of lags tested
    (Bonferroni, capped at 1) — shown for caution, not used by the verdict.
    ``reason`` says in words why the verdict is what it is.
    """

    lags: list[LagPoint]
    best_lag: int | None
    best_r: float | None
    best_p: float | None
    best_n: int
    p_adjusted: float | None
    expected_sign: int
    verdict: str
    reason: str


def pearson(xs: Sequence[float], ys: Sequence[float]) -> tuple[float | None, float | None]:
    """Pearson r and its two-sided p-value (t = r sqrt((n-2)/(1-r^2)), n - 2 df).

    Returns (None, None) for n < 3 or when either variable is constant.
    """
    n = len(xs)
    if n != len(ys):
        raise ValueError("xs and ys must have the same length")
    if n < 3:
        return None, None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx == 0.0 or syy == 0.0:
        return None, None
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    r = max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))
    if abs(r) == 1.0:
        return r, 0.0
    t = r * math.sqrt((n - 2) / (1.0 - r * r))
    return r, t_two_sided_p(t, n - 2)


def lagged_correlation(
    process: Sequence[float | None],
    survey: Sequence[float | None],
    max_lag: int,
    expected_sign: int = 1,
    min_pairs: int = 8,
    threshold: float = 0.3,
    alpha: float = 0.05,
) -> LagResult:
    """Pearson r of survey[t] against process[t - lag] for lag = 0..max_lag.

    Both series must be aligned on the same consecutive periods (same length, ``None``
    for a missing period). For each lag the pairwise-complete pairs are used; a lag with
    fewer than ``min_pairs`` pairs gets r = ``None``. The best lag has the largest |r|
    (ties: the shorter lag). Verdict "tracks" when at the best lag |r| >= ``threshold``,
    p < ``alpha`` and sign(r) == ``expected_sign``, otherwise "does not track".

    ``expected_sign``: +1 when a higher process value should go with a higher survey
    score (e.g. first-contact resolution vs CSAT), -1 when lower is better for the process
    metric (e.g. wait time vs CSAT: moving together shows as a negative r).

    Method: Pearson product-moment correlation with the usual t test for r,
    t = r sqrt((n - 2)/(1 - r^2)) on n - 2 df; the lag scan is a sample cross-correlation
    function (Box & Jenkins, "Time Series Analysis: Forecasting and Control").
    Caution: trending or autocorrelated series correlate more often than the nominal p
    suggests, and the best of several lags is a selected maximum (see ``p_adjusted``).
    """
    if len(process) != len(survey):
        raise ValueError("process and survey must be aligned series of the same length")
    if max_lag < 0:
        raise ValueError("max_lag must be >= 0")
    if expected_sign not in (1, -1):
        raise ValueError("expected_sign must be +1 or -1")
    expected_sign = int(expected_sign)
    if min_pairs < 3:
        raise ValueError("min_pairs must be at least 3")
    points: list[LagPoint] = []
    for lag in range(max_lag + 1):
        xs: list[float] = []
        ys: list[float] = []
        for t in range(lag, len(survey)):
            x, y = process[t - lag], survey[t]
            if is_missing(x) or is_missing(y):
                continue
            assert x is not None and y is not None
            xs.append(float(x))
            ys.append(float(y))
        if len(xs) < min_pairs:
            points.append(LagPoint(lag, len(xs), None, None))
            continue
        r, p = pearson(xs, ys)
        points.append(LagPoint(lag, len(xs), r, p))

    scored = [pt for pt in points if pt.r is not None]
    if not scored:
        return LagResult(
            points,
            None,
            None,
            None,
            0,
            None,
            expected_sign,
            "does not track",
            f"not enough data: fewer than {min_pairs} periods with both values at every lag",
        )
    best = max(scored, key=lambda pt: (abs(pt.r or 0.0), -pt.lag))
    assert best.r is not None and best.p_value is not None
    p_adj = min(1.0, best.p_value * len(scored))
    if abs(best.r) < threshold:
        verdict, reason = "does not track", f"correlation is weak (|r| < {threshold:g})"
    elif (1 if best.r > 0 else -1) != expected_sign:
        verdict, reason = "does not track", "moves the opposite way to what is expected"
    elif best.p_value >= alpha:
        verdict, reason = "does not track", f"not statistically significant (p >= {alpha:g})"
    else:
        verdict = "tracks"
        reason = f"|r| >= {threshold:g} with p < {alpha:g} at a lag of {best.lag}"
    return LagResult(
        points, best.lag, best.r, best.p_value, best.n, p_adj, expected_sign, verdict, reason
    )
