"""Per touchpoint: the themes of its comments and their mood, as the pages show them."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pandas as pd

from cxsite.stats.text import Doc, find_themes, sentiment_model, stopwords
from cxsite.stats.text.sentiment import MODELS

Json = dict[str, Any]

JOURNEY_WIDE = ""  # comments on journey-wide questions (overall NPS) have no touchpoint
THEMES_PER_TOUCHPOINT = 6
MIN_THEME_COMMENTS = 20  # fewer comments than this cannot show a theme reliably
NEGATIVE = -0.05  # VADER's own cut-offs for negative / positive compound scores
POSITIVE = 0.05
LANGUAGE_NAMES = {
    "en": "English",
    "pt": "Portuguese",
    "es": "Spanish",
    "fr": "French",
    "pl": "Polish",
    "cy": "Welsh",
    "de": "German",
}


def language_name(code: object) -> str:
    if not isinstance(code, str) or not code:
        return "unknown language"
    return LANGUAGE_NAMES.get(code, code)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def themes(window: pd.DataFrame) -> tuple[dict[str, list[Json]], dict[str, Json]]:
    """Themes per touchpoint and, for every touchpoint with comments, what was found:
    ``{"status": "found" | "none" | "too_few", "comments": n, "needed": 20, "against": ...}``."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, touchpoint in enumerate(window["touchpoint"].tolist()):
        if touchpoint != JOURNEY_WIDE:
            groups[touchpoint].append(index)
    texts = window["text"].tolist()
    terms = window["terms"].tolist()
    recent = window["recent"].tolist()
    dates = window["date"].tolist()
    present = tuple(sorted({v for v in window["language"].tolist() if isinstance(v, str)}))
    # a term is dropped when it is a stop word in any language present in the window
    stop_words = frozenset().union(*(stopwords(lang) for lang in present))
    docs = {
        g: [Doc(frozenset(terms[i]), bool(recent[i]), _key(texts[i])) for i in rows]
        for g, rows in sorted(groups.items())
    }
    found = find_themes(
        docs, top=THEMES_PER_TOUCHPOINT, min_comments=MIN_THEME_COMMENTS, stop=stop_words
    )
    against = "the rest of the journey and" if len(groups) > 1 else ""
    status: dict[str, Json] = {}
    result: dict[str, list[Json]] = {}
    for group, rows in groups.items():
        items = found.get(group)
        status[group] = {
            "status": "too_few"
            if len(rows) < MIN_THEME_COMMENTS
            else ("found" if items else "none"),
            "comments": len(rows),
            "needed": MIN_THEME_COMMENTS,
            "against": f"{against} its own earlier periods".strip(),
        }
        if not items:
            continue
        result[group] = [
            {
                "term": t.term,
                "count": t.count,
                "share": round(t.share, 4),
                "score": round(t.score, 3),
                "distinctive": t.vs_journey is not None and t.vs_journey >= 1.96,
                "emerging": t.vs_earlier is not None and t.vs_earlier >= 1.96,
                "trend": t.trend,
                "recent_share": t.recent_share,
                "earlier_share": t.earlier_share,
                "examples": [
                    {
                        "text": texts[rows[k]],
                        "date": dates[rows[k]].strftime("%Y-%m-%d"),
                    }
                    for k in t.examples
                ],
            }
            for t in items
        ]
    return result, status


def mood_summary(frame: pd.DataFrame) -> dict[str, Json]:
    """Per touchpoint: mean mood, share negative, and where the mood came from (which
    text model for which language, or the customer's score)."""
    result: dict[str, Json] = {}
    for touchpoint, part in frame.groupby("touchpoint", sort=True):
        moods = part["sentiment"].dropna()
        from_text = part[part["sentiment_from"] == "text"]
        models: Counter[str] = Counter(
            f"{sentiment_model(lang)} ({language_name(lang)})"
            for lang in from_text["language"].tolist()
        )
        without_model: Counter[str] = Counter(
            language_name(lang)
            for lang, source in zip(
                part["language"].tolist(), part["sentiment_from"].tolist(), strict=True
            )
            if source != "text"
        )
        result[str(touchpoint)] = {
            "comments": len(part),
            "from_text": len(from_text),
            "from_score": int((part["sentiment_from"] == "score").sum()),
            "not_measured": int(part["sentiment_from"].isna().sum()),
            "models": [{"model": k, "comments": v} for k, v in sorted(models.items())],
            "other_languages": [
                {"language": k, "comments": v} for k, v in sorted(without_model.items())
            ],
            "mean": round(float(moods.mean()), 4) if len(moods) else None,
            "negative_share": round(float((moods < NEGATIVE).mean()), 4) if len(moods) else None,
        }
    return result


SUPPORTED_NAMES = ", ".join(f"{language_name(k)} ({v})" for k, v in MODELS.items())
