"""The touchpoint page and the tile that stands for a touchpoint on other pages.

A view is built from the model once and is never changed afterwards: its fields are
the page's data file (``data/touchpoints/<id>.json``), its properties are what only the
template needs (the metric pairs with their summaries resolved, the comments' mood).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..inputs.content import ContentItem
from ..inputs.journey import Journey, Touchpoint
from ..model.issue_types import OpenIssue
from ..model.links import LagLink
from ..model.metric import MetricCore, MetricSummary, TileHeadline
from ..model.segments import for_metrics
from ..voice.collect import FILTERABLE
from ..voice.results import Comments, SentimentSummary, Theme, ThemeStatus, VoiceComment
from .comments import TEMPLATE_ONLY, CommentsBlock, CommentWindow, UrlOf
from .metric_card import MetricCard, cards_of

# Segment id → metric id → that segment's summary of the metric.
SegmentSummaries = dict[str, dict[str, MetricCore]]
# Lists on pages are capped (their totals are kept) so a page stays light at any scale.
TOUCHPOINT_ISSUES = 50


@dataclass(frozen=True)
class PageLink:
    """Another page, as a link: its id, its name and its site-relative URL."""

    id: str
    name: str
    url: str


@dataclass(frozen=True)
class IssueList:
    """A page's open issues, oldest first, capped; ``open_count`` counts them all."""

    open_count: int
    open: tuple[OpenIssue, ...]


@dataclass(frozen=True)
class MetricPair:
    """A survey question and the process metric it maps to, shown side by side."""

    survey: str | None
    process: str | None


@dataclass(frozen=True)
class ShownPair:
    """A pair as the page draws it: the two summaries themselves, and the lag analysis
    between them when both exist and it was run."""

    id: str
    survey: MetricSummary | None
    process: MetricSummary | None
    lag: LagLink | None

    @property
    def max_lag(self) -> int:
        """The longest lag tested (lags run from 0)."""
        return len(self.lag.lags) - 1 if self.lag else 0


@dataclass(frozen=True)
class Tile:
    """A touchpoint on the journey map, a stage page or an owner's list."""

    id: str
    name: str
    url: str
    owner: str
    channel: str | None
    moment_of_truth: int | None
    headline: TileHeadline | None

    @property
    def status(self) -> str:
        """The headline's status, ``nodata`` for a touchpoint without a headline."""
        return self.headline.latest.status if self.headline else "nodata"


@dataclass(frozen=True)
class TouchpointView:
    id: str
    name: str
    url: str
    owner: str
    channel: str | None
    moment_of_truth: int | None
    headline: TileHeadline | None
    stage: PageLink
    description: str | None
    metrics: tuple[MetricSummary, ...]
    pairs: tuple[MetricPair, ...]
    issues: IssueList
    comments: tuple[VoiceComment, ...]
    comments_shown: int
    comment_count: int
    themes: tuple[Theme, ...]
    theme_status: ThemeStatus | None
    sentiment: SentimentSummary | None
    content: tuple[ContentNote, ...]
    segments: SegmentSummaries
    comment_block: CommentsBlock = field(metadata=TEMPLATE_ONLY)

    @functools.cached_property
    def cards(self) -> dict[str, MetricCard]:
        """Chart id → the card of each metric the page draws, segment variants included."""
        return cards_of(self.metrics, self.segments)

    @property
    def tile(self) -> Tile:
        return Tile(
            self.id,
            self.name,
            self.url,
            self.owner,
            self.channel,
            self.moment_of_truth,
            self.headline,
        )

    @property
    def shown_pairs(self) -> tuple[ShownPair, ...]:
        by_id = {m.id: m for m in self.metrics}
        shown = []
        for pair in self.pairs:
            survey = by_id.get(pair.survey) if pair.survey else None
            process = by_id.get(pair.process) if pair.process else None
            lag = survey.lag if survey and process else None
            ident = pair.survey or pair.process or ""
            shown.append(ShownPair(ident, survey, process, lag))
        return tuple(shown)


