"""The one redaction function every free text goes through."""

from __future__ import annotations

from dataclasses import dataclass

from cxsite.privacy.emails import EMAIL_RE, maybe_email
from cxsite.privacy.national import national_ids
from cxsite.privacy.numbers import cards, ibans, maybe_number, phones
from cxsite.privacy.patterns import apply_patterns

__all__ = ["PLACEHOLDERS", "Privacy", "redact"]

#: What replaces each kind of personal data.
PLACEHOLDERS = ("[email]", "[phone]", "[card]", "[iban]", "[id]", "[redacted]")


@dataclass(frozen=True)
class Privacy:
    """What to remove besides e-mail addresses, cards and IBANs (always removed).

    ``region``: the country whose phone numbers customers write without a country code
    (ISO 3166 code; numbers with "+" or "00" are found for every country);
    ``countries``: further countries whose national phone formats and national
    identifiers are looked for (the region's are always); ``patterns``: the
    organisation's own regular expressions (e.g. its policy-number format), each
    limited to ``timeout`` seconds per text.
    """

    region: str = "GB"
    countries: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    timeout: float = 0.25

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.region, *self.countries)))


DEFAULT = Privacy()


def redact(text: str, privacy: Privacy = DEFAULT) -> str:
    """``text`` with personal data replaced by placeholders.

    In order: the organisation's patterns -> "[redacted]"; e-mail addresses ->
    "[email]"; IBANs -> "[iban]"; payment cards with an expiry date or security code
    beside them -> "[card]"; national identifiers -> "[id]"; phone numbers -> "[phone]".
    Text that cannot hold an address or a long enough number is returned at once.
    """
    if not text or not isinstance(text, str):
        return text  # nothing written to redact (a caller may pass a missing value)
    out = apply_patterns(text, privacy.patterns, privacy.timeout) if privacy.patterns else text
    if maybe_email(out):
        out = EMAIL_RE.sub("[email]", out)
    if not maybe_number(out):  # \d matches every script's digits, full-width ones too
        return out
    spans: list[tuple[int, int, str]] = []
    for found in (
        ibans(out),
        cards(out),
        national_ids(out, privacy.regions),
        phones(out, privacy.regions),
    ):
        for start, end, label in sorted(found):
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, label))
    if not spans:
        return out
    pieces: list[str] = []
    pos = 0
    for start, end, label in sorted(spans):
        pieces.append(out[pos:start])
        pieces.append(label)
        pos = end
    pieces.append(out[pos:])
    return "".join(pieces)
