"""Builds of a small inline project, checked through the HTML a reader sees."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from projects import make_project

from cxsite.build import build
from cxsite.cli import main


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "proj")
    build(root)
    return root / "site"


def test_one_page_per_stage_and_touchpoint_and_manifest(site: Path) -> None:
    manifest = json.loads((site / "build.json").read_text())
    assert manifest["generator"] == "cxsite"
    assert manifest["data_as_of"] == "2024-09-11"
    assert re.fullmatch(r"[0-9a-f]{16}", manifest["build_id"])
    urls = {(p["kind"], p["id"]): p["url"] for p in manifest["pages"]}
    assert urls[("stage", "buy")] == "stages/buy/index.html"
    assert urls[("touchpoint", "settle")] == "touchpoints/settle/index.html"
    assert urls[("page", "about")] == "pages/about/index.html"
    for url in urls.values():
        assert (site / url).is_file(), url
    assert (site / "data/stages/buy.json").is_file()
    assert (site / "data/touchpoints/quote.json").is_file()


def test_numbers_on_pages_match_hand_worked_values(site: Path) -> None:
    home = soup(site / "index.html")
    nps = home.select_one('.outcome[data-metric="nps"]')
    assert nps is not None
    # Survey headlines pool the last 4 weeks (here both weeks there are):
    # 10,9,7,3,10 and 10,10,0,8,6,9 -> 6 promoters, 3 detractors of 11 -> 300/11 = 27.3
    assert nps.select_one(".value").get_text(strip=True) == "27"
    assert "last 2 weeks, n = 11" in nps.get_text()
    # +/- 51 around 27 reaches across the target of 30
    assert "Within the margin of the target" in nps.get_text()
    assert "no comparison" in nps.get_text()  # no earlier 2-week window to compare with
    page = soup(site / "touchpoints/quote/index.html")
    time_card = page.select_one("#metric-quote-time")
    # mean of 55 and 45 in the week of 9 Sep
    assert time_card.select_one(".value").get_text(strip=True) == "50.0 s"
    assert "On target" in time_card.get_text()
    csat = page.select_one("#metric-quote-csat")
    # both weeks pooled: 5,4,3,2,5 and 5,4,1 -> 5 of 8 in the top two boxes = 62.5 %
    assert csat.select_one(".value").get_text(strip=True) == "62%"
    assert "last 2 weeks, n = 8" in csat.get_text()
    assert page.select_one(".owner").get_text(strip=True) == "Ann Owner"
    rows = [
        [td.get_text(strip=True) for td in tr.select("td")]
        for tr in page.select("table.issues tbody tr")
    ]
    # T2 opened 3 Sep, data as of 11 Sep -> 8 days old
    assert rows == [["T2", "Price", "Ann", "Call back customer", "8", "Open"]]
    data = json.loads((site / "data/touchpoints/quote.json").read_text())
    series = next(m for m in data["metrics"] if m["id"] == "quote-csat")["series"]
    assert series[0]["value"] == 60.0  # 5,4,3,2,5 -> 3 of 5 in the top two boxes
    assert series[1]["value"] is None and series[1]["n"] == 3  # below min_n = 5


def test_internal_metric_sits_beside_its_survey_metric(site: Path) -> None:
    pair = soup(site / "touchpoints/quote/index.html").select_one(".pair-both")
    assert [c["data-metric"] for c in pair.select(".metric-card")] == ["quote-time", "quote-csat"]


def test_issues_page_counts(site: Path) -> None:
    page = soup(site / "issues/index.html")
    assert page.select_one("#open-count").get_text(strip=True) == "2"
    data = json.loads((site / "data/issues.json").read_text())
    # opened: T1, T2 in week 1, T3, T4 in week 2; closed: T1 week 1, T4 week 2
    assert [(p["opened"], p["closed"], p["backlog"]) for p in data["periods"]] == [
        (2, 1, 1),
        (2, 1, 2),
    ]
    assert [(c["category"], c["open"]) for c in data["by_category"]][:2] == [
        ("Delay", 1),
        ("Price", 1),
    ]


def test_untrusted_text_cannot_run_script(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 8  # every page kind of the project, not an empty folder
    for path in pages:
        text = path.read_text()
        assert "<script>alert" not in text, path
    note = soup(site / "touchpoints/quote/index.html").select_one(".content-item")
    assert note.select_one("strong").get_text() == "caching"
    assert note.select("script") == []


def test_plotly_is_shipped_once_and_nothing_comes_from_a_cdn(site: Path) -> None:
    assert (site / "assets/plotly.min.js").stat().st_size > 1_000_000
    assert [p.name for p in site.rglob("plotly*.js")] == ["plotly.min.js"]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        html = soup(path)
        refs = html.select("script[src], link[href]")
        assert refs, path  # every page loads its style sheet and scripts
        for tag in refs:
            ref = tag.get("src") or tag.get("href")
            assert not re.match(r"(https?:)?//", ref), (path, ref)
        assert len(path.read_text()) < 500_000
    page = soup(site / "touchpoints/quote/index.html")
    assert page.select_one('script[src="../../assets/plotly.min.js"]') is not None


def test_navigation_is_generated_from_the_journey(site: Path) -> None:
    page = soup(site / "touchpoints/settle/index.html")
    stages = [a.get_text(strip=True) for a in page.select(".stage-nav a")]
    assert stages == ["1. Buy", "2. Claim"]
    crumbs = [li.get_text(strip=True) for li in page.select(".crumbs li")]
    assert crumbs == ["Journey", "Claim", "Claim settlement"]
    local = [
        href
        for link in page.select("a[href]")
        # a link to a term's explanation has an anchor
        if (href := link["href"].split("#")[0]) and not href.startswith(("http", "mailto"))
    ]
    assert len(local) >= 5  # the navigation, the breadcrumbs and the stage's pages
    for href in local:
        assert (site / "touchpoints/settle" / href).resolve().exists(), href


def test_builds_are_deterministic_with_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_project(tmp_path / "proj")
    build(root, out=tmp_path / "a")
    build(root, out=tmp_path / "b")
    files_a = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    files_b = sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    assert files_a == files_b
    assert len(files_a) >= 20  # pages, data files, assets
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert json.loads((tmp_path / "a/build.json").read_text())["built_at"] == "2023-11-14T22:13:20Z"


def test_refuses_to_overwrite_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(precious), "-q"])
    assert result.exit_code == 1 and "is not a cxsite site" in result.output
    assert (precious / "thesis.txt").read_text() == "keep me"


def test_user_templates_override_the_theme(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    (root / "templates").mkdir()
    (root / "templates/page.html").write_text(
        '{% extends "!default/page.html" %}{% block title %}CUSTOM {{ page.title }}{% endblock %}'
    )
    build(root)
    assert soup(root / "site/pages/about/index.html").title.get_text() == "CUSTOM About the room"


def test_init_creates_a_project_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "cxsite.yml").is_file() and (target / "content/journey.yml").is_file()
    result = CliRunner().invoke(main, ["check", str(target)])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(main, ["init", str(target)])
    assert again.exit_code == 1 and "not empty" in again.output


def test_every_page_has_the_search_box_and_the_site_a_search_index(site: Path) -> None:
    manifest = json.loads((site / "build.json").read_text())
    assert len(manifest["pages"]) >= 8
    for entry in manifest["pages"]:
        if entry["kind"] == "wall":
            continue  # the wall has nothing to click
        form = soup(site / entry["url"]).select_one("form.site-search")
        assert form is not None, entry["url"]
        depth = entry["url"].count("/")
        assert form["action"] == "../" * depth + "search/index.html"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    # Every page but the search page itself, the wall and each issue's page is indexed.
    indexed = [p for p in manifest["pages"] if p["kind"] not in ("search", "wall", "issue")]
    assert len(indexed) < len(manifest["pages"]) - 3
    assert entry["languages"]["en"]["page_count"] == len(indexed)
    listed = soup(site / "search/index.html").select("#search-list li a")
    assert {a.get_text() for a in listed} >= {"Online quote", "Claim settlement", "Ann Owner"}
