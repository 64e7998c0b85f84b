"""Process behaviour charts (XmR and p charts) and the Western Electric run rules."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from cxsite.stats._common import Serialisable, as_count, is_missing

__all__ = [
    "RULE_TEXT",
    "PChart",
    "Signal",
    "XmRChart",
    "describe_signal",
    "p_chart",
    "western_electric_signals",
    "xmr_chart",
]

#: Scaling constants for individuals charts (Wheeler & Chambers, "Understanding
#: Statistical Process Control", 2nd ed., 1992): 3 / d2 with d2 = 1.128 for n = 2,
#: and D4 = 3.268 for the upper range limit.
E2 = 2.66
D2 = 1.128
D4 = 3.268

RULE_TEXT: dict[int, str] = {
    1: "a point beyond the 3-sigma limits",
    2: "2 of 3 consecutive points beyond 2 sigma on the same side",
    3: "4 of 5 consecutive points beyond 1 sigma on the same side",
    4: "8 points in a row on the same side of the centre line",
}


@dataclass(frozen=True)
class Signal(Serialisable):
    """One Western Electric signal.

    ``start``/``end`` are indices into the series given (inclusive); ``points`` are the
    indices of the points that satisfy the rule (for rule 4, every point of the run);
    ``length`` is the number of non-missing points from ``start`` to ``end``.
    """

    rule: int
    text: str
    start: int
    end: int
    side: str
    points: list[int] = field(default_factory=list)
    length: int = 0


@dataclass(frozen=True)
class XmRChart(Serialisable):
    """Individuals and moving range chart.

    Limits are ``None`` when fewer than two values are available. ``moving_ranges[i]`` is
    |x_i - x_prev| with x_prev the previous non-missing value (``None`` for the first value
    and for missing points).
    """

    n: int
    centre: float | None
    mr_bar: float | None
    sigma: float | None
    upper: float | None
    lower: float | None
    upper_2sigma: float | None
    lower_2sigma: float | None
    upper_1sigma: float | None
    lower_1sigma: float | None
    mr_upper: float | None
    moving_ranges: list[float | None]
    baseline: int
    signals: list[Signal]


@dataclass(frozen=True)
class PChart(Serialisable):
    """Proportion chart with per-point limits (all values are proportions 0..1)."""

    centre: float | None
    proportions: list[float | None]
    sigmas: list[float | None]
    upper: list[float | None]
    lower: list[float | None]
    sizes: list[int]
    signals: list[Signal]


def _compact(values: Sequence[float | None]) -> tuple[list[float], list[int]]:
    """Non-missing values and their original indices."""
    xs: list[float] = []
    idx: list[int] = []
    for i, v in enumerate(values):
        if not is_missing(v):
            assert v is not None
            xs.append(float(v))
            idx.append(i)
    return xs, idx


def xmr_chart(
    values: Sequence[float | None],
    baseline: int | None = None,
    lower_bound: float | None = None,
    upper_bound: float | None = None,
) -> XmRChart:
    """XmR (individuals) chart with natural process limits and Western Electric signals.

    Method (Wheeler & Chambers 1992; Shewhart 1931): centre = mean of the values, mR-bar =
    mean of |x_i - x_(i-1)|, natural process limits = centre +/- 2.66 x mR-bar, sigma =
    mR-bar / 1.128, zones at 1 and 2 sigma, upper range limit 3.268 x mR-bar.

    ``None``/NaN values (e.g. weeks without enough responses) are skipped: moving ranges
    join each value to the previous available one. ``baseline``: compute the limits from
    the first ``baseline`` available values only (limits fixed on a reference period)
    and judge every point against them. ``lower_bound``/``upper_bound`` clip the displayed
    limits to what the measure can take (e.g. 0 for a count); signals use the unclipped
    sigma. Signals come from :func:`western_electric_signals`.
    """
    xs, idx = _compact(values)
    base = len(xs) if baseline is None else max(0, min(baseline, len(xs)))
    ref = xs[:base]
    mrs: list[float | None] = [None] * len(values)
    for k in range(1, len(xs)):
        mrs[idx[k]] = abs(xs[k] - xs[k - 1])
    if len(ref) < 2:
        return XmRChart(
            len(xs), None, None, None, None, None, None, None, None, None, None, mrs, base, []
        )
    centre = math.fsum(ref) / len(ref)
    mr_bar = math.fsum(abs(ref[k] - ref[k - 1]) for k in range(1, len(ref))) / (len(ref) - 1)
    sigma = mr_bar / D2

    def clip(v: float) -> float:
        if lower_bound is not None:
            v = max(v, lower_bound)
        if upper_bound is not None:
            v = min(v, upper_bound)
        return v

    signals = western_electric_signals(values, centre, sigma)
    return XmRChart(
        n=len(xs),
        centre=centre,
        mr_bar=mr_bar,
        sigma=sigma,
        upper=clip(centre + E2 * mr_bar),
        lower=clip(centre - E2 * mr_bar),
        upper_2sigma=clip(centre + 2 * sigma),
        lower_2sigma=clip(centre - 2 * sigma),
        upper_1sigma=clip(centre + sigma),
        lower_1sigma=clip(centre - sigma),
        mr_upper=D4 * mr_bar,
        moving_ranges=mrs,
        baseline=base,
        signals=signals,
    )


def p_chart(successes: Sequence[int], sizes: Sequence[int]) -> PChart:
    """p chart: p-bar = sum k / sum n, limits p-bar +/- 3 sqrt(p-bar(1 - p-bar)/n_i).

    Method: Shewhart (1931); Montgomery, "Introduction to Statistical Quality Control"
    (variable sample size, per-point limits). Limits are clipped to [0, 1]. Points
    with n_i = 0 have ``None`` proportion and limits and are skipped by the run rules,
    which use the per-point sigma sqrt(p-bar(1 - p-bar)/n_i).
    """
    if len(successes) != len(sizes):
        raise ValueError("successes and sizes must have the same length")
    ks = [as_count(k) for k in successes]
    size_list = [as_count(n) for n in sizes]
    for k, n in zip(ks, size_list, strict=True):
        if k > n:
            raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    total_n = sum(size_list)
    if total_n == 0:
        nones: list[float | None] = [None] * len(sizes)
        return PChart(None, list(nones), list(nones), list(nones), list(nones), size_list, [])
    pbar = sum(ks) / total_n
    props: list[float | None] = []
    sigmas: list[float | None] = []
    upper: list[float | None] = []
    lower: list[float | None] = []
    for k, n in zip(ks, size_list, strict=True):
        if n == 0:
            props.append(None)
            sigmas.append(None)
            upper.append(None)
            lower.append(None)
            continue
        s = math.sqrt(pbar * (1 - pbar) / n)
        props.append(k / n)
        sigmas.append(s)
        upper.append(min(1.0, pbar + 3 * s))
        lower.append(max(0.0, pbar - 3 * s))
    sig_in = [0.0 if s is None else s for s in sigmas]
    signals = western_electric_signals(props, pbar, sig_in)
    return PChart(pbar, props, sigmas, upper, lower, size_list, signals)


def _beyond(x: float, centre: float, sigma: float, k: float) -> int:
    """+1 if x is more than k sigma above centre, -1 if more than k sigma below, else 0."""
    if x > centre + k * sigma:
        return 1
    if x < centre - k * sigma:
        return -1
    return 0


def _window_runs(
    flags: list[int], window: int, need: int, side: int
) -> list[tuple[int, int, list[int]]]:
    """Windows of ``window`` consecutive points with >= ``need`` flags equal to ``side``."""
    m = len(flags)
    match = [1 if f == side else 0 for f in flags]
    # running count of matching points, so each window is counted in O(1)
    prefix = [0]
    for hit in match:
        prefix.append(prefix[-1] + hit)
    runs: list[tuple[int, int, list[int]]] = []
    for s in range(max(1, m - window + 1)):
        e = min(s + window, m)
        if prefix[e] - prefix[s] >= need:
            hits = [k for k in range(s, e) if match[k]]
            runs.append((hits[0], hits[-1], hits))
    return runs


def _merge(runs: list[tuple[int, int, list[int]]]) -> list[tuple[int, int, list[int]]]:
    """Merge runs that overlap or touch (start <= previous end + 1)."""
    merged: list[tuple[int, int, list[int]]] = []
    for start, end, pts in sorted(runs, key=lambda r: (r[0], r[1])):
        if merged and start <= merged[-1][1] + 1:
            ps, pe, ppts = merged[-1]
            merged[-1] = (ps, max(pe, end), sorted(set(ppts) | set(pts)))
        else:
            merged.append((start, end, list(pts)))
    return merged


def western_electric_signals(
    values: Sequence[float | None], centre: float, sigma: float | Sequence[float]
) -> list[Signal]:
    """Find Western Electric run-rule signals.

    Method: Western Electric Co., "Statistical Quality Control Handbook" (1956), tests
    for unnatural patterns: (1) one point beyond 3 sigma; (2) 2 of 3 consecutive points
    beyond 2 sigma on the same side; (3) 4 of 5 consecutive points beyond 1 sigma on the
    same side; (4) 8 consecutive points on the same side of the centre line. "Beyond"
    is strict; a point exactly on the centre line breaks a rule-4 run. ``sigma`` is one
    number or one per point (p charts). ``None``/NaN points are skipped (windows and runs
    are counted over the available points); indices in the result refer to ``values``.
    Overlapping or touching runs of the same rule and side are merged into one signal.
    Signals are ordered by start index, then rule.
    """
    xs, idx = _compact(values)
    if isinstance(sigma, (int, float)):
        sig = [float(sigma)] * len(xs)
    else:
        per_point = [float(s) for s in sigma]
        if len(per_point) != len(values):
            raise ValueError("per-point sigma must have one entry per value")
        sig = [per_point[i] for i in idx]
    if any(not s >= 0 for s in sig):  # negative or NaN
        raise ValueError("sigma must be non-negative")
    beyond = {
        k: [_beyond(x, centre, s, k) for x, s in zip(xs, sig, strict=True)] for k in (3, 2, 1, 0)
    }
    found: list[Signal] = []
    for side, word in ((1, "above"), (-1, "below")):
        rule_runs: dict[int, list[tuple[int, int, list[int]]]] = {
            1: [(k, k, [k]) for k, f in enumerate(beyond[3]) if f == side],
            2: _window_runs(beyond[2], 3, 2, side),
            3: _window_runs(beyond[1], 5, 4, side),
            4: _window_runs(beyond[0], 8, 8, side),
        }
        for rule, runs in rule_runs.items():
            for start, end, pts in _merge(runs):
                found.append(
                    Signal(
                        rule=rule,
                        text=RULE_TEXT[rule],
                        start=idx[start],
                        end=idx[end],
                        side=word,
                        points=[idx[p] for p in pts],
                        length=end - start + 1,
                    )
                )
    found.sort(key=lambda s: (s.start, s.rule, s.side))
    return found


def _when(signal: Signal, labels: Sequence[str]) -> str:
    if signal.start == signal.end:
        return f"on {labels[signal.start]}"
    if signal.end == len(labels) - 1:
        return f"since {labels[signal.start]}"
    return f"from {labels[signal.start]} to {labels[signal.end]}"


def describe_signal(signal: Signal, period_labels: Sequence[str], unit_word: str = "weeks") -> str:
    """Plain-English sentence for a signal, e.g. "8 weeks in a row above the centre line
    since 3 March 2025" or "a point above the upper limit on 10 November 2025".

    ``period_labels`` holds one display label per point of the series the signal came
    from (same indexing). A run that reaches the last label is described with "since";
    one that ended earlier with "from ... to ...". Rule 2 reads "near or beyond the
    upper/lower limit" (beyond 2 sigma), rule 3 "well above/below the centre line"
    (beyond 1 sigma).
    """
    if not 0 <= signal.start <= signal.end < len(period_labels):
        raise ValueError("signal indices fall outside period_labels")
    when = _when(signal, period_labels)
    count = len(signal.points)
    limit = "upper" if signal.side == "above" else "lower"
    if signal.rule == 1:
        if count == 1:
            return f"a point {signal.side} the {limit} limit {when}"
        return f"{count} {unit_word} in a row {signal.side} the {limit} limit {when}"
    if signal.rule == 4:
        return f"{count} {unit_word} in a row {signal.side} the centre line {when}"
    if signal.rule == 2:
        where = f"near or beyond the {limit} limit"
    elif signal.rule == 3:
        where = f"well {signal.side} the centre line"
    else:
        raise ValueError(f"unknown rule {signal.rule}")
    return f"{count} of {signal.length} {unit_word} {where} {when}"
