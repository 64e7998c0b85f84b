"""Build the repository's sample company into ./site (``python build.py``)."""

from pathlib import Path

from cxsite.cli import main

if __name__ == "__main__":
    root = Path(__file__).resolve().parent
    main(["build", str(root), "--out", str(root / "site")])
