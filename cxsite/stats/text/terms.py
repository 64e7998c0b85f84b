"""The terms of one comment that themes are made of: words and short phrases.

Stop words come from stopwords-iso (``stopwordsiso``) for the comment's language and the
languages the site expects. Phrases keep the customer's own words ("kept waiting",
"settlement offer") so they read naturally on the page. Single words are turned into
their lemma with simplemma (dictionaries shipped inside the package) by
:func:`lemmatiser`, once per distinct word when themes are computed: loading a
language's dictionary takes from 0.3 s (English) to 10 s (Polish), which per-comment
workers would each pay again.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

__all__ = ["PLACEHOLDER_RE", "comment_terms", "is_stop_term", "lemmatiser", "stopwords"]

#: Placeholders written by :func:`cxsite.privacy.redact`; they are never terms.
PLACEHOLDER_RE = re.compile(r"\[(?:email|phone|card|iban|id|redacted)\]")
# @handles and web addresses name accounts and pages, not what the customer talks about.
_HANDLE_OR_URL = re.compile(r"(?<![\w@])@\w+|https?://\S+|www\.\S+")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_ELISION = re.compile(r"^(?:l|d|j|n|m|t|s|c|qu)'(?=[^\W\d_]{2,})")
_CLAUSE_SPLIT = re.compile(r"[.,;:!?()\[\]{}\"“”«»\n\r\t/|…]+|\s[-–—]\s")
# Terms are taken from the start of a comment: enough for any real one.
MAX_CHARS = 5000
MIN_WORD = 3


@functools.lru_cache(maxsize=128)
def stopwords(language: str | None) -> frozenset[str]:
    """stopwords-iso's list for ``language`` (empty when it has none, e.g. Welsh)."""
    if not language:
        return frozenset()
    import stopwordsiso

    if not stopwordsiso.has_lang(language):
        return frozenset()
    return frozenset(w.lower() for w in stopwordsiso.stopwords(language))


@functools.lru_cache(maxsize=64)
def _stop_union(languages: tuple[str | None, ...]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for language in languages:
        out |= stopwords(language)
    return out


def is_stop_term(term: str, languages: tuple[str, ...]) -> bool:
    """True when a one-word term is a stop word, or a phrase starts or ends with one, in
    any of ``languages``."""
    stop = _stop_union(languages)
    words = term.split()
    return words[0] in stop or words[-1] in stop


def lemmatiser(language: str | None) -> Callable[[str], str]:
    """A word -> lemma function for ``language`` (the word itself when simplemma has no
    dictionary for it), remembering each word it has seen."""
    import simplemma

    if not language:
        return str
    memo: dict[str, str] = {}
    lang: str = language

    def lemma(word: str) -> str:
        found = memo.get(word)
        if found is None:
            try:
                found = str(simplemma.lemmatize(word, lang=lang)).lower()
            except ValueError:  # a language simplemma has no dictionary for
                found = word
            memo[word] = found
        return found

    return lemma


def comment_terms(text: str, language: str | None, expected: tuple[str, ...] = ()) -> set[str]:
    """Distinct terms of one comment: each content word (3+ letters) and the two- and
    three-word phrases of adjacent content words within a clause (words in lower case,
    as written; see :func:`lemmatiser` for the lemmas)."""
    stop = _stop_union((language, *expected) if language else expected)
    cleaned = unicodedata.normalize("NFC", text[:MAX_CHARS]).lower().replace("’", "'")
    cleaned = _HANDLE_OR_URL.sub("\n", PLACEHOLDER_RE.sub("\n", cleaned))
    terms: set[str] = set()
    add = terms.add
    for clause in _CLAUSE_SPLIT.split(cleaned):
        before = before2 = ""  # the one and two content words just before, in this clause
        for word in _WORD.findall(clause):
            if "'" in word:
                word = _ELISION.sub("", word)
            if len(word) < 2 or word in stop:
                before = before2 = ""
                continue
            if len(word) >= MIN_WORD:
                add(word)
            if before:
                add(f"{before} {word}")
                if before2:
                    add(f"{before2} {before} {word}")
            before2, before = before, word
    return terms
