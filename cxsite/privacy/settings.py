"""The ``privacy`` section of ``cxsite.yml`` and the ``languages`` to expect."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import phonenumbers

from cxsite.inputs.schema import Reader
from cxsite.privacy.national import COUNTRIES
from cxsite.privacy.patterns import PatternError, check_pattern
from cxsite.privacy.redactor import Privacy

__all__ = ["PRIVACY_KEYS", "read_languages", "read_privacy", "valid_patterns"]

PRIVACY_KEYS = ("region", "countries", "patterns", "pattern_timeout")


def valid_patterns(read: Reader, key: str, items: Sequence[Any]) -> list[str]:
    """The patterns of ``items`` that are valid and safe to run; a problem for each other."""
    kept = []
    for item in items:
        try:
            check_pattern(str(item))
        except PatternError as exc:
            read.problems.add(
                f"redaction pattern {exc}",
                file=read.file,
                line=read.data.line_of(key),
                value=str(item),
                hint="Fix the pattern (Python regular-expression syntax); avoid nested "
                "repetition such as '(\\w+\\s?)+'",
            )
            continue
        kept.append(str(item))
    return kept


def _country(read: Reader, key: str, value: Any) -> str | None:
    code = str(value).strip().upper()
    if code == "UK":
        code = "GB"
    if code in phonenumbers.SUPPORTED_REGIONS:
        return code
    read.problems.add(
        f"'privacy.{key}': unknown country",
        file=read.file,
        line=read.data.line_of(key),
        value=value,
        hint="Use ISO 3166 two-letter codes such as GB, US, BR, ES; national identifiers "
        f"are known for {', '.join(sorted(COUNTRIES))}",
    )
    return None


def read_privacy(read: Reader, legacy_patterns: Sequence[str]) -> Privacy:
    """``privacy:`` (region, countries, patterns, pattern_timeout); ``legacy_patterns``
    are the older ``analytics.redact_patterns``, already checked."""
    data = read.mapping("privacy")
    if data is None:
        return Privacy(patterns=tuple(legacy_patterns))
    sub = read.child("privacy", data)
    sub.check_keys(PRIVACY_KEYS)
    region = _country(sub, "region", data["region"]) if "region" in data else "GB"
    countries = [_country(sub, "countries", c) for c in sub.sequence("countries") or []]
    patterns = valid_patterns(sub, "patterns", sub.sequence("patterns") or [])
    timeout = sub.number("pattern_timeout", 0.25, minimum=0.01, maximum=10) or 0.25
    return Privacy(
        region=region or "GB",
        countries=tuple(dict.fromkeys(c for c in countries if c)),
        patterns=tuple(dict.fromkeys((*legacy_patterns, *patterns))),
        timeout=timeout,
    )


def read_languages(read: Reader) -> tuple[str, ...]:
    """``languages:``: ISO 639-1 codes of the languages customers write in."""
    from cxsite.stats.text.language import KNOWN_LANGUAGES

    found = []
    for item in read.sequence("languages") or []:
        code = str(item).strip().lower()
        if code not in KNOWN_LANGUAGES:
            read.problems.add(
                "'languages': unknown language",
                file=read.file,
                line=read.data.line_of("languages"),
                value=item,
                hint="Use ISO 639-1 codes such as en, pt, es, fr, pl, cy, de",
            )
            continue
        found.append(code)
    return tuple(dict.fromkeys(found))
