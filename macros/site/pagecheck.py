"""``python -m macros check`` for the pages: every template and macro call, checked as the build checks them.

The build finds these same problems in ``plugin.py`` with the same
functions (``templates.read_page`` and ``templates.call_problems``), so
an author sees the same messages before a pull request as in it.  This
side needs no MkDocs: it reads mkdocs-macros' settings from mkdocs.yml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from macros.data.load import display_path
from macros.data.model import Dataset
from macros.data.problems import Problem
from macros.render import Renderer, generated_pages
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
# mkdocs-macros' settings for the template syntax, and Jinja's names for them.
_SYNTAX = {
    f"j2_{name}": name
    for name in (
        "block_start_string",
        "block_end_string",
        "variable_start_string",
        "variable_end_string",
        "comment_start_string",
        "comment_end_string",
    )
}
# Front matter as MkDocs finds it.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


class _Config(yaml.SafeLoader):
    """mkdocs.yml's own tags (``!ENV``) read as plain values: only the macros' settings matter here."""


_Config.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_settings(config_file: Path) -> tuple[dict[str, str], set[str], Path | None]:
    """mkdocs-macros' template syntax, the names ``extra`` gives every page, and the theme's folder."""
    if not config_file.is_file():
        return {}, set(), None
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Config) or {}
    settings: dict[str, str] = {}
    for plugin in config.get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("macros"), dict):
            settings = {_SYNTAX[key]: str(value) for key, value in plugin["macros"].items() if key in _SYNTAX}
    extra = config.get("extra")
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    theme_dir = config_file.parent / custom if isinstance(custom, str) else None
    return settings, set(extra) if isinstance(extra, dict) else set(), theme_dir


def split_page(text: str) -> tuple[dict[str, Any], str, int]:
    """A page's front matter, its body as MkDocs hands it on, and the lines before the body."""
    found = _FRONT_MATTER.match(text)
    if found is None:
        return {}, text, 0
    try:
        meta = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        meta = None  # the data check reports front matter it can't read
    if not isinstance(meta, dict):
        return {}, text, 0
    body = text[found.end() :].lstrip("\n")
    return meta, body, text[: len(text) - len(body)].count("\n")


def site_urls(docs_dir: Path, generated: Iterable[str], theme_dir: Path | None = None) -> dict[str, str]:
    """Each file's URL as MkDocs gives it with directory URLs, for links drawn while checking."""
    urls: dict[str, str] = {}
    sources = [path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*") if path.is_file()]
    if theme_dir is not None and theme_dir.is_dir():
        # The theme's own files (scripts, not templates) are copied beside the pages.
        sources += [
            path.relative_to(theme_dir).as_posix()
            for path in theme_dir.rglob("*")
            if path.is_file() and path.suffix not in (".html", ".py") and "__pycache__" not in path.parts
        ]
    for src in [*sources, *generated]:
        if not src.endswith(".md"):
            urls[src] = src
            continue
        stem = src[: -len(".md")]
        folder, _, name = stem.rpartition("/")
        directory = folder if name in ("index", "README") else stem
        urls[src] = f"{directory}/" if directory else ""
    return urls


def page_problems(docs_dir: Path, data: Dataset, config_file: Path) -> Iterator[Problem]:
    """Everything in the pages' templates and macro calls that would stop the build."""
    settings, extra, theme_dir = site_settings(config_file)
    jinja = new_environment(**settings)
    renderer = Renderer(data, PageLinks())
    names = Renderer.macro_names()
    urls = site_urls(docs_dir, generated_pages(data), theme_dir)
    # A call that only names things in the data is checked by looking them up.
    lookups = {
        "list_id": data.prediction_list,
        "scorecard_id": data.scorecard,
        "work_id": data.work,
        "market_id": data.market,
        "ref": data.tier_or_work,
    }
    for path in sorted(docs_dir.rglob("*.md")):
        shown = display_path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the data check reports a page it can't read
        meta, body, before = split_page(text)
        if meta.get("render_macros") is False:
            continue
        part = meta.get("part")
        src = path.relative_to(docs_dir).as_posix()
        page_renderer = renderer.for_page(
            PageLinks(urls.get(src, ""), urls, current_part=part if isinstance(part, int) else None)
        )
        page = read_page(jinja, shown, body, PAGE_VARIABLES | extra | set(meta), names, before)
        yield from page.problems
        yield from call_problems(page, page_renderer.macros(), lookups)
