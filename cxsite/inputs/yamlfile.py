"""YAML that remembers where each value came from, so errors can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem


class LineDict(dict[str, Any]):
    """A mapping read from YAML: ``line`` is where it starts, ``key_lines`` per key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's C parser when PyYAML was built with it (much faster on large journeys);
# both keep the line marks the error messages need.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[str(key)] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, file: str, first_line: int = 1) -> tuple[Any, Problem | None]:
    """Parse YAML text; a syntax error comes back as a Problem naming the line."""
    try:
        return yaml.load(text, Loader=_Loader), None  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else None
        what = exc.problem or "invalid YAML"
        return None, Problem(
            f"YAML syntax error: {what}",
            file=file,
            line=line,
            hint="Check indentation, colons and quotes around this line",
        )
    except yaml.YAMLError as exc:
        return None, Problem(f"YAML syntax error: {exc}", file=file)


def not_utf8(exc: UnicodeDecodeError, file: str) -> Problem:
    """The problem for a file that is not UTF-8, naming the line of the first bad byte."""
    line = exc.object[: exc.start].count(b"\n") + 1
    return Problem("file is not UTF-8 text", file=file, line=line, hint="Save it as UTF-8")


def read_yaml(path: Path, shown_as: str) -> tuple[Any, Problem | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, Problem("file not found", file=shown_as, hint="Create it or fix the path")
    except UnicodeDecodeError as exc:
        return None, not_utf8(exc, shown_as)
    except OSError as exc:
        return None, Problem(
            f"cannot read the file ({exc.strerror or type(exc).__name__})",
            file=shown_as,
            hint="Check that it is a readable file, not a folder",
        )
    return parse_yaml(text, shown_as)
