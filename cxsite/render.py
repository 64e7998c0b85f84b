"""Phase 6: pages rendered from the site model through a theme's Jinja templates.

Theme lookup is a fallback chain, as in Pelican: the project's ``templates/`` folder,
then the chosen theme, then the built-in default theme (reachable explicitly as
``!default/<name>`` so an override can extend the template it replaces).
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from .exports import WORKBOOK_URL
from .figures.charts import PLOT_CONFIG
from .model.serialise import to_json
from .registry import Menus, PagePlan, PlannedSite, crumbs, page_menus
from .resources import builtin_theme
from .theme import Theme
from .views.explain import term_link
from .views.layout import LAYOUT, percent

Json = dict[str, Any]


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
    env.filters["percent"] = percent
    env.globals["term"] = term_link
    env.globals["favicon"] = favicon_uri(theme)
    env.globals["workbook_url"] = WORKBOOK_URL
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
    options: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":"), "sort_keys": True}
    try:
        # Figures are plain JSON data already: written as they are, refusing NaN.
        text = json.dumps(value, allow_nan=False, **options)
    except (TypeError, ValueError):
        # Model values (dataclasses, dates), or a NaN: to_json converts them, or says
        # which field holds the value no JSON can.
        text = json.dumps(to_json(value), **options)
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


def render_page(
    env: Environment,
    site: PlannedSite,
    plan: PagePlan,
    view: Any,
    nav: Menus,
    figures: Json,
    lazy_figures: Json,
) -> str:
    """One page through its kind's template; its URLs come from the planned site."""
    model = site.model
    trail = site.trail(plan, view)
    return env.get_template(plan.template).render(
        site=model.site,
        model=model,
        nav=page_menus(nav, plan, trail),
        page=view,
        plan=plan,
        links=site.links,
        root="../" * plan.url.count("/"),
        breadcrumbs=crumbs(plan, trail, site.by_key.get(("home", "home"))),
        figures=figures,
        segment_figures=lazy_figures,
        plot_config=PLOT_CONFIG,
    )
