"""The shipped plotly.js bundle has every trace type the built site draws.

A partial bundle that lacks a trace type draws nothing for it, without an error (a
funnel becomes a thin line), so the check asks the bundle itself, in Chromium, which
trace types it registered, and compares with the ``type`` of every trace in every
figure embedded in every page and in the wall.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from wallkit import SiteServer

pytestmark = pytest.mark.browser

FIGURE_HOLDERS = ("cx-figures", "wall-figures")


def emitted_trace_types(site: Path) -> set[str]:
    types: set[str] = set()
    pages = 0
    for html in site.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for holder in FIGURE_HOLDERS:
            node = page.find("script", id=holder)
            if node is None:
                continue
            pages += 1
            for figure in json.loads(node.get_text()).values():
                # plotly's default trace type is scatter.
                types |= {trace.get("type", "scatter") for trace in figure["data"]}
    assert pages > 3, "expected charts on several pages"
    return types


def test_every_emitted_trace_type_is_in_the_shipped_bundle(
    built_site: Path, server: SiteServer, page_factory: Any
) -> None:
    emitted = emitted_trace_types(built_site)
    assert {"scatter", "bar"} <= emitted
    page, _ = page_factory(server.origin, (800, 600))
    page.goto(f"{server.origin}/index.html")
    page.wait_for_function("window.Plotly !== undefined")
    registered = set(page.evaluate("() => Object.keys(window.Plotly.PlotSchema.get().traces)"))
    assert emitted <= registered, f"missing from the bundle: {sorted(emitted - registered)}"
    # The bundle is a partial one, not the 4.8 MB full build.
    assert "scatter3d" not in registered
    assert (built_site / "assets" / "plotly.min.js").stat().st_size < 2_000_000


def test_bundle_ships_with_its_licence(built_site: Path) -> None:
    licence = (built_site / "assets" / "plotly.LICENSE.txt").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Plotly" in licence
    head = (built_site / "assets" / "plotly.min.js").read_text(encoding="utf-8")[:200]
    assert "plotly.js (finance - minified) v4." in head
