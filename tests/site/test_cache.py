"""Work kept between builds (cache.py): never trusted when damaged, and never a different site."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment

from conftest import ROOT, CacheFile, compose, mkdocs_build, write_files
from macros.data import load
from macros.render import cardimage
from macros.render.sharecards import Headline, ShareCard
from macros.site import cards, linkcheck, pagecache, pagescan, searchtext
from macros.site.cache import CACHE_DIR, CACHE_ENV, CacheSettings, Store, code_version, files_below, key
from macros.site.cards import CACHE_KIND, SECOND_PROCESS_FROM, CardPainter, path_of
from macros.site.csp import source_hash
from macros.site.pagescan import Scans


def a_card(title: str) -> ShareCard:
    return ShareCard("Seq", "Part 1 of 1 · 2024", title, Headline("+0.25", "score"), "", ("#123456",))


def test_an_entry_comes_back_as_it_was_put(tmp_path):
    store = Store(tmp_path)
    store.put("things", "ab12", b"content")
    assert store.get("things", "ab12") == b"content"  # at once, in the process that put it
    store.flush()
    assert Store(tmp_path).get("things", "ab12") == b"content"
    assert store.get("things", "cd34") is None
    assert store.counts["things", "miss"] == 1
    assert CacheFile(tmp_path).names("things") == ["ab12"]


def test_a_new_file_keeps_large_entries_in_large_pages_and_an_older_file_keeps_its_own(tmp_path):
    store = Store(tmp_path / "new")
    store.put("cards", "ab12", bytes(range(256)) * 160)  # a share card's size
    store.flush()
    written = sqlite3.connect(tmp_path / "new" / "entries.sqlite")
    assert written.execute("PRAGMA page_size").fetchone() == (16384,)
    # Each entry written once, into the file: no write-ahead log beside it (the one mode a file keeps).
    assert written.execute("PRAGMA journal_mode").fetchone() != ("wal",)
    (tmp_path / "old").mkdir()
    older = sqlite3.connect(tmp_path / "old" / "entries.sqlite")
    older.execute("PRAGMA journal_mode = WAL")
    older.execute("CREATE TABLE older (x)")
    older.commit()
    older.close()
    store = Store(tmp_path / "old")
    store.put("cards", "ab12", b"content")
    store.flush()
    assert Store(tmp_path / "old").get("cards", "ab12") == b"content"
    older = sqlite3.connect(tmp_path / "old" / "entries.sqlite")
    assert older.execute("PRAGMA page_size").fetchone() == (4096,)
    assert older.execute("PRAGMA journal_mode").fetchone() != ("wal",)  # taken out of it once no one held it


def test_a_file_another_build_holds_open_is_used_as_it_is(tmp_path):
    held = sqlite3.connect(tmp_path / "entries.sqlite")
    held.execute("PRAGMA journal_mode = WAL")
    held.execute("CREATE TABLE older (x)")
    held.commit()  # still open: its journal cannot be changed
    store = Store(tmp_path)
    store.put("cards", "ab12", b"content")
    store.flush()
    assert Store(tmp_path).get("cards", "ab12") == b"content"
    assert store.counts["cards", "written"] == 1
    held.close()


def test_a_result_is_made_once_and_then_kept_unless_it_does_not_decode(tmp_path):
    made = []

    def make() -> str:
        made.append(1)
        return "result"

    def decode(entry: bytes) -> str | None:
        return entry.decode() if entry != b"not one" else None

    store = Store(tmp_path)
    assert store.kept_or_made("things", "ab12", make, str.encode, decode) == "result"
    assert store.kept_or_made("things", "ab12", make, str.encode, decode) == "result"
    assert len(made) == 1
    store.put("things", "ab12", b"not one")  # whole by its digest, but not what this code writes
    assert store.kept_or_made("things", "ab12", make, str.encode, decode) == "result"
    assert len(made) == 2 and store.get("things", "ab12") == b"result"


def test_what_a_process_puts_is_kept_when_it_ends_without_a_flush(tmp_path):
    program = (
        "from pathlib import Path; from macros.site.cache import Store; "
        f"Store(Path({str(tmp_path)!r})).put('things', 'ab12', b'kept')"
    )
    subprocess.run([sys.executable, "-c", program], check=True, env={"PYTHONPATH": str(ROOT)})
    assert Store(tmp_path).get("things", "ab12") == b"kept"


def test_builds_side_by_side_each_keep_what_they_put(tmp_path):
    one, two = Store(tmp_path), Store(tmp_path)
    one.put("things", "one", b"1")
    two.put("things", "two", b"2")
    assert one.get("things", "two") is None  # not yet written
    two.flush()
    one.flush()
    assert (one.get("things", "two"), two.get("things", "one")) == (b"2", b"1")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda entry: entry[:-3], id="truncated"),
        pytest.param(lambda entry: entry[:-7] + b"CHANGED", id="altered"),
        pytest.param(lambda entry: b"", id="emptied"),
    ],
)
def test_a_damaged_entry_is_not_trusted_but_removed(tmp_path, damage):
    store = Store(tmp_path)
    store.put("things", "ab12", b"the content as it was made")
    store.put("things", "cd34", b"another")
    store.flush()
    CacheFile(tmp_path).alter("things", "ab12", damage)
    later = Store(tmp_path)
    assert later.get("things", "ab12") is None
    assert later.counts["things", "rebuilt"] == 1
    later.flush()
    assert CacheFile(tmp_path).names("things") == ["cd34"]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda file: file[: len(file) // 2], id="truncated"),
        pytest.param(lambda file: file[:100] + bytes(len(file) - 100), id="zeroed"),
        pytest.param(lambda file: b"not a database at all", id="replaced"),
    ],
)
def test_a_damaged_file_is_not_trusted_but_made_again(tmp_path, damage):
    store = Store(tmp_path)
    for index in range(200):
        store.put("things", f"{index:04}", f"entry {index} ".encode() * 50)
    store.close()
    path = CacheFile(tmp_path).path
    path.write_bytes(damage(path.read_bytes()))
    later = Store(tmp_path)
    found = [later.get("things", f"{index:04}") for index in range(200)]
    # What comes back is what was put (its digest holds); the damage is found.
    assert all(entry in (None, f"entry {index} ".encode() * 50) for index, entry in enumerate(found))
    assert None in found
    later.put("things", "0001", b"made again")
    later.flush()
    assert Store(tmp_path).get("things", "0001") == b"made again"


def test_without_a_folder_nothing_is_kept(tmp_path):
    store = Store(None)
    store.put("things", "ab12", b"content")
    assert store.get("things", "ab12") is None
    assert not store


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    store = Store(tmp_path / "file")
    store.put("things", "ab12", b"content")
    store.flush()  # no exception
    assert Store(tmp_path / "file").get("things", "ab12") is None


def test_keys_differ_with_any_part_and_with_where_the_parts_split():
    assert key("a", "bc") != key("ab", "c")
    assert key("a", b"b") == key(b"a", "b")
    assert len({key("code 1", "input"), key("code 2", "input"), key("code 1", "other")}) == 3


def test_the_code_version_follows_the_source_and_the_libraries():
    assert code_version(cards) == code_version(cards)
    assert code_version(cards) != code_version(pagescan)
    assert code_version(cards) != code_version(cards, libraries=("pillow",))


def test_where_the_cache_lives_is_one_setting(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    assert CacheSettings.from_environment().store(tmp_path).root == tmp_path / CACHE_DIR
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "elsewhere"))
    assert CacheSettings.from_environment().store(tmp_path).root == tmp_path / "elsewhere"
    monkeypatch.setenv(CACHE_ENV, "")
    assert not CacheSettings.from_environment().store(tmp_path)


# -- share cards ----------------------------------------------------------------


def test_a_card_painted_by_an_earlier_build_is_not_painted_again(painted, tmp_path):
    first = CardPainter(Store(tmp_path / "cache"))
    first.expect(1, tmp_path / "one")
    name = first.request(a_card("Kept"))
    first.write({name})
    first.store.flush()  # as the build does at its end
    later = CardPainter(Store(tmp_path / "cache"))  # a new process
    later.expect(1, tmp_path / "two")
    assert later.request(a_card("Kept")) == name
    later.write({name})
    assert painted == ["Kept"]
    assert (tmp_path / "two" / path_of(name)).read_bytes() == cardimage.paint(a_card("Kept"))


def test_a_card_altered_in_the_cache_is_painted_again_not_shown(painted, tmp_path):
    store = Store(tmp_path / "cache")
    first = CardPainter(store)
    first.expect(1, tmp_path / "one")
    name = first.request(a_card("Kept"))
    store.flush()
    cache = CacheFile(tmp_path / "cache")
    entry = cache.content(CACHE_KIND, name)
    cache.alter(CACHE_KIND, name, lambda png: png[:-16] + bytes(16))  # the same length, other pixels
    later = CardPainter(Store(tmp_path / "cache"))
    later.expect(1, tmp_path / "two")
    later.request(a_card("Kept"))
    later.write({name})
    assert painted == ["Kept", "Kept"]
    assert (tmp_path / "two" / path_of(name)).read_bytes() == cardimage.paint(a_card("Kept"))
    assert later.store.counts[CACHE_KIND, "rebuilt"] == 1
    later.store.flush()
    assert cache.content(CACHE_KIND, name) == entry  # and kept again, whole


def test_cards_painted_in_the_second_process_are_kept_too(tmp_path):
    painter = CardPainter(Store(tmp_path / "cache"))
    painter.expect(SECOND_PROCESS_FROM, tmp_path / "site")
    names = {painter.request(a_card(f"Beside {index}")) for index in range(3)}
    painter.write(names)
    painter.close()
    later = CardPainter(Store(tmp_path / "cache"))
    later.expect(SECOND_PROCESS_FROM, tmp_path / "again")
    assert {later.request(a_card(f"Beside {index}")) for index in range(3)} == names
    assert later._pool is None  # nothing to paint, so no second process
    later.write(names)
    assert later.store.counts[CACHE_KIND, "hit"] == 3


# -- page scans -------------------------------------------------------------------

PAGE = '<html><head><meta charset="utf-8"><script>go()</script></head><body><a href="#x" id="x">x</a></body></html>'


def test_a_page_is_read_once_for_its_policy_and_its_links(tmp_path, monkeypatch):
    scans = Scans(Store(tmp_path))
    found = scans.page(PAGE)
    assert found.inline.scripts == (source_hash("go()"),)
    assert found.document.ids == {"x"}
    scans.store.flush()
    monkeypatch.setattr(pagescan, "scan_page", lambda html: pytest.fail("read again"))
    assert Scans(Store(tmp_path)).page(PAGE) == found
    scans.written("the written page", found.document)
    (tmp_path / "page.html").write_text("the written page")
    assert scans.document(tmp_path / "page.html") is found.document


def test_a_page_scan_altered_in_the_cache_is_read_again(tmp_path):
    store = Store(tmp_path)
    found = Scans(store).page(PAGE)
    store.flush()
    cache = CacheFile(tmp_path)
    (name,) = cache.names(pagescan.CACHE_KIND)
    go, no = source_hash("go()").encode(), source_hash("no()").encode()
    cache.alter(pagescan.CACHE_KIND, name, lambda entry: entry.replace(go, no))
    later = Scans(Store(tmp_path))
    assert later.page(PAGE) == found
    assert later.store.counts[pagescan.CACHE_KIND, "rebuilt"] == 1


# -- whole builds -------------------------------------------------------------------


def _files(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


# Every kind of entry a build keeps.
KINDS = (
    CACHE_KIND,
    pagescan.CACHE_KIND,
    pagescan.LINKS_KIND,
    pagecache.CACHE_KIND,
    pagecache.FILES_KIND,
    pagecache.CARD_KIND,
    linkcheck.CACHE_KIND,
    load.CACHE_KIND,
    searchtext.CACHE_KIND,
)


def _build(project: Path, site: Path, cache: Path | None) -> dict[str, str]:
    result = mkdocs_build(project, site, SOURCE_DATE_EPOCH="1000000000", **{CACHE_ENV: str(cache or "")})
    assert result.returncode == 0, result.stderr
    return _files(site)


def test_cold_warm_cacheless_and_repaired_builds_write_the_same_site(tmp_path):
    project = compose(tmp_path / "project")
    cache = tmp_path / "cache"
    cold = _build(project, tmp_path / "cold", cache)
    entries = CacheFile(cache)
    kinds = {kind for kind in KINDS if entries.names(kind)}
    assert {
        CACHE_KIND,
        pagescan.CACHE_KIND,
        pagecache.CACHE_KIND,
        pagecache.FILES_KIND,
        pagecache.CARD_KIND,
        linkcheck.CACHE_KIND,
        searchtext.CACHE_KIND,
    } <= kinds
    assert _build(project, tmp_path / "warm", cache) == cold
    assert _build(project, tmp_path / "none", None) == cold
    assert not (project / CACHE_DIR).exists()
    # Every entry altered by hand, keeping its length: a build that trusted
    # any of them would write other cards or other policies.
    altered = {}
    for kind in KINDS:
        for name in entries.names(kind):
            entries.alter(kind, name, lambda entry: entry[:-1] + bytes([entry[-1] ^ 0xFF]))
            altered[kind, name] = entries.content(kind, name)
    assert altered
    assert _build(project, tmp_path / "repaired", cache) == cold
    assert all(entries.content(kind, name) != content for (kind, name), content in altered.items())
    # The file itself damaged: a build that read it as it is would fail or write another site.
    file = bytearray(entries.path.read_bytes())
    file[len(file) // 3 :] = bytes(len(file) - len(file) // 3)
    entries.path.write_bytes(bytes(file))
    assert _build(project, tmp_path / "from-a-damaged-file", cache) == cold
    assert _build(project, tmp_path / "after", cache) == cold
    shutil.rmtree(cache)


def _cache_counts(stderr: str, kind: str) -> dict[str, int]:
    """What the build's verbose log says it did with one kind of entry."""
    found = re.search(rf"cache: .*?\b{kind}: ([0-9]+) hit, ([0-9]+) miss, ([0-9]+) rebuilt, ([0-9]+) written", stderr)
    assert found is not None, stderr
    return dict(zip(("hit", "miss", "rebuilt", "written"), map(int, found.groups()), strict=True))


