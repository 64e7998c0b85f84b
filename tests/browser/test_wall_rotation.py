"""Rotation and the keys: ?rotate, ?screen, arrow keys, space to pause."""

from __future__ import annotations

from typing import Any

import pytest
from wallkit import SiteServer, screen_id, switches, wait_drawn

pytestmark = pytest.mark.browser


def wait_switches(page: Any, count: int, timeout: float = 10_000) -> None:
    page.wait_for_function(
        f"Number(document.documentElement.dataset.switches || 0) >= {count}", timeout=timeout
    )


def test_rotation_advances_every_n_seconds(
    server: SiteServer, page_factory: Any, wall_screens: list[dict[str, Any]]
) -> None:
    page, watch = page_factory(server.origin)
    page.goto(server.wall("rotate=1&poll=0"))
    wait_drawn(page)
    seen = [screen_id(page)]
    for count in (2, 3):
        wait_switches(page, count, timeout=5_000)
        seen.append(screen_id(page))
    assert seen == [s["id"] for s in wall_screens[:3]]
    assert not watch.problems(), watch.problems()


def test_rotate_zero_stays_on_the_chosen_screen(
    server: SiteServer, page_factory: Any, wall_screens: list[dict[str, Any]]
) -> None:
    page, _ = page_factory(server.origin)
    page.goto(server.wall("screen=2&rotate=0&poll=0"))
    wait_drawn(page)
    page.wait_for_timeout(2_500)
    assert screen_id(page) == wall_screens[1]["id"]
    assert switches(page) == 1


def test_arrow_keys_move_and_space_pauses(
    server: SiteServer, page_factory: Any, wall_screens: list[dict[str, Any]]
) -> None:
    ids = [s["id"] for s in wall_screens]
    page, watch = page_factory(server.origin)
    page.goto(server.wall("rotate=0&poll=0"))
    wait_drawn(page)
    page.keyboard.press("ArrowRight")
    wait_switches(page, 2)
    assert screen_id(page) == ids[1]
    page.keyboard.press("ArrowLeft")
    wait_switches(page, 3)
    assert screen_id(page) == ids[0]
    page.keyboard.press("ArrowLeft")  # wraps round to the last screen
    wait_switches(page, 4)
    assert screen_id(page) == ids[-1]

    page.goto(server.wall("rotate=0.4&poll=0"))
    wait_switches(page, 2)
    page.keyboard.press("Space")
    assert page.locator("#wall-paused").is_visible()
    page.wait_for_timeout(500)  # a switch under way when paused may still finish
    paused_at = switches(page)
    page.wait_for_timeout(1_500)
    assert switches(page) == paused_at, "the wall kept rotating while paused"
    page.keyboard.press("Space")
    assert page.locator("#wall-paused").is_hidden()
    wait_switches(page, paused_at + 2, timeout=5_000)
    assert not watch.problems(), watch.problems()
