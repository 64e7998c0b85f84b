"""The build, as one straight line of named phases.

load config → load journey → load data and content → compute the site model → render →
publish. Everything is read and checked before a single output byte is written.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import __version__
from .cache import CACHE_DIR, BuildCache, file_digest
from .errors import InputError, Problem, Problems

if TYPE_CHECKING:
    from jinja2 import Environment

    from .data.sources import Dataset
    from .inputs.config import SiteConfig
    from .inputs.content import ContentItem
    from .inputs.journey import Journey
    from .model.site_model import SiteModel
    from .registry import Menus, PagePlan, PlannedSite, Registry
    from .theme import Theme
    from .views.site import SiteViews

# Everything past the standard library (config, pandas, numpy, scipy, the engine) is
# imported where it is used, after the up-to-date check, so a rebuild with nothing
# changed costs a fraction of a second.
Json = dict[str, Any]

Progress = Callable[[str], None]
# The theme ships the smallest official plotly.js bundle that has every trace type the
# site draws (see themes/default/static/plotly.LICENSE.txt); it is copied with the
# theme's other static files.
PLOTLY_ASSET = "assets/plotly.min.js"


@dataclass
class Project:
    """Everything read from a project folder, checked and ready to build."""

    root: Path
    config: SiteConfig
    journey: Journey
    data: Dataset
    content: list[ContentItem]
    theme: Theme
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class BuildResult:
    out: Path
    # the site model (none when the site was already up to date)
    model: SiteModel | None
    pages: list[Json]
    bytes_written: int
    timings: dict[str, float]
    warnings: list[Problem]
    up_to_date: bool = False
    # the page views the site was rendered from (none when it was already up to date)
    views: SiteViews | None = None


def _quiet(_: str) -> None:
    return None


def load_project(
    project: Path,
    strict: bool = False,
    progress: Progress = _quiet,
    today: dt.date | None = None,
) -> Project:
    """Phases 1-3: read and check config, journey, data and content; raise all problems.

    ``today`` ends the window of plausible dates (default: today's UTC date).
    """
    from .data.sources import load_data
    from .inputs.config import CONFIG_FILE, load_config
    from .inputs.content import load_content
    from .inputs.crosschecks import check_driver_outcome
    from .inputs.journey import load_journey
    from .inputs.rhythmconfig import check_against_journey
    from .theme import resolve_theme

    project = project.resolve()
    problems = Problems()
    progress("Reading config")
    config = load_config(project, problems)
    if config is None:
        problems.raise_if_any()
        raise InputError("the config could not be read")
    progress("Reading journey")
    journey = load_journey(project, config.journey, problems)
    if journey is not None:
        check_against_journey(config.rhythm, journey, CONFIG_FILE, problems)
        check_driver_outcome(config, journey, problems)
    progress(f"Reading {len(config.sources)} data sources")
    data = load_data(config, journey, problems, today)
    progress("Reading content")
    content = load_content(project, config.content_dir, journey, problems, skip=config.journey)
    theme = resolve_theme(project, config.theme)
    if theme is None:
        problems.add(
            f"theme '{config.theme}' not found",
            file=CONFIG_FILE,
            line=config.theme_line,
            hint="Use 'default' or the path of a theme folder inside the project",
        )
    problems.raise_if_any(strict=strict)
    assert journey is not None and theme is not None
    return Project(project, config, journey, data, content, theme, problems.warnings)


def build(
    project: Path,
    out: Path | None = None,
    strict: bool = False,
    progress: Progress = _quiet,
    use_cache: bool = True,
    registry: Registry | None = None,
) -> BuildResult:
    """Build the site of ``project`` into ``out`` (default ``PROJECT/site``).

    ``registry`` holds the page kinds to build (default: the site's own, ``pages.py``).
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 4)
        clock = now

    project = project.resolve()
    out = (out or project / "site").resolve()
    cache = BuildCache(project / CACHE_DIR) if use_cache else None
    # First without reading anything: the same files, unchanged since the build that
    # made this site, give the same fingerprint.
    known = cache.unchanged_inputs(out, strict) if cache is not None else None
    if known is not None and is_current(out, known.build_id, known.manifest):
        lap("fingerprint")
        return _up_to_date(out, known.manifest, timings, progress)
    from .publish import MANIFEST, check_output_folder, copy_tree, staging, write_json

    check_output_folder(out, project)
    build_id = fingerprint(project, strict, cache, CODE_ROOT, out=out)
    if cache is not None and build_id and is_current(out, build_id):
        cache.save()
        lap("fingerprint")
        return _up_to_date(out, MANIFEST, timings, progress)
    lap("fingerprint")
    from .model.site import BuildInfo, compute_model
    from .pages import default_registry, url_of
    from .parallel import map_shared, shared_beside
    from .registry import PlannedSite
    from .render import make_environment
    from .search import indexing
    from .template_problems import check_templates
    from .views.site import build_views

    loaded = load_project(project, strict=strict, progress=progress)
    lap("load")
    progress("Computing the site model")
    info = BuildInfo("cxsite", __version__, build_id or "unknown", built_at())
    comments = cache.comments() if cache is not None else None
    model = compute_model(
        loaded.config, loaded.journey, loaded.data, loaded.content, info, comments
    )
    views = build_views(model, loaded.config, loaded.journey, loaded.content, url_of)
    theme, warnings = loaded.theme, loaded.warnings
    # The raw rows are not needed past the model: free them before the render workers
    # fork, so they neither share nor copy them; and stop the engine's threads, which a
    # forked worker would inherit in whatever state (and with whatever locks) they had.
    if loaded.data.engine is not None:
        loaded.data.engine.close()
    del loaded
    gc.collect()
    lap("model")
    registry = registry or default_registry()
    plans = registry.plan(model, views)
    site = PlannedSite(registry, model, views, plans)
    nav = registry.navigation(model, plans)
    env = make_environment(theme)
    check_templates(env, (plan.template for plan in plans), project)
    with staging(out) as temp:
        progress(f"Rendering {len(plans)} pages")
        written = sum(map_shared(_render_chunk, (env, site, nav, temp, project), plans))
        lap("render")
        progress("Writing data and assets, and indexing pages for search")
        # Pagefind reads only the pages, written by now; it indexes them meanwhile.
        with indexing(temp, [plan.url for plan in plans if plan.search]):
            # The data files and the exports are independent: the exports in a worker,
            # the data files here meanwhile (a second worker would copy what it reads).
            with shared_beside(_write_part, (temp, site, views), ("exports",)) as exports:
                written += sum(_write_part((temp, site, views), ("data",)))
                written += sum(exports())
            for folder in theme.static_dirs:
                copy_tree(folder, temp / "assets")
            # browsers and link previews ask the site root for favicon.ico
            if (temp / "assets" / "favicon.ico").is_file():
                (temp / "favicon.ico").write_bytes((temp / "assets" / "favicon.ico").read_bytes())
        pages = [
            {"kind": p.kind, "id": p.id, "title": p.title, "url": p.url, "data": p.data_url}
            for p in plans
        ]
        manifest = {
            "generator": info.generator,
            "version": info.version,
            "build_id": info.build_id,
            "built_at": info.built_at,
            "data_as_of": model.site.data_as_of,
            "title": model.site.title,
            "base_url": model.site.base_url,
            "pages": pages,
        }
        written += write_json(temp, MANIFEST, manifest, pretty=True)
        lap("publish")
    written += sum(f.stat().st_size for f in (out / "assets").rglob("*") if f.is_file())
    if cache is not None:
        cache.save()
    return BuildResult(out, model, pages, written, timings, warnings, views=views)


def _up_to_date(
    out: Path, manifest_name: str, timings: dict[str, float], progress: Progress
) -> BuildResult:
    progress("Nothing changed since the last build: the site is up to date")
    manifest = json.loads((out / manifest_name).read_text(encoding="utf-8"))
    return BuildResult(out, None, manifest["pages"], 0, timings, [], up_to_date=True)


def _write_part(shared: object, parts: Sequence[str]) -> list[int]:
    """The bytes written for each of ``parts``: ``data`` (the data files and the sitemap)
    or ``exports`` (the CSV files and the workbook)."""
    from .datafiles import write_data, write_sitemap
    from .exports import write_exports
    from .model.site import model_data

    temp, site, views = cast("tuple[Path, PlannedSite, SiteViews]", shared)
    written = []
    for part in parts:
        if part == "data":
            written.append(write_data(temp, site) + write_sitemap(temp, site))
        else:
            written.append(write_exports(temp, model_data(site.model) | views.data))
    return written


def _render_chunk(shared: object, plans: Sequence[PagePlan]) -> list[int]:
    from jinja2 import TemplateError

    from .downloads import add_downloads, trend_counts
    from .publish import write_text
    from .render import render_page
    from .template_problems import render_problem

    env, site, nav, temp, project = cast(
        "tuple[Environment, PlannedSite, Menus, Path, Path]", shared
    )
    written = []
    for plan in plans:
        kind = site.registry.kind(plan.kind)
        view = site.view(plan)
        figures = kind.figures(view, site.model, plan.id)
        # Each segment's card has its own trend, drawn when the reader picks it.
        lazy = kind.lazy_figures(view, site.model, plan.id)
        try:
            html = render_page(env, site, plan, view, nav, figures, lazy)
        except TemplateError as exc:
            # Raised here, in the worker, where the template's frames are still known.
            raise InputError([render_problem(exc, project, plan.url)]) from None
        size = 0
        if kind.downloads:
            counts = trend_counts(kind.trends(view, site.model))
            html, files = add_downloads(html, figures | lazy, counts)
            folder = plan.url.rsplit("/", 1)[0] + "/" if "/" in plan.url else ""
            size += sum(write_text(temp, folder + name, text) for name, text in files.items())
        written.append(size + write_text(temp, plan.url, html))
    return written


def is_current(out: Path, build_id: str, manifest_name: str | None = None) -> bool:
    """The site in ``out`` was built from exactly these inputs and is complete."""
    if manifest_name is None:
        from .publish import MANIFEST

        manifest_name = MANIFEST
    try:
        manifest = json.loads((out / manifest_name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("build_id") != build_id or not (out / PLOTLY_ASSET).is_file():
        return False
    return all((out / page["url"]).is_file() for page in manifest.get("pages", []))


# cxsite's own files: a changed module or template must rebuild even when the version
# number stayed the same (a development checkout, an edited installation).
CODE_ROOT = Path(__file__).resolve().parent


def code_files(root: Path) -> list[Path]:
    """Every file of the package that can change what a build writes (not bytecode)."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    )


def fingerprint(
    project: Path,
    strict: bool,
    cache: BuildCache | None = None,
    code_root: Path = CODE_ROOT,
    out: Path | None = None,
) -> str | None:
    """A build id from the content of every input, of cxsite's own code, the generator
    version and the options.

    None when the config cannot be read (the build will then report why). With a cache
    and ``out``, the files and folders it was made from are remembered, so the next build
    into ``out`` can tell from their sizes and times alone that nothing changed.
    """
    from .inputs.config import CONFIG_FILE, load_config
    from .publish import MANIFEST
    from .theme import resolve_theme

    problems = Problems()
    config = load_config(project, problems)
    if config is None:
        return None
    theme = resolve_theme(project, config.theme)
    files = [project / CONFIG_FILE, project / config.journey]
    content = project / config.content_dir
    if content.is_dir():
        files += sorted(content.rglob("*.md"))
    files += [path for s in config.sources for path in s.reads]
    folders = [content, code_root]
    for folder in (theme.template_dirs + theme.static_dirs) if theme else ():
        files += sorted(p for p in folder.rglob("*") if p.is_file())
        folders.append(folder)
    code = code_files(code_root)
    databases = any(s.connection is not None for s in config.sources)
    digest = hashlib.sha256(f"cxsite {__version__} strict={strict}".encode())
    for path in code:
        digest.update(path.relative_to(code_root).as_posix().encode())
        digest.update((cache.digest(path) if cache else file_digest(path)).encode())
    for path in files:
        digest.update(
            str(path.relative_to(project) if path.is_relative_to(project) else path.name).encode()
        )
        if path.is_file():
            digest.update((cache.digest(path) if cache else file_digest(path)).encode())
        else:
            digest.update(b"missing")
    if databases:
        # Tables in a database: a summary made where they live (count, newest dates,
        # checksums), not their bytes.
        from .data.engine import Engine
        from .data.source_summary import database_fingerprint

        engine = Engine(project, config.engine, config.allow_outside)
        try:
            digest.update(database_fingerprint(config, engine).encode())
        finally:
            engine.close()
    build_id = digest.hexdigest()[:16]
    if cache is not None and out is not None and not databases:
        # (a database's tables have no file to watch: those projects always fingerprint)
        cache.remember_inputs(out, strict, MANIFEST, build_id, [*files, *code], folders)
    return build_id


def built_at() -> str:
    """Now, or SOURCE_DATE_EPOCH when set, so builds can be made byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(tz=dt.UTC)
    )
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")
