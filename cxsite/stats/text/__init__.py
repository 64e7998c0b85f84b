"""Text analytics for customer comments: redaction, sentiment, language and themes."""

from cxsite.stats.text.langdetect import detect_language, language_code
from cxsite.stats.text.redact import luhn_valid, redact
from cxsite.stats.text.sentiment import SUPPORTED, sentiment
from cxsite.stats.text.stopwords import LANGUAGES, STOPWORDS, stopwords_for
from cxsite.stats.text.themes import Theme, comment_terms, themes, themes_from_terms

__all__ = [
    "LANGUAGES",
    "STOPWORDS",
    "SUPPORTED",
    "Theme",
    "comment_terms",
    "detect_language",
    "language_code",
    "luhn_valid",
    "redact",
    "sentiment",
    "stopwords_for",
    "themes",
    "themes_from_terms",
]
