"""mkdocs-macros entry point: load the data once, register the macros.

Everything here is wiring; the work lives in the modules beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from .guard import guarded
from .html import attribute
from .load import load as load_data
from .problems import DataError
from .render import Renderer
from .sitelinks import PageLinks


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
    for name, function in renderer.macros().items():
        env.macro(guarded(env, name, function), name)
    env.variables["eis_renderer"] = renderer


def on_pre_page_macros(env: Any) -> None:
    renderer: Renderer = env.variables["eis_renderer"]
    part = renderer.links.current_part
    if part is not None:
        # The title of a hosted part comes from data/sequence.yaml only.  The
        # theme prints it unescaped and mkdocs-macros renders any "{{" in it.
        env.page.meta["title"] = attribute(renderer.data.part(part).title)


def on_post_page_macros(env: Any) -> None:
    # Added after the template pass, so text from data is never run as Jinja.
    renderer: Renderer = env.variables["eis_renderer"]
    part = renderer.links.current_part
    if part is not None:
        env.markdown = f"{renderer.part_header(part)}\n\n{env.markdown}\n\n{renderer.sequence_nav(part)}\n"
