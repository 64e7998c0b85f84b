"""The ``cxsite.stats`` facade: every public name resolves, and text stays light."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import cxsite.stats as stats

ROOT = Path(__file__).resolve().parents[2]


def test_every_public_name_resolves() -> None:
    assert sorted(stats.__all__) == sorted(stats._HOME)
    for name in stats.__all__:
        assert getattr(stats, name) is not None
    assert stats.nps_interval(5, 3, 2).value == pytest.approx(30.0)
    with pytest.raises(AttributeError):
        _ = stats.no_such_function  # type: ignore[attr-defined]


def test_text_tools_do_not_load_numeric_stack() -> None:
    code = (
        "import sys, cxsite.stats.text as t; t.text_sentiment('ok', 'en');"
        "t.comment_terms('hold music', 'en');"
        "print(sorted(m for m in ('numpy', 'pandas', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_numpy_inputs_give_plain_outputs(assert_plain: Callable[[object], None]) -> None:
    # Counts and series usually come out of pandas as numpy scalars and arrays; the
    # results must still be plain Python (np.float64 would pass json.dumps but not this).
    i64 = np.int64
    series = np.array([10.0, 12.0, np.nan, 11.0, 15.0, 13.0, 14.0, 16.0, 30.0])
    outputs: list[object] = [
        stats.nps_interval(i64(50), i64(30), i64(20)).to_dict(),
        stats.wilson_interval(i64(81), i64(263)).to_dict(),
        stats.mean_interval(series).to_dict(),
        stats.nps_change_test((i64(5), i64(3), i64(2)), (i64(8), i64(1), i64(1))).to_dict(),
        stats.two_proportion_test(i64(3), i64(10), i64(7), i64(10)).to_dict(),
        stats.welch_test_summary(np.float64(3.0), 1.0, i64(5), 4.0, 1.5, i64(6)).to_dict(),
        stats.bh_adjust(np.array([0.01, 0.04, 0.3])),
        stats.xmr_chart(series).to_dict(),
        stats.p_chart(np.array([3, 5, 4]), np.array([30, 40, 35])).to_dict(),
        stats.lagged_correlation(series, series[::-1], max_lag=1).to_dict(),
        stats.burndown_projection(np.array([40, 38, 35, 30]), i64(10), window=i64(4)).to_dict(),
        stats.importance_performance(
            ["a", "b"], np.array([0.6, 0.4]), np.array([50.0, 70.0])
        ).to_dict(),
    ]
    for out in outputs:
        assert_plain(out)
