"""The organisation's own redaction patterns, run with a time limit so that none can hang
a build (a pattern with catastrophic backtracking such as ``(\\w+\\s?)+$`` is rejected
when the config is read, and any other slow case is cut off per text)."""

from __future__ import annotations

import functools

import regex

__all__ = ["PatternError", "apply_patterns", "check_pattern"]

# Texts that make backtracking patterns explode: long runs of word characters and
# spaces with a character at the end that forces every split to be tried.
# A sound pattern runs over each in microseconds; (\w+\s?)+$ would take over 10 s.
_PROBES = ("a" * 1000 + "!", "a " * 500 + "!", "1" * 1000 + "-", "aaaa@" * 200 + "!")
PROBE_SECONDS = 0.25


class PatternError(ValueError):
    """A redaction pattern that is invalid or too slow to run safely."""


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern)


def check_pattern(pattern: str) -> None:
    """Raise :class:`PatternError` when ``pattern`` is not a regular expression or takes
    too long on short adversarial texts (catastrophic backtracking)."""
    try:
        compiled = _compiled(pattern)
    except regex.error as exc:
        raise PatternError(f"not a valid regular expression: {exc}") from exc
    for probe in _PROBES:
        try:
            compiled.search(probe, timeout=PROBE_SECONDS)
        except TimeoutError as exc:
            raise PatternError(
                f"takes over {PROBE_SECONDS:g} s on a {len(probe)}-character text "
                "(catastrophic backtracking)"
            ) from exc


def apply_patterns(text: str, patterns: tuple[str, ...], timeout: float) -> str:
    """Each pattern replaced by "[redacted]"; a pattern that runs out of time on this
    text gets the whole text withheld, so nothing it was meant to remove slips through."""
    for pattern in patterns:
        try:
            text = _compiled(pattern).sub("[redacted]", text, timeout=timeout)
        except TimeoutError:
            return "[redacted]"
    return text