def test_a_page_unchanged_is_not_rendered_again_and_a_data_change_reaches_it(tmp_path):
    project = compose(tmp_path / "project")
    cache = tmp_path / "cache"
    env = {"SOURCE_DATE_EPOCH": "1000000000", CACHE_ENV: str(cache)}
    cold = mkdocs_build(project, tmp_path / "cold", "--verbose", **env)
    assert cold.returncode == 0, cold.stderr
    written = _cache_counts(cold.stderr, pagecache.CACHE_KIND)["written"]
    assert written > 0
    warm = mkdocs_build(project, tmp_path / "warm", "--verbose", **env)
    assert warm.returncode == 0, warm.stderr
    assert _cache_counts(warm.stderr, pagecache.CACHE_KIND) == {"hit": written, "miss": 0, "rebuilt": 0, "written": 0}
    before = _files(tmp_path / "cold")
    assert _files(tmp_path / "warm") == before
    # A figure from the data on a page whose source did not change: the page
    # is rendered again, as a build without the cache renders it.
    markets = project / "data" / "markets.yaml"
    markets.write_text(markets.read_text(encoding="utf-8").replace("p: 0.63", "p: 0.61"), encoding="utf-8")
    changed = _build(project, tmp_path / "changed", cache)
    assert changed == _build(project, tmp_path / "fresh", None)
    part = "parts/eis-xiv/index.html"
    assert changed[part] != before[part]
    assert "61%" in (tmp_path / "changed" / part).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("template", "alone"),
    [
        pytest.param("{{ cite('a') }} and {% for x in [1] %}{{ tier_badge(x) }}{% endfor %}", True, id="macros only"),
        pytest.param("{{ page.title }}", False, id="a variable"),
        pytest.param("{{ config.site_name }}", False, id="the configuration"),
        pytest.param("{% include 'other.md' %}", False, id="another file"),
    ],
)
def test_only_a_page_made_from_its_text_and_the_data_alone_is_kept(template, alone):
    tree = Environment().parse(template)
    assert pagecache.renders_alone(tree, ("cite", "tier_badge")) is alone


