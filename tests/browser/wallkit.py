"""Helpers for the wall's browser tests: a stoppable local server and a watched page."""

from __future__ import annotations

import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO / "tests" / "artifacts" / "wall"
SIZES = [(1920, 1080), (3840, 2160)]
# Everything one screen's layout check measures, run inside the page.
CHECK_JS = (Path(__file__).parent / "check.js").read_text(encoding="utf-8")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


class _Server(http.server.ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True


class SiteServer:
    """A folder served on 127.0.0.1; ``stop`` and ``start`` keep the same port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> SiteServer:
        folder = str(self.folder)

        def handler(*args: Any) -> _Handler:
            return _Handler(*args, directory=folder)

        self._server = _Server(("127.0.0.1", self.port), handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wall(self, query: str = "") -> str:
        return f"{self.origin}/wall/index.html" + (f"?{query}" if query else "")


@dataclass
class Watch:
    """What one page did that a wall must never do: errors, failed or foreign requests."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {e}" for e in self.console_errors]
            + [f"page error: {e}" for e in self.page_errors]
            + [f"failed request: {e}" for e in self.failed]
            + [f"request outside the site: {e}" for e in self.foreign]
        )


def open_page(browser: Any, origin: str, size: tuple[int, int]) -> tuple[Any, Watch]:
    """A fresh page of the given size that records everything in ``Watch``.

    Requests to any other origin are recorded and refused, so a test can never reach
    the network even if the page tried to.
    """
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    watch = Watch(origin)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(origin + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            watch.foreign.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    page.on("requestfailed", lambda r: watch.failed.append(f"{r.url} ({r.failure})"))
    page.on(
        "response",
        lambda r: watch.failed.append(f"{r.url} ({r.status})") if r.status >= 400 else None,
    )
    return page, watch


def wait_drawn(page: Any, timeout: float = 20_000) -> None:
    """Until the screen on show has all its charts drawn."""
    page.wait_for_function(
        "() => { const s = document.querySelector('.screen.is-active');"
        " return !!s && s.hasAttribute('data-drawn'); }",
        timeout=timeout,
    )


def wait_settled(page: Any, timeout: float = 5_000) -> None:
    """Until the fade is over: the screen on show opaque, the one it replaced hidden.

    What is checked and photographed is what stays on the wall, not the cross-fade.
    """
    page.wait_for_function(
        "() => { const a = document.querySelector('.screen.is-active');"
        " const l = document.querySelector('.screen.is-leaving');"
        " return !!a && getComputedStyle(a).opacity === '1'"
        " && (!l || getComputedStyle(l).visibility === 'hidden'); }",
        timeout=timeout,
    )


def screen_id(page: Any) -> str:
    return str(page.evaluate("document.documentElement.dataset.screen"))


def switches(page: Any) -> int:
    return int(page.evaluate("Number(document.documentElement.dataset.switches || 0)"))
