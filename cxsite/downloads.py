"""CSV downloads of exactly what each chart and table on a page shows.

Written at build time beside each page, in ``<page folder>/downloads/``, and linked under
the chart or table, so they work offline and from ``file://``. A chart's file holds every
point of every trace it draws (one row per point: series, x, y), plus the number of
responses behind each point of a metric's trend; a table's file holds its cells as the
page shows them. Both are made from what was rendered — the figure dicts and the page's
HTML — so they cannot drift from the page.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any

from markupsafe import escape

from .model.metric import MetricCore

Json = dict[str, Any]
FOLDER = "downloads"
_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_EMPTY_DIV = re.compile(r"<div\b([^>]*)>\s*</div>")
_ID = re.compile(r'\bid="([^"]*)"')
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


def to_csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue()


def figure_rows(figure: Json, n_by_x: dict[Any, Any] | None = None) -> list[list[Any]]:
    """One row per drawn point: series, x, y (horizontal bars: category, value)."""
    traces = figure.get("data", [])
    # ``n_by_x``: the responses behind each point of the chart's first trace (a trend).
    with_n = bool(n_by_x) and bool(traces)
    with_text = any(isinstance(t.get("text"), list) for t in traces)
    with_error = any(_errors(t) for t in traces)
    horizontal = all(_horizontal(t) for t in traces) and traces
    layout = figure.get("layout", {})
    x_name, y_name = _axis_title(layout, "xaxis", "x"), _axis_title(layout, "yaxis", "y")
    header = ["series", "category", "value"] if horizontal else ["series", x_name, y_name]
    header += ["label"] if with_text else []
    header += ["n"] if with_n else []
    header += ["plus or minus"] if with_error else []
    rows: list[list[Any]] = [header]
    for number, trace in enumerate(traces):
        name = trace.get("name", "")
        xs, ys = list(trace.get("x") or []), list(trace.get("y") or [])
        keys, values = (ys, xs) if _horizontal(trace) else (xs, ys)
        texts = trace.get("text") if isinstance(trace.get("text"), list) else None
        counts = (n_by_x or {}) if number == 0 else {}
        for i, key in enumerate(keys):
            row = [name, key, values[i] if i < len(values) else None]
            if with_text:
                row.append(texts[i] if texts and i < len(texts) else None)
            if with_n:
                row.append(counts.get(key))
            if with_error:
                errors = _errors(trace)
                row.append(errors[i] if i < len(errors) else None)
            rows.append(row)
    return rows


def _errors(trace: Json) -> list[Any]:
    """The ± of each point, where the chart draws error bars."""
    bars = trace.get("error_y") or trace.get("error_x") or {}
    values = bars.get("array") if isinstance(bars, dict) and bars.get("visible", True) else None
    return list(values) if isinstance(values, list) else []


def _axis_title(layout: Json, axis: str, default: str) -> str:
    title = (layout.get(axis) or {}).get("title")
    text = title.get("text") if isinstance(title, dict) else title
    return f"{default}: {text}" if isinstance(text, str) and text else default


def _horizontal(trace: Json) -> bool:
    return trace.get("orientation") == "h" or trace.get("type") == "funnel"


class _TableText(HTMLParser):
    """The text of each cell of one table, row by row, as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._hidden: list[str] = []  # open elements whose text a reader does not see

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        if self._hidden or tag in ("svg", "script", "style") or ("aria-hidden", "true") in attrs:
            self._hidden.append(tag)
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if self._hidden[-1] == tag:
                self._hidden.pop()
            return
        if tag in ("td", "th") and self._cell is not None and self.rows:
            # Pieces of a cell in separate elements read as separate words.
            self.rows[-1].append(" ".join(" ".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    parser = _TableText()
    parser.feed(html)
    return [row for row in parser.rows if row]


def _link(href: str, what: str) -> str:
    return (
        f'<p class="download"><a href="{escape(href)}" download>'
        f"Download {escape(what)} (CSV)</a></p>"
    )


def add_downloads(
    html: str, figures: dict[str, Json], trends: dict[str, dict[Any, Any]]
) -> tuple[str, dict[str, str]]:
    """The page with a download link under each chart and table, and the CSV files
    (path relative to the page's folder → text).

    ``trends`` gives, per chart id, the number of responses behind each point of its
    first series (the metric's own line), for the ``n`` column.
    """
    files: dict[str, str] = {}
    # Where each empty element a chart is drawn into ends, found in one pass over the page
    # (a pattern per chart costs a compile and a search of the whole page each).
    ends: dict[str, int] = {}
    for element in _EMPTY_DIV.finditer(html):
        for found in _ID.finditer(element.group(1)):
            ends.setdefault(found.group(1), element.end())
    links: list[tuple[int, str]] = []
    for chart_id, figure in sorted(figures.items()):
        if chart_id not in ends:
            continue  # a figure the template does not place
        name = f"{FOLDER}/{chart_id}.csv"
        files[name] = to_csv(figure_rows(figure, trends.get(chart_id)))
        links.append((ends[chart_id], _link(name, "the chart's numbers")))
    pieces, start = [], 0
    for end, link in sorted(links, key=lambda item: item[0]):
        pieces += [html[start:end], link]
        start = end
    html = "".join(pieces) + html[start:]
    counter = 0

    def table(match: re.Match[str]) -> str:
        nonlocal counter
        rows = table_rows(match.group(0))
        if len(rows) < 2:
            return match.group(0)
        counter += 1
        name = f"{FOLDER}/table-{counter}.csv"
        files[name] = to_csv([list(r) for r in rows])
        return match.group(0) + _link(name, "this table")

    html = _TABLE.sub(table, html)
    return html, files


def trend_counts(summaries: Sequence[MetricCore]) -> dict[str, dict[Any, Any]]:
    """Per trend chart id: {period: n} from the metric summaries a page's trends draw."""
    found: dict[str, dict[Any, Any]] = {}
    for summary in summaries:
        counts = {p.period: p.n for p in summary.series}
        if any(v is not None for v in counts.values()):
            found[summary.chart_id] = counts
    return found
