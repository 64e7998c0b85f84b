"""Distinctive terms per group: weighted log-odds with an informative Dirichlet prior."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pytest

from cxsite.stats.text import themes
from cxsite.stats.text.stopwords import STOPWORDS
from cxsite.stats.text.themes import comment_terms, themes_from_terms

STOP = frozenset().union(*STOPWORDS.values())

A = ["hold music", "hold music again", "long hold", "friendly agent"]
B = ["friendly agent", "friendly staff", "quick claim", "quick claim"]


def z_by_hand(y_i: int, n_i: int, y_j: int, n_j: int, total: int, n_all: int) -> float:
    """Monroe et al. (2008) log-odds z-score, written out separately from the module."""
    a0 = 100.0
    a = a0 * total / n_all
    log_odds_i = math.log((y_i + a) / (n_i + a0 - y_i - a))
    log_odds_j = math.log((y_j + a) / (n_j + a0 - y_j - a))
    return (log_odds_i - log_odds_j) / math.sqrt(1 / (y_i + a) + 1 / (y_j + a))


def test_comment_terms() -> None:
    # "again" is a stop word so no "music again" phrase; a comma breaks phrases.
    assert comment_terms("Hold music again", STOP) == {"hold", "music", "hold music"}
    assert comment_terms("slow, website", STOP) == {"slow", "website"}
    assert comment_terms("Call [phone] please", STOP) == {"call", "please"}
    assert "attente" in comment_terms("L'attente était trop longue", STOP)


def test_themes_by_hand() -> None:
    # Comment counts (each comment counts a term once):
    #   A: hold 3, music 2, "hold music" 2, long 1, "long hold" 1, friendly 1, agent 1,
    #      "friendly agent" 1 -> n_A = 12
    #   B: friendly 2, agent 1, "friendly agent" 1, staff 1, "friendly staff" 1, quick 2,
    #      claim 2, "quick claim" 2 -> n_B = 12; n_all = 24
    # With min_count 2: "music" only occurs inside "hold music" (2 = 2) so it gives way
    # to the phrase; likewise "quick" and "claim" to "quick claim".
    # hold: alpha = 100 x 3/24 = 12.5
    #   delta = ln(15.5/96.5) - ln(12.5/99.5) = -1.828700 + 2.074429 = 0.245729
    #   var = 1/15.5 + 1/12.5 = 0.144516 -> z = 0.245729 / 0.380153 = 0.6464
    # hold music: alpha = 100 x 2/24 = 8.3333
    #   delta = ln(10.3333/101.6667) - ln(8.3333/103.6667) = 0.234610
    #   var = 1/10.3333 + 1/8.3333 = 0.216774 -> z = 0.5039, ranked second.
    # B: quick claim z = 0.5039 (same counts as hold music); friendly (2 vs 1, alpha 12.5):
    #   delta = ln(14.5/97.5) - ln(13.5/98.5) = 0.081672, var = 0.143040 -> z = 0.2159
    out = themes({"A": A, "B": B}, top=5, min_count=2)
    assert [t.term for t in out["A"]] == ["hold", "hold music"]
    assert out["A"][0].score == pytest.approx(z_by_hand(3, 12, 0, 12, 3, 24))
    assert out["A"][1].score == pytest.approx(0.5039, abs=1e-4)
    assert out["A"][0].score == pytest.approx(0.6464, abs=1e-4)
    assert out["A"][0].count == 3 and out["A"][0].examples == [0, 1, 2]
    assert out["A"][0].share == pytest.approx(0.75)
    assert [t.term for t in out["B"]] == ["quick claim", "friendly"]
    assert out["B"][0].score == pytest.approx(z_by_hand(2, 12, 0, 12, 2, 24))
    assert out["B"][0].score == pytest.approx(0.5039, abs=1e-4)
    assert out["B"][1].score == pytest.approx(0.2159, abs=1e-4)
    assert out["B"][0].examples == [2, 3]


def test_default_min_count_is_three() -> None:
    out = themes({"A": A, "B": B})
    assert [t.term for t in out["A"]] == ["hold"]
    assert out["B"] == []


def test_realistic_groups() -> None:
    claims = [
        "Waited ages on hold music for the claims line",
        "The hold music is awful and the claim took weeks",
        "Claim handler never called back",
        "Hold music again, forty minutes on hold",
        "My claim handler was great",
        "Claim handler changed three times",
    ]
    app = [
        "The app keeps crashing",
        "App crashing when uploading photos",
        "Love the app",
        "App login broken again",
        "app crashing constantly on login",
    ]
    renewal = [
        "Renewal price went up again",
        "Price increase at renewal with no explanation",
        "The renewal price doubled",
        "Easy online renewal",
    ]
    out = themes({"claims": claims, "app": app, "renewal": renewal})
    # "claim handler" and "hold music" tie on counts (3, all in this group): alphabetical
    assert [t.term for t in out["claims"]] == ["claim", "claim handler", "hold music"]
    assert [t.count for t in out["claims"]] == [4, 3, 3]
    assert [t.term for t in out["app"]][:2] == ["app", "crashing"]
    assert [t.term for t in out["renewal"]][:2] == ["renewal", "price"]
    # nothing common to every group is "distinctive": "again" is a stop word anyway
    assert all(t.score > 0 for ts in out.values() for t in ts)


def test_ties_break_alphabetically_and_order_is_stable() -> None:
    a = ["zebra apple", "zebra apple", "zebra apple", "mango"]
    b = ["kiwi", "kiwi pear", "mango pear", "mango pear"]
    first = themes({"a": a, "b": b}, min_count=2)
    # "zebra" and "apple" only occur together, so the phrase is reported
    assert [t.term for t in first["a"]] == ["zebra apple"]
    c = ["banana", "cherry", "banana", "cherry", "banana", "cherry"]
    d = ["lime", "plum", "lime", "plum", "lime", "plum"]
    out = themes({"c": c, "d": d})
    assert [t.term for t in out["c"]] == ["banana", "cherry"]
    assert out["c"][0].score == out["c"][1].score
    shuffled = c[:]
    random.Random(2).shuffle(shuffled)
    again = themes({"d": d, "c": shuffled})
    assert [(t.term, t.score) for t in again["c"]] == [(t.term, t.score) for t in out["c"]]
    assert list(again) == ["d", "c"]


def test_other_languages_stop_words() -> None:
    es = [
        "La espera fue muy larga",
        "Una espera larga para nada",
        "La espera es demasiado larga",
    ]
    cy = [
        "Roedd yr aros yn hir iawn",
        "Mae'r aros yn rhy hir",
        "Aros yn hir am ateb",
    ]
    pl = ["Długie czekanie na infolinii", "Czekanie na infolinii trwało godzinę", "czekanie"]
    out = themes({"es": es, "cy": cy, "pl": pl})
    es_terms = {t.term for t in out["es"]}
    assert {"espera", "larga"} <= es_terms and not es_terms & {"la", "fue", "muy"}
    cy_terms = {t.term for t in out["cy"]}
    assert {"aros", "hir"} <= cy_terms and not cy_terms & {"yr", "yn", "mae"}
    assert "czekanie" in {t.term for t in out["pl"]}
    # only English stop words: Welsh "yn" becomes part of the terms ("aros yn")
    en_only = themes({"cy": cy, "es": es}, languages=["en"])
    assert any("yn" in t.term.split() for t in en_only["cy"])


def test_extra_stopwords_and_bad_arguments() -> None:
    out = themes({"a": ["policy renewal"] * 3, "b": ["claim form"] * 3}, extra_stopwords=["Policy"])
    assert "policy" not in {t.term for t in out["a"]}
    with pytest.raises(ValueError):
        themes({"a": ["x"]}, top=0)
    with pytest.raises(ValueError):
        themes({"a": ["x"]}, languages=["xx"])


def test_themes_are_plain_json(assert_plain: Callable[[object], None]) -> None:
    out = themes({"A": A, "B": B}, min_count=2)
    assert_plain({g: [t.to_dict() for t in ts] for g, ts in out.items()})


def test_themes_from_precomputed_terms_matches_themes() -> None:
    docs = {"A": A * 2, "B": B * 2}
    terms = {g: [comment_terms(d, STOP) for d in ds] for g, ds in docs.items()}
    direct = themes(docs, min_count=2)
    cached = themes_from_terms(terms, min_count=2)
    assert [(t.term, t.score, t.examples) for t in cached["A"]] == [
        (t.term, t.score, t.examples) for t in direct["A"]
    ]
    assert cached == direct
    frozen = themes_from_terms({g: [frozenset(t) for t in ts] for g, ts in terms.items()})
    assert frozen == themes(docs)
