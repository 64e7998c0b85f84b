"""Every wall screen, at 1080p and at 4K, in real Chromium: fits, readable, drawn, local.

One page load per size; the screens are stepped through with the arrow key, as the
rotation would (each one prepared while hidden, then shown). A screenshot of each is
kept under tests/artifacts/wall/ to be looked at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from projects import CONFIG, JOURNEY, SURVEY, make_project
from wallkit import ARTIFACTS, CHECK_JS, SIZES, SiteServer, wait_drawn, wait_settled

from cxsite.build import build

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
    page.goto(server.wall("screen=1&rotate=0&poll=0"))
    for number, screen in enumerate(wall_screens, start=1):
        if number > 1:
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"Number(document.documentElement.dataset.switches) >= {number}")
        wait_drawn(page)
        wait_settled(page)
        result = page.evaluate(CHECK_JS)
        page.screenshot(path=str(folder / f"{number:02d}-{screen['id']}.png"))
        assert result["screen"] == screen["id"], "screens must come in the configured order"
        charts += result["charts"]
        problems = screen_problems(result, size)
        if problems:
            failures[screen["id"]] = problems
    assert not watch.problems(), watch.problems()
    assert not failures, "\n".join(f"{k}: {p}" for k, v in failures.items() for p in v)
    assert charts > 0, "no screen drew a chart"


LONG = {
    "Test Co": "Test Company of Very Long Names, Subsidiaries and Associates International",
    "name: Online quote": "name: Online quote and price comparison journey for new home and motor "
    "customers buying their first policy",
    "owner: Ann Owner": "owner: Annabelle Ownership-Longname, Head of Digital Sales, Partnerships "
    "and Customer Acquisition for Europe and the Rest of the World",
    "name: Quote satisfaction": "name: Satisfaction with the online quote journey including "
    "price comparison and the explanation of cover (customer says)",
    "Quick and easy": '"Quick and easy, but honestly the whole thing went on and on and on: '
    "page after page of questions about the house, the car, the neighbours, the weather, "
    "my shoe size and my grandmother's maiden name before any price appeared at all\"",
}


def test_long_names_wrap_or_shorten_without_clipping(
    browser: Any, page_factory: Any, tmp_path: Path
) -> None:
    files = {"cxsite.yml": CONFIG, "content/journey.yml": JOURNEY, "data/survey.csv": SURVEY}
    for old, new in LONG.items():
        files = {name: text.replace(old, new) for name, text in files.items()}
    site = build(make_project(tmp_path / "long", dict(files)), out=tmp_path / "site").out
    server = SiteServer(site).start()
    try:
        page, watch = page_factory(server.origin)
        page.goto(server.wall("rotate=0&poll=0"))
        failures = []
        for number in range(1, 5):
            if number > 1:
                page.keyboard.press("ArrowRight")
                page.wait_for_function(
                    f"Number(document.documentElement.dataset.switches) >= {number}"
                )
            wait_drawn(page)
            wait_settled(page)
            result = page.evaluate(CHECK_JS)
            failures += [f"{result['screen']}: {p}" for p in screen_problems(result, SIZES[0])]
            page.screenshot(path=str(ARTIFACTS / f"long-names-{number}.png"))
        titles = page.evaluate(
            "Array.from(document.querySelectorAll('[data-full]')).map(e => e.title)"
        )
        assert not failures, "\n".join(failures)
        assert not watch.problems(), watch.problems()
        assert all(t for t in titles), "a shortened text keeps its whole text in its title"
    finally:
        server.stop()


def test_resizing_redraws_at_the_new_size(server: SiteServer, page_factory: Any) -> None:
    page, watch = page_factory(server.origin, SIZES[0])
    page.goto(server.wall("rotate=0&poll=0"))
    wait_drawn(page)
    before = page.evaluate("document.querySelector('.screen.is-active').dataset.drawnMs")
    page.set_viewport_size({"width": SIZES[1][0], "height": SIZES[1][1]})
    page.wait_for_function(
        f"document.querySelector('.screen.is-active').dataset.drawnMs !== '{before}'"
    )
    wait_drawn(page)
    problems = screen_problems(page.evaluate(CHECK_JS), SIZES[1])
    assert not problems, problems
    assert not watch.problems(), watch.problems()
