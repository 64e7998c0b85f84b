"""The README's commands stay true: two quick-start commands, CI runs the test one,
and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from cxsite.cli import main

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "build.py" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text()
    assert quick_start_commands()[1] in ci.splitlines()


def test_every_cli_command_is_documented() -> None:
    assert len(main.commands) >= 5
    for name in main.commands:
        assert f"`cxsite {name}" in README, name


def test_readme_says_how_to_put_the_wall_on_a_tv() -> None:
    section = README.split("## The wall", 1)[1].split("\n## ", 1)[0]
    assert "wall/index.html" in section
    for needed in ("--kiosk", "--noerrdialogs", "rotate=", "screen=", "poll="):
        assert needed in section, needed


def test_readme_is_quick_start_and_tutorial_then_reference() -> None:
    assert README.count("\n# Reference\n") == 1
    first = README.split("\n# Reference\n", 1)[0]
    assert first.index("## Quick start") < first.index("## Your own room from your own exports")
    # Development notes and benchmark tables live elsewhere.
    assert "# Development" not in README and "| size | input rows |" not in README


def test_readme_documents_options_and_keys_people_asked_about() -> None:
    for needed in ("check [PROJECT] [--strict]", "--no-cache", "`metrics[].decimals`"):
        assert needed in README, needed
    assert "`stages[].description`" in README
    assert "`-q` / `--quiet`" in README


def test_nothing_asks_for_chromium_driver() -> None:
    assert "chromium-driver" not in README
    assert "chromium-driver" not in (REPO / ".ci" / "run").read_text()


def test_quick_start_says_how_long_each_command_takes() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"takes about \d+", section)) == 2, section
