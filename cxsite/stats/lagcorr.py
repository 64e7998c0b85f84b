"""Does a survey score move with a process metric, possibly a few periods later?

Levels are not compared: two trending series correlate at every lag whether or not one
drives the other (spurious regression, Granger & Newbold 1974). Instead, in order:

1. **A shared step.** When both series made one abrupt, lasting change of level at about
   the same time (:func:`cxsite.stats.steps.find_step`; the score no more than
   ``max_lag`` periods after the process), that is reported as one event. A single
   shared step cannot show how many periods one series trails the other.
2. **Changes, prewhitened.** Otherwise what is correlated is each series' change from
   what the process's own autoregressive model (order by AIC) predicts: both are
   prewhitened by that model
   (Box & Jenkins, "Time Series Analysis", ch. 11), which for a wandering process is
   the first difference. The cross-correlation at lag k is then not smeared over the
   neighbouring lags by the process's own memory, and two trends do not correlate.
3. **A p-value that respects autocorrelation and the lag search.** The statistic is the
   largest correlation (in the expected direction) over lags 0..``max_lag``; its null
   distribution comes from block permutations of the prewhitened process changes
   (blocks keep what dependence is left; the maximum over lags pays for the search).
4. **A lag only when it stands out.** The best lag is named only when its correlation
   beats both neighbouring lags by at least z(0.975) sqrt(2/n) (the standard error of
   a difference between two correlations with uncorrelated predictors, Steiger 1980);
   otherwise the score "moves together within k periods".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from cxsite.stats._common import Serialisable, is_missing, t_two_sided_p
from cxsite.stats.steps import Step, find_step

__all__ = ["LagPoint", "LagResult", "lagged_correlation", "pearson"]

Z975 = 1.959964
# How far back of the process step the score's step may start and still be "shared".
STEP_LEAD = 2


@dataclass(frozen=True)
class LagPoint(Serialisable):
    """Correlation of the prewhitened changes at one lag (``None`` below the minimum
    number of pairs)."""

    lag: int
    n: int
    r: float | None


@dataclass(frozen=True)
class LagResult(Serialisable):
    """What links the two series.

    ``verdict``: "lag" (the score follows ``best_lag`` periods later), "together" (moves
    with it within ``within`` periods, no single lag stands out), "step" (both shifted
    once, see ``process_step``/``survey_step``) or "none" (does not follow).
    ``p_value`` is the block-permutation p-value of the best correlation (``None`` when
    not computed). ``reason`` says in words why the verdict is what it is.
    """

    lags: list[LagPoint]
    verdict: str
    best_lag: int | None
    best_r: float | None
    best_n: int
    p_value: float | None
    within: int | None
    expected_sign: int
    permutations: int
    process_step: Step | None
    survey_step: Step | None
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
    xu, yu = _unit_scaled(xs), _unit_scaled(ys)
    if xu is None or yu is None:
        return None, None
    xs, ys = xu, yu
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx == 0.0 or syy == 0.0:
        return None, None
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    r = max(-1.0, min(1.0, sxy / math.sqrt(sxx) / math.sqrt(syy)))
    if abs(r) == 1.0:
        return r, 0.0
    t = r * math.sqrt((n - 2) / (1.0 - r * r))
    return r, t_two_sided_p(t, n - 2)


MAX_AR = 4


def _ar_filter(x: np.ndarray) -> np.ndarray:
    """Coefficients of the process's own AR(p) model, p = 1..``MAX_AR`` chosen by AIC,
    fitted by least squares (with an intercept) on the periods where all are known."""
    best: tuple[float, np.ndarray] | None = None
    for order in range(1, MAX_AR + 1):
        if len(x) <= 10 * order:
            break
        rows = np.column_stack([x[order - i - 1 : len(x) - i - 1] for i in range(order)])
        target = x[order:]
        ok = np.isfinite(target) & np.isfinite(rows).all(axis=1)
        if ok.sum() <= 3 * order + 2:
            break
        design = np.column_stack([np.ones(ok.sum()), rows[ok]])
        coef, *_ = np.linalg.lstsq(design, target[ok], rcond=None)
        sse = float(np.sum((target[ok] - design @ coef) ** 2))
        aic = ok.sum() * np.log(max(sse, 1e-300) / ok.sum()) + 2 * (order + 1)
        if best is None or aic < best[0]:
            best = (aic, coef[1:])
    return best[1] if best is not None else np.array([1.0])


def prewhitened_changes(
    process: Sequence[float | None], survey: Sequence[float | None]
) -> tuple[np.ndarray, np.ndarray]:
    """Both series filtered by the process series' own AR(p) model,
    x_t - phi_1 x_(t-1) - ... - phi_p x_(t-p), the model fitted on the process levels.

    For a process that wanders like a random walk the filter is close to the first
    difference; for a stationary or cyclical one it removes just its own memory,
    without the noise that differencing a stationary series adds. A missing value makes
    the filtered values that need it missing (NaN). Both outputs have one value per
    period from the second on (the first p - 1 are NaN), so lag k still means k periods.
    """
    x = np.array([np.nan if v is None else float(v) for v in process], dtype=float)
    y = np.array([np.nan if v is None else float(v) for v in survey], dtype=float)
    phis = _ar_filter(x)

    def whiten(series: np.ndarray) -> np.ndarray:
        out = series[1:].copy()
        for i, phi in enumerate(phis, start=1):
            shifted = np.full(len(out), np.nan)
            shifted[i - 1 :] = series[: len(series) - i]
            out = out - phi * shifted
        return out

    return whiten(x), whiten(y)


def cross_correlations(
    xs: np.ndarray, y: np.ndarray, max_lag: int, min_pairs: int
) -> tuple[np.ndarray, np.ndarray]:
    """corr(x[t - k], y[t]) for k = 0..max_lag on pairwise-complete pairs.

    ``xs`` holds one series per row (the observed one, or permutations of it), so every
    permutation is scored in one pass. Returns r (rows x lags, NaN below ``min_pairs``
    pairs or for a constant series) and the pair counts (rows x lags).
    """
    count = xs.shape[1]
    rs = np.full((xs.shape[0], max_lag + 1), np.nan)
    ns = np.zeros((xs.shape[0], max_lag + 1), dtype=int)
    for lag in range(min(max_lag, count - 1) + 1):
        a = xs[:, : count - lag]
        b = np.broadcast_to(y[lag:], a.shape)
        ok = np.isfinite(a) & np.isfinite(b)
        n = ok.sum(axis=1)
        az, bz = np.where(ok, a, 0.0), np.where(ok, b, 0.0)
        safe = np.maximum(n, 1)
        ma, mb = az.sum(axis=1) / safe, bz.sum(axis=1) / safe
        ca, cb = np.where(ok, a - ma[:, None], 0.0), np.where(ok, b - mb[:, None], 0.0)
        sxy, sxx, syy = (ca * cb).sum(axis=1), (ca * ca).sum(axis=1), (cb * cb).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            # two square roots, not the root of a product: sxx * syy overflows for
            # series in the 1e77 range, which each root alone does not
            r = sxy / (np.sqrt(sxx) * np.sqrt(syy))
        r[(n < min_pairs) | (sxx <= 0) | (syy <= 0)] = np.nan
        rs[:, lag] = np.clip(r, -1.0, 1.0)
        ns[:, lag] = n
    return rs, ns


def _block_permutations(count: int, permutations: int, seed: int) -> np.ndarray:
    """``permutations`` rows of indices 0..count-1, blocks of about count^(1/3) kept whole."""
    size = max(2, round(count ** (1 / 3)))
    blocks = [np.arange(s, min(s + size, count)) for s in range(0, count, size)]
    rng = np.random.default_rng(seed)
    orders = rng.random((permutations, len(blocks))).argsort(axis=1)
    return np.stack([np.concatenate([blocks[j] for j in order]) for order in orders])


def shared_step(
    process: Sequence[float | None],
    survey: Sequence[float | None],
    max_lag: int,
    expected_sign: int,
) -> tuple[Step, Step] | None:
    """Both series' steps, when each has one, the score's starts no more than ``max_lag``
    periods after (or ``STEP_LEAD`` before) the process's, and they go the expected way."""
    first, second = find_step(process), find_step(survey)
    if first is None or second is None:
        return None
    gap = second.start - first.start
    if not -STEP_LEAD <= gap <= max_lag:
        return None
    same_way = (first.after - first.before) * (second.after - second.before) > 0
    if (1 if same_way else -1) != expected_sign:
        return None
    return first, second


