"""The sample company's customer figures against a second computation straight from its
raw exports (pandas on data/customers.csv, data/issues.xlsx, data/survey_responses.csv,
data/contacts.csv), and the story the data tells: customers who raised an issue renew less."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from cxsite.build import build
from cxsite.model.serialise import to_json
from cxsite.model.site_model import SiteModel

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> SiteModel:
    result = build(REPO, out=tmp_path_factory.mktemp("site"), use_cache=False)
    assert result.model is not None
    return result.model


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    data = REPO / "data"
    return {
        "book": pd.read_csv(data / "customers.csv", parse_dates=["Start date", "End date"]),
        "issues": pd.read_excel(data / "issues.xlsx", sheet_name="Issues"),
        "contacts": pd.read_csv(data / "contacts.csv", parse_dates=["Contact date"]),
    }


def test_retention_by_issue_from_the_raw_exports(model: SiteModel, raw: dict) -> None:
    facts = model.customers
    as_of = pd.Timestamp(facts.as_of)
    start = as_of - pd.Timedelta(days=365)
    book, issues = raw["book"], raw["issues"]
    cohort = book[
        (book["Start date"] <= start) & (book["End date"].isna() | (book["End date"] > start))
    ]
    kept = cohort["End date"].isna() | (cohort["End date"] > as_of)
    before = issues[
        (issues["Opened"] > start - pd.Timedelta(days=365)) & (issues["Opened"] <= start)
    ]
    raised = cohort["Customer ID"].isin(before["Customer ID"])
    groups = {g.group: g for g in facts.by_issue}
    for key, mask in (("issue", raised), ("no-issue", ~raised)):
        n, k = int(mask.sum()), int((mask & kept).sum())
        low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
        assert (groups[key].n, groups[key].retained) == (n, k)
        assert groups[key].low == pytest.approx(100 * low, abs=1e-3)
        assert groups[key].high == pytest.approx(100 * high, abs=1e-3)
        premium = cohort.loc[mask, "Annual premium"]
        value_rate = 100 * premium[kept[mask]].sum() / premium.sum()
        assert groups[key].value_rate == pytest.approx(value_rate, abs=1e-3)
    # The story: customers who raised an issue renew less, beyond the noise.
    issue_high, clean_low = groups["issue"].high, groups["no-issue"].low
    assert issue_high is not None and clean_low is not None
    assert issue_high < clean_low


def test_revenue_at_risk_and_the_latest_week_from_the_raw_exports(
    model: SiteModel, raw: dict
) -> None:
    facts = model.customers
    as_of = pd.Timestamp(facts.as_of)
    book, issues = raw["book"], raw["issues"]
    current = book[
        (book["Start date"] <= as_of) & (book["End date"].isna() | (book["End date"] > as_of))
    ]
    still_open = issues[issues["Closed"].isna() | (issues["Closed"] > as_of)]
    risk = current[current["Customer ID"].isin(still_open["Customer ID"])]
    assert facts.on_books == len(current)
    assert facts.at_risk_customers == len(risk)
    assert facts.at_risk_value == pytest.approx(risk["Annual premium"].sum(), abs=0.01)
    latest = facts.latest
    assert latest is not None
    week = pd.Timestamp(latest.period)
    end = week + pd.Timedelta(days=7)
    gained = book[(book["Start date"] >= week) & (book["Start date"] < end)]
    lost = book[(book["End date"] >= week) & (book["End date"] < end)]
    assert latest.gained == len(gained)
    assert latest.lost == len(lost)
    assert latest.value_lost == pytest.approx(lost["Annual premium"].sum(), abs=0.01)


def test_repeat_contact_from_the_raw_contact_log(model: SiteModel, raw: dict) -> None:
    # A second method: for each contact, count the customer's contacts in the 30 days up
    # to and including it (a rolling window), and call it a repeat at three or more.
    log = raw["contacts"].sort_values(["Customer ID", "Contact date"], kind="stable")
    counts = (
        log.assign(one=1)
        .set_index("Contact date")
        .groupby("Customer ID")["one"]
        .rolling("31D")
        .sum()
        .reset_index()
    )
    counts["week"] = counts["Contact date"] - pd.to_timedelta(
        counts["Contact date"].dt.day_of_week, unit="D"
    )
    latest = to_json(model.metrics["repeat-contact"])["series"][-1]
    week = counts[counts["week"] == pd.Timestamp(latest["period"])]
    per_customer = week.groupby("Customer ID")["one"].max() >= 3
    assert latest["n"] == len(per_customer)
    assert latest["value"] == pytest.approx(100 * per_customer.mean(), abs=1e-4)