def tile(
    tp: Touchpoint, journey: Journey, summaries: Mapping[str, MetricSummary], url: str
) -> Tile:
    headline = journey.headline_of(tp)
    summary = summaries[headline.id] if headline else None
    return Tile(
        tp.id,
        tp.name,
        url,
        tp.owner,
        tp.channel,
        tp.moment_of_truth,
        TileHeadline.of(summary) if summary else None,
    )


@dataclass(frozen=True)
class ContentNote:
    """A note or action written for a touchpoint or a stage, its Markdown rendered."""

    title: str
    kind: str  # one of inputs.content.CONTENT_KINDS
    owner: str
    date: str | None
    html: str  # sanitised HTML
    file: str  # the Markdown file it came from, relative to the project


def content_for(
    content: Sequence[ContentItem], stage: str | None, touchpoint: str | None
) -> tuple[ContentNote, ...]:
    """The notes and actions written for a touchpoint, or for a stage as a whole."""
    chosen = [
        c
        for c in content
        if (touchpoint and c.touchpoint == touchpoint)
        or (stage and c.stage == stage and c.touchpoint is None)
    ]
    chosen.sort(key=lambda c: (c.order, c.date or "", c.file))
    return tuple(ContentNote(c.title, c.kind, c.owner, c.date, c.html, c.file) for c in chosen)


def metric_pairs(tp: Touchpoint, journey: Journey) -> tuple[MetricPair, ...]:
    """Each survey question beside the process metric it maps to; the rest alone."""
    metrics = journey.metrics_of(tp.id)
    paired_process = {m.maps_to for m in metrics if m.kind == "survey" and m.maps_to}
    rows: list[MetricPair] = []
    for metric in metrics:
        if metric.id in paired_process and metric.kind == "process":
            continue
        if metric.kind == "survey" and metric.maps_to:
            rows.append(MetricPair(metric.id, metric.maps_to))
        elif metric.kind == "process":
            rows.append(MetricPair(None, metric.id))
        else:
            rows.append(MetricPair(metric.id, None))
    return tuple(rows)


def touchpoint_view(
    tp: Touchpoint,
    journey: Journey,
    summaries: Mapping[str, MetricSummary],
    open_issues: Sequence[OpenIssue],
    comments: Comments,
    content: Sequence[ContentItem],
    segments: Mapping[str, Mapping[str, MetricSummary]],
    url_of: UrlOf,
    window: CommentWindow,
) -> TouchpointView:
    metrics = journey.metrics_of(tp.id)
    paired_process = {m.maps_to for m in metrics if m.kind == "survey" and m.maps_to}
    shown = [summaries[m.id] for m in metrics] + [
        summaries[i]
        for i in sorted(paired_process)
        if i in summaries and summaries[i].touchpoint != tp.id
    ]
    stage = journey.stage_by_id.get(tp.stage)
    head = tile(tp, journey, summaries, url_of("touchpoint", tp.id))
    recent = comments.recent.get(tp.id, ())
    return TouchpointView(
        id=head.id,
        name=head.name,
        url=head.url,
        owner=head.owner,
        channel=head.channel,
        moment_of_truth=head.moment_of_truth,
        headline=head.headline,
        stage=PageLink(tp.stage, stage.name if stage else tp.stage, url_of("stage", tp.stage)),
        description=tp.description,
        metrics=tuple(shown),
        pairs=metric_pairs(tp, journey),
        issues=IssueList(len(open_issues), tuple(open_issues[:TOUCHPOINT_ISSUES])),
        comments=recent,
        comments_shown=min(len(recent), FILTERABLE),
        comment_count=comments.counts.get(tp.id, 0),
        themes=comments.themes.get(tp.id, ()),
        theme_status=comments.theme_status.get(tp.id),
        sentiment=comments.sentiment.get(tp.id),
        content=content_for(content, None, tp.id),
        segments=for_metrics(segments, [m.id for m in shown]),
        comment_block=window.block(recent, url_of),
    )
