"""A page's template read once: its problems and its macro calls, each with line and column."""

from __future__ import annotations

import functools
import inspect

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from jinja2 import TemplateSyntaxError
from markupsafe import Markup

from macros.data.problems import Loc, MacroMisuse
from macros.site.templates import (
    call_problems,
    new_environment,
    read_page,
    render_text_and_calls,
    run_call,
    text_and_calls,
)

MACROS = ["score", "tier_badge"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ score('x') }} {% set n = 1 %}{{ n }} {% for i in [1] %}{{ i }}{% endfor %}", []),
        ("a\nb ${{ github.sha }}\n", [(2, 7, "'github' is not a macro or variable of this site; to show it as text")]),
        ("{{ scroe('x') }}", [(1, 4, "'scroe' is not a macro or variable of this site; did you mean 'score'?")]),
        ("{{ x }}\n{{ x }}", [(1, 4, "'x'"), (2, 4, "'x'")]),
        ("x is {{ x }}", [(1, 9, "'x' is not")]),
        ("`{{ x }}` then {{ x }}", [(1, 19, "'x' is not")]),
        ("\n\n{% foo %}", [(3, 4, "template syntax error: Encountered unknown tag 'foo'; to show it as text")]),
        ("{{ unclosed", [(1, 4, "template syntax error: unexpected end of template")]),
        ("{% raw %}{{ anything }}{% endraw %}", []),
        ("```\n{{ anything }}\n```", []),
        ("{% for x in [1] %}{{ loop.index }}{{ x }}{% endfor %}", []),
        ("{% macro m(a) %}{{ a }}{{ caller() }}{% endmacro %}", []),
    ],
)
def test_what_stops_a_page_from_rendering(source, expected):
    page = read_page(new_environment(), "docs/p.md", source, {"page"}, MACROS)
    found = [
        (p.loc.line, p.loc.col, p.message[: len(text)])
        for p, (_, _, text) in zip(page.problems, expected, strict=False)
    ]
    assert found == expected and len(page.problems) == len(expected)
    assert page.renders == (not expected)


def test_lines_count_from_the_top_of_the_file():
    page = read_page(new_environment(), "docs/p.md", "{{ nope }}", set(), MACROS, line_offset=4)
    assert page.problems[0].loc == Loc("docs/p.md", 5, 4)


@pytest.mark.parametrize(
    ("source", "sites"),
    [
        ("{{ score('a') }}", [("score", 1, 4, ("a",))]),
        ("The score(s): {{ score('a') }} and {{ score('b') }}", [("score", 1, 18, ("a",)), ("score", 1, 39, ("b",))]),
        (
            "{{ tier_badge(\"score('x')\") }} {{ score('y') }}",
            [("tier_badge", 1, 4, ("score('x')",)), ("score", 1, 35, ("y",))],
        ),
        ("{% for c in ['a'] %}\n{{ score(c) }}{% endfor %}", [("score", 2, 4, None)]),
        ("{{ page.score('a') }}", []),
    ],
)
def test_call_sites_are_found_where_they_are_written(source, sites):
    page = read_page(new_environment(), "docs/p.md", source, {"page"}, MACROS)
    assert [(s.name, s.line, s.col, s.args) for s in page.sites] == sites


def score(scorecard_id: str) -> Markup:
    if scorecard_id != "known":
        raise MacroMisuse(f"no scorecard {scorecard_id!r}")
    return Markup("<b>1</b>")


def broken(scorecard_id: str) -> Markup:
    return {}[scorecard_id]  # a bug, not an author's mistake


@pytest.mark.parametrize(
    ("args", "kwargs", "wrong"),
    [
        (("known",), {}, None),
        (("x",), {}, "score('x'): no scorecard 'x'"),
        ((), {}, "score(): missing a required argument: 'scorecard_id'"),
        (("a", "b"), {}, "score('a', 'b'): too many positional arguments"),
        ((), {"card": "a"}, "score(card='a'): missing a required argument: 'scorecard_id'"),
    ],
)
def test_only_an_authors_mistake_becomes_a_message(args, kwargs, wrong):
    output, message = run_call("score", score, args, kwargs)
    assert message == wrong
    assert output == (Markup("<b>1</b>") if wrong is None else Markup())


