"""The mkdocs-macros hooks: load the data once, register the macros.

Everything here is wiring; the work lives in the modules beside it.
``macros/__init__.py`` hands these to mkdocs-macros.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from . import reading
from .blocks import BlockStash, LostBlock
from .guard import check_template, docs_shown, guarded
from .html import attribute, inert
from .linkcheck import Scans, check_site
from .literal import Stash, hide_code
from .load import load as load_data
from .problems import DataError
from .publish import page_styles, site_files
from .render import Renderer, generated_pages
from .sitelinks import PageLinks

STYLESHEET = "partials/eis.css"


def define_env(env: Any) -> None:
    root = Path(env.project_dir)
    try:
        data = load_data(root / "data", Path(env.conf["docs_dir"]))
    except DataError as error:
        # A PluginError stops MkDocs before any page is written, with our
        # located messages and no traceback.
        raise PluginError("\n" + error.report()) from None
    links = PageLinks(env)
    renderer = Renderer(data, links)
    # Finished HTML is held back from Markdown only where the site's hook
    # is there to put it back; a site without it gets the HTML inline.
    global _holding
    _holding = any(getattr(hook, "PUTS_BACK_HELD_BLOCKS", False) for hook in (env.conf["hooks"] or {}).values())
    for name, function in renderer.macros().items():
        checked = guarded(env, name, function)
        env.macro(_held(env, checked) if _holding else checked, name)
    env.variables["eis_renderer"] = renderer
    # Set in each page's <style> by overrides/main.html: our own stylesheet,
    # and tier colours that the loader accepts only as #rrggbb.
    custom_dir = env.conf["theme"].custom_dir
    own = Path(custom_dir) / STYLESHEET if custom_dir else None
    stylesheet = own.read_text(encoding="utf-8") if own is not None and own.is_file() else ""
    env.conf["extra"]["eis_styles"] = page_styles(stylesheet, data)
    # Both handed to MkDocs by overrides/hooks/eis.py.
    env.variables["eis_generated_pages"] = generated_pages(data)
    env.variables["eis_finish_page"] = finish_page
    env.variables["eis_page_markdown"] = page_markdown
    env.variables["eis_page_written"] = _scans.submit


# The code hidden from the template pass of the page being rendered, and
# the finished HTML blocks held back from its Markdown pass.
_hidden: dict[str, Stash] = {}
_blocks: dict[str, BlockStash] = {}
_words: dict[str, int] = {}
_holding = False
# Pages handed over for the link check as they are written; one pool a process.
_scans = Scans()


def _held(env: Any, function: Callable[..., Markup]) -> Callable[..., Markup]:
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Markup:
        return _blocks[env.page.file.src_uri].hold(function(*args, **kwargs))

    return call


def page_markdown(src_uri: str, markdown: str) -> str:
    """The page's Markdown with its held blocks written back in: plain Markdown and HTML, for tools."""
    stash = _blocks.get(src_uri)
    return stash.restore(markdown) if stash is not None else markdown


def finish_page(src_uri: str, html: str) -> str:
    """The page's HTML after Markdown, with the macros' finished blocks put back."""
    stash = _blocks.pop(src_uri, None)
    if stash is None:
        return html
    try:
        return stash.restore(html)
    except LostBlock as error:
        raise PluginError(f"{src_uri}: {error}") from None


def on_pre_page_macros(env: Any) -> None:
    # The theme prints front matter (title, description) into the page as is.
    env.page.meta.update({key: inert(value) for key, value in env.page.meta.items()})
    # Reading time counts the page's own words, not what the macros add.
    _words[env.page.file.src_uri] = reading.words(reading.without_templates(env.markdown))
    env.markdown, _hidden[env.page.file.src_uri] = hide_code(env.markdown)
    _blocks[env.page.file.src_uri] = BlockStash()
    renderer: Renderer = env.variables["eis_renderer"]
    renderer.begin_page()
    if env.page.meta.get("render_macros") is not False:
        check_template(env)
    part = renderer.links.current_part
    described = renderer.page_description(env.page.file.src_uri, part)
    if described is not None:
        env.page.meta["description"] = attribute(described)
    titled = renderer.page_title(env.page.file.src_uri, part)
    if titled is not None:
        # A part's or a list's title comes from the data only: the browser's
        # tab, link previews and search all show it.  The theme prints it
        # unescaped and mkdocs-macros renders any "{{" in it.
        env.page.meta["title"] = attribute(titled)
    if part is not None:
        # Material's footer steps through the whole navigation; a part has
        # its own previous/next within the sequence instead.
        hidden = env.page.meta.get("hide") or []
        env.page.meta["hide"] = [*hidden, "footer"] if "footer" not in hidden else hidden


def on_post_page_macros(env: Any) -> None:
    env.markdown = _hidden.pop(env.page.file.src_uri).restore(env.markdown)
    # Added after the template pass, so text from data is never run as Jinja.
    renderer: Renderer = env.variables["eis_renderer"]
    part = renderer.links.current_part
    if part is not None:
        stash = _blocks[env.page.file.src_uri]
        words = _words.pop(env.page.file.src_uri, None)
        header, context, nav = (
            stash.hold(block) if _holding else block
            for block in (renderer.part_header(part, words), renderer.part_context(part), renderer.sequence_nav(part))
        )
        env.markdown = f"{header}\n\n{env.markdown}\n\n{context}\n\n{nav}\n"


# The last files written and what they were made from: a preview rebuild
# after editing a post has the same data, so the same files.
_last_files: tuple[tuple[Any, ...], dict[str, bytes]] | None = None


def _site_files(data: Any, site_url: str, description: str, pages: dict[str, str]) -> dict[str, bytes]:
    global _last_files
    made_from = (data, site_url, description, pages)
    if _last_files is None or _last_files[0] != made_from:
        _last_files = (made_from, site_files(data, site_url, description, pages.get))
    return _last_files[1]


def on_post_build(env: Any) -> None:
    unfinished = sorted(src for src, stash in _blocks.items() if stash.blocks)
    _blocks.clear()
    if unfinished:
        # Only if the hook stopped putting blocks back: never publish the gaps.
        raise PluginError(f"macro output was never put back into: {', '.join(unfinished)}")
    site_dir = Path(env.conf["site_dir"])
    renderer: Renderer = env.variables["eis_renderer"]
    pages = {file.src_uri: file.url for file in env.variables.get("files") or () if file.is_documentation_page()}
    site_url = env.conf["site_url"] or "/"
    # Written before the links to them are checked.
    for path, content in _site_files(renderer.data, site_url, env.conf["site_description"] or "", pages).items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    # MkDocs checks the links written in Markdown, not those in the raw HTML
    # the macros emit, so the written site is checked as a reader gets it.
    docs_dir = Path(env.conf["docs_dir"])
    shown = docs_shown(env)
    # Output path -> the page an author edits, for files from docs/ (not the theme's).
    sources = {
        file.dest_uri: f"{shown}/{file.src_uri}"
        for file in env.variables.get("files") or ()
        if file.abs_src_path is not None and Path(file.abs_src_path).is_relative_to(docs_dir)
    }
    report = check_site(site_dir, env.conf["site_url"], sources, _scans.take())
    if report.problems:
        count = len(report.problems)
        summary = f"{count} broken link{'s' if count != 1 else ''} in the built site"
        raise PluginError("\n" + "\n".join([*report.problems, summary]))
