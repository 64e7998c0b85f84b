"""Remove personal data (e-mail addresses, phone numbers, payment cards) from comments."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["luhn_valid", "redact"]

EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}(?![\w-])"
)

# A run of digit groups: "+44 (0)20 7946 0958", "4111-1111-1111-1111", "07700900123".
# Groups are joined by one space, no-break space, dot or dash, or directly after ")".
# It may not start inside a word, a decimal, a date, a range or right after a currency sign.
_GROUP = r"(?:\(\d{1,5}\)|\d+)"
RUN_RE = re.compile(
    rf"(?<![\w.,/\-+£$€])(\+)?{_GROUP}(?:(?:[ \u00a0.\-]|(?<=\))){_GROUP})*(?![\w])"
)
GROUP_RE = re.compile(r"\((\d{1,5})\)|(\d+)")

# Country calling code -> (fewest, most) national significant digits (ITU-T E.164
# national numbering plans). Codes are prefix-free, so a prefix match is unambiguous.
COUNTRY_DIGITS: dict[str, tuple[int, int]] = {
    "1": (10, 10),
    "7": (10, 10),
    "27": (9, 9),
    "30": (10, 10),
    "31": (9, 9),
    "32": (8, 9),
    "33": (9, 9),
    "34": (9, 9),
    "36": (8, 9),
    "39": (6, 11),
    "40": (9, 9),
    "41": (9, 9),
    "43": (4, 13),
    "44": (9, 10),
    "45": (8, 8),
    "46": (7, 9),
    "47": (8, 8),
    "48": (9, 9),
    "49": (6, 11),
    "61": (9, 9),
    "64": (8, 10),
    "91": (10, 10),
    "351": (9, 9),
    "352": (4, 11),
    "353": (7, 9),
    "354": (7, 7),
    "358": (5, 12),
    "420": (9, 9),
    "421": (9, 9),
}

# Issuer prefixes of the major networks: Visa 4, Mastercard 51-55 and 2221-2720, Maestro
# 50 and 56-69, Amex 34/37, JCB 35, Diners 30/36/38/39, Discover/UnionPay 6, Mir 2200-2204.
_CARD_PREFIX = re.compile(r"(?:4|5|6|3[0456789]|2[2-7])")

_CURRENCY_AFTER = re.compile(
    r"\s?(?:€|£|\$|%|zł|zl\b|pln\b|eur\b|gbp\b|usd\b|euros?\b|złotych|pounds?\b|dollars?\b)",
    re.IGNORECASE,
)


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) check digit test used by payment cards (ISO/IEC 7812-1)."""
    if not digits.isdigit():
        return False
    total = 0
    for pos, ch in enumerate(reversed(digits)):
        d = int(ch)
        if pos % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


class _Group:
    __slots__ = ("digits", "end", "paren", "start")

    def __init__(self, start: int, end: int, digits: str, paren: bool) -> None:
        self.start, self.end, self.digits, self.paren = start, end, digits, paren


def _is_card(groups: list[_Group], plus: bool) -> bool:
    """13-19 digits with a major network's prefix, groups of 3+ digits, Luhn valid."""
    if plus or any(g.paren for g in groups) or any(len(g.digits) < 3 for g in groups):
        return False
    digits = "".join(g.digits for g in groups)
    return 13 <= len(digits) <= 19 and _CARD_PREFIX.match(digits) is not None and luhn_valid(digits)


def _international(digits: str, parens: list[str]) -> bool:
    """Digits after "+" or "00": a known country code and the right national length."""
    for cc_len in (1, 2, 3):
        cc = digits[:cc_len]
        if cc in COUNTRY_DIGITS:
            lo, hi = COUNTRY_DIGITS[cc]
            national = digits[cc_len:]
            if national.startswith("0") and ("0" in parens or len(national) > hi):
                national = national[1:]  # "+44 (0)20 ..." or "+44 020 ..." trunk zero
            return lo <= len(national) <= hi
    return False


