"""The site's page kinds, declared once each: a new kind of page is one entry here.

Each ``PageKind`` (see ``registry.py``) gives the kind's URL scheme, which pages of it the
model has, its template, its view, its figures, its data files, its place in the menus,
and whether search, the sitemap and CSV downloads include it. The list is built inside a
function because the views and figures it names import the model's modules, which in
turn ask it for URLs (``url_of``).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from .model.metric import MetricCore
from .registry import DataFile, Instance, PageKind, PagePlan, PlannedSite, Registry, single

if TYPE_CHECKING:
    from .model.alerts import AlertsFile
    from .model.customers import CustomerFacts
    from .model.drivers import DriverAnalysis
    from .model.site_model import ContentPage, SiteModel, SiteSummary
    from .views.explain import ExplainPage
    from .views.home import HomeView
    from .views.issues import IssuesData
    from .views.search import SearchPage
    from .views.site import SiteViews
    from .views.stage import StageView
    from .views.touchpoint import TouchpointView
    from .views.wall import WallView


def _view_part(name: str) -> Any:
    """The view of a page the site's views hold whole (the owners, the scorecards)."""

    def view(_model: SiteModel, _plan: PagePlan, site: PlannedSite) -> Any:
        return getattr(site.views, name)

    return view


def _view_item(name: str) -> Any:
    """The view of a page that is one of many (a stage, a touchpoint), by its id."""

    def view(_model: SiteModel, plan: PagePlan, site: PlannedSite) -> Any:
        by_id = site.memo(name, lambda: {item.id: item for item in getattr(site.views, name)})
        return by_id[plan.id]

    return view


def _view_items(name: str) -> Any:
    def pages(_model: SiteModel, views: SiteViews) -> list[Instance]:
        return [Instance(item.id, item.name) for item in getattr(views, name)]

    return pages


def _content_page(model: SiteModel, plan: PagePlan, site: PlannedSite) -> ContentPage:
    return site.memo("pages", lambda: {p.slug: p for p in model.pages})[plan.id]


def _content_pages(model: SiteModel, _views: SiteViews) -> list[Instance]:
    return [Instance(p.slug, p.title) for p in model.pages]


def _unit(model: SiteModel) -> str:
    return str(model.site.period.unit)


def _issues_data(_view: Any, model: SiteModel) -> IssuesData:
    from .views.issues import issues_data

    return issues_data(model.issues)


def _the_view(view: Any, _model: SiteModel) -> Any:
    return view


def _site_summary(_view: Any, model: SiteModel) -> SiteSummary:
    from .model.site_model import SiteSummary

    return SiteSummary(model.site, model.outcomes, model.flow)


def _drivers_file(_view: Any, model: SiteModel) -> DriverAnalysis:
    return model.drivers


def _alerts_file(_view: Any, model: SiteModel) -> AlertsFile:
    return model.alerts


def _customers_file(_view: Any, model: SiteModel) -> CustomerFacts:
    return model.customers


def _metric_trends(page: StageView | TouchpointView, _model: SiteModel) -> list[MetricCore]:
    summaries = list(page.metrics)
    return summaries + [s for found in page.segments.values() for s in found.values()]


def _outcome_trends(_page: HomeView, model: SiteModel) -> list[MetricCore]:
    return list(model.outcomes)


def _wall_url(ident: str) -> str:
    from .views.segmentwall import wall_url

    return "wall/index.html" if ident == "wall" else wall_url(ident)


def _wall_view(_model: SiteModel, plan: PagePlan, site: PlannedSite) -> WallView:
    found: WallView = site.views.wall if plan.id == "wall" else site.views.segment_walls[plan.id]
    return found


def _walls(_model: SiteModel, views: SiteViews) -> list[Instance]:
    walls = views.segment_walls.items()
    return [Instance("wall", "Wall")] + [
        Instance(segment, f"Wall · {wall.segment.label if wall.segment else segment}")
        for segment, wall in walls
    ]


def _search_view(_model: SiteModel, _plan: PagePlan, site: PlannedSite) -> SearchPage:
    from .search import search_entries
    from .views.search import SearchPage

    return SearchPage(tuple(search_entries(site)))


def _explain_view(_model: SiteModel, _plan: PagePlan, _site: PlannedSite) -> ExplainPage:
    from .views.explain import explain_page

    return explain_page()


def _drivers_title(model: SiteModel) -> str:
    # the page's heading names the outcome; the title and breadcrumb say the same
    return f"What drives {model.drivers.outcome_name or 'satisfaction'}"


