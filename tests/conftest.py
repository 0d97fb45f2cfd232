"""Shared fixtures: the real project, and throwaway copies of its data."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

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
