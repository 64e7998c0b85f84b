"""Per touchpoint: the themes of its comments and their mood, as the pages show them."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from cxsite.stats.text import Doc, find_themes, sentiment_model, stopwords
from cxsite.stats.text.sentiment import MODELS
from cxsite.stats.text.terms import lemmatiser
from cxsite.voice.results import (
    LanguageCount,
    ModelCount,
    SentimentSummary,
    Theme,
    ThemeExample,
    ThemeStatus,
)

JOURNEY_WIDE = ""  # comments on journey-wide questions (overall NPS) have no touchpoint
THEMES_PER_TOUCHPOINT = 6
MIN_THEME_COMMENTS = 20  # fewer comments than this cannot show a theme reliably
NEGATIVE = -0.05  # VADER's own cut-offs for negative / positive compound scores
POSITIVE = 0.05
LANGUAGE_NAMES = {
    "en": "English",
    "pt": "Portuguese",
    "es": "Spanish",
    "fr": "French",
    "pl": "Polish",
    "cy": "Welsh",
    "de": "German",
    "it": "Italian",
    "nl": "Dutch",
    "ga": "Irish",
    "ar": "Arabic",
    "he": "Hebrew",
    "hi": "Hindi",
    "ja": "Japanese",
    "zh": "Chinese",
    "ru": "Russian",
    "uk": "Ukrainian",
    "ro": "Romanian",
    "tr": "Turkish",
}


def language_name(code: object) -> str:
    if not isinstance(code, str) or not code:
        return "unknown language"
    return LANGUAGE_NAMES.get(code, code)


# Words of a language are lemmatised when at least this share of the window's comments
# is written in it; rarer languages keep their words as written (see terms.lemmatiser).
LEMMATISE_SHARE = 0.1


def _lemmatised_docs(
    window: pd.DataFrame, groups: dict[str, list[int]]
) -> tuple[dict[str, list[Doc]], dict[str, str]]:
    texts = window["text"].tolist()
    terms = window["terms"].tolist()
    recent = window["recent"].tolist()
    languages = [v if isinstance(v, str) else None for v in window["language"].tolist()]
    shares = Counter(languages)
    lemmatisers = {
        lang: lemmatiser(lang)
        for lang, n in shares.items()
        if lang and n >= LEMMATISE_SHARE * len(languages)
    }
    # one lemma look-up per distinct word and language, then plain dict look-ups
    words: dict[str, set[str]] = defaultdict(set)
    for code, own in zip(languages, terms, strict=True):
        if code in lemmatisers:
            words[code].update(own)  # phrases too: their look-up finds no lemma and is cheap
    maps = {
        code: {w: w if " " in w else lemmatisers[code](w) for w in found}
        for code, found in words.items()
    }
    lemma_of: dict[str, str] = {}
    for mapping in maps.values():
        lemma_of.update(mapping)
    docs: dict[str, list[Doc]] = {}
    for group, rows in sorted(groups.items()):
        out = []
        for i in rows:
            lemmas = maps.get(languages[i] or "")
            own = terms[i]
            mapped = frozenset(own) if lemmas is None else frozenset(map(lemmas.__getitem__, own))
            out.append(Doc(mapped, bool(recent[i]), texts[i]))
        docs[group] = out
    return docs, lemma_of


def themes(
    window: pd.DataFrame,
) -> tuple[dict[str, tuple[Theme, ...]], dict[str, ThemeStatus]]:
    """Themes per touchpoint and, for every touchpoint with comments, what was found."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, touchpoint in enumerate(window["touchpoint"].tolist()):
        if touchpoint != JOURNEY_WIDE:
            groups[touchpoint].append(index)
    texts = window["text"].tolist()
    dates = window["date"]
    present = tuple(sorted({v for v in window["language"].tolist() if isinstance(v, str)}))
    # a term is dropped when it is a stop word in any language present in the window
    stop_words = frozenset().union(*(stopwords(lang) for lang in present))
    docs, lemma_of = _lemmatised_docs(window, groups)
    found = find_themes(
        docs,
        top=THEMES_PER_TOUCHPOINT,
        min_comments=MIN_THEME_COMMENTS,
        stop=stop_words,
        lemma_of=lemma_of,
    )
    commented = sum(len(rows) for rows in groups.values())
    status: dict[str, ThemeStatus] = {}
    result: dict[str, tuple[Theme, ...]] = {}
    for group, rows in groups.items():
        items = found.get(group)
        status[group] = ThemeStatus(
            status="too_few" if len(rows) < MIN_THEME_COMMENTS else ("found" if items else "none"),
            comments=len(rows),
            needed=MIN_THEME_COMMENTS,
            # with too few comments elsewhere, themes can only be found against the
            # touchpoint's own earlier periods, and the page says so
            against="the rest of the journey and its own earlier periods"
            if commented - len(rows) >= MIN_THEME_COMMENTS
            else "its own earlier periods",
        )
        if not items:
            continue
        result[group] = tuple(
            Theme(
                term=t.term,
                count=t.count,
                share=round(t.share, 4),
                score=round(t.score, 3),
                distinctive=t.vs_journey is not None and t.vs_journey >= 1.96,
                emerging=t.vs_earlier is not None and t.vs_earlier >= 1.96,
                trend=t.trend,
                recent_share=t.recent_share,
                earlier_share=t.earlier_share,
                examples=tuple(
                    ThemeExample(
                        text=texts[rows[k]],
                        date=dates.iloc[rows[k]].strftime("%Y-%m-%d"),
                    )
                    for k in t.examples
                ),
            )
            for t in items
        )
    return result, status


