"""Material's search index, with each page read by the C parser (selectolax) instead of Python's html.parser.

Material's search plugin divides a page's content into sections with its
``Parser``, a subclass of ``html.parser.HTMLParser``: tokenizing every page
in Python took about a fifth of a cold build.  Here the content is parsed
by lexbor and its tree walked in document order, handing Material's own
``Parser`` the start tags, text and end tags html.parser would have handed
it; the sections are still made by Material's code.

An HTML5 tree is not always the tag stream html.parser sees: an element
the source never closed, one the tree builder implied or moved, text in a
raw-text element, a line break HTML drops after ``<pre>``.  So the tree is
used only when the source's start and end tags, counted by name, are the
tree's elements one for one and none of those cases can arise; any other
page is read by Material's ``Parser`` itself, as before.  The sections are
kept in the build's cache by the content, so a page read once is not read
again by a later build or a preview's rebuild.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections import Counter
from html import escape
from typing import Any

from material.plugins.search.plugin import Element, Parser, Section
from material.plugins.search.plugin import SearchIndex as MaterialSearchIndex
from selectolax.lexbor import LexborHTMLParser, LexborNode

from macros.site import cache
from macros.site.cache import Store
from macros.site.prerender import Prerender

log = logging.getLogger("mkdocs.plugins.eis")

CACHE_KIND = "search"

# Elements that have no end tag in HTML, whatever the source writes.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
# What the HTML5 tree builder reads otherwise than html.parser does: a "<"
# that opens no tag (html.parser hands it over as text of its own) or a
# markup declaration other than a comment, a reference without its ";"
# (HTML reads some in attributes as text), carriage returns it folds, NULs
# it replaces, a line break it drops after <pre>, and the elements named
# in _UNLIKE_ELEMENTS.
_STRAY = re.compile(r"<(?![a-zA-Z/]|!--)|</(?![a-zA-Z])")
_UNLIKE_REFERENCE = re.compile(r"&[a-zA-Z][a-zA-Z0-9]*(?![a-zA-Z0-9;])")
_DROPPED_BREAK = re.compile(r"<(?:pre|listing)\b[^>]*>\n")
# Raw text and its entities, text it reads as text where html.parser reads
# tags, content it keeps apart, other rules of parsing, the document's wrappers.
_UNLIKE_ELEMENTS = frozenset(
    {"template", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext", "math"}
    | {"html", "head", "body"}
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Each start tag's name, and each end tag's with its "/".
_TAG = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9:-]*)")
_SELF_CLOSING = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*/>")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The tags Material keeps, as markup, in a section's text.
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
# The elements whose attributes Material reads, when none excludes itself:
# a heading's id, and a link's class (a heading's permalink).
_ATTRIBUTES_READ = _HEADINGS | {"a"}
_NO_ATTRIBUTES: dict[str, str | None] = {}
_TEXT, _COMMENT_NODE = "-text", "-comment"


def sections(content: str) -> list[Section]:
    """The page's sections, as Material's Parser makes them from ``content``."""
    found = _from_tree(content)
    if found is not None:
        return found
    parser = Parser()
    parser.feed(content)
    parser.close()
    return list(parser.data)


def _from_tree(content: str) -> list[Section] | None:
    """Material's sections, from lexbor's tree; None where the tree may not be html.parser's tag stream."""
    if "\r" in content or "\0" in content or _STRAY.search(content) or _UNLIKE_REFERENCE.search(content):
        return None
    folded = content.lower()
    if ("<pre" in folded or "<listing" in folded) and _DROPPED_BREAK.search(folded):
        return None
    source = _COMMENT.sub("", content) if "<!--" in content else content
    if "/>" in source and any(name.lower() not in _VOID for name in _SELF_CLOSING.findall(source)):
        return None  # "<div/>" stays open in HTML; html.parser closes it at once
    tags = Counter(_TAG.findall(source))
    if any(name.lstrip("/").lower() in _UNLIKE_ELEMENTS for name in tags):
        return None
    body = LexborHTMLParser("<body>" + content, scripting=False).body
    if body is None:
        return None
    # Only headings' and links' attributes matter, unless the page excludes something from search.
    reader = _Reader(every_attribute="data-search-exclude" in folded or "linenodiv" in folded)
    reader.walk(body)
    for name, count in reader.elements.items():
        # Each element written with its start tag, and closed by an end tag of its own.
        if tags.pop(name, 0) != count or tags.pop("/" + name, 0) != (0 if name in _VOID else count):
            return None
    if tags:
        return None  # a tag the tree builder ignored, implied or renamed
    return reader.data


