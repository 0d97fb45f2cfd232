"""An MkDocs hook for the benchmark: keeps each page's Markdown as the macros left it.

It runs after the site's own hook has framed each page, and asks that
hook's ``EisSite`` for the Markdown with the finished HTML blocks held back
from Markdown written back in.  The page is saved as plain Markdown and HTML with the front
matter the macros set (title, description, hide), so the same site can be
built again without the macros and the difference is their own cost.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

# Where the pages go; set by the benchmark before it builds.
TARGET = "EIS_BENCH_CAPTURE"
_KEPT_META = ("title", "description", "hide")


@event_priority(-100)  # after the site's hook (-50) has added a part's header and context
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> None:
    target = os.environ.get(TARGET)
    if target:
        site = next(hook.site for hook in config.plugins.values() if hasattr(getattr(hook, "site", None), "restored"))
        markdown = site.restored(page.file.src_uri, markdown)
        front = {key: page.meta[key] for key in _KEPT_META if key in page.meta}
        # JSON is YAML, and quotes every string whatever it holds.
        header = "".join(f"{key}: {json.dumps(str(v) if key != 'hide' else list(v))}\n" for key, v in front.items())
        path = Path(target) / page.file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{header}---\n\n{markdown}" if header else markdown, encoding="utf-8")
