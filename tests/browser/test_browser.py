"""The built site in a real browser: Debian's chromium, driven by Playwright.

Every page of the build is visited, not a list kept by hand, so a new
page is covered the day it is added.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from browsing import open_page, screenshot
from conftest import DATA, DOCS
from macros.data.load import load
from macros.render import fmt

# The browser checks that hold for any content run on the real site (its data
# read by the real_data fixture); those with exact figures run on the frozen
# fixture site (fixture_url).


# Pages by name; the newest part's address is the data's to say (newest_part).
SHOTS = {"home": "", "newest-part": None, "ledger": "ledger/", "tiers": "tiers/"}


@pytest.fixture(scope="module")
def data(real_data):
    return real_data


@pytest.fixture(scope="module")
def newest_part(data) -> str:
    return max(data.pages, key=lambda page: page.part).src_path.removesuffix(".md") + "/"


@pytest.fixture(scope="module")
def fixture_data():
    return load(DATA, DOCS)


def dark(page: Page) -> None:
    """Switch with the palette toggle until the page shows the dark scheme."""
    for _ in range(3):  # system preference, light, dark: one cycle at most
        if page.locator("body").get_attribute("data-md-color-scheme") == "slate":
            return
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"


def contrast_of(page: Page, selector: str) -> list[tuple[str, float]]:
    """WCAG contrast of each element's text against its own background, in the browser's colours."""
    return page.eval_on_selector_all(
        selector,
        """elements => elements.map(element => {
            const rgb = value => value.match(/[0-9.]+/g).slice(0, 3).map(Number);
            const luminance = ([r, g, b]) => {
                const [R, G, B] = [r, g, b].map(c => {
                    c /= 255;
                    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
                });
                return 0.2126 * R + 0.7152 * G + 0.0722 * B;
            };
            const style = getComputedStyle(element);
            const [a, b] = [luminance(rgb(style.color)), luminance(rgb(style.backgroundColor))];
            return [element.innerText, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
        })""",
    )


def test_part_xiv_shows_badges_score_and_market(browser, fixture_url, fixture_data):
    data = fixture_data
    page, problems = open_page(browser, fixture_url + "parts/eis-xiv/")
    assert page.locator("h1").first.inner_text().startswith("EIS XIV")
    assert page.locator(".eis-byline").inner_text().startswith("Part 14 of 12")
    schut = page.locator('a.eis-badge[href$="#tier-4"]').first
    assert schut.is_visible() and "Useful Engineering" in schut.inner_text()
    # The badge takes its tier's colour from the tier its link names, and each rung of the ladder its own.
    painted = """el => {
        const probe = document.createElement("i");
        probe.style.background = "var(--eis-tier-4)";
        document.body.append(probe);
        const wanted = getComputedStyle(probe).backgroundColor;
        probe.remove();
        return [getComputedStyle(el).backgroundColor, wanted];
    }"""
    shown, wanted = schut.evaluate(painted)
    assert shown == wanted and shown != "rgba(0, 0, 0, 0)"
    rungs = page.locator(".eis-ladder > li").evaluate_all(
        "items => items.map(li => [getComputedStyle(li).borderLeftColor,"
        " getComputedStyle(li.querySelector('.eis-badge')).backgroundColor])"
    )
    assert len(rungs) == len(data.tiers) and all(border == badge for border, badge in rungs)
    assert len({border for border, _ in rungs}) == len({tier.colour for tier in data.tiers})
    assert page.locator(".eis-scorecard .eis-score").inner_text() == "\u22120.74"
    market = data.market("sae-downstream-2025")
    assert page.locator(".eis-market__p").inner_text() == fmt.percent(market.latest.p) == "63%"
    schut.click()
    page.wait_for_url("**/tiers/#tier-4")
    assert page.locator("#tier-4").is_visible()
    assert problems == []


@pytest.mark.parametrize("name", ["newest-part", "tiers/", "works/"])
def test_badges_are_legible_in_both_palettes(browser, base_url, newest_part, name):
    path = newest_part if name == "newest-part" else name
    page, problems = open_page(browser, base_url + path)
    for scheme in ("default", "slate"):
        if scheme == "slate":
            dark(page)
        assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
        badges = contrast_of(page, "a.eis-badge:not(.eis-badge--none)")
        assert badges, path
        for words, ratio in badges:
            assert re.search(r"Tier \d|argued", words), words  # never colour alone
            assert ratio >= 4.5, (scheme, words, ratio)
    assert problems == []


def search(page: Page, query: str) -> list[tuple[str, str]]:
    """Type into the site search; the results' titles and links."""
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially(query, delay=20)  # the search reacts to key presses
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    links = page.locator("a.md-search-result__link")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href") or "") for i in range(links.count())]


def test_search_finds_a_tier_name(browser, base_url, data):
    name = data.tiers[0].name
    page, problems = open_page(browser, base_url)
    results = search(page, name)
    assert any(name in title for title, _ in results), results
    assert any("tiers/" in href for _, href in results), results
    assert problems == []


def test_search_finds_a_word_from_a_prediction_claim(browser, base_url, data):
    # The rarest-looking word of a claim: long, and in no other claim.
    claims = [prediction.claim for plist in data.lists for prediction in plist.predictions]
    words = [word for word in re.findall(r"[A-Za-z]{7,}", claims[-1]) if sum(word in c for c in claims) == 1]
    word = max(words, key=len)
    page, problems = open_page(browser, base_url)
    results = search(page, word)
    assert any("ledger/" in href or "parts/" in href for _, href in results), (word, results)
    assert problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", SHOTS)
def test_screenshot(browser, base_url, newest_part, name, scheme):
    """A picture of the page for people; what it must show is measured on the page."""
    page, problems = open_page(browser, base_url + (SHOTS[name] or newest_part), color_scheme=scheme)
    screenshot(page, f"{name}-{scheme}")
    assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing off the side
    heading = page.locator("article h1").first
    box = heading.bounding_box()
    assert heading.is_visible() and box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    # The prose in the page's own palette: large enough, and dark on light or light on dark enough to read.
    prose = page.evaluate(PROSE_JS)
    assert prose, "the page has prose"
    assert [text for text, px, _ in prose if px < 12] == []
    assert [(text, ratio) for text, _, ratio in prose if ratio < 4.5] == []
    assert problems == []
    page.close()


# Each visible paragraph of the article: its start, its type size, and its contrast with the page.
PROSE_JS = """() => {
    const rgb = value => value.match(/[0-9.]+/g).slice(0, 3).map(Number);
    const luminance = ([r, g, b]) => [r, g, b].map(c => {
        c /= 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const page = luminance(rgb(getComputedStyle(document.body).backgroundColor));
    return Array.from(document.querySelectorAll("article p"))
        .filter(p => p.getBoundingClientRect().width > 0 && p.innerText.trim())
        .map(p => {
            const style = getComputedStyle(p);
            const text = luminance(rgb(style.color));
            const ratio = (Math.max(text, page) + 0.05) / (Math.min(text, page) + 0.05);
            return [p.innerText.slice(0, 40), parseFloat(style.fontSize), ratio];
        });
}"""
