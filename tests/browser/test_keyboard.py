"""The keyboard on the real site: what Tab reaches, and how focus shows, in both palettes."""

from __future__ import annotations

import pytest

from browsing import open_page

FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
        inDrawer: Boolean(el.closest(".md-sidebar--primary")),
        text: (el.innerText || el.getAttribute("aria-label") || el.tagName).slice(0, 40),
        outline: parseFloat(style.outlineWidth) || 0,
        outlineStyle: style.outlineStyle,
        outlineColor: style.outlineColor,
    };
}"""


@pytest.mark.parametrize("path", ["", "parts/eis-xiv/", "tiers/"])
def test_the_closed_drawer_takes_no_focus_on_a_phone(browser, base_url, path):
    page, problems = open_page(browser, base_url + path, width=375)
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is not None:
            reached.append(focused)
    assert reached, "Tab reached nothing"
    assert [f["text"] for f in reached if f["inDrawer"]] == []
    # Opened, the drawer's links are reachable again.
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(400)
    assert page.locator(".md-sidebar--primary a").first.is_visible()
    assert problems == []
    page.close()


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(css: str) -> tuple[float, float, float]:
    inside = css[css.index("(") + 1 : css.index(")")].replace(",", " ").split()
    return float(inside[0]), float(inside[1]), float(inside[2])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_rings_are_thick_and_contrasting(browser, base_url, scheme):
    """Every badge, link and control the keyboard reaches in the article: a 2 px ring, 3:1 on the page."""
    page, problems = open_page(browser, base_url + "parts/eis-xiv/", color_scheme=scheme)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    targets = page.locator('article .eis-badge, article a[href^="http"], article select, article button')
    assert targets.count() > 0
    for index in range(min(targets.count(), 12)):
        target = targets.nth(index)
        target.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUSED_JS)
        assert ring is not None and ring["outline"] >= 2 and ring["outlineStyle"] != "none", ring
        lighter, darker = sorted((_luminance(_rgb(ring["outlineColor"])), _luminance(_rgb(background))), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 3, (ring, background)
    assert problems == []
    page.close()
