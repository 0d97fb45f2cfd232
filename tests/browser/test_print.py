"""Part XIV printed to PDF by Chromium: no controls, addresses after citations, each total once."""

from __future__ import annotations

import io
import math
import re

import pytest
from pypdf import PdfReader

from browsing import open_page
from conftest import DATA, DOCS, score_card
from macros.data.load import load
from macros.render import marks

PART_XIV = "parts/eis-xiv/"
DATA_SET = load(DATA, DOCS)


@pytest.fixture(scope="module")
def printed(browser, fixture_url) -> tuple[int, str]:
    """Page count and text of the fixture site's Part XIV printed as a reader prints it (JavaScript on)."""
    page, problems = open_page(browser, fixture_url + PART_XIV)
    pdf = page.pdf()
    page.close()
    assert problems == []
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(sheet.extract_text() for sheet in reader.pages)


def squeezed(text: str) -> str:
    """Text without whitespace: an address may be broken across lines."""
    return re.sub(r"\s+", "", text)


def test_no_control_is_printed(printed):
    _, text = printed
    assert "Reset to the record" not in text and "hypothetical" not in text
    assert "Change an outcome" not in text
    assert "All parts of the sequence" not in text  # navigation


def test_every_citation_is_followed_by_its_address(printed):
    _, text = printed
    page = next(p for p in DATA_SET.pages if p.src_path == "parts/eis-xiv.md")
    cited = {card.work for card in DATA_SET.scorecards if card.reported_in == page.part}
    cited |= {work.id for work in DATA_SET.works if squeezed(work.citation) in squeezed(text)}
    with_address = [DATA_SET.work(work) for work in cited if DATA_SET.work(work).url]
    assert with_address
    for work in with_address:
        assert squeezed(f"<{work.url}>") in squeezed(text), work.id


def test_every_link_that_leaves_the_site_is_followed_by_its_address(browser, fixture_url, printed):
    _, text = printed
    page, problems = open_page(browser, fixture_url + PART_XIV)
    page.emulate_media(media="print")
    # Every link printed (shown in print) that leaves the site.
    external = page.eval_on_selector_all(
        "article a[href^='http']:not([data-eis-here])",
        "links => links.filter(a => a.getClientRects().length).map(a => a.href)",
    )
    page.close()
    assert external and problems == []
    for href in external:
        assert squeezed(f"<{href}>") in squeezed(text), href


def test_each_total_is_printed_once_and_every_outcome_has_its_word(printed):
    _, text = printed
    for card in DATA_SET.scorecards:
        result = score_card(DATA_SET, card)
        total = f"{result.happened} of {result.judged} happened"
        if squeezed(DATA_SET.prediction_list(card.predictions).title) in squeezed(text):
            assert text.count(total) == 1, total  # never repeated at a page break
    for which in (marks.Mark.HAPPENED, marks.Mark.DID_NOT, marks.Mark.PENDING):
        assert marks.WORDS[which] in text


def test_pages_are_full(printed):
    pages, text = printed
    # A printed sheet holds some 3,000 characters of this text; blank pages
    # or rows pushed one a sheet would leave far fewer on each.
    assert 1 <= pages <= math.ceil(len(text) / 1000)
