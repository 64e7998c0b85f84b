"""The one way typed model values become data-file JSON.

The model is built from frozen dataclasses, tuples, enums and dates; the data files
(``data/*.json``, ``alerts.json``) are JSON. :func:`to_json` is the single crossing
between the two, so every writer gets the same rules:

- dataclasses become objects keyed by field name, tuples and lists become arrays,
  enums their value, dates and datetimes ISO 8601 text, numpy scalars plain numbers;
- mapping keys must be text (integers are written as text, as ``json`` would);
- a field declared with ``metadata=OMIT_NONE`` is left out of the object while it is
  None, and one declared with ``metadata=present_with("other")`` is left out while the
  field ``other`` is None: the data files keep their shape, in which some keys exist
  only for some metrics (a survey metric's interval, a mapped metric's lag);
- NaN and infinity are refused with the path of the field that holds them. A data
  file with ``NaN`` in it is not JSON, and browsers' ``JSON.parse`` rejects the
  whole file, so the wall and the site's scripts would show nothing at all.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, cast

import numpy as np

# What json.dumps accepts as it is; the recursive type cannot be spelled more
# precisely without a recursive alias mypy handles poorly across versions.
JsonValue = Any
# A dataclass field with ``metadata={DATA_FILE: False}`` is left out of the JSON: a page
# view keeps there what only its template needs (it is derived from the written fields).
DATA_FILE = "data_file"


OMIT_NONE: Mapping[str, object] = {"json_omit_none": True}


def present_with(other: str) -> Mapping[str, object]:
    """Field metadata: the field is written only while the field ``other`` is not None."""
    return {"json_present_with": other}


class SerialiseError(ValueError):
    """A value that cannot be written to a data file, with where it sits."""

    def __init__(self, path: str, value: object, reason: str) -> None:
        self.path = path
        self.value = value
        self.reason = reason
        super().__init__(f"the value at {path or 'the top'} is {reason} (got {value!r})")


def to_json(value: object) -> JsonValue:
    """``value`` as plain JSON data: dicts, lists, text, finite numbers, booleans, null.

    Raises :class:`SerialiseError` naming the field path (``stages[2].metrics[0].mean``)
    of the first NaN, infinity or value of a type JSON cannot hold.
    """
    return _convert(value, "")


def _convert(value: object, path: str) -> JsonValue:
    # The common leaf types first: data files at scale hold mostly these.
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return value
    if kind is float:
        return _finite(cast(float, value), path)
    if isinstance(value, Mapping):
        return {
            _key(k, path): _convert(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_convert(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _object(value, path)
    if isinstance(value, enum.Enum):
        return _convert(value.value, path)
    if isinstance(value, str):  # str subclasses: numpy's str_, markupsafe's Markup
        return str(value)
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return _finite(float(value), path)
    if isinstance(value, datetime | date | time):
        # pandas' NaT is a datetime that is not equal to itself.
        if value != value:
            raise SerialiseError(path, value, "a missing date (NaT)")
        return value.isoformat()
    raise SerialiseError(path, value, f"a {kind.__name__}, which JSON cannot hold")


def _object(value: Any, path: str) -> dict[str, JsonValue]:
    out: dict[str, JsonValue] = {}
    for f in dataclasses.fields(value):
        if not f.metadata.get(DATA_FILE, True):
            continue
        item = getattr(value, f.name)
        if item is None and f.metadata.get("json_omit_none"):
            continue
        other = f.metadata.get("json_present_with")
        if other is not None and getattr(value, other) is None:
            continue
        out[f.name] = _convert(item, f"{path}.{f.name}" if path else f.name)
    return out


def _finite(value: float, path: str) -> float:
    if not math.isfinite(value):
        raise SerialiseError(path, value, "not a finite number")
    return value


def _key(key: object, path: str) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, enum.Enum) and isinstance(key.value, str):
        return key.value
    if isinstance(key, int | np.integer) and not isinstance(key, bool | np.bool_):
        return str(int(key))
    raise SerialiseError(path, key, f"a key of type {type(key).__name__}, which JSON cannot hold")
