"""The share images of a build (cards.py): named by their words, painted once a process, beside a large build."""

from __future__ import annotations

import logging
import multiprocessing
import os
import select
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from macros.render import cardimage
from macros.render.sharecards import Headline, ShareCard
from macros.site import cards
from macros.site.cache import Store
from macros.site.cards import BATCH, CARDS_DIR, SECOND_PROCESS_FROM, CardPainter, path_of

SMALL, LARGE = SECOND_PROCESS_FROM - 1, SECOND_PROCESS_FROM


def a_card(title: str) -> ShareCard:
    return ShareCard("Seq", "Part 1 of 1 · 2024", title, Headline("+0.25", "score"), "", ("#123456",))


def written(site: Path) -> dict[str, bytes]:
    """The cards in a built site, by path."""
    folder = site / CARDS_DIR
    return {path_of(path.stem): path.read_bytes() for path in folder.iterdir()} if folder.is_dir() else {}


def paint_of(title: str) -> bytes:
    return cardimage.paint(a_card(title))


def expected(names: list[str], titles: list[str]) -> dict[str, bytes]:
    return {path_of(name): paint_of(title) for name, title in zip(names, titles, strict=True)}


def test_a_card_is_named_by_its_words_and_painted_once(painted, tmp_path):
    painter = CardPainter()
    painter.expect(SMALL, tmp_path)
    first, again, other = (painter.request(a_card(title)) for title in ("One", "One", "Two"))
    assert first == again != other
    assert CardPainter().request(a_card("One")) == first  # the same words, the same name in any build
    assert painted == ["One", "Two", "One"]
    painter.write({first, other})
    assert written(tmp_path) == {path_of(first): paint_of("One"), path_of(other): paint_of("Two")}


def test_a_card_no_page_shows_any_more_is_forgotten_after_a_whole_build(painted, tmp_path):
    painter = CardPainter()
    painter.expect(SMALL, tmp_path / "one")
    kept, dropped = painter.request(a_card("Kept")), painter.request(a_card("Dropped"))
    painter.write({kept})
    assert set(written(tmp_path / "one")) == {path_of(kept)}
    painter.expect(SMALL, tmp_path / "two")
    painter.request(a_card("Kept"))
    painter.request(a_card("Dropped"))
    assert painted == ["Kept", "Dropped", "Dropped"]
    painter.write({kept, dropped})
    assert set(written(tmp_path / "two")) == {path_of(kept), path_of(dropped)}  # the kept one from memory


def test_a_quick_rebuild_forgets_nothing(painted, tmp_path):
    painter = CardPainter()
    painter.expect(SMALL, tmp_path)
    kept, other = painter.request(a_card("Kept")), painter.request(a_card("Other"))
    painter.write({kept}, whole_site=False)
    painter.request(a_card("Other"))
    assert painted == ["Kept", "Other"]
    painter.write({kept, other})
    assert written(tmp_path) == {path_of(kept): paint_of("Kept"), path_of(other): paint_of("Other")}


def test_a_large_build_paints_in_a_second_process_a_batch_at_a_time(tmp_path):
    painter = CardPainter()
    painter.expect(LARGE, tmp_path)
    before = set(multiprocessing.active_children())
    titles = [f"Beside {index}" for index in range(BATCH + 1)]
    names = [painter.request(a_card(title)) for title in titles[: BATCH - 1]]
    assert set(multiprocessing.active_children()) == before  # nothing sent yet
    names.append(painter.request(a_card(titles[BATCH - 1])))
    assert set(multiprocessing.active_children()) - before  # the painter's own process, painting them
    names.append(painter.request(a_card(titles[BATCH])))  # sent when the cards are written
    painter.write(set(names))
    assert written(tmp_path) == expected(names, titles)
    # A later build into another folder gets the same cards, from memory.
    painter.expect(LARGE, tmp_path / "again")
    assert [painter.request(a_card(title)) for title in titles] == names
    painter.write(set(names))
    assert written(tmp_path / "again") == expected(names, titles)
    painter.close()
    assert set(multiprocessing.active_children()) - before == set()


