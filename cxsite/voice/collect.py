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

from cxsite.data.comment_queries import comment_candidates
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


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _text(value: object) -> str | None:
    """Text or None: pandas may hold a missing text as NaN, which no JSON file may carry."""
    return None if _missing(value) else str(value)


def _period_of(dates: pd.Series, since: pd.Timestamp | None) -> pd.Series:
    """Week number of each date counted from ``since`` (or from the first comment)."""
    start = since if since is not None else dates.min()
    days = (dates - start).dt.days.fillna(0).to_numpy()
    return pd.Series(np.floor_divide(days, 7).astype("int64"), index=dates.index)


def fair_cap(counts: list[int], budget: int) -> int:
    """The largest k with sum(min(c, k)) <= budget (at least 1): each period gets up to k
    comments, and quiet periods leave their share to busy ones."""
    if sum(counts) <= budget:
        return max(counts, default=1)
    ordered = sorted(counts)
    spent = 0
    for index, count in enumerate(ordered):
        left = len(ordered) - index  # periods with at least `count` comments
        if spent + count * left > budget:
            return max(1, (budget - spent) // left)
        spent += count
    return max(1, ordered[-1])


def _window_sample(
    ordered: pd.DataFrame, in_window: pd.Series, periods: pd.Series, sample: int
) -> pd.Index:
    """At most ``sample`` comments per touchpoint, spread over the window's periods as
    evenly as their numbers allow (newest first within each), so that the earlier
    periods are there to compare with."""
    chosen = ordered[in_window.loc[ordered.index].to_numpy()]
    if not sample or len(chosen) == 0:
        return chosen.index
    keyed = chosen.assign(_period=periods.loc[chosen.index].to_numpy())
    sizes = keyed.groupby(["touchpoint", "_period"], sort=False).size()
    caps = {
        touchpoint: fair_cap([int(v) for v in part.tolist()], sample)
        for touchpoint, part in sizes.groupby(level=0, sort=False)
    }
    rank = keyed.groupby(["touchpoint", "_period"], sort=False).cumcount()
    cap = keyed["touchpoint"].map(caps)
    spread = keyed[(rank < cap).to_numpy()]
    return spread.groupby("touchpoint", sort=False).head(sample).index


def collect_comments(
    data: Dataset,
    journey: Journey,
    config: SiteConfig,
    cache: CommentCache | None = None,
    since: pd.Timestamp | None = None,
) -> Comments:
    """Pick each touchpoint's newest comments; find themes and mood in the window."""
    keep = max(FILTERABLE, config.comments_per_page)
    counts: dict[str, int] | None = None
    if since is not None:
        # Only the comments a page or the window can use leave the engine (and the count
        # of all of them); without a window every comment is in it.
        data, counts = comment_candidates(data, keep, since, JOURNEY_WIDE)
    everything = comment_frame(data, journey)
    if len(everything) == 0:
        return Comments(recent={}, counts={}, themes={}, sentiment={}, theme_status={})
    if counts is None:
        counts = {str(k): int(v) for k, v in everything["touchpoint"].value_counts().items()}
    ordered = everything.sort_values(
        ["touchpoint", "date", "text"], ascending=[True, False, True], kind="stable"
    )
    newest_index = ordered.groupby("touchpoint", sort=False).head(keep).index
    in_window = everything["date"] >= since if since is not None else everything["date"].notna()
    periods = _period_of(everything["date"], since)
    sampled = _window_sample(ordered, in_window, periods, config.analytics.comment_sample)
    in_window = pd.Series(False, index=everything.index)
    in_window.loc[sampled] = True
    wanted = in_window.copy()
    wanted.loc[newest_index] = True
    frame = everything[wanted].copy()
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
    last = periods.loc[frame.index]
    window_periods = last[in_window[wanted].to_numpy()]
    cut = (
        window_periods.max()
        - max(1, round(RECENT_SHARE * (window_periods.max() - window_periods.min() + 1)))
        + 1
        if len(window_periods)
        else 0
    )
    frame["recent"] = (last >= cut).to_numpy()
    window = frame[in_window[wanted].to_numpy()].reset_index(drop=True)
    found_themes, theme_status = themes(window)
    sentiment = mood_summary(window)
    newest = frame.loc[ordered.index[ordered.index.isin(frame.index)]]
    newest = newest.groupby("touchpoint", sort=False).head(keep)
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
        counts=counts,
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
