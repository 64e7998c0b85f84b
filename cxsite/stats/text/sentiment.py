"""A small rule- and lexicon-based sentiment scorer for customer comments."""

from __future__ import annotations

import math

from cxsite.stats.text.langdetect import detect_language, language_code
from cxsite.stats.text.lexicons import EMOJI, LEXICONS, Lexicon
from cxsite.stats.text.tokens import BARRIERS, sentiment_tokens

__all__ = ["SUPPORTED", "sentiment"]

SUPPORTED: tuple[str, ...] = tuple(LEXICONS)

# Constants from VADER (Hutto & Gilbert 2014).
BOOST = 0.293
CAPS_BOOST = 0.733
NEGATION = -0.74
EXCLAMATION = 0.292
NORMALISE_ALPHA = 15.0
WINDOW = 3


# Lexicons are module-level singletons; per-lexicon memos make the stem and negation
# look-ups (a scan over every stem) a dict hit after a word's first sighting.
_VALENCE_MEMO: dict[int, dict[str, float | None]] = {}
_NEGATOR_MEMO: dict[int, dict[str, bool]] = {}


def _word_valence(tok: str, lex: Lexicon) -> float | None:
    memo = _VALENCE_MEMO.setdefault(id(lex), {})
    if tok in memo:
        return memo[tok]
    if len(memo) > 500_000:
        memo.clear()
    found = _word_valence_uncached(tok, lex)
    memo[tok] = found
    return found


def _word_valence_uncached(tok: str, lex: Lexicon) -> float | None:
    if tok in EMOJI:
        return EMOJI[tok]
    if tok in lex.words:
        return lex.words[tok]
    best: tuple[int, float] | None = None
    for stem, value in lex.stems.items():
        if tok.startswith(stem) and (best is None or len(stem) > best[0]):
            best = (len(stem), value)
    return None if best is None else best[1]


def _is_negator(tok: str, lex: Lexicon) -> bool:
    memo = _NEGATOR_MEMO.setdefault(id(lex), {})
    found = memo.get(tok)
    if found is None:
        if len(memo) > 500_000:
            memo.clear()
        found = memo[tok] = _is_negator_uncached(tok, lex)
    return found


def _is_negator_uncached(tok: str, lex: Lexicon) -> bool:
    return (
        tok in lex.negators
        or any(tok.endswith(s) for s in lex.negation_suffixes)
        or any(tok.startswith(p) for p in lex.negation_prefixes)
    )


def _window_before(low: list[str], start: int) -> list[str]:
    """Up to ``WINDOW`` tokens before ``start``, stopping at clause punctuation."""
    out: list[str] = []
    for k in range(start - 1, max(-1, start - WINDOW - 1), -1):
        if low[k] in BARRIERS:
            break
        out.append(low[k])
    return out


def _sign(v: float) -> float:
    return 1.0 if v > 0 else -1.0 if v < 0 else 0.0


def _hits(raw: list[str], lex: Lexicon) -> list[tuple[int, int, float]]:
    """(first token, last token, base valence) of each sentiment-bearing word or phrase."""
    low = [t.lower() for t in raw]
    out: list[tuple[int, int, float]] = []
    i = 0
    while i < len(low):
        phrase = next((n for n in (3, 2) if tuple(low[i : i + n]) in lex.phrases), None)
        if phrase is not None:
            out.append((i, i + phrase - 1, lex.phrases[tuple(low[i : i + phrase])]))
            i += phrase
            continue
        v = EMOJI.get(raw[i]) if raw[i] in EMOJI else _word_valence(low[i], lex)
        nxt = _word_valence(low[i + 1], lex) if i + 1 < len(low) else None
        if v is not None and not (low[i] in lex.boosters and nxt is not None):
            out.append((i, i, v))
        i += 1
    return out


def sentiment(text: str, language: str | None = None) -> float | None:
    """Sentiment of ``text`` from -1 (negative) to 1 (positive), or ``None``.

    ``language`` is a code such as "en", "en-GB", "cy"; ``None`` means detect it with
    :func:`detect_language`. Returns ``None`` for languages without a lexicon (only en,
    es, fr, pl, cy have one) so the caller can fall back to the survey score; 0.0 when no
    sentiment word is found.

    Method: a simplified VADER (Hutto & Gilbert 2014, "VADER: a parsimonious rule-based
    model for sentiment analysis of social media text", ICWSM): each lexicon word, phrase
    or emoji has a valence on -4..4; a booster ("very", "muy", "bardzo", "rhy") within
    three words before it in the same clause adds 0.293 in the word's direction
    (dampeners subtract; Welsh "iawn" after the word boosts); an ALL-CAPS word in a text
    that is not all caps adds 0.733; a negator within three words before it in the same
    clause ("not", "n't", "no", "pas", "nie", "ddim") multiplies by -0.74; after a
    contrast word ("but", "pero", "mais", "ale", "ond") valences count 1.5x and before
    it 0.5x; each "!" (up to 4) adds 0.292 in the direction of the sum. The sum s is
    mapped to s / sqrt(s^2 + 15).
    """
    lang = detect_language(text) if language is None else language_code(language)
    if lang is None or lang not in LEXICONS:
        return None
    lex = LEXICONS[lang]
    raw = sentiment_tokens(text)
    low = [t.lower() for t in raw]
    letters = [t for t in raw if t.isalpha()]
    shouting = bool(letters) and all(t.isupper() for t in letters)
    contrast_at = max((k for k, t in enumerate(low) if t in lex.contrast), default=-1)
    total = 0.0
    for start, end, base in _hits(raw, lex):
        v = base
        sign = _sign(v)
        token = raw[start]
        if not shouting and start == end and token.isalpha() and token.isupper() and len(token) > 1:
            v += sign * CAPS_BOOST
        for dist in range(1, WINDOW + 1):
            k = start - dist
            if k < 0 or low[k] in BARRIERS:
                break
            scale = 1.0 - 0.05 * (dist - 1)
            if low[k] in lex.boosters:
                v += sign * BOOST * scale
            elif low[k] in lex.dampeners:
                v -= sign * BOOST * scale
        if end + 1 < len(low) and low[end + 1] in lex.post_boosters:
            v += sign * BOOST
        if any(_is_negator(t, lex) for t in _window_before(low, start)):
            v *= NEGATION
        if contrast_at >= 0:
            v *= 1.5 if start > contrast_at else 0.5
        total += v
    if total == 0.0:
        return 0.0
    bangs = min(sum(1 for t in raw if t == "!"), 4)
    total += _sign(total) * EXCLAMATION * bangs
    score = total / math.sqrt(total * total + NORMALISE_ALPHA)
    return round(max(-1.0, min(1.0, score)), 4)