def _is_phone(groups: list[_Group], plus: bool) -> bool:
    digits = "".join(g.digits for g in groups)
    n = len(digits)
    sizes = [len(g.digits) for g in groups]
    parens = [g.digits for g in groups if g.paren]
    if plus:
        if _international(digits, parens):
            return True
        known = any(digits[:k] in COUNTRY_DIGITS for k in (1, 2, 3))
        return not known and 8 <= n <= 15
    if digits.startswith("00") and not groups[0].paren:
        return len(groups) > 1 and _international(digits[2:], parens)
    if groups[0].paren:
        first = groups[0].digits
        if first.startswith("0"):
            return 10 <= n <= 11 and len(first) >= 3
        return len(first) == 3 and n == 10 and first[0] in "23456789"
    if parens:
        return False
    if digits.startswith("0"):
        # National forms: UK 0xxxx xxxxxx / 020 xxxx xxxx, FR 0x xx xx xx xx, DE 0xx ...
        return 10 <= n <= 11 and digits[1] != "0" and min(sizes) >= 2
    if sizes == [1, 3, 3, 4] and digits[0] == "1":
        return True  # North American with the trunk prefix: 1-800-555-0199
    if digits[0] not in "23456789":
        return False
    if sizes == [3, 3, 4]:
        return True  # North American 555 123 4567 / 555-123-4567 / 555.123.4567
    if sizes in ([3, 3, 3], [3, 2, 2, 2]) and digits[0] in "56789":
        # Spanish / Polish national mobiles (612 34 56 78, 601 234 567), not "500 000 000"
        return not digits.endswith("000000")
    return False


def _currency_next_to(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    if before.endswith(("£", "$", "€")):
        return True
    return _CURRENCY_AFTER.match(text, end) is not None


def _numbers(text: str) -> list[tuple[int, int, str]]:
    """Spans of card and phone numbers as (start, end, placeholder)."""
    found: list[tuple[int, int, str]] = []
    for m in RUN_RE.finditer(text):
        plus = m.group(1) is not None
        body_start = m.start() + (1 if plus else 0)
        groups = [
            _Group(g.start(), g.end(), g.group(1) or g.group(2), g.group(1) is not None)
            for g in GROUP_RE.finditer(text, body_start, m.end())
        ]
        i = 0
        while i < len(groups):
            hit: tuple[int, int, str] | None = None
            for j in range(len(groups) - 1, i - 1, -1):
                span = groups[i : j + 1]
                lead = plus and i == 0
                start = m.start() if lead else span[0].start
                end = span[-1].end
                if _is_card(span, lead):
                    hit = (start, end, "[card]")
                elif _is_phone(span, lead) and not _currency_next_to(text, start, end):
                    hit = (start, end, "[phone]")
                if hit is not None:
                    i = j + 1
                    break
            if hit is None:
                i += 1
            else:
                found.append(hit)
    return found


def redact(text: str, extra_patterns: Sequence[str] = ()) -> str:
    """Replace personal data in ``text`` with placeholders.

    In this order: each regex of ``extra_patterns`` -> "[redacted]" (e.g. the company's
    policy-number format); e-mail addresses -> "[email]"; payment card numbers ->
    "[card]"; phone numbers -> "[phone]".

    Numbers are found as runs of digit groups (separated by a single space, dot or dash)
    and each run is searched for the longest valid sub-span, so "07700 900123 2 weeks"
    keeps "2 weeks". Card numbers: 13-19 digits with an issuer prefix of a major network
    (Visa 4, Mastercard 51-55/22-27, Maestro 5/6, Amex 34/37, JCB 35, Diners 30/36/38/39,
    Discover/UnionPay 6) passing the Luhn check (ISO/IEC 7812-1), which keeps most policy
    numbers, references, runs of years and amounts. Phone numbers:
    "+" or "00" with a known country code and the national length of its E.164 plan
    (other codes: 8-15 digits); UK/French/German national forms starting 0 (10-11
    digits, incl. "(020) 7946 0958"); North American 3-3-4 groups, "1-800-555-0199" and
    "(555) 123-4567";
    Spanish/Polish 9-digit mobiles written 3-3-3 or 3-2-2-2. A run next to a currency sign
    or word (£, €, zł, euros ...) is left alone, as are numbers inside words, decimals
    ("£45.20"), dates ("12/03/2025") and short numbers ("claim 123456").
    """
    out = text
    for pattern in extra_patterns:
        try:
            rx = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad redaction pattern {pattern!r}: {exc}") from exc
        out = rx.sub("[redacted]", out)
    out = EMAIL_RE.sub("[email]", out)
    pieces: list[str] = []
    pos = 0
    for start, end, label in _numbers(out):
        pieces.append(out[pos:start])
        pieces.append(label)
        pos = end
    pieces.append(out[pos:])
    return "".join(pieces)
