"""The site's build: the MkDocs plugin ``eis``, one object that owns its state and answers MkDocs' events.

MkDocs finds ``EisSite`` by the ``mkdocs.plugins`` entry point declared in
pyproject.toml, and mkdocs.yml lists it under ``plugins:`` after
mkdocs-macros, with the options of ``EisConfig``.  The macros reach
mkdocs-macros through its ``register_macros``.  Events run in a declared
order around mkdocs-macros' own (``event_priority``): the page is read
and checked before mkdocs-macros renders it, and its finished blocks go
back in after Markdown.

An author's mistake (bad data, a macro call that can't work, stray
template syntax) is reported with its place, every one of them.  ``make
build`` and CI stop at the end with all of them; the preview shows them
in the page instead of its content and keeps serving.  Any other
exception is a bug in ``macros/`` and keeps its traceback.
"""

from __future__ import annotations

import functools
import html
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from macros.compute import reading
from macros.data import frontmatter
from macros.data.load import load as load_data
from macros.data.numbers import counted
from macros.data.problems import DataError, Loc, Problem
from macros.render import MACROS, PageContext, bind_checks, cardimage, generated_pages, macro_names, pages
from macros.render.html import attribute, inert
from macros.render.sharecards import ShareCard
from macros.site import livereload
from macros.site.blocks import BlockStash, LostBlock
from macros.site.cache import CacheSettings, Store, files_below
from macros.site.cards import SECOND_PROCESS_FROM, CardPainter, path_of
from macros.site.collector import Pace
from macros.site.csp import Refused, with_policy_of
from macros.site.linkcheck import LinkMemo, check_site
from macros.site.pagecache import (
    CARD_KIND,
    FILES_KIND,
    PageCache,
    Rendered,
    data_digest,
    decode_card,
    encode_card,
    files_key,
    pack_files,
    renders_alone,
    unpack_files,
)
from macros.site.pagescan import Scans
from macros.site.plainpages import DirectCall
from macros.site.prerender import Prerender, Result
from macros.site.publish import page_styles, site_files
from macros.site.searchtext import SearchSections, use_for
from macros.site.sitelinks import PageLinks
from macros.site.steps import StepClock
from macros.site.templates import (
    CodeAsText,
    PageTemplate,
    ParseOnce,
    call_problems,
    read_page,
    render_text_and_calls,
    run_call,
)

log = logging.getLogger("mkdocs.plugins.eis")

_Method = TypeVar("_Method", bound=Callable[..., Any])


def _timed(step: str) -> Callable[[_Method], _Method]:
    """The event's CPU time, counted to one of the build's steps (steps.py)."""

    def wrap(method: _Method) -> _Method:
        @functools.wraps(method)
        def timed(self: EisSite, *args: Any, **kwargs: Any) -> Any:
            with self.clock.step(step):
                return method(self, *args, **kwargs)

        return cast(_Method, timed)

    return wrap


STYLESHEET = "partials/eis.css"
# The page's share image, for the theme's link-preview tags: url, alt, width, height.
SHARE_IMAGE = "share_image"
# What every page may show: the data, the code that renders it, the theme
# and the configuration.  A quick rebuild redoes only the pages whose own
# Markdown changed, which is right only while none of these has.
SHARED_INPUTS = ("data", "macros", "overrides", "mkdocs.yml")


@dataclass
class Page:
    """What one page is made of while it is built."""

    path: str  # as an author names it: docs/<page>.md
    template: PageTemplate | None = None
    problems: list[Problem] = field(default_factory=list)
    blocks: BlockStash = field(default_factory=BlockStash)
    words: int | None = None  # a hosted part's own words, for its reading time
    context: PageContext | None = None  # made for this page: its links, the works it cites
    key: str | None = None  # its entry in the cache of rendered pages (pagecache.py), if it may have one
    kept: bool = False  # rendered by an earlier build: taken from the cache
    rendered: str | None = None  # the Markdown the macros made of it, framed
    described: str | None = None  # its description and title from the data, if the data gives them
    titled: str | None = None
    title_rendered: bool = False  # its title has template syntax, which mkdocs-macros renders
    direct: list[str | DirectCall] | None = None  # its text and calls, when that is all its template holds


