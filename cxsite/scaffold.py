"""`cxsite init`: a new project from the sample company, ready for git and CI.

Besides the sample's config, journey, content and data, a new project gets a
``.gitignore`` (the built site and caches are never committed), a ``requirements.txt``
pinning cxsite where this installation came from, a GitHub Actions workflow that
installs from it, checks and builds, and JSON Schemas for ``cxsite.yml`` and the journey
that editors use to validate and complete them.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
from pathlib import Path

from . import __version__
from .errors import BuildError, CxsiteError, Problem
from .inputs.reference import SCHEMA_DIR, schema_line, write_schemas
from .resources import PACKAGE, sample_project

STARTER = PACKAGE / "starter"
WORKFLOW = Path(".github") / "workflows" / "site.yml"


def init_project(directory: Path, requirement: str | None = None) -> list[str]:
    """Write a new project into ``directory``; the files written, for the report."""
    sample = sample_project()
    if sample is None:
        raise CxsiteError("the sample project is missing from this installation; reinstall cxsite")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise CxsiteError(
            [Problem(f"{directory} is not empty", hint="Choose a new or empty folder")]
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for folder in ("content", "data"):
            shutil.copytree(sample / folder, directory / folder)
        _with_schema_line(sample / "cxsite.yml", directory / "cxsite.yml", "cxsite", "")
        journey = Path("content") / "journey.yml"
        _with_schema_line(sample / journey, directory / journey, "journey", "../")
        shutil.copyfile(STARTER / "gitignore", directory / ".gitignore")
        (directory / WORKFLOW).parent.mkdir(parents=True)
        shutil.copyfile(STARTER / "site.yml", directory / WORKFLOW)
        (directory / "requirements.txt").write_text(
            requirements_text(requirement), encoding="utf-8"
        )
        written = write_schemas(directory / SCHEMA_DIR)
    except OSError as exc:
        raise BuildError(
            [Problem(f"could not write the project into {directory}: {exc.strerror or exc}")]
        ) from exc
    return [
        "cxsite.yml",
        "content/",
        "data/",
        ".gitignore",
        WORKFLOW.as_posix(),
        "requirements.txt",
        *written,
    ]


def _with_schema_line(source: Path, target: Path, schema: str, up: str) -> None:
    text = source.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if "yaml-language-server" not in line]
    target.write_text(schema_line(schema, up) + "\n" + "".join(lines), encoding="utf-8")


def requirements_text(requirement: str | None) -> str:
    """requirements.txt for CI: the given requirement, else where cxsite came from."""
    note = "# cxsite for CI (.github/workflows/site.yml): pip install -r requirements.txt\n"
    if requirement:
        return note + requirement + "\n"
    origin = installed_from()
    if origin is None:
        return note + f"cxsite=={__version__}\n"
    if origin.startswith("file:"):
        return (
            note
            + "# cxsite was installed from a folder on this machine, which CI cannot reach:\n"
            + "# replace this line with your git repository or package index, e.g.\n"
            + "# cxsite @ git+https://github.com/your-org/cxsite@v"
            + __version__
            + "\n"
            + f"cxsite @ {origin}\n"
        )
    return note + f"cxsite @ {origin}\n"


def installed_from() -> str | None:
    """The URL pip installed cxsite from (PEP 610), pinned to its commit; None if an index."""
    try:
        text = importlib.metadata.distribution("cxsite").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    info = json.loads(text)
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info")
    if vcs:
        return f"{vcs['vcs']}+{url}@{vcs.get('commit_id') or vcs.get('requested_revision', '')}"
    return url or None
