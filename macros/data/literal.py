"""Code in a post is shown as written: macros never run inside it.

A post about CI quotes ``${{ github.sha }}``; a post about this site
quotes ``{{ score("...") }}``.  Fenced code blocks and inline code spans
are found here, and the template engine is handed them as raw text
(``CodeAsText`` in ``templates.py``), so it prints them as they are and
every line keeps its number for the messages about the rest of the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def code_regions(markdown: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` offsets of every fenced block and inline code span, in order."""
    lines = markdown.splitlines(keepends=True)
    offset = prose_start = 0
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index].rstrip("\r\n"))
        if opening is None or (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            offset += len(lines[index])
            index += 1
            continue
        yield from _spans(markdown, prose_start, offset)
        end = _closing_fence(lines, index + 1, opening.group(1))
        block = "".join(lines[index:end])
        # The line break after the closing fence stays outside the region,
        # so the template's whitespace handling can't touch the block.
        yield offset, offset + len(block.rstrip("\r\n"))
        offset += len(block)
        prose_start = offset
        index = end
    yield from _spans(markdown, prose_start, len(markdown))


def _closing_fence(lines: list[str], start: int, fence: str) -> int:
    """The index just past the fence that closes a block (or the end: an open fence runs on)."""
    closing = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
    for index in range(start, len(lines)):
        if closing.match(lines[index].rstrip("\r\n")):
            return index + 1
    return len(lines)


def _spans(text: str, position: int, end: int) -> Iterator[tuple[int, int]]:
    """Inline code: a run of n backticks up to the next run of exactly n, within a paragraph."""
    while True:
        opening = _BACKTICKS.search(text, position, end)
        if opening is None:
            return
        if _escaped(text, opening.start()):
            # "\`" is a literal backtick; the rest of the run may still open a span.
            position = opening.start() + 1
            continue
        paragraph_end = _BLANK_LINE.search(text, opening.end(), end)
        limit = paragraph_end.start() if paragraph_end else end
        closing = _matching_run(text, opening.end(), limit, len(opening.group()))
        if closing is None:
            position = opening.end()
            continue
        yield opening.start(), closing
        position = closing


def _matching_run(text: str, start: int, limit: int, length: int) -> int | None:
    for run in _BACKTICKS.finditer(text, start, limit):
        if len(run.group()) == length:
            return run.end()
    return None


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1
