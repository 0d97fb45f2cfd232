"""Escaped HTML building blocks."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from macros.html import Content, el, join


@pytest.mark.parametrize(
    ("items", "separator", "expected"),
    [
        (["a<b", "c"], ", ", "a&#60;b, c"),
        ([el("em", "x"), " & ", "y"], "", "<em>x</em> &#38; y"),
        # A nested list is rendered once, never escaped a second time.
        ([["see ", el("a", "it", href="/x")], "."], "", 'see <a href="/x">it</a>.'),
        ([], " | ", ""),
    ],
)
def test_join(items: list[Content], separator: str, expected: str) -> None:
    joined = join(items, separator)
    assert isinstance(joined, Markup)
    assert str(joined) == expected
