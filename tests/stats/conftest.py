"""Shared helpers for the statistics tests."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

PLAIN = (str, int, float, bool, type(None))


def _check_plain(value: object, where: str = "$") -> None:
    """Fail unless ``value`` is built only of plain JSON types (no numpy scalars)."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert type(k) is str, f"{where}: key {k!r} is {type(k).__name__}"
            _check_plain(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_plain(v, f"{where}[{i}]")
    else:
        assert type(value) in PLAIN, f"{where}: {value!r} is {type(value).__name__}"
        if isinstance(value, float):
            assert value == value, f"{where}: NaN cannot go to JSON"
            assert abs(value) != float("inf"), f"{where}: infinity cannot go to JSON"


@pytest.fixture
def assert_plain() -> Callable[[object], None]:
    """Check a ``to_dict()`` result is plain data and survives strict JSON."""

    def check(value: object) -> None:
        _check_plain(value)
        json.dumps(value, allow_nan=False)

    return check
