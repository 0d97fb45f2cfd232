"""Serving a built site on 127.0.0.1 and opening its pages in Debian's chromium."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from bench import hosting

CHROMIUM = "/usr/bin/chromium"
# Where the browser tests save screenshots; CI uploads this folder.
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parent.parent / "test-artifacts/screenshots")
)


# The built site as GitHub Pages serves it (compressed, with cache headers).
serve = hosting.serve

# Run in every document before its own scripts (DevTools runs it, so the
# page's policy does not apply): keeps each Content-Security-Policy
# violation the document reports, through instant navigation too.
_RECORD_VIOLATIONS = """
window.eisViolations = [];
document.addEventListener("securitypolicyviolation", event => window.eisViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"}: ${event.sample}`));
"""


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's chromium, headless; Playwright never downloads a browser."""
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
        try:
            yield browser
        finally:
            browser.close()


def open_page(
    browser: Browser, url: str, width: int = 1280, wait_until: str = "load", **context: object
) -> tuple[Page, list[str]]:
    """A new page at ``url``, once it and what it links have loaded, and a live list of its problems.

    ``wait_until="networkidle"`` waits on until the network has been quiet
    for half a second, for requests a page makes later.
    """
    page = browser.new_page(viewport={"width": width, "height": 900}, **context)  # type: ignore[arg-type]
    page.add_init_script(_RECORD_VIOLATIONS)
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    # A request the browser gave up because the page moved on (a favicon
    # cut short by a click, say) is not a fault of the site; any other is.
    page.on(
        "requestfailed",
        lambda request: (
            problems.append(f"failed request: {request.url} ({request.failure})")
            if request.failure != "net::ERR_ABORTED"
            else None
        ),
    )
    page.on(
        "response",
        lambda response: problems.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None,
    )
    page.goto(url, wait_until=wait_until)  # type: ignore[arg-type]
    if context.get("java_script_enabled", True):
        # whatif.js wires the explorers in a task of its own (a zero timeout) queued before this one.
        page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 0))")
    return page, problems


def site_pages(docs: Path, generated: Iterable[str]) -> list[str]:
    """Every page's path from the site root: one per Markdown file in ``docs`` and per page made from data."""
    sources = [source.relative_to(docs).as_posix() for source in docs.rglob("*.md")]
    paths = []
    for source in [*sources, *generated]:
        stem = source.removesuffix(".md")
        paths.append("" if stem == "index" else stem.removesuffix("/index") + "/")
    return sorted(paths)


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot into SCREENSHOTS, which CI uploads."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=shot, full_page=True)
    return shot


def violations(page: Page) -> list[str]:
    """The Content-Security-Policy violations the page's document has reported so far."""
    return list(page.evaluate("window.eisViolations"))


def axe_violations(page: Page, within: str | None = None) -> list[str]:
    """What axe-core finds on the page (or within one part of it), whatever its impact, one line each."""
    results = Axe().run(page, context=within)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + "; ".join(str(node["target"][0]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


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


def toggle_palette(page: Page) -> None:
    """One click on the palette toggle, as a reader does; the next palette is shown."""
    before = page.locator("form[data-md-component=palette] label:visible").first.get_attribute("for")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(
        "before => document.querySelector('form[data-md-component=palette] label:not([hidden])')"
        ".getAttribute('for') !== before",
        arg=before,
    )
