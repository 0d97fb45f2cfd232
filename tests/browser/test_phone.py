"""Every page on a phone (375 px): every table cell on screen, nothing scrolls sideways, axe finds nothing serious."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import SCREENSHOTS, open_page, site_pages
from conftest import ROOT
from macros.data.load import load
from macros.render import generated_pages

PHONE = 375
# Every page of the real site: what holds here holds for any content.
REAL = load(ROOT / "data", ROOT / "docs")
PAGES = site_pages(ROOT / "docs", generated_pages(REAL))
NEWEST_PART = max(REAL.pages, key=lambda page: page.part).src_path.removesuffix(".md") + "/"
SERIOUS = {"serious", "critical"}

# Each cell of every table (its box), and every element that scrolls
# sideways, outside the theme's drawers that sit off screen until opened.
OFF_SCREEN_JS = """width => {
    const away = el => el.closest(".md-sidebar, .md-search, .md-header, .md-dialog, thead, [hidden]");
    const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const cells = Array.from(document.querySelectorAll("article td, article th"))
        .filter(el => !away(el) && shown(el))
        .filter(el => { const r = el.getBoundingClientRect(); return r.left < -0.5 || r.right > width + 0.5; })
        .map(el => `cell ${el.closest("table").className || "(markdown)"}: ${el.innerText.slice(0, 40)}`);
    const scrollers = Array.from(document.querySelectorAll("article *"))
        .filter(el => !away(el) && el.tagName !== "PRE" && !el.closest("pre"))
        .filter(el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
        .filter(el => el.scrollWidth > el.clientWidth + 1)
        .map(el => `scrolls: ${el.tagName.toLowerCase()}.${el.className}`);
    const spilled = Array.from(document.querySelectorAll("article td *, article th *"))
        .filter(el => !away(el) && shown(el))
        .filter(el => { const r = el.getBoundingClientRect(); return r.left < -0.5 || r.right > width + 0.5; })
        .map(el => `inside a cell: ${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.slice(0, 40)}`);
    return [...cells, ...spilled, ...scrollers];
}"""


@pytest.mark.parametrize("path", PAGES)
def test_every_table_cell_is_on_screen(browser, base_url, path):
    page, problems = open_page(browser, base_url + path, width=PHONE)
    width = page.evaluate("document.documentElement.clientWidth")
    assert width == PHONE
    assert page.evaluate(OFF_SCREEN_JS, width) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert problems == []
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_cells_of_stacked_rows_name_their_column(browser, base_url, path):
    page, _ = open_page(browser, base_url + path, width=PHONE)
    unlabelled = page.eval_on_selector_all(
        ".eis-table-wrap tbody td",
        "cells => cells.filter(td => !td.dataset.label && td.innerText.trim()).map(td => td.innerText.slice(0, 40))",
    )
    assert unlabelled == []
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation_on_a_phone(browser, base_url, path, scheme):
    page, _ = open_page(browser, base_url + path, width=PHONE, color_scheme=scheme)
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    results = Axe().run(page)
    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]
    assert serious == []
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("name", "path"), [("newest-part", NEWEST_PART), ("ledger", "ledger/")])
def test_phone_screenshot(browser, base_url, name, path, scheme):
    page, problems = open_page(browser, base_url + path, width=PHONE, color_scheme=scheme)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{name}-phone-{scheme}.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 10_000
    assert problems == []
    page.close()