def test_files_packed_for_the_cache_come_back_as_they_were():
    files = {"a.json": b"{}", "badges/\u00e9.svg": bytes(range(256)), "empty": b""}
    assert pagecache.unpack_files(pagecache.pack_files(files)) == files
    assert pagecache.unpack_files(pagecache.pack_files(files)[:-3]) is None


def _check_links(site: Path, cache: Path) -> tuple[linkcheck.LinkReport, Store]:
    """A check of the site as a new build's: a new process's memory, the cache on disk."""
    scans, store = Scans(Store(cache)), Store(cache)
    report = linkcheck.check_site(
        site, "/", scanner=scans.document, store=store, digests=lambda name: scans.digest(site / name)
    )
    store.flush()  # as the build does at its end
    return report, store


def test_a_pages_links_are_kept_until_a_page_they_name_changes(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "a.html").write_text('<a href="b.html#x">b</a><img src="i.png">', encoding="utf-8")
    (site / "b.html").write_text('<p id="x">here</p>', encoding="utf-8")
    (site / "i.png").write_bytes(b"png")
    first, store = _check_links(site, cache)
    assert first.problems == () and store.counts[linkcheck.CACHE_KIND, "written"] == 2
    again, store = _check_links(site, cache)
    assert again == first and store.counts[linkcheck.CACHE_KIND, "hit"] == 2
    (site / "b.html").write_text('<p id="y">moved</p>', encoding="utf-8")
    (site / "i.png").unlink()
    changed, store = _check_links(site, cache)
    assert changed == linkcheck.check_site(site, "/")
    assert len(changed.problems) == 2 and "no element with id 'x' in b.html" in changed.problems[0]


