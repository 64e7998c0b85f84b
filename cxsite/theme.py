"""A theme: its folders of templates and static files, found without importing the
renderer (an up-to-date check fingerprints a theme's files and renders nothing)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .inputs.paths import resolve_inside
from .resources import builtin_theme


@dataclass(frozen=True)
class Theme:
    name: str
    template_dirs: tuple[Path, ...]
    static_dirs: tuple[Path, ...]


def resolve_theme(project: Path, name: str) -> Theme | None:
    """The theme's folders, most specific first; None if the theme cannot be found."""
    default = builtin_theme("default")
    if default is None:
        return None
    chosen: Path | None
    if name == "default":
        chosen = default
    elif resolve_inside(project, name)[1] and (project / name).is_dir():
        chosen = project / name
    elif re.fullmatch(r"[A-Za-z0-9_-]+", name):
        chosen = builtin_theme(name)
    else:  # a theme folder outside the project is not used
        chosen = None
    if chosen is None or not chosen.is_dir():
        return None
    folders = [project] + ([chosen] if chosen != default else []) + [default]
    templates = [f / "templates" for f in folders if (f / "templates").is_dir()]
    statics = [f / "static" for f in reversed(folders) if (f / "static").is_dir()]
    return Theme(name=name, template_dirs=tuple(templates), static_dirs=tuple(statics))
