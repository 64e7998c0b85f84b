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
from pathlib import Path
from typing import Any

from .errors import BuildError, Problem

Json = dict[str, Any]
BUNDLE_DIR = "pagefind"
ISSUES_PER_TOUCHPOINT = 50  # issue ids, categories and actions listed per touchpoint entry


def index_site(site: Path) -> None:
    """Write the Pagefind index of the pages in ``site`` into ``site/pagefind``."""
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
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BuildError(
            [
                Problem(
                    "the search index could not be written: " + (detail[-1] if detail else ""),
                    hint="The previous site is unchanged; run the build again",
                )
            ]
        )


def search_entries(model: Json) -> list[Json]:
    """Every page and owner as (kind, title, url, what it is, words to match)."""
    entries: list[Json] = []
    names = {t["id"]: t["name"] for t in model["touchpoints"]}
    for stage in model["stages"]:
        words = [stage.get("goal", ""), stage.get("description", "")]
        words += [names.get(t["id"], "") for t in stage.get("touchpoints", [])]
        entries.append(_entry("Stage", stage["name"], stage["url"], stage.get("goal", ""), words))
    for touchpoint in model["touchpoints"]:
        stage = touchpoint["stage"]
        open_issues = touchpoint.get("issues", {}).get("open", [])[:ISSUES_PER_TOUCHPOINT]
        words = [touchpoint.get("owner", ""), touchpoint.get("channel", "")]
        words += [touchpoint.get("description", ""), stage.get("name", "")]
        for issue in open_issues:
            words += [str(issue.get("id", "")), issue.get("category", ""), issue.get("action", "")]
        about = f"{stage.get('name', '')} · owner {touchpoint.get('owner', '')}"
        entries.append(_entry("Touchpoint", touchpoint["name"], touchpoint["url"], about, words))
    for owner in model["owners"]:
        touchpoints = [t.get("name", "") for t in owner.get("touchpoints", [])]
        entries.append(
            _entry(
                "Owner",
                owner["owner"],
                f"owners/index.html#owner-{owner['slug']}",
                ", ".join(touchpoints),
                touchpoints,
            )
        )
    fixed = [
        ("Issues", "Customer issues", "issues/index.html", "volume, flow, backlog, categories"),
        ("Page", "Owners", "owners/index.html", "each owner's touchpoints and how they stand"),
        ("Page", "What changed this period", "changes/index.html", "the weekly meeting pack"),
        ("Page", "What drives satisfaction", "drivers/index.html", "key driver analysis"),
    ]
    entries += [_entry(kind, title, url, about, []) for kind, title, url, about in fixed]
    for page in model["pages"]:
        entries.append(_entry("Page", page["title"], page["url"], "", []))
    return entries


def _entry(kind: str, title: str, url: str, about: str, words: list[str]) -> Json:
    text = " ".join(w for w in [kind, title, about, *words] if w)
    return {"kind": kind, "title": title, "url": url, "about": about, "text": text.lower()}
