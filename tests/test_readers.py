"""What a reader sees on a small built project: the "How to read this" page and the term
links into it, units and legends on charts, readable issue flow, touchpoints by name,
a favicon, matching titles and breadcrumbs, "no data yet", and comments called recent
only inside the analysis window.

Expected numbers are worked out by hand or with statsmodels/numpy, never by the code
under test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup
from projects import CONFIG, JOURNEY, make_project
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from cxsite.build import build
from cxsite.figures.issuecharts import flow_blocks, pareto_figure
from cxsite.model.issue_types import IssuePeriod, ParetoBar
from cxsite.views.explain import EXPLANATIONS

NO_DATA_JOURNEY = (
    JOURNEY
    + """\
  - id: settle-days
    name: Days to settle
    touchpoint: settle
    kind: process
    unit: days
    direction: lower
    target: 10
    aggregate: mean
"""
)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(
        tmp_path_factory.mktemp("readers") / "proj",
        {
            "content/journey.yml": NO_DATA_JOURNEY,
            "cxsite.yml": CONFIG + "analytics:\n  comment_window: 1\n",
        },
    )
    return build(root).out


def test_every_term_link_lands_on_an_explanation(site: Path) -> None:
    explain = soup(site / "explain/index.html")
    anchors = {s["id"] for s in explain.select("section.explanation")}
    assert anchors == {e.id for e in EXPLANATIONS}
    for section in explain.select("section.explanation"):
        assert section.select_one(".example").get_text(strip=True).startswith("Example.")
    linked = set()
    for page in site.rglob("index.html"):
        for link in soup(page).select("a.term"):
            target = (page.parent / link["href"].split("#")[0]).resolve()
            assert target == (site / "explain/index.html").resolve(), (page, link["href"])
            linked.add(link["href"].split("#")[1])
    assert linked <= anchors
    # the touchpoint page links its margin of error, significance and targets
    quote = soup(site / "touchpoints/quote/index.html")
    hrefs = {a["href"].split("#")[1] for a in quote.select("a.term")}
    assert {"margin-of-error", "targets", "fdr"} <= hrefs
    nav = [a.get_text() for a in quote.select("nav.main-nav a")]
    assert "How to read this" in nav


def test_explanation_examples_agree_with_independent_statistics() -> None:
    by_id = {e.id: e for e in EXPLANATIONS}
    low, high = proportion_confint(15, 17, alpha=0.05, method="wilson")
    margin = example_numbers(by_id["margin-of-error"].example)
    assert f"from {100 * low:.0f}% to {100 * high:.0f}%" in by_id["margin-of-error"].example
    assert margin["±"] == round(100 * (high - low) / 2)
    _, p_small = proportions_ztest([66, 60], [80, 80])
    _, p_big = proportions_ztest([660, 600], [800, 800])
    assert f"(p = {p_small:.2f})" in by_id["significance"].example
    assert f"(p = {p_big:.4f})" in by_id["significance"].example
    values = np.array([21, 23, 22, 24, 22, 23, 21, 22], dtype=float)
    centre, spread = values.mean(), 2.66 * np.abs(np.diff(values)).mean()
    control = by_id["control-charts"].example
    assert f"limits are {centre - spread:.1f} and {centre + spread:.1f} days" in control
    p90 = np.percentile([1, 2, 2, 3, 3, 4, 5, 6, 9, 30], 90)
    assert f"about {p90:.0f} days" in by_id["issue-speed"].example


def example_numbers(text: str) -> dict[str, int]:
    found = re.search(r"± (\d+)”", text)
    assert found is not None
    return {"±": int(found.group(1))}


def test_favicon_titles_and_breadcrumbs(site: Path) -> None:
    assert (site / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO header
    manifest = json.loads((site / "build.json").read_text())
    for page in manifest["pages"]:
        html = soup(site / page["url"])
        icon = html.select_one('link[rel="icon"]')
        assert icon is not None and icon["href"].startswith("data:image/svg+xml,"), page["url"]
        if page["kind"] in ("home", "wall"):
            continue
        assert html.title.get_text().startswith(page["title"] + " · ")
        crumb = html.select_one('nav.crumbs [aria-current="page"]')
        assert crumb is not None and crumb.get_text() == page["title"], page["url"]
    drivers = soup(site / "drivers/index.html")
    assert drivers.h1.get_text() == drivers.select_one(".crumbs [aria-current]").get_text()


def test_a_metric_with_no_data_says_so_instead_of_an_empty_chart(site: Path) -> None:
    page = soup(site / "touchpoints/settle/index.html")
    card = page.select_one("#metric-settle-days")
    assert card.select_one(".no-data").get_text(strip=True) == "No data yet for this metric."
    assert card.select_one(".chart") is None


def test_only_comments_inside_the_window_are_called_recent(site: Path) -> None:
    # comment_window 1: only the week of 9 Sep 2024 is recent; the quote's one comment,
    # from 2 Sep, is folded away as an older one.
    page = soup(site / "touchpoints/quote/index.html")
    heading = page.select_one(".comments-heading").get_text(" ", strip=True)
    assert heading.startswith("Comments from the last 1 week since 2024-09-09")
    older = page.select_one("details.older-comments")
    assert older is not None
    assert older.summary.get_text(strip=True) == "1 older comment, before 2024-09-09"
    assert [li.blockquote.get_text() for li in older.select("li.comment")] == ["Quick and easy"]
    assert "No comments in the last 1 week." in page.get_text()
    assert "Recent comments" not in page.get_text()


def test_touchpoint_charts_have_units_hover_with_n_and_legend(site: Path) -> None:
    page = soup(site / "touchpoints/quote/index.html")
    figures = json.loads(page.select_one("#cx-figures").get_text())
    csat = figures["chart-metric-quote-csat"]
    assert csat["layout"]["yaxis"]["title"]["text"] == "% satisfied (top two boxes)"
    assert csat["data"][0]["hovertemplate"] == "%{y:,.0f}% · n = %{customdata:,}<extra></extra>"
    # quote-csat has 5 answers in the first week and 3 in the second (tests/projects.py)
    assert csat["data"][0]["customdata"] == [5, 3]
    assert csat["htmlLegend"] is True
    assert [t["name"] for t in csat["data"][:2]] == ["Value", "Target (80%)"]
    time = figures["chart-metric-quote-time"]
    assert time["layout"]["yaxis"]["title"]["text"] == "s"
    assert time["data"][0]["hovertemplate"] == "%{y:,.1f} s<extra></extra>"


def test_issue_flow_is_summed_into_four_week_blocks_beyond_half_a_year() -> None:
    rng = np.random.default_rng(7)
    opened = rng.integers(0, 50, size=30)
    closed = rng.integers(0, 50, size=30)
    periods = [
        IssuePeriod(f"p{i}", f"w{i}", int(o), int(c), backlog=0)
        for i, (o, c) in enumerate(zip(opened, closed, strict=True))
    ]
    block, blocks = flow_blocks(periods, "week")
    assert block == 4
    # by hand: the last 28 weeks in 7 blocks of 4, then the first 2 weeks alone
    expected = [opened[:2].sum(), *opened[2:].reshape(7, 4).sum(axis=1)]
    assert [b.opened for b in blocks] == [int(x) for x in expected]
    assert blocks[-1].label == "w26 – w29" and blocks[0].periods == 2
    assert sum(b.closed for b in blocks) == int(closed.sum())
    short_block, short = flow_blocks(periods[:20], "week")
    assert short_block == 1 and len(short) == 20


def test_pareto_share_axis_has_round_ticks() -> None:
    rows = [
        ParetoBar("Delay", 8, 8 / 17),
        ParetoBar("Price", 8, 16 / 17),
        ParetoBar("Comms", 1, 1.0),
    ]
    figure = pareto_figure(rows, "opened in the last 13 weeks")
    assert figure["layout"]["yaxis2"]["tickvals"] == [0, 25, 50, 75, 100]


def test_issue_speed_by_touchpoint_lists_names_with_links(site: Path) -> None:
    table = soup(site / "issues/index.html").select_one("table.resolution-touchpoint")
    cells = {a.get_text(): a["href"] for a in table.select("tbody td a")}
    # T1 (quote) and T4 (settle) are the closed issues in tests/projects.py
    assert cells == {
        "Online quote": "../touchpoints/quote/index.html",
        "Claim settlement": "../touchpoints/settle/index.html",
    }
