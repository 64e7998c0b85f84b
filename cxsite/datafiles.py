"""The files of numbers written beside the pages: each page kind's data files (as its
``PageKind`` declares them), the site's own, and the sitemap."""

from __future__ import annotations

from pathlib import Path

from .publish import write_json, write_text
from .registry import DataFile, PlannedSite


def write_data(root: Path, site: PlannedSite) -> int:
    """Every data file the page kinds declare, and the site's own."""
    written = 0
    for plan in site.plans:
        kind = site.registry.kind(plan.kind)
        matching = [d for d in kind.data if d.ids is None or plan.id in d.ids]
        if matching:
            view = site.view(plan)
            for data in matching:
                written += _write_file(root, data.path.format(id=plan.id), data, view, site)
    return written + sum(
        _write_file(root, data.path, data, None, site) for data in site.registry.site_data
    )


def _write_file(root: Path, path: str, data: DataFile, view: object, site: PlannedSite) -> int:

    content = data.content(view, site.model)
    if isinstance(content, str):
        return write_text(root, path, content)
    return write_json(root, path, content, pretty=data.pretty)


def write_sitemap(root: Path, site: PlannedSite) -> int:
    """``sitemap.xml`` of the pages whose kind is in the sitemap, when the site's
    ``base_url`` is known (a sitemap holds absolute URLs)."""
    from xml.sax.saxutils import escape

    base = site.model.site.base_url
    if not base:
        return 0
    urls = [
        f"<url><loc>{escape(base + '/' + plan.url)}</loc></url>"
        for plan in site.plans
        if site.registry.kind(plan.kind).sitemap
    ]
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )
    return write_text(root, "sitemap.xml", text)
