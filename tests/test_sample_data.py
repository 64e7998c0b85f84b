"""The sample company's data is made by its seeded script: running it again gives the
committed files byte for byte."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_sample_data_is_reproducible(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    shutil.copy(REPO / "cxsite.yml", tmp_path / "cxsite.yml")
    shutil.copy(REPO / "content" / "journey.yml", tmp_path / "content" / "journey.yml")
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_sample_data.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    committed = sorted(p.name for p in (REPO / "data").iterdir() if p.is_file())
    made = sorted(p.name for p in (tmp_path / "data").iterdir() if p.is_file())
    assert made == committed and len(committed) >= 6  # every export of the sample
    for name in committed:
        assert (tmp_path / "data" / name).read_bytes() == (REPO / "data" / name).read_bytes(), name
