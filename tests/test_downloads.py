"""CSV downloads under every chart and table, and the exports/ folder: the numbers in
each file are the numbers the page shows, read back with independent parsers
(BeautifulSoup for pages, csv and openpyxl for files) and, where it matters, worked by
hand from the mini project's rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from projects import make_project

from cxsite.build import build


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("downloads") / "proj")
    return build(root).out


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def pages(site: Path) -> list[Path]:
    manifest = json.loads((site / "build.json").read_text())
    return [site / p["url"] for p in manifest["pages"] if p["kind"] != "wall"]


def test_every_chart_has_a_csv_of_the_points_it_draws(site: Path) -> None:
    charts = 0
    for page in pages(site):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        holder = html.find("script", id="cx-figures")
        figures = json.loads(holder.get_text()) if holder else {}
        for chart_id, figure in figures.items():
            chart = html.find(id=chart_id)
            if chart is None:
                continue  # not on the page (e.g. "no data yet" instead of a chart)
            charts += 1
            link = chart.find_next_sibling("p", class_="download").a
            rows = read_csv(page.parent / link["href"])
            drawn = [
                (t.get("name", ""), str(k), str(v))
                for t in figure["data"]
                for k, v in zip(
                    t["y"] if t.get("orientation") == "h" or t.get("type") == "funnel" else t["x"],
                    t["x"] if t.get("orientation") == "h" or t.get("type") == "funnel" else t["y"],
                    strict=True,
                )
            ]
            assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
                (n, k, "" if v == "None" else v) for n, k, v in drawn
            ], (page, chart_id)
    assert charts >= 10


def test_trend_csv_has_the_hand_worked_value_and_its_n(site: Path) -> None:
    rows = read_csv(site / "touchpoints/quote/downloads/chart-metric-quote-time.csv")
    assert rows[0][0] == "series" and rows[0][-1] == "n"
    # week of 9 Sep: observations 55 and 45 -> mean 50 from n = 2
    points = [r[1:3] + r[-1:] for r in rows[1:] if r[1].startswith("2024")]
    assert ["2024-09-09", "50.0", "2"] in points
    # week of 2 Sep: 70 and 50 -> 60
    assert ["2024-09-02", "60.0", "2"] in points


def test_every_table_has_a_csv_of_its_cells(site: Path) -> None:
    tables = 0
    for page in pages(site):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for table in html.find_all("table"):
            tables += 1
            shown = []
            for tr in table.find_all("tr"):
                for hidden in tr.find_all(["svg"]) + tr.find_all(attrs={"aria-hidden": "true"}):
                    hidden.decompose()
                cells = [" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])]
                if cells:
                    shown.append(cells)
            link = table.find_next("p", class_="download").a
            assert read_csv(page.parent / link["href"]) == shown, page
    assert tables >= 3
    issues = read_csv(site / "touchpoints/quote/downloads/table-1.csv")
    assert issues[1][:4] == ["T2", "Price", "Ann", "Call back customer"]


def test_exports_hold_the_model_as_csv_and_one_workbook(site: Path) -> None:
    folder = site / "exports"
    metrics = {r[0]: r for r in read_csv(folder / "metrics.csv")}
    header = read_csv(folder / "metrics.csv")[0]
    nps = dict(zip(header, metrics["nps"], strict=True))
    # The headline pools the last 4 weeks (analytics.headline_window), here both weeks:
    # 10,9,7,3,10 and 10,10,0,8,6,9 -> 6 promoters, 3 detractors of 11 = 27.3
    assert nps["period"] == "2024-09-09" and nps["n"] == "11"
    assert float(nps["value"]) == pytest.approx(100 * 3 / 11)
    issues = read_csv(folder / "open_issues.csv")
    assert sorted(r[0] for r in issues[1:]) == ["T2", "T3"]
    book = openpyxl.load_workbook(folder / "cxsite.xlsx", read_only=True)
    for name in book.sheetnames:
        from_csv = read_csv(folder / f"{name}.csv")
        from_book = [
            ["" if v is None else str(v) for v in row]
            for row in book[name].iter_rows(values_only=True)
        ]
        assert len(from_book) == len(from_csv), name
        assert from_book[0] == from_csv[0], name
    assert set(book.sheetnames) == {p.stem for p in folder.glob("*.csv")}


def test_workbook_is_byte_identical_across_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_project(tmp_path / "proj")
    first = build(root, out=tmp_path / "a", use_cache=False).out / "exports" / "cxsite.xlsx"
    second = build(root, out=tmp_path / "b", use_cache=False).out / "exports" / "cxsite.xlsx"
    assert first.read_bytes() == second.read_bytes()
    props = openpyxl.load_workbook(first).properties
    assert props.modified.isoformat() == "2023-11-14T22:13:20"


def test_each_segment_trend_has_its_own_csv_with_its_n(tmp_path: Path) -> None:
    from test_segments import OBS, SEGMENT_CONFIG, SURVEY

    root = make_project(
        tmp_path / "proj",
        {"cxsite.yml": SEGMENT_CONFIG, "data/obs.csv": OBS, "data/survey.csv": SURVEY},
    )
    page = build(root).out / "touchpoints" / "quote" / "index.html"
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    figures = json.loads(html.find("script", id="cx-segment-figures").get_text())
    assert figures, "the project has segment trends"
    placed = [c for c in figures if html.find(id=c) is not None]
    assert placed
    for chart_id in placed:
        # the link sits in the segment's own card, under its chart
        link = html.find(id=chart_id).find_next_sibling("p", class_="download").a
        assert (page.parent / link["href"]).is_file(), chart_id
    motor = next(c for c in placed if "quote-csat" in c and "motor" in c)
    rows = read_csv(page.parent / f"downloads/{motor}.csv")
    assert rows[0][-1] == "n"
    # the motor answers of the week of 9 Sep: 5 of them (as the segments test works out)
    assert next(r[-1] for r in rows[1:] if r[1] == "2024-09-09") == "5"
