"""Every comment in one frame; each touchpoint's newest ones, its themes and its mood.

Personal data is removed (:mod:`cxsite.privacy`) before any comment reaches the model,
the pages or the data files. Only comments that are shown, or that fall in the analysis
window, are redacted and analysed: the work follows what the room looks at, not the size
of the whole history. Nothing else of a comment is ever written.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd

from cxsite.data.comment_queries import SURVEY, all_comments, chosen_comments
from cxsite.data.engine import to_frame
from cxsite.data.frames import lookup
from cxsite.data.sources import Dataset
from cxsite.inputs.config import SiteConfig
from cxsite.inputs.journey import Journey
from cxsite.stats.text import UNKNOWN, sentiment_model
from cxsite.voice.facts import CommentCache, analyse_comments
from cxsite.voice.results import Comments, ThemeStatus, VoiceComment
from cxsite.voice.summary import (
    JOURNEY_WIDE,
    MIN_THEME_COMMENTS,
    NEGATIVE,
    POSITIVE,
    language_name,
    mood_summary,
    themes,
)

FILTERABLE = 60  # comments a touchpoint page carries for its client-side filter
RECENT_SHARE = 1 / 3  # the last third of the window's periods are "recent" for trends


def score_sentiment(score: float | None, low: float | None, high: float | None) -> float | None:
    """A survey score placed on the -1..1 sentiment scale (for languages with no model)."""
    if score is None or low is None or high is None or high <= low:
        return None
    return round(2 * (score - low) / (high - low) - 1, 4)


def _band(score: float | None, low: float | None, high: float | None) -> str | None:
    """low / mid / high part of the scale (NPS: detractor / passive / promoter)."""
    if score is None or low is None or high is None or high <= low:
        return None
    if (low, high) == (0.0, 10.0):
        return "low" if score <= 6 else ("mid" if score <= 8 else "high")
    position = (score - low) / (high - low)
    return "low" if position < 0.4 else ("mid" if position < 0.7 else "high")


def comment_frame(data: Dataset, journey: Journey) -> pd.DataFrame:
    """Every comment — survey verbatims and comments of their own — in one frame, with
    each score's scale (for tools that read all of them; a build reads only the
    comments it uses, :func:`collect_comments`)."""
    rows = all_comments(data, JOURNEY_WIDE)
    if rows is None:
        return pd.DataFrame()
    ordered = rows.order_by(["src", "export_order"])
    frame = to_frame(
        ordered.select(
            "touchpoint",
            "date",
            "text",
            "score",
            "metric",
            "language",
            source=(ordered.src == SURVEY).ifelse("survey", "comment"),
        )
    )
    order = ["touchpoint", "date", "text", "score", "scale_low", "scale_top", "metric"]
    return _with_scales(frame, journey)[[*order, "language", "source"]]


def _with_scales(frame: pd.DataFrame, journey: Journey) -> pd.DataFrame:
    """Each comment's score scale: its survey metric's, or 1 to 5 for a rated comment."""
    lows = {m.id: m.scale[0] for m in journey.metrics if m.scale}
    highs = {m.id: m.scale[1] for m in journey.metrics if m.scale}
    survey = (frame["source"] == "survey").to_numpy()
    rated = (~survey) & frame["score"].notna().to_numpy()
    scale_low = lookup(frame["metric"], lows).astype("float64").to_numpy()
    scale_top = lookup(frame["metric"], highs).astype("float64").to_numpy()
    return frame.assign(
        scale_low=np.where(survey, scale_low, np.where(rated, 1.0, np.nan)),
        scale_top=np.where(survey, scale_top, np.where(rated, 5.0, np.nan)),
    )


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _text(value: object) -> str | None:
    """Text or None: pandas may hold a missing text as NaN, which no JSON file may carry."""
    return None if _missing(value) else str(value)


def collect_comments(
    data: Dataset,
    journey: Journey,
    config: SiteConfig,
    cache: CommentCache | None = None,
    since: pd.Timestamp | None = None,
) -> Comments:
    """Pick each touchpoint's newest comments; find themes and mood in the window."""
    keep = max(FILTERABLE, config.comments_per_page)
    chosen = chosen_comments(data, keep, since, config.analytics.comment_sample, JOURNEY_WIDE)
    if len(chosen.rows) == 0:
        return Comments(recent={}, counts={}, themes={}, sentiment={}, theme_status={})
    frame = _with_scales(chosen.rows, journey)
    in_window = frame["in_window"].to_numpy(dtype=bool)
    languages = [None if _missing(v) else str(v) for v in frame["language"].tolist()]
    facts = analyse_comments(
        frame["text"].tolist(), languages, config.privacy, cache, config.languages
    )
    frame["text"] = [f.text for f in facts]
    # object columns: pandas' string dtype would turn a missing value into NaN
    frame["language"] = pd.Series([f.language for f in facts], index=frame.index, dtype="object")
    frame["text_sentiment"] = [f.sentiment for f in facts]
    frame["terms"] = [f.terms for f in facts]
    _add_mood(frame)
    window_periods = frame["period"].to_numpy()[in_window]
    cut = (
        window_periods.max()
        - max(1, round(RECENT_SHARE * (window_periods.max() - window_periods.min() + 1)))
        + 1
        if len(window_periods)
        else 0
    )
    frame["recent"] = frame["period"].to_numpy() >= cut
    window = frame[in_window].reset_index(drop=True)
    found_themes, theme_status = themes(window)
    sentiment = mood_summary(window)
    newest = frame[(frame["newest_rank"] < keep).to_numpy()].sort_values(
        ["touchpoint", "newest_rank"], kind="stable"
    )
    recent: dict[str, list[VoiceComment]] = defaultdict(list)
    row: Any
    for row in newest.itertuples(index=False):
        score = None if _missing(row.score) else float(row.score)
        low = None if _missing(row.scale_low) else float(row.scale_low)
        top = None if _missing(row.scale_top) else float(row.scale_top)
        own = set(row.terms)
        recent[row.touchpoint].append(
            VoiceComment(
                date=row.date.strftime("%Y-%m-%d"),
                text=row.text,
                score=score,
                score_display=f"{score:g}/{top:g}" if score is not None and top else None,
                score_band=_band(score, low, top),
                metric=None if _missing(row.metric) else row.metric,
                language=_text(row.language) or UNKNOWN,
                language_name=language_name(_text(row.language)),
                source=row.source,
                sentiment=None if _missing(row.sentiment) else float(row.sentiment),
                sentiment_label=_text(row.sentiment_label),
                sentiment_from=_text(row.sentiment_from),
                sentiment_model=_text(row.sentiment_model),
                themes=tuple(t.term for t in found_themes.get(row.touchpoint, ()) if t.term in own),
            )
        )
    # comments shown but none in the analysis window: too few for themes, and said so
    unsought = ThemeStatus("too_few", 0, MIN_THEME_COMMENTS, "its own earlier periods")
    statuses = theme_status | {t: unsought for t in recent if t not in theme_status}
    return Comments(
        recent={touchpoint: tuple(shown) for touchpoint, shown in recent.items()},
        counts=chosen.counts,
        themes=found_themes,
        sentiment=sentiment,
        theme_status=statuses,
    )


