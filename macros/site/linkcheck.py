"""Every internal link and anchor in a built site must resolve.

MkDocs checks the links an author writes in Markdown, but not those inside
raw HTML, and raw HTML is all that our macros emit.  So this reads the built
site itself: each ``.html`` and ``.svg`` file is parsed once for its ids and
the URLs it refers to, then every URL that stays on the site must name a file
that exists and, for a fragment, an element in that file.

Pure on purpose: no MkDocs, so the command line can check any built site.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import SplitResult, quote, unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from macros.site import cache, htmltree
from macros.site.cache import Store

# The cache's name for what one page's links resolved to.
CACHE_KIND = "link-checks"
# Documents whose ids a fragment can name.
_DOCUMENTS = (".html", ".svg")

# Attributes holding one URL, and the elements they do so on.  ``href`` on
# any SVG element and ``xlink:href`` anywhere are handled beside these.
_URL_ATTRIBUTES: dict[str, frozenset[str]] = {
    "href": frozenset({"a", "area", "link"}),
    "src": frozenset({"img", "script", "iframe", "frame", "source", "audio", "video", "embed", "input", "track"}),
    "poster": frozenset({"video"}),
    "data": frozenset({"object"}),
    "action": frozenset({"form"}),
    "formaction": frozenset({"button", "input"}),
    "cite": frozenset({"blockquote", "q", "del", "ins"}),
}
_SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
# Link-preview tags whose content is a URL: a page's own address and its share image.
_META_URLS = frozenset({"og:url", "og:image", "og:image:url", "og:image:secure_url", "twitter:image"})
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^\s'"()]*))\s*\)""", re.I)
# What a browser drops before reading a URL: leading and trailing C0 controls
# and spaces, and tabs and newlines anywhere ("java\tscript:" is javascript:).
_URL_EDGES = "".join(chr(code) for code in range(0x21))
_TABS_NEWLINES = str.maketrans("", "", "\t\n\r")


class Ref(NamedTuple):
    """One URL in a document, and how it is written there for the report (a tuple: pages hold thousands)."""

    url: str
    written: str
    # ``url(#id)`` in SVG paint and effects always means this document,
    # whatever a ``<base>`` element says.
    same_document: bool = False


@dataclass(frozen=True)
class Document:
    ids: frozenset[str]
    refs: tuple[Ref, ...]
    base: str | None  # the first <base href>, which relative URLs resolve against


@dataclass(frozen=True)
class LinkReport:
    documents: int  # HTML and SVG files parsed
    links: int  # references that stay on the site, each resolved
    problems: tuple[str, ...]  # sorted, one line each


class _Broken(Exception):
    """A reference that does not resolve; the message says why."""


def scan(html: str | bytes) -> Document:
    """The ids and references of one document, parsed as a browser parses HTML.

    Bytes are read as UTF-8.  An .svg file is parsed the same way: its root
    <svg> puts everything in it in SVG, as inline SVG is.
    """
    tree = htmltree.parse(html)
    reader = LinkReader(tree)
    htmltree.read(tree, reader)
    return reader.document()


class LinkReader:
    """The ids, references and base of one document, read element by element in document order.

    A page's walk (htmltree.read) is shared with its policy's (pagescan.py), so that a page
    is parsed and walked once.  A browser that runs scripts reads
    <noscript> as text; one that doesn't reads markup there, and follows
    its links, so that text is read as markup here too.
    """

    tags_read = frozenset({"style", "base", "noscript"})

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._ids: set[str] = set()
        self._refs: list[Ref] = []
        self._bases: list[str] = []
        # A <base> read from <noscript> counts only where the page has none of its own.
        self._noscript_bases: list[str] = []
        self._in_noscript = 0
        self._in_svg, self._in_math = _foreign(tree)

    def element(self, node: LexborNode, tag: str, attributes: Mapping[str, str | None]) -> None:
        in_svg = node.mem_id in self._in_svg
        xlink = in_svg or node.mem_id not in self._in_math
        _read(tag, attributes, in_svg, self._ids, self._refs, xlink)
        if tag == "style":
            if "url(" in (css := node.text()).lower():
                self._refs.extend(css_refs(css))
        elif tag == "base":
            if (href := attributes.get("href")) is not None:
                (self._noscript_bases if self._in_noscript else self._bases).append(href)
        elif tag == "noscript":
            markup = node.text(deep=True, separator="", strip=False)
            if "<" in markup:
                inner = htmltree.parse(markup)
                saved = self._in_svg, self._in_math
                self._in_svg, self._in_math = _foreign(inner)
                self._in_noscript += 1
                htmltree.read(inner, self)
                self._in_noscript -= 1
                self._in_svg, self._in_math = saved

    def document(self) -> Document:
        bases = self._bases or self._noscript_bases
        return Document(frozenset(self._ids), tuple(self._refs), bases[0] if bases else None)