def test_a_cards_words_come_back_from_the_cache_as_they_were():
    for card in (a_card("Kept"), ShareCard("", "", "Home", None, "What the site is", ("#000000",))):
        assert pagecache.decode_card(pagecache.encode_card(card)) == card
    assert pagecache.decode_card(b'["a", 1]') is None


def test_files_below_lists_every_file_with_its_time_and_size_in_path_order(tmp_path: Path):
    write_files(tmp_path, {"b.yaml": "bb", "a/z.yaml": "z", "a-c.txt": "", ".hidden": "h", "a/y/x.md": "xxx"})
    (tmp_path / "a" / "__pycache__").mkdir()
    (tmp_path / "a" / "__pycache__" / "m.pyc").write_bytes(b"compiled")
    found = files_below(tmp_path)
    names = [name for name, _, _ in found]
    assert names == sorted(names) == [".hidden", "a-c.txt", "a/y/x.md", "a/z.yaml", "b.yaml"]
    for name, mtime, size in found:
        stat = (tmp_path / name).stat()
        assert (mtime, size) == (stat.st_mtime_ns, stat.st_size)


def test_files_below_a_file_is_the_file_and_nothing_is_nothing(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    assert [name for name, _, _ in files_below(tmp_path / "mkdocs.yml")] == [""]
    assert files_below(tmp_path / "missing") == []
