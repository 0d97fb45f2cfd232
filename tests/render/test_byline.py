"""Who wrote what a part's page holds, and where each part really is."""

from __future__ import annotations

import dataclasses
import re

from conftest import OnPage
from macros.data.model import Hosted


class Links:
    current_part: int | None = None

    def href(self, src_path: str, anchor: str | None = None) -> str | None:
        return "/" + src_path.removesuffix(".md") + "/" + (f"#{anchor}" if anchor else "")

    def file_href(self, path: str) -> str:
        return "/" + path

    def absolute(self, path: str) -> str:
        return "https://example.org/" + path


def with_part(data, number: int, **changes):
    parts = tuple(dataclasses.replace(p, **changes) if p.part == number else p for p in data.sequence.parts)
    return dataclasses.replace(data, sequence=dataclasses.replace(data.sequence, parts=parts))


def hosted(data) -> int:
    return data.pages[0].part


def test_a_summary_says_whose_words_it_holds(data):
    number = hosted(data)
    summary = with_part(data, number, hosted=Hosted.SUMMARY, url=None)
    header = str(OnPage(summary, Links()).part_header(number))
    author = data.sequence.author
    assert re.search(rf"A summary of Part [IVXLCDM]+ by {re.escape(author)}", header)
    byline = re.search(r'<p class="eis-byline">(.*?)</p>', header)
    assert byline is not None and author not in byline.group(1)  # the summary is not signed as his text
    assert f'href="{data.sequence.url}"' in header and "forum listing" in header

    linked = with_part(data, number, hosted=Hosted.SUMMARY, url="https://example.org/post")
    header = str(OnPage(linked, Links()).part_header(number))
    assert re.search(r'A summary of <a href="https://example.org/post">Part [IVXLCDM]+</a>', header)


def test_the_authors_own_text_is_signed(data):
    number = hosted(data)
    original = with_part(data, number, hosted=Hosted.ORIGINAL)
    header = str(OnPage(original, Links()).part_header(number))
    assert data.sequence.author in re.search(r'<p class="eis-byline">(.*?)</p>', header).group(1)
    assert "A summary" not in header


def test_titles_link_only_to_the_part_itself(data):
    index = str(OnPage(data, Links()).sequence_index())
    rows = re.findall(r'<tr id="part-(\d+)">(.*?)</tr>', index)
    assert len(rows) == len(data.sequence.parts)
    for number, row in rows:
        part = data.part(int(number))
        page = data.page_of(part.part)
        links = dict((label, href) for href, label in re.findall(r'<a href="([^"]*)">([^<]*)</a>', row))
        if page is not None:
            assert links[str(OnPage(data, Links()).part_title(part.part))] == "/" + page.src_path[:-3] + "/"
        elif part.url:
            assert part.url in links.values()
        else:
            assert links == {"forum listing": data.sequence.url}, row
    # Every part whose address is known is linked to it.
    for part in data.sequence.parts:
        if part.url:
            assert f'href="{part.url}"' in index


def test_the_data_says_what_a_hosted_page_holds(data):
    assert {part.hosted for part in data.sequence.parts} <= set(Hosted)
    assert all(part.hosted is Hosted.ORIGINAL for part in data.sequence.parts if data.page_of(part.part) is None)
