"""Each page's rendering kept between builds: a page whose inputs did not change is not checked or rendered again.

A page's entry is the Markdown the macros made of it (with its part's frame)
and the finished blocks taken out of it (blocks.py), filed under a key made
of everything that output is made from:

- the code: every module of ``macros/`` and the versions of the libraries
  that read and render a template;
- the whole build's inputs: every file under ``data/`` and the parts the
  data finds in ``docs/``, every page's address (a macro links to any page),
  the site's address and the template syntax;
- the page's own: its source path, address, front matter and Markdown.

Only a page that can be rendered from those alone is kept: its template
names nothing but the site's macros (no ``page``, ``config`` or other
variable, no ``include``), no other plugin changes its Markdown between
the page check and the frame, and it came out with no problem.  Anything
else is checked and rendered at every build, as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, nodes

from macros.data.model import Dataset
from macros.data.problems import Loc, Problem
from macros.data.templatetags import Syntax
from macros.render.sharecards import Headline, ShareCard
from macros.site.cache import Store, files_below, key
from macros.site.packagecode import package_code
from macros.site.templates import _undeclared

# The cache's name for pages' rendered Markdown.
CACHE_KIND = "rendered"
# Template nodes that read other files or set up state outside the page.
_OUTSIDE = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


@dataclass(frozen=True)
class Rendered:
    """What the macros made of one page: its Markdown with placeholders, and the blocks they stand for."""

    markdown: str
    stash_key: str
    blocks: tuple[str, ...]
    description: str | None  # the page's description and title from the data, where it gives them
    title: str | None

    def encode(self) -> bytes:
        fields = [self.markdown, self.stash_key, list(self.blocks), self.description, self.title]
        return json.dumps(fields, ensure_ascii=False).encode()

    @classmethod
    def decode(cls, entry: bytes) -> Rendered | None:
        try:
            markdown, stash_key, blocks, description, title = json.loads(entry)
        except (ValueError, TypeError):
            return None
        if not isinstance(markdown, str) or not isinstance(stash_key, str) or not isinstance(blocks, list):
            return None
        if not all(isinstance(block, str) for block in blocks):
            return None
        if not all(value is None or isinstance(value, str) for value in (description, title)):
            return None
        return cls(markdown, stash_key, tuple(blocks), description, title)


# A data file's digest by its path, size and time: a preview's rebuild reads only the files that changed.
_digests: dict[str, tuple[tuple[int, int], str]] = {}


def data_digest(data_dir: Path, data: Dataset, listing: list[tuple[str, int, int]] | None = None) -> str:
    """Every file the data is read from, by name and bytes, and the parts it found in ``docs/``.

    ``listing`` is ``files_below(data_dir)`` when the caller has it already.
    """
    digest = hashlib.sha256()
    folder = os.fspath(data_dir)
    for name, mtime, size in listing if listing is not None else files_below(data_dir):
        path = os.path.join(folder, name)
        seen = (mtime, size)
        known = _digests.get(path)
        if known is None or known[0] != seen:
            with open(path, "rb") as file:
                known = _digests[path] = (seen, key(name, file.read()))
        digest.update(known[1].encode())
    digest.update(repr(data.pages).encode())
    return digest.hexdigest()


def renders_alone(tree: nodes.Template, macro_names: Iterable[str]) -> bool:
    """Whether a template's output depends only on its text, the data and the site's pages."""
    return _undeclared(tree) <= set(macro_names) and next(tree.find_all(_OUTSIDE), None) is None


class PageCache:
    """Pages' rendered Markdown by key, in the build's cache."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store or Store(None)
        self._site = ""  # the whole build's part of every page's key; "" until a build begins

    def begin(self, data: str, urls: Mapping[str, str], site_url: str, jinja: Environment) -> None:
        """A build begins with this data digest, these pages' addresses and this template syntax."""
        syntax = dataclasses.astuple(Syntax.of(jinja))
        self._site = key(package_code(), data, json.dumps(sorted(urls.items())), site_url, json.dumps(syntax))

    def end(self) -> None:
        self._site = ""

    @property
    def on(self) -> bool:
        """Whether a build has begun with a cache, so that pages have keys."""
        return bool(self._site and self.store)

    def reopened(self) -> PageCache:
        """This build's keys over a connection of its own to the same cache; for a forked process."""
        copy = PageCache(Store(self.store.root))
        copy._site = self._site
        return copy

    def key(self, src_uri: str, url: str, meta: Mapping[str, Any], markdown: str) -> str | None:
        """The page's key, or None when no build has begun (or the cache is off)."""
        if not self._site or not self.store:
            return None
        return key(self._site, src_uri, url, repr(sorted(meta.items(), key=lambda item: str(item[0]))), markdown)

    def card_key(self, site: str, src_path: str, title: str, description: str, part: int | None) -> str | None:
        """The key of the words on a page's share card, or None when no build has begun (or the cache is off)."""
        if not self._site or not self.store:
            return None
        return key(self._site, CARD_KIND, site, src_path, title, description, repr(part))

    def get(self, name: str | None) -> Rendered | None:
        if name is None:
            return None
        entry = self.store.get(CACHE_KIND, name)
        return Rendered.decode(entry) if entry is not None else None

    def put(self, name: str | None, rendered: Rendered) -> None:
        self.put_encoded(name, rendered.encode())

    def put_encoded(self, name: str | None, entry: bytes) -> None:
        """An entry as ``Rendered.encode`` wrote it (in the second process, say), kept without decoding it again."""
        if name is not None:
            self.store.put(CACHE_KIND, name, entry)


