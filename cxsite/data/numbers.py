"""Numbers as users write them: decimal commas, thousands separators, and the ambiguity.

``4,5`` from a European export is 4.5 and ``1,234.5`` is 1234.5, but ``1,234`` alone is
either 1234 or 1.234. A source may say which (``decimal``, ``thousands``); without a
setting the other values of the column decide (a ``4,5`` elsewhere makes commas decimal,
a ``3.5`` makes them thousands), and when nothing decides, the cell is an error asking
for the setting: it is never silently read as the wrong one. Cells are read in the engine
(:mod:`cxsite.data.cellsql`); this module reads the settings.
"""

from __future__ import annotations

from ..inputs.schema import Reader
from ..inputs.yamlfile import LineDict

DECIMALS = (".", ",")
THOUSANDS = (",", ".", " ", "'", "none")


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
