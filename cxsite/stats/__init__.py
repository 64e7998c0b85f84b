"""Statistics for the customer room: intervals, change tests, control charts, lagged
correlation, key drivers, issue flow and comment text analytics.

Every function is pure and returns a dataclass with ``to_dict()`` (plain JSON-ready
values: str, int, float, bool, None, lists and dicts) or plain Python values.

Names are loaded on first use (PEP 562), so ``import cxsite.stats.text`` does not
pull in numpy, pandas or scipy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cxsite.stats.control import (
        PChart,
        Signal,
        XmRChart,
        describe_signal,
        p_chart,
        western_electric_signals,
        xmr_chart,
    )
    from cxsite.stats.drivers import (
        DriverResult,
        IPItem,
        IPResult,
        importance_performance,
        relative_weights,
        rescale_to_100,
    )
    from cxsite.stats.intervals import Interval, mean_interval, nps_interval, wilson_interval
    from cxsite.stats.issueflow import (
        Projection,
        ResolutionSummary,
        burndown_projection,
        resolution_times,
    )
    from cxsite.stats.lagcorr import LagPoint, LagResult, lagged_correlation
    from cxsite.stats.significance import (
        ChangeTest,
        benjamini_hochberg,
        bh_adjust,
        nps_change_test,
        two_proportion_test,
        welch_test,
        welch_test_summary,
    )
    from cxsite.stats.text import Theme, detect_language, find_themes, text_sentiment

_HOME: dict[str, str] = {
    **dict.fromkeys(
        (
            "PChart",
            "Signal",
            "XmRChart",
            "describe_signal",
            "p_chart",
            "western_electric_signals",
            "xmr_chart",
        ),
        "control",
    ),
    **dict.fromkeys(
        (
            "DriverResult",
            "IPItem",
            "IPResult",
            "importance_performance",
            "relative_weights",
            "rescale_to_100",
        ),
        "drivers",
    ),
    **dict.fromkeys(("Interval", "mean_interval", "nps_interval", "wilson_interval"), "intervals"),
    **dict.fromkeys(
        ("Projection", "ResolutionSummary", "burndown_projection", "resolution_times"),
        "issueflow",
    ),
    **dict.fromkeys(("LagPoint", "LagResult", "lagged_correlation"), "lagcorr"),
    **dict.fromkeys(
        (
            "ChangeTest",
            "benjamini_hochberg",
            "bh_adjust",
            "nps_change_test",
            "two_proportion_test",
            "welch_test",
            "welch_test_summary",
        ),
        "significance",
    ),
    **dict.fromkeys(("Theme", "detect_language", "find_themes", "text_sentiment"), "text"),
}

__all__ = [
    "ChangeTest",
    "DriverResult",
    "IPItem",
    "IPResult",
    "Interval",
    "LagPoint",
    "LagResult",
    "PChart",
    "Projection",
    "ResolutionSummary",
    "Signal",
    "Theme",
    "XmRChart",
    "benjamini_hochberg",
    "bh_adjust",
    "burndown_projection",
    "describe_signal",
    "detect_language",
    "find_themes",
    "importance_performance",
    "lagged_correlation",
    "mean_interval",
    "nps_change_test",
    "nps_interval",
    "p_chart",
    "relative_weights",
    "rescale_to_100",
    "resolution_times",
    "text_sentiment",
    "two_proportion_test",
    "welch_test",
    "welch_test_summary",
    "western_electric_signals",
    "wilson_interval",
    "xmr_chart",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
