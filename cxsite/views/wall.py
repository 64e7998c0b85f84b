"""Wall mode: the screens shown on the customer room's monitors, from the site model.

The wall is a view of the same computed model the browsable pages show — nothing is
recomputed from raw data here. This module picks and shapes what each screen needs
(``wall_model``); ``cxsite.figures.wall`` draws its charts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..inputs.config import SiteConfig
from ..model.flow import FlowStep
from ..model.issue_types import CategoryCount, IssuesModel
from .comments import TEMPLATE_ONLY
from .touchpoint import MetricPair, TouchpointView
from .wall_cards import (
    TREND_PERIODS,
    BacklogPace,
    IssueCard,
    WallComment,
    WallMetricCard,
    backlog_pace,
    built_display,
    date_display,
    issue_card,
    metric_card,
    owner_parts,
    pick_comments,
    plural,
    trend_chart,
)
from .wall_client import ScreenRef, WallChart, WallClient
from .wall_customers import CostCard, CustomerCard, cost_card, customer_card

if TYPE_CHECKING:
    from ..model.metric import MetricSummary
    from ..model.site_model import SiteInfo, SiteModel


ISSUE_PERIODS = 26
MAX_OUTCOMES = 4
TOP_CATEGORIES = 6
OLDEST_ISSUES = 5
MOMENT_ISSUES = 3
MOMENT_OTHERS = 3  # further measures of a moment shown in one row under the headline pair
ACCOUNTABILITY_ROWS = 9  # rows one 16:9 screen holds at wall type sizes
FEW_PERIODS = 6  # up to this many periods a date axis labels each one
PERIOD_DAYS = {"week": 7, "month": 31}


@dataclass(frozen=True)
class OutcomesScreen:
    kind: str
    id: str
    title: str
    cards: tuple[WallMetricCard, ...]
    more: int  # outcomes beyond those shown
    customers: CustomerCard | None
    flow: tuple[FlowStep, ...]
    flow_notes: tuple[str, ...]
    flow_chart: str | None
    charts: tuple[WallChart, ...]


@dataclass(frozen=True)
class IssuesScreen:
    kind: str
    id: str
    title: str
    open_count: int
    opened_latest: int | None
    closed_latest: int | None
    backlog: BacklogPace
    categories: tuple[CategoryCount, ...]
    oldest: tuple[IssueCard, ...]
    cost: CostCard | None
    charts: tuple[WallChart, ...]


@dataclass(frozen=True)
class AccountabilityRow:
    touchpoint: str
    rank: int | None
    name: str
    stage: str
    owner_name: str
    owner_role: str
    metric: WallMetricCard | None
    open_issues: int


@dataclass(frozen=True)
class AccountabilityScreen:
    kind: str
    id: str
    title: str
    rows: tuple[AccountabilityRow, ...]
    charts: tuple[WallChart, ...]


@dataclass(frozen=True)
class HeadlinePair:
    """A moment's headline pair: the survey question and the process metric it maps to."""

    survey: WallMetricCard | None
    process: WallMetricCard | None


@dataclass(frozen=True)
class MomentScreen:
    kind: str
    id: str
    touchpoint: str
    title: str
    rank: int | None
    stage: str
    owner_name: str
    owner_role: str
    head: HeadlinePair
    others: tuple[WallMetricCard, ...]
    more_others: int
    open_issues: int
    issues: tuple[IssueCard, ...]
    comments: tuple[WallComment, ...]
    charts: tuple[WallChart, ...]


Screen = OutcomesScreen | IssuesScreen | AccountabilityScreen | MomentScreen
ScreenBuilder = Callable[[SiteConfig, "SiteModel", Sequence[TouchpointView]], list[Screen]]


@dataclass(frozen=True)
class SegmentLabel:
    id: str
    label: str
    dimension: str


@dataclass(frozen=True)
class WallView:
    """The wall: its screens and how it runs. ``client`` is what wall.js reads."""

    screens: tuple[Screen, ...]
    rotate_seconds: float
    poll_seconds: float
    stale_after_periods: int
    comments: int
    period_unit: str
    period_days: int
    period_label: str | None
    trend_label: str
    headline_label: str
    as_of_display: str
    built_display: str
    client: WallClient
    # a wall pinned to one customer segment names it in its footer
    segment: SegmentLabel | None = field(default=None, metadata=TEMPLATE_ONLY)


