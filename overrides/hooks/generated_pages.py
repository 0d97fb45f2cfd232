"""Adds the pages the macros generate from data/ (one per prediction list).

The macros module works out what they are when it loads the data; this hook
only hands them to MkDocs, outside the navigation, as the parts are.
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
