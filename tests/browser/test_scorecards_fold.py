"""The scorecards page folds per owner and stage, and a link to one opens it."""

from __future__ import annotations

from typing import Any

import pytest
from wallkit import SiteServer

pytestmark = pytest.mark.browser


def test_scorecards_are_folded_and_a_link_opens_one(server: SiteServer, page_factory: Any) -> None:
    page, watch = page_factory(server.origin, (390, 844))
    page.goto(f"{server.origin}/scorecards/index.html")
    cards = page.locator("details.scorecard")
    count = cards.count()
    assert count >= 10  # 13 owners and 7 stages in the sample
    assert page.locator("details.scorecard[open]").count() == 0
    folded_height = page.evaluate("document.documentElement.scrollHeight")
    # Folded, the whole page is a few screens on a phone (it was 32,124 px unfolded).
    assert folded_height < 6 * 844, folded_height

    target = cards.nth(1).get_attribute("id")
    page.goto(f"{server.origin}/scorecards/index.html#{target}")
    page.wait_for_function(f"document.getElementById('{target}').open === true")
    assert page.locator("details.scorecard[open]").count() == 1
    table = page.locator(f"#{target} table[data-basis='to date']")
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 1
    assert not watch.problems(), watch.problems()
