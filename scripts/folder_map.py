#!/usr/bin/env python3
"""Print the map of cxsite's folders with each module's line count, for CONTRIBUTING.md.

    python scripts/folder_map.py

One row per folder, in the order data flows through the build; each module with its
number of lines, so an oversized module (the house limit is about 400) stands out.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cxsite"

# The phases in the order the build runs them, then the supporting folders.
ROOMS = {
    "inputs": "phase 1: what the user writes — `cxsite.yml`, the journey, Markdown content,"
    " the YAML reader, the key reference (JSON Schemas, README tables)",
    "data": "phase 2: the engine — connections, readers, source config, row checks, the"
    " canonical relations, and the queries that reduce rows to small aggregates",
    "model": "phase 3: typed summaries computed from the aggregates — metrics, headlines,"
    " analytics, issues, customers, alerts — and the one `serialise.to_json`",
    "views": "phase 4: what each page kind shows (stage, touchpoint, owners, issues,"
    " changes, scorecards, explain, wall screens)",
    "figures": "phase 5: the one set of plotly figure builders, site and wall styles",
    "stats": "statistics on plain numbers (intervals, tests, control charts, drivers, text)",
    "voice": "customer comments: redaction, language, sentiment, terms, selection",
    "privacy": "personal data found and removed from free text",
    "digest": "the weekly e-mail digest",
    ".": "the build's straight line and the output phase: registry of page kinds, render,"
    " data files, search, publish; the CLI, cache, workers, serve",
}


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def main() -> None:
    print("| folder | what lives there | modules (lines) | lines |")
    print("|---|---|---|---|")
    for room, what in ROOMS.items():
        folder = PACKAGE / room
        modules = sorted(folder.glob("*.py") if room == "." else folder.rglob("*.py"))
        counted = [(m.relative_to(folder).as_posix(), lines(m)) for m in modules]
        shown = ", ".join(f"`{name}` {n}" for name, n in counted if name != "__init__.py")
        name = "`cxsite/`" if room == "." else f"`cxsite/{room}/`"
        print(f"| {name} | {what} | {shown} | {sum(n for _, n in counted):,} |")


if __name__ == "__main__":
    main()
