"""What the voice phase hands on: per touchpoint its newest comments, themes and mood.

All of it is built once by :func:`cxsite.voice.collect.collect_comments` and never
changed afterwards. The pages' data files carry these values through
:func:`cxsite.model.serialise.to_json`, so each field is named, and ordered, as the
data files have always written it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class VoiceComment:
    """A customer comment as a page lists it: redacted, with its language and mood."""

    date: str
    text: str
    score: float | None
    score_display: str | None  # "4/5"; None without a score or its scale
    score_band: str | None  # low / mid / high part of the scale
    metric: str | None  # the survey question answered, None for a free comment
    language: str  # a language code, or "unknown"
    language_name: str
    source: str  # "survey" or "comment"
    sentiment: float | None  # -1..1
    sentiment_label: str | None  # negative / neutral / positive
    sentiment_from: str | None  # "text" or "score"
    sentiment_model: str | None  # "VADER (English)"; None when read from the score
    themes: tuple[str, ...]  # the touchpoint's themes this comment mentions


@dataclass(frozen=True)
class ThemeExample:
    """A comment quoted to show what a theme is about."""

    text: str
    date: str


@dataclass(frozen=True)
class Theme:
    """A word or phrase that stands out in a touchpoint's comments (see
    :class:`cxsite.stats.text.themes.Theme` for how it is found)."""

    term: str
    count: int  # comments that mention it
    share: float  # of the touchpoint's comments in the window
    score: float  # the larger of its two z-scores (against the journey, against earlier)
    distinctive: bool  # stands out against the rest of the journey
    emerging: bool  # stands out against the touchpoint's own earlier periods
    trend: str  # "rising", "falling", "steady" or "new"
    recent_share: float | None
    earlier_share: float | None
    examples: tuple[ThemeExample, ...]


@dataclass(frozen=True)
class ThemeStatus:
    """Whether themes were looked for at a touchpoint, and what was found."""

    status: str  # "found", "none" (nothing stands out) or "too_few" comments
    comments: int  # in the analysis window
    needed: int  # comments needed to look for themes at all
    against: str  # what the themes stand out against, in words


@dataclass(frozen=True)
class ModelCount:
    """How many comments one text model read (its name names the language)."""

    model: str
    comments: int


@dataclass(frozen=True)
class LanguageCount:
    """How many comments are in a language no text model reads."""

    language: str
    comments: int


@dataclass(frozen=True)
class SentimentSummary:
    """A touchpoint's mood over the analysis window, and where it was read from."""

    comments: int
    from_text: int
    from_score: int
    not_measured: int
    models: tuple[ModelCount, ...]
    other_languages: tuple[LanguageCount, ...]
    mean: float | None  # None when no comment's mood could be measured
    negative_share: float | None


@dataclass(frozen=True)
class Comments:
    """Per touchpoint id (the journey-wide comments under ``JOURNEY_WIDE``): the newest
    comments, how many there are in all, their themes, mood and theme status."""

    recent: Mapping[str, tuple[VoiceComment, ...]]
    counts: Mapping[str, int]
    themes: Mapping[str, tuple[Theme, ...]]
    sentiment: Mapping[str, SentimentSummary]
    theme_status: Mapping[str, ThemeStatus]
