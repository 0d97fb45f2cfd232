"""The one scanner of a page's template tags: what it finds, where, and what it leaves alone."""

from __future__ import annotations

import pytest

from macros.data.templatetags import JINJA, TAGS_ONLY, Syntax, scan

SITE = Syntax(comment_start="{##", comment_end="##}")  # mkdocs.yml's, so attr_list's "{#id}" is text
ANGLES = Syntax("<%", "%>", "<<", ">>", "<#", "#>")


def found(source: str, syntax: Syntax) -> list[tuple[str, str, str, list[str]]]:
    return [
        (
            tag.kind,
            source[tag.start : tag.end],
            source[tag.inner[0] : tag.inner[1]],
            [source[begin:end] for begin, end in tag.strings],
        )
        for tag in scan(source, syntax)
    ]


@pytest.mark.parametrize(
    ("source", "syntax", "tags"),
    [
        ("plain text", JINJA, []),
        ("a {{ x }} b", JINJA, [("variable", "{{ x }}", " x ", [])]),
        ("{{ x }}{{ y }}", JINJA, [("variable", "{{ x }}", " x ", []), ("variable", "{{ y }}", " y ", [])]),
        (
            "{% if a %}x{% endif %}",
            JINJA,
            [("block", "{% if a %}", " if a ", []), ("block", "{% endif %}", " endif ", [])],
        ),
        ("{{ f('}}') }} after", JINJA, [("variable", "{{ f('}}') }}", " f('}}') ", ["}}"])]),
        ('{{ "a\\"}}" }}', JINJA, [("variable", '{{ "a\\"}}" }}', ' "a\\"}}" ', ['a\\"}}'])]),
        ("{{ 'open", JINJA, [("variable", "{{ 'open", " 'open", ["open"])]),  # runs to the end, as Jinja reads it
        ("{{ x", JINJA, [("variable", "{{ x", " x", [])]),
        ("{# note #} x", JINJA, [("comment", "{# note #}", " note ", [])]),
        ("{# {{ x }} #}", JINJA, [("comment", "{# {{ x }} #}", " {{ x }} ", [])]),
        ("{# note #} x", TAGS_ONLY, []),
        ("## Title {#anchor}", SITE, []),
        (
            "{## {{ x }} ##} {{ y }}",
            SITE,
            [("comment", "{## {{ x }} ##}", " {{ x }} ", []), ("variable", "{{ y }}", " y ", [])],
        ),
        ("{% raw %}{{ x }}{% endraw %}", JINJA, [("raw", "{% raw %}{{ x }}{% endraw %}", "{{ x }}", [])]),
        ("{%- raw -%}a{%+ endraw +%}", JINJA, [("raw", "{%- raw -%}a{%+ endraw +%}", "a", [])]),
        ("{% raw %}{{ x }}", JINJA, [("raw", "{% raw %}{{ x }}", "{{ x }}", [])]),
        ("a `{{ x }}` b", JINJA, []),
        ("```\n{{ x }}\n```\n{{ y }}", JINJA, [("variable", "{{ y }}", " y ", [])]),
        ("`code` {{ x }}", JINJA, [("variable", "{{ x }}", " x ", [])]),
        (
            "<< x >> <% if %> <# c #> {{ y }}",
            ANGLES,
            [
                ("variable", "<< x >>", " x ", []),
                ("block", "<% if %>", " if ", []),
                ("comment", "<# c #>", " c ", []),
            ],
        ),
    ],
)
def test_scan(source, syntax, tags):
    assert found(source, syntax) == tags


def test_a_tag_across_lines_keeps_its_offsets():
    source = "line one\n{{ score(\n  'x') }}\nline four"
    (tag,) = scan(source)
    assert source[tag.start : tag.end] == "{{ score(\n  'x') }}"
    assert source.count("\n", 0, tag.start) == 1
