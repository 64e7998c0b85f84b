"""Every page kind and every wall screen, fully drawn at 4K in headless Chromium.

    python benchmarks/draw_4k.py [--runs 3] [--size 3840x2160] [--plotly PATH]

Builds the sample company into a temp folder, serves it on 127.0.0.1 and opens, in a
fresh browser context each time (nothing cached), the largest page of every page kind
and every wall screen (``wall/index.html?screen=K&rotate=0&poll=0``). For each it prints
the median, over the runs, of the time from the start of the page load to the moment the
page is fully drawn — the later of the load event and the last ``Plotly.newPlot`` of the
page (cxsite.js stamps it as ``data-charts-drawn-ms``) or of the wall screen (wall.js
stamps ``data-drawn-ms``) — beside the 1 s target, with the machine's load average.

``--plotly PATH`` replaces the site's ``assets/plotly.min.js`` with another bundle first,
e.g. the full bundle of the plotly Python package, to compare:

    python benchmarks/draw_4k.py --plotly "$(python -c 'import plotly, pathlib;
        print(pathlib.Path(plotly.__file__).parent / "package_data/plotly.min.js")')"
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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

TARGET_MS = 1000
LOAD_END = "performance.getEntriesByType('navigation')[0].loadEventEnd"
PAGE_DRAWN = "() => document.documentElement.dataset.chartsDrawnMs"
SCREEN_DRAWN = (
    "() => { const s = document.querySelector('.screen.is-active');"
    " return s && s.dataset.drawnMs; }"
)


def time_page(browser: Any, url: str, size: tuple[int, int], wall: bool) -> float:
    """Milliseconds from the start of navigation to the page fully drawn."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(url, wait_until="load")
    drawn = page.wait_for_function(SCREEN_DRAWN if wall else PAGE_DRAWN, timeout=60_000)
    ms = max(float(drawn.json_value()), float(page.evaluate(LOAD_END)))
    context.close()
    return ms


def largest_page_per_kind(site: Path) -> list[tuple[str, str]]:
    """(kind, url) of the heaviest page (HTML bytes) of each kind but the wall."""
    pages = json.loads((site / "build.json").read_text("utf-8"))["pages"]
    best: dict[str, tuple[int, str]] = {}
    for page in pages:
        if page["kind"] == "wall":
            continue
        size = (site / page["url"]).stat().st_size
        if page["kind"] not in best or size > best[page["kind"]][0]:
            best[page["kind"]] = (size, page["url"])
    return [(kind, url) for kind, (_, url) in best.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="3840x2160")
    parser.add_argument("--plotly", type=Path, help="draw with this plotly.js bundle instead")
    options = parser.parse_args()
    size = tuple(int(n) for n in options.size.split("x"))
    if not (REPO / "data" / "survey_responses.csv").exists():
        sys.exit("the sample company's data is not in data/: nothing to measure")
    with tempfile.TemporaryDirectory() as temp:
        site = build(REPO, out=Path(temp) / "site").out
        bundle = site / "assets" / "plotly.min.js"
        if options.plotly:
            shutil.copyfile(options.plotly, bundle)
        screens = json.loads((site / "data" / "wall.json").read_text("utf-8"))["screens"]
        server = serve(site)
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        targets = [(kind, f"{origin}/{url}", False) for kind, url in largest_page_per_kind(site)]
        targets += [
            (f"wall {n}. {s['id']}", f"{origin}/wall/index.html?screen={n}&rotate=0&poll=0", True)
            for n, s in enumerate(screens, start=1)
        ]
        print(f"Fully drawn at {size[0]}x{size[1]}, median of {options.runs} cold loads; "
              f"plotly.js bundle {bundle.stat().st_size / 1e6:.2f} MB; "
              f"load average before {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
        worst = 0.0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, url, wall in targets:
                runs = [time_page(browser, url, size, wall) for _ in range(options.runs)]  # type: ignore[arg-type]
                ms = statistics.median(runs)
                worst = max(worst, ms)
                verdict = "ok" if ms <= TARGET_MS else "over"
                print(f"  {name:<34} {ms:6.0f} ms   target {TARGET_MS} ms  {verdict}")
            browser.close()
        server.shutdown()
        print(f"Slowest: {worst:.0f} ms; load average after "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip


if __name__ == "__main__":
    main()
