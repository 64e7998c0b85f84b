"""The registry of page kinds: a kind added to a registry passed to the build gets its
page, its menu entry and its data file; every open issue gets a page that the site's
issue lists link to; URLs are unique, and the sitemap lists the pages it should."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from projects import CONFIG, make_project

from cxsite.build import build
from cxsite.errors import BuildError
from cxsite.pages import default_registry
from cxsite.registry import DataFile, PageKind, Registry, single
from cxsite.views.issue_pages import issue_slug

# Open issues with ids a URL cannot carry as they are; two differ only in case and
# punctuation. Closed ones (T1, T4) get no page.
ISSUES = """\
Ticket,Area,Cat,Opened,Closed,State,Who,Next
T1,quote,Delay,2024-09-02,2024-09-05,Closed,Ann,
T2,quote,Price,2024-09-03,,Open,Ann,Call back customer
A/1,settle,Delay,2024-09-04,,Open,Bob,Chase assessor
a-1,settle,Comms,2024-09-05,,Open,Bob,Send letter
list,quote,Price,2024-09-06,,Open,,
Ünï code?#1,settle,Delay,2024-09-09,,Open,Bob,Escalate
T4,settle,Comms,2024-09-10,2024-09-11,Closed,Bob,
"""
# by hand from ISSUES: id -> (touchpoint name, stage name, category, opened, owner, action)
OPEN = {
    "T2": ("Online quote", "Buy", "Price", "2024-09-03", "Ann", "Call back customer"),
    "A/1": ("Claim settlement", "Claim", "Delay", "2024-09-04", "Bob", "Chase assessor"),
    "a-1": ("Claim settlement", "Claim", "Comms", "2024-09-05", "Bob", "Send letter"),
    "list": ("Online quote", "Buy", "Price", "2024-09-06", "Unassigned", "No action recorded"),
    "Ünï code?#1": ("Claim settlement", "Claim", "Delay", "2024-09-09", "Bob", "Escalate"),
}
GLOSSARY = """\
{% extends "base.html" %}
{% block main %}<h1>{{ plan.title }}</h1>
<ul class="terms">{% for term in page.terms %}<li>{{ term }}</li>{% endfor %}</ul>
{% endblock %}
"""


def glossary_view(_model: dict[str, Any], _plan: Any, site: Any) -> dict[str, Any]:
    return {"terms": sorted(t.name for t in site.views.touchpoints)}


GLOSSARY_KIND = PageKind(
    "glossary",
    "glossary.html",
    "glossary/index.html",
    single("glossary", "Glossary"),
    glossary_view,
    data=(DataFile("data/glossary.json", lambda view, _model: view),),
    nav="main",
    nav_order=6,
)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pages")
    project = make_project(
        root / "proj",
        {
            "cxsite.yml": CONFIG + "base_url: https://cx.example.com/room/\n",
            "data/issues.csv": ISSUES,
            "templates/glossary.html": GLOSSARY,
        },
    )
    registry = default_registry().with_kind(GLOSSARY_KIND, after="explain")
    return build(project, out=root / "site", registry=registry).out


def manifest(site: Path) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = json.loads((site / "build.json").read_text())["pages"]
    return pages


def menu(page: Path) -> list[tuple[str, str, str | None]]:
    links = soup(page).select("nav.main-nav a")
    return [(a.get_text(), str(a["href"]), a.get("aria-current")) for a in links]


def test_a_kind_in_a_registry_passed_to_the_build_gets_page_menu_entry_and_data(
    site: Path,
) -> None:
    page = site / "glossary" / "index.html"
    assert [li.get_text() for li in soup(page).select("ul.terms li")] == [
        "Claim settlement",
        "Online quote",
    ]
    assert json.loads((site / "data" / "glossary.json").read_text()) == {
        "terms": ["Claim settlement", "Online quote"]
    }
    # in the menu of every page, after "How to read this" (same menu place, declared later)
    # and before the notes; the page's own entry is marked as the current page
    titles = [title for title, _, _ in menu(site / "index.html")]
    assert titles[titles.index("How to read this") + 1] == "Glossary"
    assert titles[-1] == "About the room"
    assert ("Glossary", "../glossary/index.html", None) in menu(site / "owners" / "index.html")
    assert ("Glossary", "../glossary/index.html", "page") in menu(page)
    found = [p for p in manifest(site) if p["kind"] == "glossary"]
    assert found == [
        {
            "kind": "glossary",
            "id": "glossary",
            "title": "Glossary",
            "url": "glossary/index.html",
            "data": "data/glossary.json",
        }
    ]
    # the site's own registry is untouched: the kind lived only in the one passed in
    assert "glossary" not in [kind.name for kind in default_registry().kinds]


def test_two_pages_at_one_url_are_refused() -> None:
    def view(_model: Any, _plan: Any, _site: Any) -> dict[str, Any]:
        return {}

    registry = Registry(
        (
            PageKind("one", "x.html", "same/index.html", single("a", "A"), view),
            PageKind("two", "x.html", "same/index.html", single("b", "B"), view),
        )
    )
    with pytest.raises(BuildError, match=r"two pages would be written to 'same/index\.html'"):
        registry.plan({}, None)
    with pytest.raises(ValueError, match="declared twice"):
        registry.with_kind(PageKind("one", "y.html", "y/index.html", single("c", "C"), view))


def test_issue_slugs_are_safe_stable_and_distinct() -> None:
    assert issue_slug("hm-16332") == "hm-16332"  # already safe: kept as it is
    ids = ["A/1", "a-1", "A 1", "a_1", "A-1", "list", "", "../x", "Ünï code?#1", "x" * 300]
    slugs = [issue_slug(i) for i in ids]
    assert len(set(slugs)) == len(ids)
    assert slugs == [issue_slug(i) for i in ids]  # the same id, the same URL, every build
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", slug), slug
        assert len(slug) <= 64
    # readable part first, then 8 hex digits of a hash
    assert re.fullmatch(r"a-1-[0-9a-f]{8}", issue_slug("A/1"))
    assert re.fullmatch(r"list-[0-9a-f]{8}", issue_slug("list"))  # list/ is the list's page


def test_every_open_issue_has_a_page_with_its_facts(site: Path) -> None:
    pages = {p["id"]: p for p in manifest(site) if p["kind"] == "issue"}
    assert set(pages) == set(OPEN)
    assert len({p["url"] for p in pages.values()}) == len(OPEN)
    as_of = dt.date.fromisoformat(
        json.loads((site / "data/site.json").read_text())["site"]["data_as_of"]
    )
    for ident, (touchpoint, stage, category, opened, owner, action) in OPEN.items():
        page = soup(site / pages[ident]["url"])
        assert page.h1 is not None and page.h1.get_text() == f"Issue {ident}"
        terms, values = page.select("dl.issue-facts dt"), page.select("dl.issue-facts dd")
        facts = {
            term.get_text(): value.get_text(" ", strip=True)
            for term, value in zip(terms, values, strict=True)
        }
        age = (as_of - dt.date.fromisoformat(opened)).days
        assert facts["Touchpoint"] == touchpoint
        assert facts["Stage"] == stage
        assert facts["Owner"] == owner
        assert facts["Category"] == category
        assert facts["Status"] == "Open"
        assert facts["Opened"] == opened
        assert facts["Age"] == f"{age} days on {as_of.isoformat()}"
        assert facts["Next step"] == action
        # links back to the touchpoint, the stage, the list and the issues page, all there
        for a in page.select("main a"):
            target = (site / pages[ident]["url"]).parent / str(a["href"])
            assert target.resolve().is_file(), a["href"]
        assert {a.get_text() for a in page.select("main a")} >= {
            touchpoint,
            stage,
            "Every open issue",
            "Customer issues",
        }


def linked_issues(page: Path, site: Path) -> set[str]:
    """The issue pages a page links to, as site-relative URLs."""
    found = set()
    for a in soup(page).select("main a[href]"):
        url = (page.parent / str(a["href"])).resolve().relative_to(site.resolve()).as_posix()
        if re.fullmatch(r"issues/(?!list/)[^/]+/index\.html", url):
            found.add(url)
    return found


def test_every_list_of_issues_links_to_their_pages(site: Path) -> None:
    urls = {p["id"]: p["url"] for p in manifest(site) if p["kind"] == "issue"}
    everything = set(urls.values())
    assert linked_issues(site / "issues" / "index.html", site) == everything
    assert linked_issues(site / "issues" / "list" / "index.html", site) == everything
    on_quote = {urls[i] for i, facts in OPEN.items() if facts[0] == "Online quote"}
    assert linked_issues(site / "touchpoints" / "quote" / "index.html", site) == on_quote
    in_claim = {urls[i] for i, facts in OPEN.items() if facts[1] == "Claim"}
    assert linked_issues(site / "stages" / "claim" / "index.html", site) == in_claim


def test_the_issue_list_shows_everything_without_scripts(site: Path) -> None:
    page = soup(site / "issues" / "list" / "index.html")
    items = page.select("ol.issue-list > li")
    assert [li.select_one("a.issue-id").get_text() for li in items] == list(OPEN)  # oldest first
    assert not any(li.has_attr("hidden") for li in items)
    form = page.select_one("form.list-filter")
    assert form is not None and form.has_attr("hidden")  # only a script shows the filter
    # the list sits under the issues page: breadcrumb and menu say so
    crumbs = [li.get_text(strip=True) for li in page.select("nav.crumbs li")]
    assert crumbs == ["Journey", "Customer issues", "All open issues"]
    assert ("Issues", "../../issues/index.html", "true") in menu(site / "issues/list/index.html")
    data = json.loads((site / "data" / "issues" / "list" / "1.json").read_text())
    assert [row["id"] for row in data["open"]] == list(OPEN)
    assert (data["count"], data["page"], data["pages"]) == (5, 1, 1)
    assert soup(site / "issues" / "list" / "index.html").select("nav.pager") == []


def test_a_long_issue_list_is_split_into_linked_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two issues a page: the five open issues take pages 1 (T2, A/1), 2 (a-1, list), 3
    monkeypatch.setattr("cxsite.views.issue_pages.LIST_PAGE_SIZE", 2)
    project = make_project(tmp_path / "proj", {"data/issues.csv": ISSUES})
    site = build(project, out=tmp_path / "site").out
    lists = [p for p in manifest(site) if p["kind"] == "issue-list"]
    assert [p["url"] for p in lists] == [
        "issues/list/index.html",
        "issues/list/2/index.html",
        "issues/list/3/index.html",
    ]
    pages = [soup(site / p["url"]) for p in lists]
    shown = [[a.get_text() for a in page.select("ol.issue-list a.issue-id")] for page in pages]
    assert shown == [["T2", "A/1"], ["a-1", "list"], ["Ünï code?#1"]]
    assert [page.select_one("ol.issue-list")["start"] for page in pages] == ["1", "3", "5"]
    # each page links to the one before and after it; the links lead to real pages
    for number, page in enumerate(pages, start=1):
        pager = page.select_one("nav.pager")
        assert pager is not None and f"Page {number} of 3" in pager.get_text()
        rels = {str(a["rel"][0]): a for a in pager.select("a")}
        assert ("prev" in rels) == (number > 1) and ("next" in rels) == (number < 3)
        for a in rels.values():
            target = (site / lists[number - 1]["url"]).parent / str(a["href"])
            assert target.resolve().is_file(), a["href"]
    data = [json.loads((site / "data/issues/list" / f"{n}.json").read_text()) for n in (1, 2, 3)]
    assert [[row["id"] for row in d["open"]] for d in data] == shown
    assert {(d["count"], d["pages"]) for d in data} == {(5, 3)}
    # an issue page links back to, and sits under, the list page that shows it
    issue = next(p for p in manifest(site) if p["kind"] == "issue" and p["id"] == "a-1")
    page = soup(site / issue["url"])
    back = next(a for a in page.select("main a") if a.get_text() == "Every open issue")
    target = ((site / issue["url"]).parent / str(back["href"])).resolve()
    assert target == (site / "issues/list/2/index.html").resolve()
    crumbs = [li.get_text(strip=True) for li in page.select("nav.crumbs li")]
    assert crumbs == ["Journey", "Customer issues", "All open issues, page 2 of 3", "Issue a-1"]


def test_a_touchpoint_page_marks_its_stage_in_the_journey_bar(site: Path) -> None:
    bar = soup(site / "touchpoints" / "settle" / "index.html").select("nav.stage-nav a")
    assert [(a.get_text(), a.get("aria-current")) for a in bar] == [
        ("1. Buy", None),
        ("2. Claim", "true"),
    ]
    bar = soup(site / "stages" / "claim" / "index.html").select("nav.stage-nav a")
    assert [a.get("aria-current") for a in bar] == [None, "page"]


def test_the_sitemap_lists_pages_but_not_search_or_wall(site: Path) -> None:
    tree = ET.parse(site / "sitemap.xml")
    spaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = [loc.text for loc in tree.getroot().findall("s:url/s:loc", spaces)]
    expected = [
        "https://cx.example.com/room/" + p["url"]
        for p in manifest(site)
        if p["kind"] not in ("search", "wall")
    ]
    assert listed == expected
    assert "https://cx.example.com/room/issues/list/index.html" in listed
    assert not any("search" in url or "wall" in url for url in listed)
