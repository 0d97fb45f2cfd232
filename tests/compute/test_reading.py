"""Reading time from a page's own words."""

from __future__ import annotations

import pytest

from macros.compute import reading
from macros.data import templatetags


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


SITE = templatetags.Syntax(comment_start="{##", comment_end="##}")


@pytest.mark.parametrize(
    ("markdown", "syntax", "count"),
    [
        ("{{ score('a b c') }} one", templatetags.TAGS_ONLY, 1),
        ("one {% if x %}two{% endif %}", templatetags.TAGS_ONLY, 2),
        ("a {{ '}} b c' }} d", templatetags.TAGS_ONLY, 2),  # a closer inside a string ends nothing
        ("shown `{{ as written }}` here", templatetags.TAGS_ONLY, 4),  # code shows the tag: its words are read
        ("{% raw %}{{ kept }}{% endraw %} too", templatetags.TAGS_ONLY, 2),
        ("{## a note ##} text", SITE, 1),  # a comment is never shown
        ("{## a note ##} text", templatetags.TAGS_ONLY, 3),  # without the site's syntax it is text
        ("## Heading {#anchor}\n\nText.", SITE, 3),  # attr_list's braces open no comment of the site's
    ],
)
def test_words_around_template_tags(markdown, syntax, count):
    assert reading.words(reading.without_templates(markdown, syntax)) == count
