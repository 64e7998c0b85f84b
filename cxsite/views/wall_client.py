"""What the wall's page hands to ``wall.js``: the charts each screen draws, and how
the wall runs (rotation, polling, staleness, segments)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.serialise import OMIT_NONE


@dataclass(frozen=True)
class WallChart:
    """A chart on a wall screen: the element it is drawn into and which figure it is."""

    id: str
    figure: str  # "trend", "flow", "issue-flow", "backlog" or "categories"
    metric: str | None = field(default=None, metadata=OMIT_NONE)  # of a trend


@dataclass(frozen=True)
class ScreenRef:
    id: str
    kind: str
    title: str


@dataclass(frozen=True)
class WallClient:
    """Everything wall.js needs, put in the page as JSON."""

    screens: tuple[ScreenRef, ...]
    rotate_seconds: float
    poll_seconds: float
    stale_after_periods: int
    period_unit: str
    period_days: int
    data_as_of: str | None
    build_id: str
    built_at: str
    segments: tuple[str, ...]
    segment: str
    wall_root: str
