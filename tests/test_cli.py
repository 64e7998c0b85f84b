"""The command line as a person meets it: every command with bad arguments ends in a
one-line-per-problem message and a non-zero exit, never a traceback; -q is quiet;
check shows progress."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import make_project

from cxsite.cli import main


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def bad_invocations(tmp: Path, busy: int) -> list[list[str]]:
    project = make_project(tmp / "proj")
    a_file = tmp / "a-file.txt"
    a_file.write_text("not a folder\n")
    broken = make_project(tmp / "broken")
    (broken / "cxsite.yml").write_text("title: [unclosed\n")
    full = tmp / "full"
    full.mkdir()
    (full / "notes.txt").write_text("someone's files\n")
    missing = str(tmp / "no-such-project")
    return [
        [],
        ["nosuch"],
        ["--bogus"],
        ["init"],
        ["init", str(full)],
        ["init", str(a_file / "sub")],
        ["init", str(tmp / "x"), "extra"],
        ["init", str(tmp / "y"), "--bogus"],
        ["check", missing],
        ["check", str(a_file)],
        ["check", str(broken)],
        ["check", str(project), "--bogus"],
        ["check", str(project), "extra"],
        ["build", missing],
        ["build", str(broken), "-q"],
        ["build", str(project), "--out", str(project)],
        ["build", str(project), "--out", str(full)],
        ["build", str(project), "--out", str(a_file)],
        ["serve", missing, "--port", "0"],
        ["serve", str(project), "--port", "99999"],
        ["serve", str(project), "--port", "-1"],
        ["serve", str(project), "--port", "abc"],
        ["serve", str(project), "--port", str(busy)],
        ["serve", str(broken), "--port", "0"],
        ["digest", missing],
        ["digest", str(broken)],
        ["digest", str(project), "--bogus"],
    ]


def test_every_command_with_bad_arguments_ends_in_a_message(tmp_path: Path, busy_port: int) -> None:
    runner = CliRunner()
    for args in bad_invocations(tmp_path, busy_port):
        result = runner.invoke(main, args)
        where = f"cxsite {' '.join(args)}"
        # Bare `cxsite` shows its help, like git; everything else is an error.
        if not args:
            assert "Usage:" in result.output, where
            continue
        assert isinstance(result.exception, SystemExit), f"{where}: {result.exception!r}"
        assert result.exit_code != 0, where
        assert "Traceback" not in result.output, where
        last = result.output.strip().splitlines()[-1]
        assert last.startswith("Error: "), f"{where}: {result.output}"


def test_busy_port_is_one_line_suggesting_another(tmp_path: Path, busy_port: int) -> None:
    project = make_project(tmp_path / "proj")
    result = CliRunner().invoke(main, ["serve", str(project), "--port", str(busy_port)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [
        f"Error: port {busy_port} is already in use by another program. Choose another "
        f"with --port, e.g. --port {busy_port + 1} (or --port 0 for any)"
    ]
    # The port is checked before anything is built.
    assert not (project / "site").exists()


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    runner = CliRunner()
    for args in (
        ["init", str(tmp_path / "new"), "-q"],
        ["check", str(project), "-q"],
        ["build", str(project), "-q"],
        ["build", str(project), "-q"],  # up to date
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert result.output == "", (args, result.output)


def test_check_shows_progress_then_the_summary(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj")
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    steps = [line for line in lines if line.startswith("[")]
    assert [s.split("] ", 1)[1] for s in steps] == [
        "Reading config",
        "Reading journey",
        "Reading 3 data sources",
        "Reading content",
    ]
    assert lines[-1].startswith("OK: 2 stages, 2 touchpoints")
