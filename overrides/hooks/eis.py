"""The steps of the macros that mkdocs-macros has no event for.

The macros module does the work when it loads the data; this hook hands
MkDocs the pages it makes from data/ (one per prediction list, outside the
navigation, as the parts are), puts the finished HTML the macros held back
from the Markdown pass into each page, hands each finished page to the link
check, and keeps the preview's quick rebuilds (``mkdocs serve --dirty``)
right about what depends on data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

# Tells the macros that this hook puts their held-back HTML into each page.
PUTS_BACK_HELD_BLOCKS = True

# What every page may show: the data, the code that renders it, the theme
# and the configuration.  A quick rebuild redoes only the pages whose own
# Markdown changed, which is right only while none of these has.
_SHARED_INPUTS = ("data", "macros", "overrides", "mkdocs.yml")

_dirty = False
_serving = False
_last_inputs: frozenset[tuple[str, int, int]] | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _dirty, _serving
    _dirty, _serving = dirty, command == "serve"


def on_files(files: Files, config: Any) -> Files:
    pages: dict[str, str] = config.plugins["macros"].variables.get("eis_generated_pages", {})
    docs = os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path or "."))
    generated = []
    for src_uri, content in pages.items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"{docs}/{src_uri}: the build writes this page from data/; remove the file")
        page = File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        files.append(page)
        generated.append(page)
    if _dirty:
        _mark_what_changed(files, generated, config)
    return files


def _mark_what_changed(files: Files, generated: list[File], config: Any) -> None:
    """In a quick rebuild: every page when a shared input changed, else pages made from data stay as built."""
    global _last_inputs
    inputs = _stat(Path(config.config_file_path).parent)
    first, changed = _last_inputs is None, inputs != _last_inputs
    _last_inputs = inputs
    if first:
        return  # the first build writes everything anyway
    if changed:
        for file in files.documentation_pages():
            file.is_modified = lambda: True  # type: ignore[method-assign]
        return
    for file in generated:
        if os.path.isfile(file.abs_dest_path):
            file.is_modified = lambda: False  # type: ignore[method-assign]


def _stat(root: Path) -> frozenset[tuple[str, int, int]]:
    found = set()
    for name in _SHARED_INPUTS:
        top = root / name
        for path in top.rglob("*") if top.is_dir() else [top]:
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                found.add((str(path), stat.st_mtime_ns, stat.st_size))
    return frozenset(found)


class _CompiledTemplates(BytecodeCache):
    """The theme's templates, compiled once a process instead of at every preview rebuild.

    Jinja keys each entry by the template's name and a checksum of its
    source, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_compiled = _CompiledTemplates()


def on_env(env: Environment, config: Any, files: Files) -> Environment:
    env.bytecode_cache = _compiled
    return env


def on_post_page(output: str, page: Any, config: Any) -> str:
    # Not in the preview: its reload script is inline and new at every request.
    output = output if _serving else _with_policy(output, page.file.abs_src_path or page.file.src_uri)
    written = config.plugins["macros"].variables.get("eis_page_written")
    if written is not None:
        written(page.file.dest_uri, output)
    return output


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    finish = config.plugins["macros"].variables.get("eis_finish_page")
    return finish(page.file.src_uri, html) if finish is not None else html


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    # 404.html is written from a theme template, not as a page.
    if _serving or not template_name.endswith(".html"):
        return output_content
    return _with_policy(output_content, template_name)


def _with_policy(output: str, source: str) -> str:
    # Loaded by mkdocs-macros, which put the project on sys.path, by the time pages are written.
    from macros.csp import Refused, with_policy

    try:
        return with_policy(output)
    except Refused as refused:
        where = os.path.relpath(source) if os.path.isabs(source) else source
        raise PluginError("\n" + "\n".join(f"{where}: {problem}" for problem in refused.problems)) from None