class _Reader:
    """Material's ``Parser`` handlers, as they behave, for a tree's elements and text.

    Material compares its ``Element``s by tag alone, so its context, skip
    set and section heading are, in effect, tag names; they are kept as such
    here.  Every rule, and the order of its steps, is Material's.
    """

    def __init__(self, every_attribute: bool) -> None:
        self._attributes_of = None if every_attribute else _ATTRIBUTES_READ
        self.skip = {"object", "script", "style"}
        self.tags: list[str] = []  # the open elements, outermost first
        self.attrs: list[dict[str, str | None]] = []
        self.section: Section | None = None
        self.data: list[Section] = []
        self.elements: Counter[str] = Counter()

    def walk(self, node: LexborNode) -> None:
        child = node.child
        while child is not None:
            tag = child.tag or ""
            if tag == _TEXT:
                self.text(child.text_content or "")
            elif tag != _COMMENT_NODE:
                name = tag.lower()
                self.elements[name] += 1
                read = self._attributes_of
                attrs = child.attributes if read is None or name in read else _NO_ATTRIBUTES
                self.start(name, attrs)
                if name not in _VOID:
                    self.walk(child)
                    self.end(name)
            child = child.next

    def _skipping(self) -> bool:
        return not self.skip.isdisjoint(self.tags)

    def _current(self) -> Section:
        if self.section is None:  # the preface: a top-level section
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        return self.section

    def start(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in _VOID:
            return
        self.tags.append(tag)
        self.attrs.append(attrs)
        if tag in _HEADINGS:
            depth = len(self.tags)
            if "id" in attrs:
                if tag != "h1" and not self.data:
                    self.section = Section(Element("hx"), depth)
                    self.data.append(self.section)
                self.section = Section(Element(tag, attrs), depth)
                if self.data:
                    self.section.id = attrs["id"]
                self.data.append(self.section)
        section = self._current()
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                return
        if not self._skipping() and tag in _KEEP:
            (section.title if section.el.tag in self.tags else section.text).append(f"<{tag}>")

    def end(self, tag: str) -> None:
        if not self.tags or self.tags[-1] != tag:
            return
        section = self._current()
        if section.depth > len(self.tags):
            for earlier in reversed(self.data):
                if earlier.depth <= len(self.tags):
                    section.depth = float("inf")
                    self.section = section = earlier
                    break
        self.tags.pop()
        self.attrs.pop()
        if tag in self.skip:
            if tag not in ("script", "style", "object"):
                self.skip.remove(tag)
            return
        if not self._skipping() and tag in _KEEP:
            data = section.title if section.el.tag in self.tags else section.text
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def text(self, data: str) -> None:
        if self._skipping():
            return
        if "pre" not in self.tags:
            data = data.replace("\n", " ") if not data.isspace() else " "
        section = self._current()
        if section.el.tag in self.tags:
            permalink = any(
                tag == "a" and attrs.get("class") == "headerlink"
                for tag, attrs in zip(self.tags, self.attrs, strict=True)
            )
            if not permalink:
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or "pre" in self.tags:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))


