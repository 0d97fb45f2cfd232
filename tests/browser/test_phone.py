"""Screenshots at phone width (375 px): the newest part and the ledger, in both palettes.

test_pages.py checks every page at this width."""

from __future__ import annotations

import pytest

from browsing import open_page, screenshot
from conftest import ROOT
from macros.data.load import load

PHONE = 375
REAL = load(ROOT / "data", ROOT / "docs")
NEWEST_PART = max(REAL.pages, key=lambda page: page.part).src_path.removesuffix(".md") + "/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("name", "path"), [("newest-part", NEWEST_PART), ("ledger", "ledger/")])
def test_phone_screenshot(browser, base_url, name, path, scheme):
    page, problems = open_page(browser, base_url + path, width=PHONE, color_scheme=scheme)
    assert screenshot(page, f"{name}-phone-{scheme}").stat().st_size > 10_000
    assert problems == []
    page.close()
