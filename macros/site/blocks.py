"""Finished HTML from block macros skips the Markdown pass.

Python-Markdown re-parses every raw HTML block it meets (``md_in_html``
looks inside for ``markdown="1"``), which for a page of tables, charts and
explorers costs more than drawing them.  So each block of finished HTML a
macro returns is swapped for a one-line placeholder element, and put back
into the page's HTML once Markdown is done with it.  Markdown treats the
placeholder exactly as it would the block: same position, same wrapping.

A placeholder carries a random key per page, so neither data nor prose can
forge one, and one that Markdown lost is an error, not a silent gap.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from markupsafe import Markup

# How a block macro's output starts; inline ones (badges, figures, links)
# start with an inline element and stay where they are.
_BLOCK_START = re.compile(r"<(?:div|figure|section|nav|table|ul|ol|details|form|p)[\s>]")
_SEPARATOR = "\n\n"


# Character references html.text and html.attribute write only so that
# Markdown reads the character as text (macros/render/html.py).  A held block
# never meets Markdown, so it carries the character itself, or the shorter
# name HTML gives it.  A brace only alone: a finished page never shows a template's.
_IN_TAGS = {ord(char): char for char in "\\`*_[]|~^=#'"} | {ord("<"): "&lt;", ord(">"): "&gt;", ord("&"): "&amp;"}
# Between tags a double quote and ">" need no escaping either, nor a <pre>'s
# indents and breaks (base.preformatted): the block is back in the page after Markdown.
_IN_TEXT = _IN_TAGS | {ord('"'): '"', ord(">"): ">", ord(" "): " ", ord("\n"): "\n"}
_REFERENCE = re.compile(r"&#([0-9]+);")
_BRACES = (ord("{"), ord("}"))
_BRACE_NEIGHBOURS = ("{", "}", "%", "#", "&#123;", "&#125;", "&#37;", "&#35;")
_BREAK = ord("\n")
_BREAK_REFERENCE = "&#10;"


def lean(block: str) -> str:
    """``block`` with the character references only Markdown needed written as the characters.

    Every attribute the renderer writes is in double quotes, so inside a tag
    only those stay escaped (with HTML's five); the browser reads the same page.
    """
    if "&#" not in block:
        return block

    def reference(match: re.Match[str]) -> str:
        # Inside a tag when the last "<" before it has not been closed yet (and is, later):
        # a look back from each reference, rather than a call for every tag and text of the block.
        at = match.start()
        opened = block.rfind("<", 0, at)
        in_tag = opened != -1 and block.find(">", opened, at) == -1 and block.find(">", at) != -1
        table = _IN_TAGS if in_tag else _IN_TEXT
        code = int(match.group(1))
        if code == _BREAK and _BREAK_REFERENCE in (
            block[at - len(_BREAK_REFERENCE) : at],
            block[match.end() : match.end() + 5],
        ):
            return match.group(0)  # never a blank line: the block stays one block of Markdown where it is read again
        if code in _BRACES:
            # A lone brace is written as itself; beside another, or a template's "%" or "#", it stays a reference.
            before, after = block[max(0, at - 6) : at], block[match.end() : match.end() + 6]
            lone = not any(before.endswith(near) or after.startswith(near) for near in _BRACE_NEIGHBOURS)
            return chr(code) if lone else match.group(0)
        return table.get(code, match.group(0))

    return _REFERENCE.sub(reference, block)


class LostBlock(Exception):
    """A placeholder that did not come out of Markdown."""


@dataclass
class BlockStash:
    """The finished blocks taken out of one page's Markdown."""

    key: str = field(default_factory=lambda: secrets.token_hex(8))
    blocks: list[str] = field(default_factory=list)

    def hold(self, output: Markup) -> Markup:
        """Macro output with each one-line block of HTML replaced by its placeholder.

        Block macros return blocks separated by blank lines: one-line HTML
        elements and Markdown (headings) between them, which stays.
        """
        chunks = str(output).split(_SEPARATOR)
        held = [self._placeholder(chunk) if self._is_block(chunk) else chunk for chunk in chunks]
        return Markup(_SEPARATOR.join(held))

    @staticmethod
    def _is_block(chunk: str) -> bool:
        return "\n" not in chunk and _BLOCK_START.match(chunk) is not None

    def _placeholder(self, block: str) -> str:
        self.blocks.append(lean(block))
        return f'<div data-eis-block="{self.key}-{len(self.blocks) - 1}"></div>'

    def restore(self, html: str) -> str:
        """The page's HTML with every block back in its placeholder's place."""
        pattern = re.compile(r'<div data-eis-block="' + self.key + r'-([0-9]+)"></div>')
        found: set[int] = set()

        def put_back(match: re.Match[str]) -> str:
            index = int(match.group(1))
            found.add(index)
            return self.blocks[index]

        restored = pattern.sub(put_back, html)
        missing = len(self.blocks) - len(found)
        if missing:
            raise LostBlock(f"{missing} block(s) of macro output did not survive the Markdown pass")
        return restored
