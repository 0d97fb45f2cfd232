"""The two steps of the macros that mkdocs-macros has no event for.

The macros module does the work when it loads the data; this hook hands
MkDocs the pages it makes from data/ (one per prediction list, outside the
navigation, as the parts are), and puts the finished HTML the macros held
back from the Markdown pass into each page.
"""

from __future__ import annotations

import os
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel


def on_files(files: Files, config: Any) -> Files:
    pages: dict[str, str] = config.plugins["macros"].variables.get("eis_generated_pages", {})
    docs = os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path or "."))
    for src_uri, content in pages.items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"{docs}/{src_uri}: the build writes this page from data/; remove the file")
        files.append(File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    finish = config.plugins["macros"].variables.get("eis_finish_page")
    return finish(page.file.src_uri, html) if finish is not None else html
