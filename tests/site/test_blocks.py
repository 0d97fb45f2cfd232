"""Finished HTML held back from Markdown and put back: same page, less parsing."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser

from macros.render.html import el
from macros.site import blocks
from macros.site.blocks import BlockStash, LostBlock, lean

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]
TABLE = '<div class="eis-table-wrap"><table><tr><td>a *b* &#95;c&#95;</td></tr></table></div>'
FIGURE = '<figure class="eis-calibration"><svg role="img"><title>t</title></svg></figure>'


@pytest.mark.parametrize(
    ("output", "held_blocks"),
    [
        (TABLE, [TABLE]),
        (f"## Calibration {{: #calibration }}\n\n{FIGURE}\n\n{TABLE}", [FIGURE, TABLE]),
        ('<span class="eis-badge">Tier 3</span>', []),  # inline: stays in its paragraph
        ('<strong class="eis-score">+0.40</strong>', []),
        ("<p>two\nlines</p>", []),  # not one block of finished HTML
        ("plain words", []),
    ],
)
def test_what_is_held(output, held_blocks):
    stash = BlockStash()
    held = stash.hold(Markup(output))
    assert stash.blocks == [lean(block) for block in held_blocks]
    assert isinstance(held, Markup)
    assert same_page(stash.restore(str(held)), output)


def same_page(one: str, other: str) -> bool:
    """Whether a browser reads the two as the same elements, attributes and text."""
    return LexborHTMLParser(one).html == LexborHTMLParser(other).html


HOSTILE = "<script>x</script> & \"q\" 'a' *b* _i_ `c` [l](http://x) {{ 7*7 }} {% raw %} ~~s~~ # | ^ = \\"


def test_a_held_block_carries_characters_markdown_alone_needed_escaped():
    block = str(el("div", el("pre", el("code", HOSTILE)), el("a", HOSTILE, href="x", title=HOSTILE), class_="c"))
    leaner = lean(block)
    assert same_page(leaner, block) and len(leaner) < len(block)
    tree = LexborHTMLParser(leaner)
    assert tree.css_first("code").text() == HOSTILE and tree.css_first("a").attributes["title"] == HOSTILE
    assert tree.css("script") == [] and "{{" not in leaner and "{%" not in leaner
    assert "*b* _i_ `c` [l](http://x)" in leaner  # as characters: no Markdown reads them
    assert lean(leaner) == leaner and lean("<p>plain</p>") == "<p>plain</p>"


@pytest.mark.parametrize(
    "page",
    [
        "Intro.\n\n{m}\n\nAfter.",
        "# Title\n\n{m}",
        "- item\n\n{m}\n",
        "Text with {m} inline.",
    ],
)
def test_markdown_sees_the_same_page(page):
    output = f"## Heading {{: #h }}\n\n{TABLE}\n\n{FIGURE}"
    direct = markdown.markdown(page.format(m=output), extensions=EXTENSIONS)
    stash = BlockStash()
    held = markdown.markdown(page.format(m=stash.hold(Markup(output))), extensions=EXTENSIONS)
    assert same_page(stash.restore(held), direct)


def test_a_lost_block_is_an_error():
    stash = BlockStash()
    stash.hold(Markup(TABLE))
    with pytest.raises(LostBlock, match="1 block"):
        stash.restore("<p>the placeholder is gone</p>")


def test_placeholders_cannot_be_forged():
    stash = BlockStash()
    held = str(stash.hold(Markup(TABLE)))
    forged = held.replace(stash.key, "0" * len(stash.key))
    page = f"{held}\n{forged}"
    assert stash.restore(page) == f"{lean(TABLE)}\n{forged}"
    # Another page's placeholder is not this page's to fill.
    other = str(BlockStash().hold(Markup(TABLE)))
    assert stash.restore(f"{held}{other}") == f"{lean(TABLE)}{other}"


# A brace with no brace, "%" or "#" beside it (as a character or a reference): no template's "{{", "{%" or "{#".
_LONE_BRACE = re.compile(
    r"(?<![{}%#])(?<!&#123;)(?<!&#125;)(?<!&#37;)(?<!&#35;)&#(?:123|125);(?![{}%#]|&#(?:123|125|37|35);)"
)
# A break with no break beside it: never a blank line in a block.
_LONE_BREAK = re.compile(r"(?<!&#10;)&#10;(?!&#10;)")


def _lean_by_pieces(block: str) -> str:
    """The rule said the long way: split into tags and text, each reference read with its piece's table."""
    pieces = re.compile(r"(<[^>]*>)|([^<]+)")

    def piece(match: re.Match[str]) -> str:
        table = blocks._IN_TAGS if match.group(1) is not None else blocks._IN_TEXT

        def reference(ref: re.Match[str]) -> str:
            at, code = match.start() + ref.start(), int(ref.group(1))
            if code in (ord("{"), ord("}")):
                return chr(code) if _LONE_BRACE.match(block, at) else ref.group(0)
            if code == ord("\n") and not _LONE_BREAK.match(block, at):
                return ref.group(0)
            return table.get(code, ref.group(0))

        return blocks._REFERENCE.sub(reference, match.group(0))

    return pieces.sub(piece, block)


@given(
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "a",
                " ",
                '"',
                "&#34;",
                "&#62;",
                "&#60;",
                "&#92;",
                "&#123;",
                "&#125;",
                "{",
                "%",
                "&#35;",
                "&#10;",
                "&#32;",
                "&#38;",
                "&#",
            ]
        )
    )
)
def test_lean_reads_each_reference_as_inside_a_tag_or_between_tags(parts: list[str]):
    block = "".join(parts)
    assert blocks.lean(block) == _lean_by_pieces(block)
