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
from macros.data.load import load
from macros.render import generated_pages

PAGES = site_pages(ROOT / "docs", generated_pages(load(ROOT / "data", ROOT / "docs")))
PHONE, DESKTOP = 375, 1280
SCHEMES = {"light": "default", "dark": "slate"}


def test_every_page_is_visited(real_site_dir):
    built = {
        "" if path.parent == real_site_dir else path.parent.relative_to(real_site_dir).as_posix() + "/"
        for path in real_site_dir.rglob("index.html")
    }
    assert set(PAGES) == built
    assert {"", "ledger/", "tiers/"} <= built


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES)
def test_page(browser, base_url, path, width, scheme):
    page, problems = open_page(browser, base_url + path, width=width, color_scheme=scheme)
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
        unlabelled = page.eval_on_selector_all(
            ".eis-table-wrap tbody td",
            "cells => cells.filter(td => !td.dataset.label && td.innerText.trim())"
            ".map(td => td.innerText.slice(0, 40))",
        )
        assert unlabelled == []
    toggle_palette(page)  # the palette's own script runs under the policy, and stores the choice
    assert violations(page) == []
    assert problems == []
    page.close()