def wall_model(config: SiteConfig, model: SiteModel, moments: Sequence[TouchpointView]) -> WallView:
    """Which screens to show, in which order, what each holds and how the wall runs.

    ``moments`` are the touchpoints that are moments of truth, by rank."""
    builders: dict[str, ScreenBuilder] = {
        "outcomes": _outcome_screens,
        "issues": _issue_screens,
        "accountability": _accountability_screens,
        "moments": _moment_screens,
    }
    screens: list[Screen] = []
    for name in config.wall.screens:
        screens += builders[name](config, model, moments)
    site = model.site
    unit = config.period.unit
    return WallView(
        screens=tuple(screens),
        rotate_seconds=config.wall.rotate_seconds,
        poll_seconds=config.wall.poll_seconds,
        stale_after_periods=config.wall.stale_after_periods,
        comments=config.wall.comments,
        period_unit=unit,
        period_days=PERIOD_DAYS.get(unit, 7),
        period_label=site.period.latest.label if site.period.latest else None,
        trend_label=f"last {plural(TREND_PERIODS, unit)}",
        headline_label="survey scores over the last "
        f"{plural(config.analytics.headline_window, unit)}, change vs the ones before",
        as_of_display=date_display(site.data_as_of),
        built_display=built_display(site.built_at),
        client=_client(config, site, screens),
    )


def _client(config: SiteConfig, site: SiteInfo, screens: list[Screen]) -> WallClient:
    """Everything wall.js needs, put in the page as JSON."""
    return WallClient(
        screens=tuple(ScreenRef(s.id, s.kind, s.title) for s in screens),
        rotate_seconds=config.wall.rotate_seconds,
        poll_seconds=config.wall.poll_seconds,
        stale_after_periods=config.wall.stale_after_periods,
        period_unit=config.period.unit,
        period_days=PERIOD_DAYS.get(config.period.unit, 7),
        data_as_of=site.data_as_of,
        build_id=site.build_id,
        built_at=site.built_at,
        # the wall can be pinned to a segment: ?segment=ID opens that segment's wall
        segments=tuple(v.id for d in site.segments for v in d.values),
        segment="",
        wall_root="",
    )


def _outcome_screens(
    config: SiteConfig, model: SiteModel, _moments: Sequence[TouchpointView]
) -> list[Screen]:
    outcomes = model.outcomes
    flow = [s for s in model.flow if s.value is not None]
    flow_notes = [s.note for s in flow if s.note]
    if not outcomes and not flow:
        return []
    unit = config.period.unit
    cards = [
        metric_card(m, unit, f"wall-outcomes-{m.id}", model.metrics[m.id].series)
        for m in outcomes[:MAX_OUTCOMES]
    ]
    return [
        OutcomesScreen(
            kind="outcomes",
            id="outcomes",
            title="Outcomes",
            cards=tuple(cards),
            more=max(0, len(outcomes) - MAX_OUTCOMES),
            customers=customer_card(model.customers),
            flow=tuple(flow),
            flow_notes=tuple(flow_notes),
            flow_chart="wall-outcomes-flow" if flow else None,
            charts=tuple([trend_chart(c) for c in cards if c.chart_id])
            + ((WallChart(id="wall-outcomes-flow", figure="flow"),) if flow else ()),
        )
    ]


def open_categories(issues: IssuesModel) -> tuple[CategoryCount, ...]:
    """The categories the wall's issues screen charts: the most open ones, with any."""
    return tuple(c for c in issues.by_category if c.open)[:TOP_CATEGORIES]


def _issue_screens(
    config: SiteConfig, model: SiteModel, _moments: Sequence[TouchpointView]
) -> list[Screen]:
    issues = model.issues
    if not issues.total:
        return []
    unit = config.period.unit
    latest = issues.latest
    charts: list[WallChart] = []
    if issues.periods:
        charts += [
            WallChart(id="wall-issues-flow", figure="issue-flow"),
            WallChart(id="wall-issues-backlog", figure="backlog"),
        ]
    categories = open_categories(issues)
    if categories:
        charts.append(WallChart(id="wall-issues-categories", figure="categories"))
    return [
        IssuesScreen(
            kind="issues",
            id="issues",
            title="Customer issues",
            open_count=issues.open_count,
            opened_latest=latest.opened if latest else None,
            closed_latest=latest.closed if latest else None,
            backlog=backlog_pace(issues.analytics.projection, unit),
            categories=categories,
            oldest=tuple(issue_card(i) for i in issues.open[:OLDEST_ISSUES]),
            cost=cost_card(model.customers),
            charts=tuple(charts),
        )
    ]


