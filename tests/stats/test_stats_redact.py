"""Redaction of e-mail addresses, phone numbers and payment cards in comments.

Test numbers are the reserved fictional ranges (Ofcom 07700 900xxx, 020 7946 0xxx,
029 2018 0xxx; North American 555-01xx) and the card networks' published test numbers.
"""

from __future__ import annotations

import pytest

from cxsite.stats.text.redact import luhn_valid, redact

POSITIVE = [
    # e-mail
    ("Please email me at jane.doe@example.co.uk about it", "Please email me at [email] about it"),
    ("J.Smith+claims@insurer-mail.com wrote twice", "[email] wrote twice"),
    ("contact:priya_shah99@mail.example.org.", "contact:[email]."),
    # UK phones
    ("Call me on 07700 900123 after 5", "Call me on [phone] after 5"),
    ("my number is +44 20 7946 0958.", "my number is [phone]."),
    ("ring (020) 7946 0958 today", "ring [phone] today"),
    ("or try 020-7946-0958 instead", "or try [phone] instead"),
    ("+44 (0)20 7946 0958 is the office", "[phone] is the office"),
    ("mobile 07700900123", "mobile [phone]"),
    ("0044 20 7946 0958 from abroad", "[phone] from abroad"),
    ("Ffoniwch fi ar 029 2018 0123 os gwelwch yn dda", "Ffoniwch fi ar [phone] os gwelwch yn dda"),
    # North America
    ("US office (555) 123-4567 never answers", "US office [phone] never answers"),
    ("+1 555 123 4567", "[phone]"),
    ("text 555-123-4567 or 555.010.1234", "text [phone] or [phone]"),
    ("Call 1-800-555-0199 now", "Call [phone] now"),
    # international
    ("Zadzwoń pod +48 601 234 567, dziękuję", "Zadzwoń pod [phone], dziękuję"),
    ("Llámame al +34 612 34 56 78 por favor", "Llámame al [phone] por favor"),
    ("Appelez le +33 6 12 34 56 78 svp", "Appelez le [phone] svp"),
    ("mon portable 06 12 34 56 78", "mon portable [phone]"),
    ("Zadzwoń 601 234 567 proszę", "Zadzwoń [phone] proszę"),
    # cards (network test numbers, all Luhn-valid)
    ("card 4111 1111 1111 1111 was charged twice", "card [card] was charged twice"),
    ("4111-1111-1111-1111", "[card]"),
    ("Mastercard 5555555555554444 declined", "Mastercard [card] declined"),
    ("Amex 3782 822463 10005 on file", "Amex [card] on file"),
    ("Discover 6011 1111 1111 1117", "Discover [card]"),
    ("Visa 4222222222222 (13 digits)", "Visa [card] (13 digits)"),
    # numbers next to others keep their neighbours
    ("Called 07700 900123 2 weeks ago", "Called [phone] 2 weeks ago"),
    ("+44 20 7946 0958 3 times!", "[phone] 3 times!"),
    (
        "Ring +44 7700 900123 or email a.b@c.com, card 4242 4242 4242 4242 exp 12/27",
        "Ring [phone] or email [email], card [card] exp 12/27",
    ),
]

NEGATIVE = [
    "I paid £45.20 for 2 weeks of cover",
    "waited 3 days and then another 2 weeks",
    "Claim 123456 still not settled after 45 days",
    "Customer since 2019, renewed in 2024 and 2025",
    "years 2019 2020 2021 2022 all fine",
    "Policy number PX-2024-118833",
    "Quote was £1,234.56 which went up to £1,399.00",
    "Called on 12/03/2025 at 10:45, waited 45 minutes",
    "Reference 4111 1111 1111 1112 (fails the check digit)",
    "Order 20240315 arrived 2025-03-18",
    "Rated 10/10, 5 stars",
    "Premium rose 15% from 320 to 368",
    "Claim ref 1234567890123",
    "Zapłaciłem 1 234 567 zł za nic",
    "Pagué 600 000 000 € por error",
    "El coste fue de 1.250,50 €",
    "Sort code 12-34-56, account 12345678",
    "Open 9 to 5, Monday to Friday",
    "Policy 5512 3456 7890",
    "Version 1.2.3 of the app crashed",
    "Paid 500 000 000 zł",
    "Il a fallu 3 semaines et 2 appels",
    "Roedd rhaid aros 3 wythnos",
    "It cost $1,200 and took 3-4 weeks",
    "Car reg AB12 CDE, mileage 45,000",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_redacts_personal_data(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves_ordinary_numbers_alone(text: str) -> None:
    assert redact(text) == text


def test_extra_patterns() -> None:
    text = "Policy POL-884421 and claim CLM/2025/0042 for jo@example.com"
    out = redact(text, extra_patterns=[r"POL-\d{6}", r"CLM/\d{4}/\d{4}"])
    assert out == "Policy [redacted] and claim [redacted] for [email]"
    with pytest.raises(ValueError):
        redact("x", extra_patterns=["("])


def test_redaction_is_idempotent() -> None:
    for text, _ in POSITIVE:
        once = redact(text)
        assert redact(once) == once


def test_luhn() -> None:
    # 79927398713 is the textbook Luhn example (valid); changing the last digit breaks it.
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert not luhn_valid("12a4")


def test_fast_path_gives_the_same_result_as_the_full_redactor() -> None:
    from cxsite.voice import redact_fast

    for text in [t for t, _ in POSITIVE] + NEGATIVE:
        assert redact_fast(text, ()) == redact(text), text
    assert redact_fast("ref HMH-1234567", [r"\bHM[HM]-\d{7}\b"]) == "ref [redacted]"
