"""The JSON Schemas of ``cxsite.yml`` and the journey, which ``cxsite init`` writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .config_keys import CONFIG_SECTIONS
from .journey_keys import JOURNEY_SECTIONS
from .keys import Json, Key, default_of

SCHEMA_DIR = "schemas"
SCHEMA_FILES = {"cxsite": "cxsite.schema.json", "journey": "journey.schema.json"}


def _property(key: Key, defaults: dict[str, Any]) -> Json:
    schema: Json = {"type": key.kind, "description": key.meaning.replace("`", "")}
    if key.enum and key.kind == "string":
        schema["enum"] = list(key.enum)
    if key.kind == "array":
        schema["items"] = {"type": key.items or "string"}
        if key.enum:
            schema["items"]["enum"] = list(key.enum)
    if key.values is not None:
        schema["additionalProperties"] = key.values
    if key.minimum is not None:
        schema["minimum"] = key.minimum
    if key.maximum is not None:
        schema["maximum"] = key.maximum
    default = default_of(key, defaults)
    if default is not None and not isinstance(default, dict):
        schema["default"] = default
    if key.kind == "integer" and key.name == "moment_of_truth":
        schema["type"] = ["integer", "null"]
    return schema


def _object(keys: list[Key], defaults: dict[str, Any], **extra: Any) -> Json:
    schema: Json = {
        "type": "object",
        "properties": {k.name: _property(k, defaults) for k in keys},
        "additionalProperties": False,
    }
    required = [k.name for k in keys if k.required]
    if required:
        schema["required"] = required
    return schema | extra


def config_schema() -> Json:
    top, period, wall, analytics, source = (s for _, _, s, _ in CONFIG_SECTIONS)
    defaults = {path: d for _, path, _, d in CONFIG_SECTIONS}
    schema = _object(top, defaults[""])
    props = schema["properties"]
    props["period"] |= _object(period, defaults["period"])
    props["wall"] |= _object(wall, defaults["wall"])
    props["analytics"] |= _object(analytics, defaults["analytics"])
    props["sources"]["additionalProperties"] = _object(source, {})
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cxsite.yml — cxsite site config",
    } | schema


def journey_schema() -> Json:
    stage, touchpoint, metric = (s for _, _, s, _ in JOURNEY_SECTIONS)

    def listed(keys: list[Key]) -> Json:
        return {"type": "array", "items": _object(keys, {})}

    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "journey.yml — cxsite journey definition",
        "type": "object",
        "properties": {
            "stages": listed(stage) | {"description": "in the order the customer lives them"},
            "touchpoints": listed(touchpoint),
            "metrics": listed(metric),
        },
        "required": ["stages", "touchpoints", "metrics"],
        "additionalProperties": False,
    }


def schema_line(which: str, up: str) -> str:
    """The comment that points the YAML language server at the file's schema."""
    return f"# yaml-language-server: $schema={up}{SCHEMA_DIR}/{SCHEMA_FILES[which]}"


def write_schemas(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for which, schema in (("cxsite", config_schema()), ("journey", journey_schema())):
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        (folder / SCHEMA_FILES[which]).write_text(text, encoding="utf-8")
    return [f"{folder.name}/{name}" for name in SCHEMA_FILES.values()]
