"""The home page: outcomes, the journey map, what to fix first and what customers say."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..inputs.journey import Journey
from ..model.customers import CustomerFacts
from ..model.drivers import DriverAnalysis, DriverItem
from ..model.flow import FlowStep
from ..model.issue_types import IssuesModel
from ..model.metric import MetricSummary
from ..voice import Comments
from .comments import TEMPLATE_ONLY, CommentsBlock, CommentWindow, PooledComment, UrlOf
from .stage import StageView, recent_comments

if TYPE_CHECKING:
    from ..model.site_model import SiteModel

HOME_FIX_FIRST = 3  # the home page names the top drivers; the drivers page has them all


@dataclass(frozen=True)
class HomeView:
    outcomes: tuple[MetricSummary, ...]
    flow: tuple[FlowStep, ...]
    stages: tuple[StageView, ...]
    issues: IssuesModel
    customers: CustomerFacts
    drivers: DriverAnalysis
    fix_first: tuple[DriverItem, ...]
    comments: tuple[PooledComment, ...]
    issues_url: str
    drivers_url: str
    comment_block: CommentsBlock = field(metadata=TEMPLATE_ONLY)


def home_view(
    model: SiteModel,
    stages: Sequence[StageView],
    comments: Comments,
    journey: Journey,
    comments_per_page: int,
    url_of: UrlOf,
    window: CommentWindow,
) -> HomeView:
    drivers = model.drivers
    comments_shown = recent_comments(comments.recent, journey, comments_per_page)
    return HomeView(
        outcomes=tuple(model.outcomes),
        flow=tuple(model.flow),
        stages=tuple(stages),
        issues=model.issues,
        customers=model.customers,
        drivers=drivers,
        fix_first=drivers.fix_first[:HOME_FIX_FIRST],
        comments=comments_shown,
        issues_url=url_of("issues", ""),
        drivers_url=url_of("drivers", ""),
        comment_block=window.block(comments_shown, url_of),
    )
