"""Cells parsed in the engine: text trimmed, dates and numbers read as users write them.

Each function returns a DuckDB SQL expression over one cell. The same rules as a person
reading the export: an empty or blank cell is missing; a date is ISO 8601 unless the
source gives ``date_format``; a number may use a decimal comma or group its thousands
(``decimal`` / ``thousands``), and a cell that could be read two ways (``1,234`` when
nothing else in the column says which mark is the decimal one) is ambiguous, never
silently read as one of them (see :func:`number_style`).
"""

from __future__ import annotations

import re

# What Python's str.strip() strips: exports pad cells with all of these.
_BLANKS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_PADDING = (" ", "\t", "\r", "\n", "\u00a0")
_TEMPORAL = ("TIMESTAMP", "DATE")
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL")
_UNSIGNED = ("UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT")
# ISO 8601 as exports write it: a day, optionally a time, optionally an offset.
_ISO_DATE = r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?"
_COMMA_GROUPED = r"[+-]?[1-9]\d{0,2}(,\d{3})+"
_DOT_GROUPED = r"[+-]?[1-9]\d{0,2}(\.\d{3})+"


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def is_temporal(engine_type: str) -> bool:
    return engine_type.upper().startswith(_TEMPORAL)


def is_numeric(engine_type: str) -> bool:
    upper = engine_type.upper()
    return upper.startswith(_NUMERIC + _UNSIGNED) or upper == "BOOLEAN"


def text(cell: str) -> str:
    """The cell as trimmed text; missing when empty or blank.

    Trimming every one of millions of cells by the full set of blanks costs seconds;
    only a cell that starts or ends with a common blank (space, tab, line break,
    no-break space) is trimmed, of all blanks.
    """
    value = f"CAST({cell} AS VARCHAR)"
    padded = " OR ".join(
        f"prefix({value}, {literal(b)}) OR suffix({value}, {literal(b)})" for b in _PADDING
    )
    return f"NULLIF(CASE WHEN {padded} THEN trim({value}, {literal(_BLANKS)}) ELSE {value} END, '')"


def grouped(separator: str, decimal: str) -> str:
    """A regex for a number whose digits are grouped in threes by ``separator``."""
    s, d = re.escape(separator), re.escape(decimal)
    return rf"[+-]?[1-9]\d{{0,2}}({s}\d{{3}})+({d}\d*)?"


def matches(cell: str, pattern: str) -> str:
    return f"regexp_full_match({cell}, {literal(pattern)})"


def date(cell: str, engine_type: str, date_format: str | None) -> str:
    """The cell as a timestamp (UTC, without a zone); missing when it is not a date."""
    if is_temporal(engine_type):
        return f"CAST({cell} AS TIMESTAMP)"
    value = text(cell)
    if date_format is None or date_format == "ISO8601":
        parsed = f"CASE WHEN {matches(value, _ISO_DATE)} THEN TRY_CAST({value} AS TIMESTAMPTZ) END"
    elif date_format == "mixed":
        parsed = f"TRY_CAST({value} AS TIMESTAMPTZ)"
    else:
        parsed = f"try_strptime({value}, {literal(date_format)})"
    # The engine's time zone is UTC: an offset in the cell moves the time to UTC.
    return f"CAST({parsed} AS TIMESTAMP)"


def number_text(cell: str) -> str:
    """The trimmed text of a number cell, no-break spaces (which some exports group
    digits with) as plain spaces."""
    return f"regexp_replace({text(cell)}, '[\\x{{00a0}}\\x{{202f}}]', ' ', 'g')"


