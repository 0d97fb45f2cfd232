"""The site's one MkDocs hook: the events of the build, owned by ``macros.plugin.EisSite``.

MkDocs imports a hook with only its own folder importable; the site's
package sits beside mkdocs.yml.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PROJECT = str(Path(__file__).resolve().parents[2])
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from macros.site.plugin import EisSite  # noqa: E402

site = EisSite()

on_startup = site.on_startup
on_config = site.on_config
on_files = site.on_files
on_env = site.on_env
on_page_markdown = site.on_page_markdown
on_page_content = site.on_page_content
on_page_context = site.on_page_context
on_post_page = site.on_post_page
on_post_template = site.on_post_template
on_post_build = site.on_post_build
on_shutdown = site.on_shutdown
