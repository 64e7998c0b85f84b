"""Running unattended: new builds, a server that goes away and comes back, stale data.

Each test serves its own copy of the site, rewrites files in it as a publish would,
and stops and restarts the server on the same port.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from wallkit import (
    ARTIFACTS,
    CHECK_JS,
    SiteServer,
    screen_id,
    switches,
    wait_drawn,
    wait_settled,
)

pytestmark = pytest.mark.browser

POLL = "poll=0.3"


def write_atomic(path: Path, text: str) -> None:
    """Replace a served file in one step, as publishing does: a poll never reads half."""
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def build_id(folder: Path) -> str:
    return str(json.loads((folder / "build.json").read_text(encoding="utf-8"))["build_id"])


def publish_build_json(folder: Path, new_id: str) -> None:
    manifest = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    manifest["build_id"] = new_id
    write_atomic(folder / "build.json", json.dumps(manifest))


def publish_wall_page(folder: Path, old_id: str, new_id: str) -> None:
    page = folder / "wall" / "index.html"
    write_atomic(page, page.read_text(encoding="utf-8").replace(old_id, new_id))


def page_build_id(page: Any) -> str:
    return str(
        page.evaluate("JSON.parse(document.getElementById('wall-config').textContent).build_id")
    )


def mark_page(page: Any) -> None:
    """Leave a mark in the page's JS world: a reload wipes it."""
    page.evaluate("window.__cxsiteTestMark = 1")


def still_marked(page: Any) -> bool:
    return bool(page.evaluate("window.__cxsiteTestMark === 1"))


def test_reloads_onto_a_new_build_only_once_it_is_published(
    own_server: SiteServer, page_factory: Any
) -> None:
    folder = own_server.folder
    old = build_id(folder)
    page, watch = page_factory(own_server.origin)
    page.goto(own_server.wall(f"rotate=0&{POLL}"))
    wait_drawn(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("Number(document.documentElement.dataset.switches) >= 2")
    on_show = screen_id(page)
    mark_page(page)

    # Half-published: build.json is new but the wall page is not yet. Stay put.
    publish_build_json(folder, "half0000published")
    page.wait_for_timeout(1_500)
    assert still_marked(page), "reloaded onto a site whose wall page is not published yet"

    with page.expect_event("load", timeout=10_000):
        publish_build_json(folder, "new0000build0001")
        publish_wall_page(folder, old, "new0000build0001")
    wait_drawn(page)
    assert page_build_id(page) == "new0000build0001"
    assert screen_id(page) == on_show, "the screen on show is kept across the reload"
    mark_page(page)
    page.wait_for_timeout(1_200)
    assert still_marked(page), "kept reloading after picking up the new build"
    assert not watch.problems(), watch.problems()


def test_offline_mark_comes_and_goes_with_the_server(
    own_server: SiteServer, page_factory: Any
) -> None:
    folder = own_server.folder
    old = build_id(folder)
    page, watch = page_factory(own_server.origin)
    page.goto(own_server.wall(f"rotate=0.5&{POLL}"))
    wait_drawn(page)
    mark_page(page)
    offline = page.locator("#wall-offline")
    assert offline.is_hidden()

    own_server.stop()
    offline.wait_for(state="visible", timeout=5_000)
    assert re.fullmatch(r"Offline since \d\d:\d\d", offline.inner_text().strip())
    # Still rotating through what it has while offline.
    count = switches(page)
    page.wait_for_function(f"Number(document.documentElement.dataset.switches) > {count + 1}")
    wait_settled(page)
    page.screenshot(path=str(ARTIFACTS / "offline.png"))

    own_server.start()
    offline.wait_for(state="hidden", timeout=5_000)
    assert still_marked(page), "reloaded although the build did not change"

    # Back online with a new build published meanwhile: the mark goes and it reloads.
    own_server.stop()
    offline.wait_for(state="visible", timeout=5_000)
    publish_build_json(folder, "new0000build0002")
    publish_wall_page(folder, old, "new0000build0002")
    with page.expect_event("load", timeout=10_000):
        own_server.start()
    wait_drawn(page)
    assert page_build_id(page) == "new0000build0002"
    assert page.locator("#wall-offline").is_hidden()
    assert not watch.page_errors and not watch.foreign


def set_data_as_of(folder: Path, day: dt.date) -> None:
    page = folder / "wall" / "index.html"
    text = re.sub(
        r'"data_as_of":"[0-9-]+"', f'"data_as_of":"{day.isoformat()}"', page.read_text("utf-8")
    )
    page.write_text(text, encoding="utf-8")


def test_stale_banner_shows_when_data_is_too_old(
    own_server: SiteServer, page_factory: Any, wall_screens: list[dict[str, Any]]
) -> None:
    folder = own_server.folder
    page, watch = page_factory(own_server.origin)
    set_data_as_of(folder, dt.date.today())
    page.goto(own_server.wall("rotate=0&poll=0"))
    wait_drawn(page)
    assert page.locator("#wall-stale").is_hidden()

    set_data_as_of(folder, dt.date.today() - dt.timedelta(days=90))
    page.goto(own_server.wall("rotate=0&poll=0"))
    wait_drawn(page)
    banner = page.locator("#wall-stale")
    assert banner.is_visible()
    assert "90 days ago" in banner.inner_text()
    page.screenshot(path=str(ARTIFACTS / "stale.png"))

    # With the banner taking its space every screen must still fit.
    failures = []
    for number in range(1, len(wall_screens) + 1):
        if number > 1:
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"Number(document.documentElement.dataset.switches) >= {number}")
        wait_drawn(page)
        wait_settled(page)
        result = page.evaluate(CHECK_JS)
        bad = result["outside"] + result["spill"] + result["clipped"]
        if bad or result["scrollH"] > 1080 or result["drawn"] != result["charts"]:
            failures.append(
                f"{result['screen']}: {bad[:4]} charts {result['drawn']}/{result['charts']}"
            )
    assert not failures, "\n".join(failures)
    assert not watch.problems(), watch.problems()