def kinds() -> tuple[PageKind, ...]:
    """Every kind of page, in the order the build plans them."""
    from . import search as find
    from .figures import charts as fig
    from .views import issue_pages as ip
    from .views.explain import EXPLAIN_URL
    from .views.scorecards import scorecards_csv

    return (
        PageKind(
            "home",
            "index.html",
            "index.html",
            lambda model, _views: [Instance("home", model.site.title)],
            _view_part("home"),
            figures=fig.home_figures,
            trends=_outcome_trends,
            nav="main",
            nav_label="Journey",
        ),
        PageKind(
            "issues",
            "issues.html",
            "issues/index.html",
            single("issues", "Customer issues"),
            _view_part("issues"),
            figures=fig.issues_figures,
            data=(DataFile("data/issues.json", _issues_data),),
            search_label="Issues",
            search_about="volume, flow, backlog, categories",
            nav="main",
            nav_label="Issues",
            nav_order=2,
        ),
        PageKind(
            "issue-list",
            "issue_list.html",
            ip.list_page_url,
            ip.issue_list_pages,
            ip.issue_list_view,
            data=(DataFile("data/issues/list/{id}.json", ip.issue_list_data),),
            within=("issues", "issues"),
            search_label="Issues",
            search_about="every open issue: touchpoint, owner, next step, age",
            downloads=False,
        ),
        PageKind(
            "issue",
            "issue.html",
            "issues/{id}/index.html",
            ip.issue_pages,
            ip.issue_view,
            within=ip.list_page_of,
            slug=ip.issue_slug,
            search=False,
            downloads=False,
        ),
        PageKind(
            "owners",
            "owners.html",
            "owners/index.html",
            single("owners", "Owners"),
            _view_part("owners"),
            data=(DataFile("data/owners.json", _the_view),),
            search_entries=find.owner_entries,
            nav="main",
            nav_order=4,
        ),
        PageKind(
            "stage",
            "stage.html",
            "stages/{id}/index.html",
            _view_items("stages"),
            _view_item("stages"),
            figures=fig.stage_figures,
            search_entries=find.stage_entries,
            lazy_figures=fig.segment_figures,
            trends=_metric_trends,
            data=(DataFile("data/stages/{id}.json", _the_view),),
            nav="stages",
        ),
        PageKind(
            "touchpoint",
            "touchpoint.html",
            "touchpoints/{id}/index.html",
            _view_items("touchpoints"),
            _view_item("touchpoints"),
            figures=fig.touchpoint_figures,
            search_entries=find.touchpoint_entries,
            lazy_figures=fig.segment_figures,
            trends=_metric_trends,
            data=(DataFile("data/touchpoints/{id}.json", _the_view),),
            within=lambda view: ("stage", view.stage.id),
        ),
        PageKind(
            "drivers",
            "drivers.html",
            "drivers/index.html",
            single("drivers", _drivers_title),
            _view_part("drivers"),
            figures=fig.drivers_figures,
            data=(DataFile("data/drivers.json", _drivers_file),),
            search_about="key driver analysis",
            nav="main",
            nav_label="Drivers",
            nav_order=3,
        ),
        PageKind(
            "changes",
            "changes.html",
            "changes/index.html",
            single("changes", lambda model: f"What changed this {_unit(model)}"),
            _view_part("changes"),
            data=(DataFile("data/changes.json", _the_view),),
            search_about="the weekly meeting pack",
            nav="main",
            nav_label="This {unit}",
            nav_order=1,
        ),
        PageKind(
            "scorecards",
            "scorecards.html",
            "scorecards/index.html",
            single("scorecards", "Scorecards"),
            _view_part("scorecards"),
            search_about="each owner's and stage's measures against target",
            data=(
                DataFile("data/scorecards.json", _the_view),
                DataFile("scorecards/scorecards.csv", lambda view, _model: scorecards_csv(view)),
            ),
            nav="main",
            nav_order=5,
        ),
        PageKind(
            "explain",
            "explain.html",
            EXPLAIN_URL,
            single("explain", "How to read this"),
            _explain_view,
            search_about="margins of error, significance, control charts, drivers",
            nav="main",
            nav_order=6,
        ),
        PageKind(
            "page",
            "page.html",
            "pages/{id}/index.html",
            _content_pages,
            _content_page,
            nav="main",
            nav_order=7,
        ),
        PageKind(
            "search",
            "search.html",
            "search/index.html",
            single("search", "Search"),
            _search_view,
            search=False,
            sitemap=False,
        ),
        PageKind(
            "wall",
            "wall.html",
            _wall_url,
            _walls,
            _wall_view,
            figures=fig.wall_page_figures,
            data=(DataFile("data/wall.json", _the_view, ids=("wall",)),),
            search=False,
            sitemap=False,
            downloads=False,
        ),
    )


# Data files of the whole site rather than of one page.
SITE_DATA = (
    DataFile("alerts.json", _alerts_file, pretty=True),
    DataFile("data/customers.json", _customers_file),
    DataFile("data/site.json", _site_summary),
)


@functools.cache
def default_registry() -> Registry:
    """The site's page kinds (made once: it is immutable)."""
    return Registry(kinds(), SITE_DATA)


def url_of(kind: str, ident: str = "") -> str:
    """The URL of a page of one of the site's own kinds."""
    return default_registry().url_of(kind, ident)
