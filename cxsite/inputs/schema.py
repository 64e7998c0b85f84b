"""Reading typed values out of YAML mappings, collecting a Problem for each bad one."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import Problems
from .yamlfile import LineDict

_MISSING: Any = object()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'?" if close else ""


class Reader:
    """Typed access to one YAML mapping; problems go to ``problems`` with file and line."""

    def __init__(self, data: LineDict, file: str, problems: Problems, what: str = "") -> None:
        self.data = data
        self.file = file
        self.problems = problems
        self.what = what

    def _name(self, key: str) -> str:
        return f"{self.what}.{key}" if self.what else key

    def _add(self, key: str, message: str, value: Any = None, hint: str | None = None) -> None:
        self.problems.add(
            message, file=self.file, line=self.data.line_of(key), value=value, hint=hint
        )

    def check_keys(self, allowed: Sequence[str]) -> None:
        for key in self.data:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or "Known keys: " + ", ".join(allowed)
                self._add(key, f"unknown key '{self._name(key)}'", hint=hint)

    def _get(self, key: str, required: bool, expected: str) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                self.problems.add(
                    f"missing required field '{self._name(key)}'",
                    file=self.file,
                    line=self.data.line,
                    hint=f"Add '{key}: <{expected}>'",
                )
            return _MISSING
        return self.data[key]

    def text(self, key: str, default: str | None = None, required: bool = False) -> str | None:
        value = self._get(key, required, "text")
        if value is _MISSING:
            return default
        if isinstance(value, (dict, list)):
            self._add(key, f"'{self._name(key)}' must be text", value)
            return default
        return str(value)

    def number(
        self,
        key: str,
        default: float | None = None,
        required: bool = False,
        minimum: float | None = None,
        maximum: float | None = None,
        integer: bool = False,
    ) -> float | None:
        expected = "whole number" if integer else "number"
        value = self._get(key, required, expected)
        if value is _MISSING:
            return default
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and integer and not float(value).is_integer():
            ok = False
        if not ok:
            self._add(key, f"'{self._name(key)}' must be a {expected}", value)
            return default
        if not math.isfinite(value):
            # YAML reads .nan, .inf and -.inf as floats; none of them is a usable setting
            self._add(
                key,
                f"'{self._name(key)}' must be a finite {expected}",
                value,
                hint="Write an ordinary number such as 0.9 or 20",
            )
            return default
        if minimum is not None and value < minimum:
            self._add(key, f"'{self._name(key)}' must be at least {minimum}", value)
            return default
        if maximum is not None and value > maximum:
            self._add(key, f"'{self._name(key)}' must be at most {maximum}", value)
            return default
        return int(value) if integer else float(value)

    def integer(
        self,
        key: str,
        default: int | None = None,
        required: bool = False,
        minimum: int = 0,
        maximum: int | None = None,
    ) -> int | None:
        value = self.number(key, default, required, minimum=minimum, maximum=maximum, integer=True)
        return None if value is None else int(value)

    def choice(
        self, key: str, choices: Sequence[str], default: str | None = None, required: bool = False
    ) -> str | None:
        value = self._get(key, required, "|".join(choices))
        if value is _MISSING:
            return default
        text = str(value).strip().lower()
        if text not in choices:
            hint = did_you_mean(text, choices) or "Use one of: " + ", ".join(choices)
            self._add(key, f"'{self._name(key)}' must be one of {', '.join(choices)}", value, hint)
            return default
        return text

    def boolean(self, key: str, default: bool) -> bool:
        value = self._get(key, False, "true|false")
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self._add(key, f"'{self._name(key)}' must be true or false", value)
            return default
        return value

    def mapping(self, key: str, required: bool = False) -> LineDict | None:
        value = self._get(key, required, "mapping")
        if value is _MISSING:
            return None
        if not isinstance(value, LineDict):
            self._add(key, f"'{self._name(key)}' must be a mapping of key: value", value)
            return None
        return value

    def sequence(self, key: str, required: bool = False) -> list[Any] | None:
        value = self._get(key, required, "list")
        if value is _MISSING:
            return None
        if not isinstance(value, list):
            self._add(key, f"'{self._name(key)}' must be a list", value)
            return None
        return value

    def child(self, key: str, data: LineDict) -> Reader:
        return Reader(data, self.file, self.problems, self._name(key))