def _unit_scaled(values: Sequence[float]) -> list[float] | None:
    """Values divided by their largest magnitude: r does not change with scale, and
    squares and sums of values as large as 1e300 then cannot overflow.

    None when a value is not finite (no correlation can be computed from it).
    """
    if not all(math.isfinite(v) for v in values):
        return None
    largest = max(abs(v) for v in values)
    if largest == 0.0:
        return list(values)
    return [v / largest for v in values]


# Beyond this magnitude squares and cross-products could overflow; such series are
# scaled down by a power of two (exact, and correlations do not change with scale).
_HUGE = 1e100


def _tamed(values: Sequence[float | None]) -> tuple[list[float | None], int]:
    """Non-finite values as missing, and a huge series scaled into a safe range: divided
    by 2 ** exponent (returned; 0 when nothing was scaled)."""
    clean = [
        None if is_missing(v) or not math.isfinite(float(v)) else float(v)  # type: ignore[arg-type]
        for v in values
    ]
    largest = max((abs(v) for v in clean if v is not None), default=0.0)
    if largest <= _HUGE:
        return clean, 0
    exponent = math.frexp(largest)[1]
    return [None if v is None else math.ldexp(v, -exponent) for v in clean], exponent


def _rescaled(step: Step, exponent: int) -> Step:
    if exponent == 0:
        return step
    return replace(
        step, before=math.ldexp(step.before, exponent), after=math.ldexp(step.after, exponent)
    )


