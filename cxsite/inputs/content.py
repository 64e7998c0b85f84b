"""Phase 4 (inputs): Markdown content with YAML front matter.

A file attaches to a stage or touchpoint, or is a free page of its own. Markdown is
untrusted text: the HTML it produces is sanitized so nothing in it can run as script.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3

from ..errors import Problems
from .journey import ID_PATTERN, Journey
from .paths import outside_problem, resolve_inside
from .schema import Reader, did_you_mean
from .yamlfile import LineDict, not_utf8, parse_yaml

FRONT_MATTER_KEYS = ("title", "stage", "touchpoint", "kind", "owner", "date", "slug", "order")
CONTENT_KINDS = ("note", "action", "page")
_FENCE = re.compile(r"^---\s*$")

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
}


@dataclass(frozen=True)
class ContentItem:
    file: str
    title: str
    kind: str
    stage: str | None
    touchpoint: str | None
    owner: str
    date: str | None
    slug: str
    html: str
    order: int

    @property
    def is_page(self) -> bool:
        return self.stage is None and self.touchpoint is None


def render_markdown(text: str) -> str:
    html = markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"])
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def load_content(
    project: Path, content_dir: str, journey: Journey | None, problems: Problems, skip: str
) -> list[ContentItem]:
    folder = project / content_dir
    if not folder.is_dir():
        return []
    items = []
    for path in sorted(folder.rglob("*.md")):
        shown = path.relative_to(project).as_posix()
        if shown == skip:
            continue
        if not resolve_inside(project, shown)[1]:
            # a link from the content folder to a file elsewhere on the machine
            problems.errors.append(outside_problem("content file", shown, shown, None))
            continue
        item = _load_item(path, shown, journey, problems)
        if item:
            items.append(item)
    slugs: dict[str, str] = {}
    for item in items:
        if item.is_page:
            if item.slug in slugs:
                problems.add(
                    f"two pages share the slug '{item.slug}' (also {slugs[item.slug]})",
                    file=item.file,
                    line=1,
                    hint="Set a distinct 'slug' in the front matter",
                )
            slugs[item.slug] = item.file
    return items


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter, body, line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0]):
        return None, text, 1
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return "".join(lines[1:]), "", len(lines) + 1


def _load_item(
    path: Path, shown: str, journey: Journey | None, problems: Problems
) -> ContentItem | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.errors.append(not_utf8(exc, shown))
        return None
    except OSError as exc:
        problems.add(f"cannot read the file ({exc.strerror or type(exc).__name__})", file=shown)
        return None
    front, body, _ = split_front_matter(text)
    meta = LineDict()
    meta.line, meta.key_lines = 1, {}
    if front is not None:
        data, problem = parse_yaml(front, shown, first_line=2)
        if problem:
            problems.errors.append(problem)
            return None
        if data is not None and not isinstance(data, LineDict):
            problems.add("front matter must be a mapping of key: value", file=shown, line=2)
            return None
        if data is not None:
            meta = data
            meta.line = 1
            meta.key_lines = {k: v + 1 for k, v in meta.key_lines.items()}
    read = Reader(meta, shown, problems)
    read.check_keys(FRONT_MATTER_KEYS)
    stage = read.text("stage")
    touchpoint = read.text("touchpoint")
    if journey is not None:
        if touchpoint is not None and touchpoint not in journey.touchpoint_by_id:
            problems.add(
                f"front matter names an unknown touchpoint '{touchpoint}'",
                file=shown,
                line=meta.line_of("touchpoint"),
                hint=did_you_mean(touchpoint, journey.touchpoint_by_id)
                or "Use a touchpoint id from the journey",
            )
        if stage is not None and stage not in journey.stage_by_id:
            problems.add(
                f"front matter names an unknown stage '{stage}'",
                file=shown,
                line=meta.line_of("stage"),
                hint=did_you_mean(stage, journey.stage_by_id) or "Use a stage id from the journey",
            )
        if touchpoint in journey.touchpoint_by_id and stage is None:
            stage = None
    date_value = meta.get("date")
    date_text = None
    if isinstance(date_value, (dt.date, dt.datetime)):
        date_text = date_value.isoformat()[:10]
    elif date_value is not None:
        try:
            date_text = dt.date.fromisoformat(str(date_value)).isoformat()
        except ValueError:
            problems.add(
                "front matter 'date' is not a date",
                file=shown,
                line=meta.line_of("date"),
                value=date_value,
                hint="Write it as YYYY-MM-DD",
            )
    slug = read.text("slug") or path.stem.lower().replace(" ", "-").replace("_", "-")
    if not ID_PATTERN.match(slug):
        problems.add(
            "page slug may only use lower-case letters, digits and '-'",
            file=shown,
            line=meta.line_of("slug"),
            value=slug,
            hint="Rename the file or set 'slug' in the front matter",
        )
    default_kind = "page" if stage is None and touchpoint is None else "note"
    title = read.text("title") or _first_heading(body) or path.stem.replace("-", " ").capitalize()
    return ContentItem(
        file=shown,
        title=title,
        kind=read.choice("kind", CONTENT_KINDS, default_kind) or default_kind,
        stage=stage,
        touchpoint=touchpoint,
        owner=read.text("owner", "") or "",
        date=date_text,
        slug=slug,
        html=render_markdown(body),
        order=read.integer("order", 0) or 0,
    )


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None
