"""Tokenisers shared by the text functions."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BARRIERS", "PLACEHOLDER_RE", "clauses", "normalise", "sentiment_tokens", "words"]

#: Placeholders written by :func:`cxsite.stats.text.redact.redact`.
PLACEHOLDER_RE = re.compile(r"\[(?:email|phone|card|redacted)\]")

_WORD = r"[^\W\d_]+(?:['’\-][^\W\d_]+)*"
WORD_RE = re.compile(_WORD)
# French elisions glued to the next word: l'attente -> attente, qu'il -> il.
ELISION_RE = re.compile(r"^(?:l|d|j|n|m|t|s|c|qu)'(?=[^\W\d_]{2,})")
_EMOJI = (
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55]"  # pictographs, dingbats, stars
    r"|:-?\)|:-?\(|:-?D\b|;-?\)|<3"  # text emoticons
)
SENTIMENT_TOKEN_RE = re.compile(rf"{_WORD}|{_EMOJI}|!|[,.;:?]")
#: Sentiment tokens that end a clause: negation and boosters do not reach across them.
BARRIERS = frozenset({",", ".", ";", ":", "?", "!"})
_CLAUSE_SPLIT = re.compile(r"[.,;:!?()\[\]{}\"“”«»\n\r\t/|]+|\s[-–—]\s")


def normalise(text: str) -> str:
    """NFC-normalise and use a plain apostrophe (’ -> ')."""
    return unicodedata.normalize("NFC", text).replace("’", "'").replace("\ufe0f", "")


def words(text: str) -> list[str]:
    """Lower-case words (letters only, apostrophes and hyphens kept inside a word)."""
    out: list[str] = []
    for m in WORD_RE.finditer(normalise(text).lower()):
        out.append(ELISION_RE.sub("", m.group(0)))
    return out


def clauses(text: str) -> list[str]:
    """Split text at punctuation (and redaction placeholders) so that phrases never span
    a clause boundary."""
    cleaned = PLACEHOLDER_RE.sub("\n", normalise(text))
    return [c for c in _CLAUSE_SPLIT.split(cleaned) if c.strip()]


def sentiment_tokens(text: str) -> list[str]:
    """Words (original case), emoji/emoticons, "!" marks and clause punctuation in order."""
    cleaned = PLACEHOLDER_RE.sub(" ", normalise(text))
    return [m.group(0) for m in SENTIMENT_TOKEN_RE.finditer(cleaned)]
