"""How sure are the key-driver weights? Intervals from bootstrap resamples.

The resamples themselves are made where the rows are (a Poisson bootstrap over
respondents, :mod:`cxsite.data.poisson_weights`): each resample arrives here as its
correlation matrix, the full sample's too. This module recomputes Johnson's relative
weights for every resample at once (:func:`weights_of_correlations`, the algebra of
:func:`cxsite.stats.drivers.relative_weights` batched); the percentile interval of each
driver's share of R^2 is its confidence interval.

A driver is significant when its raw weight beats that of a random variable added to
the predictors: Tonidandel, LeBreton & Johnson (2009), "Determining the statistical
significance of relative weights", Psychological Methods 14(4):387-399. Raw weights
are never negative, so "the interval excludes zero" would call every driver
significant; the random variable shows how much weight pure noise picks up. The
driver is significant when the percentile interval of (its weight - the random
variable's weight) lies above zero.

A large sample is bootstrapped in part: resamples of m of its n respondents spread
more widely than the sample's own weights would (for these smooth statistics by
sqrt(n / m): the m-out-of-n bootstrap of Bickel, Goetze & van Zwet 1997), so each
resample's departure from the part's weights (``centre``) is scaled by ``shrink`` =
sqrt(m / n) and added to the full sample's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cxsite.stats._common import Serialisable

__all__ = ["DriverIntervals", "intervals_of_resamples", "weights_of_correlations"]

Array = npt.NDArray[np.float64]


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


def weights_of_correlations(corr: Array) -> Array:
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
    weights: Array = (lam**2) @ (beta**2)[..., None]
    return weights[..., 0]


def _shares(corr: Array, p: int) -> tuple[Array, Array]:
    """Per matrix: each driver's % of R^2 (without the random variable), and its raw
    weight minus the random variable's (with it)."""
    plain = np.delete(np.delete(corr, p, axis=-1), p, axis=-2)
    raw = weights_of_correlations(plain)
    with_noise = weights_of_correlations(corr)
    share: Array = 100.0 * raw / raw.sum(axis=-1, keepdims=True)
    beat: Array = with_noise[..., :p] - with_noise[..., p : p + 1]
    return share, beat


def intervals_of_resamples(
    full: Array,
    resampled: Array,
    names: Sequence[str],
    shrink: float = 1.0,
    confidence: float = 0.95,
    seed: int = 0,
    centre: Array | None = None,
) -> DriverIntervals:
    """Percentile intervals of each driver's % of R^2 and its significance against a
    random variable (module docstring).

    ``full`` (k x k) is the sample's correlation matrix and ``resampled`` (b x k x k)
    the resamples', with k = p + 2 columns: the p drivers, the random variable, the
    outcome. ``centre`` is the correlation matrix of the respondents resampled when
    they are a part of the sample (default: the sample); ``shrink`` scales each
    resample's departure from it (1 when the whole sample is resampled). ``seed`` only
    records which resamples were made.
    """
    p = len(names)
    middle = full if centre is None else centre
    if (
        full.shape != (p + 2, p + 2)
        or middle.shape != full.shape
        or resampled.ndim != 3
        or resampled.shape[1:] != full.shape
    ):
        raise ValueError("correlation matrices must have the drivers, the noise and y")
    full_share, full_beat = _shares(full[None], p)
    middle_share, middle_beat = _shares(middle[None], p)
    share, beat = _shares(resampled, p)
    share = full_share + shrink * (share - middle_share)
    beat = full_beat + shrink * (beat - middle_beat)
    tail = 100.0 * (1.0 - confidence) / 2.0
    low, high = np.percentile(share, [tail, 100.0 - tail], axis=0)
    beat_low = np.percentile(beat, tail, axis=0)
    return DriverIntervals(
        names=[str(s) for s in names],
        percent_low=[float(v) for v in low],
        percent_high=[float(v) for v in high],
        significant=[bool(v > 0) for v in beat_low],
        resamples=int(resampled.shape[0]),
        confidence=float(confidence),
        seed=int(seed),
    )
