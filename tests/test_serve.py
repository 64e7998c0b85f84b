"""`cxsite serve` builds the project and answers on localhost."""

from __future__ import annotations

import json
import re
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


def wait_for(url: str, seconds: float = 30) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_rebuilds_on_change_and_logs_requests(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "cxsite", "serve", str(root), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            origin = f"http://127.0.0.1:{port}"
            page = wait_for(f"{origin}/touchpoints/quote/index.html").decode()
            # The served page carries the reload script; the file on disk does not.
            assert "cxsite serve: reload when a new build is published" in page
            on_disk = (root / "site/touchpoints/quote/index.html").read_text(encoding="utf-8")
            assert "cxsite serve" not in on_disk
            first = json.loads(wait_for(f"{origin}/build.json"))["build_id"]
            config = root / "cxsite.yml"
            config.write_text(config.read_text().replace("Test room", "Renamed room"))
            deadline = time.monotonic() + 60
            while json.loads(wait_for(f"{origin}/build.json"))["build_id"] == first:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
            assert "<h1>Renamed room</h1>" in wait_for(f"{origin}/index.html").decode()
            # A bad edit is reported; the last good site stays up.
            config.write_text(config.read_text() + "nonsense_key: 1\n")
            deadline = time.monotonic() + 60
            while "unknown key 'nonsense_key'" not in log.read_text():
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
            assert "<h1>Renamed room</h1>" in wait_for(f"{origin}/index.html").decode()
        finally:
            server.terminate()
            server.wait(timeout=10)
    text = log.read_text()
    assert re.search(r"^\d\d:\d\d:\d\d GET /touchpoints/quote/index.html 200$", text, re.M), text
    assert "Changed: cxsite.yml; rebuilding" in text
    assert "Traceback" not in text
