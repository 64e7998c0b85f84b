"""What the warehouse tests share: where the repository is, the fixed build time, and the
comparison of two sites' data files."""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))  # benchmarks/warehouse.py loads the databases

EPOCH = "1700000000"  # one build time for every build compared byte for byte
BUILD_ID = re.compile(rb'"build_id": ?"[0-9a-f]{16}"')


def data_files(site: Path) -> dict[str, bytes]:
    """Every data file of a site (JSON and CSV: data/, downloads, exports, alerts), with
    the build id blanked: it fingerprints the inputs, which differ by design."""
    files = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.suffix in {".json", ".csv"} and not relative.startswith("pagefind/"):
            files[relative] = BUILD_ID.sub(b'"build_id":""', path.read_bytes())
    return files


def assert_same_data(built: Path, expected: Path) -> None:
    got, want = data_files(built), data_files(expected)
    assert len(want) > 100, "the reference build wrote too few data files to compare"
    assert sorted(got) == sorted(want)
    differing = [name for name in want if got[name] != want[name]]
    assert not differing, f"{len(differing)} data files differ, e.g. {differing[:5]}"
