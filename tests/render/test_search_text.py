"""What the site search shows from a table reads as words: cells never run together."""

from __future__ import annotations

import html
import json
import re

from conftest import DATA, DOCS
from macros.data.load import load
from macros.render import fmt


def test_table_cells_stay_apart_in_search_excerpts(built_site):
    data = load(DATA, DOCS)
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    texts = [html.unescape(re.sub(r"<[^>]+>", " ", entry["text"])) for entry in index["docs"]]
    for plist in data.lists:
        for number, prediction in enumerate(plist.predictions, start=1):
            start = " ".join(prediction.claim.split()[:4])
            row = f"{number} {fmt.percent(prediction.p)} {start}"
            assert any(row in " ".join(text.split()) for text in texts), row
    # The explorer's controls and figures are not page text to search.
    assert not any("Reset to the starting choices" in text for text in texts)
