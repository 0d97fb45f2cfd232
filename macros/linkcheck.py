"""Every internal link and anchor in a built site must resolve.

MkDocs checks the links an author writes in Markdown, but not those inside
raw HTML, and raw HTML is all that our macros emit.  So this reads the built
site itself: each ``.html`` and ``.svg`` file is parsed once for its ids and
the URLs it refers to, then every URL that stays on the site must name a file
that exists and, for a fragment, an element in that file.

Pure on purpose: no MkDocs, so the command line can check any built site.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import string
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import SplitResult, quote, unquote, urlsplit

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
# Outside SVG, the only attributes read.
_READ_ATTRIBUTES = frozenset({"id", "name", "style", "xlink:href", *_SRCSET_ATTRIBUTES, *_URL_ATTRIBUTES})
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^\s'"()]*))\s*\)""", re.I)
# What a browser drops before reading a URL: leading and trailing C0 controls
# and spaces, and tabs and newlines anywhere ("java\tscript:" is javascript:).
_URL_EDGES = "".join(chr(code) for code in range(0x21))
_TABS_NEWLINES = str.maketrans("", "", "\t\n\r")


@dataclass(frozen=True)
class Ref:
    """One URL in a document, and how it is written there for the report."""

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


class _Collector:
    """Ids and references from the tags and raw text of one document."""

    def __init__(self) -> None:
        # Inside <svg>, in HTML or as the root of an .svg file, any element's
        # href is a reference.
        self._svg_depth = 0
        self._in_style = False
        self.ids: set[str] = set()
        self.refs: list[Ref] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self._svg_depth += 1
        in_svg = self._svg_depth > 0
        for name, value in attrs:
            if value is None or (name not in _READ_ATTRIBUTES and not in_svg):
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif tag == "base" and name == "href":
                if self.base is None:
                    self.base = value
            elif name in _SRCSET_ATTRIBUTES:
                self.refs.extend(Ref(url, url) for url in srcset_urls(value))
            elif name == "xlink:href" or (name == "href" and in_svg) or tag in _URL_ATTRIBUTES.get(name, ()):
                self.refs.append(Ref(value, value))
            elif (in_svg or name == "style") and "url(" in value.lower():
                # fill, stroke, clip-path, mask, filter, marker-*, or CSS in style.
                self.refs.extend(css_refs(value))
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self._svg_depth > 0:
            self._svg_depth -= 1
        elif tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and "url(" in data.lower():
            self.refs.extend(css_refs(data))

    def document(self) -> Document:
        return Document(frozenset(self.ids), tuple(self.refs), self.base)


def scan(text: str) -> Document:
    collector = _Collector()
    _feed(text, collector)
    return collector.document()


# The tokenizer below reports the same tags, in the same order and with the
# same attributes, as html.parser.HTMLParser of Python 3.11.7 (convert_charrefs,
# the whole text fed at once), on which this module used to be built, several
# times faster.  One regex finds each usual token with its attributes; any
# other "<" takes the slow path, which follows HTMLParser step by step with
# HTMLParser's own regexes.  tests/test_linkcheck_scan.py holds it to that.

# Whitespace that ends a tag name for HTMLParser; the wider \s does not.
_TAG_WS = r"[\t\n\r\f ]"
# No "<" outside quotes, so that on a "<" left unclosed this fails at once.
_ATTRIBUTE_NAME = r"""[^\s/<>="']+"""
_BARE_VALUE = r"""[^\s"'<>=][^\s<>]*"""
_ATTRIBUTE_PATTERN = rf"""({_ATTRIBUTE_NAME})(?:{_TAG_WS}*(=){_TAG_WS}*(?:"([^"]*)"|'([^']*)'|({_BARE_VALUE})))?"""
# Usual start tags (attributes spaced, quoted or not, one "=") and plain end
# tags: on these HTMLParser's regexes find the same name, attributes and end.
# The first attribute has groups of its own, as most tags have at most one.
# The empty last branch leaves any other "<" to _markup.
_MARKUP = re.compile(
    rf"""<(?:
        ([a-zA-Z][^\t\n\r\f /<>\x00]*)
        (?:{_TAG_WS}+{_ATTRIBUTE_PATTERN}
            ((?:{_TAG_WS}+{_ATTRIBUTE_NAME}
                (?:{_TAG_WS}*={_TAG_WS}*(?:"[^"]*"|'[^']*'|{_BARE_VALUE}))?
            )*)
        )?
        {_TAG_WS}*(/?)>
      | /\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>
      |
    )""",
    re.VERBOSE,
)
_START, _END = 8, 9  # the group each branch closes last
_ATTRIBUTE = re.compile(_ATTRIBUTE_PATTERN)

