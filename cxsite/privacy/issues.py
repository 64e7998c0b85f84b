"""Issue text (action or next step, category, status, priority, owner) redacted once, as
the data is loaded into the model, so every page, the wall and every data file that
shows an issue carries the redacted text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cxsite.privacy.redactor import Privacy, redact

if TYPE_CHECKING:
    from cxsite.data.sources import Dataset

__all__ = ["ISSUE_TEXT_FIELDS", "redact_dataset", "redact_series"]

#: The free-text fields of an issue that reach the site.
ISSUE_TEXT_FIELDS = ("action", "category", "status", "severity", "owner")


def redact_series(values: pd.Series, privacy: Privacy) -> pd.Series:
    """Each distinct text redacted once (exports repeat the same few texts many times)."""
    present = values.dropna()
    if len(present) == 0:
        return values
    distinct = pd.unique(present.astype(str))
    clean = {text: redact(text, privacy) for text in distinct}
    if all(clean[text] == text for text in distinct):
        return values
    out = values.astype("object").copy()
    out.loc[present.index] = present.astype(str).map(clean)
    return out


def redact_dataset(data: Dataset, privacy: Privacy) -> Dataset:
    """``data`` with the issues' free text redacted (comments are redacted as they are
    analysed, see :mod:`cxsite.voice`): each distinct text once, in Python, and the rows
    changed in the engine."""
    if data.rows("issues") == 0:
        return data
    replaced = []
    for name in ISSUE_TEXT_FIELDS:
        distinct = [
            str(text)
            for (text,) in data.engine.con.con.execute(
                f'SELECT DISTINCT "{name}" FROM "{data.names["issues"]}" WHERE "{name}" IS NOT NULL'
            ).fetchall()
        ]
        clean = {text: redact(text, privacy) for text in distinct}
        changed = {text: new for text, new in clean.items() if new != text}
        if changed:
            pairs = ", ".join(f"({_literal(k)}, {_literal(v)})" for k, v in sorted(changed.items()))
            replaced.append(
                f'coalesce((SELECT v FROM (VALUES {pairs}) AS m(k, v) WHERE m.k = "{name}"),'
                f' "{name}") AS "{name}"'
            )
    if not replaced:
        return data
    return data.derive(issues=f"SELECT * REPLACE ({', '.join(replaced)}) FROM {{rows}}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
