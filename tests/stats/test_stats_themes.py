"""Themes: distinctive against the other touchpoints and emerging against earlier periods."""

from __future__ import annotations

import math

import pytest

from cxsite.stats.text import Doc, comment_terms, find_themes
from cxsite.stats.text.terms import lemmatiser
from cxsite.stats.text.themes import log_odds_z


def z_by_hand(
    y_i: int, n_i: int, y_j: int, n_j: int, background: float, a0: float = 100.0
) -> float:
    """Monroe et al. (2008) log-odds z-score, written out separately from the module."""
    a = a0 * background
    log_odds_i = math.log((y_i + a) / (n_i + a0 - y_i - a))
    log_odds_j = math.log((y_j + a) / (n_j + a0 - y_j - a))
    return (log_odds_i - log_odds_j) / math.sqrt(1 / (y_i + a) + 1 / (y_j + a))


def docs(spec: list[tuple[set[str], bool]], prefix: str) -> list[Doc]:
    return [Doc(frozenset(t), recent, f"{prefix}{k}") for k, (t, recent) in enumerate(spec)]


def test_comment_terms_lemmas_phrases_and_stop_words() -> None:
    terms = comment_terms("Kept waiting on hold, the hold music is awful", "en")
    assert "hold music" in terms  # a phrase of adjacent content words
    assert "waiting" in terms and lemmatiser("en")("waiting") == "wait"  # simplemma
    assert "the" not in terms and "on" not in terms  # stop words (stopwords-iso)
    assert "hold hold" not in terms  # the comma ends the clause
    pt = comment_terms("Não recebi o produto, uma vergonha até hoje", "pt")
    assert not {"não", "uma", "até"} & pt
    assert "vergonha" in pt
    assert comment_terms("Call [phone] or [email]", "en") <= {"call"}
    handles = comment_terms("@Uber_Support refund please https://t.co/x1 www.example.com", "en")
    assert handles == {"refund"}


def test_distinctive_theme_by_hand() -> None:
    # A: 40 comments, 24 mention "hold music"; B: 40 comments, 2 do. Nothing recent.
    # a_w = 100 x 26/80 = 32.5; delta = ln(56.5/83.5) - ln(34.5/105.5) = 0.7271;
    # var = 1/56.5 + 1/34.5 = 0.04668 -> z = 3.365
    a = docs([({"hold music"}, False)] * 24 + [({"claim"}, False)] * 16, "a")
    b = docs([({"hold music"}, False)] * 2 + [({"claim"}, False)] * 38, "b")
    out = find_themes({"A": a, "B": b}, min_comments=20)
    assert [t.term for t in out["A"]] == ["hold music"]
    assert out["A"][0].vs_journey == pytest.approx(3.365, abs=2e-3)
    expected = z_by_hand(24, 40, 2, 40, 26 / 80)
    assert out["A"][0].vs_journey == pytest.approx(round(expected, 3))
    assert out["A"][0].vs_journey == pytest.approx(
        round(log_odds_z(24, 40, 2, 40, 100 * 26 / 80, 100), 3)
    )
    assert out["A"][0].count == 24 and out["A"][0].share == pytest.approx(0.6)
    assert out["B"] == [] or out["B"][0].term == "claim"


def test_emerging_theme_against_earlier_periods_with_one_touchpoint() -> None:
    # One touchpoint only: "app crash" appears in 8 of 10 recent comments and 0 of 20
    # earlier ones -> emerging, trend "new"; "price" is steady (5 of 10, 10 of 20).
    spec = [({"app crash", "price"} if k < 5 else {"app crash"}, True) for k in range(8)]
    spec += [({"other"}, True)] * 2
    spec += [({"price"}, False)] * 10 + [({"other"}, False)] * 10
    out = find_themes({"A": docs(spec, "a")}, min_comments=20)
    terms = {t.term: t for t in out["A"]}
    assert "app crash" in terms and "price" not in terms
    crash = terms["app crash"]
    assert crash.vs_journey is None and crash.trend == "new"
    assert crash.recent_share == pytest.approx(0.8) and crash.earlier_share == 0.0
    # prior strength min(100, 30) = 30, a_w = 30 x 8/30 = 8:
    # delta = ln(16/24) - ln(8/42) = 1.2528; var = 1/16 + 1/8 = 0.1875 -> z = 2.893
    assert crash.vs_earlier == pytest.approx(2.893, abs=2e-3)
    assert crash.vs_earlier == pytest.approx(round(z_by_hand(8, 10, 0, 20, 8 / 30, 30), 3))


def test_too_few_comments_give_no_themes() -> None:
    a = docs([({"hold music"}, False)] * 10, "a")
    b = docs([({"claim"}, False)] * 30, "b")
    out = find_themes({"A": a, "B": b}, min_comments=20)
    assert "A" not in out


def test_examples_are_different_comments() -> None:
    # Ten identical comments and two different ones: the examples read differently.
    spec = [Doc(frozenset({"hold music"}), True, "same text")] * 10
    spec += [Doc(frozenset({"hold music"}), True, f"other {k}") for k in range(2)]
    spec += [Doc(frozenset({"x"}), True, f"x{k}") for k in range(10)]
    rest = docs([({"claim"}, True)] * 30, "b")
    out = find_themes({"A": spec, "B": rest}, min_comments=20)
    examples = out["A"][0].examples
    assert len(examples) == 3
    assert len({spec[k].key for k in examples}) == 3


def test_phrase_preferred_over_its_word() -> None:
    # "hold" is in 14 comments, 12 of them as "hold music": the phrase is shown.
    a = docs([({"hold", "hold music"}, False)] * 12 + [({"hold"}, False)] * 2, "a")
    a += docs([({"x"}, False)] * 6, "ax")
    b = docs([({"claim"}, False)] * 20, "b")
    out = find_themes({"A": a, "B": b}, min_comments=20)
    assert [t.term for t in out["A"]][:1] == ["hold music"]
    assert "hold" not in [t.term for t in out["A"]]


def test_a_term_in_every_comment_is_not_a_theme_and_does_not_crash() -> None:
    # Every comment of A and B says "claim": no contrast either way, so z = 0.
    a = docs([({"claim", "late"}, k < 10) for k in range(20)], "a")
    b = docs([({"claim"}, k < 10) for k in range(20)], "b")
    out = find_themes({"A": a, "B": b}, min_comments=20)
    assert "claim" not in [t.term for t in out["A"]]
    assert log_odds_z(20, 20, 0, 0, 100.0, 100.0) == 0.0
