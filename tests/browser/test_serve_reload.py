"""`cxsite serve` in Chromium: the open page reloads by itself after a change is built."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from projects import make_project
from test_serve import free_port, wait_for

pytestmark = pytest.mark.browser


def test_open_page_reloads_after_the_project_changes(tmp_path: Path, browser: Any) -> None:
    root = make_project(tmp_path / "proj")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cxsite", "serve", str(root), "--port", str(port), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        origin = f"http://127.0.0.1:{port}"
        wait_for(f"{origin}/index.html")
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{origin}/index.html")
        assert page.locator("h1").first.inner_text() == "Test room"
        config = root / "cxsite.yml"
        config.write_text(config.read_text().replace("Test room", "Renamed room"))
        page.wait_for_function(
            "document.querySelector('h1').textContent === 'Renamed room'", timeout=60_000
        )
        context.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
