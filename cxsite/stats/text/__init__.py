"""Text analytics for customer comments: language, sentiment, terms and themes.

Personal data is removed by :mod:`cxsite.privacy` before any of these see a comment.
"""

from cxsite.stats.text.language import UNKNOWN, detect_language, language_code
from cxsite.stats.text.sentiment import MODELS, sentiment_model, text_sentiment
from cxsite.stats.text.terms import comment_terms, is_stop_term, stopwords
from cxsite.stats.text.themes import Doc, Theme, find_themes

__all__ = [
    "MODELS",
    "UNKNOWN",
    "Doc",
    "Theme",
    "comment_terms",
    "detect_language",
    "find_themes",
    "is_stop_term",
    "language_code",
    "sentiment_model",
    "stopwords",
    "text_sentiment",
]
