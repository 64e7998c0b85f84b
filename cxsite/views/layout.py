"""How the pages lay things out and name them: the numbers and words every template reads
from here (as ``layout``), so none is written into a template.

A list longer than a fold's ``over`` items shows its first ``shown`` and a button for the
rest (cxsite.js reads ``data-fold``); without scripts every item shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fold:
    over: int
    shown: int


@dataclass(frozen=True)
class WallLayout:
    big_outcomes: int = 2  # up to this many outcome cards are drawn in the largest type
    max_dots: int = 24  # beyond this many screens the footer shows the counter only
    # the backlog's direction as an arrow; a steady backlog points ahead
    pace_arrows: Mapping[str, str] = field(default_factory=lambda: {"down": "▼", "up": "▲"})
    steady_arrow: str = "▶"


@dataclass(frozen=True)
class Layout:
    tables: Fold = Fold(over=10, shown=8)  # categories, owners, resolution times
    issues: Fold = Fold(over=10, shown=10)  # a page's open issues
    comments: Fold = Fold(over=6, shown=6)
    control_signals: int = 3  # a metric card lists this many current control-chart signals
    pipeline_rows: int = 8  # periods the customer book's table shows, newest first
    kind_labels: Mapping[str, str] = field(
        default_factory=lambda: {
            "process": "Internal process",
            "survey": "Survey",
            "outcome": "Outcome",
        }
    )
    wall: WallLayout = WallLayout()


LAYOUT = Layout()


def percent(share: float) -> int:
    """A share (0.95) as the whole percent a page prints (95)."""
    return int(round(share * 100, 0))
