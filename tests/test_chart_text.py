"""Every string a figure draws is escaped for Plotly; cxsite's own templates are not."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from markup import markup_project

from cxsite.build import build
from cxsite.figures.plotlytext import plotly_text, text_only

TEMPLATES = ("hovertemplate", "texttemplate")


def drawn_strings(value: Any, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in TEMPLATES for s in drawn_strings(v, k)]
    if isinstance(value, list):
        return [s for item in value for s in drawn_strings(item, key)]
    return [value] if isinstance(value, str) else []


def test_plotly_text_writes_markup_as_entities() -> None:
    assert plotly_text('<a href="x">A & B</a>') == '&lt;a href="x"&gt;A &amp; B&lt;/a&gt;'
    assert plotly_text("Claims and repairs") == "Claims and repairs"
    figure = {
        "data": [{"name": "<b>n</b>", "y": ["<br>"], "hovertemplate": "%{y}<br>%{x}"}],
        "layout": {"title": {"text": "<i>t</i>"}, "annotations": [{"text": "<a>"}]},
    }
    escaped = text_only(figure)
    assert escaped["data"][0] == {
        "name": "&lt;b&gt;n&lt;/b&gt;",
        "y": ["&lt;br&gt;"],
        "hovertemplate": "%{y}<br>%{x}",
    }
    assert escaped["layout"]["title"]["text"] == "&lt;i&gt;t&lt;/i&gt;"
    assert escaped["layout"]["annotations"][0]["text"] == "&lt;a&gt;"


def test_no_figure_on_any_page_carries_raw_markup(tmp_path: Path) -> None:
    root = markup_project(tmp_path / "project")
    site = build(root, use_cache=False).out
    checked = 0
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script", id=["cx-figures", "wall-figures"]):
            for text in drawn_strings(json.loads(script.string or "null")):
                checked += 1
                assert not re.search(r"<\s*/?\s*(a|span|b|br)\b", text), (page.name, text)
    assert checked > 100
