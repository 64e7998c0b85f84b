"""How long lists fold on the pages: the numbers every template reads from here.

A list longer than ``over`` items shows its first ``shown`` and a button for the rest
(cxsite.js reads ``data-fold``); without scripts every item shows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fold:
    over: int
    shown: int


@dataclass(frozen=True)
class Layout:
    tables: Fold = Fold(over=10, shown=8)  # categories, owners, resolution times
    issues: Fold = Fold(over=10, shown=10)  # a page's open issues
    comments: Fold = Fold(over=6, shown=6)
    control_signals: int = 3  # a metric card lists this many current control-chart signals
    pipeline_rows: int = 8  # periods the customer book's table shows, newest first


LAYOUT = Layout()
