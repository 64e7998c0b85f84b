"""Names are text, never markup, in charts as on pages — checked in real Chromium.

Plotly reads ``<a href>``, ``<span style>`` and ``<br>`` in the strings it draws. Every
name a chart can show (stage, touchpoint, metric, owner, issue category) is given markup
here; no page and no wall screen may then hold a link to the markup's address or text
restyled by it, and the markup must show as the literal text it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markup import markup_project
from test_accessibility import axe_violations, blocking
from test_site_pages import charts_drawn
from wallkit import SiteServer, wait_drawn, wait_settled

from cxsite.build import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteServer, Path]]:
    root = markup_project(tmp_path_factory.mktemp("markup") / "project")
    site = build(root, use_cache=False).out
    server = SiteServer(site).start()
    yield server, site
    server.stop()


FINDINGS = """() => {
  const charts = Array.from(document.querySelectorAll(".js-plotly-plot"));
  const text = charts.map(c => c.textContent).join(" ");
  const big = charts.flatMap(c => Array.from(c.querySelectorAll("text, tspan")))
    .filter(e => parseFloat(getComputedStyle(e).fontSize) >= 60 ||
                 (e.getAttribute("style") || "").includes("80px"));
  return {
    links: Array.from(document.querySelectorAll("a")).map(a => a.getAttribute("href") || "")
      .filter(h => h.includes("evil.example")),
    chartLinks: charts.reduce((n, c) => n + c.querySelectorAll("a").length, 0),
    big: big.length,
    bold: charts.reduce((n, c) => n + c.querySelectorAll("tspan[style*='bold']").length, 0),
    literal: text.includes("<a href") || text.includes("<span style") || text.includes("<br>"),
    charts: charts.length,
  };
}"""


def test_no_name_becomes_a_link_or_restyled_text(
    markup_site: tuple[SiteServer, Path], page_factory: Any
) -> None:
    server, site = markup_site
    manifest = json.loads((site / "build.json").read_text(encoding="utf-8"))
    literal_pages = []
    for entry in manifest["pages"]:
        if entry["kind"] == "wall":
            continue
        page, watch = page_factory(server.origin, (1400, 900))
        page.goto(f"{server.origin}/{entry['url']}")
        charts_drawn(page)
        found = page.evaluate(FINDINGS)
        assert found["links"] == [] and found["chartLinks"] == 0, (entry["url"], found)
        assert found["big"] == 0 and found["bold"] == 0, (entry["url"], found)
        if found["literal"]:
            literal_pages.append(entry["kind"])
        assert blocking(axe_violations(page)) == [], entry["url"]
        assert watch.problems() == []
    # the names are shown, as the text they are, in the charts that name things
    assert {"issues", "touchpoint"} <= set(literal_pages)


def test_no_wall_screen_turns_a_name_into_markup(
    markup_site: tuple[SiteServer, Path], page_factory: Any
) -> None:
    server, site = markup_site
    screens = json.loads((site / "data" / "wall.json").read_text(encoding="utf-8"))["screens"]
    page, _ = page_factory(server.origin, (1920, 1080))
    page.goto(server.wall("screen=1&rotate=0&poll=0"))
    literal = 0
    for number in range(1, len(screens) + 1):
        if number > 1:
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"Number(document.documentElement.dataset.switches) >= {number}")
        wait_drawn(page)
        wait_settled(page)
        found = page.evaluate(FINDINGS)
        assert found["links"] == [] and found["chartLinks"] == 0, (number, found)
        assert found["big"] == 0 and found["bold"] == 0, (number, found)
        literal += found["literal"]
        assert blocking(axe_violations(page)) == [], number
    assert literal >= 1
