"""Shared fixtures: the real project, and throwaway copies of its data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browsing import chromium, serve

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DOCS = ROOT / "docs"


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str | None]], Path]:
    """A copy of data/ and docs/ in a temp dir, with some files replaced.

    Works from inside the temp dir, so reported paths read ``data/...``.
    A value of ``None`` deletes the file.
    """
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copytree(DOCS, tmp_path / "docs")
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


def mkdocs_build(project: Path, site: Path, **env_vars: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env_vars)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_project(tmp_path: Path) -> Path:
    """A copy of the real project to edit and build, its macros linked."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "data", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "macros").symlink_to(ROOT / "macros")
    return project


def run_macros(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m macros`` with these arguments, in a bare environment."""
    return subprocess.run(
        [sys.executable, "-m", "macros", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **env},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with --strict."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The real site served on 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched
