"""Customer-issue flow: how long issues take to close and when the backlog hits target."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from cxsite.stats._common import Serialisable, is_missing

__all__ = ["Projection", "ResolutionSummary", "burndown_projection", "resolution_times"]

DateLike = date | datetime | str | pd.Timestamp | None


@dataclass(frozen=True)
class ResolutionSummary(Serialisable):
    """Days from opened to closed over the closed issues.

    ``n_closed`` counts the issues used; ``n_open`` those without a close date;
    ``n_invalid`` those closed before they were opened or with an unreadable date (left
    out). Statistics are ``None`` when no issue is closed.
    """

    n_closed: int
    n_open: int
    n_invalid: int
    median_days: float | None
    p90_days: float | None
    mean_days: float | None
    max_days: float | None


def _to_timestamp(value: DateLike) -> pd.Timestamp | None:
    if is_missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    assert value is not None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    if pd.isna(ts):
        return None
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


def resolution_times(opened: Sequence[DateLike], closed: Sequence[DateLike]) -> ResolutionSummary:
    """Median and 90th percentile of resolution time in days; open issues are ignored.

    Dates may be ``date``/``datetime``/pandas ``Timestamp`` or ISO strings; time of day
    counts (fractional days). Percentiles use linear interpolation between order
    statistics (Hyndman & Fan 1996, definition 7 — numpy's and Excel's PERCENTILE.INC
    default). Time-zone-aware values are compared in UTC.
    """
    if len(opened) != len(closed):
        raise ValueError("opened and closed must have the same length")
    days: list[float] = []
    n_open = n_invalid = 0
    for o, c in zip(opened, closed, strict=True):
        co = _to_timestamp(c)
        if co is None:
            if is_missing(c) or (isinstance(c, str) and not c.strip()):
                n_open += 1
            else:
                n_invalid += 1
            continue
        op = _to_timestamp(o)
        if op is None or co < op:
            n_invalid += 1
            continue
        days.append((co - op).total_seconds() / 86400.0)
    if not days:
        return ResolutionSummary(0, n_open, n_invalid, None, None, None, None)
    arr = np.asarray(days)
    return ResolutionSummary(
        n_closed=len(days),
        n_open=n_open,
        n_invalid=n_invalid,
        median_days=float(np.percentile(arr, 50)),
        p90_days=float(np.percentile(arr, 90)),
        mean_days=float(arr.mean()),
        max_days=float(arr.max()),
    )


@dataclass(frozen=True)
class Projection(Serialisable):
    """Backlog burndown projection.

    ``slope`` is the least-squares change in backlog per period over the window
    (negative = shrinking); ``closing_rate`` = -slope. ``periods_to_target`` is
    (current - target) / closing_rate from the latest actual backlog, ``None`` when the
    target is never reached at this rate or data are too short; ``periods_to_target_ceil``
    is the same rounded up to whole periods. ``status`` is one of "at target",
    "on track", "never at this rate" or "not enough data".
    """

    current: int | None
    target: int
    window: int
    points_used: int
    slope: float | None
    closing_rate: float | None
    periods_to_target: float | None
    periods_to_target_ceil: int | None
    never: bool
    status: str


def burndown_projection(
    backlog_series: Sequence[int | None], target: int, window: int = 8
) -> Projection:
    """When will the open-issue backlog reach ``target`` at the recent net closing rate?

    Method: ordinary least-squares slope of backlog against period number over the last
    ``window`` periods (missing periods skipped, their position kept), then a linear
    extrapolation from the latest backlog: periods = (current - target) / (-slope).
    "never at this rate" when the backlog is above target and the slope is >= 0. Needs at
    least 3 points in the window for a slope.
    """
    target, window = int(target), int(window)
    if window < 2:
        raise ValueError("window must be at least 2")
    values = list(backlog_series)
    known = [(i, float(v)) for i, v in enumerate(values) if v is not None and not is_missing(v)]
    if not known:
        return Projection(None, target, window, 0, None, None, None, None, False, "not enough data")
    current_f = known[-1][1]
    current = round(current_f)
    if current_f <= target:
        return Projection(current, target, window, 0, None, None, 0.0, 0, False, "at target")
    start = len(values) - window
    recent = [(i, v) for i, v in known if i >= start]
    if len(recent) < 3:
        return Projection(
            current, target, window, len(recent), None, None, None, None, False, "not enough data"
        )
    xs = np.asarray([i for i, _ in recent], dtype=float)
    ys = np.asarray([v for _, v in recent], dtype=float)
    xm = xs - xs.mean()
    slope = float((xm * (ys - ys.mean())).sum() / (xm * xm).sum())
    if slope >= 0:
        return Projection(
            current,
            target,
            window,
            len(recent),
            slope,
            0.0 - slope,
            None,
            None,
            True,
            "never at this rate",
        )
    periods = (current_f - target) / -slope
    return Projection(
        current,
        target,
        window,
        len(recent),
        slope,
        -slope,
        periods,
        math.ceil(periods - 1e-9),
        False,
        "on track",
    )
