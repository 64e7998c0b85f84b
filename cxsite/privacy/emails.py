"""E-mail addresses, however customers write them.

Covers accented local parts (``josé.garcía@correo.es``), quoted local parts
(``"mary ann"@example.com``), apostrophes (``jane.o'neil@example.ie``), spaces around the
sign (``peter.jones @ example.com``), the spelled-out sign (``jo [at] example [dot] com``,
``jo(at)example.com``) and the full-width sign (``＠``).
"""

from __future__ import annotations

import re

import regex

__all__ = ["EMAIL_RE", "maybe_email"]

_LOCAL = r"""(?:"[^"\n]{1,64}"|[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*)"""
_AT = r"(?:\s?[@＠]\s?|\s?[\[(<{]\s?at\s?[\])>}]\s?|\s(?=\S+\s[\[(<{]\s?dot\s?[\])>}])at\s)"
_DOT = r"(?:\.|\s?[\[(<{]\s?dot\s?[\])>}]\s?)"
_LABEL = r"[\w](?:[\w-]{0,61}[\w])?"
EMAIL_RE = regex.compile(
    rf"(?<![\w.+-]){_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}\p{{L}}{{2,24}}(?![\w-])",
    regex.IGNORECASE,
)
_MAYBE = re.compile(r"[@＠]|[\[(<{]\s?at\s?[\])>}]", re.IGNORECASE)  # stdlib: faster


def maybe_email(text: str) -> bool:
    """Cheap test: can ``text`` hold an address at all?"""
    if "@" in text or "＠" in text:
        return True
    return "at" in text.lower() and _MAYBE.search(text) is not None
