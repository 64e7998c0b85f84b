"""Names in charts are text, never markup.

Plotly reads a subset of HTML in every string it draws — trace names, category labels
on the axes, hover labels, titles, annotations: ``<a href>`` becomes a live link,
``<span style>`` restyles text, ``<br>`` breaks lines. Stage, touchpoint, metric, owner
and category names come from the journey and the exports, so each is escaped before it
reaches a figure. Plotly turns the entities back into the characters on screen.

Every figure builder's output passes through :func:`text_only`; the format strings a
builder writes itself (``hovertemplate``, ``texttemplate``) are cxsite's own markup and
are left alone.
"""

from __future__ import annotations

from typing import Any

# The keys whose string values Plotly draws as text: trace names and labels, category
# values on either axis, tick labels, title and annotation text, hover text.
_TEXT_KEYS = frozenset(
    {"name", "text", "ticktext", "customdata", "hovertext", "x", "y", "labels", "title"}
)
_TEMPLATES = frozenset({"hovertemplate", "texttemplate"})
_NUMBERS = (int, float)


def plotly_text(value: str) -> str:
    """``value`` with the characters Plotly reads as markup written as entities."""
    if "&" not in value and "<" not in value and ">" not in value:
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_only(figure: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``figure`` in which every drawn string is escaped with :func:`plotly_text`."""
    return {key: _walk(key, value) for key, value in figure.items()}


def _walk(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _walk(k, v) for k, v in value.items()}
    if isinstance(value, list):
        # Mostly numbers (a trace's values): kept as they are without a call each.
        return [
            item if item is None or type(item) in _NUMBERS else _walk(key, item) for item in value
        ]
    if isinstance(value, str) and key in _TEXT_KEYS and key not in _TEMPLATES:
        return plotly_text(value)
    return value
