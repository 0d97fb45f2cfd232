"""Work kept between builds: a content-addressed store under ``.cache/eis``.

Each result is filed under a key made from everything it is made from:
its inputs and the code that makes it (the sources of the modules that
compute it and the versions of the libraries they call).  A changed input
or a changed line of that code is a new key, so an entry is never stale;
old entries are simply never asked for again (``make clean`` removes them).

An entry carries a digest of its own content.  One that is missing,
truncated, altered or unreadable is not trusted: it is deleted, reported
as rebuilt and made again, so a build with a cold cache, a warm one and
none at all writes the same bytes.  Entries are written to a temporary
file of the writer's own and renamed into place, so builds running side by side (the tests')
never read half an entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType

# Where the cache lives, relative to the project's folder (mkdocs.yml's).
CACHE_DIR = ".cache/eis"
# Set to another folder to keep the cache there, or to nothing to build without one.
CACHE_ENV = "EIS_CACHE_DIR"

_MAGIC = b"eis-cache 1\n"
_DIGEST = hashlib.sha256().digest_size


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
    """The entries of one cache folder by kind and key; with no folder, every lookup misses and nothing is kept."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        # hit, miss, rebuilt (an entry found damaged), written; by kind.
        self.counts: Counter[tuple[str, str]] = Counter()
        self._folders: set[Path] = set()  # made already by this store: a cold build writes thousands of entries

    def __bool__(self) -> bool:
        return self.root is not None

    def path(self, kind: str, name: str) -> Path:
        if self.root is None:
            raise ValueError("a build without a cache has no cache files")
        # One folder a kind: a cold build writes thousands of entries, and a
        # folder made for every few of them would cost as much as the entries.
        return self.root / kind / name

    def get(self, kind: str, name: str) -> bytes | None:
        """The content filed under ``name``, or None when there is none that can be trusted."""
        if self.root is None:
            return None
        path = self.path(kind, name)
        try:
            entry = path.read_bytes()
        except OSError:  # not there, or a cache folder that can't be read
            self.counts[kind, "miss"] += 1
            return None
        head = len(_MAGIC) + _DIGEST
        content = entry[head:]
        if entry[: len(_MAGIC)] != _MAGIC or entry[len(_MAGIC) : head] != hashlib.sha256(content).digest():
            # Truncated, altered by hand or by a failing disk: made again, never used.
            self.counts[kind, "rebuilt"] += 1
            with contextlib.suppress(OSError):  # already replaced, or removed by another build
                path.unlink()
            return None
        self.counts[kind, "hit"] += 1
        return content

    def put(self, kind: str, name: str, content: bytes) -> None:
        if self.root is None:
            return
        path = self.path(kind, name)
        temporary: str | None = None
        try:
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            # Named by the entry and the writer: builds side by side never share one.
            temporary = str(path.parent / f".writing-{os.getpid()}-{threading.get_ident()}-{name}")
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(content).digest() + content)
            os.replace(temporary, path)
        except OSError:
            # A cache that can't be written (read-only, full) costs time, never a build;
            # a folder removed meanwhile (make clean beside a preview) is made again next time.
            self._folders.discard(path.parent)
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            return
        self.counts[kind, "written"] += 1

    def summary(self) -> str:
        kinds = sorted({kind for kind, _ in self.counts})
        return "; ".join(
            f"{kind}: "
            + ", ".join(f"{self.counts[kind, what]} {what}" for what in ("hit", "miss", "rebuilt", "written"))
            for kind in kinds
        )
