"""Customer comments as a page lists them: split by the analysis window, each with its
touchpoint's link and its mood in words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model.serialise import DATA_FILE
from ..voice.results import VoiceComment

# The site's URL scheme: (page kind, id) → site-relative URL.
UrlOf = Callable[[str, str], str]
# The mood's CSS class (style.css colours negative and positive comments).
MOOD_CLASSES = {"negative": "mood-neg", "positive": "mood-pos", "neutral": "mood-neutral"}
UNKNOWN_LANGUAGE = "unknown"
# The metadata of a view's field that is for its template only, not for its data file.
TEMPLATE_ONLY = {DATA_FILE: False}


@dataclass(frozen=True)
class PooledComment(VoiceComment):
    """A comment in a list across touchpoints (a stage, the home page), with its place."""

    touchpoint: str | None = None  # None for a comment on the journey as a whole
    touchpoint_name: str | None = None


def pooled_comment_of(
    found: VoiceComment, touchpoint: str | None, name: str | None
) -> PooledComment:
    """The comment with the touchpoint it was made at (its data file lists both)."""
    return PooledComment(
        date=found.date,
        text=found.text,
        score=found.score,
        score_display=found.score_display,
        score_band=found.score_band,
        metric=found.metric,
        language=found.language,
        language_name=found.language_name,
        source=found.source,
        sentiment=found.sentiment,
        sentiment_label=found.sentiment_label,
        sentiment_from=found.sentiment_from,
        sentiment_model=found.sentiment_model,
        themes=found.themes,
        touchpoint=touchpoint,
        touchpoint_name=name,
    )


@dataclass(frozen=True)
class ShownComment:
    text: str
    date: str
    lang: str  # the HTML lang attribute: empty where the language is not known
    band: str  # low / mid / high part of the score's scale, for the filter
    themes: str  # the comment's themes joined by "|", for the filter
    score_display: str | None
    touchpoint_name: str | None
    touchpoint_url: str | None  # None for comments on the journey as a whole
    source: str  # "survey" or "comment"
    mood: str | None  # negative / neutral / positive; None when not measured
    mood_class: str
    mood_from_text: bool  # read from the text by a model; otherwise from the score
    mood_model: str | None
    language_name: str


@dataclass(frozen=True)
class CommentsBlock:
    """A page's comments: those inside the analysis window, and the older ones."""

    since: str | None  # the first period key inside the window; None: no window
    window_words: str  # "last 13 weeks"
    recent: tuple[ShownComment, ...]
    older: tuple[ShownComment, ...]


def shown(comment: VoiceComment, url_of: UrlOf) -> ShownComment:
    language = comment.language
    pooled = comment if isinstance(comment, PooledComment) else None
    touchpoint = pooled.touchpoint if pooled else None
    mood = comment.sentiment_label if comment.sentiment is not None else None
    return ShownComment(
        text=comment.text,
        date=comment.date,
        lang="" if not language or language == UNKNOWN_LANGUAGE else str(language),
        band=comment.score_band or "",
        themes="|".join(comment.themes),
        score_display=comment.score_display,
        touchpoint_name=pooled.touchpoint_name if pooled else None,
        touchpoint_url=url_of("touchpoint", touchpoint) if touchpoint else None,
        source="survey" if comment.source == "survey" else "comment",
        mood=mood,
        mood_class=MOOD_CLASSES.get(mood or "", ""),
        mood_from_text=comment.sentiment_from == "text",
        mood_model=comment.sentiment_model,
        language_name=comment.language_name or "this language",
    )


@dataclass(frozen=True)
class CommentWindow:
    """The analysis window: ``periods`` back from the latest (None or 0: all history)."""

    periods: int | None
    period_keys: Sequence[str]
    unit: str

    def block(self, comments: Sequence[VoiceComment], url_of: UrlOf) -> CommentsBlock:
        window, keys = self.periods, self.period_keys
        since = keys[-window] if window and len(keys) >= window else None
        listed = [shown(c, url_of) for c in comments]
        recent = tuple(c for c in listed if since is None or c.date >= since)
        older = tuple(c for c in listed if since is not None and not c.date >= since)
        words = f"last {window} {self.unit}{'' if window == 1 else 's'}"
        return CommentsBlock(since, words, recent, older)
