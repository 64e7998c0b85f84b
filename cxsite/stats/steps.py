"""One abrupt, lasting change of level (a step) in a series, told apart from a drift.

A step is the best single split of the series into two flat segments (the split that
leaves the smallest squared error, as in binary segmentation: Scott & Knott 1974;
Killick & Eckley, "changepoint", 2014), accepted only when the segments really are
flat and the jump really is large:

* the jump is at least ``min_jump`` residual standard deviations, and
* the residuals left after removing the two means vary no more than ``max_ratio`` times
  what the period-to-period changes imply (a von Neumann-type ratio: for flat segments
  with independent noise, var(residual) ~ mean(diff^2)/2; a random walk or a trend
  leaves residuals many times larger, so it is not mistaken for a step).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cxsite.stats._common import Serialisable

__all__ = ["Step", "find_step"]

MIN_SEGMENT = 4


@dataclass(frozen=True)
class Step(Serialisable):
    """A step: ``index`` is the first period at the new level and ``start`` the first
    period of the change (earlier when the change took a few periods: the periods just
    before ``index`` already more than two residual standard deviations away from the
    old level, towards the new one). Both index the series given; ``before``/``after``
    are the segment means."""

    index: int
    start: int
    before: float
    after: float
    jump_in_sd: float
    ratio: float


def find_step(
    values: Sequence[float | None], min_jump: float = 2.0, max_ratio: float = 2.0
) -> Step | None:
    """The series' step, or None when it has no clear one (see the module docstring)."""
    raw = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    where = np.flatnonzero(np.isfinite(raw))
    xs = raw[where]
    n = len(xs)
    if n < 2 * MIN_SEGMENT:
        return None
    # squared error of two flat segments for every split, from running sums
    csum = np.cumsum(xs)
    csq = np.cumsum(xs * xs)
    splits = np.arange(MIN_SEGMENT, n - MIN_SEGMENT + 1)
    left_n = splits.astype(float)
    right_n = n - left_n
    left_sum = csum[splits - 1]
    right_sum = csum[-1] - left_sum
    left_sq = csq[splits - 1]
    right_sq = csq[-1] - left_sq
    sse = (left_sq - left_sum**2 / left_n) + (right_sq - right_sum**2 / right_n)
    best = int(splits[int(np.argmin(sse))])
    before, after = float(xs[:best].mean()), float(xs[best:].mean())
    residual = np.concatenate([xs[:best] - before, xs[best:] - after])
    resid_sd = float(np.sqrt(np.sum(residual**2) / (n - 2)))
    diffs = np.diff(xs)
    diffs = np.delete(diffs, best - 1)  # the jump itself is not noise
    noise_var = float(np.mean(diffs**2)) / 2 if len(diffs) else 0.0
    if resid_sd == 0.0 or noise_var == 0.0:
        return None
    jump = abs(after - before) / resid_sd
    ratio = resid_sd**2 / noise_var
    if jump < min_jump or ratio > max_ratio:
        return None
    start = best
    toward = 1.0 if after > before else -1.0
    while start > 1 and toward * (xs[start - 1] - before) > 2 * resid_sd:
        start -= 1
    return Step(int(where[best]), int(where[start]), before, after, jump, ratio)
