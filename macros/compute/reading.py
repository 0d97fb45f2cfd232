"""How long a page takes to read, from its own words."""

from __future__ import annotations

import math
import re

from macros.data import templatetags

# A steady adult reading pace for essays, in words a minute.
WORDS_PER_MINUTE = 230

# Tags, and attribute lists such as "{: #anchor }" that Markdown does not show.
_TAG = re.compile(r"<[^>]*>|\{:[^}]*\}")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def words(markdown: str) -> int:
    """Words of prose in Markdown, leaving out tags (and the placeholders of held blocks) and attribute lists."""
    return len(_WORD.findall(_TAG.sub(" ", markdown)))


def without_templates(markdown: str, syntax: templatetags.Syntax = templatetags.TAGS_ONLY) -> str:
    """A page's source without its macro calls and template tags; a raw passage's text stays, as readers see it."""
    pieces: list[str] = []
    position = 0
    for tag in templatetags.scan(markdown, syntax):
        pieces += [markdown[position : tag.start], " "]
        if tag.kind == "raw":
            pieces += [markdown[tag.inner[0] : tag.inner[1]], " "]
        position = tag.end
    pieces.append(markdown[position:])
    return "".join(pieces)


def minutes(count: int) -> int:
    """Whole minutes, rounded up, and at least one."""
    return max(1, math.ceil(count / WORDS_PER_MINUTE))