def _foreign(tree: LexborHTMLParser) -> tuple[set[int], set[int]]:
    """The elements in SVG and those in MathML, each an <svg> or <math> and all inside it, by the parser's node ids.

    Inside <svg> (inline, or the root of an .svg file) any attribute may
    refer: href on any element, and url(#id) in fill, stroke, clip-path,
    mask, filter, marker-*.  Outside it, only those of _URL_ATTRIBUTES and
    _SRCSET_ATTRIBUTES, xlink:href, and style; in MathML, xlink:href is
    not a link.
    """
    found: dict[str, set[int]] = {"svg": set(), "math": set()}
    for root in tree.css("svg, math"):
        found[root.tag or "svg"].update(node.mem_id for node in root.traverse(include_text=False))
    return found["svg"], found["math"]


def _read(
    tag: str, attributes: Mapping[str, str | None], in_svg: bool, ids: set[str], refs: list[Ref], xlink: bool = True
) -> None:
    """The ids and references in one element's attributes; ``xlink``: whether xlink:href links here."""
    for name, value in attributes.items():
        if value is None:  # written without "=": no URL
            continue
        if name == "id" or (name == "name" and tag == "a"):
            ids.add(value)
        elif tag == "base" and name == "href":
            continue  # not a link: the document's base, read once by scan
        elif tag == "meta":
            if name == "content" and (attributes.get("property") or attributes.get("name")) in _META_URLS:
                refs.append(Ref(value, value))
        elif name in _SRCSET_ATTRIBUTES:
            refs.extend(Ref(url, url) for url in srcset_urls(value))
        elif (name == "xlink:href" and xlink) or (name == "href" and in_svg) or tag in _URL_ATTRIBUTES.get(name, ()):
            refs.append(Ref(value, value))
        elif (in_svg or name == "style") and "(" in value and "url(" in value.lower():
            refs.extend(css_refs(value))


def srcset_urls(value: str) -> Iterator[str]:
    """The URL of each candidate in a srcset, as the HTML standard splits it.

    A URL may itself contain commas (``a,b.png 2x``); only commas that end
    a URL or follow its descriptors separate candidates.
    """
    pos, end = 0, len(value)
    while True:
        while pos < end and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        if pos >= end:
            return
        start = pos
        while pos < end and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            yield url.rstrip(",")
            continue
        yield url
        depth = 0  # descriptors run to the next comma outside parentheses
        while pos < end and (value[pos] != "," or depth):
            depth += {"(": 1, ")": -1}.get(value[pos], 0)
            pos += 1


def css_refs(value: str) -> Iterator[Ref]:
    for match in _CSS_URL.finditer(value):
        url = next(group for group in match.groups() if group is not None)
        if url:
            yield Ref(url, match.group(0), same_document=url.startswith("#"))


@dataclass(frozen=True)
class _Site:
    """Where the site is served, and which files and directories it has."""

    scheme: str
    host: str
    path: str  # the base path, with a slash at each end
    files: frozenset[str]  # posix paths relative to the site dir
    dirs: frozenset[str]

    def owns(self, url: SplitResult) -> bool:
        return (
            url.scheme.lower() in (self.scheme, "")
            and url.netloc.lower() == self.host
            and (url.path + "/").startswith(self.path)
        )

    def resolve(self, url: str, against: str | None) -> tuple[str, str] | None:
        """The absolute URL path and the fragment of ``url``, or None off the site.

        ``against`` is the absolute path the URL is relative to, None when
        a <base> element points off the site.
        """
        try:
            parts = urlsplit(url.strip(_URL_EDGES).translate(_TABS_NEWLINES))
        except ValueError as error:
            raise _Broken(f"not a valid URL ({error})") from None
        if parts.scheme.lower() == "javascript":
            raise _Broken("javascript: URLs are not allowed")
        if parts.scheme or parts.netloc:
            if not self.owns(parts):
                return None  # mailto:, tel:, data:, other hosts and sites: never fetched
            path = parts.path or "/"
        elif against is None:
            return None
        elif parts.path.startswith("/"):
            path = parts.path
        elif not parts.path:
            return against, parts.fragment
        else:
            path = against[: against.rfind("/") + 1] + parts.path
        return _remove_dots(path), parts.fragment

    def file_of(self, path: str) -> str:
        """The file a site URL path is served from."""
        if not (path + "/").startswith(self.path):
            raise _Broken(f"outside the site, whose base path is {self.path}")
        rel = unquote(path[len(self.path) :])
        if rel == "" or rel.endswith("/"):
            index = rel + "index.html"
        elif rel in self.files:
            return rel
        elif rel in self.dirs:
            # A server redirects x to x/, which then needs its index.html.
            index = rel + "/index.html"
        else:
            raise _Broken(f"no file {rel} in the site")
        if index not in self.files:
            raise _Broken(f"no file {index} in the site")
        return index


