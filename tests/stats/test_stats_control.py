"""XmR and p charts, Western Electric rules and their plain-English descriptions.

The four rules tested are the "tests for unnatural patterns" of the Western Electric
Statistical Quality Control Handbook (1956): one point beyond 3 sigma; 2 of 3 beyond
2 sigma on one side; 4 of 5 beyond 1 sigma on one side; 8 in a row on one side.
Each rule is checked just inside and just outside its boundary so the tests can fail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from cxsite.stats.control import (
    RULE_TEXT,
    Signal,
    describe_signal,
    p_chart,
    western_electric_signals,
    xmr_chart,
)


def weekly_labels(start: date, n: int) -> list[str]:
    return [
        f"{(start + timedelta(weeks=k)).day} {(start + timedelta(weeks=k)):%B %Y}" for k in range(n)
    ]


def rules(signals: list[Signal]) -> list[tuple[int, str, int, int]]:
    return [(s.rule, s.side, s.start, s.end) for s in signals]


def test_xmr_limits_by_hand() -> None:
    # values 10 12 11 15 13 14: mean = 75/6 = 12.5
    # moving ranges |12-10| |11-12| |15-11| |13-15| |14-13| = 2 1 4 2 1, mR-bar = 10/5 = 2
    # natural process limits 12.5 +/- 2.66 x 2 = 12.5 +/- 5.32 -> 7.18 .. 17.82
    # sigma = 2 / 1.128 = 1.773050; 2 sigma zone 12.5 +/- 3.546099; URL = 3.268 x 2 = 6.536
    chart = xmr_chart([10, 12, 11, 15, 13, 14])
    assert chart.centre == pytest.approx(12.5)
    assert chart.mr_bar == pytest.approx(2.0)
    assert chart.moving_ranges == [None, 2.0, 1.0, 4.0, 2.0, 1.0]
    assert chart.upper == pytest.approx(17.82)
    assert chart.lower == pytest.approx(7.18)
    assert chart.sigma == pytest.approx(1.773050, abs=1e-6)
    assert chart.upper_2sigma == pytest.approx(16.046099, abs=1e-6)
    assert chart.lower_1sigma == pytest.approx(10.726950, abs=1e-6)
    assert chart.mr_upper == pytest.approx(6.536)
    assert chart.signals == []


def test_xmr_limits_equal_three_sigma() -> None:
    # 2.66 is 3 / 1.128 rounded: the limits sit at (almost exactly) 3 sigma.
    chart = xmr_chart([4.0, 7.0, 5.0, 6.5, 5.5, 6.0, 4.5])
    assert chart.upper is not None and chart.centre is not None and chart.sigma is not None
    assert (chart.upper - chart.centre) / chart.sigma == pytest.approx(3.0, abs=1e-3)


def test_xmr_skips_missing_points() -> None:
    # None is skipped: moving ranges join 10 -> 12 -> 11 across the gap.
    chart = xmr_chart([10, None, 12, float("nan"), 11])
    assert chart.n == 3
    assert chart.moving_ranges == [None, None, 2.0, None, 1.0]
    assert chart.mr_bar == pytest.approx(1.5)


def test_xmr_too_short() -> None:
    chart = xmr_chart([5.0])
    assert chart.centre is None and chart.upper is None and chart.signals == []
    assert xmr_chart([]).n == 0


def test_xmr_bounds_clip_displayed_limits() -> None:
    # centre 1, mR-bar 2 -> lower limit 1 - 5.32 < 0, clipped to 0 for a count.
    chart = xmr_chart([0, 2, 0, 2, 0, 2], lower_bound=0.0)
    assert chart.lower == 0.0
    assert chart.upper == pytest.approx(1 + 5.32)


def test_xmr_baseline_fixes_limits_and_catches_shift() -> None:
    # Baseline 8 weeks around 10 (mean 10, mR-bar 1.0), then the process moves up by 1.2.
    base = [10.5, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5]
    after = [11.2, 11.0, 11.4, 11.1, 11.3, 11.2, 11.0, 11.3]
    chart = xmr_chart(base + after, baseline=8)
    assert chart.centre == pytest.approx(10.0)
    assert chart.mr_bar == pytest.approx(1.0)
    r4 = [s for s in chart.signals if s.rule == 4]
    assert [(s.side, s.start, s.end) for s in r4] == [("above", 8, 15)]
    # sigma = 1/1.128 = 0.8865; 1 sigma above = 10.8865: all 8 later points are beyond it
    r3 = [s for s in chart.signals if s.rule == 3]
    assert [(s.side, s.start, s.end) for s in r3] == [("above", 8, 15)]
    # without a baseline the centre is the mean of all 16: (80 + 89.5) / 16 = 10.59375
    assert xmr_chart(base + after).centre == pytest.approx(10.59375)


def test_rule1_point_beyond_three_sigma() -> None:
    all_sig = western_electric_signals([0.0, 2.99, 3.01, -0.2, -3.2], centre=0.0, sigma=1.0)
    sig = [s for s in all_sig if s.rule == 1]
    assert rules(sig) == [(1, "above", 2, 2), (1, "below", 4, 4)]
    # 2.99 and 3.01 are also 2 of 3 beyond 2 sigma (rule 2)
    assert (2, "above", 1, 2) in rules(all_sig)
    assert sig[0].text == RULE_TEXT[1]
    assert sig[0].points == [2] and sig[0].length == 1


def test_rule1_adjacent_points_merge() -> None:
    sig = western_electric_signals([0.0, 3.5, 3.6, 0.0], centre=0.0, sigma=1.0)
    r1 = [s for s in sig if s.rule == 1]
    assert rules(r1) == [(1, "above", 1, 2)] and r1[0].points == [1, 2]


def test_rule2_two_of_three_beyond_two_sigma() -> None:
    sig = western_electric_signals([2.5, 0.1, 2.2], centre=0.0, sigma=1.0)
    assert rules(sig) == [(2, "above", 0, 2)]
    assert sig[0].points == [0, 2] and sig[0].length == 3
    # 2 of 4 (a gap of two points) is not 2 of 3
    assert western_electric_signals([2.5, 0.1, 0.1, 2.2], centre=0.0, sigma=1.0) == []
    # opposite sides do not count together
    assert western_electric_signals([2.5, -2.5, 0.0], centre=0.0, sigma=1.0) == []
    # exactly on 2 sigma is not beyond it
    assert western_electric_signals([2.0, 2.5, 0.0], centre=0.0, sigma=1.0) == []


def test_rule3_four_of_five_beyond_one_sigma() -> None:
    sig = western_electric_signals([1.5, 1.2, 0.3, 1.1, 1.9], centre=0.0, sigma=1.0)
    assert rules(sig) == [(3, "above", 0, 4)]
    assert sig[0].points == [0, 1, 3, 4]
    assert western_electric_signals([1.5, 1.2, 0.3, 0.9, 1.9], centre=0.0, sigma=1.0) == []
    below = western_electric_signals([-1.5, -1.2, -1.1, -1.9, 0.0], centre=0.0, sigma=1.0)
    assert rules(below) == [(3, "below", 0, 3)]


def test_rule4_eight_in_a_row() -> None:
    assert rules(western_electric_signals([0.1] * 8, 0.0, 1.0)) == [(4, "above", 0, 7)]
    assert western_electric_signals([0.1] * 7, 0.0, 1.0) == []
    # a point exactly on the centre line breaks the run
    assert western_electric_signals([0.1] * 4 + [0.0] + [0.1] * 4, 0.0, 1.0) == []
    # 11 in a row is one merged signal covering all of them
    sig = western_electric_signals([-0.2] * 11, 0.0, 1.0)
    assert rules(sig) == [(4, "below", 0, 10)] and len(sig[0].points) == 11


def test_rule4_separate_runs_stay_separate() -> None:
    values = [0.1] * 8 + [-0.1] + [0.1] * 8
    assert rules(western_electric_signals(values, 0.0, 1.0)) == [
        (4, "above", 0, 7),
        (4, "above", 9, 16),
    ]


def test_missing_points_are_skipped_not_breaking() -> None:
    values: list[float | None] = [0.1, 0.1, 0.1, 0.1, None, 0.1, 0.1, 0.1, 0.1]
    sig = western_electric_signals(values, 0.0, 1.0)
    assert rules(sig) == [(4, "above", 0, 8)]
    assert 4 not in sig[0].points and sig[0].length == 8


def test_overlapping_rule2_windows_merge() -> None:
    # points 0, 1, 2, 3 all beyond 2 sigma: windows 0-2 and 1-3 overlap -> one signal
    sig = western_electric_signals([2.5, 2.6, 2.4, 2.7, 0.0], 0.0, 1.0)
    assert [(s.rule, s.start, s.end) for s in sig if s.rule == 2] == [(2, 0, 3)]


def test_p_chart_by_hand() -> None:
    # p-bar = (10 + 15 + 5 + 20) / (100 + 100 + 50 + 150) = 50/400 = 0.125
    # sigma_i = sqrt(0.125 x 0.875 / n_i) = sqrt(0.109375 / n_i)
    #   n = 100: 0.0330719 -> 0.125 +/- 0.0992157 = 0.0257843 .. 0.2242157
    #   n = 50:  0.0467707 -> upper 0.2653122, lower 0.125 - 0.1403122 < 0 -> 0
    #   n = 150: 0.0270031 -> 0.0439907 .. 0.2060093
    chart = p_chart([10, 15, 5, 20], [100, 100, 50, 150])
    assert chart.centre == pytest.approx(0.125)
    assert chart.proportions == pytest.approx([0.10, 0.15, 0.10, 0.20 / 1.5])
    assert chart.upper == pytest.approx([0.2242157, 0.2242157, 0.2653122, 0.2060093], abs=1e-7)
    assert chart.lower == pytest.approx([0.0257843, 0.0257843, 0.0, 0.0439907], abs=1e-7)
    assert chart.signals == []


def test_p_chart_point_beyond_its_own_limit() -> None:
    # p-bar = 60/400 = 0.15; week 3: 30/100 = 0.30; sigma = sqrt(0.1275/100) = 0.035707
    # upper = 0.15 + 0.107121 = 0.257121 < 0.30 -> rule 1
    chart = p_chart([10, 10, 30, 10], [100, 100, 100, 100])
    assert chart.upper[2] == pytest.approx(0.257121, abs=1e-6)
    assert rules([s for s in chart.signals if s.rule == 1]) == [(1, "above", 2, 2)]


def test_p_chart_same_proportion_differs_by_sample_size() -> None:
    # 0.25 against p-bar 0.2: with n = 40 sigma = 0.063 (not beyond 3 sigma), with
    # n = 4000 sigma = 0.0063 (far beyond). Per-point sigmas must be used.
    small = western_electric_signals([0.25], 0.2, [(0.2 * 0.8 / 40) ** 0.5])
    big = western_electric_signals([0.25], 0.2, [(0.2 * 0.8 / 4000) ** 0.5])
    assert small == [] and rules(big) == [(1, "above", 0, 0)]


def test_p_chart_empty_week() -> None:
    chart = p_chart([5, 0, 7], [50, 0, 60])
    assert chart.proportions[1] is None and chart.upper[1] is None
    assert chart.centre == pytest.approx(12 / 110)
    with pytest.raises(ValueError):
        p_chart([5, 6], [4, 10])


def test_describe_signal_sentences() -> None:
    labels = weekly_labels(date(2025, 1, 6), 16)
    assert labels[8] == "3 March 2025"
    run = Signal(4, RULE_TEXT[4], 8, 15, "above", list(range(8, 16)), 8)
    assert (
        describe_signal(run, labels) == "8 weeks in a row above the centre line since 3 March 2025"
    )
    ended = Signal(4, RULE_TEXT[4], 0, 7, "below", list(range(8)), 8)
    assert (
        describe_signal(ended, labels)
        == "8 weeks in a row below the centre line from 6 January 2025 to 24 February 2025"
    )
    point = Signal(1, RULE_TEXT[1], 3, 3, "above", [3], 1)
    assert describe_signal(point, labels) == "a point above the upper limit on 27 January 2025"
    low = Signal(1, RULE_TEXT[1], 15, 15, "below", [15], 1)
    assert describe_signal(low, labels) == "a point below the lower limit on 21 April 2025"
    two = Signal(2, RULE_TEXT[2], 5, 7, "above", [5, 7], 3)
    assert (
        describe_signal(two, labels, unit_word="months")
        == "2 of 3 months near or beyond the upper limit from 10 February 2025 to 24 February 2025"
    )
    four = Signal(3, RULE_TEXT[3], 11, 15, "below", [11, 12, 14, 15], 5)
    assert describe_signal(four, labels) == (
        "4 of 5 weeks well below the centre line since 24 March 2025"
    )
    with pytest.raises(ValueError):
        describe_signal(point, labels[:2])


def test_describe_signal_end_to_end() -> None:
    values = [50.0, 52, 49, 51, 50, 48, 50, 51, 46, 45, 46, 44, 45, 46, 45, 44]
    labels = weekly_labels(date(2025, 1, 6), len(values))
    chart = xmr_chart(values, baseline=8)
    r4 = [s for s in chart.signals if s.rule == 4]
    assert len(r4) == 1
    assert describe_signal(r4[0], labels) == (
        "8 weeks in a row below the centre line since 3 March 2025"
    )


def test_charts_are_plain_json(assert_plain: Callable[[object], None]) -> None:
    assert_plain(xmr_chart([1.0, 5.0, 2.0, None, 9.0, 3.0, 12.0, 20.0]).to_dict())
    assert_plain(xmr_chart([1]).to_dict())
    assert_plain(p_chart([1, 2, 0, 9], [10, 10, 0, 10]).to_dict())
