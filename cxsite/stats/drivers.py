"""Key-driver analysis: which touchpoint scores matter most for the overall score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cxsite.stats._common import Serialisable

__all__ = [
    "DriverResult",
    "IPItem",
    "IPResult",
    "correlations_of_sums",
    "importance_performance",
    "min_complete_for",
    "relative_weights",
    "relative_weights_of_sums",
    "rescale_to_100",
]

Array = npt.NDArray[np.float64]
QUADRANTS = ("fix first", "keep it up", "lower priority", "possible overkill")


@dataclass(frozen=True)
class DriverResult(Serialisable):
    """Relative weights of the predictors.

    ``raw_weights`` add up to ``r_squared``; ``percent`` are the same as % of R^2 (add up
    to 100). When ``suppressed`` the lists are empty, ``r_squared`` is ``None`` and
    ``reason`` says why.
    """

    names: list[str]
    raw_weights: list[float]
    percent: list[float]
    r_squared: float | None
    n: int
    min_complete: int
    suppressed: bool
    reason: str | None


def min_complete_for(p: int) -> int:
    """Default minimum complete cases for ``p`` predictors: max(50, 10 x p)."""
    return max(50, 10 * p)


def _suppressed(names: list[str], n: int, need: int, reason: str) -> DriverResult:
    return DriverResult(names, [], [], None, n, need, True, reason)


def relative_weights(
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    names: Sequence[str] | None = None,
    min_complete: int | None = None,
) -> DriverResult:
    """Johnson's relative weights of the columns of ``X`` (n x p) for ``y`` (n).

    Method: Johnson (2000), "A heuristic method for estimating the relative weight of
    predictor variables in multiple regression", Multivariate Behavioral Research
    35:1-19. With R_xx = V diag(l) V' the predictors' correlation matrix and r_xy their
    correlations with y: Lambda = R_xx^(1/2) = V diag(sqrt l) V' links the predictors to
    their closest orthogonal counterparts Z; beta = Lambda^-1 r_xy regresses y on Z; the
    raw weight of predictor j is sum_k Lambda_jk^2 beta_k^2. They add up to the OLS R^2
    exactly (columns of Lambda have unit sum of squares and sum beta^2 = r_xy' R_xx^-1 r_xy).
    Relative weights approximate, but do not equal, the Shapley / general dominance
    decomposition of R^2 (Thomas et al. 2014, Multivariate Behavioral Research 49:329-338
    discuss where they differ).

    Rows with a missing (NaN) value anywhere are dropped (complete cases). When fewer
    than ``min_complete`` (default max(50, 10 x p)) remain, or a column or ``y`` is
    constant, the result is ``suppressed``. A singular R_xx (perfectly collinear
    predictors) is handled with the pseudo-inverse of Lambda.
    """
    xa = np.asarray(X, dtype=float)
    ya = np.asarray(y, dtype=float)
    if xa.ndim != 2 or ya.ndim != 1 or xa.shape[0] != ya.shape[0]:
        raise ValueError("X must be n x p and y must have n values")
    p = int(xa.shape[1])
    labels = _labels(names, p)
    need = min_complete_for(p) if min_complete is None else int(min_complete)
    complete = np.isfinite(xa).all(axis=1) & np.isfinite(ya)
    xc, yc = xa[complete], ya[complete]
    n = int(xc.shape[0])
    sd = xc.std(axis=0) if n else np.zeros(p)
    flat = [bool(v == 0.0) for v in sd]
    problem = _shortfall(labels, n, need, flat, n > 0 and float(yc.std()) == 0.0)
    if problem:
        return _suppressed(labels, n, need, problem)
    corr = np.corrcoef(np.column_stack([xc, yc]), rowvar=False)
    return _weigh(corr, labels, n, need)


def relative_weights_of_sums(
    n: int,
    sums: npt.ArrayLike,
    products: npt.ArrayLike,
    constant: Sequence[bool],
    names: Sequence[str] | None = None,
    min_complete: int | None = None,
) -> DriverResult:
    """Johnson's relative weights from the complete cases' sums, as a database gives
    them: ``n`` rows; ``sums`` (p + 1) of each predictor and, last, the outcome;
    ``products`` ((p + 1) x (p + 1)) the sums of their pairwise products; ``constant``
    (p + 1) whether each column has one value only (min = max, which the sums cannot
    tell exactly). The same weights as :func:`relative_weights` on the rows (the same
    checks, then the correlation matrix of :func:`correlations_of_sums`)."""
    total = np.asarray(sums, dtype=float)
    cross = np.asarray(products, dtype=float)
    p = int(total.shape[0]) - 1
    if cross.shape != (p + 1, p + 1) or len(constant) != p + 1 or p < 0:
        raise ValueError("sums, products and constant must describe p predictors and y")
    labels = _labels(names, p)
    need = min_complete_for(p) if min_complete is None else int(min_complete)
    problem = _shortfall(labels, n, need, list(constant[:p]), n > 0 and bool(constant[p]))
    if problem:
        return _suppressed(labels, n, need, problem)
    corr = correlations_of_sums(np.float64(n), total, cross)
    return _weigh(corr, labels, n, need)


def correlations_of_sums(n: npt.ArrayLike, sums: npt.ArrayLike, products: npt.ArrayLike) -> Array:
    """Correlation matrices (..., k, k) from counts (...), sums (..., k) and sums of
    pairwise products (..., k, k), batched; the counts may be weighted (a resample's
    sum of weights). Centred cross-products C = S_ij - S_i S_j / n; a column without
    variation gets correlation 0 with every column (no division by zero)."""
    count = np.asarray(n, dtype=float)[..., None, None]
    total = np.asarray(sums, dtype=float)
    centred = np.asarray(products, dtype=float) - total[..., :, None] * total[..., None, :] / count
    spread = np.diagonal(centred, axis1=-2, axis2=-1)
    sd = np.sqrt(np.clip(spread, 1e-300, None))
    corr: Array = centred / (sd[..., :, None] * sd[..., None, :])
    return corr


def _labels(names: Sequence[str] | None, p: int) -> list[str]:
    labels = [str(s) for s in names] if names is not None else [f"x{j + 1}" for j in range(p)]
    if len(labels) != p:
        raise ValueError("names must have one entry per column of X")
    return labels


def _shortfall(labels: list[str], n: int, need: int, flat: list[bool], flat_y: bool) -> str:
    """Why the weights cannot be computed ("" when they can)."""
    if not labels:
        return "no predictors"
    if n < max(need, 3):
        return f"only {n} complete responses; need at least {need}"
    if any(flat):
        return "no variation in: " + ", ".join(s for s, f in zip(labels, flat, strict=True) if f)
    if flat_y:
        return "no variation in the outcome"
    return ""


def _weigh(corr: Array, labels: list[str], n: int, need: int) -> DriverResult:
    """The weights from the (p + 1) x (p + 1) correlation matrix, the outcome last."""
    p = len(labels)
    rxx, rxy = corr[:p, :p], corr[:p, p]
    evals, evecs = np.linalg.eigh(rxx)
    # Eigenvalues below 1e-10 of the largest are numerical zeros (collinear predictors):
    # they are dropped, which makes Lambda^-1 the pseudo-inverse.
    keep = evals > float(evals.max()) * 1e-10
    root = np.sqrt(np.where(keep, evals, 0.0))
    lam = (evecs * root) @ evecs.T
    inv_root = np.where(keep, 1.0 / np.where(keep, root, 1.0), 0.0)
    lam_inv = (evecs * inv_root) @ evecs.T
    beta = lam_inv @ rxy
    raw = (lam**2) @ (beta**2)
    r2 = float(raw.sum())
    pct = [100.0 * float(w) / r2 if r2 > 0 else 0.0 for w in raw]
    return DriverResult(labels, [float(w) for w in raw], pct, r2, n, need, False, None)


def rescale_to_100(mean: float, low: float, high: float) -> float:
    """Map a mean score on a ``low``..``high`` scale to 0..100: 100 (mean - low)/(high - low)."""
    if high <= low:
        raise ValueError("high must exceed low")
    return 100.0 * (float(mean) - low) / (high - low)


@dataclass(frozen=True)
class IPItem(Serialisable):
    """One driver on the importance-performance grid."""

    name: str
    importance: float
    performance: float
    quadrant: str
    priority: float
    rank: int | None


@dataclass(frozen=True)
class IPResult(Serialisable):
    """Items in input order, the cut-offs used, and the "fix first" names in order."""

    items: list[IPItem]
    importance_cut: float
    performance_cut: float
    fix_first: list[str]


def importance_performance(
    names: Sequence[str],
    importance: Sequence[float],
    performance: Sequence[float],
    importance_cut: float | None = None,
    performance_cut: float | None = None,
) -> IPResult:
    """Importance-performance grid and a "fix first" ranking.

    Method: importance-performance analysis (Martilla & James 1977, Journal of Marketing
    41:77-79) with derived importance (e.g. the ``percent`` of :func:`relative_weights`)
    and performance on 0..100 (see :func:`rescale_to_100`). Cut-offs default to the mean
    importance and mean performance (the "data-centred" grid). A driver is high
    importance when importance >= cut and low performance when performance < cut.
    Quadrants: "fix first" (high importance, low performance), "keep it up" (high, high),
    "lower priority" (low, low), "possible overkill" (low importance, high performance).

    ``priority`` = importance share (importance / total importance) x (100 - performance):
    the share of the outcome a driver explains times its room to improve. ``fix_first``
    lists the "fix first" drivers by priority, highest first, ties by name; ``rank`` is
    the position in that list (``None`` outside the quadrant).
    """
    if not len(names) == len(importance) == len(performance):
        raise ValueError("names, importance and performance must have the same length")
    m = len(names)
    if m == 0:
        return IPResult([], 0.0, 0.0, [])
    imp = [float(v) for v in importance]
    perf = [float(v) for v in performance]
    i_cut = sum(imp) / m if importance_cut is None else float(importance_cut)
    p_cut = sum(perf) / m if performance_cut is None else float(performance_cut)
    total = sum(imp)
    prio = [(v / total if total > 0 else 0.0) * (100.0 - q) for v, q in zip(imp, perf, strict=True)]

    def quadrant(v: float, q: float) -> str:
        high_imp, high_perf = v >= i_cut, q >= p_cut
        if high_imp:
            return QUADRANTS[1] if high_perf else QUADRANTS[0]
        return QUADRANTS[3] if high_perf else QUADRANTS[2]

    quads = [quadrant(v, q) for v, q in zip(imp, perf, strict=True)]
    fix = sorted(
        (k for k in range(m) if quads[k] == QUADRANTS[0]), key=lambda k: (-prio[k], str(names[k]))
    )
    rank_of = {k: r + 1 for r, k in enumerate(fix)}
    items = [
        IPItem(str(names[k]), imp[k], perf[k], quads[k], prio[k], rank_of.get(k)) for k in range(m)
    ]
    return IPResult(items, i_cut, p_cut, [str(names[k]) for k in fix])
