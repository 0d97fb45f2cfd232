"""The site's MkDocs plugin ``eis`` (macros/site/plugin.py): how MkDocs finds it, its options, its events' order."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from conftest import ROOT, compose, meta_tags, strict_build
from macros.site.cards import CARDS_DIR, SECOND_PROCESS_FROM, CardPainter
from macros.site.plugin import EisSite
from macros.site.templates import new_environment, read_page, render_text_and_calls

PAGE = (
    '<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<script>a()</script>\n</head>\n<body></body>\n</html>\n'
)


@pytest.fixture
def plugin() -> EisSite:
    """A fresh plugin, as MkDocs makes it."""
    plugin = EisSite()
    errors, warnings = plugin.load_config({})
    assert (errors, warnings) == ([], [])
    return plugin


CONFIG = SimpleNamespace()


def _page(abs_src_path: str | None = None) -> SimpleNamespace:
    file = SimpleNamespace(src_uri="parts/x.md", dest_uri="parts/x/index.html", abs_src_path=abs_src_path)
    return SimpleNamespace(file=file)


@pytest.mark.parametrize(("command", "has_policy"), [("build", True), ("gh-deploy", True), ("serve", False)])
def test_every_built_page_gets_a_policy(plugin, command, has_policy):
    plugin.on_startup(command=command, dirty=False)
    output = plugin.on_post_page(PAGE, page=_page(), config=CONFIG)
    # The preview's reload script is inline and different at every request, so the preview has no policy.
    assert ('http-equiv="Content-Security-Policy"' in output) is has_policy


@pytest.mark.parametrize(("template", "has_policy"), [("404.html", True), ("sitemap.xml", False)])
def test_pages_from_theme_templates_get_a_policy_too(plugin, template, has_policy):
    plugin.on_startup(command="build", dirty=False)
    output = plugin.on_post_template(PAGE, template_name=template, config=CONFIG)
    assert ('http-equiv="Content-Security-Policy"' in output) is has_policy


def test_a_refused_attribute_stops_the_build_naming_the_page(plugin, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # paths are shown from the working directory, as MkDocs runs
    plugin.on_startup(command="build", dirty=False)
    source = tmp_path / "docs/parts/x.md"
    page = PAGE.replace("<body>", '<body><p style="color: red">x</p><img src=y onerror="go()">')
    with pytest.raises(PluginError) as raised:
        plugin.on_post_page(page, page=_page(str(source)), config=CONFIG)
    assert str(raised.value).strip().splitlines() == [
        'docs/parts/x.md: a style attribute on <p> ("color: red"): give the element a class and style that',
        'docs/parts/x.md: an event-handler attribute onerror on <img> ("go()"): attach the handler from a script file',
    ]


# -- how MkDocs finds it, and its options ------------------------------------------------


def test_mkdocs_finds_the_plugin_by_its_entry_point():
    [entry] = importlib.metadata.entry_points(group="mkdocs.plugins", name="eis")
    assert entry.load() is EisSite


@pytest.fixture
def config(monkeypatch):
    """The real mkdocs.yml as MkDocs reads it."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return load_config(str(ROOT / "mkdocs.yml"))


def test_mkdocs_yml_lists_the_plugin_after_mkdocs_macros_and_has_no_hooks(config):
    names = list(config.plugins)
    assert names.index("macros") < names.index("eis")
    assert isinstance(config.plugins["eis"], EisSite)
    assert not config.hooks
    assert "\nhooks:" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_options_and_their_defaults():
    plugin = EisSite()
    assert plugin.load_config({}) == ([], [])
    assert dict(plugin.config) == {
        "share_cards": True,
        "cards_second_process_from": SECOND_PROCESS_FROM,
        "pages_second_process_from": SECOND_PROCESS_FROM,
        "cache_dir": ".cache/eis",
    }


@pytest.mark.parametrize(
    ("options", "wrong"),
    [
        ({"share_cards": "yes"}, "share_cards"),
        ({"cards_second_process_from": "many"}, "cards_second_process_from"),
        ({"pages_second_process_from": 1.5}, "pages_second_process_from"),
        ({"cache": ".cache"}, "cache"),
    ],
)
def test_a_wrong_option_is_named(options, wrong):
    errors, warnings = EisSite().load_config(options)
    assert [name for name, _ in errors + warnings] == [wrong]


def _event_owners(config, event: str) -> list[str]:
    owners = {id(plugin): name for name, plugin in config.plugins.items()}
    return [owners[id(method.__self__)] for method in config.plugins.events[event] if id(method.__self__) in owners]


def test_events_run_in_their_order_around_mkdocs_macros(config):
    # The data is loaded and the macros registered once mkdocs-macros has made its Jinja environment.
    on_config = _event_owners(config, "config")
    assert on_config.index("macros") < on_config.index("eis")
    # A page is read and checked before mkdocs-macros renders it; a part is framed after.
    on_markdown = [name for name in _event_owners(config, "page_markdown") if name in {"macros", "eis"}]
    assert on_markdown == ["eis", "macros", "eis"]
    eis = config.plugins["eis"]
    page_markdown = [method for method in config.plugins.events["page_markdown"] if method.__self__ is eis]
    assert [method.__name__ for method in page_markdown] == ["_read_page", "_frame_part"]
    # Events without a priority follow the list: after mkdocs-macros and search.
    for event in ("files", "page_content", "page_context", "post_build"):
        owners = _event_owners(config, event)
        assert owners[-1] == "eis", event


