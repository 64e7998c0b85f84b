"""The voice of the customer: each comment redacted, its language, sentiment and terms;
per touchpoint its newest comments, themes and mood (typed in :mod:`cxsite.voice.results`).

Names are loaded on first use (PEP 562): the worker processes that analyse comments
import only :mod:`cxsite.voice.facts`, without pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cxsite.voice.collect import collect_comments, comment_frame, score_sentiment
    from cxsite.voice.facts import (
        VOICE_VERSION,
        CommentCache,
        CommentFacts,
        analyse_comment,
        analyse_comments,
        comment_key,
    )
    from cxsite.voice.results import (
        Comments,
        LanguageCount,
        ModelCount,
        SentimentSummary,
        Theme,
        ThemeExample,
        ThemeStatus,
        VoiceComment,
    )
    from cxsite.voice.summary import JOURNEY_WIDE

_HOME = {
    **dict.fromkeys(("collect_comments", "comment_frame", "score_sentiment"), "collect"),
    **dict.fromkeys(
        (
            "Comments",
            "LanguageCount",
            "ModelCount",
            "SentimentSummary",
            "Theme",
            "ThemeExample",
            "ThemeStatus",
            "VoiceComment",
        ),
        "results",
    ),
    **dict.fromkeys(
        (
            "VOICE_VERSION",
            "CommentCache",
            "CommentFacts",
            "analyse_comment",
            "analyse_comments",
            "comment_key",
        ),
        "facts",
    ),
    "JOURNEY_WIDE": "summary",
}

__all__ = [
    "JOURNEY_WIDE",
    "VOICE_VERSION",
    "CommentCache",
    "CommentFacts",
    "Comments",
    "LanguageCount",
    "ModelCount",
    "SentimentSummary",
    "Theme",
    "ThemeExample",
    "ThemeStatus",
    "VoiceComment",
    "analyse_comment",
    "analyse_comments",
    "collect_comments",
    "comment_frame",
    "comment_key",
    "score_sentiment",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'cxsite.voice' has no attribute {name!r}")
    return getattr(importlib.import_module(f"cxsite.voice.{home}"), name)
