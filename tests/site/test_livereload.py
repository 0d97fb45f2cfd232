"""The preview's server: told of an edit by the system at once, never by the build's own reading."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import jinja2
import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from macros.site import livereload


def _server(root: Path, *watched: Path) -> LiveReloadServer:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))
    for path in watched:
        server.watch(str(path))
    return server


def _wants_rebuild(server: LiveReloadServer, within: float) -> bool:
    with server._rebuild_cond:
        server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=within)
        wanted = server._want_rebuild
        server._want_rebuild = False
    return wanted


@pytest.fixture
def quickened(tmp_path: Path):
    docs, data = tmp_path / "docs", tmp_path / "data"
    (docs / "parts").mkdir(parents=True)
    data.mkdir()
    (docs / "parts" / "post.md").write_text("# A post\n", encoding="utf-8")
    (data / "works.yaml").write_text("[]\n", encoding="utf-8")
    server = _server(tmp_path, docs)
    livereload.quicken(server)
    server.watch(str(data))  # as MkDocs adds mkdocs.yml's watch: list, after on_serve
    yield server, docs, data
    server.observer.stop()
    server.observer.join(timeout=5)


def test_the_server_is_told_of_changes_by_the_system(quickened):
    server, docs, data = quickened
    assert type(server.observer) is not PollingObserver
    assert server.observer.is_alive()
    assert sorted(watch.path for watch in server.observer._watches) == sorted([str(docs), str(data)])
    assert server.build_delay == livereload.SETTLE_SECONDS
    server.observer.start()  # as the server does when it starts serving: no second thread, no error
    started = time.perf_counter()
    (docs / "parts" / "post.md").write_text("# A post, edited\n", encoding="utf-8")
    assert _wants_rebuild(server, within=5)
    # Far sooner than the half-second polling; generous, as a loaded machine is slow.
    assert time.perf_counter() - started < 0.45
    (data / "new.yaml").write_text("id: new\n", encoding="utf-8")
    assert _wants_rebuild(server, within=5)


def test_reading_a_file_is_not_a_change(quickened):
    server, docs, data = quickened
    assert not _wants_rebuild(server, within=0.2)
    # The build opens and reads every page: that must not start another build.
    for _ in range(3):
        (docs / "parts" / "post.md").read_bytes()
        (data / "works.yaml").read_bytes()
        list(docs.rglob("*.md"))
    assert not _wants_rebuild(server, within=0.5)


def test_where_the_system_cannot_watch_the_server_keeps_polling(tmp_path, monkeypatch):
    def refused(self):
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(livereload._ChangesOnly, "start", refused)
    server = _server(tmp_path, tmp_path)
    polling, delay = server.observer, server.build_delay
    livereload.quicken(server)
    assert server.observer is polling and type(polling) is PollingObserver
    assert server.build_delay == delay


def test_another_server_is_left_as_it_is(tmp_path):
    running = _server(tmp_path, tmp_path)
    running.observer.start()
    try:
        livereload.quicken(running)  # already watching: too late to swap
        assert type(running.observer) is PollingObserver
    finally:
        running.observer.stop()
        running.observer.join(timeout=5)

    class Other:
        observer = threading.Thread()
        build_delay = 0.1

    other = Other()
    livereload.quicken(other)
    assert isinstance(other.observer, threading.Thread) and other.build_delay == 0.1


def test_what_the_first_build_left_is_kept_out_of_later_collections():
    assert gc.get_freeze_count() == 0
    try:
        livereload.keep_first_build()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_an_installed_themes_files_are_listed_once_and_the_projects_each_time(tmp_path):
    project, installed = tmp_path / "project", tmp_path / "site-packages" / "theme"
    (project / "overrides").mkdir(parents=True)
    (installed / ".icons").mkdir(parents=True)
    (project / "overrides" / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    (installed / "base.html").write_text("<html></html>", encoding="utf-8")
    (installed / ".icons" / "a.svg").write_text("<svg/>", encoding="utf-8")
    folders = [str(project / "overrides"), str(installed)]

    class Theme:
        def get_env(self):
            return jinja2.Environment(loader=jinja2.FileSystemLoader(folders))

    def listed(theme):
        env = theme.get_env()
        return env.list_templates(), jinja2.FileSystemLoader(folders).list_templates()

    listings: dict[str, list[str]] = {}
    first, second = Theme(), Theme()  # MkDocs makes a theme at every rebuild
    for theme in (first, second):
        livereload.list_installed_once(theme, listings, project)
    shown, walked = listed(first)
    assert shown == walked == [".icons/a.svg", "base.html", "main.html"]
    (project / "overrides" / "partials").mkdir()
    (project / "overrides" / "partials" / "eis.css").write_text("a {}", encoding="utf-8")
    (installed / "new.html").write_text("", encoding="utf-8")  # never happens while a preview runs
    shown, walked = listed(second)
    assert "partials/eis.css" in shown  # the project's folders are listed at each rebuild
    assert shown == [name for name in walked if name != "new.html"]
    assert first.get_env().get_template("main.html").render() == "<html></html>"  # templates load as before