@dataclass
class Build:
    """One run of the build (a preview makes a new one at every rebuild)."""

    docs_shown: str
    context: PageContext | None  # the build's, from which each page's is made
    data_problems: tuple[Problem, ...] = ()
    pages: dict[str, Page] = field(default_factory=dict)
    page: Page | None = None
    without_jinja: int = 0  # pages of text and calls, rendered here without compiling them
    urls: dict[str, str] = field(default_factory=dict)
    files: list[File] = field(default_factory=list)
    cards: set[str] = field(default_factory=set)  # the names of the share images its pages show
    data_digest: str = ""  # of the files the data was read from (pagecache.py), once the build's files are known

    def problems(self) -> list[Problem]:
        found = {*self.data_problems}
        for page in self.pages.values():
            found.update(page.problems)
        return sorted(found)


class CompiledTemplates(BytecodeCache):
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


class EisConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs' own __init_subclass__
    """The plugin's options in mkdocs.yml (``- eis:`` under ``plugins:``)."""

    # Whether every page gets a share image (og:image); without, link previews show none.
    share_cards = config_options.Type(bool, default=True)
    # From this many pages on, share images are painted in a second process beside the build.
    cards_second_process_from = config_options.Type(int, default=SECOND_PROCESS_FROM)
    # From this many pages on, a second process reads pages from the last back: macros, then search (prerender.py).
    pages_second_process_from = config_options.Type(int, default=SECOND_PROCESS_FROM)
    # Where the build may keep what it worked out, for the next build; relative to mkdocs.yml.
    cache_dir = config_options.Type(str, default=".cache/eis")


