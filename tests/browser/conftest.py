"""Real-browser fixtures for wall mode: a built site, a local server, headless Chromium.

The site is the sample company when its data is present (the mini test project
otherwise), built once per session with ``cxsite.build.build()`` into a temp folder
and served on 127.0.0.1 by a threaded ``http.server`` that can be stopped and started
again on the same port — that is how the wall's offline handling is exercised.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from projects import make_project
from wallkit import CHROMIUM, CHROMIUM_ARGS, REPO, SIZES, SiteServer, Watch, open_page

from cxsite.build import build


@pytest.fixture(scope="session", autouse=True)
def _chromium_present() -> None:
    """Skip before building anything when there is no browser to drive."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}; it is not installed")


def sample_present() -> bool:
    return (REPO / "cxsite.yml").exists() and (REPO / "data" / "survey_responses.csv").exists()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample company's site (or the mini project's when the sample is absent)."""
    root = tmp_path_factory.mktemp("wall-site")
    project = REPO if sample_present() else make_project(root / "project")
    return build(project, out=root / "site").out


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[SiteServer]:
    """The built site, served read-only for the whole session."""
    site = SiteServer(built_site).start()
    yield site
    site.stop()


@pytest.fixture
def own_server(built_site: Path, tmp_path: Path) -> Iterator[SiteServer]:
    """A private copy of the site, for tests that rewrite files or stop the server."""
    folder = tmp_path / "site"
    shutil.copytree(built_site, folder)
    site = SiteServer(folder).start()
    yield site
    site.stop()


@pytest.fixture(scope="session")
def wall_screens(built_site: Path) -> list[dict[str, Any]]:
    screens: list[dict[str, Any]] = json.loads(
        (built_site / "data" / "wall.json").read_text(encoding="utf-8")
    )["screens"]
    return screens


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"wall browser tests need Chromium at {CHROMIUM}; it is not installed")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_factory(browser: Any) -> Iterator[Any]:
    opened: list[Any] = []

    def make(origin: str, size: tuple[int, int] = SIZES[0]) -> tuple[Any, Watch]:
        page, watch = open_page(browser, origin, size)
        opened.append(page)
        return page, watch

    yield make
    for page in opened:
        page.context.close()
