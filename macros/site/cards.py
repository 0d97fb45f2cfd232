"""Each page's share image, painted beside the build.

A page asks for its card as it is rendered and learns the card's address
at once; the painting runs in a second process while the build goes on,
and the build writes the images once every page is done.  A card is named
by a digest of its words and of the design, so an unchanged card keeps its
address (and a link preview's cached copy stays right) and is painted once
a process: a preview rebuild paints only the cards whose words changed.
Since the name is a digest of everything the picture is made from, it is
also the card's key in the build's cache (cache.py): a card painted by an
earlier build is read back, checked against its digest, and never painted
again.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import signal
import site
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from macros.render import cardimage
from macros.render.sharecards import ShareCard
from macros.site.cache import Store

CARDS_DIR = "assets/cards"
# The cache's name for the painted cards.
CACHE_KIND = "cards"
# Fewer cards than this are painted in the build's own process: starting a
# second one costs more than painting them (about 5 ms a card).  The plugin's
# option cards_second_process_from (mkdocs.yml) defaults to it.
SECOND_PROCESS_FROM = 100
# Cards sent to the second process at once: each message costs the build a
# little of its own time, and the last batch is waited for at the end.
BATCH = 16
# Where the package lies, for the second process to import it from.
PROJECT = Path(__file__).resolve().parents[2]

log = logging.getLogger("mkdocs.plugins.eis")

# What the second process sends back: the names of the cards it wrote, their
# PNGs by name when the build keeps them, and the CPU seconds it took.
_Painted = tuple[tuple[str, ...], dict[str, bytes], float]


class CardPainter:
    """The painted cards by name, kept for the whole process; painted in a second process for a large site."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store or Store(None)  # the build's cache, set by the build once it knows its folder
        self._painted: dict[str, bytes | Future[_Painted]] = {}
        self._waiting: dict[str, ShareCard] = {}  # for the second process, not sent yet
        self._cards: dict[str, ShareCard] = {}  # what each was painted from, to paint it here if the process is lost
        self._pool: ProcessPoolExecutor | None = None
        self._beside = False
        self._no_second_process = False
        self._folder = Path()
        self._this_build: set[Future[_Painted]] = set()  # sent by this build: they write their own files
        self._keep = True  # whether this build keeps each card's PNG for the next build of the process
        self.beside_cpu = 0.0  # CPU seconds the second process spent painting this build's cards

    def expect(
        self, pages: int, site_dir: Path, second_process_from: int = SECOND_PROCESS_FROM, keep: bool = True
    ) -> None:
        """A build of ``pages`` pages into ``site_dir`` begins.

        From ``second_process_from`` pages on, painting moves to a second
        process.  With ``keep``, each card's PNG stays in memory for the
        process's next build (a preview's rebuild writes an unchanged card
        without asking the cache); without, the second process writes the
        cards it paints and sends back only their names, not megabytes of
        PNGs that a build about to end would hold for nothing.
        """
        self._keep = keep
        self._beside = pages >= second_process_from and not self._no_second_process
        self._folder = site_dir / CARDS_DIR
        self._this_build = set()
        self.beside_cpu = 0.0

    def request(self, card: ShareCard) -> str:
        """The card's name; it is painted now, or beside the build."""
        name = card.digest(cardimage.design())
        if name in self._cards:
            return name
        self._cards[name] = card
        kept = self.store.get(CACHE_KIND, name)
        if kept is not None:
            self._painted[name] = kept
        elif self._second() is None:
            self._painted[name] = png = cardimage.paint(card)
            self.store.put(CACHE_KIND, name, png)
        else:
            self._waiting[name] = card
            if len(self._waiting) >= BATCH:
                self._send()
        return name

    def write(self, names: set[str], whole_site: bool = True) -> None:
        """Each card named, written into the site once painted.

        The second process writes the cards it paints for this build itself,
        so that the build's own process spends no time on them.  After a
        build of the whole site, the cards it did not ask for are forgotten;
        a quick rebuild asks only for its own pages' cards.
        """
        self._send()
        if whole_site:
            for name in [name for name in self._cards if name not in names]:
                self._painted.pop(name, None)
                del self._cards[name]
        if names:
            self._folder.mkdir(parents=True, exist_ok=True)
        beside: set[str] = set()  # written into the site by the second process
        for name in sorted(names):
            if name in beside:
                continue
            painted = self._painted[name]
            if isinstance(painted, Future):
                written = painted in self._this_build
                try:
                    # A painting error is raised here, with the second process's traceback.
                    done, batch, seconds = painted.result()
                except BrokenProcessPool:
                    # The process itself died (killed, out of memory): not the card's fault.
                    self._without_second_process("the second process stopped")
                    done, batch, seconds, written = (), {name: self._paint_here(name)}, 0.0, False
                self._painted.update((each, png) for each, png in batch.items() if each in self._cards)
                if written:
                    # The whole batch is in the site already.
                    self._this_build.discard(painted)
                    self.beside_cpu += seconds
                    beside.update(done)
                    continue
                painted = batch[name]
            (self._folder / f"{name}.png").write_bytes(painted)
        if not self._keep:
            # Written, and not sent back: a later build of this process asks the cache again.
            for name in [name for name, painted in self._painted.items() if isinstance(painted, Future)]:
                del self._painted[name], self._cards[name]

    def close(self) -> None:
        """Ends the second process, if there is one, and forgets what it had not yet painted."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        unpainted = [name for name, painted in self._painted.items() if isinstance(painted, Future)]
        for name in [*unpainted, *self._waiting]:
            self._painted.pop(name, None)
            del self._cards[name]
        self._waiting = {}

    def _send(self) -> None:
        """The cards waiting, to the second process in one message (or painted here, if it is gone)."""
        batch, self._waiting = self._waiting, {}
        if not batch:
            return
        pool = self._second()
        if pool is None:
            self._painted.update((name, self._paint_here(name)) for name in batch)
            return
        root = str(self.store.root) if self.store.root is not None else None
        future = pool.submit(_paint, tuple(batch.items()), str(self._folder), os.getpid(), root, self._keep)
        self._this_build.add(future)
        self._painted.update((name, future) for name in batch)

    def _paint_here(self, name: str) -> bytes:
        png = cardimage.paint(self._cards[name])
        self.store.put(CACHE_KIND, name, png)
        return png

    def _second(self) -> ProcessPoolExecutor | None:
        if self._pool is None and self._beside:
            try:
                # Not forked: the preview's server has threads of its own.
                # The second process starts with the build's sys.path as it is now,
                # which may not have the project on it (a copy run as `python -m mkdocs`
                # has it only as the working directory), so it is added.
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=site.addsitedir,
                    initargs=(str(PROJECT),),
                )
            except (OSError, ImportError, NotImplementedError) as error:  # e.g. no working sem_open
                self._without_second_process(str(error))
        return self._pool

    def _without_second_process(self, why: str) -> None:
        if not self._no_second_process:
            log.info("share images are painted in the build's own process from now on: %s", why)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._beside, self._no_second_process, self._pool = False, True, None


def path_of(name: str) -> str:
    return f"{CARDS_DIR}/{name}.png"


def _paint(
    batch: tuple[tuple[str, ShareCard], ...], folder: str, parent: int, cache: str | None, send_back: bool = True
) -> _Painted:
    """In the second process: a batch of cards, each written into ``folder`` (and the cache).

    With ``send_back``, the PNGs are returned by name too.
    """
    _follow_parent(parent)
    start = time.process_time()
    painted = {name: cardimage.paint(card) for name, card in batch}
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    store = Store(Path(cache) if cache is not None else None)
    for name, png in painted.items():
        (target / f"{name}.png").write_bytes(png)
        store.put(CACHE_KIND, name, png)
    store.flush()
    return tuple(painted), painted if send_back else {}, time.process_time() - start


@functools.cache  # once a process
def _follow_parent(parent: int) -> None:
    """In the second process: Ctrl-C is the build's to handle, and the process ends when the build does.

    A build stopped by a signal never shuts its pool down, and the pool's
    queue would keep the second process waiting for ever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
