"""What each digest says, taken from the site model; every free text redacted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.alerts import LEADERSHIP
from ..privacy import Privacy, redact

Json = dict[str, Any]
ISSUES_LISTED = 15
CHANGES_LISTED = 12


@dataclass(frozen=True)
class Digest:
    """One e-mail's content: for an owner, or for leadership (``owner`` is LEADERSHIP)."""

    owner: str
    slug: str
    title: str
    period: str
    data_as_of: str
    site_url: str
    touchpoints: list[Json] = field(default_factory=list)
    changes: list[Json] = field(default_factory=list)
    alerts: list[Json] = field(default_factory=list)
    issues: list[Json] = field(default_factory=list)
    open_issues: int = 0
    outcomes: list[Json] = field(default_factory=list)
    attention: list[Json] = field(default_factory=list)
    issue_flow: Json = field(default_factory=dict)
    customers: Json | None = None
    alert_counts: list[Json] = field(default_factory=list)

    @property
    def is_leadership(self) -> bool:
        return self.owner == LEADERSHIP


def link(base_url: str, url: str) -> str:
    """An absolute link when the site's address is known; the page's path otherwise."""
    return f"{base_url}/{url}" if base_url else url


def _clean(value: Any, privacy: Privacy) -> Any:
    """Redact personal data from every string in a nested structure: the project's one
    redaction function, whatever the model already removed."""
    if isinstance(value, str):
        return redact(value, privacy)
    if isinstance(value, dict):
        return {k: _clean(v, privacy) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v, privacy) for v in value]
    return value


def compose_digests(model: Json, privacy: Privacy) -> list[Digest]:
    """One digest per owner of a touchpoint, then the leadership digest."""
    site = model["site"]
    base = site["base_url"]
    period = (site["period"]["latest"] or {}).get("label") or ""
    common = {
        "title": site["title"],
        "period": period,
        "data_as_of": site["data_as_of"] or "",
        "site_url": link(base, "index.html"),
    }
    alerts = model["alerts"]["by_owner"]
    open_issues = model["issues"]["open"]
    digests = []
    for owner in model["owners"]:
        urls = {t["url"] for t in owner["touchpoints"]}
        ids = {t["id"] for t in owner["touchpoints"]}
        mine = [i for i in open_issues if i["touchpoint"] in ids]
        content = {
            "touchpoints": [_touchpoint(t, base) for t in owner["touchpoints"]],
            # the pack links to the metric on the page: compare the pages
            "changes": [
                _change(c, base)
                for c in model["changes"]["items"]
                if c["url"].split("#")[0] in urls
            ][:CHANGES_LISTED],
            "alerts": [_alert(a, base) for a in alerts.get(owner["owner"], [])],
            "issues": [_issue(i, base) for i in mine[:ISSUES_LISTED]],
        }
        digests.append(
            Digest(
                owner=owner["owner"],
                slug=owner["slug"],
                open_issues=len(mine),
                **common,
                **_clean(content, privacy),
            )
        )
    digests.append(_leadership(model, common, privacy))
    return digests


def _leadership(model: Json, common: Json, privacy: Privacy) -> Digest:
    base = model["site"]["base_url"]
    changes = model["changes"]
    issues = model["issues"]
    customers = model.get("customers") or {}
    by_owner = model["alerts"]["by_owner"]
    content = {
        "outcomes": [
            {
                "name": m["name"],
                "display": m["latest"]["display"],
                "target": m["target_display"],
                "status": m["latest"]["status"],
                "status_label": m["latest"]["status_label"],
                "change": m.get("change_verdict") or m["change_display"],
            }
            for m in model["outcomes"]
        ],
        "changes": [_change(c, base) for c in changes["items"][:CHANGES_LISTED]],
        "attention": [
            {
                "name": t["name"],
                "owner": t["owner"],
                "url": link(base, t["url"]),
                "display": t["headline"]["latest"]["display"],
                "target": t["headline"]["target_display"],
                "status": t["headline"]["latest"]["status"],
                "status_label": t["headline"]["latest"]["status_label"],
            }
            for t in changes["attention"]
        ],
        "alerts": [_alert(a, base) for a in by_owner.get(LEADERSHIP, [])],
        "alert_counts": [
            {"owner": owner, "count": len(items)}
            for owner, items in sorted(by_owner.items())
            if owner != LEADERSHIP
        ],
        "issue_flow": changes["issues"],
        "customers": _customers(customers) if customers.get("available") else None,
    }
    return Digest(
        owner=LEADERSHIP,
        slug="leadership",
        open_issues=issues["open_count"],
        **common,
        **_clean(content, privacy),
    )


def _customers(facts: Json) -> Json:
    latest = facts.get("latest") or {}
    groups = {g["group"]: g for g in facts.get("by_issue", []) + facts.get("by_nps", [])}
    return {
        "on_books": facts["on_books"],
        "gained": latest.get("gained"),
        "lost": latest.get("lost"),
        "net": latest.get("net"),
        "retention": latest.get("retention"),
        "currency": facts["currency"],
        "at_risk_customers": facts.get("at_risk_customers"),
        "at_risk_value": facts.get("at_risk_value"),
        "groups": [
            groups[k]
            for k in ("issue", "no-issue", "detractor", "promoter")
            if k in groups and groups[k]["rate"] is not None
        ],
    }


def _touchpoint(t: Json, base: str) -> Json:
    headline = t["headline"]
    return {
        "name": t["name"],
        "url": link(base, t["url"]),
        "moment_of_truth": t["moment_of_truth"],
        "metric": headline["name"] if headline else None,
        "display": headline["latest"]["display"] if headline else "–",
        "target": headline["target_display"] if headline else "–",
        "status": headline["latest"]["status"] if headline else "nodata",
        "status_label": headline["latest"]["status_label"] if headline else "No headline metric",
        "change": headline["change_display"] if headline else "",
        "open_issues": t["open_issues"],
    }


def _change(c: Json, base: str) -> Json:
    return {
        "kind": c["kind"],
        "touchpoint": c["touchpoint"],
        "metric": c.get("metric") or "",
        "text": c["text"],
        "good": c["good"],
        "url": link(base, c["url"]),
    }


def _alert(a: Json, base: str) -> Json:
    evidence = a["evidence"]
    facts = []
    if evidence["n"] is not None:
        facts.append(f"n = {evidence['n']:,}")
    if evidence["interval_display"]:
        facts.append(f"interval {evidence['interval_display']}")
    if evidence["since"]:
        facts.append(f"since {evidence['since']}")
    return {
        "rule": a["rule_label"],
        "touchpoint": a["touchpoint_name"],
        "title": a["title"],
        "evidence": "; ".join(facts),
        "detail": evidence["detail"],
        "url": link(base, a["url"]),
    }


def _issue(i: Json, base: str) -> Json:
    return {
        "id": i["id"],
        "touchpoint": i["touchpoint_name"],
        "category": i["category"],
        "age_days": i["age_days"],
        "opened": i["opened"],
        "status": i["status"],
        "action": i["action"] or "No next step recorded",
        "assignee": i["owner"],
        "url": link(base, i["touchpoint_url"] or "issues/index.html"),
    }
