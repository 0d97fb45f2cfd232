"""Links between pages of the MkDocs site, for HTML that Markdown won't rewrite."""

from __future__ import annotations

from typing import Any

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

    @property
    def current_part(self) -> int | None:
        part = self.env.page.meta.get("part")
        return part if isinstance(part, int) else None
