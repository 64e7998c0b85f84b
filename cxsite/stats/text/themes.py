"""Distinctive words and phrases of each group of comments (e.g. per touchpoint)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from cxsite.stats._common import Serialisable
from cxsite.stats.text.stopwords import LANGUAGES, stopwords_for
from cxsite.stats.text.tokens import clauses, words

__all__ = ["Theme", "comment_terms", "themes", "themes_from_terms"]


@dataclass(frozen=True)
class Theme(Serialisable):
    """A term that marks out one group's comments.

    ``count``: comments of the group containing the term; ``share``: that as a fraction
    of the group's comments; ``score``: the z-score of the weighted log-odds ratio;
    ``examples``: indices (into the group's list) of up to 3 comments containing it.
    """

    term: str
    count: int
    share: float
    score: float
    examples: list[int] = field(default_factory=list)


def comment_terms(text: str, stop: frozenset[str]) -> set[str]:
    """Distinct terms of one comment: words and adjacent word pairs within a clause.

    Words are lower-case letter runs of 2+ characters that are not stop words; a
    phrase is two such words next to each other (a stop word or punctuation between
    them breaks the pair). Redaction placeholders are ignored.
    """
    terms: set[str] = set()
    for clause in clauses(text):
        toks = words(clause)
        for k, tok in enumerate(toks):
            if len(tok) < 2 or tok in stop:
                continue
            terms.add(tok)
            if k + 1 < len(toks):
                nxt = toks[k + 1]
                if len(nxt) >= 2 and nxt not in stop:
                    terms.add(f"{tok} {nxt}")
    return terms


def _log_odds_z(
    y_i: float, n_i: float, y_j: float, n_j: float, alpha_w: float, alpha0: float
) -> float:
    """Monroe et al. (2008): z-score of the log-odds-ratio with a Dirichlet prior."""
    delta = math.log((y_i + alpha_w) / (n_i + alpha0 - y_i - alpha_w)) - math.log(
        (y_j + alpha_w) / (n_j + alpha0 - y_j - alpha_w)
    )
    var = 1.0 / (y_i + alpha_w) + 1.0 / (y_j + alpha_w)
    return delta / math.sqrt(var)


def themes(
    docs_by_group: dict[str, list[str]],
    languages: Sequence[str] = LANGUAGES,
    top: int = 5,
    min_count: int = 3,
    extra_stopwords: Sequence[str] = (),
    prior_strength: float = 100.0,
) -> dict[str, list[Theme]]:
    """Top distinctive terms of each group's comments against all the other groups.

    Each comment is turned into its terms with :func:`comment_terms` (stop words of
    ``languages`` — default all of en, es, fr, pl, cy, de — and ``extra_stopwords``
    removed; no stemming), then scored by :func:`themes_from_terms`, which documents the
    method. Groups are returned in the input order; a group without qualifying terms
    gets [].
    """
    stop = stopwords_for(tuple(languages)) | {w.lower() for w in extra_stopwords}
    terms = {g: [comment_terms(d, stop) for d in docs] for g, docs in docs_by_group.items()}
    return themes_from_terms(terms, top=top, min_count=min_count, prior_strength=prior_strength)


def themes_from_terms(
    terms_by_group: Mapping[str, Sequence[AbstractSet[str]]],
    top: int = 5,
    min_count: int = 3,
    prior_strength: float = 100.0,
) -> dict[str, list[Theme]]:
    """Distinctive terms per group from each comment's term set (see :func:`comment_terms`).

    For callers that compute (and cache) the terms of each comment once.

    Method: weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
    & Quinn 2008, "Fightin' words", Political Analysis 16:372-403). Counts are
    comments containing a term (each comment counts a term once), so one long rant cannot
    dominate. For group i against the rest j, with y the term counts, n the totals and
    prior alpha_w = prior_strength x (term's share of all counts), alpha0 = prior_strength:
    delta = log((y_i + a_w)/(n_i + a0 - y_i - a_w)) - log((y_j + a_w)/(n_j + a0 - y_j - a_w)),
    var = 1/(y_i + a_w) + 1/(y_j + a_w), score = delta / sqrt(var).

    A term qualifies with count >= ``min_count`` and score > 0. A word that occurs in a
    group only as part of one phrase (same comments) is left out in favour of the phrase
    ("hold music" rather than "hold" and "music"). Terms are ranked by score (ties
    alphabetically); going down the list, a word that is part of an already chosen phrase
    is skipped ("hold" after "hold music"; "claim handler" after "claim" is kept, being
    more specific), then the first ``top`` are kept. ``examples`` index into the group's
    sequence. Groups are returned in the input order.
    """
    if top < 1 or min_count < 1 or prior_strength <= 0:
        raise ValueError("top and min_count must be >= 1 and prior_strength > 0")
    counts = {g: Counter(t for terms in docs for t in terms) for g, docs in terms_by_group.items()}
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    n_all = sum(total.values())
    result: dict[str, list[Theme]] = {}
    for g, c in counts.items():
        n_i = sum(c.values())
        n_j = n_all - n_i
        # A word found only inside one phrase (same comments) is shown as the phrase.
        subsumed = {w for t, y in c.items() if " " in t for w in t.split() if c[w] == y}
        ranked: list[tuple[float, str]] = []
        for term, y_i in c.items():
            if y_i < min_count or total[term] == n_all or term in subsumed:
                continue
            a_w = prior_strength * total[term] / n_all
            z = _log_odds_z(y_i, n_i, total[term] - y_i, n_j, a_w, prior_strength)
            if z > 0:
                ranked.append((round(z, 9), term))
        ranked.sort(key=lambda st: (-st[0], st[1]))
        chosen: list[Theme] = []
        docs = terms_by_group[g]
        for score, term in ranked:
            if len(chosen) == top:
                break
            if " " not in term and any(term in t.term.split() for t in chosen):
                continue  # the phrase already chosen says it
            examples = [k for k, terms in enumerate(docs) if term in terms][:3]
            chosen.append(Theme(term, c[term], c[term] / len(docs), score, examples))
        result[g] = chosen
    return result
