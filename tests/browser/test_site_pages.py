"""The browsable pages in real Chromium: charts drawn, no errors, no network, the
comment filter works, and the weekly changes pack prints on A4 and Letter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from wallkit import SiteServer

pytestmark = pytest.mark.browser

PAGES = [
    "index.html",
    "stages/claim/index.html",
    "touchpoints/claim-settle/index.html",
    "issues/index.html",
    "drivers/index.html",
    "changes/index.html",
    "owners/index.html",
]


def charts_drawn(page: Any) -> None:
    page.wait_for_function("document.documentElement.dataset.chartsDrawn !== undefined")
    counts = page.evaluate(
        """() => [document.querySelectorAll('.chart').length,
                  document.querySelectorAll('.chart[data-drawn="1"]').length,
                  Number(document.documentElement.dataset.chartsDrawn)]"""
    )
    assert counts[0] == counts[1] == counts[2], counts


@pytest.mark.parametrize("url", PAGES)
def test_page_draws_every_chart_without_errors(
    server: SiteServer, page_factory: Any, url: str
) -> None:
    page, watch = page_factory(server.origin, (1400, 900))
    page.goto(f"{server.origin}/{url}")
    charts_drawn(page)
    assert watch.problems() == []


def test_pages_work_from_file_urls_with_no_server(browser: Any, built_site: Path) -> None:
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto((built_site / "touchpoints" / "claim-settle" / "index.html").as_uri())
    charts_drawn(page)
    assert requests and all(u.startswith("file://") for u in requests), requests
    context.close()


def test_comment_filter_by_score_and_theme(server: SiteServer, page_factory: Any) -> None:
    page, watch = page_factory(server.origin, (1400, 900))
    page.goto(f"{server.origin}/touchpoints/claim-settle/index.html")
    form = page.locator("form.comment-filter")
    assert form.is_visible()
    total = page.locator("#comment-list li.comment").count()
    assert total > 10
    page.select_option("form.comment-filter select[name=band]", "low")
    bands = page.eval_on_selector_all(
        "#comment-list li.comment:not([hidden])", "els => els.map(e => e.dataset.band)"
    )
    assert bands and set(bands) == {"low"}
    assert page.locator(".filter-count").inner_text() == f"{len(bands)} of {total} shown"
    page.select_option("form.comment-filter select[name=band]", "")
    theme = page.eval_on_selector(
        "form.comment-filter select[name=theme] option:nth-child(2)", "o => o.value"
    )
    page.select_option("form.comment-filter select[name=theme]", theme)
    visible = page.eval_on_selector_all(
        "#comment-list li.comment:not([hidden])", "els => els.map(e => e.dataset.themes)"
    )
    assert visible and all(theme in v.split("|") for v in visible)
    assert len(visible) < total
    assert watch.problems() == []


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_changes_pack_prints_cleanly(
    server: SiteServer, page_factory: Any, paper: str, tmp_path: Path
) -> None:
    # the printable width of the paper at 96 px/in, less 12 mm margins each side
    printable = {"A4": round((210 - 24) / 25.4 * 96), "Letter": round((8.5 - 24 / 25.4) * 96)}
    page, _ = page_factory(server.origin, (printable[paper], 1000))
    page.goto(f"{server.origin}/changes/index.html")
    page.emulate_media(media="print")
    hidden = page.evaluate("() => getComputedStyle(document.querySelector('header.top')).display")
    assert hidden == "none"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    pdf = page.pdf(format=paper, print_background=True)
    (tmp_path / f"changes-{paper}.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    # the pack lists only real changes, so the sample's fits the meeting's two pages
    assert 1 <= pages <= 2
    # nothing is cut off at the paper's edge
    assert width <= printable[paper]
