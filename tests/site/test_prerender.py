"""The second process that renders pages from the last back (prerender.py): it gives what it rendered, or nothing."""

from __future__ import annotations

import gc
import os
import re
import threading
import time
from pathlib import Path

import pytest

from conftest import compose, mkdocs_build
from macros.site import prerender
from macros.site.cache import CACHE_ENV
from macros.site.prerender import Prerender

PAGES = [f"page-{at}.md" for at in range(12)]


def rendered(src_uri: str) -> tuple[str, bytes]:
    return f"key of {src_uri}", f"entry of {src_uri}\n".encode() * 50


def _wait_for(path: Path, lines: int) -> None:
    """Until the copy has noted ``lines`` pages (a handshake, not a timing: the deadline only stops a hung test)."""
    deadline = time.monotonic() + 30
    while (len(path.read_text().splitlines()) if path.exists() else 0) < lines:
        assert time.monotonic() < deadline, "the copy never got there"
        time.sleep(0.01)


def noting(log: Path, render=rendered):
    def render_noted(src_uri: str):
        result = render(src_uri)
        with log.open("a") as file:
            file.write(src_uri + "\n")
        return result

    return render_noted


def test_a_copy_left_alone_renders_every_page_and_the_build_takes_each_once(tmp_path):
    log = tmp_path / "rendered"
    beside = Prerender.start(PAGES, noting(log))
    assert beside is not None
    _wait_for(log, len(PAGES))
    assert log.read_text().splitlines() == PAGES[::-1]  # from the last back
    assert [beside.take(page) for page in PAGES] == [rendered(page) for page in PAGES]
    assert beside.take(PAGES[0]) is None  # taken already
    beside.stop()


def test_the_copy_stops_where_the_build_is_and_the_build_renders_the_rest(tmp_path):
    log = tmp_path / "rendered"
    gate = tmp_path / "gate"

    def slow(src_uri: str):
        if src_uri == PAGES[6]:  # the copy waits here until the build has moved on
            _wait_for(gate, 1)
        return rendered(src_uri)

    beside = Prerender.start(PAGES, noting(log, slow))
    assert beside is not None
    _wait_for(log, 5)  # pages 11 to 7
    taken = [beside.take(page) for page in PAGES[:6]]
    gate.write_text("go\n")
    taken += [beside.take(page) for page in PAGES[6:]]
    beside.stop()
    # The build was at page 5 when the copy reached 6: the copy finished 6, which the build waited for.
    assert taken == [None] * 6 + [rendered(page) for page in PAGES[6:]]
    assert log.read_text().splitlines() == PAGES[6:][::-1]


def test_a_page_the_build_has_reached_without_taking_it_is_never_started_by_the_copy(tmp_path):
    log = tmp_path / "rendered"
    gate = tmp_path / "gate"

    started = tmp_path / "started"

    def held(src_uri: str):
        started.write_text(src_uri + "\n")
        _wait_for(gate, 1)
        return rendered(src_uri)

    beside = Prerender.start(PAGES, noting(log, held))
    assert beside is not None
    _wait_for(started, 1)  # the copy has page 11 in hand
    beside.reached(PAGES[10])  # a page the build reads itself (say, one that renders no macros)
    gate.write_text("go\n")
    assert beside.take(PAGES[11]) == rendered(PAGES[11])
    assert beside.take(PAGES[10]) is None
    beside.stop()
    assert log.read_text().splitlines() == [PAGES[11]]


@pytest.mark.parametrize("failing", [0, 5, 11])
def test_a_page_the_copy_fails_on_ends_it_and_the_build_renders_that_page_and_those_before(tmp_path, failing):
    log = tmp_path / "rendered"

    def broken(src_uri: str):
        if src_uri == PAGES[failing]:
            print("a bug's traceback")  # the copy is silent: the build reports what it finds itself
            raise RuntimeError("a bug in macros/")
        return rendered(src_uri)

    beside = Prerender.start(PAGES, noting(log, broken))
    assert beside is not None
    _wait_for(log, len(PAGES) - 1 - failing)
    taken = [beside.take(page) for page in PAGES]
    beside.stop()
    assert taken == [None] * (failing + 1) + [rendered(page) for page in PAGES[failing + 1 :]]


def test_a_page_the_copy_does_not_keep_is_the_builds_to_render(tmp_path):
    log = tmp_path / "rendered"
    beside = Prerender.start(PAGES, noting(log, lambda src: None if src.endswith("3.md") else rendered(src)))
    assert beside is not None
    _wait_for(log, len(PAGES))
    assert beside.take(PAGES[3]) is None
    assert beside.take(PAGES[4]) == rendered(PAGES[4])
    assert beside.take("not-a-page.md") is None
    beside.stop()


