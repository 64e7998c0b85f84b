"""One key of ``cxsite.yml`` or the journey, as the reference describes it."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields, is_dataclass
from typing import Any

Json = dict[str, Any]
# Sections of a file: (title, path in the YAML, keys, defaults from the typed config).
Section = tuple[str, str, list["Key"], dict[str, Any]]


@dataclass(frozen=True)
class Key:
    """One key: its JSON type, what a reader sees in the table, and its constraints."""

    name: str
    kind: str  # string | integer | number | boolean | array | object
    meaning: str
    shown: str = ""  # the type as the table shows it; derived from ``kind`` when empty
    default: Any = None  # None: no default, or read from the dataclass
    required: bool = False
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    items: str | None = None  # element JSON type of an array
    values: Json | None = None  # schema of each value of an object keyed by any name


def defaults_of(section: Any) -> dict[str, Any]:
    """Field defaults of a typed-config dataclass, as the YAML would spell them."""
    found: dict[str, Any] = {}
    for item in fields(section):
        if item.default is not MISSING:
            value = item.default
        elif item.default_factory is not MISSING:
            value = item.default_factory()
        else:
            continue
        if is_dataclass(value):
            continue  # a nested section: its keys have their own table
        found[item.name] = list(value) if isinstance(value, tuple) else value
    return found


TEXT_MAP: Json = {"type": "string"}


def default_of(key: Key, defaults: dict[str, Any]) -> Any:
    """The key's own default, else the typed config's."""
    return key.default if key.default is not None else defaults.get(key.name)
