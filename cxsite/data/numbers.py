"""Numbers as users write them: decimal commas, thousands separators, and the ambiguity.

``4,5`` from a European export is 4.5 and ``1,234.5`` is 1234.5, but ``1,234`` alone is
either 1234 or 1.234. A source may say which (``decimal``, ``thousands``); without a
setting the other values of the column decide (a ``4,5`` elsewhere makes commas decimal,
a ``3.5`` makes them thousands), and when nothing decides, the cell is an error asking
for the setting: it is never silently read as the wrong one.
"""

from __future__ import annotations

import re

import pandas as pd

from ..inputs.schema import Reader
from ..inputs.yamlfile import LineDict

DECIMALS = (".", ",")
THOUSANDS = (",", ".", " ", "'", "none")
_SPACES = re.compile(r"[\u00a0\u202f]")  # no-break spaces some exports group digits with


def grouped(separator: str, decimal: str) -> str:
    """A regex for a number whose digits are grouped in threes by ``separator``."""
    s, d = re.escape(separator), re.escape(decimal)
    return rf"^[+-]?[1-9]\d{{0,2}}(?:{s}\d{{3}})+(?:{d}\d*)?$"


_EXPONENT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$")
_COMMA_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(?:,\d{3})+$")


def read_number_style(
    read: Reader, entry: LineDict, where: str
) -> tuple[str | None, str | None] | None:
    """The source's ``decimal`` and ``thousands`` settings; None when one is wrong."""
    found: list[str | None] = []
    for key, allowed in (("decimal", DECIMALS), ("thousands", THOUSANDS)):
        value = entry.get(key)
        if value is None:
            found.append(None)
            continue
        text = str(value)
        if text not in allowed:
            read.problems.add(
                f"'{where}.{key}' must be one of " + ", ".join(f"'{a}'" for a in allowed),
                file=read.file,
                line=entry.line_of(key),
                value=text,
                hint="Quote it in the YAML, e.g. decimal: ','",
            )
            return None
        found.append(text)
    decimal, thousands = found
    if decimal is not None and decimal == thousands:
        read.problems.add(
            f"'{where}.decimal' and '{where}.thousands' are both '{decimal}'",
            file=read.file,
            line=entry.line_of("thousands"),
            hint="One mark separates decimals, the other groups thousands",
        )
        return None
    return decimal, thousands


def parse_numbers(
    text: pd.Series, decimal: str | None, thousands: str | None
) -> tuple[pd.Series, pd.Series]:
    """``text`` (trimmed, missing for empty) as floats, and which cells are ambiguous.

    A cell that is not a number in the source's style is missing in the result; the
    caller reports it. Ambiguous cells are missing too, and flagged.
    """
    present = text.notna()
    values = text.astype("object").where(present)
    values = values.where(~present, values.astype("str").str.replace(_SPACES, " ", regex=True))
    ambiguous = pd.Series(False, index=text.index)
    if decimal is None and thousands is None:
        decimal, ambiguous = _infer_decimal(values)
    elif decimal is None:
        decimal = "," if thousands == "." else "."
    if decimal is None:
        values = _each_its_own(values)
    else:
        if thousands is None:
            # The decimal mark is known, so the other one can only group thousands.
            thousands = "." if decimal == "," else ","
        if thousands != "none":
            group = values.str.match(grouped(thousands, decimal), na=False)
            values = values.where(~group, values.str.replace(thousands, "", regex=False))
        if decimal == ",":
            # A point left over is not this source's style: the cell is not a number.
            dotted = values.str.contains(".", regex=False, na=False)
            values = values.where(~dotted, "x").str.replace(",", ".", regex=False)
    parsed = pd.to_numeric(values.where(~ambiguous), errors="coerce").astype("float64")
    # pandas 2 gives up on a number beyond a float's range ("1e309") where pandas 3 reads
    # infinity; read it the same on both, so it is reported as not finite.
    overflow = parsed.isna() & values.str.match(_EXPONENT, na=False) & ~ambiguous
    if overflow.any():
        parsed = parsed.mask(overflow, values[overflow].map(float))
    return parsed, ambiguous & present


def _infer_decimal(values: pd.Series) -> tuple[str | None, pd.Series]:
    """The column's decimal mark from its unambiguous cells (None: each cell its own),
    and the cells that stay ambiguous."""
    has_comma = values.str.contains(",", regex=False, na=False)
    has_dot = values.str.contains(".", regex=False, na=False)
    ambiguous = has_comma & ~has_dot & values.str.match(_COMMA_GROUPED, na=False)
    both = has_comma & has_dot
    comma_decimal = (has_comma & ~has_dot & ~ambiguous) | (
        both & values.str.match(grouped(".", ","), na=False)
    )
    point_decimal = (has_dot & ~has_comma) | (both & values.str.match(grouped(",", "."), na=False))
    none = pd.Series(False, index=values.index)
    if comma_decimal.any() and not point_decimal.any():
        return ",", none
    if point_decimal.any() and not comma_decimal.any() and ambiguous.any():
        return ".", none
    return None, ambiguous


def _each_its_own(values: pd.Series) -> pd.Series:
    """Each unambiguous cell read in its own style: "4,5" is 4.5, "1,234.5" is 1234.5,
    "1.234,5" is 1234.5; anything else is left for the parser to refuse."""
    point_grouped = values.str.match(grouped(",", "."), na=False)
    comma_grouped = values.str.match(grouped(".", ","), na=False)
    has_dot = values.str.contains(".", regex=False, na=False)
    comma_only = values.str.contains(",", regex=False, na=False) & ~has_dot
    values = values.where(~point_grouped, values.str.replace(",", "", regex=False))
    values = values.where(
        ~comma_grouped,
        values.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
    )
    return values.where(~comma_only, values.str.replace(",", ".", regex=False))