def test_the_copy_is_silent_and_reaped(tmp_path, capfd):
    log = tmp_path / "rendered"

    def loud(src_uri: str):
        print("to stdout")
        os.write(2, b"to stderr\n")
        return rendered(src_uri)

    beside = Prerender.start(PAGES, noting(log, loud))
    assert beside is not None
    pid = beside._pid
    _wait_for(log, len(PAGES))
    beside.stop()
    assert capfd.readouterr() == ("", "")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: its CPU counts in the build's own
    assert beside.take(PAGES[0]) is None  # stopped: nothing more to give


def test_a_stop_before_the_copy_is_done_ends_it(tmp_path):
    gate = tmp_path / "never"
    beside = Prerender.start(PAGES, lambda src: _wait_for(gate, 1) or rendered(src))
    assert beside is not None
    pid = beside._pid
    beside.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("frozen_before", [False, True])
def test_the_collector_is_left_as_it_was_found(tmp_path, frozen_before):
    gc.collect()
    if frozen_before:
        gc.freeze()  # as the preview does after its first build: not the copy's to undo
    try:
        before = gc.get_freeze_count()
        log = tmp_path / "rendered"
        beside = Prerender.start(PAGES, noting(log))
        assert beside is not None
        # Frozen while the copy lives, unless something else froze it before.
        assert gc.get_freeze_count() == before if frozen_before else gc.get_freeze_count() > 0
        _wait_for(log, len(PAGES))
        beside.stop()
        assert gc.get_freeze_count() == before
    finally:
        gc.unfreeze()


def test_no_copy_while_another_thread_runs():
    # A fork copies one thread: whatever the others hold (a lock, a socket) would be lost in the copy.
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not prerender.possible()
        assert Prerender.start(PAGES, rendered) is None
    finally:
        stop.set()
        thread.join()
    assert prerender.possible()
    assert Prerender.start([], rendered) is None  # and none for no pages


def _files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


# Loaded by the build as a hook: the build takes nothing until the copy has been through every page,
# so that the copy gives the build a known share of the pages however the two are scheduled.
WAIT_FOR_THE_COPY = """
from macros.site.prerender import Prerender

_take = Prerender.take


def take(self, src_uri):
    while self._pid and not self._ended:
        self._read(wait=True)
    return _take(self, src_uri)


Prerender.take = take
"""


def test_a_build_with_the_second_process_writes_the_same_site(tmp_path):
    project = compose(tmp_path / "project")
    (project / "wait_for_the_copy.py").write_text(WAIT_FOR_THE_COPY, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - wait_for_the_copy.py\n", encoding="utf-8")
    settings = project / "site.yml"  # the real settings, which the fixture's mkdocs.yml inherits
    text = settings.read_text(encoding="utf-8")
    assert "pages_second_process_from: 100\n" in text
    settings.write_text(text.replace("pages_second_process_from: 100\n", "pages_second_process_from: 1\n"))
    env = {"SOURCE_DATE_EPOCH": "1000000000"}
    beside = mkdocs_build(project, tmp_path / "beside", "--verbose", **env, **{CACHE_ENV: str(tmp_path / "a")})
    assert beside.returncode == 0, beside.stderr
    given = {}
    for what in ("macros the second process rendered", "search sections the second process read"):
        found = re.search(rf"pages whose {what}: ([0-9]+)", beside.stderr)
        # Counted only when the build used what it was given: a copy whose work never matched would give 0.
        assert found is not None and int(found.group(1)) > 0, beside.stderr
        given[what] = int(found.group(1))
    settings.write_text(text.replace("pages_second_process_from: 100\n", "pages_second_process_from: 100000\n"))
    alone = mkdocs_build(project, tmp_path / "alone", "--verbose", **env, **{CACHE_ENV: str(tmp_path / "b")})
    assert alone.returncode == 0, alone.stderr
    assert "the second process" not in alone.stderr
    # Most pages are text and calls; the second build rendered them itself, without compiling them.
    direct = re.search(r"pages of text and calls rendered without Jinja: ([0-9]+)", alone.stderr)
    assert direct is not None and int(direct.group(1)) > 0, alone.stderr
    assert _files(tmp_path / "beside") == _files(tmp_path / "alone")
    # What the second process rendered was kept for the next build, as if rendered by the build itself.
    again = mkdocs_build(project, tmp_path / "again", "--verbose", **env, **{CACHE_ENV: str(tmp_path / "a")})
    assert again.returncode == 0, again.stderr
    kept = re.search(r"rendered: ([0-9]+) hit, ([0-9]+) miss, ([0-9]+) rebuilt", again.stderr)
    rendered_beside = given["macros the second process rendered"]
    assert kept is not None and int(kept.group(1)) >= rendered_beside and kept.group(3) == "0", again.stderr
    assert _files(tmp_path / "again") == _files(tmp_path / "alone")
