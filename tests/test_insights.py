"""Analytics on the site, checked against values worked out by hand or a second way."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from projects import CONFIG, make_project
from scipy import stats as scipy_stats

from cxsite.build import build
from cxsite.model.serialise import to_json
from cxsite.model.site import model_data

ISSUES = "Ticket,Area,Cat,Opened,Closed,State,Who,Next\nT1,quote,Delay,2024-01-02,,Open,Ann,Call\n"


def weekly_project(
    tmp_path: Path, process: list[float], survey: list[float], extra: str = ""
) -> Path:
    """A project with one process metric and one mapped survey metric, one week each value."""
    start = np.datetime64("2024-01-01")
    obs = ["day,kpi,val"] + [
        f"{start + np.timedelta64(7 * i, 'D')},quote-time,{v}" for i, v in enumerate(process)
    ]
    rows = ["Rid,When,Q,Score,Text"]
    for i, share in enumerate(survey):
        day = (start + np.timedelta64(7 * i + 1, "D")).astype(object)
        tops = round(share * 10)
        for k in range(10):
            rows.append(f"r{i}-{k},{day:%d/%m/%Y},quote-csat,{5 if k < tops else 2},")
    return make_project(
        tmp_path,
        {
            "cxsite.yml": CONFIG + extra,
            "data/obs.csv": "\n".join(obs) + "\n",
            "data/survey.csv": "\n".join(rows) + "\n",
            "data/issues.csv": ISSUES,
        },
    )


def touchpoint(site: Path, ident: str) -> dict:
    return json.loads((site / "data" / "touchpoints" / f"{ident}.json").read_text())


def metric(data: dict, ident: str) -> dict:
    return next(m for m in data["metrics"] if m["id"] == ident)


ONE_WEEK = "analytics:\n  headline_window: 1\n"


def test_nps_margin_and_change_test_by_hand(tmp_path: Path) -> None:
    # Headlines pool several weeks by default (test_headline.py); a one-week window keeps
    # this week-against-week example worked by hand.
    result = build(make_project(tmp_path / "p", {"cxsite.yml": CONFIG + ONE_WEEK}))
    nps = to_json(result.model.metrics["nps"])
    # week of 9 Sep: 10,10,0,8,6,9 -> p+ = 3/6, p- = 2/6, n = 6
    p_plus, p_minus, n = 3 / 6, 2 / 6, 6
    se = math.sqrt((p_plus + p_minus - (p_plus - p_minus) ** 2) / n) * 100
    assert nps["interval"]["margin"] == pytest.approx(1.959964 * se, rel=1e-5)
    assert nps["interval"]["display"] == f"± {1.959964 * se:.0f}"
    # week of 2 Sep: 10,9,7,3,10 -> p+ = 3/5, p- = 1/5
    se_before = math.sqrt((0.6 + 0.2 - 0.4**2) / 5) * 100
    z = ((p_plus - p_minus) * 100 - 40) / math.hypot(se, se_before)
    expected_p = 2 * (1 - scipy_stats.norm.cdf(abs(z)))
    assert nps["change_test"]["p_value"] == pytest.approx(expected_p, abs=1e-6)
    assert nps["change_test"]["significant"] is False
    assert nps["change_verdict"] == "no significant change"
    home = (result.out / "index.html").read_text()
    assert "no significant change" in home


def test_significant_rise_gets_a_marker(tmp_path: Path) -> None:
    # CSAT 20 % of 10 in week 1, 100 % of 10 in week 2: z = 3.65, p = 0.00026
    root = weekly_project(tmp_path, [60, 60], [0.2, 1.0], ONE_WEEK)
    result = build(root)
    csat = metric(touchpoint(result.out, "quote"), "quote-csat")
    k1, k2, n = 2, 10, 10
    pooled = (k1 + k2) / (2 * n)
    z = (k2 / n - k1 / n) / math.sqrt(pooled * (1 - pooled) * 2 / n)
    assert csat["change_test"]["p_value"] == pytest.approx(2 * scipy_stats.norm.sf(z), rel=1e-4)
    assert csat["change_test"]["significant"] is True
    assert csat["change_test"]["direction"] == "up"
    page = (result.out / "touchpoints/quote/index.html").read_text()
    assert "▲ significant rise" in page
    # Wilson interval for 10 of 10 at 95 %: lower bound n/(n + z^2) = 10/13.84 = 72.2 %
    assert csat["interval"]["low"] == pytest.approx(100 * 10 / (10 + 1.959964**2), rel=1e-4)


def test_control_chart_limits_and_signal_in_words(tmp_path: Path) -> None:
    values = [50, 52, 48, 51, 49, 50, 53, 47, 50, 51, 49, 50] + [60] * 8
    root = weekly_project(
        tmp_path, values, [0.5] * len(values), "analytics:\n  control_baseline: 12\n"
    )
    result = build(root)
    control = metric(touchpoint(result.out, "quote"), "quote-time")["control"]
    base = np.array(values[:12], dtype=float)
    centre = base.mean()
    mr_bar = np.abs(np.diff(base)).mean()
    assert control["kind"] == "XmR"
    assert control["centre"] == pytest.approx(centre)
    assert control["upper"] == pytest.approx(centre + 2.66 * mr_bar)
    assert control["lower"] == pytest.approx(centre - 2.66 * mr_bar)
    texts = [s["text"] for s in control["signals"]]
    assert "8 weeks in a row above the upper limit since 25 March 2024" in texts
    page = (result.out / "touchpoints/quote/index.html").read_text()
    assert "8 weeks in a row above the upper limit since 25 March 2024" in page


def test_survey_that_follows_its_process_two_weeks_later(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    process = list(np.round(60 + 15 * np.sin(np.arange(40) / 3) + rng.normal(0, 1, 40), 1))
    # quicker quotes (lower time) -> happier customers two weeks later
    survey = [0.5] * 2 + [min(1, max(0, 0.5 - (p - 60) / 40)) for p in process[:-2]]
    result = build(weekly_project(tmp_path, process, survey))
    lag = metric(touchpoint(result.out, "quote"), "quote-csat")["lag"]
    assert lag["tracks"] is True
    assert lag["verdict"] == "lag"
    assert lag["best_lag"] == 2
    # r is now that of the prewhitened changes, not of the levels (which ran to -0.9 at
    # every lag of this smooth cycle): weaker, but it singles out the true lag
    assert lag["best_r"] < -0.3
    assert lag["p_value"] < 0.05
    assert "follows Time to quote 2 weeks later" in lag["text"]


def test_survey_that_does_not_follow_says_so(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    process = list(np.round(rng.normal(60, 5, 30), 1))
    survey = list(np.clip(rng.normal(0.5, 0.15, 30), 0, 1))
    result = build(weekly_project(tmp_path, process, survey))
    lag = metric(touchpoint(result.out, "quote"), "quote-csat")["lag"]
    assert lag["tracks"] is False
    assert "does not follow Time to quote — check the mapping" in lag["text"]


def test_no_personal_data_reaches_the_site(tmp_path: Path) -> None:
    survey = (
        "Rid,When,Q,Score,Text\n"
        "r1,02/09/2024,nps,2,Call me on 07700 900123 or mail jo.bloggs@example.co.uk now\n"
        "r2,02/09/2024,nps,3,Card 4539 1488 0343 6467 was charged twice\n"
        "r3,03/09/2024,nps,9,Policy HMH-1234567 renewed fine for £45.20 in 2 weeks\n"
    )
    extra = "analytics:\n  redact_patterns: ['\\bHM[HM]-\\d{7}\\b']\n"
    root = make_project(tmp_path, {"data/survey.csv": survey})
    (root / "cxsite.yml").write_text((root / "cxsite.yml").read_text() + extra)
    result = build(root)
    everything = "\n".join(
        p.read_text(errors="ignore")
        for p in result.out.rglob("*")
        if p.suffix in {".html", ".json"}
    )
    for secret in ("07700 900123", "jo.bloggs@example.co.uk", "4539 1488 0343 6467", "HMH-1234567"):
        assert secret not in everything
    assert "[phone]" in everything and "[email]" in everything and "[card]" in everything
    assert "£45.20 in 2 weeks" in everything


REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict:
    # the model and its views as the data files publish them: plain JSON
    result = build(REPO, out=tmp_path_factory.mktemp("s") / "site")
    assert result.views is not None
    plain: dict = model_data(result.model) | result.views.data
    return plain | {"metrics": to_json(result.model.metrics)}


def test_sample_drivers_raw_weights_sum_to_r_squared(sample: dict) -> None:
    import pandas as pd

    from cxsite.build import load_project

    drivers = sample["drivers"]
    assert drivers["available"]
    loaded = load_project(REPO)
    responses = loaded.data.responses
    as_of = responses["date"].max()
    recent = responses[responses["date"] > as_of - pd.Timedelta(days=365)]
    wide = recent.pivot_table(index="respondent", columns="metric", values="score")
    names = [d["id"] for d in drivers["drivers"]]
    complete = wide[[*names, drivers["outcome"]]].dropna()
    assert len(complete) == drivers["complete"]
    x = np.column_stack([np.ones(len(complete)), complete[names].to_numpy()])
    y = complete[drivers["outcome"]].to_numpy()
    fitted = x @ np.linalg.lstsq(x, y, rcond=None)[0]
    r2 = 1 - ((y - fitted) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert drivers["r_squared"] == pytest.approx(r2, abs=1e-6)
    assert sum(d["raw_weight"] for d in drivers["drivers"]) == pytest.approx(r2, abs=1e-5)
    assert drivers["drivers"][0]["id"] == "rel-claims"  # the sample's built-in story
    assert drivers["fix_first"][0]["id"] == "rel-claims"


def test_sample_resolution_times_match_the_raw_export(sample: dict) -> None:
    import statistics

    import pandas as pd

    # Straight from the ticketing export, with the standard library's quantiles (the
    # "inclusive" method is linear between order statistics, as numpy's default).
    raw = pd.read_excel(REPO / "data" / "issues.xlsx", sheet_name="Issues")
    done = raw[raw["Closed"].notna() & raw["Opened"].notna()]
    days = (done["Closed"].dt.normalize() - done["Opened"].dt.normalize()).dt.days
    by_category = {r["name"]: r for r in sample["issues"]["analytics"]["resolution"]["category"]}
    assert set(by_category) == set(done["Category"]) and len(by_category) >= 5
    for category, part in days.groupby(done["Category"]):
        values = sorted(int(d) for d in part)
        shown = by_category[category]
        assert shown["closed"] == len(values)
        assert shown["median_days"] == pytest.approx(statistics.median(values))
        p90 = statistics.quantiles(values, n=10, method="inclusive")[8]
        assert shown["p90_days"] == pytest.approx(p90)


def test_sample_shows_the_stories(sample: dict) -> None:
    metrics = sample["metrics"]
    settle = metrics["claim-settle-csat"]["lag"]
    # One shared step (settlement got faster in March 2026, satisfaction followed) is an
    # event, not a 4-week lag: every lag correlated on levels only because of the step.
    assert settle["verdict"] == "step" and settle["best_lag"] is None
    assert settle["text"].startswith("Both shifted in the week of 16 March 2026")
    signals = metrics["claim-settle-days"]["control"]["signals"]
    assert any(s["side"] == "below" and s["better"] for s in signals)
    projection = sample["issues"]["analytics"]["projection"]
    assert re.search(r"reaches its target|at or below its target|Never", projection["text"])
    themes = next(t for t in sample["touchpoints"] if t["id"] == "claim-settle")["themes"]
    assert len(themes) >= 3 and all(t["count"] >= 3 for t in themes)


def test_sample_wall_says_what_the_issues_page_says(sample: dict) -> None:
    projection = sample["issues"]["analytics"]["projection"]
    screen = next(s for s in sample["wall"]["screens"] if s["kind"] == "issues")
    # the issues page: "At the current net closing rate of 2.3 a week, ..."
    rate = f"{projection['closing_rate']:,.1f} a week"
    assert rate in projection["text"]
    assert rate in screen["backlog"]["text"]
    assert projection["short"] in screen["backlog"]["clears"]
