"""The golden model: the fixture project's data files must not change unnoticed.

A refactor that preserves behaviour leaves every number in
``tests/fixtures/golden/model.json`` as it is. When a change is meant to move numbers
(a named bug fix), regenerate it with ``python scripts/golden.py --update`` and commit
the new model with the fix, so the diff shows exactly what moved.
"""

from __future__ import annotations

import filecmp
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


golden = _script("golden")


def test_the_fixture_builds_to_the_golden_model() -> None:
    committed = json.loads(golden.MODEL.read_text(encoding="utf-8"))
    built = json.loads(golden.dumps(golden.build_model()))
    lines = golden.differences(committed, built)
    assert not lines, (
        golden.report(lines) + "\nIf the change is intended, run: python scripts/golden.py --update"
    )
    # The comparison covers every page kind's data file, not an empty shell.
    assert {"alerts.json", "data/site.json", "data/issues.json", "data/wall.json"} <= set(built)
    assert sum(k.startswith("data/touchpoints/") for k in built) == 32
    assert sum(k.startswith("data/stages/") for k in built) == 7


def test_the_golden_model_is_canonical_and_masked() -> None:
    text = golden.MODEL.read_text(encoding="utf-8")
    model = json.loads(text)
    assert text == golden.dumps(model)  # sorted keys, the committed indentation
    site = model["data/site.json"]["site"]
    assert (site["built_at"], site["build_id"], site["version"]) == (golden.MASK,) * 3


def test_the_fixture_exercises_both_sides_of_each_rule() -> None:
    model = json.loads(golden.MODEL.read_text(encoding="utf-8"))
    metrics = [
        m for k, v in model.items() if k.startswith("data/touchpoints/") for m in v["metrics"]
    ]
    methods = {(m.get("change_test") or {}).get("method") for m in metrics}
    assert {"Welch t test", "two-proportion z test", None} <= methods
    assert any(m["control"] for m in metrics) and any(not m["control"] for m in metrics)
    issues = model["data/issues.json"]
    assert issues["oldest_open"] and issues["analytics"]["pareto"]
    assert model["data/drivers.json"]["available"] and model["data/customers.json"]["available"]


def test_differences_name_each_changed_path_and_value() -> None:
    old = {"a.json": {"x": [1, 2, {"y": 3.5}], "gone": 1}}
    new = {"a.json": {"x": [1, 2, {"y": 4.0}, 9], "new": "z"}}
    assert golden.differences(old, new) == [
        "- a.json.gone: removed (was 1)",
        '+ a.json.new: added "z"',
        "~ a.json.x: 3 items -> 4 items",
        "~ a.json.x[2].y: 3.5 -> 4.0",
    ]


def test_the_fixture_is_derived_from_the_sample_by_its_script(tmp_path: Path) -> None:
    maker = _script("make_golden_project")
    maker.make(tmp_path / "project")
    compared = filecmp.dircmp(tmp_path / "project", golden.PROJECT)
    files = sorted(p.relative_to(golden.PROJECT) for p in golden.PROJECT.rglob("*") if p.is_file())
    assert files, "the fixture project is empty"
    _, mismatch, errors = filecmp.cmpfiles(
        tmp_path / "project", golden.PROJECT, [str(f) for f in files], shallow=False
    )
    assert not mismatch and not errors, (mismatch, errors)
    assert not compared.left_only and not compared.right_only
