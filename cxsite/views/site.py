"""Every page view of the site, derived from the model once it is complete.

Views are built after the model and kept apart from it: the model holds what was
measured, the views hold how each page shows it. The build passes both to the renderer
and to the data-file writer; nothing here writes back into the model.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..inputs.config import SiteConfig
from ..inputs.content import ContentItem
from ..inputs.journey import Journey
from ..model.issue_types import OpenIssue
from ..model.serialise import to_json
from ..voice import Comments
from .comments import CommentWindow, UrlOf
from .drivers import DriversPage, drivers_page
from .home import HomeView, home_view
from .issues import IssuesPage, issues_page
from .owners import OwnersPage, owners_page
from .scorecards import ScorecardsView, scorecards
from .segmentwall import segment_walls
from .stage import StageView, stage_view
from .touchpoint import TouchpointView, touchpoint_view
from .wall import WallView, wall_model
from .weekly_pack import ChangesPage, what_changed

if TYPE_CHECKING:
    from ..model.site_model import SiteModel

Json = dict[str, Any]


@dataclass(frozen=True)
class SiteViews:
    home: HomeView
    touchpoints: tuple[TouchpointView, ...]
    stages: tuple[StageView, ...]
    owners: OwnersPage
    issues: IssuesPage
    drivers: DriversPage
    # touchpoints that are moments of truth, by their rank
    moments: tuple[TouchpointView, ...]
    changes: ChangesPage
    scorecards: ScorecardsView
    wall: WallView
    segment_walls: dict[str, WallView]

    @functools.cached_property
    def data(self) -> Json:
        """The views as plain data, as their data files hold them, for the writers that
        read the site as data (the exports, the search list, the digests)."""
        return {
            "touchpoints": to_json(self.touchpoints),
            "stages": to_json(self.stages),
            "owners": to_json(self.owners.owners),
            "moments": to_json(self.moments),
            "changes": to_json(self.changes),
            "scorecards": to_json(self.scorecards),
            "wall": to_json(self.wall),
        }

    def touchpoint(self, ident: str) -> TouchpointView:
        return next(t for t in self.touchpoints if t.id == ident)

    def stage(self, ident: str) -> StageView:
        return next(s for s in self.stages if s.id == ident)


def build_views(
    model: SiteModel,
    config: SiteConfig,
    journey: Journey,
    content: Sequence[ContentItem],
    url_of: UrlOf,
) -> SiteViews:
    summaries = model.metrics
    comments: Comments = model.voice
    segments = model.segment_metrics
    window = CommentWindow(
        config.analytics.comment_window,
        model.site.period.keys,
        config.period.unit,
    )
    open_by_touchpoint: dict[str, list[OpenIssue]] = defaultdict(list)
    for item in model.issues.open:
        open_by_touchpoint[item.touchpoint].append(item)
    touchpoints = tuple(
        touchpoint_view(
            tp,
            journey,
            summaries,
            open_by_touchpoint.get(tp.id, []),
            comments,
            content,
            segments,
            url_of,
            window,
        )
        for tp in journey.touchpoints
    )
    stages = tuple(
        stage_view(
            stage.id,
            journey,
            summaries,
            touchpoints,
            open_by_touchpoint,
            comments,
            content,
            segments,
            config.comments_per_page,
            url_of,
            window,
        )
        for stage in journey.stages
    )
    moments = tuple(
        sorted(
            (t for t in touchpoints if t.moment_of_truth is not None),
            key=lambda t: t.moment_of_truth or 0,
        )
    )
    alerts = model.alerts.by_owner
    wall = wall_model(config, model, moments)
    return SiteViews(
        home=home_view(model, stages, comments, journey, config.comments_per_page, url_of, window),
        touchpoints=touchpoints,
        stages=stages,
        owners=owners_page(touchpoints, model.issues.by_owner, alerts),
        issues=issues_page(model.issues, model.customers, touchpoints, config.period.unit, url_of),
        drivers=drivers_page(model.drivers, url_of),
        moments=moments,
        changes=what_changed(model, touchpoints, journey, config),
        scorecards=scorecards(config, journey, model, model.calendar, url_of),
        wall=wall,
        segment_walls=segment_walls(config, model, moments),
    )
