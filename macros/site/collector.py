"""The garbage collector's pace while a build runs, and as it was once the build ends.

A build makes millions of objects that live until it ends: the data's
figures, every page's Markdown, tree and HTML, the cache's entries.  At
CPython's default pace (a collection every 700 new objects, the whole heap
walked after every tenth of the middle generation's) the collector walks
them again and again: about 1.2 s of a 1,000-post build's CPU, most of it
in full collections that free next to nothing.  While a build runs, the
young generation is collected every few thousand objects and the older
ones seldom; nothing is kept longer than the build would keep it, and the
pace is put back when the build ends, so a preview's server waits between
rebuilds as Python left it.
"""

from __future__ import annotations

import gc

# Young objects between collections, and collections of each generation before the next is collected.
BUILD_PACE = (5_000, 20, 20)


class Pace:
    """The collector's thresholds, set for a build and restored after it."""

    def __init__(self, during: tuple[int, int, int] = BUILD_PACE) -> None:
        self._during = during
        self._before: tuple[int, int, int] | None = None

    def building(self) -> None:
        """A build begins: the collector keeps the build's pace until ``ended``."""
        if self._before is None:
            self._before = gc.get_threshold()
        gc.set_threshold(*self._during)

    def ended(self) -> None:
        """The build ended (done or failed): the collector's pace is what it was before."""
        if self._before is not None:
            gc.set_threshold(*self._before)
            self._before = None
