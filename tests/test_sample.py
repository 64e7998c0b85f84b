"""One full build of the sample company, checked through the HTML a reader sees.

The expected numbers are worked out a second way, straight from the raw exports with
the csv module and openpyxl, not through cxsite's pandas code.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import yaml
from bs4 import BeautifulSoup

from cxsite.build import BuildResult, build

REPO = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((REPO / "cxsite.yml").read_text())
JOURNEY = yaml.safe_load((REPO / "content" / "journey.yml").read_text())
METRICS = {m["id"]: m for m in JOURNEY["metrics"]}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildResult]:
    out = tmp_path_factory.mktemp("sample") / "site"
    yield build(REPO, out=out, strict=True)


def soup(result: BuildResult, url: str) -> BeautifulSoup:
    return BeautifulSoup((result.out / url).read_text(encoding="utf-8"), "html.parser")


def source(kind: str) -> dict:
    return next(s for s in CONFIG["sources"].values() if s["kind"] == kind)


def latest_week() -> tuple[dt.date, dt.date]:
    """The sample's data ends on Sunday 15 Nov 2026; weeks start on Mondays."""
    return dt.date(2026, 11, 9), dt.date(2026, 11, 15)


def headline_weeks() -> tuple[dt.date, dt.date]:
    """Survey headlines pool the last 4 weeks (the default headline window)."""
    return dt.date(2026, 10, 19), dt.date(2026, 11, 15)


@functools.cache
def all_answers() -> list[tuple[dt.date, str, float]]:
    cfg = source("responses")
    cols = cfg["columns"]
    recode = cfg.get("recode", {}).get("metric", {})
    answers = []
    with (REPO / cfg["path"]).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row[cols["score"]] == "":
                continue
            when = dt.datetime.strptime(row[cols["date"]], cfg["date_format"]).date()
            question = recode.get(row[cols["metric"]], row[cols["metric"]])
            answers.append((when, question, float(row[cols["score"]])))
    return answers


def survey_scores(metric: str, first: dt.date, last: dt.date) -> list[float]:
    return [s for when, m, s in all_answers() if m == metric and first <= when <= last]


def test_sample_has_the_promised_size(sample: BuildResult) -> None:
    assert len(JOURNEY["stages"]) >= 6
    assert len(JOURNEY["touchpoints"]) >= 30
    assert sum(1 for t in JOURNEY["touchpoints"] if t.get("moment_of_truth")) >= 8
    assert len({t["owner"] for t in JOURNEY["touchpoints"]}) >= 8
    periods = sample.model.site.period.keys
    assert len(periods) >= 104
    with (REPO / source("responses")["path"]).open(encoding="utf-8") as handle:
        assert sum(1 for _ in handle) - 1 >= 50_000
    assert sample.model.issues.total >= 5_000


def test_a_page_per_stage_and_per_touchpoint(sample: BuildResult) -> None:
    for stage in JOURNEY["stages"]:
        page = soup(sample, f"stages/{stage['id']}/index.html")
        assert page.h1.get_text(strip=True) == stage["name"]
        tiles = {a["data-touchpoint"] for a in page.select(".tile-grid .tile")}
        assert tiles == {t["id"] for t in JOURNEY["touchpoints"] if t["stage"] == stage["id"]}
    for tp in JOURNEY["touchpoints"]:
        page = soup(sample, f"touchpoints/{tp['id']}/index.html")
        assert page.h1.get_text(" ", strip=True).startswith(tp["name"])
        assert page.select_one(".owner").get_text(strip=True) == tp["owner"]
        shown = {c["data-metric"] for c in page.select(".metric-card")}
        assert {m["id"] for m in JOURNEY["metrics"] if m.get("touchpoint") == tp["id"]} <= shown


def test_home_nps_matches_the_raw_export(sample: BuildResult) -> None:
    first, last = headline_weeks()
    scores = survey_scores("nps", first, last)
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    expected = round(100 * (promoters - detractors) / len(scores))
    card = soup(sample, "index.html").select_one('.outcome[data-metric="nps"]')
    assert card.select_one(".value").get_text(strip=True) == f"{expected}".replace("-", "−")
    assert f"last 4 weeks, n = {len(scores):,}" in card.get_text()


def test_touchpoint_csat_matches_the_raw_export(sample: BuildResult) -> None:
    first, last = headline_weeks()
    checked = 0
    for metric in (m for m in JOURNEY["metrics"] if m.get("aggregate") == "csat"):
        if not metric.get("touchpoint"):
            continue
        scores = survey_scores(metric["id"], first, last)
        top = (metric.get("scale") or [1, 5])[1]
        page = soup(sample, f"touchpoints/{metric['touchpoint']}/index.html")
        value = page.select_one(f"#metric-{metric['id']} .value").get_text(strip=True)
        if not scores:
            assert value == "No data", metric["id"]
        elif len(scores) < CONFIG.get("min_n", 5):
            assert value == f"n = {len(scores)}, too few responses", metric["id"]
        else:
            expected = round(100 * sum(1 for s in scores if s >= top - 1) / len(scores))
            assert value == f"{expected}%", metric["id"]
            checked += 1
    assert checked >= 10


def test_process_metric_matches_the_raw_export(sample: BuildResult) -> None:
    cfg = source("observations")
    cols = cfg["columns"]
    recode = cfg.get("recode", {}).get("metric", {})
    values: dict[str, list[float]] = defaultdict(list)
    first, last = latest_week()
    with (REPO / cfg["path"]).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            when = dt.date.fromisoformat(row[cols["date"]])
            if first <= when <= last:
                values[recode.get(row[cols["metric"]], row[cols["metric"]])].append(
                    float(row[cols["value"]])
                )
    checked = 0
    for metric_id, found in values.items():
        metric = METRICS[metric_id]
        if metric.get("aggregate", "mean") != "mean" or not metric.get("touchpoint"):
            continue
        data = json.loads(
            (sample.out / f"data/touchpoints/{metric['touchpoint']}.json").read_text()
        )
        summary = next(m for m in data["metrics"] if m["id"] == metric_id)
        assert summary["latest"]["value"] == pytest.approx(sum(found) / len(found), abs=1e-6)
        checked += 1
    assert checked >= 5


def test_open_issues_match_the_raw_export(sample: BuildResult) -> None:
    cfg = source("issues")
    cols = cfg["columns"]
    book = openpyxl.load_workbook(REPO / cfg["path"], read_only=True)
    rows = book[cfg["sheet"]].iter_rows(values_only=True)
    header = list(next(rows))
    closed_at = header.index(cols["closed"])
    open_count = sum(1 for row in rows if row[closed_at] in (None, ""))
    page = soup(sample, "issues/index.html")
    assert page.select_one("#open-count").get_text(strip=True) == f"{open_count:,}"


def test_manifest_lists_every_page(sample: BuildResult) -> None:
    manifest = json.loads((sample.out / "build.json").read_text())
    assert manifest["data_as_of"] == "2026-11-15"
    kinds = defaultdict(int)
    for page in manifest["pages"]:
        kinds[page["kind"]] += 1
        assert (sample.out / page["url"]).is_file()
    assert kinds["stage"] == len(JOURNEY["stages"])
    assert kinds["touchpoint"] == len(JOURNEY["touchpoints"])
