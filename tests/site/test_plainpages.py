"""Pages of text and calls read without Jinja (plainpages.py): read exactly as Jinja reads them, or left to Jinja."""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from jinja2 import TemplateSyntaxError
from jinja2.ext import Extension
from markupsafe import Markup

from macros.site.templates import new_environment, read_page, render_text_and_calls

# The site's settings for mkdocs-macros' environment (mkdocs.yml).
SITE_JINJA = {"comment_start_string": "{##", "comment_end_string": "##}"}
MACROS = ["score", "tier"]


def shown(name: str):
    def macro(*args: object, **kwargs: object) -> Markup:
        return Markup(f"<{name}>{args!r}{sorted(kwargs.items())!r}</{name}>")

    return macro


FUNCTIONS = {name: shown(name) for name in MACROS}


def both_ways(source: str, **settings: object):
    jinja = new_environment(**{**SITE_JINJA, **settings})
    plain = read_page(jinja, "docs/p.md", source, {"page"}, MACROS, line_offset=3)
    parsed = read_page(jinja, "docs/p.md", source, {"page"}, MACROS, line_offset=3, plainly=False)
    return jinja, plain, parsed


def assert_read_as_jinja_reads(source: str, **settings: object) -> bool:
    """The same sites, problems and output either way; whether the page was read without Jinja."""
    jinja, plain, parsed = both_ways(source, **settings)
    assert (plain.sites, plain.problems, plain.renders) == (parsed.sites, parsed.problems, parsed.renders)
    if plain.pieces is None:
        return False
    assert plain.tree is None and parsed.tree is not None
    assert render_text_and_calls(plain.pieces, FUNCTIONS) == jinja.from_string(source).render(**FUNCTIONS)
    return True


@pytest.mark.parametrize(
    ("source", "plain"),
    [
        ("", True),
        ("Prose only.\n", True),
        ("Scored {{ score('a') }} on {{ tier(2) }}.\n\n", True),
        ('{{ score("a", 0, true, False, none, n=1, k="x") }}', True),
        ("{{\n  score(\n    'a'\n  )\n}} after a call over lines\n", True),
        ("{{ score('a') }}{{ score('a') }}\n{{ tier('b') }}", True),
        ("`{{ x }}` and\n```\n{% if %}{{ y }}\n```\n{{ score('a') }}", True),  # code is text
        ("{## a comment ##} {# not one here #} {{ 'a string' }}", True),
        ("{% raw %}{{ score(x) }}{% endraw %}", True),
        ("é \t tabs and ünïcode {{ score('ü') }}", True),
        ("{{ score(x) }}", False),  # not written out
        ("{{ score('a\\'b') }}", False),  # an escape
        ("{{ score(-1) }}", False),
        ("{{ score(1.5) }}", False),
        ("{{ score(007) }}", False),
        ("{{ score(1_000) }}", False),
        ("{{ score('a',) }}", False),
        ("{{ score(n=1, 'a') }}", False),  # Jinja's syntax error
        ("{{ score(n=1, n=2) }}", False),
        ("{{ nope('a') }}", False),  # Jinja names it
        ("{{ score }}", False),
        ("{{- score('a') }}", False),
        ("{{ score('a') -}}\n", False),
        ("{##- comment -##}", False),
        ("{%- raw %}x{% endraw %}", False),
        ("{% raw %}x{% endraw -%}", False),
        ("{% raw %}never closed", False),
        ("{% if true %}x{% endif %}", False),
        ("{{ score('a') }} line\r\nbreaks", False),
        ("{{ unclosed", False),
        ("{## unclosed", False),
    ],
)
def test_a_page_is_read_without_jinja_only_when_it_holds_nothing_but_text_and_calls(source, plain):
    assert assert_read_as_jinja_reads(source) == plain


@pytest.mark.parametrize("setting", [{"trim_blocks": True}, {"lstrip_blocks": True}, {"keep_trailing_newline": True}])
def test_settings_that_change_how_jinja_reads_text_leave_every_page_to_jinja(setting):
    assert assert_read_as_jinja_reads("{## c ##}\n  {{ score('a') }}\n", **setting) is False


