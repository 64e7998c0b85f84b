"""Lexicon sentiment scorer and stop-word language guess."""

from __future__ import annotations

import math

import pytest

from cxsite.stats.text import detect_language, sentiment
from cxsite.stats.text.sentiment import BOOST, CAPS_BOOST, EXCLAMATION, NEGATION


def compound(total: float) -> float:
    """VADER's normalisation s / sqrt(s^2 + 15)."""
    return round(total / math.sqrt(total * total + 15), 4)


def test_single_word_by_hand() -> None:
    # "helpful" = 2.2 -> 2.2 / sqrt(4.84 + 15) = 2.2 / 4.454211 = 0.4939
    assert sentiment("helpful staff", "en") == pytest.approx(0.4939, abs=1e-4)
    assert sentiment("helpful staff", "en") == compound(2.2)


def test_booster_by_hand() -> None:
    # "very helpful": 2.2 + 0.293 = 2.493 -> 2.493 / sqrt(6.215 + 15) = 0.5413
    assert sentiment("very helpful staff", "en") == compound(2.2 + BOOST)
    assert sentiment("very helpful staff", "en") == pytest.approx(0.5413, abs=1e-4)


def test_negation_by_hand() -> None:
    # "not good": 1.9 x -0.74 = -1.406 -> -1.406 / sqrt(1.976836 + 15) = -0.3412
    assert sentiment("The agent was not good", "en") == compound(1.9 * NEGATION)
    assert sentiment("The agent was not good", "en") == pytest.approx(-0.3412, abs=1e-4)
    assert sentiment("It wasn't helpful", "en") == compound(2.2 * NEGATION)


def test_negation_stops_at_clause_punctuation() -> None:
    # "nie" negates "polecam" (+2.0 x -0.74 = -1.48); the comma stops it reaching
    # "beznadziejna" (-3.0), which would otherwise flip to +2.22. Sum -4.48.
    s = sentiment("Nie polecam, obsługa beznadziejna", "pl")
    assert s == compound(2.0 * NEGATION - 3.0)


def test_caps_and_exclamation_by_hand() -> None:
    # "TERRIBLE service!!!": -3.1 - 0.733 = -3.833; three "!" add 3 x 0.292 away from 0
    # -> -4.709 -> -4.709 / sqrt(22.174681 + 15) = -4.709 / 6.097104 = -0.7723
    expected = compound(-3.1 - CAPS_BOOST - 3 * EXCLAMATION)
    assert sentiment("TERRIBLE service!!!", "en") == expected
    assert expected == pytest.approx(-0.7723, abs=1e-4)
    # an all-caps text is not "shouting" word by word
    assert sentiment("TERRIBLE SERVICE", "en") == compound(-3.1)


def test_contrast_weights_the_second_clause() -> None:
    # "quick and easy but the price went up": before "but" x 0.5 -> (1.5 + 1.9) x 0.5 = 1.7
    assert sentiment("Quick and easy but the price went up", "en") == compound(1.7)
    # "the price went up but the staff were lovely": 2.8 x 1.5 = 4.2
    assert sentiment("The price went up but the staff were lovely", "en") == compound(4.2)


def test_emoji() -> None:
    assert sentiment("😡😡", "en") == compound(-6.0)
    assert sentiment("👍", "en") == compound(2.0)
    assert sentiment("Sorted in minutes 🙏", "en") == compound(1.2 + 1.5)
    assert sentiment("😠", "cy") == compound(-2.5)
    assert sentiment("⭐⭐⭐⭐⭐", "es") == compound(6.0)


def test_phrases() -> None:
    assert sentiment("Hassle-free renewal", "en") == compound(2.0)
    assert sentiment("hassle free renewal", "en") == compound(2.0)
    assert sentiment("They really let me down", "en") == compound(-2.0 - BOOST)
    assert sentiment("not bad at all", "en") == compound(1.5)


@pytest.mark.parametrize(
    ("text", "language", "sign"),
    [
        ("Great service, thank you", "en", 1),
        ("Kept waiting on hold for an hour, useless", "en", -1),
        ("Servicio excelente, muy rápido", "es", 1),
        ("No es bueno, muy lento", "es", -1),
        ("Très bon accueil, merci", "fr", 1),
        ("Le service n'est pas bon", "fr", -1),
        ("Bardzo dobra obsługa, polecam", "pl", 1),
        ("Obsługa była niemiła i bardzo wolna", "pl", -1),
        ("Gwasanaeth da iawn, diolch", "cy", 1),
        ("Roedd yr ap yn araf ac yn gymhleth", "cy", -1),
        ("Dim yn dda o gwbl", "cy", -1),
    ],
)
def test_direction_in_each_language(text: str, language: str, sign: int) -> None:
    s = sentiment(text, language)
    assert s is not None and s * sign > 0.2


def test_welsh_post_booster() -> None:
    # "da iawn": 1.9 + 0.293 (iawn after the word boosts)
    assert sentiment("da iawn", "cy") == compound(1.9 + BOOST)


def test_polish_stems_longest_match() -> None:
    # "niemiła" matches stem "niemił" (-2.3), not the shorter "mił" (+2.0)
    assert sentiment("niemiła", "pl") == compound(-2.3)
    assert sentiment("miła", "pl") == compound(2.0)


def test_neutral_and_unsupported() -> None:
    assert sentiment("Renewed my policy on Tuesday", "en") == 0.0
    assert sentiment("Sehr gut", "de") is None
    assert sentiment("Great", "ja") is None
    assert sentiment("Excellent, thank you", "en-GB") == sentiment("Excellent, thank you", "en")
    # no language given: detected
    assert sentiment("The staff were very helpful and the claim was quick", None) is not None
    assert sentiment("???", None) is None


def test_bounded() -> None:
    rant = "TERRIBLE awful useless rude appalling 😡😡😡 " * 5 + "!!!!!!"
    s = sentiment(rant, "en")
    assert s is not None and -1.0 <= s < -0.99


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The claim took three weeks and nobody called me back", "en"),
        ("I was on hold for ages but the agent was helpful", "en"),
        ("El agente fue muy amable pero la espera fue larga", "es"),
        ("No me han devuelto la llamada y estoy esperando desde hace una semana", "es"),
        ("Le conseiller était très aimable mais l'attente était longue", "fr"),
        ("Je n'ai jamais reçu de réponse à mon courrier", "fr"),
        ("Czekałem dwa tygodnie na odpowiedź, to jest skandal", "pl"),
        ("Obsługa była bardzo miła i szybka", "pl"),
        ("Roedd y gwasanaeth yn dda iawn, diolch yn fawr", "cy"),
        ("Mae'r ap yn araf ac nid oedd neb wedi fy ffonio yn ôl", "cy"),
        ("Der Mitarbeiter war sehr freundlich und hat mir schnell geholfen", "de"),
        ("Ich habe seit zwei Wochen keine Antwort bekommen", "de"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_detect_language_unsure() -> None:
    assert detect_language("") is None
    assert detect_language("12345 !!!") is None
    assert detect_language("OK") is None