def on_page(page: object, scorecard_id: str, *, shown: bool = True) -> Markup:
    return Markup("<b>1</b>")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("a",), {}),
        ((), {}),
        (("a", "b"), {}),
        ((), {"scorecard_id": "a", "shown": False}),
        (("a",), {"page": "p"}),  # the parameter the page fills
        (("a",), {"hidden": 1}),
    ],
)
def test_a_macro_bound_to_its_page_is_told_what_inspect_would_say(args, kwargs):
    for _ in range(2):  # the second time from the parameters kept
        bound = functools.partial(on_page, object())
        try:
            inspect.signature(bound).bind(*args, **kwargs)
            expected = None
        except TypeError as error:
            expected = f"on_page({', '.join([*map(repr, args), *(f'{k}={v!r}' for k, v in kwargs.items())])}): {error}"
        assert run_call("on_page", bound, args, kwargs)[1] == expected


def test_a_bug_in_a_macro_keeps_its_traceback():
    with pytest.raises(KeyError):
        run_call("score", broken, ("known",), {})


def test_every_written_call_is_tried_and_every_mistake_reported():
    source = (
        "{{ score('x') }}\n{{ score('known') }} {{ score('y', 2) }}\n{% for c in ['z'] %}{{ score(c) }}{% endfor %}"
    )
    page = read_page(new_environment(), "docs/p.md", source, set(), ["score"])
    found = [str(problem) for problem in call_problems(page, {"score": score})]
    assert found == [
        "docs/p.md:1:4: score('x'): no scorecard 'x'",
        "docs/p.md:2:25: score('y', 2): too many positional arguments",
    ]


def test_a_call_checked_without_drawing_gives_the_same_messages():
    calls: list[str] = []

    def tracked(scorecard_id: str) -> Markup:
        calls.append(scorecard_id)
        return score(scorecard_id)

    def check(scorecard_id: str) -> Markup:
        if scorecard_id != "known":
            raise MacroMisuse(f"no scorecard {scorecard_id!r}")
        return Markup()

    source = "{{ score('x') }} {{ score('known') }} {{ score() }}"
    page = read_page(new_environment(), "docs/p.md", source, set(), ["score"])
    run = [str(problem) for problem in call_problems(page, {"score": tracked})]
    checked = [str(problem) for problem in call_problems(page, {"score": check})]
    assert (
        checked
        == run
        == [
            "docs/p.md:1:4: score('x'): no scorecard 'x'",
            "docs/p.md:1:42: score(): missing a required argument: 'scorecard_id'",
        ]
    )
    assert calls == ["x", "known"]  # drawn only when run, never when checked


def test_a_page_read_by_its_check_is_not_parsed_again_to_render(monkeypatch):
    from macros.site.templates import ParseOnce, new_environment

    jinja = new_environment()
    once = ParseOnce.on(jinja)
    assert ParseOnce.on(jinja) is once  # one an environment, however often the build is configured
    source = "Score {{ score('x') }} and `{{ code }}`"
    page = read_page(jinja, "docs/p.md", source, set(), ["score"], plainly=False)
    assert page.tree is not None
    once.keep(source, page.tree)
    parsed: list[str] = []
    parse = once._parse
    monkeypatch.setattr(once, "_parse", lambda *args: parsed.append(args[0]) or parse(*args))
    assert jinja.from_string(source).render(score=lambda card: "+0.5") == "Score +0.5 and `{{ code }}`"
    assert parsed == []  # compiled from the tree the check read
    assert jinja.from_string(source).render(score=lambda card: "+0.5") == "Score +0.5 and `{{ code }}`"
    assert parsed == [source]  # handed over once only
    assert jinja.from_string("other").render() == "other"
    assert parsed == [source, "other"]


