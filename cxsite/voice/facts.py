"""Per-comment work, done once per distinct comment: redaction, language, sentiment, terms.

Results are keyed by the comment's content, so a cache carried between builds means only
new comments are ever analysed; new ones are analysed on all cores.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, replace

from cxsite.parallel import map_chunks
from cxsite.privacy import Privacy, redact
from cxsite.stats.text import comment_terms, detect_language, language_code, text_sentiment

__all__ = [
    "VOICE_VERSION",
    "CommentCache",
    "CommentFacts",
    "analyse_comment",
    "analyse_comments",
    "clean_text",
    "comment_key",
    "one_copy",
]

# Bump when redaction, language, sentiment or term extraction change: cached results
# are redone.
VOICE_VERSION = "2"


@dataclass(frozen=True)
class CommentFacts:
    text: str
    language: str | None
    sentiment: float | None
    terms: tuple[str, ...]


CommentCache = MutableMapping[str, CommentFacts]

# Control characters (other than tab and line breaks) are never text a customer wrote.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: object) -> str:
    """Any value as printable text: control characters dropped, lone surrogates (from
    undecodable bytes) replaced, so that pages and JSON files can always carry it."""
    value = text if isinstance(text, str) else str(text)
    value = value.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", value)


def _settings_digest(privacy: Privacy, expected: Sequence[str]) -> hashlib.blake2b:
    digest = hashlib.blake2b(digest_size=16)
    for part in (VOICE_VERSION, repr(privacy), ",".join(expected)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest


def comment_key(
    text: str, language: str | None, privacy: Privacy, expected: Sequence[str] = ()
) -> str:
    """The cache key of a comment: its text and language under these settings."""
    return _key(_settings_digest(privacy, expected), text, language)


def _key(settings: hashlib.blake2b, text: str, language: str | None) -> str:
    digest = settings.copy()
    digest.update((language or "").encode("utf-8", "surrogatepass"))
    digest.update(b"\x00")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def analyse_comment(
    text: str, language: str | None, privacy: Privacy, expected: tuple[str, ...] = ()
) -> CommentFacts:
    """Redact first: language, sentiment and terms only ever see the redacted text."""
    clean = redact(clean_text(text), privacy)
    given = language_code(language) if language else None
    lang = given or detect_language(clean, expected)
    mood = text_sentiment(clean, lang)
    terms = tuple(sorted(comment_terms(clean, lang, expected)))
    return CommentFacts(clean, lang, mood, terms)


def analyse_comments(
    texts: Sequence[str],
    languages: Sequence[str | None],
    privacy: Privacy,
    cache: CommentCache | None = None,
    expected: tuple[str, ...] = (),
) -> list[CommentFacts]:
    """Facts for every comment, reusing what ``cache`` already knows."""
    memo: CommentCache = cache if cache is not None else {}
    settings = _settings_digest(privacy, expected)
    keys = [
        _key(settings, t if isinstance(t, str) else clean_text(t), lang)
        for t, lang in zip(texts, languages, strict=True)
    ]
    todo = {}
    for key, text, language in zip(keys, texts, languages, strict=True):
        if key not in memo and key not in todo:
            todo[key] = (text, language)
    if todo:
        work = list(todo.values())
        found = map_chunks(
            functools.partial(_analyse_batch, privacy=privacy, expected=expected),
            work,
            fresh=True,
        )
        # Each word once, as in the cache (the workers' results each have their own copy).
        words: dict[str, str] = {}
        shared = [replace(f, terms=one_copy(f.terms, words)) for f in found]
        memo.update(zip(todo, shared, strict=True))
    return [memo[key] for key in keys]


def one_copy(terms: Iterable[str], words: dict[str, str]) -> tuple[str, ...]:
    """``terms`` with each word the one copy kept in ``words``: a few thousand words make
    up the terms of every comment (the L company's 907,581 terms are 6,327 words)."""
    return tuple(words.setdefault(w, w) for w in terms)


def _analyse_batch(
    batch: Sequence[tuple[str, str | None]], privacy: Privacy, expected: tuple[str, ...]
) -> list[CommentFacts]:
    return [analyse_comment(text, language, privacy, expected) for text, language in batch]
