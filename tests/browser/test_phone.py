"""At phone width (375 px), the newest part and the ledger, in both palettes: what a reader must be able to read.

Each page is measured as shown: nothing wider than the screen, every table
cell on screen, unclipped, in type no smaller than 12 px and named by its
column.  A screenshot of each is kept for people (CI uploads them);
test_pages.py checks every page at this width with fewer measurements.
"""

from __future__ import annotations

import pytest

from browsing import OFF_SCREEN_JS, open_page, screenshot

PHONE = 375
# Smaller type than this is hard to read on a phone held at arm's length.
SMALLEST_PX = 12

# Every cell of the article's tables a reader sees, and what is wrong with it if anything.
CELLS_JS = """() => Array.from(document.querySelectorAll("article td, article th"))
    .filter(el => !el.closest("thead, [hidden]") && el.getBoundingClientRect().width > 0 && el.innerText.trim())
    .map(el => ({
        text: el.innerText.trim().slice(0, 40),
        px: parseFloat(getComputedStyle(el).fontSize),
        clipped: el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible",
        // Named as shown: the label the stylesheet draws before the cell (its data-label or its column's).
        labelled: el.tagName === "TH" || !el.closest(".eis-table-wrap")
            || /^".+"$/.test(getComputedStyle(el, "::before").content),
    }))"""
# Paragraphs of the article: the prose a reader came for.
PROSE_JS = """() => Array.from(document.querySelectorAll("article p"))
    .filter(el => el.getBoundingClientRect().width > 0 && el.innerText.trim())
    .map(el => parseFloat(getComputedStyle(el).fontSize))"""


@pytest.fixture(scope="module")
def newest_part(real_data) -> str:
    return max(real_data.pages, key=lambda page: page.part).src_path.removesuffix(".md") + "/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["newest-part", "ledger"])
def test_phone_page_is_readable(browser, base_url, real_data, newest_part, name, scheme):
    path = newest_part if name == "newest-part" else "ledger/"
    page, problems = open_page(browser, base_url + path, width=PHONE, color_scheme=scheme)
    screenshot(page, f"{name}-phone-{scheme}")  # for people to look at
    shown = page.evaluate("document.documentElement.clientWidth")
    assert shown == PHONE
    assert page.evaluate("document.documentElement.scrollWidth") <= shown  # no sideways scrolling
    assert page.evaluate(OFF_SCREEN_JS, shown) == []
    heading = page.locator("article h1").first.bounding_box()
    assert heading is not None and heading["x"] >= 0 and heading["x"] + heading["width"] <= shown
    prose = page.evaluate(PROSE_JS)
    assert prose and min(prose) >= SMALLEST_PX
    cells = page.evaluate(CELLS_JS)
    if name == "ledger" and real_data.scorecards:
        assert cells, "the ledger shows its scorecards in a table"
    assert [cell["text"] for cell in cells if cell["px"] < SMALLEST_PX] == []
    assert [cell["text"] for cell in cells if cell["clipped"]] == []
    assert [cell["text"] for cell in cells if not cell["labelled"]] == []
    assert problems == []
    page.close()
