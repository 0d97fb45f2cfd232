"""Code in a post is shown as written: macros never run inside it.

A post about CI quotes ``${{ github.sha }}``; a post about this site
quotes ``{{ score("...") }}``.  Before the template pass, fenced code
blocks and inline code spans are swapped for placeholders, and afterwards
swapped back, so the template engine never sees them.

Placeholders start with ``{``, which macro output never contains (it is
written as ``&#123;``), and carry a random key, so neither data nor prose
can forge one.  Each keeps its code's line breaks, so lines reported for
errors later in the page stay right.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass
class Stash:
    """The code taken out of one page, to be put back after the template pass."""

    key: str = field(default_factory=lambda: secrets.token_hex(8))
    code: list[str] = field(default_factory=list)

    def hide(self, code: str) -> str:
        self.code.append(code)
        return f"{{eis-code-{self.key}-{len(self.code) - 1}}}" + "\n" * code.count("\n")

    def restore(self, markdown: str) -> str:
        # A whitespace-controlling tag ({%- ... %}) may have eaten some of
        # the line breaks after a placeholder; any that remain are its own.
        pattern = re.compile(r"\{eis-code-" + self.key + r"-([0-9]+)\}(\n*)")

        def put_back(match: re.Match[str]) -> str:
            code = self.code[int(match.group(1))]
            surplus = len(match.group(2)) - code.count("\n")
            return code + "\n" * max(surplus, 0)

        return pattern.sub(put_back, markdown)


def hide_code(markdown: str) -> tuple[str, Stash]:
    """The page with every fenced block and inline code span replaced by a placeholder."""
    stash = Stash()
    out: list[str] = []
    prose: list[str] = []
    lines = markdown.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index].rstrip("\r\n"))
        if opening is None or (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            prose.append(lines[index])
            index += 1
            continue
        out.append(_hide_spans("".join(prose), stash))
        prose = []
        end = _closing_fence(lines, index + 1, opening.group(1))
        block = "".join(lines[index:end])
        # The line break after the closing fence stays outside, so the
        # template's trailing-newline handling can't touch the block.
        trailing = block[len(block.rstrip("\r\n")) :]
        out.append(stash.hide(block[: len(block) - len(trailing)]) + trailing)
        index = end
    out.append(_hide_spans("".join(prose), stash))
    return "".join(out), stash


def _closing_fence(lines: list[str], start: int, fence: str) -> int:
    """The index just past the fence that closes a block (or the end: an open fence runs on)."""
    closing = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
    for index in range(start, len(lines)):
        if closing.match(lines[index].rstrip("\r\n")):
            return index + 1
    return len(lines)


def _hide_spans(text: str, stash: Stash) -> str:
    """Hide inline code: a run of n backticks up to the next run of exactly n, within a paragraph."""
    out: list[str] = []
    position = 0
    while True:
        opening = _BACKTICKS.search(text, position)
        if opening is None:
            break
        if _escaped(text, opening.start()):
            # "\`" is a literal backtick; the rest of the run may still open a span.
            out.append(text[position : opening.start() + 1])
            position = opening.start() + 1
            continue
        paragraph_end = _BLANK_LINE.search(text, opening.end())
        limit = paragraph_end.start() if paragraph_end else len(text)
        closing = _matching_run(text, opening.end(), limit, len(opening.group()))
        if closing is None:
            out.append(text[position : opening.end()])
            position = opening.end()
            continue
        out.append(text[position : opening.start()])
        out.append(stash.hide(text[opening.start() : closing]))
        position = closing
    out.append(text[position:])
    return "".join(out)


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
