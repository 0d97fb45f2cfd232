"""Data files read into located nodes are kept between builds, and read back exactly as parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, ROOT, CacheFile
from macros.data import load, yamlsrc
from macros.site.cache import Store

ODD = {
    "values.yaml": 'a: 1\nb: 0.10\nc: "20%"\nd: ~\ne: true\nf: .nan\ng: yes\nh: [1, {i: -2e3}]\nj: &x 1\nk: *x\n',
    "broken.yaml": "a: [\n",
    "twice.yaml": "a: 1\na: 2\n",
}


# Folders, not their files: the real data is read when the test runs, never at import.
@pytest.mark.parametrize("folder", [DATA, ROOT / "data"], ids=["fixture", "real"])
def test_every_data_file_reads_back_as_parsed(folder: Path):
    sources = sorted(folder.rglob("*.yaml"))
    assert sources
    for path in sources:
        parsed = yamlsrc.parse("data/x.yaml", path.read_text(encoding="utf-8"))
        assert yamlsrc.load_parsed("data/x.yaml", yamlsrc.dump_parsed(*parsed)) == parsed, path


@pytest.mark.parametrize("text", ODD.values(), ids=list(ODD))
def test_values_problems_and_unreadable_files_read_back_as_parsed(text: str):
    parsed = yamlsrc.parse("data/x.yaml", text)
    back = yamlsrc.load_parsed("data/x.yaml", yamlsrc.dump_parsed(*parsed))
    assert back == parsed
    if back[0] is not None:  # the same types, not only equal values: 1 is not True, "1" is not 1
        assert repr(back[0]) == repr(parsed[0])


def test_anything_else_is_not_read_as_a_parsed_file():
    for entry in ("[]", '{"node": ["s", 1]}', '{"node": ["s", 1, 1, "a", false, "d", "x"], "problems": []}', "{"):
        with pytest.raises(ValueError):
            yamlsrc.load_parsed("data/x.yaml", entry)


def test_a_check_with_kept_files_finds_what_one_without_finds(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT / "tests" / "fixtures" / "site")
    store = Store(tmp_path)
    plain = load.check(Path("data"), Path("docs"))
    load._read.clear()
    assert load.check(Path("data"), Path("docs"), store) == plain  # cold: parsed and kept
    assert store.counts[load.CACHE_KIND, "written"] == len(list(Path("data").rglob("*.yaml")))
    load._read.clear()
    store.flush()
    # Every kept file altered: each is found out by its digest and parsed again.
    cache = CacheFile(tmp_path)
    for name in cache.names(load.CACHE_KIND):
        cache.alter(load.CACHE_KIND, name, lambda entry: entry.replace(b'"', b"'"))
    again = Store(tmp_path)
    assert load.check(Path("data"), Path("docs"), again) == plain
    assert again.counts[load.CACHE_KIND, "rebuilt"] == store.counts[load.CACHE_KIND, "written"]
    again.flush()
    load._read.clear()
    warm = Store(tmp_path)
    assert load.check(Path("data"), Path("docs"), warm) == plain
    assert warm.counts[load.CACHE_KIND, "hit"] == store.counts[load.CACHE_KIND, "written"]
    load._read.clear()
