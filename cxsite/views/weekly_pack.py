"""The weekly pack: only what really changed this period, most important first.

Three kinds of change are listed, each with its previous value, new value, n and a link:

* **significant changes** — survey scores whose headline window differs from the window
  before by more than sampling noise, with the false discovery rate held across all
  scores tested (Benjamini–Hochberg, see ``insights.survey_tests``);
* **new control-chart signals** — a Western Electric rule that first fired this period;
* **sustained target crossings** — a metric on the other side of its target for
  ``analytics.sustained_periods`` periods in a row, ending this period, after being
  clearly on the first side: a one-period flip on noise is not a crossing. For survey
  scores the side is that of the headline window with its margin of error ("within the
  margin" is neither side).

A period where nothing qualifies says so, rather than listing noise.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..inputs.config import SiteConfig
from ..inputs.journey import Journey, Metric
from ..model.insights import TestsNote
from ..model.measures import format_value
from ..model.target_history import status_history, sustained_crossing
from .comments import TEMPLATE_ONLY

if TYPE_CHECKING:
    from ..model.metric import TileHeadline
    from ..model.site_model import PeriodRef, SiteModel
    from .touchpoint import TouchpointView

# The term on the "how to read this" page that explains each kind of change.
KIND_TERMS = {
    "significant change": "significance",
    "new control-chart signal": "signals",
    "target met": "targets",
    "target missed": "targets",
}


@dataclass(frozen=True)
class ChangePoint:
    """A value of a change, before or after, as the pack shows it."""

    value: float | None
    display: str
    n: int | None
    label: str | None


@dataclass(frozen=True)
class ChangeItem:
    """One real change: where, what kind, the value before and now, and its weight."""

    touchpoint: str  # the touchpoint's name, or "Whole journey"
    url: str
    moment_of_truth: int | None
    metric: str  # the metric's name
    metric_id: str
    kind: str  # "significant change", "new control-chart signal", "target met" / "missed"
    text: str
    previous: ChangePoint
    new: ChangePoint
    good: bool | None
    weight: int


@dataclass(frozen=True)
class AttentionItem:
    """A touchpoint whose headline is off or near target."""

    id: str
    name: str
    url: str
    owner: str
    moment_of_truth: int | None
    headline: TileHeadline | None
    open_issues: int


@dataclass(frozen=True)
class IssuesThisPeriod:
    opened: int | None
    closed: int | None
    backlog: int | None
    backlog_change: int | None


@dataclass(frozen=True)
class ChangeRow:
    item: ChangeItem
    term: str | None  # the explanation of its kind


@dataclass(frozen=True)
class AttentionRow:
    touchpoint: AttentionItem
    owner_name: str  # the owner's name without their role


@dataclass(frozen=True)
class ChangesPage:
    """The weekly pack: its fields are its data file, the rows are for its template."""

    period: PeriodRef | None
    items: tuple[ChangeItem, ...]
    sustained_periods: int
    summary: str
    attention: tuple[AttentionItem, ...]
    issues: IssuesThisPeriod
    rows: tuple[ChangeRow, ...] = field(default=(), metadata=TEMPLATE_ONLY)
    attention_rows: tuple[AttentionRow, ...] = field(default=(), metadata=TEMPLATE_ONLY)


def _point(value: float | None, n: int | None, label: str | None, metric: Metric) -> ChangePoint:
    display = format_value(value, metric) if value is not None else "–"
    return ChangePoint(value=value, display=display, n=n, label=label)


def what_changed(
    model: SiteModel, touchpoints: Sequence[TouchpointView], journey: Journey, config: SiteConfig
) -> ChangesPage:
    """The latest period's real changes, each linking to its page (module docstring)."""
    tiles = {t.id: t for t in touchpoints}
    unit = config.period.unit
    sustain = config.analytics.sustained_periods
    items: list[ChangeItem] = []
    for summary in model.metrics.values():
        metric = journey.metric_by_id[summary.id]
        tp = tiles.get(summary.touchpoint or "")
        where = functools.partial(
            ChangeItem,
            touchpoint=tp.name if tp else "Whole journey",
            url=(tp.url if tp else "index.html") + f"#metric-{summary.id}",
            moment_of_truth=tp.moment_of_truth if tp else None,
            metric=summary.name,
            metric_id=summary.id,
        )
        test = summary.change_test
        if test and test.significant:
            before, now = summary.previous, summary.latest
            items.append(
                where(
                    kind="significant change",
                    text=f"{'rose' if test.direction == 'up' else 'fell'} "
                    f"{summary.change_display} (q = {test.q_value:.3f})",
                    previous=_point(before.value, before.n, before.label, metric),
                    new=_point(now.value, now.n, now.label, metric),
                    good=summary.change_better,
                    weight=3,
                )
            )
        series = summary.series
        for signal in summary.control.signals if summary.control else ():
            if not signal.new or len(series) < 2:
                continue
            last, this = series[-2], series[-1]
            items.append(
                where(
                    kind="new control-chart signal",
                    text=signal.text,
                    previous=_point(last.value, last.n, "the period before", metric),
                    new=_point(this.value, this.n, "this period", metric),
                    good=signal.better,
                    weight=2,
                )
            )
        crossing = sustained_crossing(status_history(summary, metric, config), sustain)
        if crossing is not None:
            side, was, became = crossing
            items.append(
                where(
                    kind="target met" if side == "met" else "target missed",
                    text=f"{'on' if side == 'met' else 'off'} target for {sustain} {unit}s "
                    f"in a row against a target of {summary.target_display}",
                    previous=_point(was.value, was.n, was.period, metric),
                    new=_point(became.value, became.n, became.period, metric),
                    good=side == "met",
                    weight=2,
                )
            )
    items.sort(
        key=lambda i: (
            i.moment_of_truth is None,
            i.moment_of_truth or 0,
            -i.weight,
            i.good is not False,
            i.touchpoint,
            i.metric,
        )
    )
    tests = model.site.tests
    significant = sum(1 for i in items if i.kind == "significant change")
    latest = model.issues.latest
    attention = _attention(touchpoints)
    return ChangesPage(
        period=model.site.period.latest,
        items=tuple(items),
        sustained_periods=sustain,
        summary=_summary(significant, tests, len(items)),
        attention=tuple(attention),
        issues=IssuesThisPeriod(
            opened=latest.opened if latest else None,
            closed=latest.closed if latest else None,
            backlog=latest.backlog if latest else None,
            backlog_change=model.issues.backlog_change,
        ),
        rows=tuple(ChangeRow(i, KIND_TERMS.get(i.kind)) for i in items),
        attention_rows=tuple(AttentionRow(t, t.owner.split(",")[0]) for t in attention),
    )


def _summary(significant: int, tests: TestsNote | None, count: int) -> str:
    tested = tests.tested if tests else 0
    if count == 0:
        return (
            f"Nothing changed significantly this period: none of the {tested} survey scores "
            "tested moved beyond sampling noise, no control chart gave a new signal and no "
            "target was crossed for long enough to count."
        )
    if significant == 0:
        return (
            f"No survey score changed significantly ({tested} tested); "
            "what is listed are new control-chart signals and sustained target crossings."
        )
    return f"{significant} of {tested} survey scores changed significantly."


def _attention(touchpoints: Sequence[TouchpointView]) -> list[AttentionItem]:
    """Touchpoints whose headline is off target (supported by the data), MoTs first."""
    chosen = [t for t in touchpoints if t.tile.status in ("off", "near")]
    chosen.sort(
        key=lambda t: (
            t.moment_of_truth is None,
            t.moment_of_truth or 0,
            t.tile.status != "off",
            t.name,
        )
    )
    return [
        AttentionItem(
            id=t.id,
            name=t.name,
            url=t.url,
            owner=t.owner,
            moment_of_truth=t.moment_of_truth,
            headline=t.headline,
            open_issues=t.issues.open_count,
        )
        for t in chosen
    ]
