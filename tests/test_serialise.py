"""The one serialise function: typed values round-trip, NaN and infinity never pass.

The round trip is checked against an independent decoder written here from the
dataclasses' type hints (not against to_json's own output), so a field dropped,
renamed or reordered in the conversion fails the test.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import typing
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxsite.errors import BuildError
from cxsite.model.serialise import SerialiseError, to_json
from cxsite.publish import write_json


class Status(enum.Enum):
    ON = "on-target"
    OFF = "off-target"


@dataclasses.dataclass(frozen=True)
class Cell:
    period: date
    value: float | None
    n: int


@dataclasses.dataclass(frozen=True)
class Summary:
    id: str
    status: Status
    cells: tuple[Cell, ...]
    counts: dict[str, int]
    share: float


def decode(kind: Any, data: Any) -> Any:
    """Rebuild a typed value from JSON, guided only by the type hints."""
    origin = typing.get_origin(kind)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(
            **{f.name: decode(hints[f.name], data[f.name]) for f in dataclasses.fields(kind)}
        )
    if origin is tuple:
        return tuple(decode(typing.get_args(kind)[0], item) for item in data)
    if origin is dict:
        return {k: decode(typing.get_args(kind)[1], v) for k, v in data.items()}
    if origin in (typing.Union, __import__("types").UnionType):
        return None if data is None else decode(typing.get_args(kind)[0], data)
    if kind is date:
        return date.fromisoformat(data)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(data)
    return kind(data)


finite = st.floats(allow_nan=False, allow_infinity=False)
cells = st.builds(
    Cell,
    period=st.dates(),
    value=st.none() | finite,
    n=st.integers(min_value=0, max_value=10**12),
)
summaries = st.builds(
    Summary,
    id=st.text(),
    status=st.sampled_from(Status),
    cells=st.lists(cells, max_size=5).map(tuple),
    counts=st.dictionaries(st.text(), st.integers()),
    share=finite,
)


@given(summaries)
@settings(max_examples=200, deadline=None)
def test_typed_values_round_trip_through_json_text(summary: Summary) -> None:
    text = json.dumps(to_json(summary), allow_nan=False, sort_keys=True)
    assert decode(Summary, json.loads(text)) == summary


# Plain JSON data (what the model holds today) passes through unchanged.
plain_json = st.recursive(
    st.none() | st.booleans() | st.integers() | finite | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@given(plain_json)
@settings(max_examples=200, deadline=None)
def test_plain_json_is_returned_unchanged(value: Any) -> None:
    assert to_json(value) == value
    assert json.loads(json.dumps(to_json(value))) == json.loads(json.dumps(value))


def test_numpy_scalars_become_python_numbers() -> None:
    out = to_json({"n": np.int64(7), "mean": np.float32(0.5), "ok": np.bool_(True)})
    assert out == {"n": 7, "mean": 0.5, "ok": True}
    assert [type(out[k]) for k in ("n", "mean", "ok")] == [int, float, bool]


@st.composite
def json_with_a_bad_number(draw: st.DrawFn) -> tuple[Any, str, float]:
    """Plain JSON with one NaN or infinity planted, and the path it was planted at."""
    bad = draw(st.sampled_from([math.nan, math.inf, -math.inf, np.float64("nan")]))
    steps = draw(
        st.lists(
            st.one_of(st.integers(0, 3), st.from_regex(r"[a-z_]{1,8}", fullmatch=True)), max_size=4
        )
    )
    value: Any = bad
    path = ""
    for step in reversed(steps):
        filler = draw(st.lists(finite, max_size=3))
        if isinstance(step, int):
            value = [*filler[:step], value]
            path = f"[{len(filler[:step])}]" + path
        else:
            value = {**{f"{step}x{i}": f for i, f in enumerate(filler)}, step: value}
            path = f".{step}" + path
    return value, path.removeprefix("."), bad


@given(json_with_a_bad_number())
@settings(max_examples=200, deadline=None)
def test_nan_and_infinity_are_refused_with_their_path(case: tuple[Any, str, float]) -> None:
    value, path, bad = case
    with pytest.raises(SerialiseError) as raised:
        to_json(value)
    assert raised.value.path == path
    assert str(raised.value.value) == str(float(bad))


def test_nan_inside_a_dataclass_names_the_field() -> None:
    summary = Summary(
        "nps",
        Status.ON,
        (Cell(date(2024, 1, 1), 1.0, 3), Cell(date(2024, 2, 1), math.nan, 4)),
        {},
        0.5,
    )
    with pytest.raises(SerialiseError, match=r"cells\[1\]\.value"):
        to_json(summary)


def test_unknown_types_are_refused_not_stringified() -> None:
    with pytest.raises(SerialiseError, match=r"at items\[0\] is a set"):
        to_json({"items": [{1, 2}]})
    with pytest.raises(SerialiseError, match="key of type float"):
        to_json({1.5: "x"})


def test_a_data_file_with_nan_is_a_build_error_naming_file_and_field(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as raised:
        write_json(tmp_path, "data/site.json", {"outcomes": [{"mean": math.inf}]})
    text = str(raised.value)
    assert text.startswith("data/site.json: the value at outcomes[0].mean is not a finite number")
    assert not (tmp_path / "data" / "site.json").exists()
