"""Search in Chromium: over http a query finds a touchpoint by name, an owner and an
issue (Pagefind); opened as a file, the page says why full-text search is off and
filters the list of every page instead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from wallkit import SiteServer

pytestmark = pytest.mark.browser


def first_open_issue(site: Path) -> tuple[str, str]:
    """An open issue's id and its touchpoint's page, read from the built data files."""
    for path in sorted((site / "data" / "touchpoints").glob("*.json")):
        touchpoint = json.loads(path.read_text(encoding="utf-8"))
        if touchpoint["issues"]["open"]:
            return touchpoint["issues"]["open"][0]["id"], touchpoint["url"]
    raise AssertionError("no open issue on any touchpoint page")


def results(page: Any, origin: str, query: str) -> list[str]:
    page.goto(f"{origin}/search/index.html?q={quote(query)}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
    links: list[str] = page.eval_on_selector_all(
        ".pagefind-ui__result-link", "els => els.map(e => e.href)"
    )
    return links


def test_query_finds_touchpoint_owner_and_issue(
    built_site: Path, server: SiteServer, page_factory: Any
) -> None:
    page, watch = page_factory(server.origin, (1440, 900))
    touchpoint = json.loads(
        (built_site / "data" / "touchpoints" / "claim-settle.json").read_text(encoding="utf-8")
    )
    found = results(page, server.origin, touchpoint["name"])
    assert found[0] == f"{server.origin}/{touchpoint['url']}"
    owner = touchpoint["owner"].split(",")[0]
    found = results(page, server.origin, owner)
    assert any(link.startswith(f"{server.origin}/owners/index.html") for link in found), found
    issue, where = first_open_issue(built_site)
    found = results(page, server.origin, issue)
    assert any(link.startswith(f"{server.origin}/{where}") for link in found), (issue, found)
    page.screenshot(path=str(built_site.parent / "search.png"))
    # Nothing from a CDN or any other origin, and no script errors.
    assert watch.foreign == [] and watch.page_errors == []


def test_search_box_on_a_page_leads_to_results(server: SiteServer, page_factory: Any) -> None:
    page, _ = page_factory(server.origin, (1440, 900))
    page.goto(f"{server.origin}/stages/claim/index.html")
    page.fill("#site-search-q", "Claim settlement")
    page.press("#site-search-q", "Enter")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=30_000)
    assert page.url.endswith("/search/index.html?q=Claim+settlement")


def test_from_a_file_the_page_says_why_and_filters_every_page(
    built_site: Path, browser: Any
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto((built_site / "search" / "index.html").as_uri() + "?q=claim+settlement")
    page.wait_for_function("document.documentElement.dataset.search === 'fallback'")
    assert "opened as a file" in page.inner_text("#search-fallback-why")
    shown = page.eval_on_selector_all(
        "#search-list li:not([hidden]) a", "els => els.map(e => e.textContent)"
    )
    assert "Claim settlement" in shown
    page.fill("#search-fallback-q", "zzzz no such thing")
    assert page.locator("#search-list li:not([hidden])").count() == 0
    context.close()
