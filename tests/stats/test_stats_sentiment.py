"""Sentiment by the language's validated model, and language identification."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import vaderSentiment

from cxsite.stats.text import detect_language, language_code, sentiment_model, text_sentiment


def vader_valence(word: str) -> float:
    """A word's valence read straight from VADER's lexicon file, not through the model."""
    lexicon = Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"
    for line in lexicon.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0] == word:
            return float(parts[1])
    raise KeyError(word)


def test_one_word_by_hand() -> None:
    # VADER: compound = s / sqrt(s^2 + 15); "helpful" has valence 1.8 in its lexicon,
    # so 1.8 / sqrt(3.24 + 15) = 0.4216.
    s = vader_valence("helpful")
    assert s == 1.8
    assert text_sentiment("helpful staff", "en") == pytest.approx(
        round(s / math.sqrt(s * s + 15), 4)
    )
    assert text_sentiment("helpful staff", "en") == pytest.approx(0.4216, abs=1e-4)


def test_negation_and_intensifiers_are_the_models() -> None:
    assert text_sentiment("The agent was good", "en") > 0  # type: ignore[operator]
    assert text_sentiment("The agent was not good", "en") < 0  # type: ignore[operator]
    plain = text_sentiment("The agent was helpful", "en")
    boosted = text_sentiment("The agent was extremely helpful", "en")
    assert boosted > plain > 0  # type: ignore[operator]


def test_portuguese_is_read_by_leia() -> None:
    assert sentiment_model("pt") == "LeIA"
    assert text_sentiment("Horrível essa loja", "pt") < -0.05  # type: ignore[operator]
    assert text_sentiment("Ótimo produto, recomendo", "pt") > 0.05  # type: ignore[operator]


def test_languages_without_a_model_give_none() -> None:
    for lang in ("cy", "pl", "es", "fr", None):
        assert sentiment_model(lang) is None
        assert text_sentiment("Da iawn, diolch", lang) is None


def test_language_identification() -> None:
    assert detect_language("Horrível essa loja, nunca mais compro aqui") == "pt"
    assert detect_language("The claim took seven weeks and nobody called me back") == "en"
    assert detect_language("Llevo tres semanas esperando y nadie me contesta") == "es"
    assert detect_language("Obsługa była bardzo miła i szybka, polecam") == "pl"
    for text in ("", "   ", "😡😡😡", "12345", "\x00\x01\x02"):
        assert detect_language(text) is None


def test_expected_languages_narrow_the_choice() -> None:
    # A short Portuguese text is told apart among the languages the site expects.
    assert detect_language("Muito bom", ("en", "pt")) == "pt"
    assert detect_language("Muito bom", ("en", "pt")) in ("en", "pt")


def test_language_codes() -> None:
    assert language_code("en-GB") == "en"
    assert language_code("POR") == "pt"
    assert language_code("cym") == "cy"
    assert language_code("klingon") is None
