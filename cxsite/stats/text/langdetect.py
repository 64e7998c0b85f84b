"""Guess the language of a short comment from its function words."""

from __future__ import annotations

from collections import defaultdict

from cxsite.stats.text.lexicons import LEXICONS
from cxsite.stats.text.stopwords import STOPWORDS
from cxsite.stats.text.tokens import normalise, words

__all__ = ["detect_language", "language_code"]

_ALIASES = {
    "eng": "en",
    "spa": "es",
    "fra": "fr",
    "fre": "fr",
    "pol": "pl",
    "cym": "cy",
    "wel": "cy",
    "deu": "de",
    "ger": "de",
}

# Letters that point to a language: (characters, {language: weight per occurrence}).
_LETTER_HINTS: tuple[tuple[str, dict[str, float]], ...] = (
    ("ąęłńśźżć", {"pl": 1.5}),
    ("ñ¿¡", {"es": 1.5}),
    ("çœèàùëï", {"fr": 1.0}),
    ("ŵŷ", {"cy": 1.5}),
    ("âêîôû", {"fr": 0.5, "cy": 0.5}),
    ("ßäö", {"de": 1.5}),
    ("ü", {"de": 1.0, "es": 0.3}),
)


def language_code(language: str) -> str:
    """Normalise "en-GB", "EN", "cym" ... to a two-letter code."""
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return _ALIASES.get(code, code)


def _evidence() -> dict[str, dict[str, float]]:
    """word -> {language: weight}; a word shared by k languages weighs 1/k in each."""
    owners: dict[str, set[str]] = defaultdict(set)
    for lang, stop in STOPWORDS.items():
        for w in stop:
            owners[w].add(lang)
    for lang, lex in LEXICONS.items():
        for w in lex.words:
            owners[w].add(lang)
    return {w: {lang: 1.0 / len(langs) for lang in langs} for w, langs in owners.items()}


_EVIDENCE = _evidence()


def detect_language(text: str) -> str | None:
    """Best guess among en, es, fr, pl, cy, de, or ``None`` when unsure.

    Method: a stop-word profile vote in the spirit of Grefenstette (1995, "Comparing two
    language identification schemes"): each function word (and sentiment-lexicon word)
    scores 1/k for each of the k languages that use it, plus a few letter hints (Polish
    ą ł ż, Spanish ñ, Welsh ŵ ŷ, German ß ...). Returns the top language when its score
    is at least 1 and strictly above the runner-up; otherwise ``None``.
    """
    scores: dict[str, float] = defaultdict(float)
    for w in words(text):
        for lang, weight in _EVIDENCE.get(w, {}).items():
            scores[lang] += weight
    lowered = normalise(text).lower()
    for letters, hint in _LETTER_HINTS:
        count = sum(lowered.count(ch) for ch in letters)
        for lang, weight in hint.items():
            scores[lang] += weight * min(count, 3)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best_lang, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best < 1.0 or best <= runner_up:
        return None
    return best_lang