def _add_mood(frame: pd.DataFrame) -> None:
    """Each comment's mood: from its text where a model reads its language, else from
    its score; and which of the two it came from."""
    moods: list[float | None] = []
    sources: list[str | None] = []
    models: list[str | None] = []
    for text_mood, score, low, top, lang in zip(
        frame["text_sentiment"].tolist(),
        frame["score"].tolist(),
        frame["scale_low"].tolist(),
        frame["scale_top"].tolist(),
        frame["language"].tolist(),
        strict=True,
    ):
        if not _missing(text_mood):
            moods.append(float(text_mood))
            sources.append("text")
            models.append(f"{sentiment_model(lang)} ({language_name(lang)})")
            continue
        from_score = score_sentiment(
            None if _missing(score) else float(score),
            None if _missing(low) else float(low),
            None if _missing(top) else float(top),
        )
        moods.append(from_score)
        sources.append("score" if from_score is not None else None)
        models.append(None)
    frame["sentiment"] = pd.Series(moods, index=frame.index, dtype="object")
    labels = [
        None
        if m is None
        else ("negative" if m < NEGATIVE else ("positive" if m > POSITIVE else "neutral"))
        for m in moods
    ]
    for name, values in (
        ("sentiment_from", sources),
        ("sentiment_model", models),
        ("sentiment_label", labels),
    ):
        frame[name] = pd.Series(values, index=frame.index, dtype="object")
