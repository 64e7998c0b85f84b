"""Weeks on a wall, compressed: 300 screen switches, memory and DOM must stay flat.

The JS heap is read over the DevTools protocol (Performance.getMetrics, after a forced
garbage collection) with the same screen on show each time, after the first 20
switches and after 300. The wall's own timers are counted too: one rotation timer
and one poll timer at most, never an interval.
"""

from __future__ import annotations

from typing import Any

import pytest
from wallkit import ARTIFACTS, SiteServer, switches

pytestmark = pytest.mark.browser

EARLY, LATE = 20, 300

# Counts the timers wall.js has pending (told apart from Plotly's by the call stack).
TIMER_PROBE = """
(() => {
  const pending = new Set();
  let intervals = 0;
  let most = 0;
  const fromWall = () => /wall\\.js/.test(new Error().stack || "");
  const set = window.setTimeout, clear = window.clearTimeout, every = window.setInterval;
  window.setTimeout = function (fn, ms, ...rest) {
    if (!fromWall()) { return set.call(window, fn, ms, ...rest); }
    const id = set.call(window, function () {
      pending.delete(id);
      return fn.apply(this, arguments);
    }, ms, ...rest);
    pending.add(id);
    most = Math.max(most, pending.size);
    return id;
  };
  window.clearTimeout = function (id) { pending.delete(id); return clear.call(window, id); };
  window.setInterval = function (...args) {
    if (fromWall()) { intervals += 1; }
    return every.apply(window, args);
  };
  window.__wallTimers = () => ({pending: pending.size, most, intervals});
})();
"""


def measure(page: Any, cdp: Any, first_screen: str) -> dict[str, float]:
    """Pause, step to the first screen, collect garbage, read heap and node counts."""
    page.keyboard.press("Space")
    page.wait_for_timeout(400)
    for _ in range(100):
        if page.evaluate("document.documentElement.dataset.screen") == first_screen:
            break
        count = switches(page)
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"Number(document.documentElement.dataset.switches) > {count}")
    page.wait_for_timeout(300)
    for _ in range(3):
        cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {
        "heap_mb": metrics["JSHeapUsedSize"] / 2**20,
        "nodes": metrics["Nodes"],
        "elements": page.evaluate("document.getElementsByTagName('*').length"),
        "switches": switches(page),
    }


def test_memory_and_dom_stay_flat_over_300_switches(
    server: SiteServer, page_factory: Any, wall_screens: list[dict[str, Any]]
) -> None:
    page, watch = page_factory(server.origin)
    page.add_init_script(TIMER_PROBE)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(server.wall("rotate=0.05&poll=5"))
    first = wall_screens[0]["id"]

    page.wait_for_function(f"Number(document.documentElement.dataset.switches) >= {EARLY}")
    early = measure(page, cdp, first)
    page.keyboard.press("Space")
    timers = []
    while switches(page) < LATE:
        page.wait_for_timeout(1_000)
        timers.append(page.evaluate("window.__wallTimers()"))
    late = measure(page, cdp, first)

    report = (
        f"wall soak: heap {early['heap_mb']:.1f} MB after {early['switches']} switches, "
        f"{late['heap_mb']:.1f} MB after {late['switches']} "
        f"(x{late['heap_mb'] / early['heap_mb']:.2f}); DOM elements {early['elements']} -> "
        f"{late['elements']}; nodes {early['nodes']:.0f} -> {late['nodes']:.0f}; "
        f"most wall timers pending {max(t['most'] for t in timers)}"
    )
    print(report)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "soak.txt").write_text(report + "\n", encoding="utf-8")

    assert late["heap_mb"] <= 1.5 * early["heap_mb"], report
    assert late["elements"] == early["elements"], report
    assert late["nodes"] <= early["nodes"] * 1.1, report
    assert max(t["most"] for t in timers) <= 2, f"wall timers piled up: {timers}"
    assert all(t["intervals"] == 0 for t in timers), "wall.js must not use setInterval"
    assert not watch.problems(), watch.problems()
