"""Phase 6: pages rendered from the site model through a theme's Jinja templates.

Theme lookup is a fallback chain, as in Pelican: the project's ``templates/`` folder,
then the chosen theme, then the built-in default theme (reachable explicitly as
``!default/<name>`` so an override can extend the template it replaces).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from .figures.charts import PLOT_CONFIG, metric_figure, page_figures
from .figures.issuecharts import flow_grain_of
from .figures.plotlytext import text_only
from .inputs.paths import resolve_inside
from .resources import builtin_theme
from .views.explain import EXPLAIN_URL, EXPLANATIONS, term_link
from .views.layout import LAYOUT
from .views.segmentwall import segment_view, wall_url

if TYPE_CHECKING:
    from .views.site import SiteViews

Json = dict[str, Any]


@dataclass(frozen=True)
class Theme:
    name: str
    template_dirs: tuple[Path, ...]
    static_dirs: tuple[Path, ...]


def resolve_theme(project: Path, name: str) -> Theme | None:
    """The theme's folders, most specific first; None if the theme cannot be found."""
    default = builtin_theme("default")
    if default is None:
        return None
    chosen: Path | None
    if name == "default":
        chosen = default
    elif resolve_inside(project, name)[1] and (project / name).is_dir():
        chosen = project / name
    elif re.fullmatch(r"[A-Za-z0-9_-]+", name):
        chosen = builtin_theme(name)
    else:  # a theme folder outside the project is not used
        chosen = None
    if chosen is None or not chosen.is_dir():
        return None
    folders = [project] + ([chosen] if chosen != default else []) + [default]
    templates = [f / "templates" for f in folders if (f / "templates").is_dir()]
    statics = [f / "static" for f in reversed(folders) if (f / "static").is_dir()]
    return Theme(name=name, template_dirs=tuple(templates), static_dirs=tuple(statics))


def make_environment(theme: Theme) -> Environment:
    default_theme = builtin_theme("default")
    assert default_theme is not None, "the built-in theme is missing from this installation"
    default_templates = default_theme / "templates"
    loader = ChoiceLoader(
        [
            FileSystemLoader([str(p) for p in theme.template_dirs]),
            PrefixLoader({"!default": FileSystemLoader(str(default_templates))}, delimiter="/"),
        ]
    )
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["json_script"] = json_script
    env.filters["number"] = _number
    env.globals["STATUS_ICONS"] = STATUS_ICONS
    env.globals["layout"] = LAYOUT
    env.globals["flow_grain_of"] = flow_grain_of
    env.globals["term"] = term_link
    env.globals["favicon"] = favicon_uri(theme)
    return env


def favicon_uri(theme: Theme) -> str:
    """The theme's favicon.svg inlined as a data URI: no request to wait for or to fail,
    and it works from file:// too. Empty when no theme folder has one."""
    from urllib.parse import quote

    for folder in reversed(theme.static_dirs):  # the most specific theme first
        icon = folder / "favicon.svg"
        if icon.is_file():
            return "data:image/svg+xml," + quote(icon.read_text(encoding="utf-8").strip())
    return ""


