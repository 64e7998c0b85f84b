"""The lowest-versions constraints file pins exactly the lower bounds pyproject declares,
so CI's second run (.ci/run) really runs on the oldest versions cxsite claims to support."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
# Checking tools: their version changes what they report about the code, not what the
# code does, so the lowest run leaves them free (and leaves the quality checks out).
TOOLS = {"ruff", "mypy", "pandas-stubs", "types-pyyaml", "types-markdown", "playwright"}


def lower_bounds() -> dict[str, Version]:
    project = PYPROJECT["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    bounds: dict[str, Version] = {}
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        for spec in requirement.specifier:
            if spec.operator == ">=":
                version = Version(spec.version)  # 8.1 and 8.1.0 are one version
                assert bounds.get(name, version) == version, f"{name}: two lower bounds"
                bounds[name] = version
    return bounds


def pinned() -> dict[str, Version]:
    pins = {}
    for line in (REPO / "constraints" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_every_lower_bound_is_pinned_in_the_lowest_constraints() -> None:
    bounds = {k: v for k, v in lower_bounds().items() if k not in TOOLS}
    assert len(bounds) > 20
    pins = pinned()
    assert {k: pins.get(k) for k in bounds} == bounds


def test_the_lowest_constraints_pin_nothing_undeclared() -> None:
    bounds = lower_bounds()
    extra = {k: v for k, v in pinned().items() if bounds.get(k) != v}
    assert extra == {}


def test_pandas_2_is_the_lowest_pandas() -> None:
    assert pinned()["pandas"].major == 2