# The cache's name for the problems ``python -m macros check`` found in a page.
CHECK_KIND = "page-checks"


class CheckedPages:
    """``python -m macros check``'s findings for each page, kept by everything they are found from.

    A page's key holds the code, the data, every page's address, the
    template syntax and names the site gives, and the page's path (as
    messages show it) and text, so the same page gives the same messages,
    in the same order, without being read as a template again.
    """

    def __init__(
        self, store: Store, data: str, urls: Mapping[str, str], settings: Mapping[str, str], names: Iterable[str]
    ):
        self.store = store
        self._site = key(
            package_code(),
            data,
            json.dumps(sorted(urls.items())),
            json.dumps(sorted(settings.items())),
            json.dumps(sorted(names)),
        )

    def key(self, shown: str, text: str) -> str | None:
        return key(self._site, shown, text) if self.store else None

    def get(self, name: str | None) -> list[Problem] | None:
        entry = self.store.get(CHECK_KIND, name) if name is not None else None
        if entry is None:
            return None
        try:
            found = [Problem(Loc(path, line, col), message) for path, line, col, message in json.loads(entry)]
        except (ValueError, TypeError):
            return None
        return found

    def put(self, name: str | None, problems: Iterable[Problem]) -> None:
        if name is not None:
            entry = [[*problem.loc, problem.message] for problem in problems]
            self.store.put(CHECK_KIND, name, json.dumps(entry, ensure_ascii=False).encode())


# The cache's name for the files the build writes beside the pages (publish.py).
FILES_KIND = "site-files"


def files_key(data: str, site_url: str, description: str, urls: Mapping[str, str]) -> str:
    """The key of the files made from the data, for pages at ``urls`` of the site at ``site_url``."""
    return key(package_code(), data, site_url, description, json.dumps(sorted(urls.items())))


def pack_files(files: Mapping[str, bytes]) -> bytes:
    """Paths and contents, each preceded by its length."""
    out = bytearray()
    for path, content in files.items():
        name = path.encode()
        out += len(name).to_bytes(4, "big") + name + len(content).to_bytes(8, "big") + content
    return bytes(out)


def unpack_files(entry: bytes) -> dict[str, bytes] | None:
    """What ``pack_files`` packed, or None for anything else."""
    files: dict[str, bytes] = {}
    at = 0
    try:
        while at < len(entry):
            size = int.from_bytes(entry[at : at + 4], "big")
            name = entry[at + 4 : at + 4 + size]
            at += 4 + size
            header = entry[at : at + 8]
            length = int.from_bytes(header, "big")
            content = entry[at + 8 : at + 8 + length]
            if len(name) != size or len(header) != 8 or len(content) != length:
                return None  # cut short
            files[name.decode()] = content
            at += 8 + length
    except UnicodeDecodeError:
        return None
    return files


# The cache's name for the words on each page's share card (sharecards.py).
CARD_KIND = "card-words"


def encode_card(card: ShareCard) -> bytes:
    headline = [card.headline.figure, card.headline.caption] if card.headline is not None else None
    fields = [card.site, card.kicker, card.title, headline, card.description, list(card.colours)]
    return json.dumps(fields, ensure_ascii=False).encode()


def decode_card(entry: bytes) -> ShareCard | None:
    try:
        site, kicker, title, headline, description, colours = json.loads(entry)
        words = (site, kicker, title, description, *colours, *(headline or ()))
        if not all(isinstance(word, str) for word in words) or (headline is not None and len(headline) != 2):
            return None
        return ShareCard(site, kicker, title, Headline(*headline) if headline else None, description, tuple(colours))
    except (ValueError, TypeError):
        return None
