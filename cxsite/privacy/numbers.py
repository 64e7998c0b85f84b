"""Phone numbers, payment cards (with the expiry date and security code beside them) and
IBANs, found with libphonenumber's matcher and python-stdnum's check digits."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import phonenumbers
import regex
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher
from stdnum import iban, luhn

__all__ = ["Span", "cards", "ibans", "maybe_number", "phones"]

Span = tuple[int, int, str]

# Six digits with at most a few separators between each: shorter runs can be no phone,
# card, IBAN or national number, so texts without one skip the (slower) matchers.
_MAYBE = re.compile(r"\d(?:[\s\-./()]{0,3}\d){5,}")  # stdlib re: faster for a plain test

# Issuer prefixes of the major networks: Visa 4, Mastercard 51-55 and 2221-2720, Maestro
# 50 and 56-69, Amex 34/37, JCB 35, Diners 30/36/38/39, Discover/UnionPay 6, Mir 2200-2204.
_CARD_PREFIX = regex.compile(r"(?:4|5|6|3[0456789]|2[2-7])")
# Digit groups of any size joined by one space or dash: "4000 05 66 5566 5556".
_DIGIT_RUN = regex.compile(r"(?<![\w.,/])\d+(?:[ \u00a0\-]\d+)*(?![\w])")
_GROUP = regex.compile(r"\d+")
_EXPIRY = regex.compile(
    r"\A[\s,;:(\-]{0,3}(?:(?:exp(?:iry|ires|\.)?|valid(?: thru| until)?|vence|validade|caduca"
    r"|date d'expiration)\s?(?:date)?\s?[:\-]?\s?)?(?:0[1-9]|1[0-2])\s?[/\-]\s?(?:\d{4}|\d{2})\b",
    regex.IGNORECASE,
)
_CODE = regex.compile(
    r"\A[\s,;:(\-]{0,3}(?:(?:cvv2?|cvc2?|cv2|csc|cid|security code|sec(?:urity)? no\.?"
    r"|código(?: de seguri?dad| de segurança)?|cryptogramme)\s?[:#=\-]?\s?)?"
    r"\d{3,4}\b(?!\s?[/\-]\d)",
    regex.IGNORECASE,
)
_LABELLED_CODE = regex.compile(
    r"(?:cvv2?|cvc2?|cv2|csc|security code|código de segurança|código de seguridad"
    r"|cryptogramme)\s?[:#=\-]?\s?\d{3,4}\b",
    regex.IGNORECASE,
)
_IBAN = regex.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){11,30}(?![\w])")

# A number just after one of these is an order, policy, ticket or postal code, not a phone.
_NOT_A_PHONE_BEFORE = regex.compile(
    r"(?:order|ref|reference|invoice|ticket|case|claim|polic\w*|póliza|apólice|polisa|contrat"
    r"|vertrag|versicherungsschein|account|acct|tracking|zip|postcode|post code|cep|pedido"
    r"|protocolo|factura|commande|zamówienia|serial|version|#|nº|n°|nr\.?|no\.)\W{0,4}$",
    regex.IGNORECASE,
)
_CURRENCY_BEFORE = regex.compile(r"[£$€¥₹]\s?$|(?:R\$|zł|EUR|GBP|USD|BRL|PLN)\s?$")
_CURRENCY_AFTER = regex.compile(
    r"\A\s?(?:€|£|\$|%|zł|zl\b|pln\b|eur\b|gbp\b|usd\b|brl\b|reais\b|euros?\b|złotych"
    r"|pounds?\b|dollars?\b|pence\b|p\b)",
    regex.IGNORECASE,
)
# Part of a code such as "CMD-98765432" or "POL-2024-0001234".
_GLUED = regex.compile(r"\w[\-/.]?$")
# Dates (2024-11-18, 30-11-2024, 18.11.2024) and IP addresses are never phone numbers.
_DATE_OR_ADDRESS = regex.compile(
    r"\d{4}[\-./]\d{1,2}[\-./]\d{1,2}|\d{1,2}[\-./]\d{1,2}[\-./](?:\d{4}|\d{2})"
    r"|\d{1,3}(?:\.\d{1,3}){3}"
)
# Ten or more single digits spaced out ("0 7 7 0 0 9 0 0 1 2 3") to dodge filters.
_SPACED = regex.compile(r"(?<![\w])\+?\d(?:[ .\-]\d){8,15}(?![\w])")


_DIGIT = re.compile(r"\d")


def maybe_number(text: str) -> bool:
    """Cheap test: can ``text`` hold a phone, card, IBAN or national number at all?"""
    return len(_DIGIT.findall(text)) >= 6 and _MAYBE.search(text) is not None


def cards(text: str) -> list[Span]:
    """Payment card numbers (13-19 digits, a major network's prefix, Luhn-valid), each
    with the expiry date and security code written right after it."""
    found: list[Span] = []
    for run in _DIGIT_RUN.finditer(text):
        groups = list(_GROUP.finditer(run.group(0)))
        i = 0
        while i < len(groups):
            hit = None
            for j in range(len(groups) - 1, i - 1, -1):
                digits = "".join(g.group(0) for g in groups[i : j + 1])
                if 13 <= len(digits) <= 19 and _CARD_PREFIX.match(digits) and luhn.is_valid(digits):
                    hit = (run.start() + groups[i].start(), run.start() + groups[j].end())
                    i = j + 1
                    break
            if hit is None:
                i += 1
                continue
            found.append((hit[0], _card_details_end(text, hit[1]), "[card]"))
    if found:
        found.extend(
            (m.start(), m.end(), "[card]")
            for m in _LABELLED_CODE.finditer(text)
            if not any(s <= m.start() < e for s, e, _ in found)
        )
    return found


def _card_details_end(text: str, end: int) -> int:
    """Where the card's expiry date and security code, written right after it, end."""
    for _ in range(3):
        tail = text[end : end + 60]
        match = _EXPIRY.match(tail) or _CODE.match(tail)
        if match is None:
            break
        end += match.end()
    return end


def ibans(text: str) -> list[Span]:
    """IBANs with valid check digits (ISO 13616), spaced or not."""
    found: list[Span] = []
    for match in _IBAN.finditer(text):
        raw = match.group(0)
        # the pattern may have taken a following code or word: shorten until it checks
        for cut in range(len(raw), 14, -1):
            if raw[cut - 1] in " -":
                continue
            if iban.is_valid(raw[:cut]):
                found.append((match.start(), match.start() + cut, "[iban]"))
                break
    return found


def phones(text: str, regions: Sequence[str]) -> list[Span]:
    """Phone numbers in the national formats of ``regions`` and in international form
    (any country), as libphonenumber's matcher finds them.

    A candidate counts when libphonenumber says it is a valid number, or when it is a
    possible number written in its country's own grouping ("07700 900123",
    "555-123-4567", fictional ranges included). It does not count right after an order,
    policy, ticket or postal-code label, or next to a currency.
    """
    found: list[Span] = []
    for region in regions:
        for match in _matches(text, region):
            start, end = match.start, match.end
            if any(s < end and start < e for s, e, _ in found):
                continue
            if _labelled_not_phone(text, start, end):
                continue
            if _is_phone(match.raw_string, match.number):
                found.append((start, end, "[phone]"))
    for match in _SPACED.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e, _ in found):
            continue
        digits = "".join(ch for ch in match.group(0) if ch.isdigit() or ch == "+")
        if _labelled_not_phone(text, start, end):
            continue
        if any(_possible(digits, region) for region in regions):
            found.append((start, end, "[phone]"))
    return found


def _matches(text: str, region: str) -> Iterator[phonenumbers.PhoneNumberMatch]:
    yield from PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE)


def _labelled_not_phone(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 24) : start]
    return (
        _GLUED.search(before) is not None
        or _DATE_OR_ADDRESS.fullmatch(text[start:end].strip()) is not None
        or _NOT_A_PHONE_BEFORE.search(before) is not None
        or _CURRENCY_BEFORE.search(before) is not None
        or _CURRENCY_AFTER.match(text, end) is not None
    )


def _is_phone(raw: str, number: phonenumbers.PhoneNumber) -> bool:
    if bool(phonenumbers.is_valid_number(number)):
        return True
    if not bool(phonenumbers.is_possible_number(number)):
        return False
    groups: list[str] = _GROUP.findall(raw)
    if raw.lstrip().startswith("+"):
        written = str(phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL))
        return groups == list(_GROUP.findall(written))
    if len(groups) >= 2:
        written = str(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))
        return groups == list(_GROUP.findall(written))
    return groups[0].startswith("0") and len(groups[0]) >= 10


def _possible(digits: str, region: str) -> bool:
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(number)) and len(digits.lstrip("+")) >= 9
