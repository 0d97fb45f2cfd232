"""The Content-Security-Policy in Debian's chromium: the site works under it, and injected code does not run."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browsing import open_page, serve, toggle_palette, violations
from conftest import ROOT, mkdocs_build

# A reader's page that every build has, written from docs/.
INJECTED_PAGE = "tiers/index.html"
INJECTION = (
    '<script>window.eisInjected = "script"</script>'
    '<img src="nowhere.png" alt="" onerror="window.eisInjectedHandler = true">'
)
POLICY = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def scheme(page: Page) -> str | None:
    return page.locator("body").get_attribute("data-md-color-scheme")


def test_the_explorer_runs_under_the_policy(browser, fixture_url):
    page, problems = open_page(browser, fixture_url + "ledger/may-2024/")
    form = page.locator("form.eis-whatif[data-eis-whatif-ready]").first  # wired by whatif.js
    form.wait_for()
    score = form.locator("output[name=score]").last
    before = score.inner_text()
    choice = form.locator("tbody select").first
    other = next(value for value in ("happened", "did not", "unknown") if value != choice.input_value())
    choice.select_option(other)
    assert score.inner_text() != before
    assert form.locator(".eis-whatif__reset").is_enabled()
    assert violations(page) == [] and problems == []


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built for the address it is served at: Material navigates instantly only within its sitemap."""
    site = tmp_path_factory.mktemp("instant")
    with serve(site) as url:
        result = mkdocs_build(ROOT, site, SITE_URL=url)
        assert result.returncode == 0, result.stderr
        yield url


def _follow(page: Page, selector: str, url_glob: str) -> None:
    page.locator(selector).first.click()
    page.wait_for_url(url_glob)
    page.wait_for_load_state("networkidle")


def test_search_instant_navigation_and_palette_keep_to_the_policy(browser: Browser, instant_site: str):
    page, problems = open_page(browser, instant_site)
    page.evaluate("window.eisSameDocument = true")
    home_policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert home_policy is not None
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially("Pontification", delay=20)  # the search worker answers
    # From the root into a directory, by a search result: the policies differ, as
    # Material's first script holds the path to the root.
    _follow(page, "a.md-search-result__link[href*='/tiers/']", "**/tiers/**")
    assert page.evaluate("window.eisSameDocument") is True, "Material loaded the page instead of fetching it"
    assert page.locator("h1").first.inner_text().startswith("Tiers")
    # Material swaps the head's elements after the URL changes: waited for, not read at once.
    expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).not_to_have_attribute("content", home_policy)
    _follow(page, "nav.md-nav--primary a.md-nav__link[href$='/ledger/']", "**/ledger/")
    toggle_palette(page)
    _follow(page, "a.md-header__button.md-logo", instant_site)
    assert page.evaluate("window.eisSameDocument") is True
    assert violations(page) == []
    assert problems == []


def _copy_with(site: Path, target: Path, keep_policy: bool) -> Path:
    """A copy of the built site whose tiers page has the injection in its served HTML."""
    shutil.copytree(site, target)
    page = target / INJECTED_PAGE
    html = page.read_text(encoding="utf-8")
    if not keep_policy:
        html, removed = POLICY.subn("", html)
        assert removed == 1
    html, injected = re.subn(r"</h1>", lambda match: match.group(0) + INJECTION, html, count=1)
    assert injected == 1
    page.write_text(html, encoding="utf-8")
    return target


@pytest.mark.parametrize("keep_policy", [True, False], ids=["with the policy", "without it"])
def test_injected_script_and_handler_run_only_without_the_policy(browser, built_site, tmp_path, keep_policy):
    site = _copy_with(built_site, tmp_path / "site", keep_policy)
    with serve(site) as url:
        page, problems = open_page(browser, url + INJECTED_PAGE.removesuffix("index.html"))
        page.wait_for_function("document.querySelector('img[src$=\"/nowhere.png\"]').complete")
        ran = page.evaluate("[window.eisInjected || null, window.eisInjectedHandler || null]")
        refused = violations(page)
        page.close()
    if keep_policy:
        assert ran == [None, None]
        assert {entry.split(" ")[0] for entry in refused} == {"script-src-elem", "script-src-attr"}
        # Chromium says so in the console, which the other browser tests read.
        for what in ("inline script", "inline event handler"):
            assert any(f"Executing {what} violates" in problem for problem in problems), (what, problems)
    else:
        assert ran == ["script", True]  # the injection itself works: only the policy stops it
        assert refused == []
