"""No personal data anywhere in a built site: the PII corpus put into every free-text
field that reaches the site, then every output file (HTML, JSON, scripts) searched."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from pathlib import Path

from projects import CONFIG, make_project

from cxsite.build import build

CORPUS = Path(__file__).parent / "fixtures" / "pii_corpus.tsv"
FIELDS = ("comment", "verbatim", "issue action", "issue category", "issue owner")

PRIVACY = """\
privacy:
  region: GB
  countries: [BR, ES, US, FR, PL, DE, IE]
  patterns: ['\\bHM[HM]-\\d{7}\\b']
analytics:
  comment_window: 0
  comment_sample: 0
"""
POSTS_SOURCE = """\
  posts:
    kind: comments
    path: data/posts.csv
    columns: {date: When, touchpoint: Area, text: Body, score: Stars}
"""


def corpus() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def corpus_project(root: Path, rows: list[dict[str, str]]) -> Path:
    """Each corpus string once as a post, a survey verbatim, an issue's next step, an
    issue's category and an issue's owner."""
    day = [f"{2 + k % 9:02d}/09/2024" for k in range(len(rows))]
    iso = [f"2024-09-{2 + k % 9:02d}" for k in range(len(rows))]
    survey = [["Rid", "When", "Q", "Score", "Text"]]
    survey += [
        [f"s{k}", day[k], "quote-csat", str(1 + k % 5), r["text"]] for k, r in enumerate(rows)
    ]
    posts = [
        [iso[k], ("quote", "settle")[k % 2], r["text"], str(1 + k % 5)] for k, r in enumerate(rows)
    ]
    issues = [
        [f"T{k}", ("quote", "settle")[k % 2], r["text"], iso[k], "", "Open", r["text"], r["text"]]
        for k, r in enumerate(rows)
    ]
    return make_project(
        root,
        {
            "cxsite.yml": CONFIG + POSTS_SOURCE + PRIVACY,
            "data/survey.csv": _csv(survey[0], survey[1:]),
            "data/posts.csv": _csv(["When", "Area", "Body", "Stars"], posts),
            "data/issues.csv": _csv(
                ["Ticket", "Area", "Cat", "Opened", "Closed", "State", "Who", "Next"], issues
            ),
        },
    )


def forms(secret: str) -> set[str]:
    """How a string can appear in a page or a data file."""
    return {
        secret,
        html.escape(secret),
        html.escape(secret, quote=False),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
    }


def test_no_secret_in_any_output_file(tmp_path: Path) -> None:
    rows = corpus()
    secrets = [r for r in rows if r["expect"] == "redact"]
    assert len(rows) >= 100 and len(secrets) >= 50
    result = build(corpus_project(tmp_path / "proj", rows), out=tmp_path / "site")
    files = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    site = "\n".join(texts)
    leaks: Counter[str] = Counter()
    for row in secrets:
        if any(form in site for form in forms(row["secret"])):
            leaks[row["class"]] += 1
    assert not leaks, f"leaked per class: {dict(leaks)}"
    # Not vacuous: the fields reached the site, redacted, and harmless text survived.
    model = result.model
    actions = [i.action for i in model.issues.open]
    assert len(actions) >= 20 and any("[email]" in a for a in actions)
    for placeholder in ("[email]", "[phone]", "[card]", "[iban]", "[id]", "[redacted]"):
        assert placeholder in site, placeholder
    kept = [r for r in rows if r["expect"] == "keep"]
    assert sum(r["text"] in site or html.escape(r["text"]) in site for r in kept) >= 40
    issues_json = (tmp_path / "site" / "data" / "issues.json").read_text(encoding="utf-8")
    assert "[email]" in issues_json


def test_a_pattern_that_would_hang_is_a_config_problem(tmp_path: Path) -> None:
    import time

    from click.testing import CliRunner

    from cxsite.cli import main

    config = CONFIG + "privacy:\n  patterns: ['(\\w+\\s?)+$']\n"
    root = make_project(tmp_path / "proj", {"cxsite.yml": config})
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["check", str(root)])
    assert time.perf_counter() - started < 20
    assert result.exit_code == 1
    assert "catastrophic backtracking" in result.output
    assert "cxsite.yml:" in result.output and "Traceback" not in result.output


def test_unknown_country_and_language_are_config_problems(tmp_path: Path) -> None:
    from cxsite.build import load_project
    from cxsite.errors import InputError

    config = CONFIG + "languages: [en, xx]\nprivacy:\n  countries: [BR, Narnia]\n"
    root = make_project(tmp_path / "proj", {"cxsite.yml": config})
    try:
        load_project(root)
    except InputError as exc:
        message = str(exc)
    else:
        raise AssertionError("bad config accepted")
    assert "'languages': unknown language" in message and "xx" in message
    assert "'privacy.countries': unknown country" in message and "Narnia" in message