def style_aggregates(value: str) -> list[str]:
    """What decides a column's decimal mark when the source does not say: whether any
    cell has a comma, any is clearly comma-decimal, clearly point-decimal, or ambiguous."""
    comma, dot = f"contains({value}, ',')", f"contains({value}, '.')"
    ambiguous = f"({comma} AND NOT {dot} AND {matches(value, _COMMA_GROUPED)})"
    both = f"({comma} AND {dot})"
    comma_decimal = (
        f"(({comma} AND NOT {dot} AND NOT {ambiguous})"
        f" OR ({both} AND {matches(value, grouped('.', ','))}))"
    )
    point_decimal = f"(({dot} AND NOT {comma}) OR ({both} AND {matches(value, grouped(',', '.'))}))"
    return [
        f"coalesce(bool_or({comma}), false)",
        f"coalesce(bool_or({comma_decimal}), false)",
        f"coalesce(bool_or({point_decimal}), false)",
        f"coalesce(bool_or({ambiguous}), false)",
    ]


def number_style(
    decimal: str | None, thousands: str | None, found: tuple[bool, bool, bool, bool] | None
) -> tuple[str | None, str | None]:
    """The decimal mark and thousands separator to read a column with.

    ``found`` is the column's :func:`style_aggregates` when the source sets neither. A
    decimal mark of None means each cell in its own style, where a cell that could be
    read two ways is ambiguous.
    """
    if decimal is not None:
        return decimal, thousands or ("." if decimal == "," else ",")
    if thousands is not None:
        return ("," if thousands == "." else "."), thousands
    any_comma, comma_decimal, point_decimal, ambiguous = found or (False, False, False, False)
    if not any_comma:
        # No comma anywhere: the point is the decimal mark, as in every plain number.
        return ".", "none"
    if comma_decimal and not point_decimal:
        return ",", "."
    if point_decimal and not comma_decimal and ambiguous:
        return ".", ","
    return None, None


def ambiguous(value: str, decimal: str | None, mark: str | None = None) -> str:
    """Cells that could be read two ways in a column read each in its own style: 1,234
    (``mark`` ','), or 1.234 among decimal commas (``mark`` '.'); either when None."""
    if decimal is not None:
        return "false"
    comma, dot = f"contains({value}, ',')", f"contains({value}, '.')"
    by_comma = f"({comma} AND NOT {dot} AND {matches(value, _COMMA_GROUPED)})"
    by_point = f"({dot} AND NOT {comma} AND {matches(value, _DOT_GROUPED)})"
    chosen = {",": by_comma, ".": by_point}.get(mark or "", f"{by_comma} OR {by_point}")
    return f"coalesce({chosen}, false)"


def number(value: str, engine_type: str, decimal: str | None, thousands: str | None) -> str:
    """A number cell as a double: missing when it is not a number (or NaN), or ambiguous.

    ``value`` is the raw cell for numeric engine types, else its :func:`number_text`.
    """
    if is_numeric(engine_type):
        number = f"CAST({value} AS DOUBLE)"
        return f"CASE WHEN NOT isnan({number}) THEN {number} END"
    if decimal is None:
        comma, dot = f"contains({value}, ',')", f"contains({value}, '.')"
        plain = (
            f"CASE WHEN {matches(value, grouped(',', '.'))} THEN replace({value}, ',', '')"
            f" WHEN {matches(value, grouped('.', ','))}"
            f" THEN replace(replace({value}, '.', ''), ',', '.')"
            f" WHEN {comma} AND NOT {dot} THEN replace({value}, ',', '.') ELSE {value} END"
        )
        plain = f"CASE WHEN NOT {ambiguous(value, None)} THEN {plain} END"
    else:
        plain = value
        if thousands not in (None, "none"):
            assert thousands is not None
            plain = (
                f"CASE WHEN {matches(value, grouped(thousands, decimal))}"
                f" THEN replace({value}, {literal(thousands)}, '') ELSE {value} END"
            )
        if decimal == ",":
            # A point left over is not this source's style: the cell is not a number.
            plain = f"CASE WHEN contains({plain}, '.') THEN 'x' ELSE replace({plain}, ',', '.') END"
    # The engine reads numbers as pandas and Python do, except that it also takes
    # "1_000" (and NaN, which is no measurement).
    number = f"TRY_CAST({plain} AS DOUBLE)"
    return f"CASE WHEN NOT contains({plain}, '_') AND NOT isnan({number}) THEN {number} END"
