"""The command line: a thin face on the library in :mod:`cxsite.build`."""

from __future__ import annotations

import functools
import http.server
import shutil
import socketserver
import time
import webbrowser
from pathlib import Path

import click

from . import __version__
from .build import BuildResult, build, load_project
from .errors import BuildError, CxsiteError, Problem
from .lastresort import GuardedGroup
from .resources import sample_project

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


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Start a new project in DIRECTORY from the sample company."""
    sample = sample_project()
    if sample is None:
        raise CxsiteError("the sample project is missing from this installation; reinstall cxsite")
    if directory.exists() and any(directory.iterdir()):
        raise CxsiteError(
            [Problem(f"{directory} is not empty", hint="Choose a new or empty folder")]
        )
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy2(sample / "cxsite.yml", directory / "cxsite.yml")
    for folder in ("content", "data"):
        shutil.copytree(sample / folder, directory / folder)
    click.echo(f"Created a cxsite project in {directory}")
    click.echo(f"Build it with: cxsite build {directory}")


@main.command()
@project_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(project: Path, strict: bool) -> None:
    """Check config, journey, content and every data file; write nothing."""
    loaded = load_project(project, strict=strict)
    _show_warnings(loaded.warnings)
    data = loaded.data
    click.echo(
        f"OK: {len(loaded.journey.stages)} stages, {len(loaded.journey.touchpoints)} touchpoints, "
        f"{len(loaded.journey.metrics)} metrics; {len(data.observations):,} observations, "
        f"{len(data.responses):,} survey responses, {len(data.issues):,} issues, "
        f"{len(data.comments):,} comments; {len(loaded.content)} content files"
        + (
            f"; {len(data.customers):,} customers, {len(data.contacts):,} contacts"
            if len(data.customers) or len(data.contacts)
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
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
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
    click.echo(f"Open {result.out / 'index.html'}")


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
            **({"progress": progress} if progress else {}),
        )
    except OSError as exc:
        # A full disk or a read-only share: the previous site is still in place.
        raise BuildError(
            [Problem(f"could not write the site: {exc}", hint="Check the output folder")]
        ) from exc
    _show_warnings(result.warnings)
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
@click.option("--out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", default=8000, show_default=True, help="Port on localhost.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
def serve(project: Path, out: Path | None, port: int, open_browser: bool) -> None:
    """Build PROJECT and serve the site on localhost for a preview."""
    result = _build(project, out, strict=False, quiet=False)
    handler = functools.partial(_QuietHandler, directory=str(result.out))
    with socketserver.ThreadingTCPServer(("127.0.0.1", port), handler) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        click.echo(f"Serving {result.out} at {url} (Ctrl+C to stop)")
        if open_browser:
            webbrowser.open(url)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("Stopped")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None
