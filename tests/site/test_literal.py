"""Braces in posts: code is shown as written, and stray template syntax stops the build with its place."""

from __future__ import annotations

import re
from html import unescape

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import LEAKS, add_page, copy_project, mkdocs_build, pages, visible_text
from macros.data.literal import code_regions
from macros.site.templates import code_as_text, new_environment


def hidden(markdown: str) -> list[str]:
    return [markdown[start:end] for start, end in code_regions(markdown)]


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


def render(markdown: str, jinja: jinja2.Environment | None = None, **variables: object) -> str:
    jinja = jinja or new_environment(keep_trailing_newline=True)
    return jinja.from_string(markdown).render(**variables)


def test_code_is_printed_as_written_and_lines_keep_their_numbers():
    markdown = "# T\n\n```\n{{ a }}\n{% b %}\n```\n\nline 8 `{{ c }}` {{ d }}\n"
    assert render(markdown, d="D") == markdown.replace("{{ d }}", "D")
    assert code_as_text(markdown, new_environment()).count("\n") == markdown.count("\n")


def test_code_holding_the_end_of_a_raw_passage_is_still_printed_as_written():
    markdown = "`{% endraw %}{{ x }}` and ```{%- endraw -%}``` then {{ y }}"
    assert render(markdown, y="Y") == markdown.replace("{{ y }}", "Y")


def test_whitespace_control_outside_code_leaves_the_code_alone():
    assert render("```\n{{ x }}\n```\n{%- if true %}y{% endif %}") == "```\n{{ x }}\n```y"


def test_other_template_syntax_settings_are_honoured():
    jinja = new_environment(comment_start_string="{##", comment_end_string="##}", keep_trailing_newline=True)
    assert render("`{# not a comment #}` {## gone ##}x", jinja) == "`{# not a comment #}` x"


@given(st.text(alphabet="`~{}%# \n\\ab-", max_size=80))
def test_code_survives_the_template_pass(markdown):
    """Any text whose template syntax is all inside code renders as itself."""
    outside = list(markdown)
    for start, end in code_regions(markdown):
        outside[start:end] = ["x"] * (end - start)
    prose = "".join(outside)
    if any(token in prose for token in ("{{", "{%", "{#", "}}", "%}", "#}")):
        return
    assert render(markdown) == markdown


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
    assert "docs/ci.md:7:14: 'github' is not a macro or variable of this site; to show it as text" in result.stderr
    assert "Traceback" not in result.stderr
    # The page says what is wrong instead of showing the braces half-rendered.
    page = pages(site)["ci/index.html"]
    assert "eis-problems" in page and "It reads" not in page
