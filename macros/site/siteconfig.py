"""What ``python -m macros`` needs of mkdocs.yml: where the cache lives and the pages' settings.

Read by MkDocs' own loader (its ``!ENV`` tags, ``INHERIT``), but without
MkDocs' configuration, plugins and theme, which take longer to load than
the check takes to run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.site.cache import CACHE_DIR

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


@dataclass(frozen=True)
class SiteSettings:
    """What the page check needs of mkdocs.yml."""

    syntax: dict[str, str] = field(default_factory=dict)  # mkdocs-macros' template syntax, as Jinja names it
    extra: frozenset[str] = frozenset()  # the names ``extra`` gives every page
    theme_dir: Path | None = None  # the theme's own folder (custom_dir)
    use_directory_urls: bool = True  # MkDocs' default


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it, or nothing when there is none."""
    if not config_file.is_file():
        return {}
    # Imported here, so that the site's core imports without MkDocs (tests/enginefree.py).
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as source:
        config = yaml_load(source) or {}
    return config if isinstance(config, dict) else {}


def site_settings(config_file: Path, config: dict[str, Any] | None = None) -> SiteSettings:
    """mkdocs.yml's settings for the pages (``config``: the file, read already)."""
    if config is None:
        config = read_config(config_file)
    syntax: dict[str, str] = {}
    for plugin in config.get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("macros"), dict):
            syntax = {_SYNTAX[key]: str(value) for key, value in plugin["macros"].items() if key in _SYNTAX}
    extra = config.get("extra")
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return SiteSettings(
        syntax,
        frozenset(extra) if isinstance(extra, dict) else frozenset(),
        config_file.parent / custom if isinstance(custom, str) else None,
        config.get("use_directory_urls", True) is not False,
    )


def cache_dir(config_file: Path, config: dict[str, Any] | None = None) -> str:
    """Where the build keeps its cache, relative to mkdocs.yml: the eis plugin's cache_dir, else ``.cache/eis``."""
    if config is None:
        config = read_config(config_file)
    for plugin in config.get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("eis"), dict):
            configured = plugin["eis"].get("cache_dir")
            if isinstance(configured, str):
                return configured
    return CACHE_DIR
