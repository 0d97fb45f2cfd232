"""The preview made quicker: its server told of an edit at once, its rebuilds spared fixed work.

MkDocs' live-reload server polls the watched folders every half second and
then waits a tenth of a second for further changes; an author saving a file
waits for both before the rebuild begins.  The operating system can say at
once that a file changed (inotify, FSEvents, ReadDirectoryChangesW), so the
server is given watchdog's native observer in place of its polling one, with
the same folders and handlers.  Where that observer cannot start, the
server keeps polling.
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.eis")

# How long the server waits, after a change, for the changes that come with
# it (an editor writes a file and renames it in a few milliseconds).
SETTLE_SECONDS = 0.03
# The changes the polling observer reports.  The native one also reports a
# file opened or closed unwritten, as the build itself does to every page
# it reads, which would start rebuild after rebuild.
CHANGES = [
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
]


def quicken(server: Any) -> None:
    """Native file notifications for ``server`` (MkDocs' LiveReloadServer), before it starts serving."""
    polling = getattr(server, "observer", None)
    handlers = getattr(polling, "_handlers", None)
    if type(polling) is not PollingObserver or not isinstance(handlers, dict) or polling.is_alive():
        return  # another server than the one this was written for: left as it is
    native = _ChangesOnly()
    try:
        for watch, watch_handlers in handlers.items():
            for handler in watch_handlers:
                native.schedule(handler, watch.path, recursive=watch.is_recursive)
        native.start()
    except OSError as error:  # e.g. the system's limit on watched folders
        log.info("eis: the preview polls for changes (%s)", error)
        native.stop()
        return
    server.observer = native
    server.build_delay = min(server.build_delay, SETTLE_SECONDS)


def keep_first_build() -> None:
    """What the first build left alive is kept out of later collections.

    A rebuild makes some hundred thousand objects at a thousand posts,
    enough to set off Python's full collection every few rebuilds; each
    such collection walked every object the preview holds (the data, the
    caches) and added a quarter of a second to that rebuild.  Frozen, those
    are no longer walked; what rebuilds make is still collected.
    """
    gc.collect()
    gc.freeze()


def list_installed_once(theme: Any, listings: dict[str, list[str]], project: Path) -> None:
    """The theme's installed folders listed once a process, not at every rebuild.

    To find a theme's static files MkDocs lists every file of the theme at
    each build: some 14,500 for Material (its icons), a sixth of a
    preview's rebuild at a thousand posts.  A folder outside the project
    (an installed package) does not change while the preview runs;
    ``overrides/`` and any folder in the project is listed each time.
    ``listings`` holds the lists, by folder, for the process.
    """
    make_env = theme.get_env

    def get_env() -> Any:
        env = make_env()
        if type(env.loader) is FileSystemLoader:
            env.loader = _ListedOnce(env.loader, listings, project)
        return env

    theme.get_env = get_env


class _ListedOnce(FileSystemLoader):
    """Jinja's loader, whose listing of an installed folder is kept (``list_installed_once``)."""

    def __init__(self, loader: FileSystemLoader, listings: dict[str, list[str]], project: Path) -> None:
        super().__init__(loader.searchpath, loader.encoding, loader.followlinks)
        self._listings, self._project = listings, os.path.join(os.path.abspath(project), "")

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            kept = os.path.join(os.path.abspath(folder), "")
            if kept.startswith(self._project):
                found.update(FileSystemLoader(folder, self.encoding, self.followlinks).list_templates())
                continue
            if kept not in self._listings:
                self._listings[kept] = FileSystemLoader(folder, self.encoding, self.followlinks).list_templates()
            found.update(self._listings[kept])
        return sorted(found)


class _ChangesOnly(Observer):  # type: ignore[misc,valid-type]
    """The platform's observer, reporting only changes, and started before the server starts it.

    The server schedules more folders on it after ``on_serve`` (mkdocs.yml's
    ``watch``), so the filter is applied here rather than by ``quicken``.
    A failure to start is seen in ``quicken``, where the server can keep polling.
    """

    def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False, **options: Any) -> Any:
        options["event_filter"] = options.get("event_filter") or CHANGES
        return super().schedule(event_handler, path, recursive=recursive, **options)

    def start(self) -> None:
        if not self.is_alive():
            super().start()
