"""The voice of the customer: each comment redacted, its language, sentiment and terms.

Personal data (e-mail addresses, phone and card numbers, the project's own patterns) is
removed here, before any comment reaches the model, the pages or the data files.
Per-comment work is keyed by the comment's content, so a cache carried between builds
means only new comments are ever analysed.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .config import SiteConfig
from .frames import lookup
from .journey import Journey
from .parallel import map_chunks
from .sources import Dataset
from .stats.text import detect_language, redact, sentiment
from .stats.text.stopwords import LANGUAGES, stopwords_for
from .stats.text.themes import comment_terms, themes_from_terms

Json = dict[str, Any]

# Bump when redaction, sentiment or term extraction change: cached results are redone.
VOICE_VERSION = "1"
STOPWORDS = stopwords_for(tuple(LANGUAGES))


@dataclass(frozen=True)
class CommentFacts:
    text: str
    language: str | None
    sentiment: float | None
    terms: tuple[str, ...]


CommentCache = MutableMapping[str, CommentFacts]


def comment_key(text: str, language: str | None, patterns: Sequence[str]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (VOICE_VERSION, "\x1f".join(patterns), language or "", text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


# Every e-mail address has an "@" and every phone or card number at least six digits:
# text with neither cannot hold personal data the redactor would find, so it is skipped.
_MAYBE_PERSONAL = re.compile(r"@|\d(?:[\s\-.()+/]*\d){5,}")


def redact_fast(text: str, patterns: Sequence[str]) -> str:
    """:func:`redact`, skipping texts that cannot contain anything it would remove."""
    if _MAYBE_PERSONAL.search(text) or any(re.search(p, text) for p in patterns):
        return redact(text, patterns)
    return text


def analyse_comment(text: str, language: str | None, patterns: Sequence[str]) -> CommentFacts:
    clean = redact_fast(text, patterns)
    lang = language.lower()[:2] if language else detect_language(clean)
    score = sentiment(clean, lang) if lang else None
    terms = tuple(sorted(comment_terms(clean, STOPWORDS)))
    return CommentFacts(clean, lang, None if score is None else round(score, 4), terms)


def analyse_comments(
    texts: Sequence[str],
    languages: Sequence[str | None],
    patterns: Sequence[str],
    cache: CommentCache | None = None,
) -> list[CommentFacts]:
    """Facts for every comment, reusing what ``cache`` already knows; new comments are
    analysed on all cores."""
    memo: CommentCache = cache if cache is not None else {}
    keys = [comment_key(t, lang, patterns) for t, lang in zip(texts, languages, strict=True)]
    todo = {}
    for key, text, language in zip(keys, texts, languages, strict=True):
        if key not in memo and key not in todo:
            todo[key] = (text, language)
    if todo:
        work = list(todo.values())
        found = map_chunks(
            functools.partial(_analyse_batch, patterns=tuple(patterns)), work, fresh=True
        )
        memo.update(zip(todo, found, strict=True))
    return [memo[key] for key in keys]


def _analyse_batch(
    batch: Sequence[tuple[str, str | None]], patterns: tuple[str, ...]
) -> list[CommentFacts]:
    return [analyse_comment(text, language, patterns) for text, language in batch]


def score_sentiment(score: float | None, low: float | None, high: float | None) -> float | None:
    """A survey score placed on the -1..1 sentiment scale (for unsupported languages)."""
    if score is None or low is None or high is None or high <= low:
        return None
    return round(2 * (score - low) / (high - low) - 1, 4)


JOURNEY_WIDE = ""  # comments on journey-wide questions (overall NPS) have no touchpoint
FILTERABLE = 60  # comments a touchpoint page carries for its client-side filter
THEMES_PER_TOUCHPOINT = 6


@dataclass(frozen=True)
class Comments:
    """Per touchpoint: the newest comments, how many there are, their themes and mood."""

    recent: dict[str, list[Json]]
    counts: dict[str, int]
    themes: dict[str, list[Json]]
    sentiment: dict[str, Json]


def _band(score: float | None, low: float | None, high: float | None) -> str | None:
    """low / mid / high part of the scale (NPS: detractor / passive / promoter)."""
    if score is None or low is None or high is None or high <= low:
        return None
    if (low, high) == (0.0, 10.0):
        return "low" if score <= 6 else ("mid" if score <= 8 else "high")
    position = (score - low) / (high - low)
    return "low" if position < 0.4 else ("mid" if position < 0.7 else "high")


def comment_frame(data: Dataset, journey: Journey) -> pd.DataFrame:
    """Every comment — survey verbatims and comments of their own — in one frame."""
    lows = {m.id: m.scale[0] for m in journey.metrics if m.scale}
    highs = {m.id: m.scale[1] for m in journey.metrics if m.scale}
    parts = []
    responses = data.responses
    if len(responses):
        with_text = responses[responses["comment"].notna()]
        parts.append(
            pd.DataFrame(
                {
                    "touchpoint": with_text["touchpoint"],
                    "date": with_text["date"],
                    "text": with_text["comment"],
                    "score": with_text["score"],
                    "scale_low": lookup(with_text["metric"], lows).astype("float64"),
                    "scale_top": lookup(with_text["metric"], highs).astype("float64"),
                    "metric": with_text["metric"],
                    "language": with_text["language"],
                    "source": "survey",
                }
            )
        )
    if len(data.comments):
        comments = data.comments
        rated = comments["score"].notna()
        parts.append(
            pd.DataFrame(
                {
                    "touchpoint": comments["touchpoint"],
                    "date": comments["date"],
                    "text": comments["text"],
                    "score": comments["score"],
                    "scale_low": rated.map({True: 1.0, False: float("nan")}).astype("float64"),
                    "scale_top": rated.map({True: 5.0, False: float("nan")}).astype("float64"),
                    "metric": None,
                    "language": comments["language"],
                    "source": "comment",
                }
            )
        )
    if not parts:
        return pd.DataFrame()
    frame = pd.concat(parts, ignore_index=True)
    frame["touchpoint"] = frame["touchpoint"].fillna(JOURNEY_WIDE)
    return frame


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def collect_comments(
    data: Dataset,
    journey: Journey,
    config: SiteConfig,
    cache: CommentCache | None = None,
    since: pd.Timestamp | None = None,
) -> Comments:
    """Pick each touchpoint's newest comments; find themes and mood in the recent window.

    Only comments that are shown, or that fall in the analysis window (from ``since``),
    are redacted and analysed: the work follows what the room looks at, not the size of
    the whole history. Nothing else of a comment is ever written.
    """
    everything = comment_frame(data, journey)
    if len(everything) == 0:
        return Comments({}, {}, {}, {})
    counts = {str(k): int(v) for k, v in everything["touchpoint"].value_counts().items()}
    keep = max(FILTERABLE, config.comments_per_page)
    ordered = everything.sort_values(
        ["touchpoint", "date", "text"], ascending=[True, False, True], kind="stable"
    )
    newest_index = ordered.groupby("touchpoint", sort=False).head(keep).index
    in_window = everything["date"] >= since if since is not None else everything["date"].notna()
    sample = config.analytics.comment_sample
    if sample:
        # themes and mood from each touchpoint's newest comments in the window
        newest_in_window = ordered[in_window.loc[ordered.index].to_numpy()]
        sampled = newest_in_window.groupby("touchpoint", sort=False).head(sample).index
        in_window = pd.Series(False, index=everything.index)
        in_window.loc[sampled] = True
    wanted = in_window.copy()
    wanted.loc[newest_index] = True
    frame = everything[wanted].copy()
    patterns = config.analytics.redact_patterns
    languages = [None if _missing(v) else str(v) for v in frame["language"].tolist()]
    facts = analyse_comments(frame["text"].tolist(), languages, patterns, cache)
    frame["text"] = [f.text for f in facts]
    frame["language"] = [f.language for f in facts]
    frame["text_sentiment"] = [f.sentiment for f in facts]
    frame["terms"] = [f.terms for f in facts]
    window = frame[in_window[wanted].to_numpy()].reset_index(drop=True)
    found_themes = _themes(window, window["terms"].tolist())
    sentiment = _sentiment_summary(window)
    newest = frame.loc[ordered.index[ordered.index.isin(frame.index)]]
    newest = newest.groupby("touchpoint", sort=False).head(keep)
    recent: dict[str, list[Json]] = defaultdict(list)
    row: Any
    for row in newest.itertuples(index=False):
        score = None if _missing(row.score) else float(row.score)
        low = None if _missing(row.scale_low) else float(row.scale_low)
        top = None if _missing(row.scale_top) else float(row.scale_top)
        text_mood = None if _missing(row.text_sentiment) else float(row.text_sentiment)
        mood = text_mood if text_mood is not None else score_sentiment(score, low, top)
        own = set(row.terms)
        recent[row.touchpoint].append(
            {
                "date": row.date.strftime("%Y-%m-%d"),
                "text": row.text,
                "score": score,
                "score_display": f"{score:g}/{top:g}" if score is not None and top else None,
                "score_band": _band(score, low, top),
                "metric": None if _missing(row.metric) else row.metric,
                "language": row.language,
                "source": row.source,
                "sentiment": mood,
                "sentiment_from": "text"
                if text_mood is not None
                else ("score" if mood is not None else None),
                "themes": [
                    t["term"] for t in found_themes.get(row.touchpoint, []) if t["term"] in own
                ],
            }
        )
    return Comments(dict(recent), counts, found_themes, sentiment)


def _themes(frame: pd.DataFrame, terms: list[tuple[str, ...]]) -> dict[str, list[Json]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, touchpoint in enumerate(frame["touchpoint"].tolist()):
        if touchpoint != JOURNEY_WIDE:
            groups[touchpoint].append(index)
    if len(groups) < 2:
        return {}
    found = themes_from_terms(
        {g: [set(terms[i]) for i in rows] for g, rows in sorted(groups.items())},
        top=THEMES_PER_TOUCHPOINT,
    )
    texts = frame["text"].tolist()
    dates = frame["date"].tolist()
    result: dict[str, list[Json]] = {}
    for group, items in found.items():
        rows = groups[group]
        result[group] = [
            {
                "term": t.term,
                "count": t.count,
                "share": round(t.share, 4),
                "score": round(t.score, 3),
                "examples": [
                    {"text": texts[rows[k]], "date": dates[rows[k]].strftime("%Y-%m-%d")}
                    for k in t.examples
                ],
            }
            for t in items
        ]
    return result


def _sentiment_summary(frame: pd.DataFrame) -> dict[str, Json]:
    """Mean sentiment per touchpoint and how much of it came from the text itself."""
    result: dict[str, Json] = {}
    for touchpoint, part in frame.groupby("touchpoint", sort=True):
        from_text = part["text_sentiment"].dropna()
        result[str(touchpoint)] = {
            "comments": len(part),
            "from_text": len(from_text),
            "mean": round(float(from_text.mean()), 4) if len(from_text) else None,
            "negative_share": round(float((from_text < -0.05).mean()), 4)
            if len(from_text)
            else None,
        }
    return result
