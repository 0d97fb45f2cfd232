"""The built site in a real browser: Debian's chromium, driven by Playwright."""

from __future__ import annotations

import pytest

from browsing import open_page

PAGES = ["", "sequence/", "parts/eis-xiv/", "ledger/", "tiers/", "works/", "scoring/", "authoring/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly(browser, base_url, path):
    page, problems = open_page(browser, base_url + path)
    assert page.locator("h1").count() >= 1
    assert problems == []
    page.close()


def test_part_xiv_shows_badges_score_and_market(browser, base_url):
    page, problems = open_page(browser, base_url + "parts/eis-xiv/")
    assert page.locator("h1").first.inner_text().startswith("EIS XIV")
    assert page.locator(".eis-byline").inner_text().startswith("Part 14 of 12")
    schut = page.locator("a.eis-badge.eis-tier-4").first
    assert schut.is_visible() and "Useful Engineering" in schut.inner_text()
    assert page.locator(".eis-scorecard .eis-score").inner_text() == "\u22120.74"
    assert page.locator(".eis-market__p").inner_text() == "63%"
    schut.click()
    page.wait_for_url("**/tiers/#tier-4")
    assert page.locator("#tier-4").is_visible()
    assert problems == []


def test_palette_toggle_switches_to_dark(browser, base_url):
    page, _ = open_page(browser, base_url + "parts/eis-xiv/")
    schemes = []
    for _ in range(3):  # system preference, light, dark: find dark within one cycle
        page.locator("form[data-md-component=palette] label:visible").first.click()
        schemes.append(page.locator("body").get_attribute("data-md-color-scheme"))
    assert "slate" in schemes
    while page.locator("body").get_attribute("data-md-color-scheme") != "slate":
        page.locator("form[data-md-component=palette] label:visible").first.click()
    badge = page.locator("a.eis-badge.eis-tier-4").first
    colour = badge.evaluate("e => getComputedStyle(e).color")
    background = badge.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 255, 255)" and background != colour


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_on_a_phone(browser, base_url, path):
    page, _ = open_page(browser, base_url + path, width=375)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.close()
