"""Segments: declared in cxsite.yml, computed per segment with their own n, margin and
min_n, carried in the data files and rendered as switchable cards.

Expected numbers are worked out by hand from the rows below (and the margin with
statsmodels' Wilson interval), never by the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from projects import CONFIG, make_project
from statsmodels.stats.proportion import proportion_confint

from cxsite.build import build
from cxsite.errors import InputError

SEGMENT_CONFIG = (
    CONFIG.replace(
        "columns: {date: day, metric: kpi, value: val}",
        "columns: {date: day, metric: kpi, value: val, segment: region}",
    ).replace(
        "respondent: Rid}",
        "respondent: Rid, segment: Product}",
    )
    + """
analytics:
  headline_window: 1   # headlines of one week, so the expected numbers stay small sums
segments:
  product:
    label: Product
    values:
      home: Home
      motor: {label: Motor, match: [MTR]}
  region:
    label: Region
    values: {north: North, south: South}
"""
)

OBS = """\
day,kpi,val,region
2024-09-02,quote-time,70,North
2024-09-04,quote-time,50,South
2024-09-09,quote-time,55,north
2024-09-10,quote-time,45,South
"""

# Week of 9 Sep, quote-csat: Motor 5,5,4,4,2 (4 of 5 in the top two boxes = 80%),
# Home 5,1 (n = 2, below min_n 5); all customers 5 of 7 = 71.43%.
SURVEY = """\
Rid,When,Q,Score,Text,Product
r1,02/09/2024,quote-csat,5,,Motor
r2,03/09/2024,quote-csat,4,,Home
r3,09/09/2024,quote-csat,5,,Motor
r4,09/09/2024,quote-csat,5,,MTR
r5,10/09/2024,quote-csat,4,,motor
r6,10/09/2024,quote-csat,4,,Motor
r7,11/09/2024,quote-csat,2,,Motor
r8,11/09/2024,quote-csat,5,,Home
r9,11/09/2024,quote-csat,1,,Home
r10,11/09/2024,nps,10,,Home
"""


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = make_project(
        tmp_path / "proj",
        {"cxsite.yml": SEGMENT_CONFIG, "data/obs.csv": OBS, "data/survey.csv": SURVEY},
    )
    return build(root).out


def test_each_segment_has_its_own_numbers_n_margin_and_min_n(built: Path) -> None:
    data = json.loads((built / "data/touchpoints/quote.json").read_text())
    whole = {m["id"]: m for m in data["metrics"]}
    assert whole["quote-csat"]["latest"]["value"] == pytest.approx(500 / 7, abs=1e-4)
    assert whole["quote-csat"]["latest"]["n"] == 7
    motor = data["segments"]["motor"]["quote-csat"]
    assert motor["latest"]["value"] == pytest.approx(80.0)
    assert motor["latest"]["n"] == 5
    low, high = proportion_confint(4, 5, alpha=0.05, method="wilson")
    assert motor["interval"]["low"] == pytest.approx(100 * low, abs=1e-4)
    assert motor["interval"]["high"] == pytest.approx(100 * high, abs=1e-4)
    home = data["segments"]["home"]["quote-csat"]
    assert home["latest"]["n"] == 2
    assert home["latest"]["value"] is None and home["latest"]["status"] == "few"
    # process metric per region: the mean of that region's observations in the week
    assert data["segments"]["north"]["quote-time"]["latest"]["value"] == pytest.approx(55.0)
    assert data["segments"]["south"]["quote-time"]["latest"]["value"] == pytest.approx(45.0)
    assert data["segments"]["south"]["quote-time"]["latest"]["n"] == 1
    assert whole["quote-time"]["latest"]["value"] == pytest.approx(50.0)
    assert "quote-time" not in data["segments"]["motor"]


def test_pages_carry_a_switch_and_a_card_per_segment(built: Path) -> None:
    page = BeautifulSoup(
        (built / "touchpoints/quote/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    options = [o["value"] for o in page.select("form.segment-switch option")]
    assert options == ["", "home", "motor", "north", "south"]
    slot = page.select_one('.seg-slot[data-metric="quote-csat"]')
    assert slot is not None
    motor = slot.select_one('.seg-variant[data-segment="motor"]')
    assert motor is not None and motor.has_attr("hidden")
    assert motor.select_one(".value").get_text(strip=True) == "80%"
    assert motor.select_one(".seg-tag").get_text(strip=True) == "Motor"
    home = slot.select_one('.seg-variant[data-segment="home"] .value')
    assert home is not None and home.get_text(strip=True) == "n = 2, too few responses"
    figures = json.loads(page.select_one("#cx-segment-figures").get_text())
    assert figures["chart-metric-quote-csat--motor"]["data"][0]["y"][-1] == pytest.approx(80.0)
    stage = json.loads((built / "data/stages/buy.json").read_text())
    assert stage["segments"]["motor"]["quote-csat"]["latest"]["n"] == 5


def test_segment_ids_must_be_distinct_and_url_safe(tmp_path: Path) -> None:
    bad = SEGMENT_CONFIG.replace("values: {north: North, south: South}", "values: {Motor: X}")
    root = make_project(tmp_path / "proj", {"cxsite.yml": bad})
    with pytest.raises(InputError) as raised:
        build(root)
    text = str(raised.value)
    assert "segment id 'Motor'" in text and "cxsite.yml" in text
    dup = SEGMENT_CONFIG.replace("values: {north: North, south: South}", "values: {motor: M}")
    root = make_project(tmp_path / "dup", {"cxsite.yml": dup})
    with pytest.raises(InputError, match="segment id 'motor' is used twice"):
        build(root)
