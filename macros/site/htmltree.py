"""A built page as a browser that runs scripts reads it, and one walk over its elements for all who read it.

The policy (csp.py) and the link check (linkcheck.py) each read every
element of a page; pagescan.py hands both readers the same walk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from selectolax.lexbor import LexborHTMLParser, LexborNode


class Reader(Protocol):
    # The elements it reads for their tag or content, whatever their attributes.
    tags_read: frozenset[str]

    def element(self, node: LexborNode, tag: str, attributes: Mapping[str, str | None]) -> None: ...


def parse(html: str | bytes) -> LexborHTMLParser:
    """A page read as a browser that runs scripts reads it: <noscript> holds text.  Bytes are read as UTF-8."""
    return LexborHTMLParser(html, scripting=True)


def read(tree: LexborHTMLParser, *readers: Reader) -> None:
    """Each element of ``tree``, in document order, handed to every reader that may learn from it.

    Comments are passed over; template contents are inert and not part of
    the tree walked.  Half of a page's elements have no attribute but a
    class: such an element says nothing to a reader (no id, URL, style or
    handler, and no "(" that could open a CSS url reference) unless the
    reader reads its tag, so it is handed only to those that do.
    """
    root = tree.root
    handlers = [(reader.tags_read, reader.element) for reader in readers]  # bound once: thousands of elements
    for node in root.traverse(include_text=False) if root is not None else ():
        tag = node.tag or ""
        if tag != "-comment":
            attributes = node.attributes
            plain = not attributes or (len(attributes) == 1 and "(" not in (attributes.get("class") or "("))
            for tags, handle in handlers:
                if not plain or tag in tags:
                    handle(node, tag, attributes)
