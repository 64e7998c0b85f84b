"""Small vectorised helpers for columns with few distinct values over many rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


def lookup(values: pd.Series, mapping: Mapping[Any, Any], keep: bool = False) -> pd.Series:
    """``values.map(mapping)``, done once per distinct value instead of once per row.

    Metric ids, touchpoints and labels repeat across millions of rows: factorising first
    makes the mapping cost the number of distinct values. With ``keep`` a value the
    mapping does not know is kept as it is (a recode); otherwise it becomes missing.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype="object")
    mapped = distinct.map(mapping)
    if keep:
        mapped = mapped.where(mapped.notna(), distinct)
    table = mapped.to_numpy(dtype="object")
    result = np.empty(len(codes), dtype="object")
    present = codes >= 0
    result[present] = table[codes[present]]
    result[~present] = None
    out = pd.Series(result, index=values.index, dtype="object")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in mapping.values()):
        return pd.to_numeric(out, errors="coerce")
    return out
