"""An MkDocs hook for the benchmark: keeps each page's Markdown as the macros left it.

It runs once each page's HTML is made, and writes the page's Markdown
with the finished HTML blocks that the site's plugin, ``EisSite``, held
back from Markdown put back in (the page's ``blocks`` in the plugin's
current ``build``).  The page is saved as plain Markdown and HTML
with the front matter the site's plugin set (title, description, hide, share
image), so the same site can be built again without the macros and the
difference is their own cost.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

# Where the pages go; set by the benchmark before it builds.
TARGET = "EIS_BENCH_CAPTURE"
_KEPT_META = ("title", "description", "hide", "share_image")


@event_priority(-100)  # after the site's plugin has set the page's share image
def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    target = os.environ.get(TARGET)
    if target:
        build = config.plugins["eis"].build
        held = build.pages.get(page.file.src_uri) if build is not None else None
        # The page's Markdown as the site's plugin left it: its header and context added.
        markdown = held.blocks.restore(page.markdown) if held is not None else page.markdown
        front = {key: _as_json(page.meta[key]) for key in _KEPT_META if key in page.meta}
        # JSON is YAML, and quotes every string whatever it holds.
        header = "".join(f"{key}: {json.dumps(value)}\n" for key, value in front.items())
        path = Path(target) / page.file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{header}---\n\n{markdown}" if header else markdown, encoding="utf-8")
    return context


def _as_json(value: Any) -> Any:
    """Front matter as JSON holds it: strings (escaped ones as written), lists and mappings of them."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_json(item) for item in value]
    return value if isinstance(value, (int, float)) else str(value)