class EisSite(BasePlugin[EisConfig]):  # type: ignore[no-untyped-call]
    """The build's state and its MkDocs events; kept for the whole process, so a preview's rebuilds share caches.

    MkDocs keeps a plugin that answers ``on_startup`` for the whole of
    ``mkdocs serve`` and gives it each rebuild's options afresh.
    """

    def __init__(self) -> None:
        self.store = Store(None)  # the cache, once on_config knows the project's folder
        self.serving = False
        self.dirty = False
        self.build: Build | None = None
        self._compiled = CompiledTemplates()
        self._cards = CardPainter()
        self._scans = Scans()
        self._links = LinkMemo()  # what the last link check found, for a preview's next
        self._pages = PageCache()
        self._search = SearchSections()  # Material's search sections, read from lexbor's tree and kept
        self._searching = False  # whether Material's search reads with it
        self._pages_alone = False  # whether mkdocs-macros alone changes a page between its check and its frame
        self._written: dict[str, tuple[bytes, int, int]] = {}  # the files made from data, as last written
        self._theme_listings: dict[str, list[str]] = {}  # the installed theme's files, listed once a preview
        self.clock = StepClock()  # the macros' CPU by step, new at each build
        self._pace = Pace()  # the garbage collector's, from each build's start to its end
        self._parse_once: ParseOnce | None = None
        self._macros: dict[str, Callable[..., Markup]] = {}  # as registered with mkdocs-macros
        self._prerender: Prerender | None = None  # the second process rendering pages of this build, if any
        self._taken_beside = 0  # pages whose rendering the build took from it
        self._last_inputs: frozenset[tuple[str, int, int]] | None = None
        self._last_files: tuple[tuple[Any, ...], dict[str, bytes]] | None = None
        self.cache_dir: Path | None = None  # the cache_dir option, against mkdocs.yml's folder (on_config)

    # -- the whole build ---------------------------------------------------------

    def on_startup(self, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    @event_priority(-50)  # after mkdocs-macros has made its Jinja environment
    def on_config(self, config: Any) -> Any:
        self.clock = StepClock()
        self._pace.building()
        with self.clock.step("data"):
            return self._configure(config)

    def _configure(self, config: Any) -> Any:
        macros = _macros_plugin(config, self)
        for option in ("cards_second_process_from", "pages_second_process_from"):
            if self.config[option] < 0:
                raise PluginError(f"eis: {option} in mkdocs.yml must be 0 or more")
        project = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.cache_dir = project / self.config.cache_dir
        cache = CacheSettings.from_environment(self.config.cache_dir)
        self.store = cache.store(project)
        self._cards.store = self._scans.store = self._pages.store = self._search.store = self.store
        # Material's search plugin made its index in its own on_config, before this one.
        self._searching = use_for(config.plugins, self._search)
        if self.serving:
            livereload.list_installed_once(config.theme, self._theme_listings, project)
        self._pages.end()
        self._pages_alone = _macros_alone(config, self, macros)
        shown = Path(os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path or "."))).as_posix()
        try:
            data = load_data(Path(config.config_file_path).parent / "data", Path(config.docs_dir), self.store or None)
        except DataError as error:
            if not self.serving:
                # Before any page is written, with every located message and no traceback.
                raise PluginError("\n" + error.report()) from None
            log.error("\n%s", error.report())
            self.build = Build(shown, None, error.problems)
        else:
            self.build = Build(shown, PageContext(data, PageLinks()))
        macros.env.add_extension(CodeAsText)
        self._parse_once = ParseOnce.on(macros.env)
        self._macros = {name: self._macro(name) for name in macro_names()}
        macros.register_macros(self._macros)
        custom_dir = config.theme.custom_dir
        own = Path(custom_dir) / STYLESHEET if custom_dir else None
        stylesheet = own.read_text(encoding="utf-8") if own is not None and own.is_file() else ""
        context = self.build.context
        config.extra["eis_styles"] = page_styles(stylesheet, context.data) if context is not None else ""
        return config

    @_timed("rendering")  # the pages made from data
    def on_files(self, files: Files, config: Any) -> Files:
        build = self._current()
        generated = []
        generated_from = generated_pages(build.context.data) if build.context is not None else {}
        for src_uri, content in generated_from.items():
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(
                    f"{build.docs_shown}/{src_uri}: the build writes this page from data/; remove the file"
                )
            page = File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(page)
            generated.append(page)
        build.files = list(files)
        self._cards.expect(
            len(files.documentation_pages()),
            Path(config.site_dir),
            self.config.cards_second_process_from,
            keep=self.serving,  # a preview's rebuilds write unchanged cards from memory
        )
        build.urls = {file.src_uri: file.url for file in files}
        root = Path(config.config_file_path).parent
        # One walk of each shared input, for the data's digest and for what a quick rebuild must redo.
        inputs = {name: files_below(root / name) for name in SHARED_INPUTS} if self.dirty else {}
        if build.context is not None and self._pages.store:
            build.data_digest = data_digest(root / "data", build.context.data, inputs.get("data"))
            self._pages.begin(build.data_digest, build.urls, config.site_url or "/", config.plugins["macros"].env)
        if self.dirty:
            self._mark_what_changed(files, generated, inputs)
        return files

    @event_priority(-100)  # the last before MkDocs reads the pages
    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        self._stop_prerender()
        order = [file.src_uri for file in files.documentation_pages(inclusion=InclusionLevel.is_included)]
        # Not in the preview: its server has threads, and a rebuild reads few pages.
        if self._beside(order) and self._pages_alone and self._pages.on:
            render = functools.partial(self._render_beside, config, files)
            self.store.close()  # written now: the copy inherits no connection and nothing waiting to be written
            self._prerender = Prerender.start(order, render, begin=self._become_copy)
            self._taken_beside = 0
        return nav

    def on_env(self, env: Environment, config: Any, files: Files) -> Environment:
        self._stop_prerender()  # every page has been read
        pages = [file.page for file in files.documentation_pages(inclusion=InclusionLevel.is_included)]
        if self._searching and self._beside(pages):
            # Each page's search sections, read from its content as Material's search asks for them.
            contents = [
                page.content
                for page in pages
                if page is not None and not (page.meta.get("search") or {}).get("exclude")
            ]
            self._search.read_beside([content for content in contents if content is not None])
        env.bytecode_cache = self._compiled
        return env

    def _beside(self, pages: list[Any]) -> bool:
        """Whether a build of these pages reads some of them in a second process (never the preview: it has threads)."""
        return not self.serving and len(pages) >= self.config.pages_second_process_from

    # -- each page --------------------------------------------------------------

    @event_priority(50)  # before mkdocs-macros renders the page
    def _read_page(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        with self.clock.step("page checks"):
            markdown = self._check_page(markdown, page, config)
        self.clock.start()  # the page's macros run now: here, or in mkdocs-macros
        return self._rendered_without_jinja(markdown, page)

    def _check_page(self, markdown: str, page: Any, config: Any) -> str:
        build = self._current()
        current = build.page = build.pages[page.file.src_uri] = Page(f"{build.docs_shown}/{page.file.src_uri}")
        if self._prerender is not None:
            self._prerender.reached(page.file.src_uri)
        # The theme prints front matter (title, description) into the page as is.
        page.meta.update({key: inert(value) for key, value in page.meta.items()})
        if build.context is None:
            page.meta["render_macros"] = False
            return markdown
        part = page.meta.get("part")
        part = part if isinstance(part, int) else None
        links = PageLinks(page.url, build.urls, config.site_url or "/", part)
        context = current.context = build.context.for_page(links)
        macros = config.plugins["macros"]
        kept = self._kept_page(current, page, markdown) if page.meta.get("render_macros") is not False else None
        if kept is None:
            described = pages.page_description(context, page.file.src_uri, part)
            titled = pages.page_title(context, page.file.src_uri, part)
        else:
            described, titled = kept.description, kept.title
        current.described, current.titled = described, titled
        if described is not None:
            page.meta["description"] = attribute(described)
        if titled is not None:
            # A part's or a list's title comes from the data only: the browser's
            # tab, link previews and search all show it.  The theme prints it
            # unescaped and mkdocs-macros renders any "{{" in it.
            page.meta["title"] = attribute(titled)
        if part is not None:
            # Material's footer steps through the whole navigation; a part has
            # its own previous/next within the sequence instead.
            hidden = page.meta.get("hide") or []
            page.meta["hide"] = [*hidden, "footer"] if "footer" not in hidden else hidden
        if page.meta.get("render_macros") is False:
            return markdown
        current.title_rendered = _title_rendered(page, macros)
        if kept is not None and not current.title_rendered:
            current.kept = True
            current.blocks = BlockStash(kept.stash_key, list(kept.blocks))
            page.meta["render_macros"] = False  # mkdocs-macros passes it on as it is; put back in _framed
            return kept.markdown
        if part is not None:
            # Reading time counts the page's own words, not what the macros add.
            current.words = reading.words(reading.without_templates(markdown))
        known = {*macros.variables, *macros.env.globals, *page.meta, "page"}  # "page" is set as it renders
        template = current.template = read_page(
            macros.env, current.path, markdown, known, macro_names(), _lines_before(page, markdown)
        )
        current.problems.extend(template.problems)
        if template.renders and not current.title_rendered and self._pages_alone:
            current.direct = self._text_and_calls(template, page, macros)
        if template.tree is not None and self._parse_once is not None and current.direct is None:
            self._parse_once.keep(markdown, template.tree)
        if not template.renders:
            # mkdocs-macros would stop at the first of these; the calls that
            # can be tried without running the page are tried here instead.
            current.problems.extend(call_problems(template, bind_checks(context)))
            page.meta["render_macros"] = False
        return markdown

    def _text_and_calls(self, template: PageTemplate, page: Any, macros: Any) -> list[str | DirectCall] | None:
        """The page's text and calls, if that is all its template holds and each name is one of the site's macros.

        Looked up where Jinja would look: the front matter and mkdocs-macros'
        variables come before the macros, and could hide one.
        """
        if macros.env.autoescape or macros.env.finalize is not None:
            return None  # Jinja would escape or finalize each call's result
        pieces = template.text_and_calls()
        if pieces is None:
            return None
        names = {piece[0] for piece in pieces if not isinstance(piece, str)}
        if names & {*page.meta, *macros.variables}:
            return None
        return pieces if all(macros.env.globals.get(name) is self._macros.get(name) for name in names) else None

    def _rendered_without_jinja(self, markdown: str, page: Any) -> str:
        """A page of text and calls, rendered here as Jinja would; mkdocs-macros is told not to render it again."""
        build = self._current()
        current = build.pages[page.file.src_uri]
        if current.direct is None:
            return markdown
        page.meta["render_macros"] = False  # put back in _framed
        build.without_jinja += 1
        return render_text_and_calls(current.direct, self._macros)

    @event_priority(-50)  # after mkdocs-macros, before Markdown
    def _frame_part(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        """A hosted part's header, context and previous/next.

        Added after the template pass, so text from data never runs as Jinja.
        """
        self.clock.stop("rendering")
        with self.clock.step("rendering"):
            return self._framed(markdown, page)

    def _framed(self, markdown: str, page: Any) -> str:
        build = self._current()
        current = build.pages[page.file.src_uri]
        if current.kept or current.direct is not None:
            del page.meta["render_macros"]  # set only to skip mkdocs-macros (_kept_page, _rendered_without_jinja)
        if current.kept:
            return markdown
        part = page.meta.get("part")
        if current.context is None or current.problems or not isinstance(part, int):
            current.rendered = markdown
            return markdown
        header, context, nav = (
            current.blocks.hold(block) for block in pages.part_blocks(current.context, part, current.words)
        )
        current.rendered = f"{header}\n\n{markdown}\n\n{context}\n\n{nav}\n"
        return current.rendered

    on_page_markdown = CombinedEvent(_read_page, _frame_part)

    @_timed("rendering")
    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        build = self._current()
        current = build.pages[page.file.src_uri]
        build.page = None
        problems = sorted({*build.data_problems, *current.problems})
        if problems:
            if self.serving:
                # The build lists them all once at its end; the preview goes on.
                for problem in sorted(current.problems):
                    log.error("%s", problem)
            # Never a half-rendered page: what is wrong, where the content would be.
            return str(error_panel(problems))
        self._keep_page(current)
        try:
            return current.blocks.restore(html)
        except LostBlock as error:
            raise PluginError(f"{current.path}: {error}") from None

    def _kept_page(self, current: Page, page: Any, markdown: str) -> Rendered | None:
        """The page as an earlier build rendered it, if its inputs (front matter as written) are all the same."""
        if not self._pages_alone or "render_macros" in page.meta:
            return None
        current.key = self._pages.key(page.file.src_uri, page.url, page.meta, markdown)
        if current.key is None:
            return None
        return self._rendered_beside(page.file.src_uri, current.key) or self._pages.get(current.key)

    def _keep_page(self, current: Page) -> None:
        """A page rendered now, kept for the next build if its output depends on nothing but its key."""
        kept = self._entry(current)
        if kept is not None and current.key is not None:
            self._pages.put(current.key, kept)

    def _entry(self, current: Page) -> Rendered | None:
        """What the page cache keeps of a page just rendered, or None if its output depends on more than its key."""
        template = current.template
        if current.kept or current.key is None or current.problems or current.rendered is None:
            return None
        if current.title_rendered:
            return None
        if template is None or not template.renders:
            return None
        # Read as text and calls, it calls macros only; a tree may read other files or names.
        if template.tree is not None and not renders_alone(template.tree, macro_names()):
            return None
        blocks = tuple(current.blocks.blocks)
        return Rendered(current.rendered, current.blocks.key, blocks, current.described, current.titled)

    def _rendered_beside(self, src_uri: str, key: str) -> Rendered | None:
        """The page as the second process rendered it, if it did, under the key the build works out itself."""
        taken = self._prerender.take(src_uri) if self._prerender is not None else None
        if taken is None or taken[0] != key:
            return None
        rendered = Rendered.decode(taken[1])
        if rendered is not None:
            self._pages.put_encoded(key, taken[1])  # for the next build, as if rendered here
            self._taken_beside += 1
        return rendered

    def _become_copy(self) -> None:
        """In the second process, first: its own connection to the cache, never its parent's."""
        self._pages = self._pages.reopened()

    def _render_beside(self, config: Any, files: Files, src_uri: str) -> Result:
        """In the second process: one page read and its macros rendered as the build would, and the entry kept."""
        file = files.get_file_from_path(src_uri)
        if file is None:
            return None
        page = file.page if file.page is not None else MkDocsPage(None, file, config)
        config._current_page = page  # as MkDocs' own reading of a page sets it
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        build = self._current()
        current = build.pages[src_uri]
        kept = None if build.data_problems else self._entry(current)
        return (current.key, kept.encode()) if kept is not None and current.key is not None else None

    def _stop_prerender(self) -> None:
        if self._prerender is not None:
            # Its page checks and rendering, counted as rendering.
            self.clock.add("rendering", self._prerender.stop())
            log.debug("pages whose macros the second process rendered: %d", self._taken_beside)
            self._prerender = None

    @_timed("cards")
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        """The page's share image, named now and painted beside the build; none for a page that shows problems."""
        build = self._current()
        current = build.pages[page.file.src_uri]
        page.meta.pop(SHARE_IMAGE, None)  # the build's to set, never front matter's
        if not self.config.share_cards:
            return context
        if current.context is None or current.problems or build.data_problems or not config.site_url:
            return context  # a share image needs an absolute address: site_url
        part = page.meta.get("part")
        # As the theme shows them (overrides/main.html): a title is HTML, a description text.
        # A title from data is taken as it is, not back from the theme's escaped copy.
        if page.is_homepage or not page.title:
            title = config.site_name
        else:
            title = current.titled if current.titled is not None else html.unescape(str(page.title))
        described = page.meta.get("description")
        description = described.unescape() if isinstance(described, Markup) and described else ""
        description = description or config.site_description or ""
        card = self._share_card(build, current.context, config.site_name, page.file.src_uri, title, description, part)
        name = self._cards.request(card)
        build.cards.add(name)
        page.meta[SHARE_IMAGE] = {
            "url": attribute(config.site_url + path_of(name)),
            "alt": attribute(card.alt),
            "width": cardimage.WIDTH,
            "height": cardimage.HEIGHT,
        }
        return context

    @_timed("policy")
    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        # Not in the preview: its reload script is inline and new at every request.
        return output if self.serving else self._with_policy(output, page.file.abs_src_path or page.file.src_uri)

    @_timed("policy")
    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        # 404.html is written from a theme template, not as a page.
        if self.serving or not template_name.endswith(".html"):
            return output_content
        return self._with_policy(output_content, template_name)

    def on_post_build(self, config: Any) -> None:
        self._search.stop_beside()  # every page is in the index
        try:
            self._finish(config)
        finally:
            self.store.flush()  # what this build made, kept for the next (one transaction)
            log.debug("the macros' CPU by step: %s; cache: %s", self.clock.summary(), self.store.summary() or "none")
            rendered_here = self.build.without_jinja if self.build is not None else 0
            log.debug("pages of text and calls rendered without Jinja: %d", rendered_here)
            self.clock.report()
            self._pace.ended()

    def _finish(self, config: Any) -> None:
        build = self._current()
        site_dir = Path(config.site_dir)
        # The preview writes its pages' cards even while some page has problems.
        with self.clock.step("cards"):
            self._cards.write(build.cards, whole_site=not self.dirty)
        self.clock.add("cards", self._cards.beside_cpu)
        problems = build.problems()
        if problems:
            count = len(problems)
            summary = f"{counted(count, 'problem')} in the pages and data"
            if self.serving:
                log.error("%s; the preview shows them in place of each page's content", summary)
                return
            raise PluginError("\n" + "\n".join([*(str(problem) for problem in problems), summary]))
        assert build.context is not None
        site_url = config.site_url or "/"
        # Written before the links to them are checked.
        with self.clock.step("open data"):
            self._write_site_files(site_dir, self._site_files(build, site_url, config.site_description or ""))
        # MkDocs checks the links written in Markdown, not those in the raw HTML
        # the macros emit, so the written site is checked as a reader gets it.
        docs_dir = Path(config.docs_dir)
        sources = {
            file.dest_uri: f"{build.docs_shown}/{file.src_uri}"
            for file in build.files
            if file.abs_src_path is not None and Path(file.abs_src_path).is_relative_to(docs_dir)
        }
        with self.clock.step("links"):
            report = check_site(
                site_dir,
                config.site_url,
                sources,
                self._scans.document,
                self._links,
                self.store,
                lambda name: self._scans.digest(site_dir / name),
            )
            self._scans.forget_unused()
        if report.problems:
            count = len(report.problems)
            summary = f"{counted(count, 'broken link')} in the built site"
            raise PluginError("\n" + "\n".join([*report.problems, summary]))

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        # After the first build, before the server watches and serves.
        livereload.quicken(server)
        livereload.keep_first_build()
        return server

    def on_build_error(self, error: Exception) -> None:
        self._stop_prerender()
        self._search.stop_beside()
        self._pace.ended()

    def on_shutdown(self) -> None:
        self._stop_prerender()
        self._search.stop_beside()
        self._pace.ended()
        self._cards.close()
        self.store.close()

    # -- helpers ----------------------------------------------------------------

    def _current(self) -> Build:
        if self.build is None:
            raise RuntimeError("the eis plugin's events ran before its on_config")
        return self.build

    def _macro(self, name: str) -> Callable[..., Markup]:
        """The macro as mkdocs-macros calls it: an author's mistake is noted against the page, not raised."""

        def call(*args: Any, **kwargs: Any) -> Markup:
            build = self._current()
            page = build.page
            context = page.context if page is not None else None
            if context is None or page is None:
                return Markup()
            output, wrong = run_call(name, functools.partial(MACROS[name], context), args, kwargs)
            if wrong is not None:
                site = page.template.site_of(name, args, kwargs) if page.template is not None else None
                where = page.template.loc(site.line, site.col) if page.template and site else None
                page.problems.append(Problem(where or Loc(page.path, 1, 1), wrong))
                return Markup()
            return page.blocks.hold(output)

        functools.update_wrapper(call, MACROS[name])
        return call

    def _site_files(self, build: Build, site_url: str, description: str) -> dict[str, bytes]:
        assert build.context is not None
        # A preview rebuild after editing a post has the same data, so the same files.
        made_from = (build.context.data, site_url, description, tuple(sorted(build.urls.items())))
        if self._last_files is None or self._last_files[0] != made_from:
            self._last_files = (made_from, self._kept_site_files(build, site_url, description))
        return self._last_files[1]

    def _share_card(
        self, build: Build, context: PageContext, site: str, src_uri: str, title: str, description: str, part: Any
    ) -> ShareCard:
        """The words on the page's share card, from the cache when an earlier build chose them from the same data."""
        part = part if isinstance(part, int) else None
        name = self._pages.card_key(site, src_uri, title, description, part)

        def made() -> ShareCard:
            return pages.share_card(context, site, src_uri, title, description, part)

        return made() if name is None else self.store.kept_or_made(CARD_KIND, name, made, encode_card, decode_card)

    def _kept_site_files(self, build: Build, site_url: str, description: str) -> dict[str, bytes]:
        """The files made from the data, from the cache when an earlier build made them from the same inputs."""
        assert build.context is not None
        data = build.context.data

        def made() -> dict[str, bytes]:
            return site_files(data, site_url, description, build.urls)

        if not build.data_digest:
            return made()
        name = files_key(build.data_digest, site_url, description, build.urls)
        return self.store.kept_or_made(FILES_KIND, name, made, pack_files, unpack_files)

    def _with_policy(self, output: str, source: str) -> str:
        """The page with its Content-Security-Policy; a style or event-handler attribute stops the build.

        The page is read once, for its policy and for the link check that
        follows the build.
        """
        scanned = self._scans.page(output)
        try:
            written = with_policy_of(output, scanned.inline)
        except Refused as refused:
            where = os.path.relpath(source) if os.path.isabs(source) else source
            raise PluginError("\n" + "\n".join(f"{where}: {problem}" for problem in refused.problems)) from None
        self._scans.written(written, scanned.document)
        return written

    def _write_site_files(self, site_dir: Path, files: dict[str, bytes]) -> None:
        """Each file written, unless a preview's rebuild finds it as this process last wrote it."""
        written: dict[str, tuple[bytes, int, int]] = {}
        folder = os.fspath(site_dir)
        for path, content in files.items():
            target = os.path.join(folder, path)  # thousands of files: plain strings, not Paths
            last = self._written.get(target)
            if last is not None and last[0] is content:
                try:
                    stat = os.stat(target)
                except OSError:
                    stat = None
                if stat is not None and (stat.st_mtime_ns, stat.st_size) == last[1:]:
                    written[target] = last
                    continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as file:
                file.write(content)
            stat = os.stat(target)
            written[target] = (content, stat.st_mtime_ns, stat.st_size)
        self._written = written

    def _mark_what_changed(
        self, files: Files, generated: list[File], listings: dict[str, list[tuple[str, int, int]]]
    ) -> None:
        """In a quick rebuild: every page when a shared input changed, else pages made from data stay as built."""
        inputs = frozenset(
            (f"{name}/{below}", mtime, size) for name, found in listings.items() for below, mtime, size in found
        )
        first, changed = self._last_inputs is None, inputs != self._last_inputs
        self._last_inputs = inputs
        if first:
            return  # the first build writes everything anyway
        # A dirty build asks each File whether it is modified (its source newer
        # than its output); MkDocs 1.6 has no option or event to say a page
        # depends on other files, so that method is replaced on each File.
        if changed:
            for file in files.documentation_pages():
                file.is_modified = lambda: True  # type: ignore[method-assign]
            return
        for file in generated:
            if os.path.isfile(file.abs_dest_path):
                file.is_modified = lambda: False  # type: ignore[method-assign]


def _macros_plugin(config: Any, own: EisSite) -> Any:
    """mkdocs-macros, which must come before this plugin in mkdocs.yml: events without a priority run in list order."""
    names = list(config.plugins)
    mine = next((name for name, plugin in config.plugins.items() if plugin is own), None)
    if "macros" not in names or (mine is not None and names.index("macros") > names.index(mine)):
        raise PluginError("eis: list mkdocs-macros (- macros) before - eis under plugins: in mkdocs.yml")
    return config.plugins["macros"]


def _title_rendered(page: Any, macros: Any) -> bool:
    """Whether mkdocs-macros renders the page's title as a template (it does when the title has template syntax)."""
    title = page.title
    return isinstance(title, str) and bool(macros.has_j2(title))


def _macros_alone(config: Any, own: EisSite, macros: Any) -> bool:
    """Whether mkdocs-macros is all that changes a page's Markdown between the site's check and its frame.

    Only then may a page's rendering be taken from the cache: another
    plugin's change in between would be made twice, or not at all.
    """
    if getattr(macros, "pre_macro_functions", None) or getattr(macros, "post_macro_functions", None):
        return False
    for method in config.plugins.events.get("page_markdown", ()):
        owner = getattr(method, "__self__", None)
        if owner is own or owner is macros:
            continue
        if -50 < getattr(method, "mkdocs_priority", 0) < 50:
            return False
    return True


def _lines_before(page: Any, body: str) -> int:
    """Lines MkDocs cut from the page's start (front matter and the blank lines after it), found by the same split."""
    try:
        front = frontmatter.split(page.file.content_string)  # the text MkDocs split, read as it reads it
    except (OSError, UnicodeDecodeError):
        return 0
    return front.lines_before if front.body == body else 0


def error_panel(problems: list[Problem]) -> Markup:
    """What the preview shows instead of a page that can't be built: every problem, with its place."""
    count = len(problems)
    items = Markup("").join(Markup("<li><code>{}</code></li>").format(str(problem)) for problem in problems)
    heading = f"{counted(count, 'problem')} to fix before this page can be built"
    return Markup(
        '<div class="admonition failure eis-problems" role="alert"><p class="admonition-title">{}</p>'
        "<ul>{}</ul><p>The preview reloads by itself once the files are saved without them.</p></div>"
    ).format(escape(heading), items)
