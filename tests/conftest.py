"""Shared fixtures: frozen fixture sites for exact figures, the real project for invariants, and fakes."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fakemanifold import FakeManifold, fake_manifold
from filelock import FileLock
from playwright.sync_api import Browser

from browsing import chromium, serve

ROOT = Path(__file__).resolve().parent.parent
# The documents for people working on the site: every make target, command and path they name is real.
DOCUMENTS = ("README.md", "ARCHITECTURE.md", "SECURITY.md", "ENGINES.md", "bench/README.md")
FIXTURES = ROOT / "tests" / "fixtures"
# The frozen site that exact figures are asserted on: a copy of the sequence
# as it stood, which authors never edit.  The real data/ and docs/ are tested
# only for what holds for any valid content (project/test_site.py).
SITE = FIXTURES / "site"
DATA = SITE / "data"
DOCS = SITE / "docs"


def compose(project: Path, content: Path = SITE) -> Path:
    """A project to build: the real code, theme and configuration with a fixture's data, docs and settings.

    A fixture's ``mkdocs.yml`` inherits the real one, copied beside it as
    ``site.yml`` (``INHERIT: site.yml``), and overrides only what it must,
    such as its own ``nav``.
    """
    shutil.copytree(content, project)
    for name in ("macros", "overrides"):
        (project / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "site.yml")
    return project


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str | None]], Path]:
    """A copy of the fixture site in a temp dir, with some files replaced.

    Works from inside the project, so reported paths read ``data/...``.
    A value of ``None`` deletes the file.
    """
    compose(tmp_path / "project")
    tmp_path = tmp_path / "project"
    monkeypatch.chdir(tmp_path)

    def make(files: dict[str, str | None]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            if content is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
        return tmp_path

    return make


def mkdocs_build(project: Path, site: Path, *options: str, **env_vars: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env_vars)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *options],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def strict_build(project: Path, site: Path) -> Path:
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str, make: Callable[[Path], None]
) -> Path:
    """A folder made once for the whole run: the first worker to need it makes it, the others wait and share it."""
    if worker_id == "master":  # not under xdist
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    # Every worker's temporary folders sit in one folder made for this run.
    folder = tmp_path_factory.getbasetemp().parent / name
    with FileLock(f"{folder}.lock"):
        if not (folder / ".made").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The frozen fixture site, built once per test run with --strict."""

    def make(folder: Path) -> None:
        strict_build(compose(folder / "project"), folder / "site")

    return once_per_run(tmp_path_factory, worker_id, "fixture-site", make) / "site"


@pytest.fixture(scope="session")
def real_data() -> Any:
    """The real project's data, read when a test first asks: bad data fails the tests that need it, not collection."""
    from macros.data.load import load

    return load(ROOT / "data", ROOT / "docs")


@pytest.fixture(scope="session")
def real_site_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The real site as it stands, built once per test run with --strict."""

    def make(folder: Path) -> None:
        strict_build(ROOT, folder / "site")

    return once_per_run(tmp_path_factory, worker_id, "real-site", make) / "site"


@pytest.fixture(scope="session")
def base_url(real_site_dir: Path) -> Iterator[str]:
    """The real site served on 127.0.0.1."""
    with serve(real_site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_url(built_site: Path) -> Iterator[str]:
    """The frozen fixture site served on 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


# -- shared fakes and helpers ---------------------------------------------------------


@pytest.fixture
def manifold() -> Iterator[FakeManifold]:
    """A fake of Manifold's public API on 127.0.0.1 (fakemanifold.py), for ``markets refresh``."""
    with fake_manifold() as fake:
        yield fake


class Links:
    """Links from a page ``depth`` folders deep in a site with directory URLs; every path resolves."""

    def __init__(self, depth: int = 2, current_part: int | None = 14, site_url: str = "https://example.org/eis/"):
        self.up = "../" * depth
        self.current_part = current_part
        self.site_url = site_url

    @staticmethod
    def _url(path: str) -> str:
        return path.removesuffix(".md") + "/" if path.endswith(".md") else path

    def href(self, src_path: str, anchor: str | None = None) -> str | None:
        url = self.up + self._url(src_path)
        return f"{url}#{anchor}" if anchor else url

    def file_href(self, path: str) -> str:
        return self.up + path

    def absolute(self, path: str) -> str:
        return self.site_url + self._url(path)


