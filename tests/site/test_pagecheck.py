"""``python -m macros check`` knows the names the build gives a page, without MkDocs."""

from __future__ import annotations

from mkdocs.config import load_config

from conftest import compose
from macros.render import macro_names
from macros.site.pagecheck import PAGE_VARIABLES


def test_check_knows_every_name_mkdocs_macros_gives_a_page(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = compose(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    macros = config.plugins["macros"]
    known = set(macros.variables) | set(macros.env.globals)
    # Anything else the build knows would be "not a macro or variable" to check.
    assert known - PAGE_VARIABLES - set(macro_names()) - set(config.extra) == set()