def _accountability_screens(
    config: SiteConfig, model: SiteModel, moments: Sequence[TouchpointView]
) -> list[Screen]:
    rows = [_accountability_row(t, model, config.period.unit) for t in moments]
    pages = [rows[i : i + ACCOUNTABILITY_ROWS] for i in range(0, len(rows), ACCOUNTABILITY_ROWS)]
    screens: list[Screen] = []
    for number, chunk in enumerate(pages, start=1):
        suffix = f" ({number}/{len(pages)})" if len(pages) > 1 else ""
        screens.append(
            AccountabilityScreen(
                kind="accountability",
                id="accountability" if number == 1 else f"accountability-{number}",
                title=f"Moments of truth{suffix}",
                rows=tuple(chunk),
                charts=(),
            )
        )
    return screens


def _accountability_row(tp: TouchpointView, model: SiteModel, unit: str) -> AccountabilityRow:
    headline = model.metrics[tp.headline.id] if tp.headline else None
    card = metric_card(headline, unit, None, headline.series) if headline else None
    name, role = owner_parts(tp.owner)
    return AccountabilityRow(
        touchpoint=tp.id,
        rank=tp.moment_of_truth,
        name=tp.name,
        stage=tp.stage.name,
        owner_name=name,
        owner_role=role,
        metric=card,
        open_issues=tp.issues.open_count,
    )


def _moment_screens(
    config: SiteConfig, model: SiteModel, moments: Sequence[TouchpointView]
) -> list[Screen]:
    return [_moment_screen(t, model, config) for t in moments]


def _moment_screen(tp: TouchpointView, model: SiteModel, config: SiteConfig) -> MomentScreen:
    unit = config.period.unit
    metrics = model.metrics
    pairs = tp.pairs
    headline_id = tp.headline.id if tp.headline else None
    first = next((p for p in pairs if headline_id in (p.survey, p.process)), None)
    first = first or (pairs[0] if pairs else MetricPair(None, None))
    cards: list[WallMetricCard | None] = []
    for side in ("survey", "process"):
        chosen = getattr(first, side)
        summary = metrics.get(chosen or "")
        chart = f"wall-moment-{tp.id}-{chosen}"
        cards.append(metric_card(summary, unit, chart, summary.series) if summary else None)
    head = HeadlinePair(survey=cards[0], process=cards[1])
    others = _other_cards(pairs, first, metrics, unit)
    name, role = owner_parts(tp.owner)
    return MomentScreen(
        kind="moment",
        id=f"moment-{tp.id}",
        touchpoint=tp.id,
        title=tp.name,
        rank=tp.moment_of_truth,
        stage=tp.stage.name,
        owner_name=name,
        owner_role=role,
        head=head,
        others=tuple(others[:MOMENT_OTHERS]),
        more_others=max(0, len(others) - MOMENT_OTHERS),
        open_issues=tp.issues.open_count,
        issues=tuple(issue_card(i) for i in tp.issues.open[:MOMENT_ISSUES]),
        comments=tuple(pick_comments(tp.comments, config.wall.comments, config.privacy)),
        charts=tuple(trend_chart(c) for c in cards if c and c.chart_id),
    )


def _other_cards(
    pairs: Sequence[MetricPair], first: MetricPair, metrics: Mapping[str, MetricSummary], unit: str
) -> list[WallMetricCard]:
    """The touchpoint's other measures, survey beside the process metric it maps to.

    A process metric several survey questions map to is shown once.
    """
    shown = {first.survey, first.process}
    cards = []
    for pair in pairs:
        for side in ("survey", "process"):
            metric_id = getattr(pair, side)
            if metric_id in shown or metric_id not in metrics:
                continue
            shown.add(metric_id)
            summary = metrics[metric_id]
            cards.append(metric_card(summary, unit, None, summary.series, side))
    return cards
