"""The list of every open issue, and a page per open issue.

Both are made from the model's open issues (oldest first, their text already redacted
by the privacy phase). An issue page is deliberately small — no charts, no downloads —
because a large company has ten thousand of them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model.issue_types import OpenIssue
from .comments import TEMPLATE_ONLY

if TYPE_CHECKING:
    from ..model.site_model import SiteModel
    from ..registry import Instance, PagePlan, PlannedSite
    from .site import SiteViews
    from .touchpoint import PageLink

_CLEAN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_UNSAFE = re.compile(r"[^a-z0-9]+")
RESERVED = frozenset({"list"})  # issues/list/ is the list of every open issue
# Open issues per page of the list: a company with ten thousand open issues gets forty
# pages of about 220 KB each (HTML and data file), not one page of 9 MB.
LIST_PAGE_SIZE = 250
SLUG_WORDS = 40  # characters of a readable id kept in front of the hash


@dataclass(frozen=True)
class IssueRow:
    """One open issue as the list and its page show it (a row of ``data/issues/open.json``)."""

    id: str
    url: str
    touchpoint: str
    touchpoint_url: str | None  # None for a touchpoint the journey does not know
    stage: str | None
    stage_url: str | None
    category: str
    owner: str
    action: str | None
    status: str
    severity: str | None
    opened: str
    age_days: int | None  # None when the data has no date to count from
    # the words the list's filter matches, lower case
    text: str = field(default="", metadata=TEMPLATE_ONLY)


@dataclass(frozen=True)
class IssuePage:
    issue: IssueRow
    owner_url: str | None  # the owner's place on the owners page, when it has one
    as_of: str | None
    list_url: str | None
    issues_url: str | None
    list_page: int = 1  # the page of the list the issue is on


@dataclass(frozen=True)
class IssueListView:
    """One page of the list of open issues (oldest first)."""

    issues: tuple[IssueRow, ...]  # this page's
    count: int  # every open issue
    as_of: str | None
    issues_url: str | None
    page: int  # from 1
    pages: int
    first: int  # the positions of this page's first and last issues in the list, from 1
    last: int
    previous_url: str | None
    next_url: str | None


@dataclass(frozen=True)
class IssueListData:
    """A list page's data file: its open issues, without the words the filter matches."""

    as_of: str | None
    count: int
    page: int
    pages: int
    open: tuple[IssueRow, ...]


def list_pages(count: int) -> int:
    """How many pages the list of ``count`` open issues takes (one, even when empty)."""
    return max(1, -(-count // LIST_PAGE_SIZE))


def list_page_url(ident: str) -> str:
    """The list's first page is ``issues/list/``, the next ones ``issues/list/2/`` …"""
    return "issues/list/index.html" if ident == "1" else f"issues/list/{ident}/index.html"


def issue_list_pages(model: SiteModel, _views: SiteViews) -> list[Instance]:
    from ..registry import Instance

    pages = list_pages(len(_open_by_id(model)))
    return [
        Instance(str(n), "All open issues" if n == 1 else f"All open issues, page {n} of {pages}")
        for n in range(1, pages + 1)
    ]


def list_page_of(view: IssuePage) -> tuple[str, str]:
    """The list page an issue page sits under (for its breadcrumbs)."""
    return ("issue-list", str(view.list_page))


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


def _open_by_id(model: SiteModel) -> dict[str, OpenIssue]:
    """Open issues by id; an id twice (two sources) keeps its first, oldest, row."""
    found: dict[str, OpenIssue] = {}
    for issue in model.issues.open:
        found.setdefault(issue.id, issue)
    return found


def issue_pages(model: SiteModel, _views: SiteViews) -> list[Instance]:
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


def issue_row(issue: OpenIssue, stages: dict[str, PageLink]) -> IssueRow:
    """One open issue as the list and its page show it."""
    stage = stages.get(issue.touchpoint)
    ident = issue.id
    owner = issue.owner or "Unassigned"
    action = issue.action or None
    severity = issue.severity or None
    words = [ident, issue.touchpoint_name, stage.name if stage else None, owner]
    words += [issue.category, action, issue.status, severity]
    return IssueRow(
        id=ident,
        url=issue.url,
        touchpoint=issue.touchpoint_name,
        touchpoint_url=issue.touchpoint_url,
        stage=stage.name if stage else None,
        stage_url=stage.url if stage else None,
        category=issue.category,
        owner=owner,
        action=action,
        status=issue.status,
        severity=severity,
        opened=issue.opened,
        age_days=issue.age_days,
        text=" ".join(str(w) for w in words if w).lower(),
    )


def issue_view(model: SiteModel, plan: PagePlan, site: PlannedSite) -> IssuePage:
    issue = site.memo("issues-by-id", lambda: _open_by_id(model))[plan.id]
    row = issue_row(issue, site.memo("touchpoint-stages", lambda: _places(site)))
    anchors = site.memo("owner-anchors", lambda: _owner_anchors(site))
    positions = site.memo(
        "issue-positions", lambda: {ident: n for n, ident in enumerate(_open_by_id(model))}
    )
    page = positions[plan.id] // LIST_PAGE_SIZE + 1
    return IssuePage(
        issue=row,
        owner_url=anchors.get(issue.owner),
        as_of=model.issues.as_of,
        list_url=site.by_key[("issue-list", str(page))].url,
        issues_url=site.links.get("issues"),
        list_page=page,
    )


def issue_list_view(model: SiteModel, plan: PagePlan, site: PlannedSite) -> IssueListView:
    stages = site.memo("touchpoint-stages", lambda: _places(site))
    everything = list(_open_by_id(model).values())
    page, pages = int(plan.id), list_pages(len(everything))
    start = (page - 1) * LIST_PAGE_SIZE
    rows = tuple(issue_row(i, stages) for i in everything[start : start + LIST_PAGE_SIZE])
    neighbour = site.by_key.get
    previous, following = (
        neighbour(("issue-list", str(page - 1))),
        neighbour(("issue-list", str(page + 1))),
    )
    return IssueListView(
        issues=rows,
        count=len(everything),
        as_of=model.issues.as_of,
        issues_url=site.links.get("issues"),
        page=page,
        pages=pages,
        first=start + 1,
        last=start + len(rows),
        previous_url=previous.url if previous else None,
        next_url=following.url if following else None,
    )


def issue_list_data(view: IssueListView, _model: SiteModel) -> IssueListData:
    return IssueListData(
        as_of=view.as_of, count=view.count, page=view.page, pages=view.pages, open=view.issues
    )
