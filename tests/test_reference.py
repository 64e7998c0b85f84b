"""The config and journey reference stays true: the JSON Schemas accept the sample and
reject what cxsite rejects, every key cxsite reads is in them, and the README's reference
tables are exactly the ones generated from them."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from cxsite.inputs.reference import (
    ACCEPTED,
    CONFIG_SECTIONS,
    JOURNEY_SECTIONS,
    config_schema,
    journey_schema,
    replace_blocks,
)

REPO = Path(__file__).resolve().parent.parent


def errors(schema: dict, data: object) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return [e.message for e in validator.iter_errors(data)]


def test_schemas_are_valid_and_accept_the_sample() -> None:
    for schema in (config_schema(), journey_schema()):
        jsonschema.Draft7Validator.check_schema(schema)
    config = yaml.safe_load((REPO / "cxsite.yml").read_text(encoding="utf-8"))
    journey = yaml.safe_load((REPO / "content/journey.yml").read_text(encoding="utf-8"))
    assert errors(config_schema(), config) == []
    assert errors(journey_schema(), journey) == []


@pytest.mark.parametrize(
    ("schema", "data", "message"),
    [
        ("config", {"title": "x", "organisation": "y", "min_nn": 3}, "'min_nn' was unexpected"),
        ("config", {"title": "x"}, "'organisation' is a required property"),
        ("config", {"title": "x", "organisation": "y", "min_n": 0}, "0 is less than"),
        (
            "config",
            {"title": "x", "organisation": "y", "period": {"unit": "day"}},
            "'day' is not one of",
        ),
        (
            "config",
            {
                "title": "x",
                "organisation": "y",
                "sources": {"s": {"kind": "rows", "path": "a.csv"}},
            },
            "'rows' is not one of",
        ),
        (
            "journey",
            {"stages": [{"id": "a", "name": "A"}], "touchpoints": [], "metrics": []},
            "'goal' is a required property",
        ),
        (
            "journey",
            {"stages": [], "touchpoints": [], "metrics": [{"id": "m", "name": "M", "kind": "kpi"}]},
            "'kpi' is not one of",
        ),
    ],
)
def test_schemas_reject_what_cxsite_rejects(schema: str, data: object, message: str) -> None:
    found = errors(config_schema() if schema == "config" else journey_schema(), data)
    assert any(message in e for e in found), found


def test_every_key_cxsite_reads_is_in_the_reference_and_no_other() -> None:
    for _, path, keys, _ in CONFIG_SECTIONS + JOURNEY_SECTIONS:
        assert sorted(k.name for k in keys) == sorted(ACCEPTED[path]), path


def test_readme_reference_tables_match_the_schema() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert replace_blocks(readme) == readme, (
        "the README's reference tables drifted from cxsite/inputs/reference.py: "
        "run `python -m cxsite.inputs.reference README.md`"
    )
