"""Reading time from a page's own words."""

from __future__ import annotations

import pytest

from macros.compute import reading


@pytest.mark.parametrize(
    ("markdown", "count"),
    [
        ("", 0),
        ("One two three.", 3),
        ("It's a well-known *fact*, isn't it?", 6),
        ('<div data-eis-block="ab12-0"></div>\n\nWords after a block.', 4),
        ("## A heading {: #anchor }\n\nText.", 3),
    ],
)
def test_words(markdown, count):
    assert reading.words(markdown) == count


@pytest.mark.parametrize(("count", "minutes"), [(0, 1), (1, 1), (230, 1), (231, 2), (2300, 10)])
def test_minutes_round_up(count, minutes):
    assert reading.minutes(count) == minutes


def test_macro_calls_are_not_the_pages_words():
    assert reading.words(reading.without_templates("Scored {{ score('x-y') }} in {% raw %}all{% endraw %}.")) == 3
