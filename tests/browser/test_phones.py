"""Every page kind on a phone (390×844) and a tablet (768×1024) in real Chromium: nothing
scrolls sideways, charts fit their boxes, long lists fold behind a "Show all" button, and
a chart legend names every line style drawn."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from wallkit import SiteServer

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (768, 1024)]


def page_kinds(built_site: Path) -> list[str]:
    """One page of every kind the site has (first of each in the manifest)."""
    manifest = json.loads((built_site / "build.json").read_text())
    chosen: dict[str, str] = {}
    for page in manifest["pages"]:
        if page["kind"] != "wall":  # the wall is for TVs; its own tests cover its sizes
            chosen.setdefault(page["kind"], page["url"])
    return list(chosen.values())


def test_no_page_scrolls_sideways_on_phones_and_tablets(
    server: SiteServer, page_factory: Any, built_site: Path
) -> None:
    urls = page_kinds(built_site)
    assert {"index.html", "issues/index.html", "explain/index.html"} <= set(urls)
    assert "issues/list/index.html" in urls  # the list of every open issue
    too_wide = []
    for size in SIZES:
        page, watch = page_factory(server.origin, size)
        for url in urls:
            page.goto(f"{server.origin}/{url}")
            page.wait_for_function("document.documentElement.dataset.chartsDrawn !== undefined")
            width, inner, charts = page.evaluate(
                """() => [document.documentElement.scrollWidth, innerWidth,
                   Array.from(document.querySelectorAll('.chart')).map(c => {
                     const svg = c.querySelector('.main-svg');
                     return [c.id, c.getBoundingClientRect().width,
                             svg ? svg.getBoundingClientRect().width : 0];
                   })]"""
            )
            if width > inner:
                too_wide.append(f"{url} at {size}: {width} px wide")
            for chart_id, box, drawn in charts:
                if drawn > box + 1:
                    too_wide.append(f"{url} at {size}: chart {chart_id} {drawn} > {box} px")
        assert watch.problems() == []
    assert too_wide == []


def test_long_comment_lists_fold_and_unfold(server: SiteServer, page_factory: Any) -> None:
    page, watch = page_factory(server.origin, SIZES[0])
    page.goto(f"{server.origin}/touchpoints/claim-settle/index.html")
    items = page.locator("#comment-list li.comment")
    total = items.count()
    assert total > 6
    visible = page.locator("#comment-list li.comment:visible")
    assert visible.count() == 6
    page.get_by_role("button", name=f"Show all {total} comments").click()
    assert visible.count() == total
    button = page.get_by_role("button", name="Show fewer comments")
    assert button.get_attribute("aria-expanded") == "true"
    button.click()
    assert visible.count() == 6
    assert watch.problems() == []


def test_every_chart_names_each_line_style_in_a_legend(
    server: SiteServer, page_factory: Any
) -> None:
    page, watch = page_factory(server.origin, SIZES[0])
    page.goto(f"{server.origin}/touchpoints/claim-settle/index.html")
    page.wait_for_function("document.documentElement.dataset.chartsDrawn !== undefined")
    charts = page.evaluate(
        """() => Array.from(document.querySelectorAll('.chart')).map(el => {
             const next = el.nextElementSibling;
             return {id: el.id, plotlyLegend: !!el.layout.showlegend,
                     traces: el.data.length,
                     names: [...new Set(el.data.filter(t => t.name && t.showlegend !== false)
                                               .map(t => t.name))].sort(),
                     legend: next && next.classList.contains('chart-legend')
                       ? Array.from(next.querySelectorAll('li')).map(li => li.textContent).sort()
                       : null};
           })"""
    )
    html_legends = 0
    for chart in charts:
        if chart["traces"] < 2:
            continue  # one series: the chart's title says what it is
        if chart["plotlyLegend"]:  # control charts: their own legend, drawn by plotly
            continue
        assert chart["legend"] == chart["names"], chart
        html_legends += 1
    assert html_legends > 0
    csat = page.evaluate(
        "() => document.querySelector('#chart-metric-claim-settle-csat').data[0].hovertemplate"
    )
    assert "%" in csat and "n = " in csat
    assert watch.problems() == []
