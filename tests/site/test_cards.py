"""The share images of a build (cards.py): named by their words, painted once a process, beside a large build."""

from __future__ import annotations

import logging
import multiprocessing
import subprocess
import sys

import pytest

from conftest import ROOT
from macros.render import cardimage
from macros.render.sharecards import Headline, ShareCard
from macros.site import cards
from macros.site.cards import BATCH, CARDS_DIR, SECOND_PROCESS_FROM, CardPainter, path_of


def a_card(title: str) -> ShareCard:
    return ShareCard("Seq", "Part 1 of 1 · 2024", title, Headline("+0.25", "score"), "", ("#123456",))


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles painted in this process, in order."""
    titles: list[str] = []
    paint = cardimage.paint

    def counting(card: ShareCard) -> bytes:
        titles.append(card.title)
        return paint(card)

    monkeypatch.setattr(cards.cardimage, "paint", counting)
    return titles


def test_a_card_is_named_by_its_words_and_painted_once(painted):
    painter = CardPainter()
    painter.expect(SECOND_PROCESS_FROM - 1)
    first, again, other = (painter.request(a_card(title)) for title in ("One", "One", "Two"))
    assert first == again != other
    assert CardPainter().request(a_card("One")) == first  # the same words, the same name in any build
    assert painted == ["One", "Two", "One"]
    assert painter.images({first, other}) == {
        path_of(first): cardimage.paint(a_card("One")),
        path_of(other): cardimage.paint(a_card("Two")),
    }
    assert path_of(first).startswith(CARDS_DIR + "/") and path_of(first).endswith(".png")


def test_a_card_no_page_shows_any_more_is_forgotten_after_a_whole_build(painted):
    painter = CardPainter()
    kept, dropped = painter.request(a_card("Kept")), painter.request(a_card("Dropped"))
    assert set(painter.images({kept})) == {path_of(kept)}
    painter.request(a_card("Kept"))
    painter.request(a_card("Dropped"))
    assert painted == ["Kept", "Dropped", "Dropped"]
    assert path_of(dropped) in painter.images({kept, dropped})


def test_a_quick_rebuild_forgets_nothing(painted):
    painter = CardPainter()
    kept, other = painter.request(a_card("Kept")), painter.request(a_card("Other"))
    assert set(painter.images({kept}, whole_site=False)) == {path_of(kept)}
    painter.request(a_card("Other"))
    assert painted == ["Kept", "Other"]
    assert set(painter.images({kept, other})) == {path_of(kept), path_of(other)}


def test_a_large_build_paints_in_a_second_process_a_batch_at_a_time():
    painter = CardPainter()
    painter.expect(SECOND_PROCESS_FROM)
    before = set(multiprocessing.active_children())
    cards = [a_card(f"Beside {index}") for index in range(BATCH + 1)]
    names = [painter.request(card) for card in cards[: BATCH - 1]]
    assert set(multiprocessing.active_children()) == before  # nothing sent yet
    names.append(painter.request(cards[BATCH - 1]))
    assert set(multiprocessing.active_children()) - before  # the painter's own process, painting them
    names.append(painter.request(cards[BATCH]))  # sent when the images are asked for
    assert painter.images(set(names)) == {
        path_of(name): cardimage.paint(card) for name, card in zip(names, cards, strict=True)
    }
    painter.close()
    assert set(multiprocessing.active_children()) - before == set()


def test_closing_forgets_what_was_not_painted_yet():
    painter = CardPainter()
    painter.expect(SECOND_PROCESS_FROM)
    names = [painter.request(a_card(f"Unfinished {index}")) for index in range(BATCH + 1)]
    painter.close()
    painter.expect(SECOND_PROCESS_FROM - 1)
    assert [painter.request(a_card(f"Unfinished {index}")) for index in range(BATCH + 1)] == names
    assert painter.images(set(names))[path_of(names[0])] == cardimage.paint(a_card("Unfinished 0"))


def test_a_lost_second_process_leaves_its_cards_to_be_painted_here(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.eis")
    painter = CardPainter()
    painter.expect(SECOND_PROCESS_FROM)
    before = set(multiprocessing.active_children())
    names = [painter.request(a_card(f"Lost {index}")) for index in range(BATCH)]
    for process in set(multiprocessing.active_children()) - before:
        process.kill()  # while it is still starting, before it paints
    images = painter.images(set(names))
    assert images == {path_of(name): cardimage.paint(a_card(f"Lost {index}")) for index, name in enumerate(names)}
    assert caplog.text.count("painted in the build's own process from now on: the second process stopped") == 1
    painter.expect(SECOND_PROCESS_FROM)
    again = [painter.request(a_card(f"After {index}")) for index in range(BATCH)]
    assert set(multiprocessing.active_children()) - before == set()  # no second process is tried again
    assert painter.images(set(again))[path_of(again[0])] == cardimage.paint(a_card("After 0"))


# As under `mkdocs build`: the package imported while the project was on
# sys.path, which MkDocs then put back as it was, without the project.
AFTER_THE_HOOK = """
import logging
import sys
logging.basicConfig(level=logging.INFO)
sys.path.insert(0, sys.argv[1])
from macros.render.sharecards import ShareCard
from macros.site.cards import BATCH, SECOND_PROCESS_FROM, CardPainter
sys.path.remove(sys.argv[1])
painter = CardPainter()
painter.expect(SECOND_PROCESS_FROM)
names = {painter.request(ShareCard("S", "", f"Title {index}", None, "", ())) for index in range(BATCH)}
print(len(painter.images(names)))
"""


def test_the_second_process_finds_the_package_the_build_no_longer_has_on_its_path(tmp_path):
    result = subprocess.run(
        [sys.executable, "-P", "-c", AFTER_THE_HOOK, str(ROOT)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(BATCH)
    assert "own process" not in result.stderr and "Error" not in result.stderr, result.stderr
