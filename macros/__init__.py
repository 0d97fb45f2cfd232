"""mkdocs-macros entry point: the site's hooks, from ``plugin.py`` on first use.

The hooks bring in MkDocs, which the command line (``python -m macros``)
never needs; mkdocs-macros looks them up by name, which loads them.
"""

from __future__ import annotations

import importlib
from typing import Any

HOOKS = ("define_env", "on_pre_page_macros", "on_post_page_macros", "on_post_build")


def __getattr__(name: str) -> Any:
    if name in HOOKS:
        return getattr(importlib.import_module(".plugin", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