def _configured(project: Path, old: str, new: str) -> Path:
    settings = project / "site.yml"  # what the fixture's mkdocs.yml inherits: the real settings
    text = settings.read_text(encoding="utf-8")
    assert old in text
    settings.write_text(text.replace(old, new), encoding="utf-8")
    return project


@pytest.mark.parametrize("option", ["cards_second_process_from", "pages_second_process_from"])
def test_a_negative_page_count_for_a_second_process_is_refused_by_name(tmp_path, monkeypatch, caplog, option):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = _configured(compose(tmp_path / "project"), f"{option}: 100", f"{option}: -1")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with pytest.raises(Abort):
            build(config)
    finally:
        config.plugins.on_shutdown()
    assert f"eis: {option} in mkdocs.yml must be 0 or more" in caplog.text
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("order", ["eis first", "no macros"])
def test_the_plugin_needs_mkdocs_macros_before_it(tmp_path, monkeypatch, order):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = compose(tmp_path / "project")
    settings = project / "site.yml"
    text = settings.read_text(encoding="utf-8")
    macros = text[text.index("  - macros:\n") : text.index("  # The site's own plugin")]
    eis = text[text.index("  # The site's own plugin") : text.index("\nwatch:")]
    plugins = eis + macros if order == "eis first" else eis
    settings.write_text(text.replace(macros + eis, plugins), encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    assert ("macros" in config.plugins) is (order == "eis first")
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError, match=r"list mkdocs-macros \(- macros\) before - eis under plugins:"):
        config.plugins.on_config(config)


def test_share_cards_off_gives_no_page_an_image(tmp_path, built_site):
    project = _configured(compose(tmp_path / "project"), "share_cards: true", "share_cards: false")
    site = strict_build(project, tmp_path / "site")
    assert not (site / CARDS_DIR).exists()
    for page in site.rglob("*.html"):
        assert "og:image" not in meta_tags(page.read_text(encoding="utf-8")), page
    assert (built_site / CARDS_DIR).is_dir()  # the default paints them


def test_the_card_threshold_reaches_the_painter_and_a_second_process_paints_the_same_cards(
    tmp_path, monkeypatch, built_site
):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    told = []
    expect = CardPainter.expect

    def told_expect(painter, pages, site_dir, second_process_from=SECOND_PROCESS_FROM, keep=True):
        told.append((pages, second_process_from, keep))
        expect(painter, pages, site_dir, second_process_from, keep)

    monkeypatch.setattr(CardPainter, "expect", told_expect)
    project = _configured(
        compose(tmp_path / "project"), "cards_second_process_from: 100", "cards_second_process_from: 1"
    )
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    [(pages, threshold, keep)] = told
    assert threshold == 1 <= pages  # so the cards went to a second process
    assert not keep  # a build, not a preview: the cards are written beside it and not sent back
    cards = {path.name: path.read_bytes() for path in (tmp_path / "site" / CARDS_DIR).iterdir()}
    assert cards == {path.name: path.read_bytes() for path in (built_site / CARDS_DIR).iterdir()}
    assert cards


def test_the_cache_folder_is_resolved_against_mkdocs_yml(config):
    config.plugins.on_startup(command="build", dirty=False)
    config.plugins.on_config(config)
    assert config.plugins["eis"].cache_dir == ROOT / ".cache/eis"


def _site_macro(scorecard_id: str) -> str:
    return f"<{scorecard_id}>"


@pytest.mark.parametrize(
    ("meta", "variables", "found", "jinja", "direct"),
    [
        ({}, {}, _site_macro, {}, True),
        ({"score": "front matter"}, {}, _site_macro, {}, False),  # hidden from Jinja by the page's front matter
        ({}, {"score": 1}, _site_macro, {}, False),  # by mkdocs-macros' variables
        ({}, {}, lambda scorecard_id: "", {}, False),  # another function under the name
        ({}, {}, None, {}, False),
        ({}, {}, _site_macro, {"autoescape": True}, False),  # Jinja would escape what the call returns
        ({}, {}, _site_macro, {"finalize": str}, False),
    ],
)
def test_a_page_of_text_and_calls_is_rendered_without_jinja_only_where_jinja_finds_the_sites_macros(
    plugin, meta, variables, found, jinja, direct
):
    plugin._macros = {"score": _site_macro}
    environment = new_environment(**jinja)
    if found is not None:
        environment.globals["score"] = found
    macros = SimpleNamespace(variables=variables, env=environment)
    template = read_page(environment, "docs/p.md", "Scored {{ score('a') }}.", set(), ["score"])
    pieces = plugin._text_and_calls(template, SimpleNamespace(meta=meta), macros)
    assert (pieces is not None) == direct
    if direct:
        assert (
            render_text_and_calls(pieces, plugin._macros)
            == environment.from_string("Scored {{ score('a') }}.").render()
        )
