"""Every statistic the pages show, end to end: a small project is built from raw CSV
files written here, and each number is read back from the built site (its data files and
its HTML) and compared with the same number computed independently from the raw rows —
by scipy, statsmodels or numpy, or by a formula written out in the test. No expected
value comes from cxsite's own code.

The project: 12 weeks (Mon 1 Jan - Sun 24 Mar 2024), min_n 5, headlines pooling the
last 4 weeks (26 Feb - 24 Mar) against the 4 before (29 Jan - 25 Feb).

- NPS (0-10, respondents of the relationship survey): interval and change test;
- quote satisfaction (1-5, top-two-box): Wilson interval, two-proportion z test, p-chart;
- three driver ratings (1-10, means): t intervals, Welch tests, Johnson's weights for NPS;
- Benjamini-Hochberg q-values across the tested scores;
- time to quote (one KPI value a week): XmR limits from the first 8 weeks;
- issues: resolution-time median and 90th percentile, backlog at the end of each week,
  the net closing rate (least-squares slope) and when the backlog reaches its target.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bs4 import BeautifulSoup
from projects import make_project
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from cxsite.build import build

START = dt.date(2024, 1, 1)
WEEKS = 12
WINDOW = 4  # analytics.headline_window (the default)
Z95 = stats.norm.ppf(0.975)
DRIVERS = ("d-claims", "d-ease", "d-price")

CONFIG = """\
title: Statistics room
organisation: Test Co
min_n: 5
analytics:
  control_baseline: 8
sources:
  obs:
    kind: observations
    path: data/obs.csv
    columns: {date: day, metric: kpi, value: val}
  survey:
    kind: responses
    path: data/survey.csv
    date_format: "%d/%m/%Y"
    columns: {date: When, metric: Q, score: Score, respondent: Rid}
  tickets:
    kind: issues
    path: data/issues.csv
    columns: {id: Ticket, touchpoint: Area, category: Cat, opened: Opened, closed: Closed,
              status: State, owner: Who, action: Next}
"""

JOURNEY = """\
stages:
  - {id: buy, name: Buy, goal: I want to buy cover}
  - {id: claim, name: Claim, goal: I want my claim paid}
touchpoints:
  - {id: quote, stage: buy, name: Online quote, channel: web, owner: Ann Owner}
  - {id: settle, stage: claim, name: Claim settlement, channel: phone, owner: Bob Owner}
metrics:
  - {id: nps, name: Net Promoter Score, kind: outcome, aggregate: nps, target: 30}
  - {id: quote-time, name: Time to quote, touchpoint: quote, kind: process, unit: s,
     direction: lower, target: 60, aggregate: mean}
  - {id: quote-csat, name: Quote satisfaction, touchpoint: quote, kind: survey,
     aggregate: csat, target: 80, scale: [1, 5]}
  - {id: d-price, name: Value for money, touchpoint: quote, kind: survey, aggregate: mean,
     scale: [1, 10], target: 7}
  - {id: d-ease, name: Easy to deal with, touchpoint: quote, kind: survey, aggregate: mean,
     scale: [1, 10], target: 7}
  - {id: d-claims, name: Claims handling, touchpoint: settle, kind: survey, aggregate: mean,
     scale: [1, 10], target: 7}
