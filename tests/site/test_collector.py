"""The collector's pace: the build's while a build runs, as it was once the build ends, however it ends."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import compose
from macros.site.collector import BUILD_PACE, Pace
from macros.site.plugin import EisSite


@pytest.fixture
def default_pace():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*before)


def test_the_pace_is_the_builds_until_it_ends(default_pace):
    pace = Pace((1234, 5, 6))
    pace.building()
    assert gc.get_threshold() == (1234, 5, 6)
    pace.building()  # a rebuild that begins before the last ended keeps what was there first
    pace.ended()
    assert gc.get_threshold() == default_pace
    pace.ended()  # ended twice (an error, then the server's shutdown): still as before
    assert gc.get_threshold() == default_pace


def test_a_pace_never_set_restores_nothing(default_pace):
    gc.set_threshold(900, 11, 12)
    Pace().ended()
    assert gc.get_threshold() == (900, 11, 12)


def _config(tmp_path: Path, replace: tuple[str, str] | None = None):
    project = compose(tmp_path / "project")
    if replace is not None:
        settings = project / "site.yml"
        text = settings.read_text(encoding="utf-8")
        assert replace[0] in text
        settings.write_text(text.replace(*replace), encoding="utf-8")
    return load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))


def test_a_build_runs_at_the_builds_pace_and_leaves_the_collectors_as_it_was(tmp_path, monkeypatch, default_pace):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("EIS_CACHE_DIR", "")
    seen: list[tuple[int, int, int]] = []
    on_nav = EisSite.on_nav

    def noting(self, *args, **kwargs):
        seen.append(gc.get_threshold())
        return on_nav(self, *args, **kwargs)

    monkeypatch.setattr(EisSite, "on_nav", noting)
    config = _config(tmp_path)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert seen == [BUILD_PACE]
    assert gc.get_threshold() == default_pace


def test_a_failed_build_leaves_the_collectors_pace_as_it_was(tmp_path, monkeypatch, default_pace):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = _config(tmp_path, ("cards_second_process_from: 100", "cards_second_process_from: -1"))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort):
        build(config)
    assert gc.get_threshold() == default_pace
    config.plugins.on_shutdown()
    assert gc.get_threshold() == default_pace
