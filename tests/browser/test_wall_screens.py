"""Every wall screen, at 1080p and at 4K, in real Chromium: fits, readable, drawn, local.

One page load per screen (``?screen=K&rotate=0&poll=0``). A screenshot of each is kept
under tests/artifacts/wall/ to be looked at.
"""

from __future__ import annotations

from typing import Any

import pytest
from wallkit import ARTIFACTS, CHECK_JS, SIZES, SiteServer, wait_drawn

pytestmark = pytest.mark.browser

MIN_FONT_SHARE = 0.02  # smallest text: 2% of the viewport height


def screen_problems(result: dict[str, Any], size: tuple[int, int]) -> list[str]:
    width, height = size
    problems = []
    if result["scrollW"] > width or result["scrollH"] > height:
        problems.append(f"page scrolls: {result['scrollW']}x{result['scrollH']}")
    problems += [f"outside the viewport: {e}" for e in result["outside"]]
    problems += [f"outside its screen: {e}" for e in result["spill"]]
    problems += [f"clipped: {e}" for e in result["clipped"]]
    if result["minFont"] < MIN_FONT_SHARE * height:
        problems.append(
            f"text smaller than {MIN_FONT_SHARE:.0%} of the height: "
            f"{result['minFont']:.1f}px at {result['minFontAt']}"
        )
    if result["drawn"] != result["charts"]:
        problems.append(f"{result['drawn']} of {result['charts']} charts drawn")
    if "Data as of" not in result["footer"] or "Built" not in result["footer"]:
        problems.append(f"footer lacks 'Data as of' / 'Built': {result['footer']!r}")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_fits_and_is_readable(
    server: SiteServer, page_factory: Any, wall_screens: list[dict[str, Any]], size: tuple[int, int]
) -> None:
    page, watch = page_factory(server.origin, size)
    folder = ARTIFACTS / f"{size[0]}x{size[1]}"
    folder.mkdir(parents=True, exist_ok=True)
    failures: dict[str, list[str]] = {}
    charts = 0
    for number, screen in enumerate(wall_screens, start=1):
        page.goto(server.wall(f"screen={number}&rotate=0&poll=0"))
        wait_drawn(page)
        # Let the first fade finish: what is checked is what stays on the wall.
        page.wait_for_function(
            "getComputedStyle(document.querySelector('.screen.is-active')).opacity === '1'"
        )
        result = page.evaluate(CHECK_JS)
        page.screenshot(path=str(folder / f"{number:02d}-{screen['id']}.png"))
        assert result["screen"] == screen["id"], "?screen=K must start on screen K"
        charts += result["charts"]
        problems = screen_problems(result, size)
        if problems:
            failures[screen["id"]] = problems
    assert not watch.problems(), watch.problems()
    assert not failures, "\n".join(f"{k}: {p}" for k, v in failures.items() for p in v)
    assert charts > 0, "no screen drew a chart"
