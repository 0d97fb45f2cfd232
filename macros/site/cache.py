"""Work kept between builds: a content-addressed store under ``.cache/eis``.

Each result is filed under a key made from everything it is made from:
its inputs and the code that makes it (the sources of the modules that
compute it and the versions of the libraries they call).  A changed input
or a changed line of that code is a new key, so an entry is never stale;
old entries are simply never asked for again (``make clean`` removes them).

The entries are rows of one SQLite file, ``entries.sqlite``, each with a
digest of its own content.  One that is missing, truncated, altered or
unreadable is not trusted: it is deleted, reported as rebuilt and made
again, so a build with a cold cache, a warm one and none at all writes the
same bytes; a file that is no database any more is replaced by an empty
one.  SQLite's transactions let builds side by side (the tests') read and
write the one file without ever reading half an entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType
from typing import TypeVar

# Where the cache lives, relative to the project's folder (mkdocs.yml's).
CACHE_DIR = ".cache/eis"
# Set to another folder to keep the cache there, or to nothing to build without one.
CACHE_ENV = "EIS_CACHE_DIR"

T = TypeVar("T")
# The one file the entries live in, in the cache's folder.
ENTRIES = "entries.sqlite"
_VERSION = 1  # of the table below; a file with another is emptied
_SCHEMA = (
    "CREATE TABLE entries (kind TEXT NOT NULL, name TEXT NOT NULL,"
    " digest BLOB NOT NULL, content BLOB NOT NULL, PRIMARY KEY (kind, name))"
)
# Held in memory until this many entries, or bytes, wait to be written.
_MOST_WAITING = 2000
_MOST_WAITING_BYTES = 32 * 1024 * 1024
_PAGE_SIZE = 16384  # bytes; SQLite's default is 4096
_WAIT_FOR_LOCK = 5.0  # seconds another build may hold the file for writing


@dataclass(frozen=True)
class CacheSettings:
    """Where the build keeps its work between runs; ``directory=None`` builds without a cache."""

    directory: str | None = CACHE_DIR

    @classmethod
    def from_environment(cls, directory: str | None = CACHE_DIR) -> CacheSettings:
        """``directory`` (the plugin's cache_dir), unless EIS_CACHE_DIR moves the cache or, empty, turns it off."""
        if CACHE_ENV not in os.environ:
            return cls(directory)
        return cls(os.environ[CACHE_ENV] or None)

    def store(self, project: Path) -> Store:
        return Store(project / self.directory if self.directory is not None else None)


def code_version(*modules: ModuleType, libraries: tuple[str, ...] = ()) -> str:
    """A digest of what a result's code is: the modules' sources and the named libraries' versions."""
    digest = hashlib.sha256()
    for module in modules:
        source = module.__file__
        if source is None:
            raise ValueError(f"{module.__name__} has no source file to key a cache by")
        digest.update(module.__name__.encode() + b"\0" + Path(source).read_bytes() + b"\0")
    for name in libraries:
        try:
            found = version(name)
        except PackageNotFoundError:
            found = "none"
        digest.update(f"{name}={found}\0".encode())
    return digest.hexdigest()


def files_below(top: Path) -> list[tuple[str, int, int]]:
    """Each file under ``top`` as (path relative to it, time, size), in path order; a file itself is ("", ...).

    One ``scandir`` a folder, without a Path per file: a preview's rebuild
    looks at every file of ``data/`` and ``macros/`` to learn what changed.
    Compiled Python (``__pycache__``) is not a source and is left out.
    """
    try:
        stat = os.stat(top)
    except OSError:
        return []
    if not os.path.isdir(top):
        return [("", stat.st_mtime_ns, stat.st_size)]
    found: list[tuple[str, int, int]] = []
    folders = [(str(top), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # removed meanwhile, or unreadable: as if empty
        for entry in entries:
            name = prefix + entry.name
            try:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        folders.append((entry.path, name + "/"))
                elif entry.is_file():
                    stat = entry.stat()
                    found.append((name, stat.st_mtime_ns, stat.st_size))
            except OSError:
                continue
    found.sort()
    return found


def key(*parts: str | bytes) -> str:
    """A key for the result made from these parts (code versions and inputs)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class Store:
    """The entries of one cache folder by kind and key; with no folder, every lookup misses and nothing is kept.

    The entries live in one SQLite file in the folder (``ENTRIES``), each
    row with a digest of its content.  What a store is given is held in
    memory and written in one transaction when it is flushed (when much is
    waiting, at ``flush``, and when the store is dropped or the process
    ends): a file a result, thousands in a cold build, cost more than the
    results they kept.  The store that was given an entry finds it at once;
    another finds it once it is written.
    """

    def __init__(self, root: Path | None) -> None:
        self.root = root
        # hit, miss, rebuilt (an entry found damaged), written; by kind.
        self.counts: Counter[tuple[str, str]] = Counter()
        self._file = _EntriesFile(root / ENTRIES) if root is not None else None
        if self._file is not None:
            # Not a method of the store: what it holds is written even when nobody flushes it.
            weakref.finalize(self, self._file.flush)

    def __bool__(self) -> bool:
        return self.root is not None

    def get(self, kind: str, name: str) -> bytes | None:
        """The content filed under ``name``, or None when there is none that can be trusted."""
        if self._file is None:
            return None
        found, damaged = self._file.get(kind, name)
        self.counts[kind, "rebuilt" if damaged else "miss" if found is None else "hit"] += 1
        return found

    def put(self, kind: str, name: str, content: bytes) -> None:
        if self._file is not None and self._file.put(kind, name, bytes(content)):
            self.counts[kind, "written"] += 1

    def kept_or_made(
        self,
        kind: str,
        name: str,
        make: Callable[[], T],
        encode: Callable[[T], bytes],
        decode: Callable[[bytes], T | None],
    ) -> T:
        """What is kept under ``name``, if it decodes; else made now, and kept.

        ``decode`` gives None for an entry whole by its digest but not what
        this code writes: it is made again, never used.
        """
        entry = self.get(kind, name)
        found = decode(entry) if entry is not None else None
        if found is None:
            found = make()
            self.put(kind, name, encode(found))
        return found

    def flush(self) -> None:
        """Write what was put since the last flush, in one transaction.

        A cache that can't be written (locked too long, read-only, full)
        costs time, never a build.
        """
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        """Flushed, and the file let go of (it is opened again if the store is used again)."""
        if self._file is not None:
            self._file.close()

    def summary(self) -> str:
        kinds = sorted({kind for kind, _ in self.counts})
        return "; ".join(
            f"{kind}: "
            + ", ".join(f"{self.counts[kind, what]} {what}" for what in ("hit", "miss", "rebuilt", "written"))
            for kind in kinds
        )


class _EntriesFile:
    """The SQLite file and what waits to be written to it; one lock, as a preview's threads share a store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Put, not yet written: content, or None for an entry found damaged and to be removed.
        self._waiting: dict[tuple[str, str], bytes | None] = {}
        self._waiting_bytes = 0
        self._db: sqlite3.Connection | None = None
        self._broken = False  # the folder can't hold a database: nothing is kept
        self._lock = threading.Lock()

    def get(self, kind: str, name: str) -> tuple[bytes | None, bool]:
        """The content, or None; and whether an entry was there but damaged."""
        with self._lock:
            if (kind, name) in self._waiting:
                return self._waiting[kind, name], False
            row = self._select(kind, name)
            if row is None:
                return None, False
            digest, found = row
            if not isinstance(found, bytes) or digest != hashlib.sha256(found).digest():
                # Truncated, altered by hand or by a failing disk: made again, never used.
                self._wait(kind, name, None)
                return None, True
            return found, False

    def put(self, kind: str, name: str, content: bytes) -> bool:
        """Whether the entry will be written (not when the folder can't hold the file)."""
        with self._lock:
            if self._broken:
                return False
            self._wait(kind, name, content)
            full = len(self._waiting) >= _MOST_WAITING or self._waiting_bytes >= _MOST_WAITING_BYTES
        if full:
            self.flush()
        return True

    def flush(self) -> None:
        with self._lock:
            waiting, self._waiting, self._waiting_bytes = self._waiting, {}, 0
            if not waiting:
                return
            db = self._connect()
            if db is None:
                return
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.executemany(
                        "DELETE FROM entries WHERE kind = ? AND name = ?",
                        [key for key, content in waiting.items() if content is None],
                    )
                    db.executemany(
                        "INSERT OR REPLACE INTO entries (kind, name, digest, content) VALUES (?, ?, ?, ?)",
                        [
                            (kind, name, hashlib.sha256(content).digest(), content)
                            for (kind, name), content in waiting.items()
                            if content is not None
                        ],
                    )
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            except sqlite3.OperationalError:
                return  # locked by another build for too long, read-only, full: not kept this time
            except sqlite3.DatabaseError:
                self._damaged()

    def close(self) -> None:
        self.flush()
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _wait(self, kind: str, name: str, content: bytes | None) -> None:
        self._waiting[kind, name] = content
        self._waiting_bytes += len(content or b"")

    def _select(self, kind: str, name: str) -> tuple[object, object] | None:
        db = self._connect()
        if db is None:
            return None
        try:
            row: tuple[object, object] | None = db.execute(
                "SELECT digest, content FROM entries WHERE kind = ? AND name = ?", (kind, name)
            ).fetchone()
        except sqlite3.OperationalError:
            return None  # locked for too long: as if not there
        except sqlite3.DatabaseError:
            self._damaged()
            return None
        return row

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=_WAIT_FOR_LOCK, isolation_level=None, check_same_thread=False)
            except (OSError, sqlite3.Error):
                self._broken = True
                return None
            try:
                # Entries run to tens of KiB (a share card, a page's rendering): in pages of 16 KiB, a cold
                # build writes them in a quarter of the writes for 8% more file.  Only a new file takes it.
                db.execute(f"PRAGMA page_size = {_PAGE_SIZE}")
                with contextlib.suppress(sqlite3.OperationalError):  # another build has it open: as it is
                    # A rollback journal, not a write-ahead log: a log writes every entry twice (to the
                    # log, then into the file), 200 MiB more in a cold build of 1,000 posts.  Builds side by
                    # side still never read half an entry; a reader waits while a writer commits.
                    db.execute("PRAGMA journal_mode = TRUNCATE")
                db.execute("PRAGMA synchronous = OFF")  # a cache: an entry lost in a crash is made again
                if db.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
                    _make_table(db)
                self._db = db
                return db
            except sqlite3.OperationalError:
                db.close()
                self._broken = True  # locked, read-only: this process keeps nothing
                return None
            except sqlite3.DatabaseError:
                db.close()
                if attempt == 0:
                    self._remove()
        self._broken = True
        return None

    def _damaged(self) -> None:
        """The file is not a database any more: every entry in it is made again, in a new one."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._remove()

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()


def _make_table(db: sqlite3.Connection) -> None:
    """A new file's table, or an older layout's replaced; once, when builds side by side both find it missing."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
            db.execute("DROP TABLE IF EXISTS entries")
            db.execute(_SCHEMA)
            db.execute(f"PRAGMA user_version = {_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
