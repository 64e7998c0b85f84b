"""axe-core over every page kind and every wall screen, in real Chromium.

No serious or critical violation is allowed (WCAG 2 A/AA rules plus axe's best
practices). axe-core is vendored under ``vendor/axe-core`` (see its README).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_site_pages import charts_drawn
from wallkit import SiteServer, wait_drawn, wait_settled

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, nodes: v.nodes.length,
    where: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + (n.any[0] || {}).message)
  }));
}"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return found


def blocking(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in found if v["impact"] in BLOCKING]


def one_page_per_kind(site: Path) -> dict[str, str]:
    manifest = json.loads((site / "build.json").read_text(encoding="utf-8"))
    chosen: dict[str, str] = {}
    for page in manifest["pages"]:
        if page["kind"] != "wall":
            chosen.setdefault(page["kind"], page["url"])
    return chosen


def test_every_page_kind_has_no_serious_violations(
    server: SiteServer, page_factory: Any, built_site: Path
) -> None:
    kinds = one_page_per_kind(built_site)
    assert {"home", "stage", "touchpoint", "issues", "owners", "drivers", "changes"} <= set(kinds)
    assert {"issue-list", "issue"} <= set(kinds)
    report: dict[str, list[dict[str, Any]]] = {}
    for kind, url in kinds.items():
        page, watch = page_factory(server.origin, (1400, 900))
        page.goto(f"{server.origin}/{url}")
        charts_drawn(page)
        report[kind] = axe_violations(page)
        assert watch.problems() == []
    print(json.dumps(report, indent=1))
    assert {k: blocking(v) for k, v in report.items() if blocking(v)} == {}


def test_every_wall_screen_has_no_serious_violations(
    server: SiteServer, page_factory: Any, wall_screens: list[dict[str, Any]]
) -> None:
    page, _ = page_factory(server.origin, (1920, 1080))
    page.goto(server.wall("screen=1&rotate=0&poll=0"))
    report: dict[str, list[dict[str, Any]]] = {}
    for number, screen in enumerate(wall_screens, start=1):
        if number > 1:
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"Number(document.documentElement.dataset.switches) >= {number}")
        wait_drawn(page)
        wait_settled(page)
        report[screen["id"]] = axe_violations(page)
    print(json.dumps(report, indent=1))
    assert {k: blocking(v) for k, v in report.items() if blocking(v)} == {}
