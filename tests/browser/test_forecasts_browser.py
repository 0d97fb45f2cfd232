"""The track record and a forecast's permalink in Chromium, on the fixture site: phone and desktop, no script, print."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from browsing import OFF_SCREEN_JS, axe_violations, open_page
from conftest import DATA, DOCS
from macros.compute import track
from macros.data.load import load

DATA_SET = load(DATA, DOCS)
RECORD = track.track_record(DATA_SET)
PHONE, DESKTOP = 375, 1280


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_track_record_reads_at_any_width(browser, fixture_url, width, scheme):
    page, problems = open_page(browser, fixture_url + "track-record/", width=width, color_scheme=scheme)
    chart = page.locator("svg.eis-timechart__chart")
    assert chart.count() == 1 and chart.get_attribute("role") == "img"
    box = chart.bounding_box()
    assert box is not None and box["x"] > 0 and box["x"] + box["width"] <= width and box["height"] > 100
    page.locator(".eis-timechart__numbers summary").click()
    assert page.locator(".eis-track-table tbody tr").count() == len(RECORD.steps)
    assert page.locator(".eis-track-lists tbody tr").count() == len(RECORD.lists)
    assert axe_violations(page, ".md-content") == []
    if width == PHONE:
        assert page.evaluate(OFF_SCREEN_JS, width) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert problems == []
    page.close()


def test_track_record_without_javascript(browser, fixture_url):
    page, problems = open_page(browser, fixture_url + "track-record/", width=PHONE, java_script_enabled=False)
    assert page.locator("svg.eis-timechart__chart polyline").count() == 2
    assert page.locator(".eis-track-table tbody tr").count() == len(RECORD.steps)  # in the page, if folded
    assert problems == []
    page.close()


def test_track_record_prints(browser, fixture_url):
    page, problems = open_page(browser, fixture_url + "track-record/")
    text = "\n".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(page.pdf())).pages)
    page.close()
    assert problems == []
    assert "Track record" in text and "Results by list" in text
    # The numbers behind the chart are printed though folded on screen: every forecast's row, to the last.
    squeezed = re.sub(r"\s+", "", text)
    last = RECORD.steps[-1]
    assert "Expectedtotal" in squeezed
    assert f"{len(RECORD.steps)}{last.date.human()}".replace(" ", "") in squeezed
    assert "Predictions ledger" not in text.split("Track record")[0]  # the way back up is a control, not printed


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_permalink_shows_the_forecast_and_its_reason(browser, fixture_url, width):
    page, problems = open_page(browser, fixture_url + "ledger/may-2024/#sparse-peft", width=width)
    entry = page.locator("article.eis-forecast#sparse-peft")
    assert entry.evaluate("el => el.matches(':target')")
    assert entry.is_visible() and entry.locator("h3").is_visible()
    top = entry.bounding_box()
    assert top is not None and 0 <= top["y"] < 900  # scrolled to, clear of the header
    note = DATA_SET.scorecards[0].judgement_of("sparse-peft").note
    assert entry.locator(".eis-reason__note").inner_text() == note
    evidence = entry.locator("a.eis-reason__evidence")
    assert evidence.get_attribute("href") == DATA_SET.scorecards[0].judgement_of("sparse-peft").evidence
    assert axe_violations(page, ".md-content") == []
    if width == PHONE:
        assert page.evaluate(OFF_SCREEN_JS, width) == []
    assert problems == []
    page.close()
