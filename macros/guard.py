"""Macro errors reported like data errors: the page, the line, the call.

Without this, mkdocs-macros logs a Python traceback for a typo such as
``tier_badge('schut-2032')``.  An author needs the page and line instead.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

log = logging.getLogger("mkdocs.plugins.eis")
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


def _template_line() -> int | None:
    """The line of the page template that is calling the macro right now."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return int(template.get_corresponding_lineno(frame.f_lineno))
        frame = frame.f_back
    return None


def _where(env: Any) -> str:
    """``docs/page.md:LINE`` for the macro call being run."""
    page = env.page
    path = f"{env.conf['docs_dir']}/{page.file.src_path}"
    line = _template_line()
    if line is None:
        return path
    try:
        with open(page.file.abs_src_path, encoding="utf-8") as source:
            match = _FRONT_MATTER.match(source.read())
    except OSError:
        match = None
    # MkDocs strips the front matter before the template sees the page.
    offset = match.group(0).count("\n") if match else 0
    return f"{path}:{line + offset}"


def guarded(env: Any, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (LookupError, ValueError, TypeError) as error:
            shown = ", ".join([repr(arg) for arg in args] + [f"{key}={value!r}" for key, value in kwargs.items()])
            log.error("%s: %s(%s): %s", _where(env), name, shown, error)
            # SystemExit passes through the plugin's catch-all, which would
            # otherwise log a traceback; like on_error_fail, it ends the build.
            raise SystemExit(1) from None

    return call
