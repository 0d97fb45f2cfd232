"""The site's MkDocs hook (overrides/hooks/eis.py), called as MkDocs calls it."""

from __future__ import annotations

import importlib.util
from types import ModuleType, SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT

PAGE = (
    '<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<script>a()</script>\n</head>\n<body></body>\n</html>\n'
)


@pytest.fixture
def hook() -> ModuleType:
    """A fresh copy of the hook module, as MkDocs loads it from its path."""
    spec = importlib.util.spec_from_file_location("eis_hook", ROOT / "overrides/hooks/eis.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CONFIG = SimpleNamespace()


def _page(abs_src_path: str | None = None) -> SimpleNamespace:
    file = SimpleNamespace(src_uri="parts/x.md", dest_uri="parts/x/index.html", abs_src_path=abs_src_path)
    return SimpleNamespace(file=file)


@pytest.mark.parametrize(("command", "has_policy"), [("build", True), ("gh-deploy", True), ("serve", False)])
def test_every_built_page_gets_a_policy(hook, command, has_policy):
    hook.on_startup(command=command, dirty=False)
    output = hook.on_post_page(PAGE, page=_page(), config=CONFIG)
    # The preview's reload script is inline and different at every request, so the preview has no policy.
    assert ('http-equiv="Content-Security-Policy"' in output) is has_policy


@pytest.mark.parametrize(("template", "has_policy"), [("404.html", True), ("sitemap.xml", False)])
def test_pages_from_theme_templates_get_a_policy_too(hook, template, has_policy):
    hook.on_startup(command="build", dirty=False)
    output = hook.on_post_template(PAGE, template_name=template, config=CONFIG)
    assert ('http-equiv="Content-Security-Policy"' in output) is has_policy


def test_a_refused_attribute_stops_the_build_naming_the_page(hook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # paths are shown from the working directory, as MkDocs runs
    hook.on_startup(command="build", dirty=False)
    source = tmp_path / "docs/parts/x.md"
    page = PAGE.replace("<body>", '<body><p style="color: red">x</p><img src=y onerror="go()">')
    with pytest.raises(PluginError) as raised:
        hook.on_post_page(page, page=_page(str(source)), config=CONFIG)
    assert str(raised.value).strip().splitlines() == [
        'docs/parts/x.md: a style attribute on <p> ("color: red"): give the element a class and style that',
        'docs/parts/x.md: an event-handler attribute onerror on <img> ("go()"): attach the handler from a script file',
    ]
