"""National identifiers of the countries the site config names, check digits verified
with python-stdnum where it knows the number (the UK National Insurance number, which
has no check digit, by HMRC's letter rules)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex
from stdnum.br import cnpj, cpf
from stdnum.ca import sin
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.ie import pps
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.pt import cc
from stdnum.us import ssn

__all__ = ["COUNTRIES", "national_ids"]


@dataclass(frozen=True)
class _Identifier:
    name: str
    pattern: regex.Pattern[str]
    valid: Callable[[str], bool]


def _rx(body: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?<![\w./\-]){body}(?![\w]|[./\-]\d)", regex.IGNORECASE)


def _always(_: str) -> bool:
    return True


# HMRC: two prefix letters (not D F I Q U V; second not O; not BG GB KN NK NT TN ZZ),
# six digits, suffix A-D.
_NINO = _rx(
    r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ \-]?\d{2}[ \-]?\d{2}[ \-]?\d{2}[ \-]?[A-D]"
)

COUNTRIES: dict[str, tuple[_Identifier, ...]] = {
    "GB": (_Identifier("National Insurance number", _NINO, _always),),
    "US": (_Identifier("Social Security number", _rx(r"\d{3}[ \-]\d{2}[ \-]\d{4}"), ssn.is_valid),),
    "BR": (
        _Identifier("CPF", _rx(r"\d{3}\.?\d{3}\.?\d{3}[\-.]?\d{2}"), cpf.is_valid),
        _Identifier("CNPJ", _rx(r"\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2}"), cnpj.is_valid),
    ),
    "ES": (
        _Identifier("DNI", _rx(r"\d{8}[ \-]?[A-Z]"), dni.is_valid),
        _Identifier("NIE", _rx(r"[XYZ][ \-]?\d{7}[ \-]?[A-Z]"), nie.is_valid),
    ),
    "PT": (_Identifier("Cartão de Cidadão", _rx(r"\d{8}[ \-]?\d[ \-]?[A-Z]{2}\d"), cc.is_valid),),
    "PL": (_Identifier("PESEL", _rx(r"\d{11}"), pesel.is_valid),),
    "FR": (
        _Identifier(
            "NIR", _rx(r"[12][ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}"), nir.is_valid
        ),
    ),
    "DE": (_Identifier("Steuer-ID", _rx(r"\d{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}"), idnr.is_valid),),
    "IE": (_Identifier("PPS number", _rx(r"\d{7}[A-W][A-IW]?"), pps.is_valid),),
    "IT": (
        _Identifier(
            "codice fiscale",
            _rx(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]"),
            codicefiscale.is_valid,
        ),
    ),
    "NL": (_Identifier("BSN", _rx(r"\d{4}\.?\d{2}\.?\d{3}"), bsn.is_valid),),
    "CA": (_Identifier("SIN", _rx(r"\d{3}[ \-]\d{3}[ \-]\d{3}"), sin.is_valid),),
}


def national_ids(text: str, countries: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Spans of the national identifiers of ``countries`` (ISO 3166 codes) in ``text``."""
    found: list[tuple[int, int, str]] = []
    for country in countries:
        for ident in COUNTRIES.get(country, ()):
            for match in ident.pattern.finditer(text):
                if ident.valid(match.group(0).upper()):
                    found.append((match.start(), match.end(), "[id]"))
    return found
