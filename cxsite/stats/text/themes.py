"""Themes: the terms that mark out a touchpoint's comments against the rest of the
journey, and the ones that are emerging against its own earlier periods."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain

from cxsite.stats._common import Serialisable

__all__ = ["Doc", "Theme", "find_themes", "log_odds_z"]

Z_MIN = 1.96  # two-sided 5%: a term must stand out at least this clearly
MIN_COUNT = 3
MIN_SHARE = 0.03
PRIOR_STRENGTH = 100.0


@dataclass(frozen=True)
class Doc:
    """One comment as themes see it: its terms, whether it is recent, and a key that is
    the same for comments that read the same (so examples differ)."""

    terms: frozenset[str]
    recent: bool
    key: str


@dataclass(frozen=True)
class Theme(Serialisable):
    """A term that stands out in one touchpoint's comments.

    ``count``/``share``: comments containing it; ``vs_journey``/``vs_earlier``: z-scores
    of the weighted log-odds against the other touchpoints and against the touchpoint's
    own earlier periods (None when there is nothing to compare with); ``recent_share``,
    ``earlier_share`` and ``trend`` ("rising", "falling", "steady", "new"); ``examples``:
    indices of up to three different comments containing it, recent ones first.
    """

    term: str
    count: int
    share: float
    vs_journey: float | None
    vs_earlier: float | None
    recent_share: float | None
    earlier_share: float | None
    trend: str
    examples: list[int] = field(default_factory=list)

    @property
    def score(self) -> float:
        return max(v for v in (self.vs_journey, self.vs_earlier, 0.0) if v is not None)


def log_odds_z(y_i: float, n_i: float, y_j: float, n_j: float, a_w: float, a0: float) -> float:
    """Monroe, Colaresi & Quinn (2008, "Fightin' words", Political Analysis 16:372-403):
    z-score of the log-odds ratio of a term in corpus i against corpus j with an
    informative Dirichlet prior (a_w for the term, a0 in all)."""
    rest_i = n_i + a0 - y_i - a_w
    rest_j = n_j + a0 - y_j - a_w
    if rest_i <= 0 or rest_j <= 0:
        # the term is in every comment of one side (document counts can reach 100%):
        # there is nothing it is distinctive against
        return 0.0
    delta = math.log((y_i + a_w) / rest_i) - math.log((y_j + a_w) / rest_j)
    return delta / math.sqrt(1.0 / (y_i + a_w) + 1.0 / (y_j + a_w))


def _z(y_i: int, n_i: int, y_j: int, n_j: int, background: float, a0: float) -> float:
    return log_odds_z(y_i, n_i, y_j, n_j, a0 * background, a0)


def _trend(vs_earlier: float | None, earlier: int) -> str:
    """The same test that marks a theme as emerging, read both ways: "new" when it was
    absent before, "rising"/"falling" when the recent share stands out, else "steady"."""
    if vs_earlier is None or abs(vs_earlier) < Z_MIN:
        return "steady"
    if vs_earlier > 0:
        return "new" if earlier == 0 else "rising"
    return "falling"


def find_themes(
    docs_by_group: Mapping[str, Sequence[Doc]],
    top: int = 6,
    min_comments: int = 20,
    stop: frozenset[str] = frozenset(),
    lemma_of: Mapping[str, str] | None = None,
) -> dict[str, list[Theme]]:
    """Themes of every group (touchpoint) with at least ``min_comments`` comments.

    Counts are comments containing a term (one long rant counts once). A term qualifies
    with support of at least 3 comments and 3% of the group, and a z-score of at least
    1.96 against the other groups pooled (distinctive) or, within the group, of its
    recent comments against its earlier ones (emerging); the prior is the term's share of
    all comments with strength 100 (Monroe et al. 2008), or of the group's comments with
    strength min(100, group size) within a group, so a small group is not swamped. Terms
    whose first or last word is in ``stop`` are left out. Ranked by the larger z; a word
    is shown as the phrase that carries at least half of its comments when there is one,
    and a word inside a chosen phrase is not shown again.
    ``lemma_of`` maps the words of phrases to the lemmas single-word terms are counted
    under, so "claim settled" is seen to contain "settle". Examples are up to three
    comments that read differently, preferring ones not already shown for a higher theme.
    """
    lemmas = lemma_of or {}

    def parts(term: str) -> set[str]:
        return {lemmas.get(w, w) for w in term.split()}

    doc_counts = {
        g: Counter(chain.from_iterable(d.terms for d in docs)) for g, docs in docs_by_group.items()
    }
    total: Counter[str] = Counter()
    for c in doc_counts.values():
        total.update(c)
    n_all = sum(len(docs) for docs in docs_by_group.values())
    result: dict[str, list[Theme]] = {}
    for group, docs in docs_by_group.items():
        n = len(docs)
        if n < min_comments:
            continue
        counts = doc_counts[group]
        recent_counts = Counter(chain.from_iterable(d.terms for d in docs if d.recent))
        n_recent = sum(1 for d in docs if d.recent)
        n_earlier = n - n_recent
        compare_recent = n_recent >= 5 and n_earlier >= 5
        n_rest = n_all - n
        support = max(MIN_COUNT, math.ceil(MIN_SHARE * n))
        ranked: list[tuple[float, str, Theme]] = []
        for term, y in counts.items():
            if y < support:
                continue
            words = term.split()
            if words[0] in stop or words[-1] in stop:
                continue
            background = total[term] / max(n_all, 1)
            vs_journey = (
                _z(y, n, total[term] - y, n_rest, background, PRIOR_STRENGTH)
                if n_rest >= min_comments
                else None
            )
            recent = recent_counts[term]
            earlier = y - recent
            vs_earlier = (
                _z(recent, n_recent, earlier, n_earlier, y / n, min(PRIOR_STRENGTH, n))
                if compare_recent
                else None
            )
            theme = Theme(
                term,
                y,
                y / n,
                None if vs_journey is None else round(vs_journey, 3),
                None if vs_earlier is None else round(vs_earlier, 3),
                round(recent / n_recent, 4) if compare_recent else None,
                round(earlier / n_earlier, 4) if compare_recent else None,
                _trend(vs_earlier, earlier),
            )
            if theme.score >= Z_MIN:
                ranked.append((theme.score, term, theme))
        ranked.sort(key=lambda item: (-item[0], -len(item[1].split()), item[1]))
        phrases = [theme for _, term, theme in ranked if " " in term]
        chosen: list[Theme] = []
        shown: set[str] = set()
        for _, term, theme in ranked:
            if len(chosen) == top:
                break
            if " " not in term:
                # a phrase that carries most of a word's comments says more than the word
                wider = [p for p in phrases if term in parts(p.term) and p.count * 2 >= theme.count]
                if wider:
                    theme = max(wider, key=lambda p: (p.count, p.score))
                    term = theme.term
            if any(c.term == term for c in chosen):
                continue
            own = parts(term)
            if any(own < parts(c.term) or parts(c.term) < own for c in chosen):
                continue  # "hold" after "on hold music", or the other way round
            examples = _examples(docs, term, shown)
            shown.update(docs[k].key for k in examples)
            chosen.append(replace(theme, examples=examples))
        result[group] = chosen
    return result


def _examples(docs: Sequence[Doc], term: str, shown: set[str]) -> list[int]:
    """Up to three comments containing ``term`` that read differently: recent ones
    first, then ones not already used as an example of another theme."""
    having = [k for k, d in enumerate(docs) if term in d.terms]
    having.sort(key=lambda k: (docs[k].key in shown, not docs[k].recent, k))
    picked: list[int] = []
    keys: set[str] = set()
    for k in having:
        if docs[k].key in keys:
            continue
        picked.append(k)
        keys.add(docs[k].key)
        if len(picked) == 3:
            break
    return picked