def lagged_correlation(
    process: Sequence[float | None],
    survey: Sequence[float | None],
    max_lag: int,
    expected_sign: int = 1,
    min_pairs: int = 8,
    threshold: float = 0.3,
    alpha: float = 0.05,
    permutations: int = 199,
    seed: int = 0,
) -> LagResult:
    """How ``survey`` follows ``process`` (aligned series, ``None`` for a missing period);
    the method is in the module docstring.

    ``expected_sign``: +1 when a higher process value should go with a higher score, -1
    when lower is better for the process (e.g. wait time against satisfaction). The
    score "does not follow" unless, at the best lag, the correlation of the prewhitened
    changes goes the expected way, is at least ``threshold`` and has a permutation
    p-value below ``alpha``.
    """
    if len(process) != len(survey):
        raise ValueError("process and survey must be aligned series of the same length")
    if max_lag < 0:
        raise ValueError("max_lag must be >= 0")
    if expected_sign not in (1, -1):
        raise ValueError("expected_sign must be +1 or -1")
    if min_pairs < 3:
        raise ValueError("min_pairs must be at least 3")
    sign = int(expected_sign)
    process, process_scale = _tamed(process)
    survey, survey_scale = _tamed(survey)
    steps = shared_step(process, survey, max_lag, sign)
    if steps is not None:
        steps = (_rescaled(steps[0], process_scale), _rescaled(steps[1], survey_scale))
    fx, fy = prewhitened_changes(process, survey)
    observed, counts = cross_correlations(fx[None, :], fy, max_lag, min_pairs)
    lags = [
        LagPoint(k, int(counts[0, k]), None if np.isnan(observed[0, k]) else float(observed[0, k]))
        for k in range(max_lag + 1)
    ]

    def result(verdict: str, reason: str, **known: object) -> LagResult:
        fields: dict[str, object] = {
            "best_lag": None,
            "best_r": None,
            "best_n": 0,
            "p_value": None,
            "within": None,
            "permutations": 0,
        }
        fields.update(known)
        return LagResult(
            lags=lags,
            verdict=verdict,
            expected_sign=sign,
            process_step=steps[0] if steps else None,
            survey_step=steps[1] if steps else None,
            reason=reason,
            **fields,  # type: ignore[arg-type]
        )

    if steps is not None:
        return result("step", "both series made one lasting change of level at about the same time")
    scored = [p for p in lags if p.r is not None]
    if not scored:
        return result(
            "none", f"not enough data: fewer than {min_pairs} periods of changes at every lag"
        )
    best = max(scored, key=lambda p: (sign * (p.r or 0.0), -p.lag))
    best_r = float(best.r or 0.0)
    known: dict[str, object] = {"best_lag": best.lag, "best_r": best_r, "best_n": best.n}
    if sign * best_r < threshold:
        strongest = max(scored, key=lambda p: abs(p.r or 0.0))
        if sign * (strongest.r or 0.0) <= -threshold:
            return result(
                "none",
                f"the changes move the opposite way to what is expected "
                f"(r = {strongest.r:+.2f} at lag {strongest.lag})",
                **known,
            )
        return result("none", f"the changes are weakly related (r = {best_r:+.2f})", **known)
    shuffled = fx[_block_permutations(len(fx), permutations, seed)]
    null, _ = cross_correlations(shuffled, fy, max_lag, min_pairs)
    null_best = np.nanmax(np.where(np.isnan(null), -np.inf, sign * null), axis=1)
    p_value = float((1 + np.sum(null_best >= sign * best_r)) / (permutations + 1))
    known |= {"p_value": p_value, "permutations": permutations}
    if p_value >= alpha:
        return result(
            "none",
            f"a correlation this strong at one of {len(scored)} lags arises by chance "
            f"(p = {p_value:.2f}, block permutation)",
            **known,
        )
    margin = Z975 * math.sqrt(2.0 / best.n)
    close = [p.lag for p in scored if sign * best_r - sign * (p.r or 0.0) < margin]
    neighbours = {best.lag - 1, best.lag + 1}
    if not neighbours & set(close):
        return result(
            "lag", f"lag {best.lag} beats its neighbours by at least {margin:.2f}", **known
        )
    # the run of lags next to the best that are as good as it, not stray ones further off
    run = {best.lag}
    while max(run) + 1 in close:
        run.add(max(run) + 1)
    while min(run) - 1 in close:
        run.add(min(run) - 1)
    within = max(run)
    return result(
        "together",
        f"lags {', '.join(str(k) for k in sorted(run))} are within {margin:.2f} of the best",
        **(known | {"within": within}),
    )
