"""Pages made from data are titled from it: the browser's tab, link previews and search."""

from __future__ import annotations

import html
import json
import re

import pytest

from conftest import DATA, DOCS
from macros.data.load import load
from macros.render import list_page_path

DATA_SET = load(DATA, DOCS)


def titles(page: str) -> dict[str, str]:
    page = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", page)
    found = {
        "title": re.search(r"<title>(.*?)</title>", page, re.S),
        "og:title": re.search(r'<meta property="og:title" content="([^"]*)"', page),
        "twitter:title": re.search(r'<meta name="twitter:title" content="([^"]*)"', page),
        "h1": re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S),
        "description": re.search(r'<meta name="description" content="([^"]*)"', page),
    }
    return {key: html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() for key, match in found.items() if match}


@pytest.mark.parametrize("plist", DATA_SET.lists, ids=lambda plist: plist.id)
def test_list_pages_take_their_title_from_the_data(built_site, plist):
    url = list_page_path(plist.id).removesuffix(".md") + "/"
    page = (built_site / url / "index.html").read_text(encoding="utf-8")
    shown = titles(page)
    assert shown["title"].startswith(plist.title + " - ")
    assert shown["og:title"] == shown["twitter:title"] == shown["h1"] == plist.title
    assert (
        f"{len(plist.predictions)} forecast" in shown["description"] and plist.made_on.human() in shown["description"]
    )
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = [entry for entry in index["docs"] if entry["location"] == url]
    assert [html.unescape(entry["title"]) for entry in entries] == [plist.title]
