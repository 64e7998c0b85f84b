"""A broken template override is a problem naming the template's file and line."""

from __future__ import annotations

from pathlib import Path

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
