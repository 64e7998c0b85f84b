"""The search page: every page search covers as one entry of a plain list, which the page
filters by the words typed when Pagefind's index cannot be loaded (``file://``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchEntry:
    kind: str  # what the page is: Stage, Touchpoint, Owner, Page…
    title: str
    url: str  # site-relative, with an anchor for a place on a page
    about: str  # a line saying what is there
    text: str  # every word the filter matches, lower case


@dataclass(frozen=True)
class SearchPage:
    entries: tuple[SearchEntry, ...]


def search_entry(kind: str, title: str, url: str, about: str, words: list[str]) -> SearchEntry:
    text = " ".join(w for w in [kind, title, about, *words] if w)
    return SearchEntry(kind=kind, title=title, url=url, about=about, text=text.lower())
