"""What an essay reader expects on each part: reading time, a feed to subscribe to, a way to cite it."""

from __future__ import annotations

import html
import re

from conftest import DATA, DOCS
from macros.data.load import load


def test_parts_show_reading_time_and_citation(built_site):
    data = load(DATA, DOCS)
    for hosted in data.pages:
        part = data.part(hosted.part)
        page = (built_site / hosted.src_path.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        byline = re.search(r'<p class="eis-byline">(.*?)</p>', page)
        assert byline is not None and re.search(r" · [1-9][0-9]* min read$", byline.group(1))
        cite = re.search(r'<div class="eis-embed eis-cite-part">(.*?)</div>', page, re.S)
        assert cite is not None and 'id="cite"' in page
        shown = html.unescape(re.sub(r"<[^>]+>", "\n", cite.group(1)))
        assert part.title in shown and data.sequence.author in shown
        assert re.search(r"@misc\{\w+,\n  author = \{", shown)
        # The citation's address is the part's own, never the listing of the whole sequence.
        url = re.search(r"^  url = \{(.*)\},?$", shown, re.M)
        if part.url is None:
            assert url is None or url.group(1) != data.sequence.url
            if data.sequence.url:
                assert f"Listed at {data.sequence.url}" in shown
        else:
            assert url is not None and url.group(1) == part.url


def test_every_page_links_to_the_feed(built_site):
    assert (built_site / "feed.xml").is_file()
    for path in built_site.rglob("index.html"):
        page = path.read_text(encoding="utf-8")
        link = re.search(r'<a href="([^"]*feed\.xml)" class="eis-subscribe"[^>]*>Subscribe \(RSS\)</a>', page)
        assert link is not None, path


def test_pages_with_figures_say_how_fresh_they_are(built_site):
    # The day the figures were computed: in every page's footer, from the build's date.
    for path in built_site.rglob("index.html"):
        page = path.read_text(encoding="utf-8")
        assert re.search(r'Figures computed <time datetime="\d{4}-\d\d-\d\d">\d{1,2} \w+ \d{4}</time>', page), path
    # And the latest input a page shows: a judged list's latest scorecard, a pending list's making.
    judged = (built_site / "ledger/may-2024/index.html").read_text(encoding="utf-8")
    assert (
        '<p class="eis-asof">Figures on this page use data as of <time datetime="2024-05-21">21 May 2024</time>'
        " (“Anthropic's next SAE paper (May 2024)” judged against Templeton et al. (2024)).</p>"
    ) in judged
    pending = (built_site / "ledger/eis-xiv/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-10-11">11 October 2024</time> (“The next SAE paper' in pending
    assert "Pending since 11 October 2024" in pending
    part = (built_site / "parts/eis-xiv/index.html").read_text(encoding="utf-8")
    assert '<p class="eis-asof">Figures on this page use data as of <time datetime="2024-10-11">' in part
