"""How sure are the key-driver weights? Bootstrap over respondents.

Each resample draws the respondents with replacement and recomputes Johnson's relative
weights (:func:`cxsite.stats.drivers.relative_weights`, here for many resamples at once).
The percentile interval of each driver's share of R^2 is its confidence interval.

A driver is significant when its raw weight beats that of a random variable added to
the predictors: Tonidandel, LeBreton & Johnson (2009), "Determining the statistical
significance of relative weights", Psychological Methods 14(4):387-399. Raw weights
are never negative, so "the interval excludes zero" would call every driver
significant; the random variable shows how much weight pure noise picks up. The
driver is significant when the percentile interval of (its weight - the random
variable's weight) lies above zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cxsite.stats._common import Serialisable

__all__ = ["DriverIntervals", "bootstrap_weights", "weights_of_correlations"]

CHUNK = 50  # resamples computed together: memory of CHUNK x CAP x columns numbers
CAP = 5000  # respondents drawn per resample, at most (see bootstrap_weights)


@dataclass(frozen=True)
class DriverIntervals(Serialisable):
    """Per driver (input order): the interval of its share of R^2 (percent) and whether
    its weight beats a random variable's."""

    names: list[str]
    percent_low: list[float]
    percent_high: list[float]
    significant: list[bool]
    resamples: int
    confidence: float
    seed: int


def weights_of_correlations(corr: np.ndarray) -> np.ndarray:
    """Johnson's raw relative weights for a stack of correlation matrices (..., p+1,
    p+1), the outcome last: Lambda = R_xx^(1/2), beta = Lambda^-1 r_xy, weights =
    Lambda^2 beta^2 (the same algebra as ``relative_weights``, batched)."""
    p = corr.shape[-1] - 1
    rxx, rxy = corr[..., :p, :p], corr[..., :p, p]
    evals, evecs = np.linalg.eigh(rxx)
    keep = evals > evals.max(axis=-1, keepdims=True) * 1e-10
    root = np.sqrt(np.where(keep, evals, 0.0))
    lam = (evecs * root[..., None, :]) @ np.swapaxes(evecs, -1, -2)
    inv = np.where(keep, 1.0 / np.where(keep, root, 1.0), 0.0)
    lam_inv = (evecs * inv[..., None, :]) @ np.swapaxes(evecs, -1, -2)
    beta = (lam_inv @ rxy[..., None])[..., 0]
    weights: np.ndarray = (lam**2) @ (beta**2)[..., None]
    return weights[..., 0]


def _correlations(sample: np.ndarray) -> np.ndarray:
    """Correlation matrices of a stack of samples (b, m, k) -> (b, k, k)."""
    centred = sample - sample.mean(axis=1, keepdims=True)
    cov = np.swapaxes(centred, 1, 2) @ centred
    sd = np.sqrt(np.clip(np.diagonal(cov, axis1=1, axis2=2), 1e-300, None))
    corr: np.ndarray = cov / (sd[:, :, None] * sd[:, None, :])
    return corr


def _shares(corr: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray]:
    """Per resample: each driver's % of R^2 (without the random variable), and its raw
    weight minus the random variable's (with it)."""
    plain = np.delete(np.delete(corr, p, axis=1), p, axis=2)
    raw = weights_of_correlations(plain)
    with_noise = weights_of_correlations(corr)
    share = 100.0 * raw / raw.sum(axis=1, keepdims=True)
    return share, with_noise[:, :p] - with_noise[:, p : p + 1]


def bootstrap_weights(
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    names: Sequence[str],
    resamples: int = 500,
    confidence: float = 0.95,
    seed: int = 0,
) -> DriverIntervals:
    """Percentile intervals of each driver's % of R^2 and its significance against a
    random variable (module docstring). ``X`` (n x p) and ``y`` (n) are complete cases."""
    xa = np.asarray(X, dtype=float)
    ya = np.asarray(y, dtype=float)
    n, p = xa.shape
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(n)
    data = np.column_stack([xa, noise, ya])  # drivers, the random variable, the outcome
    # Beyond CAP respondents each resample draws CAP of them and its spread around the
    # full-sample value is shrunk by sqrt(CAP / n): the m-out-of-n bootstrap (Bickel,
    # Goetze & van Zwet 1997), valid for smooth statistics such as these weights, at a
    # cost that stops growing with the number of respondents.
    draw = min(n, CAP)
    shrink = np.sqrt(draw / n)
    full_share, full_beat = _shares(_correlations(data[None]), p)
    percents, margins = [], []
    for start in range(0, resamples, CHUNK):
        count = min(CHUNK, resamples - start)
        share, beat = _shares(_correlations(data[rng.integers(0, n, size=(count, draw))]), p)
        percents.append(full_share + shrink * (share - full_share))
        margins.append(full_beat + shrink * (beat - full_beat))
    share = np.concatenate(percents)
    beat = np.concatenate(margins)
    tail = 100.0 * (1.0 - confidence) / 2.0
    low, high = np.percentile(share, [tail, 100.0 - tail], axis=0)
    beat_low = np.percentile(beat, tail, axis=0)
    return DriverIntervals(
        names=[str(s) for s in names],
        percent_low=[float(v) for v in low],
        percent_high=[float(v) for v in high],
        significant=[bool(v > 0) for v in beat_low],
        resamples=int(resamples),
        confidence=float(confidence),
        seed=int(seed),
    )