def _remove_dots(path: str) -> str:
    """``.`` and ``..`` segments resolved the way a browser does."""
    segments = path.split("/")[1:]
    kept: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        # Browsers read %2e as a dot here too.
        dots = unquote(segment)
        if dots in (".", ".."):
            if dots == ".." and kept:
                kept.pop()
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return "/" + "/".join(kept)


def _base_path(base_url: str | None) -> tuple[str, str, str]:
    parts = urlsplit(base_url or "/")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return parts.scheme.lower(), parts.netloc.lower(), path


def _listing(site_dir: Path) -> tuple[dict[str, tuple[int, int]], frozenset[str]]:
    """Every file in the site, each document with its time and size; and every directory."""
    files: dict[str, tuple[int, int]] = {}
    dirs: set[str] = set()
    folders = [(os.path.join(site_dir, ""), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir():
                    dirs.add(name)
                    folders.append((entry.path, name + "/"))
                elif name.endswith(_DOCUMENTS):
                    stat = entry.stat()
                    files[name] = (stat.st_mtime_ns, stat.st_size)
                else:
                    files[name] = (0, 0)
    return files, frozenset(dirs)


def _fragment_problem(fragment: str, target: str, documents: Mapping[str, Document]) -> str | None:
    # A fragment directive (#:~:text=...) is not part of the anchor.
    anchor = fragment.split(":~:", 1)[0]
    document = documents.get(target)
    if not anchor or document is None:
        return None  # top of the page, or a file without ids (JSON, XML, images)
    decoded = unquote(anchor)
    if anchor in document.ids or decoded in document.ids:
        return None
    if target.endswith(".html") and decoded.lower() == "top":
        return None  # HTML scrolls to the top for #top without any such element
    return f"no element with id {decoded!r} in {target}"


def _problems(
    page: str,
    document: Document,
    site: _Site,
    documents: Mapping[str, Document],
    targets: dict[str, Document | None],
) -> Iterator[tuple[Ref, str | None]]:
    """Each internal reference of a page, with why it is broken or None; ``targets`` gets the files it names."""
    own = site.path + quote(page)
    against: str | None = own
    if document.base is not None:
        try:
            based = site.resolve(document.base, own)
        except _Broken as broken:
            yield Ref(document.base, document.base), str(broken)
            return
        against = based[0] if based is not None else None
    for ref in document.refs:
        try:
            resolved = site.resolve(ref.url, own if ref.same_document else against)
            if resolved is None:
                continue
            path, fragment = resolved
            target = site.file_of(path)
        except _Broken as broken:
            yield ref, str(broken)
            continue
        targets[target] = documents.get(target)
        yield ref, _fragment_problem(fragment, target, documents)


@dataclass(frozen=True)
class _Checked:
    targets: dict[str, Document | None]  # each file the page links to, as it was read
    links: int  # internal references resolved
    broken: tuple[tuple[Ref, str], ...]  # and why each of these does not resolve


@dataclass
class LinkMemo:
    """What one check found for each page, for the next check of the same site (a preview's rebuild).

    A document whose time and size are as when it was read is not read
    again.  A page's findings depend on its own document, on the site's
    files and on the documents it links to: while the site has the same
    files, only the documents that changed, and the pages linking to them,
    are resolved again.
    """

    site: _Site | None = None
    pages: dict[str, _Checked] = field(default_factory=dict)
    # Each document as read: its time and size then, what it holds, its digest for the cache (if given).
    documents: dict[str, tuple[tuple[int, int], Document, str | None]] = field(default_factory=dict)
    linked_from: dict[str, set[str]] = field(default_factory=dict)  # each target, the pages that link to it


def _scan_file(path: Path) -> Document:
    return scan(path.read_bytes())


class _Kept:
    """Each page's findings in the build's cache, by the page's bytes and the site's files.

    A finding also depends on the documents the page links to (their
    ids): the entry names each with a digest of its bytes, and is used
    only while every one of them is as it was.
    """

    def __init__(self, store: Store, site: _Site, digests: Mapping[str, str | None]) -> None:
        self.store, self.digests = store, digests
        code = cache.code_version(htmltree, sys.modules[__name__])
        self._site = cache.key(
            code, site.scheme, site.host, site.path, "\n".join(sorted(site.files)), "\n".join(sorted(site.dirs))
        )

    def name(self, page: str) -> str | None:
        digest = self.digests.get(page)
        return cache.key(self._site, page, digest) if digest is not None else None

    def get(self, name: str, documents: Mapping[str, Document]) -> _Checked | None:
        entry = self.store.get(CACHE_KIND, name)
        if entry is None:
            return None
        try:
            named, links, broken = json.loads(entry)
            if any(self.digests.get(target) != digest for target, digest in named.items()):
                return None  # a page it links to changed since
            refs = tuple((Ref(url, written, same), str(problem)) for url, written, same, problem in broken)
            targets = {target: documents.get(target) for target in named}
        except (ValueError, TypeError, AttributeError):
            return None
        return _Checked(targets, int(links), refs)

    def put(self, name: str, checked: _Checked) -> None:
        # A target that is not a document (an image, a JSON file) is named by the site's files alone.
        named = {
            target: self.digests.get(target) if read is not None else None for target, read in checked.targets.items()
        }
        broken = [[ref.url, ref.written, ref.same_document, problem] for ref, problem in checked.broken]
        self.store.put(CACHE_KIND, name, json.dumps([named, checked.links, broken], ensure_ascii=False).encode())


def check_site(
    site_dir: Path,
    base_url: str | None,
    sources: Mapping[str, str] | None = None,
    scanner: Callable[[Path], Document] = _scan_file,
    memo: LinkMemo | None = None,
    store: Store | None = None,
    digests: Callable[[str], str | None] | None = None,
) -> LinkReport:
    """Every broken internal link and anchor in a built site.

    ``base_url`` is where the site is served (its ``site_url``): absolute
    paths and full URLs under it are internal.  ``sources`` maps an output
    path such as ``ledger/index.html`` to the page it was built from, so a
    problem names the file an author edits.  ``scanner`` reads a document;
    the build's looks up what it has read already.  ``memo`` keeps what
    this check found, for the next.  With a ``store`` (the build's cache)
    and ``digests`` (a document's digest, by its path in the site), each
    page's findings are kept for the next build too.
    """
    listing, dirs = _listing(site_dir)
    scheme, host, path = _base_path(base_url)
    site = _Site(scheme, host, path, frozenset(listing), dirs)
    sources = sources or {}
    memo = memo if memo is not None else LinkMemo()
    # Until this check ends, the memo says nothing: a check cut short leaves the next one to do everything.
    same_site, memo.site = memo.site == site, None
    documents: dict[str, Document] = {}
    changed: set[str] = set()
    read: dict[str, tuple[tuple[int, int], Document, str | None]] = {}
    for name in sorted(listing):
        if not name.endswith(_DOCUMENTS):
            continue
        seen = memo.documents.get(name)
        if seen is not None and seen[0] == listing[name]:
            document, digest = seen[1], seen[2]
        else:
            document = scanner(site_dir / name)
            digest = digests(name) if digests is not None else None
            if seen is None or document is not seen[1]:
                changed.add(name)
        documents[name] = document
        read[name] = (listing[name], document, digest)
    memo.documents = read
    kept_by_key = None
    if same_site:
        # The same files: only the documents that changed, and the pages linking to them, are resolved again.
        again = changed.union(*(memo.linked_from.get(name, ()) for name in changed))
    else:
        # Another set of files: every link resolved again, or found in the cache by each document's digest.
        again, memo.pages, memo.linked_from = set(documents), {}, {}
        if store and digests is not None:
            kept_by_key = _Kept(store, site, {name: entry[2] for name, entry in read.items()})
    for page in sorted(again):
        before = memo.pages.pop(page, None)
        for target in before.targets if before is not None else ():
            memo.linked_from[target].discard(page)
        found = memo.pages[page] = _check_page(page, documents[page], site, documents, kept_by_key)
        for target in found.targets:
            memo.linked_from.setdefault(target, set()).add(page)
    problems: set[str] = set()
    links = 0
    for page, found in memo.pages.items():
        links += found.links
        if found.broken:
            where = f"{sources[page]} ({page})" if page in sources else page
            problems.update(f"{where}: broken link {ref.written!r}: {problem}" for ref, problem in found.broken)
    memo.site = site
    return LinkReport(len(documents), links, tuple(sorted(problems)))


def _check_page(
    page: str, document: Document, site: _Site, documents: Mapping[str, Document], kept: _Kept | None
) -> _Checked:
    name = kept.name(page) if kept is not None else None
    if kept is not None and name is not None:
        found = kept.get(name, documents)
        if found is not None:
            return found
    targets: dict[str, Document | None] = {}
    resolved = tuple(_problems(page, document, site, documents, targets))
    broken = tuple((ref, problem) for ref, problem in resolved if problem is not None)
    checked = _Checked(targets, len(resolved), broken)
    if kept is not None and name is not None:
        kept.put(name, checked)
    return checked
