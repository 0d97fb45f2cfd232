"""Links between pages of the MkDocs site, for HTML that Markdown won't rewrite."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from mkdocs.utils import get_relative_url


class PageLinks:
    """Resolves a docs source path to a URL relative to the page being rendered."""

    def __init__(self, env: Any):
        self.env = env

    def href(self, src_path: str, anchor: str | None = None) -> str | None:
        files = self.env.variables.get("files")
        target = files.get_file_from_path(src_path) if files is not None else None
        if target is None:
            return None
        url = get_relative_url(target.url, self.env.page.url)
        return f"{url}#{anchor}" if anchor else url

    def file_href(self, path: str) -> str:
        """A URL for a file the build writes (``badges/tier-1.svg``), relative to the current page."""
        return get_relative_url(path, self.env.page.url)

    def absolute(self, path: str) -> str:
        """The file's or page's public URL, for readers to copy elsewhere."""
        files = self.env.variables.get("files")
        target = files.get_file_from_path(path) if files is not None else None
        url: str = target.url if target is not None else path
        site_url: str = self.env.conf["site_url"] or "/"
        return urljoin(site_url, url)

    @property
    def current_part(self) -> int | None:
        part = self.env.page.meta.get("part")
        return part if isinstance(part, int) else None