# HTMLParser's, for the slow path.
_END_TAG = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE_TOLERANT = re.compile(
    r'((?<=[\'"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*'
    r'(\'[^\']*\'|"[^"]*"|(?![\'"])[^>\s]*))?(?:\s|/(?!>))*'
)
_START_TAG_END = re.compile(
    r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*
  (?:[\s/]*
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*
      (?:\s*=+\s*
        (?:'[^']*'
          |"[^"]*"
          |(?!['"])[^>\s]*
         )
        \s*
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*
""",
    re.VERBOSE,
)
_COMMENT_CLOSE = re.compile(r"--\s*>")
_DECLARATION_NAME = re.compile(r"([a-zA-Z][-_.a-zA-Z0-9]*)\s*")
_MARKED_SECTION_CLOSE = {
    **dict.fromkeys(("temp", "cdata", "ignore", "include", "rcdata"), re.compile(r"]\s*]\s*>")),
    **dict.fromkeys(("if", "else", "endif"), re.compile(r"]\s*>")),  # MS Word's <![if ...]>
}
_ASCII_LETTERS = frozenset(string.ascii_letters)
# After what a start tag is unfinished: HTMLParser then reads it as text.
_START_TAG_UNFINISHED = _ASCII_LETTERS | {"=", ""}
# Their content is not markup and ends only at their end tag.
_RAW_TEXT_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE) for tag in ("script", "style")}

_Attributes = list[tuple[str, str | None]]
_StartTag = tuple[str, _Attributes, bool]  # name, attributes, and whether written <x/>


def _feed(text: str, collector: _Collector) -> None:
    """Reports each tag of ``text`` to ``collector``, and the content of <script> and <style>.

    Other text is not reported: no reference is in it.
    """
    tokens = _MARKUP.finditer
    more_attributes = _ATTRIBUTE.findall
    starttag, endtag = collector.handle_starttag, collector.handle_endtag
    pos = 0
    while True:
        for match in tokens(text, pos):
            kind = match.lastindex
            if kind == _END:
                endtag(match[_END].lower())
                continue
            end = match.end()
            if kind == _START:
                name, first, equals, dq, sq, bare, others, slash, _ = match.groups("")
                tag, closed = name.lower(), slash == "/"
                if first:
                    # As HTMLParser: names lowered, values unescaped, None without "=".
                    attrs = [
                        (first.lower(), (v if "&" not in (v := dq or sq or bare) else unescape(v)) if equals else None)
                    ]
                    if others:
                        attrs += [
                            (
                                attribute.lower(),
                                (v if "&" not in (v := dq or sq or bare) else unescape(v)) if equals else None,
                            )
                            for attribute, equals, dq, sq, bare in more_attributes(others)
                        ]
                else:
                    attrs = []
            else:
                resume, start = _markup(text, match.start(), collector)
                if start is None:
                    if resume == end:
                        continue
                    pos = resume
                    break
                (tag, attrs, closed), end = start, resume
            starttag(tag, attrs)
            if closed:
                endtag(tag)
            elif tag in _RAW_TEXT_END:
                pos = _raw_text(text, end, tag, collector)
                break
            if end != match.end():
                pos = end
                break
        else:
            return


def _raw_text(text: str, pos: int, tag: str, collector: _Collector) -> int:
    """Reports the content of a <script> or <style> from ``pos``, and its end tag; where parsing resumes."""
    close = _RAW_TEXT_END[tag].search
    while (match := close(text, pos)) is not None:
        start, end = match.span()
        if pos < start:
            collector.handle_data(text[pos:start])
        if _END_TAG.match(text, start):
            collector.handle_endtag(tag)
            return end
        # Matched only by ignoring case beyond ASCII (a long s in "</\u017ftyle>"): still content.
        collector.handle_data(text[start:end])
        pos = end
    # Never closed: HTMLParser keeps waiting for the end tag, reporting nothing.
    return len(text)


def _markup(text: str, i: int, collector: _Collector) -> tuple[int, _StartTag | None]:
    """Where parsing resumes after the ``<`` at ``i``, and the start tag there, if any.

    End tags are reported to ``collector`` here.
    """
    after = text[i + 1 : i + 2]
    start = None
    if after in _ASCII_LETTERS:
        end, start = _start_tag(text, i)
    elif after == "/":
        end = _end_tag(text, i, collector)
    elif after == "?":
        end = _through(">", text, i + 2)
    elif after == "!":
        end = _declaration(text, i)
    else:
        return i + 1, None  # a lone "<" is text
    if end < 0:
        # Unfinished: HTMLParser reads it as text up to a ">", else up to a "<".
        gt = text.find(">", i + 1)
        lt = text.find("<", i + 1)
        end = gt + 1 if gt >= 0 else lt if lt >= 0 else i + 1
    return end, start


def _through(char: str, text: str, pos: int) -> int:
    found = text.find(char, pos)
    return found + 1 if found >= 0 else -1


def _start_tag(text: str, i: int) -> tuple[int, _StartTag | None]:
    """HTMLParser's parse_starttag: the end, -1 if unfinished, and the tag unless read as text."""
    located = _START_TAG_END.match(text, i)
    assert located is not None  # it matches any "<" and letter
    j = located.end()
    after = text[j : j + 1]
    if after == ">":
        end = j + 1
    elif after == "/":
        if not text.startswith("/>", j):
            return -1, None
        end = j + 2
    elif after in _START_TAG_UNFINISHED:
        return -1, None
    else:
        end = j
    name = _TAG_NAME.match(text, i + 1)
    assert name is not None
    k = name.end()
    attrs: _Attributes = []
    while k < end and (match := _ATTRIBUTE_TOLERANT.match(text, k)) is not None:
        attribute, rest, value = match.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        attrs.append((attribute.lower(), unescape(value) if value else value))
        k = match.end()
    closing = text[k:end].strip()
    if closing not in (">", "/>"):
        return end, None
    return end, (name.group(1).lower(), attrs, closing == "/>")


def _end_tag(text: str, i: int, collector: _Collector) -> int:
    """HTMLParser's parse_endtag, where _MARKUP found no plain end tag."""
    gt = text.find(">", i + 1)
    if gt < 0:
        return -1
    # "</a x>" ends an a; "</>", "</ a x>" and the like end nothing.
    name = _TAG_NAME.match(text, i + 2)
    if name is not None:
        collector.handle_endtag(name.group(1).lower())
    return gt + 1


def _declaration(text: str, i: int) -> int:
    """The end of the comment, marked section, doctype or bogus comment at ``i``, -1 if unfinished."""
    if text.startswith("<!--", i):
        close = _COMMENT_CLOSE.search(text, i + 4)
        return close.end() if close is not None else -1
    if text.startswith("<![", i):
        if i + 3 == len(text):
            return -1
        name = _DECLARATION_NAME.match(text, i + 3)
        if name is not None:
            if name.end() == len(text):
                return -1
            section = _MARKED_SECTION_CLOSE.get(name.group(1).lower())
            if section is not None:
                close = section.search(text, i + 3)
                return close.end() if close is not None else -1
        # HTMLParser raises AssertionError here; read a bogus comment instead, as a browser does.
    elif text[i + 2 : i + 9].lower() == "doctype":
        return _through(">", text, i + 9)
    return _through(">", text, i + 2)


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


def _walk(site_dir: Path) -> tuple[frozenset[str], frozenset[str]]:
    files: set[str] = set()
    dirs: set[str] = set()
    for path in site_dir.rglob("*"):
        rel = path.relative_to(site_dir).as_posix()
        (dirs if path.is_dir() else files).add(rel)
    return frozenset(files), frozenset(dirs)


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
    page: str, document: Document, site: _Site, documents: Mapping[str, Document]
) -> Iterator[tuple[Ref, str | None]]:
    """Each internal reference of a page, with why it is broken or None."""
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
        yield ref, _fragment_problem(fragment, target, documents)


# path -> (its size and time when scanned, what it holds).  The preview's
# quick rebuilds rewrite a page or two; the rest are not read again.
_scans: dict[Path, tuple[tuple[int, int], Document]] = {}


def _scanned(path: Path) -> Document:
    stat = path.stat()
    seen = (stat.st_mtime_ns, stat.st_size)
    cached = _scans.get(path)
    if cached is None or cached[0] != seen:
        cached = _scans[path] = (seen, scan(path.read_text(encoding="utf-8", errors="replace")))
    return cached[1]


class Scans:
    """Pages scanned in another process while the build goes on to the next page.

    MkDocs builds on one core; reading every page for links at the end
    would add its time to the build, so each page is handed over as it is
    written.  Without a second core (or a pool that will not start), pages
    are left to ``check_site`` to read.
    """

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._usable = (os.cpu_count() or 1) > 1
        self._pending: dict[str, Future[Document]] = {}

    def submit(self, name: str, text: str) -> None:
        """``name`` is the page's path in the site, ``ledger/index.html``."""
        if not self._usable:
            return
        try:
            if self._pool is None:
                # Spawned, not forked: the preview server runs threads.
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            self._pending[name] = self._pool.submit(scan, text)
        except (OSError, RuntimeError):
            self._usable = False

    def close(self) -> None:
        """Stop the second process, so nothing is left running when the preview stops."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._pending = {}

    def take(self) -> dict[str, Document]:
        """What was scanned since the last call; a page whose scan failed is read again by ``check_site``."""
        done: dict[str, Document] = {}
        for name, future in self._pending.items():
            try:
                done[name] = future.result()
            except Exception:  # a broken pool: the page is read from disk instead
                self._usable = False
        self._pending = {}
        return done


def check_site(
    site_dir: Path,
    base_url: str | None,
    sources: Mapping[str, str] | None = None,
    scanned: Mapping[str, Document] | None = None,
) -> LinkReport:
    """Every broken internal link and anchor in a built site.

    ``base_url`` is where the site is served (its ``site_url``): absolute
    paths and full URLs under it are internal.  ``sources`` maps an output
    path such as ``ledger/index.html`` to the page it was built from, so a
    problem names the file an author edits.  ``scanned`` holds documents
    already scanned from the text that was written (see ``Scans``).
    """
    files, dirs = _walk(site_dir)
    scheme, host, path = _base_path(base_url)
    site = _Site(scheme, host, path, files, dirs)
    scanned = scanned or {}
    documents = {
        name: scanned[name] if name in scanned else _scanned(site_dir / name)
        for name in sorted(files)
        if name.endswith(_DOCUMENTS)
    }
    sources = sources or {}
    problems: set[str] = set()
    links = 0
    for page, document in documents.items():
        where = f"{sources[page]} ({page})" if page in sources else page
        for ref, problem in _problems(page, document, site, documents):
            links += 1
            if problem is not None:
                problems.add(f"{where}: broken link {ref.written!r}: {problem}")
    return LinkReport(len(documents), links, tuple(sorted(problems)))
