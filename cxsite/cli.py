"""The command line: a thin face on the library in :mod:`cxsite.build`."""

from __future__ import annotations

import functools
import time
import webbrowser
from pathlib import Path

import click

from . import __version__
from .build import BuildResult, build, load_project
from .errors import BuildError, CxsiteError, Problem
from .lastresort import GuardedGroup
from .scaffold import init_project

project_argument = click.argument(
    "project",
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
)


def _progress(quiet: bool) -> functools.partial[None] | None:
    if quiet:
        return None
    start = time.perf_counter()

    def report(message: str) -> None:
        click.echo(f"[{time.perf_counter() - start:6.1f}s] {message}", err=True)

    return report  # type: ignore[return-value]


def _show_warnings(warnings: list[Problem]) -> None:
    for warning in warnings:
        click.secho(f"Warning: {warning}", fg="yellow", err=True)


@click.group(cls=GuardedGroup)
@click.version_option(__version__, prog_name="cxsite")
def main() -> None:
    """cxsite builds the customer room — journey, touchpoints, metrics, issues and
    customer comments — as a static site."""


quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print only errors and warnings.")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--requirement",
    metavar="SPEC",
    help="How CI installs cxsite, written to requirements.txt (default: where this "
    "cxsite was installed from), e.g. 'cxsite @ git+https://github.com/org/cxsite@v0.1.0'.",
)
@quiet_option
def init(directory: Path, requirement: str | None, quiet: bool) -> None:
    """Start a new project in DIRECTORY from the sample company, with a .gitignore, a CI
    workflow and JSON Schemas for editors."""
    written = init_project(directory, requirement)
    if not quiet:
        click.echo(f"Created a cxsite project in {directory}: {', '.join(written)}")
        click.echo(f"Build it with: cxsite build {directory}")


@main.command()
@project_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@quiet_option
def check(project: Path, strict: bool, quiet: bool) -> None:
    """Check config, journey, content and every data file; write nothing."""
    progress = _progress(quiet)
    loaded = (
        load_project(project, strict=strict, progress=progress)
        if progress
        else load_project(project, strict=strict)
    )
    _show_warnings(loaded.warnings)
    if quiet:
        return
    data = loaded.data
    click.echo(
        f"OK: {len(loaded.journey.stages)} stages, {len(loaded.journey.touchpoints)} touchpoints, "
        f"{len(loaded.journey.metrics)} metrics; {data.rows('observations'):,} observations, "
        f"{data.rows('responses'):,} survey responses, {data.rows('issues'):,} issues, "
        f"{data.rows('comments'):,} comments; {len(loaded.content)} content files"
        + (
            f"; {data.rows('customers'):,} customers, {data.rows('contacts'):,} contacts"
            if data.rows("customers") or data.rows("contacts")
            else ""
        )
    )


@main.command(name="build")
@project_argument
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: PROJECT/site).",
)
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. unknown touchpoints) as errors.")
@quiet_option
@click.option(
    "--no-cache",
    is_flag=True,
    help="Rebuild everything; ignore and do not update PROJECT/.cxsite-cache.",
)
def build_command(
    project: Path, out: Path | None, strict: bool, quiet: bool, no_cache: bool
) -> None:
    """Build the site from PROJECT (default: the current folder).

    Inputs are fingerprinted by content: when nothing changed since the last build into
    the same folder, nothing is redone.
    """
    result = _build(project, out, strict, quiet, use_cache=not no_cache)
    if not quiet:
        click.echo(f"Open {result.out / 'index.html'}")


def _silent(_: str) -> None:
    return None


def _build(
    project: Path, out: Path | None, strict: bool, quiet: bool, use_cache: bool = True
) -> BuildResult:
    started = time.perf_counter()
    progress = _progress(quiet)
    try:
        result = build(
            project,
            out=out,
            strict=strict,
            use_cache=use_cache,
            progress=progress or _silent,
        )
    except OSError as exc:
        # A full disk or a read-only share: the previous site is still in place.
        raise BuildError(
            [Problem(f"could not write the site: {exc}", hint="Check the output folder")]
        ) from exc
    _show_warnings(result.warnings)
    if quiet:
        return result
    if result.up_to_date:
        click.echo(f"Nothing changed since the last build; {result.out} is up to date")
        return result
    click.echo(
        f"Built {len(result.pages)} pages ({result.bytes_written / 1e6:.1f} MB) into {result.out} "
        f"in {time.perf_counter() - started:.1f}s"
    )
    return result


@main.command()
@project_argument
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the .eml and .html files (default: PROJECT/digest).",
)
@click.option("--send", is_flag=True, help="Send them through the SMTP server in cxsite.yml.")
def digest(project: Path, out: Path | None, send: bool) -> None:
    """Write the weekly digest e-mails: one per owner and one for leadership.

    Without --send they are written as .eml files for review. With --send they go
    through digest.smtp in cxsite.yml; the password is read from the environment
    variable named in digest.smtp.password_env, never from a file.
    """
    from .digest.run import run_digest

    result = run_digest(project, out, send)
    folder = result.written[0].parent if result.written else out
    click.echo(f"Wrote {len(result.written)} digests to {folder}")
    report = result.report
    if report is None:
        return
    for line in report.sent:
        click.echo(f"Sent: {line}")
    for owner in report.skipped:
        click.secho(f"Warning: no recipients for {owner} in digest.owners", fg="yellow", err=True)
    if report.failed:
        raise CxsiteError(report.failed)


@main.command()
@project_argument
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: PROJECT/site).",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port on localhost (0: any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@quiet_option
def serve(project: Path, out: Path | None, port: int, open_browser: bool, quiet: bool) -> None:
    """Build PROJECT, serve the site on localhost, and rebuild and reload the open page
    whenever the project changes."""
    from .serve import bind, serve_forever

    project = project.resolve()
    target = (out or project / "site").resolve()
    # Bind first: a busy port is reported before a build that may take a while.
    server = bind(port, target, quiet)
    try:
        result = _build(project, out, strict=False, quiet=quiet)
    except BaseException:
        server.server_close()
        raise
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    if not quiet:
        click.echo(f"Serving {result.out} at {url}; rebuilding on change (Ctrl+C to stop)")
    if open_browser:
        webbrowser.open(url)

    def rebuild(quietly: bool) -> None:
        _build(project, out, strict=False, quiet=quiet or quietly)

    serve_forever(server, project, result.out, rebuild, quiet)
