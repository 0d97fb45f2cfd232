"""The built site in a real browser: Debian's chromium, driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
PAGES = ["", "sequence/", "parts/eis-xiv/", "ledger/", "tiers/", "works/", "scoring/", "authoring/"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def open_page(browser: Browser, url: str, width: int = 1280) -> tuple[Page, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed request: {request.url}"))
    page.on(
        "response",
        lambda response: problems.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None,
    )
    page.goto(url, wait_until="networkidle")
    return page, problems


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
