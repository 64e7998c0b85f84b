#!/usr/bin/env python3
"""The golden model: the golden fixture project's data files, canonicalised into one JSON.

    python scripts/golden.py            # build the fixture, compare, print the differences
    python scripts/golden.py --update   # build the fixture and rewrite the committed model

The fixture project (``tests/fixtures/golden/project``, written by
``scripts/make_golden_project.py``) is built with ``SOURCE_DATE_EPOCH`` fixed; every
``data/**/*.json`` file and ``alerts.json`` of the built site are gathered into one
document keyed by their path in the site, with the fields that name the build rather
than its content (``built_at``, ``build_id``, ``version``) masked. The committed copy is
``tests/fixtures/golden/model.json``; ``tests/test_golden.py`` runs the comparison.

A refactor that preserves behaviour leaves the golden model unchanged; a change that
fixes a bug shows exactly which numbers moved, and ``--update`` records them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "tests" / "fixtures" / "golden" / "project"
MODEL = ROOT / "tests" / "fixtures" / "golden" / "model.json"
EPOCH = "1700000000"
MASKED = frozenset({"built_at", "build_id", "version"})
MASK = "<masked>"


def _mask(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: MASK if k in MASKED else _mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def collect(site: Path) -> dict[str, Any]:
    """Every data file of a built site, masked, keyed by its path inside the site."""
    files = [*sorted(site.glob("data/**/*.json")), site / "alerts.json"]
    return {
        f.relative_to(site).as_posix(): _mask(json.loads(f.read_text(encoding="utf-8")))
        for f in files
    }


def build_model(project: Path = PROJECT) -> dict[str, Any]:
    """Build ``project`` into a temporary folder with the epoch fixed; its golden model."""
    from cxsite.build import build

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        with tempfile.TemporaryDirectory() as tmp:
            # The project is copied so the build's cache and site stay out of the repo.
            copy = Path(tmp) / "project"
            shutil.copytree(project, copy)
            build(copy, out=Path(tmp) / "site", use_cache=False)
            return collect(Path(tmp) / "site")
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def dumps(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _walk(path: str, old: Any, new: Any) -> Iterator[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys(), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in new:
                yield f"- {where}: removed (was {_short(old[key])})"
            elif key not in old:
                yield f"+ {where}: added {_short(new[key])}"
            else:
                yield from _walk(where, old[key], new[key])
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            yield f"~ {path}: {len(old)} items -> {len(new)} items"
        for i, (a, b) in enumerate(zip(old, new, strict=False)):
            yield from _walk(f"{path}[{i}]", a, b)
    elif old != new or type(old) is not type(new):
        yield f"~ {path}: {_short(old)} -> {_short(new)}"


def _short(value: Any, limit: int = 100) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One line per changed value: its path in the model, the old and the new value."""
    return list(_walk("", old, new))


def report(lines: list[str], limit: int = 60) -> str:
    shown = lines[:limit]
    more = f"\n... and {len(lines) - limit} more" if len(lines) > limit else ""
    return f"{len(lines)} differences from the golden model:\n" + "\n".join(shown) + more


def main() -> int:
    parser = argparse.ArgumentParser(description="Compare or update the golden model.")
    parser.add_argument("--update", action="store_true", help="rewrite the committed model")
    args = parser.parse_args()
    model = build_model()
    if args.update:
        MODEL.write_text(dumps(model), encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)} ({len(model)} data files)")
        return 0
    lines = differences(json.loads(MODEL.read_text(encoding="utf-8")), json.loads(dumps(model)))
    print(report(lines) if lines else "the golden model is unchanged")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
