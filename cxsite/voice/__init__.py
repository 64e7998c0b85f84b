"""The voice of the customer: each comment redacted, its language, sentiment and terms;
per touchpoint its newest comments, themes and mood."""

from cxsite.voice.collect import Comments, collect_comments, comment_frame, score_sentiment
from cxsite.voice.facts import (
    VOICE_VERSION,
    CommentCache,
    CommentFacts,
    analyse_comment,
    analyse_comments,
    comment_key,
)
from cxsite.voice.summary import JOURNEY_WIDE

__all__ = [
    "JOURNEY_WIDE",
    "VOICE_VERSION",
    "CommentCache",
    "CommentFacts",
    "Comments",
    "analyse_comment",
    "analyse_comments",
    "collect_comments",
    "comment_frame",
    "comment_key",
    "score_sentiment",
]
