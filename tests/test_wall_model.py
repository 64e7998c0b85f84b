"""Wall mode's model and page, without a browser: screens, config, figures, wording."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from projects import CONFIG, make_project

from cxsite.build import BuildResult, build
from cxsite.figures.wall import TEXT, wall_figures
from cxsite.model.issue_types import IssueProjection
from cxsite.model.serialise import to_json
from cxsite.views.wall_cards import (
    backlog_pace,
    owner_parts,
    pick_comments,
    sparkline,
    split_display,
)
from cxsite.voice.results import VoiceComment

CLIENT_KEYS = {
    "screens",
    "rotate_seconds",
    "poll_seconds",
    "stale_after_periods",
    "period_days",
    "period_unit",
    "data_as_of",
    "build_id",
    "built_at",
}


def built(tmp_path: Path, changes: dict[str, str | None] | None = None) -> BuildResult:
    return build(make_project(tmp_path / "proj", changes), out=tmp_path / "site")


def wall_page(result: BuildResult) -> BeautifulSoup:
    html = (result.out / "wall" / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def page_json(soup: BeautifulSoup, element_id: str) -> Any:
    node = soup.find("script", id=element_id)
    assert node is not None, f"no #{element_id} in the wall page"
    return json.loads(node.string or "")


def test_default_screens_and_settings(tmp_path: Path) -> None:
    wall = built(tmp_path).views.wall
    assert [s.id for s in wall.screens] == [
        "outcomes",
        "issues",
        "accountability",
        "moment-quote",
    ]
    assert (wall.rotate_seconds, wall.poll_seconds) == (20.0, 60.0)
    assert (wall.stale_after_periods, wall.comments, wall.period_days) == (2, 3, 7)
    assert set(to_json(wall.client)) >= CLIENT_KEYS


def test_config_picks_orders_and_times_the_screens(tmp_path: Path) -> None:
    config = CONFIG + (
        "wall:\n  screens: [moments, issues]\n  rotate_seconds: 7.5\n  poll_seconds: 30\n"
        "  stale_after_periods: 3\n  comments: 1\nperiod: {unit: month}\n"
    )
    wall = built(tmp_path, {"cxsite.yml": config}).views.wall
    assert [s.id for s in wall.screens] == ["moment-quote", "issues"]
    client = wall.client
    assert (client.rotate_seconds, client.poll_seconds) == (7.5, 30.0)
    assert (client.stale_after_periods, client.period_days) == (3, 31)
    assert len(wall.screens[0].comments) == 1
    assert client.period_unit == "month" and wall.trend_label == "last 26 months"


def test_screens_with_nothing_to_show_are_left_out(tmp_path: Path) -> None:
    config = CONFIG.split("  tickets:")[0]
    wall = built(tmp_path, {"cxsite.yml": config, "data/issues.csv": None}).views.wall
    assert "issues" not in [s.id for s in wall.screens]


def test_wall_page_is_standalone_and_carries_its_config(tmp_path: Path) -> None:
    result = built(tmp_path)
    soup = wall_page(result)
    assert soup.find("nav") is None, "the wall has no navigation chrome"
    assert soup.find("link", href=re.compile(r"style\.css")) is None
    client = page_json(soup, "wall-config")
    manifest = json.loads((result.out / "build.json").read_text(encoding="utf-8"))
    assert set(client) >= CLIENT_KEYS
    assert client["build_id"] == manifest["build_id"]
    assert client["data_as_of"] == "2024-09-11"
    assert [s["id"] for s in client["screens"]] == [s.id for s in result.views.wall.screens]
    # Each chart element has its figure, and each figure its element.
    figures = page_json(soup, "wall-figures")
    holders = {node["id"] for node in soup.select("[data-chart]")}
    assert holders == set(figures)
    assert {
        "wall-outcomes-nps",
        "wall-issues-flow",
        "wall-issues-backlog",
        "wall-moment-quote-quote-time",
    } <= holders
    for screen in result.views.wall.screens:
        assert soup.find("section", id=f"screen-{screen.id}") is not None
    # Everything it loads is the site's own.
    sources = [n.get("src") or n.get("href") for n in soup.select("script[src], link[href]")]
    assert all(not re.match(r"^(https?:)?//", s) for s in sources), sources
    assert "Data as of" in soup.get_text() and "Built" in soup.get_text()


def test_figures_are_deterministic_dark_and_never_small(tmp_path: Path) -> None:
    result = built(tmp_path)
    first = wall_figures(result.views.wall, result.model)
    again = wall_figures(result.views.wall, result.model)
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)

    def sizes(node: Any, key: str = "") -> list[float]:
        if isinstance(node, dict):
            found = [v for k, v in node.items() if k == "size" and key.endswith("font")]
            return found + [x for k, v in node.items() for x in sizes(v, k)]
        if isinstance(node, list):
            return [x for v in node for x in sizes(v, key)]
        return []

    assert len(first) >= 5
    for figure in first.values():
        found = sizes(figure)
        assert found and all(size >= TEXT for size in found), figure
        assert figure["layout"]["transition"] == {"duration": 0}
        assert "height" not in figure["layout"], "heights come from the screen, not the build"


def test_backlog_pace_is_the_issues_page_projection() -> None:
    # The wall used to average its own pace ("down 1 a week") beside the issues page's
    # least-squares rate ("2.3 a week"); now it only words the model's projection.
    from cxsite.stats import burndown_projection

    falling = IssueProjection(
        **burndown_projection([900 - 42 * i for i in range(12)], 0, window=8).to_dict(),
        text="",
        short="target of 0 in about 14 weeks",
    )
    pace = backlog_pace(falling, "week")
    # least-squares slope of an exact line is its step: -42 a week
    assert pace.text == "down 42.0 a week over the last 8 weeks"
    assert pace.direction == "down"
    assert pace.detail == "438 open now"
    assert pace.clears == "at this net closing rate: target of 0 in about 14 weeks"
    rising = IssueProjection(
        **burndown_projection([10, 12, 14, 16], 0, window=3).to_dict(), text="", short=None
    )
    assert backlog_pace(rising, "month").text == "up 2.0 a month over the last 3 months"
    assert backlog_pace(None, "week").text == "not enough history yet"


def test_wall_and_issues_page_give_one_closing_rate(tmp_path: Path) -> None:
    result = built(tmp_path)
    projection = result.model.issues.analytics.projection
    screen = next(s for s in result.views.wall.screens if s.kind == "issues")
    # Two weeks of issues are too few for a closing rate: both say so (the sample, with
    # a rate, is checked in test_insights.test_sample_wall_says_what_the_issues_page_says).
    assert projection.slope is None
    assert screen.backlog.direction == "flat"
    wall = (result.out / "wall" / "index.html").read_text()
    assert screen.backlog.text in wall


def _comment(date: str, text: str, score: str | None, language: str, source: str) -> VoiceComment:
    return VoiceComment(
        date=date,
        text=text,
        score=None,
        score_display=score,
        score_band=None,
        metric=None,
        language=language,
        language_name="",
        source=source,
        sentiment=None,
        sentiment_label=None,
        sentiment_from=None,
        sentiment_model=None,
        themes=(),
    )


def test_comments_are_recent_whole_and_free_of_personal_data() -> None:
    comments = [
        _comment("2024-09-10", "Call me on 07700 900123 please", "1/5", "en", "survey"),
        _comment("2024-09-09", "word " * 60, None, "pl", "comment"),
        _comment("2024-09-08", "Quick and easy", "5/5", "unknown", "survey"),
    ]
    two = pick_comments(comments, 2)
    assert [c.date for c in two] == ["10 Sep", "8 Sep"], "whole comments are preferred"
    assert "07700" not in two[0].text and "[phone]" in two[0].text
    three = pick_comments(comments, 3)
    assert three[1].text.endswith("…") and len(three[1].text) <= 140
    assert three[1].language == "pl" and three[0].language is None


def test_small_helpers() -> None:
    assert split_display("11.2 days") == ("11.2", "days", True)
    assert split_display("−23 pts") == ("−23", "pts", True)
    assert split_display("n = 3, too few responses")[2] is False
    assert owner_parts("Claire Dawson, Head of Claims") == ("Claire Dawson", "Head of Claims")
    assert owner_parts("Ann Owner") == ("Ann Owner", "")
    spark = sparkline([1.0, None, 3.0, 4.0], target=2.0)
    assert spark is not None
    assert len(spark.segments) == 2 and spark.last == (100.0, 4.0)
    assert sparkline([None, 1.0], None) is None


def test_wall_css_sizes_are_relative() -> None:
    """No px lengths in wall.css: everything scales with the viewport, so 4K is sharper
    rather than smaller."""
    css = (Path(__file__).parent.parent / "themes/default/static/wall.css").read_text("utf-8")
    assert not re.findall(r"\d+(?:\.\d+)?px", css)


def test_survey_cards_follow_the_significance_rule(tmp_path: Path) -> None:
    """Only a significant change gets an arrow on the wall, as on the pages; survey
    values carry their margin of error."""
    # one-week headline windows: the mini project has two weeks, so a default (4-week)
    # window would have no earlier window to compare with
    result = built(tmp_path, {"cxsite.yml": CONFIG + "analytics:\n  headline_window: 1\n"})
    outcomes = next(s for s in result.views.wall.screens if s.kind == "outcomes")
    nps = next(c for c in outcomes.cards if c.id == "nps")
    summary = to_json(result.model.metrics["nps"])
    assert summary["change_test"]["significant"] is False
    assert nps.change_arrow == "" and nps.verdict == "not significant"
    assert nps.margin == summary["interval"]["display"]
    html = wall_page(result).get_text(" ")
    assert "not significant" in html
