"""The segment switch in real Chromium: picking a segment on a touchpoint shows the
segment's own numbers — checked against values computed here straight from the
sample's survey export with pandas — and the URL keeps the choice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import sample_present
from wallkit import REPO, SiteServer

pytestmark = pytest.mark.browser

QUESTION = "How satisfied were you with how your claim was settled?"


def motor_csat(start: pd.Timestamp, end: pd.Timestamp) -> tuple[float, int]:
    """Claim settlement CSAT (top-2 box of 1-5) among Motor customers who answered from
    ``start`` up to ``end``, straight from the export."""
    rows = pd.read_csv(REPO / "data/survey_responses.csv", dtype=str)
    rows = rows[(rows["Question"] == QUESTION) & (rows["Product"] == "Motor")]
    when = pd.to_datetime(rows["Submitted"], format="%d/%m/%Y %H:%M")
    scores = rows[(when >= start) & (when < end)]["Answer"].astype(float)
    return 100.0 * float((scores >= 4).sum()) / len(scores), len(scores)


def headline_weeks(built_site: Path) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first day of the weeks the page's headline pools, and the last week's."""
    data = json.loads((built_site / "data/touchpoints/claim-settle.json").read_text())
    latest = next(m for m in data["metrics"] if m["id"] == "claim-settle-csat")["latest"]
    return pd.Timestamp(latest["first_period"]), pd.Timestamp(latest["period"])


@pytest.mark.skipif(not sample_present(), reason="needs the sample company's data")
def test_switch_shows_the_segment_numbers_and_the_url_keeps_it(
    server: SiteServer, page_factory: Any, built_site: Path
) -> None:
    first, last = headline_weeks(built_site)
    week = pd.Timedelta(days=7)
    expected, n = motor_csat(first, last + week)
    last_week, _ = motor_csat(last, last + week)
    page, watch = page_factory(server.origin, (1400, 900))
    page.goto(f"{server.origin}/touchpoints/claim-settle/index.html")
    page.wait_for_function("document.documentElement.dataset.chartsDrawn !== undefined")
    card = '.seg-slot[data-metric="claim-settle-csat"] .seg-variant:not([hidden])'
    before = page.locator(f"{card} .value").text_content()
    page.select_option("form.segment-switch select", "motor")
    page.wait_for_selector("#chart-metric-claim-settle-csat--motor[data-drawn='1']")
    assert page.url.endswith("?segment=motor")
    shown = page.locator(f"{card} .value").text_content()
    assert shown == f"{expected:.0f}%" and shown != before
    assert f"n = {n:,}" in page.locator(f"{card} .metric-value").text_content()
    assert page.locator(f"{card} .seg-tag").text_content() == "Motor"
    # the trend drawn is the segment's: its last point is the Motor value of the last week
    last = page.evaluate(
        "() => { const d = document.getElementById("
        "'chart-metric-claim-settle-csat--motor').data[0]; return d.y[d.y.length - 1]; }"
    )
    assert last == pytest.approx(last_week, abs=1e-3)
    # a process metric the survey split does not cover says so and keeps all customers
    missing = page.locator('.seg-slot[data-metric="claim-settle-days"] .seg-missing')
    assert missing.is_visible()
    # the URL keeps the choice: opening it again shows the same segment
    page.goto(page.url)
    page.wait_for_selector("#chart-metric-claim-settle-csat--motor[data-drawn='1']")
    assert page.locator("form.segment-switch select").input_value() == "motor"
    assert page.locator(f"{card} .value").text_content() == shown
    page.select_option("form.segment-switch select", "")
    assert page.locator(f"{card} .value").text_content() == before
    assert "segment=" not in page.url
    assert watch.problems() == []


NPS_QUESTION = "How likely are you to recommend Harbour Mutual to a friend?"


@pytest.mark.skipif(not sample_present(), reason="needs the sample company's data")
def test_wall_pinned_to_a_segment_shows_its_numbers(
    server: SiteServer, page_factory: Any, built_site: Path
) -> None:
    site = json.loads((built_site / "data/site.json").read_text())
    latest = next(o for o in site["outcomes"] if o["id"] == "nps")["latest"]
    start = pd.Timestamp(latest["first_period"])
    end = pd.Timestamp(latest["period"]) + pd.Timedelta(days=7)
    # NPS among Motor customers over the headline's weeks, straight from the export
    rows = pd.read_csv(REPO / "data/survey_responses.csv", dtype=str)
    rows = rows[(rows["Question"] == NPS_QUESTION) & (rows["Product"] == "Motor")]
    when = pd.to_datetime(rows["Submitted"], format="%d/%m/%Y %H:%M")
    scores = rows[(when >= start) & (when < end)]["Answer"].astype(float)
    nps = 100.0 * (float((scores >= 9).sum()) - float((scores <= 6).sum())) / len(scores)

    page, watch = page_factory(server.origin, (1920, 1080))
    page.goto(f"{server.origin}/wall/index.html?segment=motor&rotate=0&poll=0")
    page.wait_for_url("**/wall/segments/motor/index.html?segment=motor&rotate=0&poll=0")
    page.wait_for_function("document.querySelector('.screen:not([hidden])') !== null")
    assert page.locator("#wall-segment").inner_text().startswith("Motor customers only")
    card = page.locator(".screen:not([hidden]) .card", has_text="Net Promoter Score").first
    assert card.locator(".value .num").inner_text() == f"{nps:.0f}".replace("-", "−")
    assert f"n = {len(scores):,}" in card.inner_text()
    # an unknown segment leaves the wall as it is
    page.goto(f"{server.origin}/wall/index.html?segment=nowhere&rotate=0&poll=0")
    page.wait_for_function("document.querySelector('.screen:not([hidden])') !== null")
    assert page.url.endswith("/wall/index.html?segment=nowhere&rotate=0&poll=0")
    assert page.locator("#wall-segment").count() == 0
    assert watch.problems() == []
