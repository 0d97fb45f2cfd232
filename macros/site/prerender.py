"""A second process that renders pages' macros from the last page back while the build reads them from the first.

MkDocs reads every page (macros, then Markdown) in one loop before it
writes any, and that loop uses one core.  Once the navigation is known,
``Prerender.start`` forks the build: the copy renders the pages' macros
from the end of the list towards the start, and hands each page's result
(the entry the page cache keeps, ``pagecache.Rendered``) to the build,
which takes it instead of rendering the page when it gets there.  The two
meet in the middle; a page both reach is rendered twice, never missed.

The copy changes nothing outside itself: it writes no file of the site
and no log line, and adds no cache entry (it reads the cache over a
connection of its own, and the build closes its connection before the
fork, so nothing it held waits to be written twice).  A failure in it (a
bug, or a page it cannot render) only means the build renders that page
itself, which reports any problem as it always does.  A result is used
only under the key the build works out for the page itself, so what the
copy made is exactly what the build would have made.

Forking is possible only where the system has it and the build has no
other thread (the preview's server does): a fork copies one thread.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import mmap
import os
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from typing import BinaryIO

# A page's result: its key and its entry; None for a page the copy did not keep.
Result = tuple[str, bytes] | None
# One record on the pipe: the page's index, and where its result lies in the file (length -1: none).
_RECORD = struct.Struct("qqq")
# Shared positions: the page the build is at, and the page the copy is at.
_BUILD, _COPY = 0, 8
_POSITION = struct.Struct("q")


def possible() -> bool:
    """Whether this process may be forked: the system has fork and only this thread runs."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Prerender:
    """The build's side: where each page's result is, taken once when the build reaches the page."""

    def __init__(
        self, order: Sequence[str], pid: int, pipe: int, results: BinaryIO, shared: mmap.mmap, froze: bool
    ) -> None:
        # A name given twice is the copy's to read once, at its last place.
        self._index = {src_uri: at for at, src_uri in enumerate(order)}
        self._pid, self._pipe, self._results, self._shared = pid, pipe, results, shared
        self._done: dict[int, tuple[int, int]] = {}  # where each result lies in the file; length -1: none
        self._waiting = b""
        self._ended = False
        self._froze = froze  # whether start froze the collector's view of the build, for stop to undo

    @classmethod
    def start(
        cls, order: Sequence[str], render: Callable[[str], Result], begin: Callable[[], None] = lambda: None
    ) -> Prerender | None:
        """Fork a copy that calls ``begin``, then ``render`` on each page of ``order``, last first.

        None if no copy can be made.
        """
        if not order or not possible():
            return None
        shared = mmap.mmap(-1, 16)
        _POSITION.pack_into(shared, _BUILD, -1)
        _POSITION.pack_into(shared, _COPY, len(order))
        results = tempfile.TemporaryFile()  # noqa: SIM115  # open for the copy's life, closed by stop
        read, write = os.pipe()
        # Ctrl-C waits until the copy ignores it: it is the build's alone to handle.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        # While the copy lives, the build's collections leave what both share alone: a
        # collection writes to every object it visits, and each page written is copied.
        froze = gc.get_freeze_count() == 0
        if froze:
            gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            if froze:
                gc.unfreeze()
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            for fd in (read, write):
                os.close(fd)
            results.close()
            return None
        if pid == 0:  # the copy: whatever happens, it ends here
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                os.close(read)
                _run_copy(order, begin, render, write, results.fileno(), shared)
            finally:
                os._exit(0)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(write)
        os.set_blocking(read, False)
        return cls(order, pid, read, results, shared, froze)

    def reached(self, src_uri: str) -> None:
        """The build is at this page: from now on the copy starts no page at or before it."""
        at = self._index.get(src_uri)
        if at is not None and self._pid and at > _POSITION.unpack_from(self._shared, _BUILD)[0]:
            _POSITION.pack_into(self._shared, _BUILD, at)

    def take(self, src_uri: str) -> Result:
        """The copy's result for this page: waited for if the copy has the page in hand, else None at once."""
        at = self._index.get(src_uri)
        if at is None or self._pid == 0:
            return None
        self.reached(src_uri)
        self._read(wait=False)
        if at not in self._done and not self._ended and _POSITION.unpack_from(self._shared, _COPY)[0] <= at:
            while at not in self._done and not self._ended:
                self._read(wait=True)
        offset, length = self._done.pop(at, (0, -1))
        return None if length < 0 else _result(os.pread(self._results.fileno(), length, offset))

    def stop(self) -> float:
        """The copy ended (it has nothing left to give once the build has read every page) and reaped.

        Returns the CPU seconds the copy spent, which are the build's too.
        """
        if self._pid == 0:
            return 0.0
        _POSITION.pack_into(self._shared, _BUILD, len(self._index))
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        cpu = 0.0
        with contextlib.suppress(ChildProcessError):
            _, _, usage = os.wait4(self._pid, 0)
            cpu = usage.ru_utime + usage.ru_stime
        os.close(self._pipe)
        self._results.close()
        self._shared.close()
        self._pid, self._done = 0, {}
        if self._froze:
            gc.unfreeze()
        return cpu

    def _read(self, wait: bool) -> None:
        """The records the copy has sent; with ``wait``, at least one, or its end."""
        try:
            if wait:
                os.set_blocking(self._pipe, True)
            chunk = os.read(self._pipe, 1 << 16)
        except BlockingIOError:
            return
        finally:
            if wait:
                os.set_blocking(self._pipe, False)
        if not chunk:
            self._ended = True
            return
        self._waiting += chunk
        whole = len(self._waiting) - len(self._waiting) % _RECORD.size
        for at, offset, length in _RECORD.iter_unpack(self._waiting[:whole]):
            self._done[at] = (offset, length)
        self._waiting = self._waiting[whole:]


def _result(payload: bytes) -> Result:
    size = int.from_bytes(payload[:4], "big")
    return payload[4 : 4 + size].decode(), payload[4 + size :]


def _run_copy(
    order: Sequence[str],
    begin: Callable[[], None],
    render: Callable[[str], Result],
    pipe: int,
    results: int,
    shared: mmap.mmap,
) -> None:
    """In the copy: each page from the last, until the build has reached it; never returns."""
    try:  # whatever stops the copy (a bug, the build gone) ends it quietly: the build renders the rest
        gc.freeze()  # what the build made stays shared, untouched by this process's collections
        logging.disable(logging.CRITICAL)  # the build reports every page itself
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115  # whatever they were (a test's capture)
        begin()
        offset = 0
        for at in range(len(order) - 1, -1, -1):
            _POSITION.pack_into(shared, _COPY, at)
            if at <= _POSITION.unpack_from(shared, _BUILD)[0]:
                break
            result = render(order[at])
            if result is None:
                os.write(pipe, _RECORD.pack(at, 0, -1))
                continue
            name = result[0].encode()
            payload = len(name).to_bytes(4, "big") + name + result[1]
            if os.pwrite(results, payload, offset) != len(payload):
                break
            os.write(pipe, _RECORD.pack(at, offset, len(payload)))
            offset += len(payload)
    finally:
        os._exit(0)
