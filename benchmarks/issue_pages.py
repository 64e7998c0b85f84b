"""What a page per open issue costs: the test project with N open issues, built cold.

    CXSITE_WORKERS=1 python benchmarks/issue_pages.py 0 1000 10000

prints, per N, the build's phase times, the issue pages written and the size of the
list of every open issue. The render time per 1,000 issue pages is the difference of
two rows' render times over the difference of their issue pages. One worker makes the
figure per core; without the variable the render uses both cores.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from projects import make_project  # noqa: E402

from cxsite.build import build  # noqa: E402

HEADER = "Ticket,Area,Cat,Opened,Closed,State,Who,Next"


def issues_csv(count: int) -> str:
    """``count`` open issues on the project's two touchpoints (seeded, so every run
    builds the same site), plus one closed."""
    rnd = random.Random(7)
    rows = [HEADER, "T1,quote,Delay,2024-09-02,2024-09-05,Closed,Ann,"]
    for number in range(count):
        day = 1 + rnd.randrange(14)
        touchpoint = rnd.choice(["quote", "settle"])
        category = rnd.choice(["Delay", "Price", "Comms"])
        owner = rnd.choice(["Ann", "Bob"])
        rows.append(
            f"ISS-{number:05d},{touchpoint},{category},2024-09-{day:02d},,Open,{owner},"
            f"Call back customer {number}"
        )
    return "\n".join(rows) + "\n"


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for count in counts:
            project = make_project(root / f"p{count}", {"data/issues.csv": issues_csv(count)})
            started = time.perf_counter()
            result = build(project, out=root / f"s{count}", use_cache=False)
            total = time.perf_counter() - started
            pages = sum(1 for p in result.pages if p["kind"] == "issue")
            listed = (root / f"s{count}" / "issues" / "list" / "index.html").stat().st_size
            phases = ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items())
            print(
                f"{count:>6} open issues: {pages} issue pages, {total:.2f} s ({phases}); "
                f"list page {listed / 1e6:.2f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [0, 1000, 10000])
