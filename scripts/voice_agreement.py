"""How well the text sentiment agrees with the customer's own score, per language.

    python scripts/voice_agreement.py [--tweets CSV] [--project DIR]

For every rated comment on a 1-5 scale (survey verbatims on a 1-5 question, posts with
stars) the comment's text is analysed as the build does, and per language this prints how
many 1-2 star comments were read as negative and how many 4-5 star comments as positive
(sentiment below -0.05 / above 0.05, the page's thresholds). Comments whose language has
no text model are counted apart ("from score"): their mood comes from the score itself,
so they say nothing about the text model.

Sets: the sample project with the language its export gives (``given``) and with the
language detected from the text (``detected``); the hand-written Portuguese reviews in
tests/fixtures/reviews_pt.csv; and, with ``--tweets``, the languages detected in a tweet
export (which has no rating). Run it against another checkout with PYTHONPATH=that/folder.
"""

from __future__ import annotations

import argparse
import inspect
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pandas as pd

from cxsite import voice
from cxsite.build import load_project

ROOT = Path(__file__).resolve().parent.parent


def analyse(texts: list[str], languages: list[str | None]) -> list[Any]:
    params = inspect.signature(voice.analyse_comments).parameters
    if "privacy" in params:
        from cxsite.privacy import Privacy

        return voice.analyse_comments(texts, languages, Privacy(), None)
    return voice.analyse_comments(texts, languages, (), None)


def table(name: str, frame: pd.DataFrame, facts: list[Any]) -> None:
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for stars, fact in zip(frame["stars"].tolist(), facts, strict=True):
        lang = fact.language or "unknown"
        mood = fact.sentiment
        band = "low" if stars <= 2 else ("high" if stars >= 4 else "mid")
        rows[lang][f"{band}_n"] += 1
        if mood is None:
            rows[lang][f"{band}_score"] += 1
            continue
        rows[lang][f"{band}_text"] += 1
        if band == "low" and mood < -0.05:
            rows[lang]["low_hit"] += 1
        if band == "high" and mood > 0.05:
            rows[lang]["high_hit"] += 1
    print(f"\n{name}")
    print(
        "lang     | 1-2★ n | read from text | read negative | 4-5★ n | read from text | read positive"
    )
    for lang, c in sorted(rows.items(), key=lambda kv: -kv[1]["low_n"] - kv[1]["high_n"]):

        def share(hit: str, base: str, c: Counter[str] = c) -> str:
            return f"{c[hit] / c[base]:.0%} ({c[hit]})" if c[base] else "–"

        print(
            f"{lang:8} | {c['low_n']:6} | {c['low_text']:14} | {share('low_hit', 'low_text'):13} "
            f"| {c['high_n']:6} | {c['high_text']:14} | {share('high_hit', 'high_text')}"
        )


def sample_frame(project: Path) -> pd.DataFrame:
    loaded = load_project(project)
    frame = voice.comment_frame(loaded.data, loaded.journey)
    rated = frame[(frame["scale_low"] == 1) & (frame["scale_top"] == 5) & frame["score"].notna()]
    return pd.DataFrame(
        {
            "text": rated["text"].astype(str),
            "stars": rated["score"].astype(float),
            "language": [None if pd.isna(v) else str(v) for v in rated["language"]],
        }
    ).reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--tweets", type=Path)
    args = parser.parse_args()
    frame = sample_frame(args.project)
    texts = frame["text"].tolist()
    table("sample, language as exported", frame, analyse(texts, frame["language"].tolist()))
    table("sample, language detected", frame, analyse(texts, [None] * len(texts)))
    reviews = pd.read_csv(ROOT / "tests/fixtures/reviews_pt.csv")
    table(
        "hand-written Portuguese reviews, language detected",
        reviews,
        analyse(reviews["text"].tolist(), [None] * len(reviews)),
    )
    named = [
        "Another triumph of customer service… 7 weeks and my claim still isn't settled",
        "offer was insulting … Sort it out",
        "Made a stressful week easier",
    ]
    stars = dict(zip(texts, frame["stars"].tolist(), strict=True))
    rated = []
    for start, wanted in (
        ("another triumph", 1),
        ("offer was insulting", 1),
        ("stressful week", 4),
    ):
        rated += [t for t in texts if start in t.lower() and stars[t] == wanted][:2]
    print("\nnamed cases (stars, text -> language, sentiment)")
    for text, fact in zip(
        named + rated, analyse(named + rated, [None] * (len(named) + len(rated))), strict=True
    ):
        print(f"  {stars.get(text, '-')}★ {fact.language} {fact.sentiment}: {text[:100]}")
    if args.tweets:
        tweets = pd.read_csv(args.tweets)
        tweets = tweets[tweets["inbound"].astype(str) == "True"]
        facts = analyse(tweets["text"].astype(str).tolist(), [None] * len(tweets))
        found = Counter(f.language or "unknown" for f in facts)
        print(f"\ntweets (inbound, {len(tweets)}): languages detected {dict(found.most_common())}")


if __name__ == "__main__":
    main()