@pytest.mark.parametrize("name", ["none", "True", "false", "not"])
def test_a_macro_named_as_jinja_reads_a_constant_or_an_operator_is_left_to_jinja(name):
    jinja = new_environment(**SITE_JINJA)
    assert read_page(jinja, "docs/p.md", f"{{{{ {name}(1) }}}}", set(), [*MACROS, name]).pieces is None


class _Breaks(Extension):
    """An extension whose preprocessing writes the line breaks that Jinja then reads as "\\n"."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return source.replace("~", "\r\n")


def test_line_breaks_an_extension_writes_leave_the_page_to_jinja():
    assert assert_read_as_jinja_reads("{{ score('a') }}~{{ tier(2) }}\n", extensions=[_Breaks]) is False
    assert assert_read_as_jinja_reads("{{ score('a') }}\n{{ tier(2) }}\n", extensions=[_Breaks]) is True


def test_another_syntax_is_read_with_its_own_delimiters():
    source = "<< score('a') >> <# c #> [% raw %]<< x >>[% endraw %]\n"
    syntax = {
        "variable_start_string": "<<",
        "variable_end_string": ">>",
        "comment_start_string": "<#",
        "comment_end_string": "#>",
        "block_start_string": "[%",
        "block_end_string": "%]",
    }
    jinja = new_environment(**syntax)
    plain = read_page(jinja, "docs/p.md", source, set(), MACROS)
    assert plain.pieces is not None
    assert render_text_and_calls(plain.pieces, FUNCTIONS) == jinja.from_string(source).render(**FUNCTIONS)


_STRINGS = st.text(alphabet=st.sampled_from(list("ab {}%#'\"\\\n`é")), max_size=5)
_LITERALS = st.one_of(
    _STRINGS.map(repr),
    _STRINGS.map(lambda text: f'"{text}"'),
    st.sampled_from(["0", "7", "12", "007", "1_0", "-3", "2.5", "true", "False", "none", "None", "x", "[1]"]),
)
_ARGUMENTS = st.lists(st.tuples(st.sampled_from(["", "", "n=", "k = ", "n="]), _LITERALS).map("".join), max_size=3).map(
    ", ".join
)
_CALLS = st.builds(
    lambda open_, name, space, arguments, comma, close: f"{open_}{space}{name}({arguments}{comma}){space}{close}",
    st.sampled_from(["{{", "{{", "{{-", "{{+"]),
    st.sampled_from([*MACROS, *MACROS, "nope"]),
    st.sampled_from([" ", "", "\n  ", "\x0c", "\x85\u2028"]),  # whitespace Jinja and Python both skip
    _ARGUMENTS,
    st.sampled_from(["", "", ","]),
    st.sampled_from(["}}", "}}", "-}}"]),
)
# With the line breaks Python's str.splitlines knows and Jinja does not.
_TEXT = st.text(alphabet=st.sampled_from(list("ab \n\t{}%#-+`'\"=()é\r~*_\x0b\x85\u2028")), max_size=12)
_OTHERS = st.sampled_from(
    [
        "{## note ##}",
        "{##- note ##}",
        "{# not a comment here #}",
        "{% raw %}{{ x }}{% endraw %}",
        "{%- raw %}{{ x }}{% endraw %}",
        "{% if true %}y{% endif %}",
        "`{{ score(x) }}`",
        "\n```\n{% if %}\n```\n",
        "{{ 'constant' }}",
        "{{ score }}",
        "\n",
    ]
)


@pytest.mark.filterwarnings("ignore:invalid escape sequence:DeprecationWarning")  # Jinja reading "\{" in a string
@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_TEXT, _CALLS, _OTHERS), max_size=8))
def test_any_page_is_read_as_jinja_reads_it(parts):
    source = "".join(parts)
    try:
        plain = assert_read_as_jinja_reads(source)
    except TemplateSyntaxError:
        # Jinja's reading of the page failed at render time only: neither reader may have let it through.
        _, plain_page, parsed = both_ways(source)
        assert plain_page.pieces is None and not parsed.renders
        return
    event(f"read without Jinja: {plain}")
