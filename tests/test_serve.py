"""`cxsite serve` builds the project and answers on localhost."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from projects import make_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_builds_and_serves(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cxsite", "serve", str(root), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html") as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "<h1>Test room</h1>" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/build.json") as response:
            manifest = response.read()
        assert b'"generator": "cxsite"' in manifest
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert (root / "site" / "index.html").is_file()