class SearchSections:
    """Each page's sections, kept in the build's cache by its content; and each entry's JSON, for a preview."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store or Store(None)
        self._code = cache.code_version(sys.modules[__name__], libraries=("selectolax", "mkdocs-material"))
        # The last index's entries, and each one's JSON by its identity (the
        # list keeps them alive, so no identity is reused): a preview's
        # rebuild carries the other pages' entries over unchanged.
        self._entries: list[dict[str, Any]] = []
        self._texts: dict[int, str] = {}
        self._beside: Prerender | None = None
        self._taken_beside = 0  # pages whose sections the build took from it

    def index_json(self, config: dict[str, Any], entries: list[dict[str, Any]]) -> str:
        """What Material's ``generate_search_index`` writes, byte for byte, each entry dumped once a process."""
        ids = list(map(id, entries))
        kept = map(self._texts.get, ids)
        texts = [text if text is not None else _dumped(entry) for entry, text in zip(entries, kept, strict=True)]
        self._entries, self._texts = list(entries), dict(zip(ids, texts, strict=True))
        head = _dumped({"config": config, "docs": []})
        return head.removesuffix("[]}") + "[" + ",".join(texts) + "]}"

    def of(self, content: str) -> list[Section]:
        name = cache.key(self._code, content)
        taken = self._beside.take(name) if self._beside is not None else None
        if taken is not None and (found := _sections_from(taken[1])) is not None:
            self.store.put(CACHE_KIND, name, taken[1])  # for the next build, as if read here
            self._taken_beside += 1
            return found
        return self.store.kept_or_made(CACHE_KIND, name, lambda: sections(content), _sections_json, _sections_from)

    def read_beside(self, contents: list[str]) -> None:
        """A second process reads these pages' sections from the last back, while the build asks from the first."""
        self.stop_beside()
        by_name = {cache.key(self._code, content): content for content in contents}  # a content read once

        def read(name: str) -> tuple[str, bytes] | None:
            if self.store.get(CACHE_KIND, name) is not None:
                return None  # the build has it already
            return name, _sections_json(sections(by_name[name]))

        self.store.close()  # written now: the copy inherits no connection and nothing waiting to be written
        self._beside = Prerender.start(list(by_name), read, begin=self._reopened)
        self._taken_beside = 0

    def stop_beside(self) -> None:
        if self._beside is not None:
            self._beside.stop()
            log.debug("pages whose search sections the second process read: %d", self._taken_beside)
            self._beside = None

    def _reopened(self) -> None:
        self.store = Store(self.store.root)  # a forked process's own connection, never its parent's


class SearchIndex(MaterialSearchIndex):  # type: ignore[misc]
    """Material's index, its sections read by ``SearchSections`` and its JSON written once an entry.

    Everything else, and every byte of what it writes, is Material's.
    """

    def __init__(self, read: SearchSections, **config: Any) -> None:
        super().__init__(**config)
        self.entries: list[dict[str, Any]] = []
        self._read = read

    def generate_search_index(self, prev: Any) -> str:
        # Material's merge of a preview's rebuild into the index before, as it is.
        config = {key: self.config[key] for key in ["lang", "separator", "pipeline", "fields"]}
        if prev and self.entries:
            path = self.entries[0]["location"]
            self.entries = [entry for entry in prev.entries if not entry["location"].startswith(path)] + self.entries
        if prev and not self.entries:
            self.entries = prev.entries
        return self._read.index_json(config, self.entries)

    def add_entry_from_context(self, page: Any) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in self._read.of(page.content):
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)


def use_for(plugins: Any, read: SearchSections) -> bool:
    """The search plugin's index made one that reads with ``read``, if the site has Material's search (True)."""
    from material.plugins.search.plugin import SearchPlugin

    used = False
    for plugin in plugins.values():
        if isinstance(plugin, SearchPlugin) and getattr(plugin, "search_index", None) is not None:
            plugin.search_index = SearchIndex(read, **plugin.search_index.config)
            used = True
    return used


def _dumped(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)  # as Material writes its index


def _sections_json(found: list[Section]) -> bytes:
    return json.dumps(
        [[section.el.is_excluded(), section.id, section.title, section.text] for section in found],
        ensure_ascii=False,
    ).encode()


def _sections_from(kept: bytes) -> list[Section] | None:
    try:
        found = []
        for excluded, section_id, title, text in json.loads(kept):
            if not all(isinstance(part, str) for part in [*title, *text]) or not isinstance(section_id, str | None):
                return None
            section = Section(Element("hx", {"data-search-exclude": ""} if excluded else {}))
            section.id, section.title, section.text = section_id, list(title), list(text)
            found.append(section)
        return found
    except (ValueError, TypeError):
        return None  # the digest matched but the entry is not one: read again