def json_script(value: Any) -> Markup:
    """JSON safe to put inside <script type="application/json">."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above


def _number(value: float | int | None, places: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{places}f}".replace("-", "−")


# Status is shown by colour *and* shape/label, never by colour alone.
STATUS_ICONS = {
    "on": '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8.5l3 3 7-7" '
    'fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" '
    'stroke-linejoin="round"/></svg>',
    "near": '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 2l6.5 12h-13z" '
    'fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>'
    '<path d="M8 6.5v3.5M8 12v.2" stroke="currentColor" stroke-width="2" '
    'stroke-linecap="round"/></svg>',
    "off": '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 4l8 8M12 4l-8 8" '
    'stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg>',
    # plus-minus: the value's margin of error reaches across the target
    "margin": '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 2.5v7M4.5 6h7'
    'M4.5 13h7" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/></svg>',
    "none": '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 8h8" '
    'stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg>',
    "few": '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="5.5" '
    'fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="2.5 2"/></svg>',
    "nodata": '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" '
    'r="5.5" fill="none" stroke="currentColor" stroke-width="2"/></svg>',
}


@dataclass(frozen=True)
class PagePlan:
    kind: str
    id: str
    title: str
    url: str
    template: str
    data_url: str | None = None


def plan_pages(model: Json, views: SiteViews) -> list[PagePlan]:
    """Every page the site has, derived from the journey and content — none by hand."""
    pages = [
        PagePlan("home", "home", model["site"]["title"], "index.html", "index.html"),
        PagePlan(
            "issues",
            "issues",
            "Customer issues",
            "issues/index.html",
            "issues.html",
            "data/issues.json",
        ),
        PagePlan(
            "owners", "owners", "Owners", "owners/index.html", "owners.html", "data/owners.json"
        ),
    ]
    pages += [
        PagePlan("stage", s.id, s.name, s.url, "stage.html", f"data/stages/{s.id}.json")
        for s in views.stages
    ]
    pages += [
        PagePlan(
            "touchpoint",
            t.id,
            t.name,
            t.url,
            "touchpoint.html",
            f"data/touchpoints/{t.id}.json",
        )
        for t in views.touchpoints
    ]
    pages += [
        PagePlan(
            "drivers",
            "drivers",
            # the page's heading names the outcome; the title and breadcrumb say the same
            f"What drives {model['drivers'].get('outcome_name') or 'satisfaction'}",
            "drivers/index.html",
            "drivers.html",
            "data/drivers.json",
        ),
        PagePlan(
            "changes",
            "changes",
            f"What changed this {model['site']['period']['unit']}",
            "changes/index.html",
            "changes.html",
            "data/changes.json",
        ),
        PagePlan(
            "scorecards",
            "scorecards",
            "Scorecards",
            "scorecards/index.html",
            "scorecards.html",
            "data/scorecards.json",
        ),
    ]
    pages.append(PagePlan("explain", "explain", "How to read this", EXPLAIN_URL, "explain.html"))
    pages += [
        PagePlan("page", p["slug"], p["title"], p["url"], "page.html") for p in model["pages"]
    ]
    pages.append(PagePlan("search", "search", "Search", "search/index.html", "search.html"))
    pages.append(PagePlan("wall", "wall", "Wall", "wall/index.html", "wall.html", "data/wall.json"))
    pages += [
        PagePlan(
            "wall", segment, f"Wall · {wall['segment']['label']}", wall_url(segment), "wall.html"
        )
        for segment, wall in views.segment_walls.items()
    ]
    return pages


def page_object(plan: PagePlan, model: Json, views: SiteViews) -> Any:
    if plan.kind == "home":
        return views.home
    if plan.kind == "stage":
        return views.stage(plan.id)
    if plan.kind == "touchpoint":
        return views.touchpoint(plan.id)
    if plan.kind == "page":
        return next(p for p in model["pages"] if p["slug"] == plan.id)
    if plan.kind == "issues":
        return views.issues
    if plan.kind == "owners":
        return views.owners
    if plan.kind == "drivers":
        return views.drivers
    if plan.kind == "changes":
        return views.changes
    if plan.kind == "scorecards":
        return views.scorecards
    if plan.kind == "search":
        from .search import search_entries

        return {"entries": search_entries(model | views.data)}
    if plan.kind == "wall":
        return views.wall if plan.id == "wall" else views.segment_walls[plan.id]
    if plan.kind == "explain":
        return {"explanations": [vars(e) for e in EXPLANATIONS]}
    return {}


def breadcrumbs(plan: PagePlan, page: Any) -> list[Json]:
    crumbs: list[Json] = [{"title": "Journey", "url": "index.html"}]
    if plan.kind == "home":
        return []
    if plan.kind == "touchpoint":
        crumbs.append({"title": page.stage.name, "url": page.stage.url})
    crumbs.append({"title": plan.title, "url": None})
    return crumbs


def figures_for(plan: PagePlan, page: Any, model: Json) -> dict[str, Json]:
    """The figures of a page; a wall pinned to a segment draws the segment's trends."""
    pinned = plan.kind == "wall" and plan.id != "wall"
    return page_figures(plan.kind, page, segment_view(model, plan.id) if pinned else model)


def render_page(
    env: Environment,
    plan: PagePlan,
    model: Json,
    views: SiteViews,
    nav: Json,
    figures: Json | None = None,
) -> str:
    page = page_object(plan, model, views)
    depth = plan.url.count("/")
    template = env.get_template(plan.template)
    if figures is None:
        figures = figures_for(plan, page, model)
    return template.render(
        site=model["site"],
        model=model,
        nav=nav,
        page=page,
        plan=plan,
        root="../" * depth,
        breadcrumbs=breadcrumbs(plan, page),
        figures=figures,
        segment_figures=segment_figures(plan.kind, page, model["site"]["period"]["unit"]),
        plot_config=PLOT_CONFIG,
    )


def segment_figures(kind: str, page: Any, period_unit: str) -> dict[str, Json]:
    """Trends of a page's per-segment metric cards, drawn when a reader picks a segment."""
    if kind not in ("stage", "touchpoint"):
        return {}
    return {
        summary["chart_id"]: text_only(metric_figure(summary, period_unit=period_unit))
        for found in page.segments.values()
        for summary in found.values()
    }


def navigation(model: Json, views: SiteViews) -> Json:
    return {
        "stages": [
            {
                "id": s.id,
                "name": s.name,
                "url": s.url,
                "touchpoints": [{"id": t.id, "name": t.name, "url": t.url} for t in s.touchpoints],
            }
            for s in views.stages
        ],
        "pages": [{"title": p["title"], "url": p["url"]} for p in model["pages"]],
    }
