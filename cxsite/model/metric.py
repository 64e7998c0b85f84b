"""The typed summary of one metric: what every page, figure and data file reads of it.

A summary is built once, by :func:`cxsite.model.summaries.metric_summaries`, from
values computed beforehand (series, headline windows, change tests, control chart,
lag link) and never changed afterwards. Field names are the keys of the data files;
fields that exist only for some metrics (a survey metric's interval and change test,
a mapped metric's lag, a segment's tag) are left out of the JSON where they do not
apply (see :mod:`cxsite.model.serialise`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from .control_view import ControlChart
from .links import LagLink
from .serialise import OMIT_NONE, present_with
from .series import CellStats, SeriesPoint


@dataclass(frozen=True, kw_only=True)
class Interval:
    """The margin of error of a survey value."""

    low: float | None
    high: float | None
    margin: float | None
    method: str
    confidence: float
    display: str | None = field(default=None, metadata=OMIT_NONE)


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """A metric's value in one period, or — for survey metrics — in a headline window."""

    period: str | None
    label: str | None
    value: float | None
    n: int
    display: str
    status: str
    status_label: str
    too_few: bool
    caption: str | None = field(default=None, metadata=OMIT_NONE)
    # headline windows only
    window: int | None = field(default=None, metadata=OMIT_NONE)
    first_period: str | None = field(default=None, metadata=present_with("window"))
    stats: CellStats | None = field(default=None, metadata=present_with("window"))
    interval: Interval | None = field(default=None, metadata=present_with("window"))


@dataclass(frozen=True, kw_only=True)
class StatusPoint:
    period: str | None
    value: float | None
    n: int
    status: str


@dataclass(frozen=True, kw_only=True)
class HeadlineWindow:
    periods: int
    label: str


@dataclass(frozen=True, kw_only=True)
class ChangeTest:
    """Is the change between the headline window and the one before real?"""

    p_value: float | None
    statistic: float | None
    method: str
    q_value: float | None
    significant: bool
    direction: str | None  # "up" / "down" when significant
    better: bool | None


@dataclass(frozen=True, kw_only=True)
class SegmentTag:
    id: str
    label: str
    dimension: str
    dimension_label: str


@dataclass(frozen=True, kw_only=True)
class MetricCore:
    """A metric as a stage page shows it; :class:`MetricSummary` adds the analyses."""

    id: str
    name: str
    kind: str
    unit: str | None
    direction: str
    aggregate: str
    source: str
    scale: tuple[float, ...] | None
    target: float | None
    target_display: str
    touchpoint: str | None
    stage: str | None
    maps_to: str | None
    latest: Snapshot
    previous: Snapshot
    change: float | None
    change_display: str
    change_better: bool | None
    series: tuple[SeriesPoint, ...]
    chart_id: str
    # survey metrics with reporting periods: the headline windows
    window: HeadlineWindow | None = field(default=None, metadata=OMIT_NONE)
    status_history: tuple[StatusPoint, ...] | None = field(default=None, metadata=OMIT_NONE)
    interval: Interval | None = field(default=None, metadata=present_with("window"))
    # survey metrics: the change test and its verdict in words
    change_verdict: str | None = field(default=None, metadata=OMIT_NONE)
    change_test: ChangeTest | None = field(default=None, metadata=present_with("change_verdict"))
    segment: SegmentTag | None = field(default=None, metadata=OMIT_NONE)

    @property
    def is_survey(self) -> bool:
        return self.source == "responses"


@dataclass(frozen=True, kw_only=True)
class MetricSummary(MetricCore):
    """Everything the site knows about one metric (for the whole company or a segment)."""

    control: ControlChart | None = None
    lag: LagLink | None = field(default=None, metadata=OMIT_NONE)


STAGE_PERIODS = 53  # a year and a week: stage pages show each headline's recent trend


def stage_metric(summary: MetricCore) -> MetricCore:
    """A metric as a stage page shows it: the last year of its trend, no per-period
    detail (the touchpoint page and its JSON carry the full series)."""
    core: dict[str, Any] = {f.name: getattr(summary, f.name) for f in fields(MetricCore)}
    core["series"] = tuple(
        SeriesPoint(period=p.period, value=p.value, n=p.n) for p in summary.series[-STAGE_PERIODS:]
    )
    return MetricCore(**core)


@dataclass(frozen=True, kw_only=True)
class TileHeadline:
    """The headline metric of a touchpoint as a tile shows it."""

    id: str
    name: str
    unit: str | None
    target: float | None
    target_display: str
    interval: Interval | None
    latest: Snapshot
    change: float | None
    change_display: str
    change_better: bool | None
    direction: str
    aggregate: str
    chart_id: str

    @classmethod
    def of(cls, summary: MetricCore) -> TileHeadline:
        return cls(**{f.name: getattr(summary, f.name) for f in fields(cls)})
