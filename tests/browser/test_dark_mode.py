"""Dark mode follows the reader's system setting (prefers-color-scheme), and passes the
same axe-core check as the light pages, colour contrast included, on every page kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_accessibility import axe_violations, blocking, one_page_per_kind
from test_site_pages import charts_drawn
from wallkit import SiteServer

pytestmark = pytest.mark.browser


def test_dark_pages_have_no_serious_violations(
    browser: Any, server: SiteServer, built_site: Path
) -> None:
    kinds = one_page_per_kind(built_site)
    report: dict[str, list[dict[str, Any]]] = {}
    for size in ((1400, 900),):
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, color_scheme="dark"
        )
        page = context.new_page()
        for kind, url in kinds.items():
            page.goto(f"{server.origin}/{url}")
            charts_drawn(page)
            background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
            # the page really is dark: rgb(15, 20, 26) is the theme's dark background
            assert background == "rgb(15, 20, 26)", (url, background)
            report[f"{kind} {size[0]}"] = axe_violations(page)
        context.close()
    print(json.dumps(report, indent=1))
    assert {k: blocking(v) for k, v in report.items() if blocking(v)} == {}
