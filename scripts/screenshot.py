"""Screenshot pages of a built site in headless Chromium: screenshot.py SITE OUT PAGE..."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    site, out, *pages = sys.argv[1:]
    width, height = 1400, 900
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.on("console", lambda m: print("console:", m.type, m.text))
        page.on("pageerror", lambda e: print("pageerror:", e))
        for rel in pages:
            page.goto((Path(site).resolve() / rel).as_uri())
            page.wait_for_function(
                "document.documentElement.dataset.chartsDrawn !== undefined", timeout=15000
            )
            name = rel.replace("/", "_").replace(".html", "") + ".png"
            page.screenshot(path=str(Path(out) / name), full_page=True)
            print("wrote", name)
        browser.close()


if __name__ == "__main__":
    main()