def mood_summary(frame: pd.DataFrame) -> dict[str, SentimentSummary]:
    """Per touchpoint: mean mood, share negative, and where the mood came from (which
    text model for which language, or the customer's score)."""
    if len(frame) == 0:
        return {}
    moods = pd.to_numeric(frame["sentiment"], errors="coerce")
    source = frame["sentiment_from"].astype("object")
    parts = pd.DataFrame(
        {
            "touchpoint": frame["touchpoint"].to_numpy(),
            "mood": moods.to_numpy(),
            "negative": (moods < NEGATIVE).where(moods.notna()).to_numpy(),
            "text": (source == "text").to_numpy(),
            "score": (source == "score").to_numpy(),
            "none": source.isna().to_numpy(),
            "label": [
                f"{sentiment_model(lang)} ({language_name(lang)})"
                if src == "text"
                else "other:" + language_name(lang)
                for lang, src in zip(frame["language"].tolist(), source.tolist(), strict=True)
            ],
        }
    )
    totals = parts.groupby("touchpoint", sort=True).agg(
        comments=("mood", "size"),
        from_text=("text", "sum"),
        from_score=("score", "sum"),
        not_measured=("none", "sum"),
        mean=("mood", "mean"),
        negative_share=("negative", "mean"),
    )
    labels = parts.groupby(["touchpoint", "label"], sort=True).size()
    result: dict[str, SentimentSummary] = {}
    for touchpoint, row in totals.iterrows():
        mine = labels.xs(touchpoint, level="touchpoint")
        measured = not pd.isna(row["mean"])
        result[str(touchpoint)] = SentimentSummary(
            comments=int(row["comments"]),
            from_text=int(row["from_text"]),
            from_score=int(row["from_score"]),
            not_measured=int(row["not_measured"]),
            models=tuple(
                ModelCount(model=str(k), comments=int(v))
                for k, v in mine.items()
                if not str(k).startswith("other:")
            ),
            other_languages=tuple(
                LanguageCount(language=str(k)[6:], comments=int(v))
                for k, v in mine.items()
                if str(k).startswith("other:")
            ),
            mean=round(float(row["mean"]), 4) if measured else None,
            negative_share=round(float(row["negative_share"]), 4) if measured else None,
        )
    return result


SUPPORTED_NAMES = ", ".join(f"{language_name(k)} ({v})" for k, v in MODELS.items())
