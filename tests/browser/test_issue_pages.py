"""The list of every open issue and the issue pages, in real Chromium: the filter narrows
the list (served and from file://), and an issue's page opens from a touchpoint's list."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from wallkit import SiteServer

pytestmark = pytest.mark.browser

SHOWN = "#issue-list > li:not([hidden])"


def open_issues(site: Path) -> list[dict[str, str]]:
    """The open issues as the site's own CSV export lists them (a second source to the
    list page: written from the model by another module)."""
    text = (site / "exports" / "open_issues.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def filter_list(page: Any, words: str) -> list[str]:
    page.fill("#issue-filter-q", words)
    ids: list[str] = page.eval_on_selector_all(
        f"{SHOWN} a.issue-id", "els => els.map(e => e.textContent)"
    )
    return ids


def test_the_filter_narrows_the_list(
    server: SiteServer, page_factory: Any, built_site: Path
) -> None:
    issues = open_issues(built_site)
    category = issues[-1]["category"]
    # expected by hand from the export: every open issue whose category names the words
    expected = [i["id"] for i in issues if category.lower() in i["category"].lower()]
    assert 0 < len(expected) < len(issues)
    page, watch = page_factory(server.origin, (1400, 900))
    page.goto(f"{server.origin}/issues/list/index.html")
    assert page.locator(SHOWN).count() == len(issues)
    shown = filter_list(page, category.upper())
    assert set(shown) == set(expected)
    assert page.locator(".list-filter .filter-count").text_content() == (
        f"{len(expected)} of {len(issues)} open issues"
    )
    # hidden for the eye too, not only marked: every row the filter left out is invisible
    rows = page.locator("#issue-list > li")
    visible = [rows.nth(n).is_visible() for n in range(rows.count())]
    assert visible.count(True) == len(expected) and visible.count(False) == len(issues) - len(
        expected
    )
    assert filter_list(page, "no issue has these words") == []
    assert len(filter_list(page, "")) == len(issues)
    assert watch.problems() == []


def test_the_filter_works_from_a_file_and_from_a_link(browser: Any, built_site: Path) -> None:
    issues = open_issues(built_site)
    wanted = issues[0]["id"]
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((built_site / "issues" / "list" / "index.html").as_uri() + f"?q={wanted}")
    shown = page.eval_on_selector_all(f"{SHOWN} a.issue-id", "els => els.map(e => e.textContent)")
    assert shown == [wanted]
    assert page.input_value("#issue-filter-q") == wanted
    assert errors == []
    context.close()


def test_an_issue_page_opens_from_a_touchpoint_list(
    server: SiteServer, page_factory: Any, built_site: Path
) -> None:
    manifest = json.loads((built_site / "build.json").read_text(encoding="utf-8"))
    touchpoint = "touchpoints/claim-settle/index.html"
    page, watch = page_factory(server.origin, (1400, 900))
    page.goto(f"{server.origin}/{touchpoint}")
    link = page.locator("table.issues tbody a").first
    ident = link.text_content()
    link.click()
    page.wait_for_load_state()
    issue = next(p for p in manifest["pages"] if p["kind"] == "issue" and p["id"] == ident)
    assert page.url == f"{server.origin}/{issue['url']}"
    assert page.locator("h1").text_content() == f"Issue {ident}"
    # and back to the touchpoint it came from
    page.get_by_role("link", name="Claim settlement").last.click()
    page.wait_for_load_state()
    assert page.url == f"{server.origin}/{touchpoint}"
    assert watch.problems() == []