class OnPage:
    """One page's macros, bound to a fresh ``PageContext`` as the build binds them (``registry.bind``).

    ``r.prediction_table("eis-xiv")`` calls the macro on this page, so what
    one call records (works cited, explorers, panels) is there for the next.
    """

    def __init__(self, data: Any, links: Any = None, index: Any = None):
        from macros.render import PageContext, bind

        self.page = PageContext(data, links if links is not None else Links(), index)
        self.macros = bind(self.page)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["macros"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def links(self) -> Any:
        return self.page.links

    def for_page(self, links: Any) -> OnPage:
        """Another page of the same build: the same data and indexes, nothing used yet."""
        return OnPage(self.page.data, links, self.page.index)


@pytest.fixture(scope="module")
def data() -> Any:
    """The fixture site's data, read once a test module."""
    from macros.data.load import load

    return load(DATA, DOCS)


@pytest.fixture(scope="module")
def r(data: Any) -> OnPage:
    """One page of the fixture site, shared by a test module's tests: what one call records is there for the next."""
    return OnPage(data, Links())


LEAKS = re.compile(r"Traceback|\{\{|\{%|Macro Rendering Error|_Macro Syntax Error_")


def score_card(data: Any, card: Any) -> Any:
    """A scorecard's score straight from the scoring rule, for tests to compare the site's figures with."""
    from macros.compute import scoring

    return scoring.score(scoring.judgements(card, data.prediction_list(card.predictions)))


def pages(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.html")}


def meta_tags(html: str) -> dict[str, str]:
    """A page's ``<meta>`` tags by name or property, their content as a reader's tools read it."""
    found = {}
    for tag in re.findall(r"<meta [^>]*>", html):
        key = re.search(r'(?:name|property)="([^"]+)"', tag)
        value = re.search(r'content="([^"]*)"', tag)
        if key and value:
            found[key.group(1)] = unescape(value.group(1))
    return found


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def copy_project(tmp_path: Path) -> Path:
    """A copy of the fixture site to change and build."""
    return compose(tmp_path / "project")


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Each file under root (folders made as needed); root itself back."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def add_page(project: Path, name: str, text: str) -> None:
    """A new page in a copied project, listed at the end of the navigation."""
    (project / "docs" / name).write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    last = "  - Authoring guide: authoring.md\n"
    config.write_text(config.read_text().replace(last, f"{last}  - {name}\n"))


def run_cli(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m macros ARGS`` in ``cwd``, with this checkout's code."""
    return subprocess.run(
        [sys.executable, "-m", "macros", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **env},
    )


def check_with(project: Path, path: Path, text: str) -> tuple[Any, list[Any]]:
    """The data check of ``project`` with the fixture file ``path`` replaced by ``text``, put back afterwards."""
    from macros.data import load

    target = project / path.relative_to(SITE)
    original = target.read_bytes()
    target.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        return load.check(project / "data", project / "docs")
    finally:
        target.write_bytes(original)


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the share images painted in this process, in order."""
    from macros.render import cardimage
    from macros.site import cards

    titles: list[str] = []
    paint = cardimage.paint

    def counting(card: Any) -> bytes:
        titles.append(card.title)
        return paint(card)

    monkeypatch.setattr(cards.cardimage, "paint", counting)
    return titles


class CacheFile:
    """The build cache's one file (cache.py), read and altered by hand as a person at a terminal could."""

    def __init__(self, root: Path) -> None:
        from macros.site.cache import ENTRIES

        self.path = root / ENTRIES

    def _rows(self, query: str, *parameters: str | bytes) -> list[Any]:
        import sqlite3

        if not self.path.exists():
            return []  # nothing kept yet
        with contextlib.closing(sqlite3.connect(self.path)) as db, db:
            return db.execute(query, parameters).fetchall()

    def names(self, kind: str) -> list[str]:
        return [name for (name,) in self._rows("SELECT name FROM entries WHERE kind = ? ORDER BY name", kind)]

    def content(self, kind: str, name: str) -> bytes:
        ((content,),) = self._rows("SELECT content FROM entries WHERE kind = ? AND name = ?", kind, name)
        return bytes(content)

    def alter(self, kind: str, name: str, change: Callable[[bytes], bytes]) -> None:
        """The content changed, its digest left as it was."""
        altered = change(self.content(kind, name))
        self._rows("UPDATE entries SET content = ? WHERE kind = ? AND name = ?", altered, kind, name)

    def forget(self, kind: str) -> None:
        self._rows("DELETE FROM entries WHERE kind = ?", kind)
