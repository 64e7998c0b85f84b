"""The list of every open issue, and a page per open issue.

Both are made from the model's open issues (oldest first, their text already redacted
by the privacy phase). An issue page is deliberately small — no charts, no downloads —
because a large company has ten thousand of them.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..registry import Instance, PagePlan, PlannedSite
    from .touchpoint import PageLink

Json = dict[str, Any]
_CLEAN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_UNSAFE = re.compile(r"[^a-z0-9]+")
RESERVED = frozenset({"list"})  # issues/list/ is the list of every open issue
SLUG_WORDS = 40  # characters of a readable id kept in front of the hash


def issue_slug(ident: str) -> str:
    """A folder name for an issue id: the id itself when it is already safe in a URL and
    on any file system (lower case, letters, digits, '-' and '_'); otherwise its readable
    part plus a hash of the whole id, so ids that differ only in case or punctuation
    ('A/1', 'a-1', 'A 1') never share a page."""
    if _CLEAN.fullmatch(ident) and ident not in RESERVED:
        return ident
    readable = _UNSAFE.sub("-", ident.lower()).strip("-")[:SLUG_WORDS].strip("-")
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}" if readable else f"issue-{digest}"


def _open_by_id(model: Json) -> dict[str, Json]:
    """Open issues by id; an id twice (two sources) keeps its first, oldest, row."""
    found: dict[str, Json] = {}
    for issue in model["issues"]["open"]:
        found.setdefault(str(issue["id"]), issue)
    return found


def issue_pages(model: Json, _views: Any) -> list[Instance]:
    from ..registry import Instance

    return [Instance(ident, f"Issue {ident}") for ident in _open_by_id(model)]


def _places(site: PlannedSite) -> dict[str, PageLink]:
    """Each touchpoint's stage, for the issues that name it."""
    return {t.id: t.stage for t in site.views.touchpoints}


def _owner_anchors(site: PlannedSite) -> dict[str, str]:
    owners = site.links.get("owners")
    if owners is None:
        return {}
    anchors: dict[str, str] = {}
    for owner in site.views.owners.owners:
        # an issue names its owner as a person; the owners page as "name, role"
        anchor = f"{owners}#owner-{owner.slug}"
        anchors.setdefault(owner.owner.partition(",")[0].strip(), anchor)
        anchors[owner.owner] = anchor
    return anchors


def issue_row(issue: Json, stages: dict[str, PageLink]) -> Json:
    """One open issue as the list and its page show it."""
    stage = stages.get(issue["touchpoint"])
    return {
        "id": str(issue["id"]),
        "url": issue["url"],
        "touchpoint": issue["touchpoint_name"],
        "touchpoint_url": issue["touchpoint_url"],
        "stage": stage.name if stage else None,
        "stage_url": stage.url if stage else None,
        "category": issue["category"],
        "owner": issue["owner"] or "Unassigned",
        "action": issue["action"] or None,
        "status": issue["status"],
        "severity": issue["severity"] or None,
        "opened": issue["opened"],
        "age_days": issue["age_days"],
    }


def issue_view(model: Json, plan: PagePlan, site: PlannedSite) -> Json:
    issue = site.memo("issues-by-id", lambda: _open_by_id(model))[plan.id]
    row = issue_row(issue, site.memo("touchpoint-stages", lambda: _places(site)))
    anchors = site.memo("owner-anchors", lambda: _owner_anchors(site))
    return row | {
        "owner_url": anchors.get(issue["owner"]),
        "as_of": model["issues"]["as_of"],
        "list_url": site.links.get("issue-list"),
        "issues_url": site.links.get("issues"),
    }


def issue_list_view(model: Json, _plan: PagePlan, site: PlannedSite) -> Json:
    stages = _places(site)
    rows = []
    for issue in _open_by_id(model).values():
        row = issue_row(issue, stages)
        words = [row[k] for k in ("id", "touchpoint", "stage", "owner", "category", "action")]
        words += [row["status"], row["severity"]]
        rows.append(row | {"text": " ".join(str(w) for w in words if w).lower()})
    return {
        "issues": rows,
        "count": len(rows),
        "as_of": model["issues"]["as_of"],
        "issues_url": site.links.get("issues"),
    }


def issue_list_data(view: Json, _model: Json) -> Json:
    """The list's data file: every open issue, without the words the filter matches."""
    return {
        "as_of": view["as_of"],
        "count": view["count"],
        "open": [{k: v for k, v in row.items() if k != "text"} for row in view["issues"]],
    }
