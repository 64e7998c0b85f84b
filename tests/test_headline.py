"""Survey headlines over a window of periods, and a status that honours the margin."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from projects import CONFIG, JOURNEY, make_project
from test_insights import weekly_project

from cxsite.build import build
from cxsite.model.serialise import to_json

Z = 1.959964


def test_default_window_pools_the_answers_by_hand(tmp_path: Path) -> None:
    result = build(make_project(tmp_path / "p"))
    nps = to_json(result.model.metrics["nps"])
    # Both weeks of the mini project (the window is 4, only 2 exist): 10 9 7 3 10 and
    # 10 10 0 8 6 9 -> 6 promoters, 3 detractors of 11: NPS = 100 * 3 / 11 = 27.3
    assert nps["latest"]["value"] == pytest.approx(100 * 3 / 11, abs=1e-4)
    assert nps["latest"]["n"] == 11
    assert nps["latest"]["caption"] == "last 2 weeks, n = 11"
    p, d = 6 / 11, 3 / 11
    margin = Z * math.sqrt((p + d - (p - d) ** 2) / 11) * 100
    assert nps["interval"]["margin"] == pytest.approx(margin, rel=1e-5)
    # 27 +/- 59 spans the target of 30: neither on nor off target
    assert nps["latest"]["status"] == "margin"
    assert nps["latest"]["status_label"] == "Within the margin of the target"
    home = (result.out / "index.html").read_text()
    assert "last 2 weeks, n = 11" in home and "Within the margin of the target" in home
    # the weekly series is kept whole for the charts and data files
    assert [pt["n"] for pt in nps["series"]] == [5, 6]


@pytest.mark.parametrize(
    ("share", "status"),
    [(1.0, "on"), (0.5, "off"), (0.8, "margin")],
)
def test_status_is_on_or_off_only_when_the_interval_says_so(
    tmp_path: Path, share: float, status: str
) -> None:
    # 4 weeks x 10 answers against a target of 80 %. Wilson 95 % intervals by hand:
    # 40/40 -> low = 40 / (40 + z^2) = 91.2 % (above 80: on);
    # 20/40 -> high = 65.2 % (below 80: off); 32/40 -> 65.2 %..89.5 % (spans 80)
    result = build(weekly_project(tmp_path, [60] * 4, [share] * 4))
    csat = to_json(result.model.metrics["quote-csat"])
    assert csat["latest"]["n"] == 40
    assert csat["latest"]["status"] == status
    if share == 1.0:
        assert csat["interval"]["low"] == pytest.approx(100 * 40 / (40 + Z**2), rel=1e-5)


@pytest.mark.parametrize(("precision", "weeks"), [(5, 4), (6, 3), (14, 1)])
def test_precision_picks_the_fewest_weeks_that_reach_it(
    tmp_path: Path, precision: float, weeks: int
) -> None:
    # All answers top-box: the Wilson half-width is z^2 / (2 (n + z^2)), by hand
    # 13.9 pts for n = 10, 8.1 for 20, 5.7 for 30 and 4.4 for 40.
    extra = f"analytics:\n  headline_precision: {precision}\n"
    result = build(weekly_project(tmp_path, [60] * 8, [1.0] * 8, extra))
    csat = to_json(result.model.metrics["quote-csat"])
    assert csat["window"]["periods"] == weeks
    assert csat["latest"]["n"] == 10 * weeks
    half = Z**2 / (2 * (10 * weeks + Z**2)) * 100
    assert csat["interval"]["margin"] == pytest.approx(half, rel=1e-5)


def test_a_metric_window_beats_the_site_default(tmp_path: Path) -> None:
    own = JOURNEY.replace("    aggregate: csat\n", "    aggregate: csat\n    window: 1\n")
    root = make_project(tmp_path / "p", {"content/journey.yml": own, "cxsite.yml": CONFIG})
    result = build(root)
    csat = to_json(result.model.metrics["quote-csat"])
    # week of 9 Sep only: scores 5, 4, 1 -> 2 of 3 in the top two boxes
    assert csat["window"]["periods"] == 1
    assert csat["latest"]["n"] == 3
    assert to_json(result.model.metrics["nps"])["window"]["periods"] == 2
