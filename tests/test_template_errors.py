"""A broken template override is a problem naming the template's file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import make_project

from cxsite.cli import main


def _build(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(root), "-q", "--no-cache"])
    return result.exit_code, result.output


def _site_files(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_undefined_name_in_an_override_names_the_template_and_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    code, _ = _build(root)
    assert code == 0
    before = _site_files(root)
    assert before, "the first build wrote a site"
    (root / "templates").mkdir()
    (root / "templates/page.html").write_text(
        '{% extends "!default/page.html" %}\n'
        "{% block title %}\n"
        "{{ page.nonexistent.deeper }}\n"
        "{% endblock %}\n"
    )
    code, output = _build(root)
    assert code == 1
    assert "Traceback" not in output
    assert "templates/page.html:3" in output
    assert "nonexistent" in output
    assert _site_files(root) == before


def test_syntax_error_in_an_override_is_found_before_writing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    assert _build(root)[0] == 0
    before = _site_files(root)
    (root / "templates").mkdir()
    (root / "templates/page.html").write_text(
        '{% extends "!default/page.html" %}\n\n{% block title %}{{ page.title }\n{% endblock %}\n'
    )
    code, output = _build(root)
    assert code == 1
    assert "Traceback" not in output
    assert "templates/page.html:3" in output
    assert _site_files(root) == before


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("good") / "proj")
    assert _build(root)[0] == 0
    return root


@pytest.mark.parametrize(
    ("body", "line", "word"),
    [
        # the plain undefined attribute: no deeper access to fail on
        ("{% block title %}\n\n{{ page.nonexistent }}\n{% endblock %}\n", 4, "nonexistent"),
        # an undefined top-level name
        ("{% block title %}\n{{ no_such_name }}\n{% endblock %}\n", 3, "no_such_name"),
        # a filter that does not exist is found when the template is compiled
        ("{% block title %}\n{{ page.title | shout }}\n{% endblock %}\n", 3, "shout"),
    ],
)
def test_each_kind_of_mistake_names_file_and_line_in_workers_too(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    built_once: Path,
    body: str,
    line: int,
    word: str,
) -> None:
    # Pages render in worker processes on a real site: the problem must survive the
    # trip back from the worker (the project is small, so the threshold is lowered).
    monkeypatch.setenv("CXSITE_WORKERS", "2")
    monkeypatch.setenv("CXSITE_MIN_CHUNK", "1")
    root = tmp_path / "proj"
    shutil.copytree(built_once, root)  # a project with its last good site
    before = _site_files(root)
    assert len(before) >= 10
    (root / "templates").mkdir()
    (root / "templates/page.html").write_text('{% extends "!default/page.html" %}\n' + body)
    code, output = _build(root)
    assert code == 1, output
    assert "Traceback" not in output
    assert f"templates/page.html:{line}" in output, output
    assert word in output
    assert _site_files(root) == before
