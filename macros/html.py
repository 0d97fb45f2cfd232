"""Building escaped HTML that survives a trip through Markdown.

Macro output lands in Markdown before it becomes HTML.  markupsafe makes
text safe for HTML, but Markdown would still read ``*``, ``_``, ``[`` or
backticks inside an inline tag, and a second template pass would read
``{{``.  So every character with a meaning to either is written as a
numeric character reference, which both leave alone and browsers show as
the character itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

from markupsafe import Markup, escape

# HTML's five, then what Markdown, its common extensions and Jinja react to.
_ENTITIES = {char: f"&#{ord(char)};" for char in "&<>\"'\\`*_{}[]|~^="}
_WHITESPACE = re.compile(r"\s+")

Content: TypeAlias = "str | int | Markup | Iterable[Content] | None"


def text(value: str) -> Markup:
    """Data text as inert HTML, on one line."""
    flat = _WHITESPACE.sub(" ", str(value))
    return Markup("".join(_ENTITIES.get(char, char) for char in flat))


def attribute(value: str) -> str:
    """Text for an attribute value, or for a template that prints it raw.

    Markdown stores whole tags untouched, so HTML escaping suffices, plus
    the braces that a template pass would read as ``{{``.
    """
    flat = _WHITESPACE.sub(" ", value)
    return str(escape(flat)).replace("{", "&#123;").replace("}", "&#125;")


def render(content: Content) -> Markup:
    """Children of an element: Markup kept, text escaped, lists joined."""
    if content is None:
        return Markup("")
    if isinstance(content, Markup):
        return content
    if isinstance(content, (str, int)):
        return text(str(content))
    return Markup("").join(render(child) for child in content)


def el(tag: str, *children: Content, **attrs: str | int | bool | None) -> Markup:
    """One element.  ``class_`` stands for ``class``; ``None``/``False`` drop an attribute."""
    parts = [tag]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{attribute(str(value))}"')
    opening = Markup("<" + " ".join(parts) + ">")
    if tag in _VOID:
        return opening
    return opening + render(list(children)) + Markup(f"</{tag}>")


_VOID = {"br", "img", "hr", "meta", "link", "input"}


def join(items: Iterable[Content], separator: str = "") -> Markup:
    return render(separator).join(render(item) for item in items)
