"""Full-text search: a Pagefind index of every page, and a plain list for ``file://``.

Pagefind (the ``pagefind`` Python package with its binary) indexes the written pages —
the ``<main data-pagefind-body>`` of each, so stages, touchpoints, owners, issues, notes
and comment excerpts — into ``site/pagefind/``: static files, no server, no CDN. Its
browser side loads the index with ``fetch`` and an ES module, which Chromium and Firefox
refuse on ``file://`` pages; there the search page says so and filters a plain list of
every page by the words typed instead (built here from the model, so it needs nothing
but the page itself).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BuildError, Problem
from .model.serialise import to_json
from .views.search import SearchEntry, search_entry

if TYPE_CHECKING:
    from .model.site_model import SiteModel
    from .registry import PagePlan, PlannedSite

Json = dict[str, Any]
BUNDLE_DIR = "pagefind"
ISSUES_PER_TOUCHPOINT = 50  # issue ids, categories and actions listed per touchpoint entry
# A page URL holding one of these cannot be named in a glob as it is; then every page is
# read and the pages marked data-pagefind-body are indexed, as without the glob.
_GLOB_SIGNS = frozenset("*?[]{},\\!")


@contextmanager
def indexing(site: Path, pages: Sequence[str] | None = None) -> Iterator[None]:
    """Write the Pagefind index of the pages in ``site`` into ``site/pagefind`` while the
    body of the ``with`` runs; it ends when the index is complete.

    Pagefind runs as its own process, so the build writes its data files and exports
    meanwhile. ``pages`` (site-relative URLs) are the pages search covers; naming them
    spares Pagefind reading every other page (ten thousand issue pages on a large site).
    If the body fails, the indexer is stopped.
    """
    indexer = subprocess.Popen(
        _command(site, pages), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        yield
    except BaseException:
        indexer.kill()
        indexer.communicate()
        raise
    try:
        out, err = indexer.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        indexer.kill()
        out, err = indexer.communicate()
    if indexer.returncode != 0:
        detail = (err or out).strip().splitlines()
        raise BuildError(
            [
                Problem(
                    "the search index could not be written: " + (detail[-1] if detail else ""),
                    hint="The previous site is unchanged; run the build again",
                )
            ]
        )


def _command(site: Path, pages: Sequence[str] | None) -> list[str]:
    try:
        from pagefind_bin import get_executable

        binary = get_executable()
    except (ImportError, FileNotFoundError) as exc:
        raise BuildError(
            [
                Problem(
                    "the Pagefind search indexer is not installed",
                    hint="Reinstall cxsite (it depends on 'pagefind[bin]')",
                )
            ]
        ) from exc
    command = [
        str(binary),
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE_DIR,
        # Links must keep index.html: a share or file:// has no directory index.
        "--keep-index-url",
        # One index for the whole site; the pages are in the site's one language.
        "--force-language",
        "en",
        "--silent",
    ]
    if pages and not any(_GLOB_SIGNS.intersection(url) for url in pages):
        command += ["--glob", "{" + ",".join(pages) + "}"]
    return command


def search_entries(site: PlannedSite) -> list[SearchEntry]:
    """Every page search indexes, as (kind, title, url, what it is, words to match): what
    the page's kind says it adds (``PageKind.search_entries``), or its title."""
    entries: list[SearchEntry] = []
    for plan in site.plans:
        if plan.search:
            kind = site.registry.kind(plan.kind)
            if kind.search_entries is None:
                about = kind.search_about
                entries.append(search_entry(kind.search_label, plan.title, plan.url, about, []))
            else:
                # the view as its data file holds it: the words are the page's own
                entries += kind.search_entries(to_json(site.view(plan)), site.model, plan)
    return entries


def stage_entries(stage: Json, _model: SiteModel, _plan: PagePlan) -> list[SearchEntry]:
    words = [stage.get("goal", ""), stage.get("description", "")]
    words += [t.get("name", "") for t in stage.get("touchpoints", [])]
    return [search_entry("Stage", stage["name"], stage["url"], stage.get("goal", ""), words)]


def touchpoint_entries(touchpoint: Json, _model: SiteModel, _plan: PagePlan) -> list[SearchEntry]:
    stage = touchpoint["stage"]
    open_issues = touchpoint.get("issues", {}).get("open", [])[:ISSUES_PER_TOUCHPOINT]
    words = [touchpoint.get("owner", ""), touchpoint.get("channel", "")]
    words += [touchpoint.get("description", ""), stage.get("name", "")]
    for issue in open_issues:
        words += [str(issue.get("id", "")), issue.get("category", ""), issue.get("action", "")]
    about = f"{stage.get('name', '')} · owner {touchpoint.get('owner', '')}"
    return [search_entry("Touchpoint", touchpoint["name"], touchpoint["url"], about, words)]


def owner_entries(page: Json, _model: SiteModel, plan: PagePlan) -> list[SearchEntry]:
    """The owners page, and each owner at their place on it."""
    about = "each owner's touchpoints and how they stand"
    entries = [search_entry("Page", plan.title, plan.url, about, [])]
    for owner in page["owners"]:
        touchpoints = [t.get("name", "") for t in owner.get("touchpoints", [])]
        anchor = f"{plan.url}#owner-{owner['slug']}"
        entries.append(
            search_entry("Owner", owner["owner"], anchor, ", ".join(touchpoints), touchpoints)
        )
    return entries
