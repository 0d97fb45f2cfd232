"""``python -m macros check`` for the pages: every template and macro call, checked as the build checks them.

The build finds these same problems in ``plugin.py`` with the same
functions (``templates.read_page`` and ``templates.call_problems``), so
an author sees the same messages before a pull request as in it.  Pages
are split by ``frontmatter.split`` as the loader and the build split
them; mkdocs.yml is read by MkDocs' own loader and each file's URL is
MkDocs' ``File.url``, so this side needs MkDocs (or ProperDocs) installed
but not its whole configuration, plugins and theme, which take longer to
load than the check takes to run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from jinja2 import Environment
from mkdocs.structure.files import File

from macros.data import frontmatter
from macros.data.load import display_path
from macros.data.model import Dataset
from macros.data.problems import Problem
from macros.render import PageContext, bind_checks, generated_pages, macro_names
from macros.site.cache import Store
from macros.site.pagecache import CheckedPages, data_digest
from macros.site.siteconfig import SiteSettings, site_settings
from macros.site.sitelinks import PageLinks
from macros.site.templates import call_problems, new_environment, read_page

# What mkdocs-macros gives every page besides the site's macros, and the
# globals of Jinja itself; a test checks the build knows no name beyond these.
PAGE_VARIABLES = frozenset(
    {
        *("config", "environment", "extra", "files", "filters", "filters_builtin", "git", "macros"),
        *("navigation", "page", "plugin", "context", "fix_url", "macros_info", "now"),
        *("cycler", "dict", "joiner", "lipsum", "namespace", "range"),
    }
)


def site_urls(
    docs_dir: Path, generated: Iterable[str], theme_dir: Path | None = None, use_directory_urls: bool = True
) -> dict[str, str]:
    """Each file's URL from the site's root, as MkDocs' ``File`` gives it, for links drawn while checking."""
    sources = [path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*") if path.is_file()]
    if theme_dir is not None and theme_dir.is_dir():
        # The theme's own files (scripts, not templates) are copied beside the pages.
        sources += [
            path.relative_to(theme_dir).as_posix()
            for path in theme_dir.rglob("*")
            if path.is_file() and path.suffix not in (".html", ".py") and "__pycache__" not in path.parts
        ]
    # Only the paths matter to a URL: MkDocs reads no file to give one.
    return {src: File(src, str(docs_dir), "site", use_directory_urls).url for src in [*sources, *generated]}


def page_problems(
    docs_dir: Path,
    data: Dataset,
    config_file: Path,
    store: Store | None = None,
    data_dir: Path | None = None,
    settings: SiteSettings | None = None,
) -> Iterator[Problem]:
    """Everything in the pages' templates and macro calls that would stop the build.

    With a ``store`` (the build's cache) and the ``data_dir`` the data was
    read from, what a page gave is kept, and a page unchanged since is not
    read as a template again.  ``settings``: mkdocs.yml's, read already.
    """
    if settings is None:
        settings = site_settings(config_file)
    jinja = new_environment(**settings.syntax)
    build = PageContext(data, PageLinks())
    urls = site_urls(docs_dir, generated_pages(data), settings.theme_dir, settings.use_directory_urls)
    kept = None
    if store and data_dir is not None:
        kept = CheckedPages(store, data_digest(data_dir, data), urls, settings.syntax, PAGE_VARIABLES | settings.extra)
    for path in sorted(docs_dir.rglob("*.md")):
        shown = display_path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the data check reports a page it can't read
        name = kept.key(shown, text) if kept is not None else None
        found = kept.get(name) if kept is not None else None
        if found is None:
            src = path.relative_to(docs_dir).as_posix()
            found = list(_problems_in(text, shown, src, jinja, build, urls, settings))
            if kept is not None:
                kept.put(name, found)
        yield from found


def _problems_in(
    text: str,
    shown: str,
    src: str,
    jinja: Environment,
    build: PageContext,
    urls: dict[str, str],
    settings: SiteSettings,
) -> Iterator[Problem]:
    """One page's problems: its template read, and each written-out macro call tried."""
    front = frontmatter.split(text)
    meta = front.meta
    if meta.get("render_macros") is False:
        return
    part = meta.get("part")
    context = build.for_page(PageLinks(urls.get(src, ""), urls, current_part=part if isinstance(part, int) else None))
    known = PAGE_VARIABLES | settings.extra | set(meta)
    page = read_page(jinja, shown, front.body, known, macro_names(), front.lines_before)
    yield from page.problems
    yield from call_problems(page, bind_checks(context))
