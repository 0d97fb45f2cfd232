"""Links between pages of the site, for HTML that Markdown won't rewrite.

Engine-free: the build hands over each page's URL and the URL of every
source file; ``python -m macros check`` hands over none and gets no links.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin


def relative_url(url: str, page_url: str) -> str:
    """``url`` (relative to the site's root) as seen from the page at ``page_url``, as MkDocs writes it."""
    base = page_url
    head, tail = posixpath.split(base)
    if "." in tail:
        base = head
    relative = posixpath.relpath("/" + url, "/" + (base.rstrip("/") or ""))
    return relative + "/" if url.endswith("/") and not relative.endswith("/") else relative


@dataclass(frozen=True)
class PageLinks:
    """Resolves a docs source path to a URL relative to one page."""

    page_url: str = ""
    urls: Mapping[str, str] = field(default_factory=dict)  # src_uri -> URL from the site's root
    site_url: str = "/"
    current_part: int | None = None

    def href(self, src_path: str, anchor: str | None = None) -> str | None:
        target = self.urls.get(src_path)
        if target is None:
            return None
        url = relative_url(target, self.page_url)
        return f"{url}#{anchor}" if anchor else url

    def file_href(self, path: str) -> str:
        """A URL for a file the build writes (``badges/tier-1.svg``), relative to the current page."""
        return relative_url(path, self.page_url)

    def absolute(self, path: str) -> str:
        """The file's or page's public URL, for readers to copy elsewhere."""
        return urljoin(self.site_url, self.urls.get(path, path))
