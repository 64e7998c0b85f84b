"""The theme's templates only present what the views give them.

Three rules, each checked on the Jinja code itself (the lexer's tokens, so text such as
"on a −1 to +1 scale" or a "%.2f" format is not mistaken for code):

- no numeric constant in template code but 0, 1 and 100 (decimal places, given to the
  ``number`` filter or as ``places=``, are a display format like "%.2f" and are allowed);
- no lookup table or side effect: no dict literal, no call of a mutating method;
- no URL built by hand: a link's target is a URL from the view (``{{ root }}{{ x.url }}``,
  optionally with a ``#fragment``), a fragment on the same page, or a theme asset.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parent.parent / "themes" / "default" / "templates"
ALLOWED_NUMBERS = {"0", "1", "100"}
MUTATORS = {"update", "append", "extend", "insert", "pop", "setdefault", "clear", "remove"}
# Attributes whose value is a URL the browser follows or loads.
URL_ATTRIBUTE = re.compile(r"""\b(href|src|action|data-bundle)\s*=\s*"([^"]*)\"""")
# One expression (no concatenation in it) after the root: a URL the view made.
FROM_VIEW = re.compile(r"^(\{\{ root \}\})?\{\{ [^{}~+]+ \}\}(#[\w-]+)?$")
ASSET = re.compile(r"^\{\{ root \}\}(assets|pagefind)/[\w./-]*(\?v=\{\{ site\.build_id \}\})?$")
FRAGMENT = re.compile(r"^#([\w-]+|\{\{ [\w.]+ \}\})$")

Token = tuple[int, str, str]


def templates() -> list[Path]:
    found = sorted(TEMPLATES.glob("*.html"))
    assert len(found) >= 15, f"the theme's templates were not found in {TEMPLATES}"
    return found


def code_tokens(path: Path) -> list[Token]:
    """The tokens of the template's Jinja code: expressions and statements, not text."""
    env = Environment(trim_blocks=True, lstrip_blocks=True)
    skipped = {"data", "comment", "comment_begin", "comment_end", "whitespace"}
    return [t for t in env.lex(path.read_text(encoding="utf-8")) if t[1] not in skipped]


def numeric_constants(tokens: list[Token]) -> list[str]:
    found = []
    for index, (line, kind, value) in enumerate(tokens):
        if kind not in ("integer", "float") or value in ALLOWED_NUMBERS:
            continue
        before = [t[2] for t in tokens[max(0, index - 2) : index]]
        if before in (["number", "("], ["places", "="]):  # decimal places: a display format
            continue
        found.append(f"line {line}: {value}")
    return found


def lookups_and_side_effects(tokens: list[Token]) -> list[str]:
    found = []
    for index, (line, kind, value) in enumerate(tokens):
        previous = tokens[index - 1][2] if index else ""
        if kind == "operator" and value == "{":
            found.append(f"line {line}: a dict literal")
        if kind == "name" and value in MUTATORS and previous == ".":
            found.append(f"line {line}: .{value}(...)")
    return found


def hand_built_urls(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    for match in URL_ATTRIBUTE.finditer(text):
        value = match.group(2)
        if FROM_VIEW.match(value) or ASSET.match(value) or FRAGMENT.match(value):
            continue
        line = text.count("\n", 0, match.start()) + 1
        found.append(f'line {line}: {match.group(1)}="{value}"')
    tokens = code_tokens(path)
    for index, (line, kind, value) in enumerate(tokens):
        # a page's URL written out in code (template names, as in extends, are not URLs)
        naming = index and tokens[index - 1][2] in ("extends", "include", "import", "from")
        if kind == "string" and "index.html" in value and not naming:
            found.append(f"line {line}: the URL {value!r} in template code")
    return found


@pytest.mark.parametrize("path", templates(), ids=lambda p: p.name)
def test_template_has_no_numeric_constant(path: Path) -> None:
    assert numeric_constants(code_tokens(path)) == []


@pytest.mark.parametrize("path", templates(), ids=lambda p: p.name)
def test_template_builds_no_lookup_and_has_no_side_effect(path: Path) -> None:
    assert lookups_and_side_effects(code_tokens(path)) == []


@pytest.mark.parametrize("path", templates(), ids=lambda p: p.name)
def test_template_builds_no_url(path: Path) -> None:
    assert hand_built_urls(path) == []


def test_the_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    """Each rule flags a template that breaks it and passes one that does not."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "{% set by_id = {} %}{% for m in page.metrics %}{% set _ = by_id.update({m.id: m}) %}"
        "{% endfor %}\n"
        '<a href="{{ root }}touchpoints/{{ t.id }}/index.html">x</a>\n'
        "{{ (page.window_days / 30.4)|round|int }} {{ items[:3] }} {{ x|number(2) }}\n"
        '{{ "%.2f"|format(v) }} on a −1 to +1 scale, 60 comments\n',
        encoding="utf-8",
    )
    tokens = code_tokens(bad)
    assert numeric_constants(tokens) == ["line 3: 30.4", "line 3: 3"]
    assert lookups_and_side_effects(tokens) == [
        "line 1: a dict literal",
        "line 1: .update(...)",
        "line 1: a dict literal",
    ]
    assert hand_built_urls(bad) == [
        'line 2: href="{{ root }}touchpoints/{{ t.id }}/index.html"',
    ]
    good = tmp_path / "good.html"
    good.write_text(
        '<a href="{{ root }}{{ t.url }}">x</a> <a href="{{ root }}{{ c.url }}#oldest-h">y</a>\n'
        '<a href="#main">z</a> <link href="{{ root }}assets/style.css">\n'
        "{{ page.window_months }} {{ (share * 100)|round|int }} {{ n - 1 }}\n"
        "{{ pct(v, places=2) }}\n",
        encoding="utf-8",
    )
    tokens = code_tokens(good)
    assert numeric_constants(tokens) == []
    assert lookups_and_side_effects(tokens) == []
    assert hand_built_urls(good) == []
