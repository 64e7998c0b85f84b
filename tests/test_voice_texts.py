"""Any text builds: empty, blank, emoji, 1 MB, mixed scripts, right-to-left, garbage; no
file ever carries NaN; languages are a code or "unknown"; themes against earlier periods
with one commented touchpoint, and a page that says when there are too few comments."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
from bs4 import BeautifulSoup
from projects import CONFIG, make_project

from cxsite.build import build
from cxsite.voice.results import ThemeStatus

POSTS = """\
  posts:
    kind: comments
    path: data/posts.parquet
    columns: {date: When, touchpoint: Area, text: Body, score: Stars}
"""


def garbage(seed: int, size: int) -> str:
    """Random bytes read as Latin-1: control characters, symbols, anything."""
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size)).decode("latin-1")


ODD_TEXTS = [
    "",
    "   \n\t ",
    "😡😡😡 🙏",
    "x" * 1_000_000,
    "Hello Привет 你好 مرحبا Olá 07700 900123",
    "الخدمة سيئة جدا ولم يتصل بي أحد",
    "השירות היה מצוין, תודה רבה",
    garbage(1, 300),
    garbage(2, 2000),
    "\x00\x01\x02 null bytes",
    "NaN",
    "nan inf -inf",
    "Horrível essa loja, nunca mais compro aqui. Péssimo atendimento.",
]


def _no_nan(value: str) -> None:
    raise AssertionError(f"{value} in a data file")


def test_any_text_builds_without_nan(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {"cxsite.yml": CONFIG + POSTS})
    frame = pd.DataFrame(
        {
            "When": pd.Timestamp("2024-09-10"),
            "Area": "quote",
            "Body": ODD_TEXTS,
            "Stars": [[float("nan"), 1.0][k % 2] for k in range(len(ODD_TEXTS))],
        }
    )
    frame.to_parquet(root / "data" / "posts.parquet", index=False)
    result = build(root, out=tmp_path / "site")
    for path in (tmp_path / "site").rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_nan)
    assert result.views is not None
    comments = result.views.touchpoints[0].comments
    languages = {c.language for c in comments}
    assert "unknown" in languages and None not in languages
    assert all(isinstance(c.language, str) for c in comments)
    page = (tmp_path / "site" / "touchpoints" / "quote" / "index.html").read_text("utf-8")
    soup = BeautifulSoup(page, "html.parser")
    langs = [li.get("lang") for li in soup.select("li.comment")]
    assert "ar" in langs and "he" in langs  # right-to-left comments carry their language
    assert "" in langs  # "unknown" is said as lang="" so it does not inherit "en"
    assert "[phone]" in page and "07700 900123" not in page
    # Portuguese, with no language column: identified, and read by LeIA, and said so
    pt = next(c for c in comments if c.text.startswith("Horrível"))
    assert pt.language == "pt" and "pt" in langs
    assert pt.sentiment_from == "text" and pt.sentiment_model == "LeIA (Portuguese)"
    assert pt.sentiment is not None and pt.sentiment < -0.05
    assert "text, LeIA (Portuguese)" in page


def _weekly_posts(texts_by_week: list[list[str]]) -> pd.DataFrame:
    rows = []
    for week, texts in enumerate(texts_by_week):
        for k, text in enumerate(texts):
            day = pd.Timestamp("2024-06-10") + pd.Timedelta(weeks=week, hours=k)
            rows.append({"When": day, "Area": "settle", "Body": text, "Stars": 3.0})
    return pd.DataFrame(rows)


def test_one_commented_touchpoint_gets_emerging_themes(tmp_path: Path) -> None:
    # Only "settle" has comments: 10 weeks of ordinary ones, then 3 weeks (the last of
    # the 13-week window, whose last third is "recent") where the courtesy car comes up;
    # themes are found against its own earlier weeks.
    ordinary = ["The handler was polite", "Paid in the end", "Forms were long but fine"]
    earlier = [[f"{ordinary[k % 3]} week {w} note {k}" for k in range(6)] for w in range(10)]
    recent = [
        [
            f"No courtesy car for days, week {w} case {k}" if k < 5 else ordinary[k % 3]
            for k in range(7)
        ]
        for w in range(3)
    ]
    root = make_project(tmp_path / "proj", {"cxsite.yml": CONFIG + POSTS})
    _weekly_posts(earlier + recent).to_parquet(root / "data" / "posts.parquet", index=False)
    result = build(root, out=tmp_path / "site")
    assert result.views is not None
    settle = result.views.touchpoint("settle")
    terms = {t.term: t for t in settle.themes}
    assert "courtesy car" in terms, list(terms)
    car = terms["courtesy car"]
    assert car.emerging and car.trend == "new"
    assert len({e.text for e in car.examples}) == len(car.examples) >= 2
    assert settle.theme_status is not None
    assert settle.theme_status.against == "its own earlier periods"
    page = (tmp_path / "site" / "touchpoints" / "settle" / "index.html").read_text("utf-8")
    assert "courtesy car" in page and "· new" in page


def test_too_few_comments_are_said(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {"cxsite.yml": CONFIG + POSTS})
    _weekly_posts([["Great", "Slow claim", "Fine"]]).to_parquet(
        root / "data" / "posts.parquet", index=False
    )
    build(root, out=tmp_path / "site")
    page = (tmp_path / "site" / "touchpoints" / "settle" / "index.html").read_text("utf-8")
    assert "Too few comments to find themes" in page


def test_comments_only_before_the_window_are_said_too_few(tmp_path: Path) -> None:
    # "settle" has one comment, from January: the page lists it, but it is outside the
    # 13-week window (which ends in September), so no theme was looked for there; "quote"
    # has three inside it (these two and the sample survey's "Quick and easy"), too few
    # to look for themes.
    root = make_project(tmp_path / "proj", {"cxsite.yml": CONFIG + POSTS})
    pd.DataFrame(
        {
            "When": pd.to_datetime(["2024-01-08", "2024-09-09", "2024-09-10"]),
            "Area": ["settle", "quote", "quote"],
            "Body": ["Slow to pay out", "Quick quote", "Too many questions"],
            "Stars": [2.0, 5.0, 3.0],
        }
    ).to_parquet(root / "data" / "posts.parquet", index=False)
    result = build(root, out=tmp_path / "site")
    assert result.views is not None
    settle = result.views.touchpoint("settle")
    assert [c.text for c in settle.comments] == ["Slow to pay out"]
    # expected values written out by hand: none in the window, 20 needed
    assert settle.theme_status == ThemeStatus("too_few", 0, 20, "its own earlier periods")
    assert settle.themes == ()
    written = json.loads((tmp_path / "site" / "data" / "touchpoints" / "settle.json").read_text())
    assert written["theme_status"] == {
        "status": "too_few",
        "comments": 0,
        "needed": 20,
        "against": "its own earlier periods",
    }
    page = (tmp_path / "site" / "touchpoints" / "settle" / "index.html").read_text("utf-8")
    assert "Too few comments to find themes: 0 in the analysis window" in page
    quote = result.views.touchpoint("quote")
    assert quote.theme_status == ThemeStatus("too_few", 3, 20, "its own earlier periods")
