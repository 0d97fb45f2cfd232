"""Where a page's template tags are: the one scanner for the page check's columns and a page's reading time.

A page is Markdown and a Jinja template at once.  ``scan`` walks it as
Jinja would, with the site's delimiters (``Syntax``): comments, raw
passages, ``{{ expressions }}`` and ``{% statements %}``, each with the
quoted strings inside it, so that a closing delimiter inside a string
does not end a tag.  Code (``literal.code_regions``) is shown as written
and never holds a tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from macros.data.literal import code_regions

Kind = Literal["comment", "raw", "variable", "block"]


@dataclass(frozen=True)
class Syntax:
    """A template's delimiters; without comment delimiters, comments are left as text."""

    block_start: str = "{%"
    block_end: str = "%}"
    variable_start: str = "{{"
    variable_end: str = "}}"
    comment_start: str | None = "{#"
    comment_end: str | None = "#}"

    @classmethod
    def of(cls, jinja: Any) -> Syntax:
        """The delimiters of a Jinja environment (as mkdocs-macros configures it)."""
        return cls(
            jinja.block_start_string,
            jinja.block_end_string,
            jinja.variable_start_string,
            jinja.variable_end_string,
            jinja.comment_start_string,
            jinja.comment_end_string,
        )


JINJA = Syntax()
# Jinja's expressions and statements, with comments left as text: what a page's
# words are counted around when the site's comment syntax is not at hand.
TAGS_ONLY = Syntax(comment_start=None, comment_end=None)


@dataclass(frozen=True)
class Tag:
    """One tag: ``source[start:end]``, its delimiters included."""

    kind: Kind
    start: int
    end: int  # past the closing delimiter, or the end of the page when it never closes
    inner: tuple[int, int]  # between the delimiters; a raw passage's text, between its two tags
    strings: tuple[tuple[int, int], ...] = ()  # inside each quoted string of an expression or statement


def scan(source: str, syntax: Syntax = JINJA, *, code_blanked: bool = False) -> Iterator[Tag]:
    """Every tag of the page outside code, in order; ``code_blanked``: the caller has blanked it (``without_code``)."""
    text = source if code_blanked else without_code(source)
    starts = [syntax.variable_start, syntax.block_start]
    if syntax.comment_start:
        starts.insert(0, syntax.comment_start)  # first: "{##" must win over a "{#" or "{{" it starts with
    opener = re.compile("|".join(re.escape(start) for start in starts))
    block_start, block_end = re.escape(syntax.block_start), re.escape(syntax.block_end)
    raw = re.compile(block_start + r"[-+]?\s*raw\s*[-+]?" + block_end)
    endraw = re.compile(block_start + r"[-+]?\s*endraw\s*[-+]?" + block_end)
    position = 0
    while (found := opener.search(text, position)) is not None:
        start, delimiter = found.start(), found.group()
        tag: Tag
        if delimiter == syntax.comment_start and syntax.comment_end:
            close = text.find(syntax.comment_end, found.end())
            end = len(text) if close < 0 else close + len(syntax.comment_end)
            tag = Tag("comment", start, end, (found.end(), len(text) if close < 0 else close))
        elif (opening := raw.match(text, start)) is not None:
            closed = endraw.search(text, start)
            end = len(text) if closed is None else closed.end()
            tag = Tag("raw", start, end, (opening.end(), len(text) if closed is None else closed.start()))
        elif delimiter == syntax.variable_start:
            tag = _expression(text, "variable", start, found.end(), syntax.variable_end)
        else:
            tag = _expression(text, "block", start, found.end(), syntax.block_end)
        yield tag
        position = tag.end


def _expression(text: str, kind: Kind, start: int, index: int, closer: str) -> Tag:
    """An expression or statement from just after its opener: up to its closer outside any quoted string."""
    inner = index
    strings: list[tuple[int, int]] = []
    quote, opened = "", 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = ""
                strings.append((opened, index))
        elif char in "'\"":
            quote, opened = char, index + 1
        elif text.startswith(closer, index):
            return Tag(kind, start, index + len(closer), (inner, index), tuple(strings))
        index += 1
    if quote:
        strings.append((opened, len(text)))
    return Tag(kind, start, len(text), (inner, len(text)), tuple(strings))


def without_code(source: str) -> str:
    """The page with every character of code blanked (line breaks and lengths kept)."""
    pieces: list[str] = []
    position = 0
    for begin, end in code_regions(source):
        pieces += [source[position:begin], _BLANK.sub(" ", source[begin:end])]
        position = end
    pieces.append(source[position:])
    return "".join(pieces)


_BLANK = re.compile(r"[^\r\n]")
