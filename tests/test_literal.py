"""Braces in posts: code is shown as written, stray template syntax is located."""

from __future__ import annotations

import re
from html import unescape

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_build import LEAKS, add_page, copy_project, pages, visible_text

from conftest import mkdocs_build
from macros.guard import template_problems
from macros.literal import hide_code


def hidden(markdown: str) -> list[str]:
    _, stash = hide_code(markdown)
    return stash.code


@pytest.mark.parametrize(
    ("markdown", "code"),
    [
        ("plain {{ x }}", []),
        ("a `{{ x }}` b", ["`{{ x }}`"]),
        ("a ``x ` {{ y }}`` b", ["``x ` {{ y }}``"]),
        ("a `one` and `two`", ["`one`", "`two`"]),
        ("a ``x` b", []),
        ("a \\`{{ x }}` b", []),
        ("a \\\\`x` b", ["`x`"]),
        ("spans `two\nlines` here", ["`two\nlines`"]),
        ("no span `across\n\nparagraphs`", []),
        ("```yaml\nrun: ${{ github.sha }}\n```\nafter", ["```yaml\nrun: ${{ github.sha }}\n```"]),
        ("~~~\n{% raw %}\n~~~\n", ["~~~\n{% raw %}\n~~~"]),
        ("1. item\n\n    ```\n    {{ x }}\n    ```\n", ["    ```\n    {{ x }}\n    ```"]),
        ("````\n```\n{{ x }}\n```\n````\n", ["````\n```\n{{ x }}\n```\n````"]),
        ("```\nnever closed {{ x }}\n", ["```\nnever closed {{ x }}"]),
        ("``` `not a fence` {{ x }}", ["`not a fence`"]),
        ("```\r\n{{ x }}\r\n```\r\n", ["```\r\n{{ x }}\r\n```"]),
    ],
)
def test_code_is_hidden(markdown, code):
    assert hidden(markdown) == code


def test_placeholders_keep_lines_and_hold_no_template_syntax():
    markdown = "# T\n\n```\n{{ a }}\n{% b %}\n```\n\nline 8 `{{ c }}` {{ d }}\n"
    protected, stash = hide_code(markdown)
    assert protected.count("\n") == markdown.count("\n")
    assert protected.splitlines()[7].endswith("{{ d }}")
    assert "{{ a }}" not in protected and "{% b %}" not in protected and "{{ c }}" not in protected
    assert stash.restore(protected) == markdown


@given(st.text(alphabet="`~{}%# \n\\ab-", max_size=80))
def test_hiding_and_restoring_is_lossless(markdown):
    protected, stash = hide_code(markdown)
    assert stash.restore(protected) == markdown


def test_restore_survives_whitespace_control():
    env = jinja2.Environment()
    protected, stash = hide_code("```\n{{ x }}\n```\n{%- if true %}y{% endif %}")
    assert stash.restore(env.from_string(protected).render()) == "```\n{{ x }}\n```y"


def test_a_forged_placeholder_is_left_alone():
    protected, stash = hide_code("`a` {eis-code-0000000000000000-0}")
    assert stash.restore(protected) == "`a` {eis-code-0000000000000000-0}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ score('x') }} {% set n = 1 %}{{ n }} {% for i in [1] %}{{ i }}{% endfor %}", []),
        ("a\nb ${{ github.sha }}\n", [(2, "'github' is not a macro or variable of this site; to show it as text")]),
        ("{{ scroe('x') }}", [(1, "'scroe' is not a macro or variable of this site; did you mean 'score'?")]),
        ("{{ x }}\n{{ x }}", [(1, "'x' is not a macro or variable of this site; to show it as text")]),
        ("\n\n{% foo %}", [(3, "template syntax error: Encountered unknown tag 'foo'; to show it as text")]),
        ("{{ unclosed", [(1, "template syntax error: unexpected end of template")]),
        ("{% raw %}{{ anything }}{% endraw %}", []),
    ],
)
def test_template_problems(source, expected):
    found = list(template_problems(jinja2.Environment(), source, {"score", "page"}, ["score", "tier_badge"]))
    assert [(line, message[: len(text)]) for (line, message), (_, text) in zip(found, expected, strict=False)] == (
        expected
    )
    assert len(found) == len(expected)


CI_POST = """\
---
description: A post that quotes a workflow.
---

# Quoting a workflow

A step reads `${{ github.event.pull_request.title }}` through `env:`, never inline.

```yaml
- run: echo "$TITLE"
  env:
    TITLE: ${{ github.event.pull_request.title }}
```

1. In a list:

    ~~~yaml
    if: ${{ github.ref == 'refs/heads/main' }}
    ~~~

## Notes {#notes}

Prose still runs macros: {{ part_count() }} parts. {% raw %}Literal {{ braces }} in prose.{% endraw %}
A macro shown as code: `{{ score('may-2024-scaling-monosemanticity') }}`.
"""


def test_post_quoting_github_actions_builds_literally(tmp_path):
    project = copy_project(tmp_path)
    add_page(project, "ci.md", CI_POST)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = pages(tmp_path / "site")["ci/index.html"]
    # Highlighting splits code into spans; the characters must survive in order.
    characters = unescape(re.sub(r"<[^>]+>", "", html))
    for quoted in (
        "TITLE: ${{ github.event.pull_request.title }}",
        "if: ${{ github.ref == 'refs/heads/main' }}",
        "{{ score('may-2024-scaling-monosemanticity') }}",
    ):
        assert quoted in characters
    text = visible_text(html)
    assert "14 parts" in text and "Literal {{ braces }} in prose." in text
    assert 'id="notes"' in html
    outside_code = re.sub(r"<code\b.*?</code>", " ", html, flags=re.S)
    assert not LEAKS.search(visible_text(outside_code).replace("Literal {{ braces }}", ""))


def test_stray_braces_in_prose_stop_the_build_with_the_line(tmp_path):
    project = copy_project(tmp_path)
    add_page(project, "ci.md", "---\ndescription: d\n---\n\n# CI\n\nIt reads ${{ github.sha }} here.\n")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert "docs/ci.md:7: 'github' is not a macro or variable of this site; to show it as text" in result.stderr
    assert "Traceback" not in result.stderr
    for page in (pages(site) if site.exists() else {}).values():
        assert not LEAKS.search(visible_text(re.sub(r"<code\b.*?</code>", " ", page, flags=re.S)))


def test_the_render_reuses_the_checked_parse_once():
    jinja = jinja2.Environment()
    calls: list[str] = []
    original = jinja._parse

    def counting(source, name, filename):
        calls.append(source)
        return original(source, name, filename)

    jinja._parse = counting
    source = "Score {{ score('x') }} and {{ 1 + 2 }}"
    assert list(template_problems(jinja, source, {"score"}, ["score"])) == []
    assert jinja.from_string(source).render(score=lambda card: card.upper()) == "Score X and 3"
    assert calls == [source]  # parsed for the check only
    # Other text, or the same text a second time, is parsed afresh.
    assert jinja.from_string(source).render(score=str) == "Score x and 3"
    assert jinja.from_string("{{ 2 }}").render() == "2"
    assert calls == [source, source, "{{ 2 }}"]
