"""What the wall shows of the customer book: a card beside the outcomes (screen 1) and
what poor experience costs beside the issues (screen 2). Numbers come from the model."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.customers import CustomerFacts


@dataclass(frozen=True)
class CustomerCard:
    """The customer book's latest period, as wall type: every number already written."""

    on_books: str
    gained: str
    lost: str
    net: str  # signed, with a true minus
    net_tone: str  # good / bad / same
    retention: str
    value_note: str | None  # value gained and lost, when the book has values


@dataclass(frozen=True)
class CostCard:
    """What poor experience costs: revenue at risk and the retention gap."""

    value: str  # the value at risk, or the customers at risk when there is no value
    customers: str
    gap: str | None  # retention with an issue against without one


def _money(currency: str, value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) >= 1_000_000:
        return f"{currency}{value / 1_000_000:,.1f}m"
    if abs(value) >= 10_000:
        return f"{currency}{value / 1000:,.0f}k"
    return f"{currency}{value:,.0f}"


def customer_card(facts: CustomerFacts) -> CustomerCard | None:
    """Customers gained, lost, net and retained in the latest period."""
    latest = facts.latest
    if not facts.available or latest is None:
        return None
    retention = latest.retention
    return CustomerCard(
        on_books=f"{facts.on_books:,}",
        gained=f"{latest.gained:,}",
        lost=f"{latest.lost:,}",
        net=f"{latest.net:+,}".replace("-", "−"),
        net_tone="good" if latest.net > 0 else "bad" if latest.net < 0 else "same",
        retention="–" if retention is None else f"{retention:.2f}%",
        value_note=(
            f"{facts.value_name} {_money(facts.currency, latest.value_gained)} in, "
            f"{_money(facts.currency, latest.value_lost)} out"
            if facts.has_value
            else None
        ),
    )


def cost_card(facts: CustomerFacts) -> CostCard | None:
    """Revenue at risk now, and retention with an issue against without one."""
    if not facts.available or facts.at_risk_customers is None:
        return None
    groups = {g.group: g for g in facts.by_issue}
    issue, clean = groups.get("issue"), groups.get("no-issue")
    gap = None
    if issue and clean and issue.rate is not None and clean.rate is not None:
        gap = (
            f"kept {issue.rate:.0f}% of customers who raised an issue "
            f"vs {clean.rate:.0f}% of those who did not"
        )
    return CostCard(
        value=_money(facts.currency, facts.at_risk_value)
        if facts.at_risk_value is not None
        else f"{facts.at_risk_customers:,}",
        customers=f"{facts.at_risk_customers:,}",
        gap=gap,
    )
