"""Issue counts per period, computed in the engine.

Only one row per touchpoint and period reaches Python: how many issues were opened and
how many closed in it. Backlogs (open at the end of each period) are running sums of
those, made in Python on the small result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .aggregates import in_calendar
from .periods import Calendar

if TYPE_CHECKING:
    import ibis.expr.types as ir


@dataclass(frozen=True)
class IssueFlow:
    """Issues of one touchpoint opened and closed in one period."""

    touchpoint: str
    period: int
    opened: int
    closed: int


def issue_flow(issues: ir.Table, calendar: Calendar) -> list[IssueFlow]:
    """Per touchpoint and period: issues opened and issues closed in it, for the
    periods of the calendar (an issue opened before it still counts when it closes)."""
    import ibis

    opened = (
        in_calendar(issues, calendar, "opened")
        .group_by(["touchpoint", "period"])
        .aggregate(opened=ibis._.count())
    )
    closed = (
        in_calendar(issues, calendar, "closed")
        .group_by(["touchpoint", "period"])
        .aggregate(closed=ibis._.count())
    )
    both = opened.join(closed, ["touchpoint", "period"], how="outer")
    flow = both.select(
        touchpoint=ibis.coalesce(both.touchpoint, both.touchpoint_right),
        period=ibis.coalesce(both.period, both.period_right),
        opened=both.opened.fill_null(0),
        closed=both.closed.fill_null(0),
    )
    rows: list[dict[str, Any]] = flow.to_pyarrow().to_pylist()
    rows.sort(key=lambda r: (r["touchpoint"], r["period"]))
    return [
        IssueFlow(str(r["touchpoint"]), int(r["period"]), int(r["opened"]), int(r["closed"]))
        for r in rows
    ]
