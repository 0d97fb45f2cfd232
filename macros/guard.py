"""Macro errors reported like data errors: the page, the line, the call.

Without this, mkdocs-macros logs a Python traceback for a typo such as
``tier_badge('schut-2032')``.  An author needs the page and line instead.
"""

from __future__ import annotations

import difflib
import functools
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, meta, nodes

log = logging.getLogger("mkdocs.plugins.eis")


def _template_line() -> int | None:
    """The line of the page template that is calling the macro right now."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return int(template.get_corresponding_lineno(frame.f_lineno))
        frame = frame.f_back
    return None


def docs_shown(env: Any) -> str:
    """The docs directory as an author names it: relative to the project."""
    return Path(os.path.relpath(env.conf["docs_dir"], env.project_dir)).as_posix()


def _where(env: Any, line: int | None = None) -> str:
    """``docs/page.md:LINE`` for a line of the page's template (default: the macro call being run)."""
    page = env.page
    path = f"{docs_shown(env)}/{page.file.src_uri}"
    line = line if line is not None else _template_line()
    if line is None:
        return path
    return f"{path}:{line + _lines_before_body(page)}"


def _lines_before_body(page: Any) -> int:
    """Lines MkDocs cut from the file's start: front matter and the blank lines after it."""
    try:
        with open(page.file.abs_src_path, encoding="utf-8-sig") as source:
            text = source.read()
    except OSError:
        return 0
    body = page.markdown or ""
    return text[: len(text) - len(body)].count("\n") if text.endswith(body) else 0


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


_LITERAL_HINT = "to show it as text, put it in `code` or a code block, or between {% raw %} and {% endraw %}"


class ParseOnce:
    """Hands the tree the check parsed to the render that follows, so each page is parsed once.

    mkdocs-macros renders a page with ``Environment.from_string``, which
    parses the text again; Jinja parses through the environment's
    ``_parse``, which this stands in for.  Only the very text the check
    parsed is answered from it, and only once: anything else is parsed
    as usual.
    """

    def __init__(self, jinja: Environment) -> None:
        self._parse = jinja._parse
        self._kept: tuple[str, nodes.Template] | None = None
        jinja._parse = self  # type: ignore[method-assign]

    @classmethod
    def of(cls, jinja: Environment) -> ParseOnce:
        parse = jinja._parse
        return parse if isinstance(parse, ParseOnce) else cls(jinja)

    def parse(self, source: str) -> nodes.Template:
        tree: nodes.Template = self._parse(source, None, None)
        self._kept = (source, tree)
        return tree

    def __call__(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        kept, self._kept = self._kept, None
        if kept is not None and name is None and filename is None and kept[0] == source:
            return kept[1]
        tree: nodes.Template = self._parse(source, name, filename)
        return tree


def template_problems(
    jinja: Environment, source: str, known: set[str], macros: Iterable[str]
) -> Iterator[tuple[int, str]]:
    """``(line, message)`` for template syntax a page can't run, before it runs.

    Caught here, a stray ``{{ github.sha }}`` or ``{% foo %}`` in prose gets
    its line and a fix instead of mkdocs-macros' traceback.
    """
    try:
        tree = ParseOnce.of(jinja).parse(source)
    except TemplateSyntaxError as error:
        yield error.lineno, f"template syntax error: {(error.message or '').rstrip('.')}; {_LITERAL_HINT}"
        return
    unknown = meta.find_undeclared_variables(tree) - known
    reported: set[str] = set()
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name in unknown and name.name not in reported:
            reported.add(name.name)
            close = difflib.get_close_matches(name.name, sorted(macros), n=1, cutoff=0.75)
            fix = f"did you mean '{close[0]}'?" if close else _LITERAL_HINT
            yield name.lineno, f"'{name.name}' is not a macro or variable of this site; {fix}"


def check_template(env: Any) -> None:
    """Stop the build with located messages if the page's template can't run."""
    known = set(env.variables) | set(env.macros) | set(env.env.globals) | set(env.page.meta)
    problems = sorted(template_problems(env.env, env.markdown, known, env.macros))
    for line, message in problems:
        log.error("%s: %s", _where(env, line), message)
    if problems:
        raise SystemExit(1)
