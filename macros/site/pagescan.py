"""Each finished page read once: what its policy needs and what the link check needs, from one tree.

A page is parsed as the browser that runs scripts parses it (htmltree.py);
its inline code (csp.py) and its ids and references (linkcheck.py) are
both read from that one tree.  What was read is kept by a digest of the
page, in memory for the rest of the process (a preview's rebuilds) and in
the build's cache (cache.py) for the next build: a page that did not
change is not parsed again.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros.site import cache, csp, htmltree, linkcheck
from macros.site.cache import Store
from macros.site.csp import Inline
from macros.site.linkcheck import Document, Ref

CACHE_KIND = "pages"
# Files that are not pages (images, the 404 page) are kept by what the link check read.
LINKS_KIND = "links"


@dataclass(frozen=True)
class PageScan:
    inline: Inline
    document: Document


def scan_page(html: str) -> PageScan:
    """A page's inline code and links, from one parse and one walk over its elements."""
    tree = htmltree.parse(html)
    inline, links = csp.InlineReader(), linkcheck.LinkReader(tree)
    htmltree.read(tree, inline, links)
    return PageScan(inline.found(), links.document())


class Scans:
    """What each page and document read; looked up by its digest before anything is parsed."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store or Store(None)
        self._code = cache.code_version(csp, htmltree, linkcheck, sys.modules[__name__], libraries=("selectolax",))
        # Documents by the digest of the bytes written: a finished page's is known before it is written.
        self._documents: dict[str, Document] = {}
        self._used: set[str] = set()
        self._digests: dict[Path, str] = {}  # each document's digest, as this build's link check found it

    def digest(self, path: Path) -> str | None:
        """The digest of a document this build read (``document``), for the link check's cache."""
        return self._digests.get(path)

    def page(self, html: str) -> PageScan:
        """A finished page's inline code and links, read once."""
        name = cache.key(self._code, html)
        return self.store.kept_or_made(CACHE_KIND, name, lambda: scan_page(html), _page_json, _page_from)

    def written(self, output: str, document: Document) -> None:
        """The page will be written as ``output``: its links are already read."""
        digest = hashlib.sha256(output.encode("utf-8", errors="xmlcharrefreplace")).hexdigest()
        self._documents[digest] = document
        self._used.add(digest)

    def document(self, path: Path) -> Document:
        """A written file's links, for the link check: read before (by its digest), kept, or read now.

        The link check's memo does not ask again for a file whose time and
        size are as when it was read.
        """
        content = path.read_bytes()
        digest = self._digests[path] = hashlib.sha256(content).hexdigest()
        self._used.add(digest)
        found = self._documents.get(digest)
        if found is not None:
            return found
        name = cache.key(self._code, content)
        found = self.store.kept_or_made(
            LINKS_KIND,
            name,
            lambda: linkcheck.scan(content),
            lambda document: json.dumps(_document_dict(document)).encode(),
            _document_entry,
        )
        self._documents[digest] = found
        return found

    def forget_unused(self) -> None:
        """At the end of a build: only what this build wrote is kept in memory for the next."""
        self._documents = {digest: found for digest, found in self._documents.items() if digest in self._used}
        self._used, self._digests = set(), {}


def _page_json(found: PageScan) -> bytes:
    inline = found.inline
    return json.dumps(
        {
            "scripts": inline.scripts,
            "styles": inline.styles,
            "refused": inline.refused,
            "has_policy": inline.has_policy,
            "document": _document_dict(found.document),
        }
    ).encode()


def _page_from(kept: bytes) -> PageScan | None:
    try:
        entry = json.loads(kept)
        inline = Inline(tuple(entry["scripts"]), tuple(entry["styles"]), tuple(entry["refused"]), entry["has_policy"])
        return PageScan(inline, _document_from(entry["document"]))
    except (ValueError, KeyError, TypeError):
        return None  # the digest matched but the entry is not one: made again


def _document_entry(kept: bytes) -> Document | None:
    try:
        return _document_from(json.loads(kept))
    except (ValueError, KeyError, TypeError):
        return None


def _document_dict(document: Document) -> dict[str, Any]:
    return {
        "ids": sorted(document.ids),
        "refs": [[ref.url, ref.written, ref.same_document] for ref in document.refs],
        "base": document.base,
    }


def _document_from(entry: dict[str, Any]) -> Document:
    refs = tuple(Ref(url, written, same) for url, written, same in entry["refs"])
    return Document(frozenset(entry["ids"]), refs, entry["base"])
