"""The stage page: its touchpoints as tiles, its headline metrics, issues and comments."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..inputs.content import ContentItem
from ..inputs.journey import Journey
from ..model.issue_types import OpenIssue
from ..model.issues import oldest_first
from ..model.metric import MetricCore, MetricSummary, stage_metric
from ..model.segments import for_metrics
from ..voice.results import Comments, VoiceComment
from .comments import (
    TEMPLATE_ONLY,
    CommentsBlock,
    CommentWindow,
    PooledComment,
    UrlOf,
    pooled_comment_of,
)
from .metric_card import MetricCard, cards_of
from .touchpoint import (
    ContentNote,
    IssueList,
    SegmentSummaries,
    Tile,
    TouchpointView,
    content_for,
)

STAGE_ISSUES = 25


@dataclass(frozen=True)
class StageTile(Tile):
    """A touchpoint as its stage page lists it, with its count of open issues."""

    open_issues: int


@dataclass(frozen=True)
class StageView:
    id: str
    name: str
    goal: str
    description: str | None
    order: int
    url: str
    touchpoints: tuple[StageTile, ...]
    metrics: tuple[MetricCore, ...]
    issues: IssueList
    comments: tuple[PooledComment, ...]
    content: tuple[ContentNote, ...]
    segments: SegmentSummaries
    comment_block: CommentsBlock = field(metadata=TEMPLATE_ONLY)

    @functools.cached_property
    def cards(self) -> dict[str, MetricCard]:
        """Chart id → the card of each metric the page draws, segment variants included."""
        return cards_of(self.metrics, self.segments)


def recent_comments(
    comments: Mapping[str, Sequence[VoiceComment]], journey: Journey, limit: int
) -> tuple[PooledComment, ...]:
    """The newest comments across touchpoints, journey-wide ones included."""
    names = {t.id: t.name for t in journey.touchpoints}
    pooled = [
        pooled_comment_of(c, tp or None, names.get(tp))
        for tp, items in comments.items()
        for c in items[:limit]
    ]
    pooled.sort(key=lambda c: (c.date, c.touchpoint or "", c.text), reverse=True)
    return tuple(pooled[:limit])


def stage_view(
    stage_id: str,
    journey: Journey,
    summaries: Mapping[str, MetricSummary],
    touchpoints: Sequence[TouchpointView],
    open_by_touchpoint: Mapping[str, Sequence[OpenIssue]],
    comments: Comments,
    content: Sequence[ContentItem],
    segments: Mapping[str, Mapping[str, MetricSummary]],
    comments_per_page: int,
    url_of: UrlOf,
    window: CommentWindow,
) -> StageView:
    stage = journey.stage_by_id[stage_id]
    mine = [t for t in touchpoints if t.stage.id == stage_id]
    shown = [summaries[stage.flow_metric]] if stage.flow_metric else []
    shown += [summaries[t.headline.id] for t in mine if t.headline]
    metrics = tuple(stage_metric(m) for m in shown)
    recent = recent_comments(
        {t.id: comments.recent.get(t.id, ()) for t in mine}, journey, comments_per_page
    )
    open_issues = sorted(
        (i for t in mine for i in open_by_touchpoint.get(t.id, [])), key=oldest_first
    )
    return StageView(
        id=stage.id,
        name=stage.name,
        goal=stage.goal,
        description=stage.description,
        order=stage.order,
        url=url_of("stage", stage.id),
        touchpoints=tuple(
            StageTile(
                t.id,
                t.name,
                t.url,
                t.owner,
                t.channel,
                t.moment_of_truth,
                t.headline,
                t.issues.open_count,
            )
            for t in mine
        ),
        metrics=metrics,
        issues=IssueList(len(open_issues), tuple(open_issues[:STAGE_ISSUES])),
        comments=recent,
        content=content_for(content, stage.id, None),
        segments=for_metrics(segments, [m.id for m in metrics], stage_metric),
        comment_block=window.block(recent, url_of),
    )