# -- pages of text and calls, rendered without Jinja ---------------------------------

# The site's settings for mkdocs-macros' environment (mkdocs.yml).
SITE_JINJA = {"comment_start_string": "{##", "comment_end_string": "##}"}


def shown(*args: object, **kwargs: object) -> Markup:
    """A macro whose output shows its arguments, with characters Jinja and Markdown care about."""
    return Markup("<b>{{&amp;}}</b>") + Markup(repr((args, sorted(kwargs.items()))))


CALLED = {"shown": shown, "other": lambda: "plain"}


def as_jinja_renders(source: str) -> str:
    jinja = new_environment(**SITE_JINJA)
    jinja.globals.update(CALLED)
    return jinja.from_string(source).render()


@pytest.mark.parametrize(
    "source",
    [
        "",
        "\n",
        "plain text, no calls\n\n",
        "{{ shown('a') }}",
        "a {{ shown('a', 2, x=None, y=[1, 'b'], z={'k': (1, 2)}) }} b\n",
        "two {{ shown() }}{{ other() }} in a row\r\nand Windows lines\r\n",
        "trailing newlines are Jinja's to keep or drop\n\n\n",
        "{{- shown(1) -}}   \n  trimmed  {{- other() }}  \n",
        "{## a comment ##}text{## another\nover lines ##}\n",
        "{% raw %}{{ shown('not called') }}{% endraw %} then {{ shown('called') }}",
        "`{{ shown('code') }}` and\n```\n{{ shown('block') }}\n{% if %}\n```\n{{ other() }}",
        "{{ shown('\\u00e9 \\n \\\\') }} {{ shown(-1.5) }} {{ shown(True) }}",
        "#{{ other() }}# {#{{ other() }}#} {{ '{{' }} {{ 1.50 }} {{ none }}",
    ],
)
def test_a_page_of_text_and_calls_renders_as_jinja_renders_it(source):
    jinja = new_environment(**SITE_JINJA)
    pieces = text_and_calls(jinja.parse(source))
    assert pieces is not None
    assert render_text_and_calls(pieces, CALLED) == as_jinja_renders(source)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.sampled_from(list("ab \n\r\t{}%#-`~*_<>&'\"\\é")), max_size=12).filter(
                lambda text: "{" not in text and "#}" not in text
            ),
            st.builds(
                lambda args, trim: f"{{{{{'-' if trim else ''} shown({', '.join(map(repr, args))}) }}}}",
                st.lists(st.one_of(st.integers(), st.text(max_size=5), st.none(), st.booleans()), max_size=3),
                st.booleans(),
            ),
        ),
        max_size=8,
    )
)
def test_any_page_of_text_and_calls_renders_as_jinja_renders_it(parts):
    source = "".join(parts)
    jinja = new_environment(**SITE_JINJA)
    try:
        tree = jinja.parse(source)
    except TemplateSyntaxError:
        assume(False)  # a backtick in an argument can open a code span that swallows the call's end
    pieces = text_and_calls(tree)
    assert pieces is not None
    assert render_text_and_calls(pieces, CALLED) == as_jinja_renders(source)


@pytest.mark.parametrize(
    "source",
    [
        "{{ x }}",  # a variable
        "{{ shown(x) }}",  # an argument that is not written out
        "{{ shown(*xs) }}",
        "{{ shown(**kw) }}",
        "{{ shown('a') | upper }}",  # a filter
        "{{ shown('a') ~ 'b' }}",
        "{{ loop.shown('a') }}",  # a method
        "{% if true %}{{ shown('a') }}{% endif %}",
        "{% set y = 1 %}{{ shown('a') }}",
        "{% for i in [1] %}{{ shown(i) }}{% endfor %}",
        "{% macro m() %}{% endmacro %}",
        "{{ shown(shown('a')) }}",  # a call in an argument
    ],
)
def test_a_page_with_anything_else_is_left_to_jinja(source):
    assert text_and_calls(new_environment(**SITE_JINJA).parse(source)) is None
