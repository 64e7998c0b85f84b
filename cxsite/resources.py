"""Where the built-in theme and the sample project live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def builtin_theme(name: str) -> Path | None:
    for base in (PACKAGE / "themes", CHECKOUT / "themes"):
        if (base / name).is_dir():
            return base / name
    return None


def sample_project() -> Path | None:
    """The sample company: bundled in the wheel, or the checkout's root."""
    for base in (PACKAGE / "sample", CHECKOUT):
        if (base / "cxsite.yml").is_file() and (base / "data").is_dir():
            return base
    return None
