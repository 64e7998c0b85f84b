"""Wall mode on a 4K screen: time to charts per screen, and what the wall page weighs.

    python benchmarks/wall_metrics.py [--runs 3] [--size 3840x2160]

Builds the sample company into a temp folder, serves it on 127.0.0.1 and opens the wall
in headless Chromium once per screen (``?screen=K&rotate=0&poll=0``, a fresh browser
context each time, so nothing is cached). For each screen it prints the time from the
start of the page load (navigationStart, i.e. ``performance.timeOrigin``) to the moment
every chart on that screen was drawn — wall.js stamps it on the screen as
``data-drawn-ms`` when the last ``Plotly.newPlot`` resolves — as the median of the runs.
Then every file the wall loads, with its size, and the total.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # runs from a checkout, installed or not

from browserkit import ARGS, CHROMIUM, serve  # noqa: E402

from cxsite.build import build  # noqa: E402

READY = "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
DRAWN = (
    "() => { const s = document.querySelector('.screen.is-active');"
    " return s && s.dataset.drawnMs; }"
)


def time_screen(
    browser: Any, url: str, size: tuple[int, int]
) -> tuple[float, float, int, dict[str, int]]:
    """From navigationStart: ms to DOMContentLoaded and to all charts drawn; charts; bytes."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    loaded: dict[str, int] = {}
    page.on("response", lambda r: loaded.__setitem__(r.url, len(r.body())) if r.ok else None)
    page.goto(url)
    page.wait_for_function(DRAWN, timeout=60_000)
    active = page.locator(".screen.is-active")
    ms = float(active.get_attribute("data-drawn-ms") or "nan")
    charts = int(active.get_attribute("data-drawn") or 0)
    ready = float(page.evaluate(READY))
    context.close()
    return ready, ms, charts, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="3840x2160")
    options = parser.parse_args()
    size = tuple(int(n) for n in options.size.split("x"))
    if not (REPO / "data" / "survey_responses.csv").exists():
        sys.exit("the sample company's data is not in data/: nothing to measure")
    with tempfile.TemporaryDirectory() as temp:
        site = build(REPO, out=Path(temp) / "site").out
        screens = json.loads((site / "data" / "wall.json").read_text("utf-8"))["screens"]
        server = serve(site)
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        weights: dict[str, int] = {}
        print(f"Wall at {size[0]}x{size[1]}: load → all charts of the screen drawn "
              f"(median of {options.runs} cold loads)")  # fmt: skip
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for number, screen in enumerate(screens, start=1):
                url = f"{origin}/wall/index.html?screen={number}&rotate=0&poll=0"
                runs = [time_screen(browser, url, size) for _ in range(options.runs)]  # type: ignore[arg-type]
                weights = weights or runs[0][3]
                ready = statistics.median(r[0] for r in runs)
                drawn = statistics.median(r[1] for r in runs)
                print(f"  {number:2d}. {screen['id']:<28} {runs[0][2]:2d} charts  "
                      f"{drawn:6.0f} ms  (page ready at {ready:4.0f} ms)")  # fmt: skip
            browser.close()
        server.shutdown()
        print("\nWall page weight (every file it loads):")
        for url, size_bytes in sorted(weights.items(), key=lambda kv: -kv[1]):
            path = url.removeprefix(origin + "/").split("?")[0]
            zipped = len(gzip.compress((site / path).read_bytes(), 9))
            print(f"  {path:<24} {size_bytes / 1024:9.1f} KB   ({zipped / 1024:7.1f} KB gzipped)")
        total = sum(weights.values())
        print(f"  {'total':<24} {total / 1024:9.1f} KB")


if __name__ == "__main__":
    main()
