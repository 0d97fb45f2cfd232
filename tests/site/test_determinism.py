"""The same sources build to the same bytes, whatever the hash seed, listing order or clock.

One build runs as usual.  The other runs with another PYTHONHASHSEED,
another time zone and a ``sitecustomize`` that reverses every directory
listing.  Both pin SOURCE_DATE_EPOCH, as ``make build`` and CI do, to a day
long past, so a date read from the clock would show up as today's date.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from macros.site.cache import CACHE_ENV

EPOCH = "1000000000"  # 2001-09-09, a date that appears nowhere in the data

REVERSED_LISTINGS = '''\
"""Reverse every directory listing, to show the build does not depend on it."""
import os

_listdir, _scandir = os.listdir, os.scandir


def listdir(path="."):
    return list(reversed(_listdir(path)))


class _Reversed:
    def __init__(self, iterator):
        with iterator:
            self._entries = list(iterator)[::-1]

    def __iter__(self):
        return self

    def __next__(self):
        if not self._entries:
            raise StopIteration
        return self._entries.pop(0)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._entries = []


def scandir(path="."):
    return _Reversed(_scandir(path))


os.listdir, os.scandir = listdir, scandir
'''


def _build(site: Path, **env: str) -> None:
    # Without the cache: a result kept from the first build would hide a difference in the second.
    result = mkdocs_build(ROOT, site, SOURCE_DATE_EPOCH=EPOCH, **{CACHE_ENV: ""}, **env)
    assert result.returncode == 0, result.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def reversing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reversed-listings")
    (folder / "sitecustomize.py").write_text(REVERSED_LISTINGS)
    return folder


def test_the_listing_order_really_is_reversed(reversing):
    script = "import os, pathlib; print(os.listdir('docs')); print([p.name for p in pathlib.Path('docs').iterdir()])"

    def listing(**env: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=dict(os.environ, **env), capture_output=True, text=True
        )
        return result.stdout.splitlines()

    plain, flipped = listing(), listing(PYTHONPATH=str(reversing))
    assert flipped == [line[:1] + ", ".join(reversed(line[1:-1].split(", "))) + line[-1:] for line in plain]
    assert flipped != plain


def test_build_is_byte_identical_across_seeds_listing_order_and_clock(tmp_path, reversing):
    _build(tmp_path / "a", PYTHONHASHSEED="0", TZ="UTC")
    _build(tmp_path / "b", PYTHONHASHSEED="4242", TZ="Pacific/Kiritimati", PYTHONPATH=str(reversing))
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []

    today = {time.strftime("%Y-%m-%d", time.gmtime()), time.strftime("%Y-%m-%d")}
    for name, content in first.items():
        if name.endswith((".html", ".xml", ".json", ".txt", ".svg")):
            text = content.decode("utf-8")
            assert not any(day in text for day in today), f"{name} shows today's date"
    assert b"2001-09-09" in first["sitemap.xml"]