"""


def _day(week: int, offset: int) -> dt.date:
    return START + dt.timedelta(days=7 * week + offset)


def raw_files() -> dict[str, str]:
    """The exports, drawn from one seeded generator."""
    rng = np.random.default_rng(2024)
    survey = ["Rid,When,Q,Score"]
    for week in range(WEEKS):
        later = week >= WEEKS - WINDOW
        for r in range(30):  # the relationship survey: NPS and three driver ratings
            rid, day = f"w{week}r{r}", _day(week, r % 7)
            price = int(rng.integers(1, 11))
            ease = int(np.clip(rng.normal(7.5 if later else 5.5, 2), 1, 10))
            claims = int(rng.integers(3, 11))
            nps = int(
                np.clip(round(0.35 * price + 0.5 * ease + 0.1 * claims + rng.normal()), 0, 10)
            )
            for q, score in (
                ("nps", nps),
                ("d-price", price),
                ("d-ease", ease),
                ("d-claims", claims),
            ):
                survey.append(f"{rid},{day:%d/%m/%Y},{q},{score}")
        # the quote survey: 3 in week 0 (below min_n), then 12 a week, better at the end
        for k in range(3 if week == 0 else 12):
            top = rng.random() < (0.85 if later else 0.6)
            score = int(rng.integers(4, 6) if top else rng.integers(1, 4))
            survey.append(f"q{week}-{k},{_day(week, k % 7):%d/%m/%Y},quote-csat,{score}")
    obs = ["day,kpi,val"]
    times = np.round(rng.normal(70, 6, WEEKS), 1)
    for week, value in enumerate(times):
        obs.append(f"{_day(week, 2)},quote-time,{value}")
    issues = ["Ticket,Area,Cat,Opened,Closed,State,Who,Next"]
    for i in range(60):
        opened = _day(0, int(rng.integers(0, 7 * (WEEKS - 3))))  # a backlog that falls
        days = int(rng.integers(0, 30))
        closed = opened + dt.timedelta(days=days)
        area, cat, who = (("quote", "Price", "Ann"), ("settle", "Delay", "Bob"))[i % 2]
        if closed > _day(WEEKS - 1, 6):
            issues.append(f"T{i},{area},{cat},{opened},,Open,{who},Call back")
        else:
            issues.append(f"T{i},{area},{cat},{opened},{closed},Closed,{who},")
    return {
        "cxsite.yml": CONFIG,
        "content/journey.yml": JOURNEY,
        "data/survey.csv": "\n".join(survey) + "\n",
        "data/obs.csv": "\n".join(obs) + "\n",
        "data/issues.csv": "\n".join(issues) + "\n",
        "content/quote-action.md": None,
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("stats") / "proj", raw_files())
    return build(root, use_cache=False).out


def rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw_files()[f"data/{name}.csv"])))


def scores(metric: str, first_week: int, last_week: int) -> np.ndarray:
    """Raw answers to ``metric`` in weeks ``first_week``..``last_week`` (0-based)."""
    lo, hi = _day(first_week, 0), _day(last_week, 6)
    found = [
        float(r["Score"])
        for r in rows("survey")
        if r["Q"] == metric and lo <= dt.datetime.strptime(r["When"], "%d/%m/%Y").date() <= hi
    ]
    return np.array(found)


def latest(metric: str) -> np.ndarray:
    return scores(metric, WEEKS - WINDOW, WEEKS - 1)


def previous(metric: str) -> np.ndarray:
    return scores(metric, WEEKS - 2 * WINDOW, WEEKS - WINDOW - 1)


def data(site: Path, name: str) -> Any:
    return json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))


def summary(site: Path, metric: str) -> dict[str, Any]:
    if metric == "nps":
        return next(m for m in data(site, "site")["outcomes"] if m["id"] == metric)
    touchpoint = "settle" if metric == "d-claims" else "quote"
    return next(m for m in data(site, f"touchpoints/{touchpoint}")["metrics"] if m["id"] == metric)


def card_text(site: Path, page: str, metric: str) -> str:
    html = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    card = html.select_one(f"#metric-{metric}") or html.select_one(f'[data-metric="{metric}"]')
    assert card is not None, (page, metric)
    return " ".join(card.get_text(" ").split())


def coded_nps(answers: np.ndarray) -> np.ndarray:
    """Each respondent as +1 (promoter, 9-10), 0 (passive) or -1 (detractor, 0-6)."""
    return np.where(answers >= 9, 1.0, np.where(answers <= 6, -1.0, 0.0))


@pytest.mark.parametrize("metric", DRIVERS)
def test_mean_and_its_t_interval(site: Path, metric: str) -> None:
    answers = latest(metric)
    assert len(answers) == 120  # 30 respondents a week for 4 weeks
    low, high = stats.t.interval(
        0.95, len(answers) - 1, loc=answers.mean(), scale=stats.sem(answers)
    )
    shown = summary(site, metric)
    assert shown["latest"]["n"] == len(answers)
    assert shown["latest"]["value"] == pytest.approx(answers.mean(), abs=1e-6)
    assert shown["interval"]["method"] == "t interval on the mean"
    assert shown["interval"]["low"] == pytest.approx(low, abs=1e-5)
    assert shown["interval"]["high"] == pytest.approx(high, abs=1e-5)
    page = (
        "touchpoints/settle/index.html" if metric == "d-claims" else "touchpoints/quote/index.html"
    )
    text = card_text(site, page, metric)
    assert f"{answers.mean():.1f}" in text and f"± {(high - low) / 2:.1f}" in text


def test_top_two_box_and_its_wilson_interval(site: Path) -> None:
    answers = latest("quote-csat")
    top, n = int((answers >= 4).sum()), len(answers)
    assert n == 48
    low, high = proportion_confint(top, n, alpha=0.05, method="wilson")
    shown = summary(site, "quote-csat")
    assert shown["latest"]["value"] == pytest.approx(100 * top / n, abs=1e-5)
    assert shown["interval"]["low"] == pytest.approx(100 * low, abs=1e-4)
    assert shown["interval"]["high"] == pytest.approx(100 * high, abs=1e-4)
    text = card_text(site, "touchpoints/quote/index.html", "quote-csat")
    assert f"{round(100 * top / n)}%" in text
    assert f"± {round(100 * (high - low) / 2)}" in text


def test_a_week_below_min_n_shows_no_score(site: Path) -> None:
    assert len(scores("quote-csat", 0, 0)) == 3  # fewer than min_n = 5
    series = summary(site, "quote-csat")["series"]
    assert series[0]["value"] is None and series[0]["n"] == 3
    assert series[1]["value"] == pytest.approx(
        100 * (scores("quote-csat", 1, 1) >= 4).mean(), abs=1e-5
    )


def test_nps_and_its_interval(site: Path) -> None:
    coded = coded_nps(latest("nps"))
    # the variance of the coded scores: a second way to the NPS's standard error
    se = 100 * coded.std(ddof=0) / math.sqrt(len(coded))
    shown = summary(site, "nps")
    assert shown["latest"]["value"] == pytest.approx(100 * coded.mean(), abs=1e-5)
    assert shown["interval"]["margin"] == pytest.approx(Z95 * se, abs=1e-5)
    assert shown["interval"]["low"] == pytest.approx(100 * coded.mean() - Z95 * se, abs=1e-5)
    card = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    outcome = card.select_one('.outcome[data-metric="nps"]')
    assert outcome.select_one(".value").get_text(
        strip=True
    ) == f"{round(100 * coded.mean())}".replace("-", "−")
    assert f"± {Z95 * se:.0f}" in outcome.get_text()


@pytest.mark.parametrize("metric", DRIVERS)
def test_welch_test_of_a_mean_change(site: Path, metric: str) -> None:
    after, before = latest(metric), previous(metric)
    welch = stats.ttest_ind(after, before, equal_var=False)
    test = summary(site, metric)["change_test"]
    assert test["method"] == "Welch t test"
    assert test["statistic"] == pytest.approx(welch.statistic, abs=1e-5)
    assert test["p_value"] == pytest.approx(welch.pvalue, rel=1e-5)


def test_two_proportion_test_of_a_top_box_change(site: Path) -> None:
    after, before = latest("quote-csat"), previous("quote-csat")
    counts = [int((after >= 4).sum()), int((before >= 4).sum())]
    z, p = proportions_ztest(counts, [len(after), len(before)])  # pooled variance
    test = summary(site, "quote-csat")["change_test"]
    assert test["method"] == "two-proportion z test"
    assert test["statistic"] == pytest.approx(z, abs=1e-5)
    assert test["p_value"] == pytest.approx(p, rel=1e-5)
    assert test["significant"] is True and test["direction"] == "up"
    assert "significant rise" in card_text(site, "touchpoints/quote/index.html", "quote-csat")


def test_nps_change_over_the_combined_standard_error(site: Path) -> None:
    after, before = coded_nps(latest("nps")), coded_nps(previous("nps"))
    se = math.hypot(
        after.std(ddof=0) / math.sqrt(len(after)), before.std(ddof=0) / math.sqrt(len(before))
    )
    z = (after.mean() - before.mean()) / se
    test = summary(site, "nps")["change_test"]
    assert test["statistic"] == pytest.approx(z, abs=1e-5)
    assert test["p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-5)


def test_benjamini_hochberg_q_values_across_the_tested_scores(site: Path) -> None:
    metrics = ["nps", "quote-csat", *DRIVERS]
    pvalues = []
    for metric in metrics:
        if metric == "nps":
            a, b = coded_nps(latest(metric)), coded_nps(previous(metric))
            se = math.hypot(a.std() / math.sqrt(len(a)), b.std() / math.sqrt(len(b)))
            pvalues.append(2 * stats.norm.sf(abs(a.mean() - b.mean()) / se))
        elif metric == "quote-csat":
            a, b = latest(metric), previous(metric)
            pvalues.append(proportions_ztest([(a >= 4).sum(), (b >= 4).sum()], [len(a), len(b)])[1])
        else:
            pvalues.append(
                stats.ttest_ind(latest(metric), previous(metric), equal_var=False).pvalue
            )
    reject, qvalues, _, _ = multipletests(pvalues, alpha=0.05, method="fdr_bh")
    assert data(site, "site")["site"]["tests"]["tested"] == len(metrics)
    for metric, q, significant in zip(metrics, qvalues, reject, strict=True):
        test = summary(site, metric)["change_test"]
        assert test["q_value"] == pytest.approx(q, rel=1e-4), metric
        assert test["significant"] is bool(significant), metric
    assert 0 < sum(reject) < len(metrics)  # both outcomes are exercised


def test_xmr_limits_from_the_baseline_weeks(site: Path) -> None:
    values = np.array([float(r["val"]) for r in rows("obs")])
    base = values[:8]  # analytics.control_baseline
    centre = base.mean()
    spread = 2.66 * np.abs(np.diff(base)).mean()  # 3 / d2, d2 = 1.128 for moving ranges of 2
    control = summary(site, "quote-time")["control"]
    assert control["kind"] == "XmR" and control["baseline"] == 8
    assert control["centre"] == pytest.approx(centre, abs=1e-5)
    assert control["upper"] == pytest.approx(centre + spread, abs=1e-4)
    assert control["lower"] == pytest.approx(centre - spread, abs=1e-4)


def test_p_chart_limits_for_the_top_box_share(site: Path) -> None:
    weeks = [scores("quote-csat", w, w) for w in range(WEEKS)]
    shown = [w for w in weeks if len(w) >= 5]  # the first week is below min_n
    centre = sum(int((w >= 4).sum()) for w in shown) / sum(len(w) for w in shown)
    control = summary(site, "quote-csat")["control"]
    assert control["kind"] == "p-chart"
    assert control["centre"] == pytest.approx(100 * centre, abs=1e-4)
    for week, answers in enumerate(weeks[1:], start=1):
        sigma = math.sqrt(centre * (1 - centre) / len(answers))
        assert control["lower"][week] == pytest.approx(100 * max(0, centre - 3 * sigma), abs=1e-4)
        assert control["upper"][week] == pytest.approx(100 * min(1, centre + 3 * sigma), abs=1e-4)
    assert control["lower"][0] is None  # no limits where no score is shown


def test_driver_weights_by_a_second_method(site: Path) -> None:
    answers: dict[str, dict[str, float]] = {}
    for r in rows("survey"):
        if r["Rid"].startswith("w"):
            answers.setdefault(r["Rid"], {})[r["Q"]] = float(r["Score"])
    names = sorted(DRIVERS)
    x = np.array([[a[n] for n in names] for a in answers.values()])
    y = np.array([a["nps"] for a in answers.values()])
    # Johnson (2000) through the singular value decomposition of the predictors scaled
    # to unit length (so X'X is their correlation matrix), X = P D Q': their orthogonal
    # counterparts are Z = P Q', Lambda = Q D Q' carries Z back to X (X = Z Lambda), and
    # y scaled the same way is regressed on Z: beta = Z'y.
    n = len(y)
    xs = (x - x.mean(axis=0)) / (x.std(axis=0, ddof=1) * math.sqrt(n - 1))
    ys = (y - y.mean()) / (y.std(ddof=1) * math.sqrt(n - 1))
    p_, d, qt = np.linalg.svd(xs, full_matrices=False)
    z = p_ @ qt
    lam = qt.T @ np.diag(d) @ qt
    beta = z.T @ ys
    weights = (lam**2) @ (beta**2)
    fitted = (
        np.column_stack([np.ones(n), x])
        @ np.linalg.lstsq(np.column_stack([np.ones(n), x]), y, rcond=None)[0]
    )
    r2 = 1 - ((y - fitted) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert weights.sum() == pytest.approx(r2, abs=1e-9)  # the method's own identity
    drivers = data(site, "drivers")
    assert drivers["complete"] == n == 360
    assert drivers["r_squared"] == pytest.approx(r2, abs=1e-5)
    by_id = {d["id"]: d for d in drivers["drivers"]}
    for name, weight in zip(names, weights, strict=True):
        assert by_id[name]["raw_weight"] == pytest.approx(weight, abs=1e-5), name
        assert by_id[name]["importance"] == pytest.approx(100 * weight / r2, abs=1e-4), name
        assert by_id[name]["mean"] == pytest.approx(x[:, names.index(name)].mean(), abs=1e-5)


def _quantile(days: list[int], q: float) -> float:
    """Linear between the order statistics around rank (n - 1) q (Hyndman-Fan 7)."""
    ordered = sorted(days)
    rank = (len(ordered) - 1) * q
    below = math.floor(rank)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (rank - below) * (ordered[above] - ordered[below])


def _resolution(days: list[int]) -> tuple[float, float]:
    return _quantile(days, 0.5), _quantile(days, 0.9)


def test_resolution_time_quantiles(site: Path) -> None:
    closed = [r for r in rows("issues") if r["Closed"]]
    days = {
        r["Ticket"]: (dt.date.fromisoformat(r["Closed"]) - dt.date.fromisoformat(r["Opened"])).days
        for r in closed
    }
    resolution = data(site, "issues")["analytics"]["resolution"]
    median, p90 = _resolution(list(days.values()))
    assert resolution["overall"] == {
        "closed": len(closed),
        "median_days": median,
        "p90_days": pytest.approx(p90),
    }
    by_category = {c["name"]: c for c in resolution["category"]}
    for category in ("Delay", "Price"):
        mine = [days[r["Ticket"]] for r in closed if r["Cat"] == category]
        median, p90 = _resolution(mine)
        assert by_category[category]["closed"] == len(mine) > 10
        assert by_category[category]["median_days"] == pytest.approx(median)
        assert by_category[category]["p90_days"] == pytest.approx(p90)
    # numpy's default percentile is the same definition: a check on the hand formula
    assert _resolution(list(days.values()))[1] == pytest.approx(
        np.percentile(list(days.values()), 90)
    )


def test_backlog_at_the_end_of_each_week(site: Path) -> None:
    issues = rows("issues")
    periods = data(site, "issues")["periods"]
    assert len(periods) == WEEKS
    for week, period in enumerate(periods):
        start, end = _day(week, 0), _day(week, 6)
        opened = [dt.date.fromisoformat(r["Opened"]) for r in issues]
        closed = [dt.date.fromisoformat(r["Closed"]) if r["Closed"] else None for r in issues]
        backlog = sum(
            1 for o, c in zip(opened, closed, strict=True) if o <= end and (c is None or c > end)
        )
        assert period["period"] == f"{start}"
        assert period["opened"] == sum(1 for o in opened if start <= o <= end), period
        assert period["closed"] == sum(1 for c in closed if c and start <= c <= end), period
        assert period["backlog"] == backlog, period
    still_open = sum(1 for r in issues if not r["Closed"])
    assert data(site, "issues")["open_count"] == still_open == periods[-1]["backlog"] > 0


def test_net_closing_rate_is_the_least_squares_slope_of_the_backlog(site: Path) -> None:
    periods = data(site, "issues")["periods"]
    backlog = [p["backlog"] for p in periods][-8:]  # the last 8 weeks
    slope = np.polyfit(np.arange(len(backlog)), backlog, 1)[0]
    projection = data(site, "issues")["analytics"]["projection"]
    assert projection["slope"] == pytest.approx(slope, abs=1e-5)
    rate = -slope
    assert projection["closing_rate"] == pytest.approx(rate, abs=1e-5)
    # from the latest backlog down to the target of 0 at that rate
    weeks = backlog[-1] / rate
    assert projection["periods_to_target"] == pytest.approx(weeks, abs=1e-5)
    assert projection["periods_to_target_ceil"] == math.ceil(weeks)
    page = (site / "issues" / "index.html").read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(page, "html.parser").get_text().split())
    assert f"net closing rate of {rate:,.1f} a week" in text
    assert f"target of 0 in about {math.ceil(weeks)} weeks" in text