def test_a_build_that_keeps_no_card_has_them_written_beside_and_asks_the_cache_next_time(tmp_path):
    store = Store(tmp_path / "cache")
    painter = CardPainter(store)
    titles = [f"Kept nowhere {index}" for index in range(BATCH + 1)]
    for site in ("one", "two"):
        painter.expect(LARGE, tmp_path / site, keep=False)
        names = [painter.request(a_card(title)) for title in titles]
        painter.write(set(names))
        assert written(tmp_path / site) == expected(names, titles)
    # The second build found every card in the cache, not in the painter's memory.
    assert store.counts["cards", "hit"] == len(titles)
    painter.close()


def test_closing_forgets_what_was_not_painted_yet(painted, tmp_path):
    painter = CardPainter()
    painter.expect(LARGE, tmp_path)
    titles = [f"Unfinished {index}" for index in range(BATCH + 1)]
    names = [painter.request(a_card(title)) for title in titles]  # a batch sent away, one card still waiting
    assert painted == []
    # However far the second process got, no card it was sent was collected:
    # each is painted again when asked for, whatever the timing.
    painter.close()
    painter.expect(SMALL, tmp_path)
    assert [painter.request(a_card(title)) for title in titles] == names
    assert painted == titles
    painter.write(set(names))
    assert written(tmp_path) == expected(names, titles)


def held_at_start(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """The second process, once started, says so and waits before it paints; the returned call waits for it.

    The process runs ``site.addsitedir`` on the project's folder before its
    first batch (cards.py): pointed at a folder whose ``.pth`` file writes to
    one named pipe and then opens another that nothing ever writes to.
    """
    folder.mkdir()
    ready, hold = folder / "ready", folder / "hold"
    os.mkfifo(ready)
    os.mkfifo(hold)
    say_and_wait = f"os.write(os.open({str(ready)!r}, os.O_WRONLY), b'!'); os.open({str(hold)!r}, os.O_RDONLY)"
    (folder / "hold.pth").write_text(f"{ROOT}\nimport os; {say_and_wait}\n")
    monkeypatch.setattr(cards, "PROJECT", folder)

    def started() -> None:
        reader = os.open(ready, os.O_RDONLY | os.O_NONBLOCK)
        try:
            readable, _, _ = select.select([reader], [], [], 120)
            assert readable and os.read(reader, 1) == b"!", "the second process never started"
        finally:
            os.close(reader)

    return started


def test_a_lost_second_process_leaves_its_cards_to_be_painted_here(caplog, tmp_path, monkeypatch):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.eis")
    started = held_at_start(tmp_path / "hold", monkeypatch)
    painter = CardPainter()
    painter.expect(LARGE, tmp_path)
    before = set(multiprocessing.active_children())
    titles = [f"Lost {index}" for index in range(BATCH)]
    names = [painter.request(a_card(title)) for title in titles]
    started()
    for process in set(multiprocessing.active_children()) - before:
        process.kill()  # held before its first card: it has painted nothing
        process.join()
    painter.write(set(names))
    assert written(tmp_path) == expected(names, titles)
    assert caplog.text.count("painted in the build's own process from now on: the second process stopped") == 1
    painter.expect(LARGE, tmp_path / "after")
    again = [painter.request(a_card(f"After {index}")) for index in range(BATCH)]
    assert set(multiprocessing.active_children()) - before == set()  # no second process is tried again
    painter.write(set(again))
    assert len(written(tmp_path / "after")) == BATCH


# The package imported while the project was on sys.path, which is then put
# back as it was, without the project (as a build of a copied project found
# its package only through the working directory).
OFF_THE_PATH = """
import logging
import sys
from pathlib import Path
logging.basicConfig(level=logging.INFO)
sys.path.insert(0, sys.argv[1])
from macros.render.sharecards import ShareCard
from macros.site import cards
from macros.site.cards import BATCH, SECOND_PROCESS_FROM, CardPainter
sys.path.remove(sys.argv[1])
painter = CardPainter()
painter.expect(SECOND_PROCESS_FROM, Path("site"))
names = {painter.request(ShareCard("S", "", f"Title {index}", None, "", ())) for index in range(BATCH)}
painter.write(names)
print(len(list(Path("site").rglob("*.png"))))
"""


def test_the_second_process_finds_the_package_the_build_no_longer_has_on_its_path(tmp_path):
    result = subprocess.run(
        [sys.executable, "-P", "-c", OFF_THE_PATH, str(ROOT)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(BATCH)
    assert "own process" not in result.stderr and "Error" not in result.stderr, result.stderr
