"""Every page of the real site, as readers get it: at desktop and phone widths, in both palettes.

One visit each checks everything that must hold for any content: the page
loads with no console error, failed request or Content-Security-Policy
violation (the palette toggle's own script included); axe-core finds no
violation of any impact; and on a phone every table cell is on screen and
names its column, and nothing scrolls sideways.
"""

from __future__ import annotations

import pytest

from browsing import OFF_SCREEN_JS, axe_violations, open_page, site_pages, toggle_palette, violations
from conftest import ROOT
from macros.render import generated_pages

PHONE, DESKTOP = 375, 1280
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module")
def real_pages(real_data) -> list[str]:
    """Every page of the real site, by URL: its Markdown pages and those made from its data."""
    return site_pages(ROOT / "docs", generated_pages(real_data))


def test_every_page_is_visited(real_site_dir, real_pages):
    built = {
        "" if path.parent == real_site_dir else path.parent.relative_to(real_site_dir).as_posix() + "/"
        for path in real_site_dir.rglob("index.html")
    }
    assert set(real_pages) == built
    assert {"", "ledger/", "tiers/"} <= built


# Each shown cell whose label (the ::before content) is not its column's: its
# data-label, else the first line of its column's heading.
CELL_LABELS_JS = """cells => cells
  .filter(td => td.innerText.trim() && !td.closest("table.eis-sequence"))
  .map(td => {
    const shown = getComputedStyle(td, "::before").content;
    const head = td.closest("table").querySelectorAll("thead th")[td.cellIndex];
    const expected = td.dataset.label || (head ? head.firstChild.textContent.trim() : "");
    const ok = expected && (shown === JSON.stringify(expected) || (td.dataset.label && shown.startsWith("attr(")));
    return ok ? null : `${td.innerText.slice(0, 40)}: ${shown} for ${expected}`;
  })
  .filter(Boolean)"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page(browser, base_url, real_pages, width, scheme):
    # Every page is visited however many fail: the report names each one and what is wrong with it.
    failures = {}
    for path in real_pages:
        try:
            check_page(browser, base_url, path, width, scheme)
        except AssertionError as error:
            failures[path or "(home)"] = str(error)
    assert failures == {}


def check_page(browser, base_url: str, path: str, width: int, scheme: str) -> None:
    page, problems = open_page(browser, base_url + path, width=width, color_scheme=scheme)
    try:
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        assert page.locator("h1").count() >= 1
        # The theme's frame is the same on every page: axe reads it whole on the
        # home page in every variant and on every page once; elsewhere the content.
        whole = path == "" or (width, scheme) == (DESKTOP, "light")
        assert axe_violations(page, None if whole else ".md-content") == []
        if width == PHONE:
            shown = page.evaluate("document.documentElement.clientWidth")
            assert shown == PHONE
            assert page.evaluate(OFF_SCREEN_JS, shown) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= shown
            # Each card's cell shows its column's label: its own data-label, else
            # its column's heading as the stylesheet writes it (the sequence's
            # index is a line a part, unlabelled).
            unlabelled = page.eval_on_selector_all(".eis-table-wrap tbody td", CELL_LABELS_JS)
            assert unlabelled == []
        toggle_palette(page)  # the palette's own script runs under the policy, and stores the choice
        assert violations(page) == []
        assert problems == []
    finally:
        page.close()
