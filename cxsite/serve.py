"""`cxsite serve`: a preview on localhost that rebuilds when the project changes.

The server binds its port before the first build, so a busy port is reported at once. A
watcher thread (watchfiles) rebuilds after every change to the project's inputs; a bad
input is reported and the last good site stays up. Every HTML page served gets a small
script that polls ``build.json`` and reloads the page once a new build is published —
the site on disk is never changed for this.
"""

from __future__ import annotations

import errno
import http.server
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .cache import CACHE_DIR
from .errors import BuildError, CxsiteError, Problem
from .publish import MANIFEST

Rebuild = Callable[[bool], None]  # called with quiet

# Polls the manifest once a second; "live" keeps these polls out of the request log.
RELOAD_SCRIPT = (
    "<script>/* cxsite serve: reload when a new build is published */"
    "(function(){{var id={build_id};function poll(){{"
    'fetch("/{manifest}?live",{{cache:"no-store"}}).then(function(r){{return r.json();}})'
    ".then(function(m){{if(m.build_id!==id){{location.reload();}}}})"
    ".catch(function(){{}}).then(function(){{setTimeout(poll,1000);}});}}"
    "setTimeout(poll,1000);}}());</script>"
)


def bind(port: int, site: Path, quiet: bool) -> http.server.ThreadingHTTPServer:
    """A server for ``site`` on 127.0.0.1:``port``; a busy port is a one-line error."""

    def handler(*args: Any) -> _Handler:
        return _Handler(*args, directory=str(site), quiet=quiet)

    try:
        server = _Server(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            message = f"port {port} is already in use by another program"
            hint = f"Choose another with --port, e.g. --port {port + 1} (or --port 0 for any)"
        elif exc.errno == errno.EACCES:
            message = f"not allowed to listen on port {port}"
            hint = "Choose a port above 1023 with --port, e.g. --port 8000"
        else:
            message = f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}"
            hint = "Choose another port with --port"
        raise BuildError([Problem(message, hint=hint)]) from exc
    return server


def serve_forever(
    server: http.server.ThreadingHTTPServer,
    project: Path,
    out: Path,
    rebuild: Rebuild,
    quiet: bool,
) -> None:
    """Serve until Ctrl+C, rebuilding after every change to the project's inputs."""
    stop = threading.Event()
    watcher = threading.Thread(
        target=_watch, args=(project, out, rebuild, stop, quiet), daemon=True
    )
    watcher.start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        if not quiet:
            click.echo("Stopped", err=True)
    finally:
        stop.set()
        server.server_close()


def _watch(project: Path, out: Path, rebuild: Rebuild, stop: threading.Event, quiet: bool) -> None:
    from watchfiles import watch

    def wanted(_: object, path: str) -> bool:
        return is_input(Path(path), project, out)

    started = False
    for changes in watch(
        project,
        watch_filter=wanted,
        stop_event=stop,
        raise_interrupt=False,
        debounce=400,
        rust_timeout=1000,
        yield_on_timeout=True,
    ):
        if not changes:
            if not started:
                # The watcher is only now in place: catch a change saved while the first
                # build ran or the watcher started (a no-op when nothing changed).
                started = True
                _rebuild(rebuild, True)
            continue
        started = True
        if not quiet:
            names = sorted({Path(p).relative_to(project).as_posix() for _, p in changes})
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            click.echo(f"Changed: {shown}; rebuilding", err=True)
        _rebuild(rebuild, quiet)


def _rebuild(rebuild: Rebuild, quiet: bool) -> None:
    try:
        rebuild(quiet)
    except CxsiteError as exc:
        # The last good site stays up; the reader fixes the input and saves again.
        click.echo(f"Error: {exc.format_message()}", err=True)
        click.echo("The previous site is still served; fix the input and save.", err=True)


def is_input(path: Path, project: Path, out: Path) -> bool:
    """Whether a change at ``path`` can change the site: not the output, caches or tools."""
    if path == out or out in path.parents:
        return False
    try:
        parts = path.relative_to(project).parts
    except ValueError:
        return False
    # Hidden folders hold the staging copies of the site, the cache, git and editors' files.
    if not parts or any(part.startswith(".") for part in parts) or parts[0] == CACHE_DIR:
        return False
    return parts[0] not in ("__pycache__", "node_modules") and not parts[-1].endswith("~")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, directory: str, quiet: bool) -> None:
        self.quiet = quiet
        super().__init__(*args, directory=directory)

    def do_GET(self) -> None:  # the name http.server dispatches to
        url = self.path.split("?", 1)[0].split("#", 1)[0]
        target = Path(self.translate_path(url))
        if url.endswith("/") and target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file() and not url.startswith("/wall/"):
            body = _with_reload(target.read_bytes(), Path(self.directory))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        # A preview must never show a page from the browser's cache after a rebuild.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.quiet or "?live" in self.path:
            return
        stamp = time.strftime("%H:%M:%S")
        click.echo(f"{stamp} {self.command} {self.path} {code}", err=True)

    def log_error(self, format: str, *args: Any) -> None:
        return None  # the status is in the request log line already


def _with_reload(html: bytes, site: Path) -> bytes:
    try:
        build_id = json.loads((site / MANIFEST).read_text(encoding="utf-8")).get("build_id")
    except (OSError, ValueError):
        build_id = None
    script = RELOAD_SCRIPT.format(build_id=json.dumps(build_id), manifest=MANIFEST).encode()
    head, marker, tail = html.rpartition(b"</body>")
    return head + script + marker + tail if marker else html + script
