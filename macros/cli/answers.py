"""A command's whole answer (its problems and what it prints), kept in the build's cache by everything it is read from.

``check`` and ``scores`` read every data file, the pages in ``docs/``
(their text; any other file only by its name, which gives its address),
the names of the theme's own files, mkdocs.yml's settings for the pages,
where the command is run from and this package's code.  The key holds
all of it, read afresh at every run, so an answer is given again only
for exactly the same project: a changed byte, file name or setting is a
new key.  A project the key cannot describe exactly (a symbolic link, a
file that cannot be read) is answered afresh and nothing is kept.  An
entry is JSON checked by the store's digest; one that does not decode
is ignored and the answer worked out again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from macros.data.problems import Loc, Problem
from macros.site.cache import Store, key
from macros.site.packagecode import package_code
from macros.site.siteconfig import SiteSettings

# The cache's name for commands' answers.
CACHE_KIND = "answers"
# The entry's layout, part of every key.
_FORMAT = "answers 1"


@dataclass(frozen=True)
class Answer:
    """What a command found and printed: its problems (for stderr), whether it failed, and its output."""

    problems: tuple[Problem, ...]
    failed: bool
    output: str

    def encode(self) -> bytes:
        problems = [[*problem.loc, problem.message] for problem in self.problems]
        return json.dumps([problems, self.failed, self.output], ensure_ascii=False).encode()

    @classmethod
    def decode(cls, entry: bytes) -> Answer | None:
        try:
            problems, failed, output = json.loads(entry)
            found = tuple(Problem(Loc(path, line, col), message) for path, line, col, message in problems)
        except (ValueError, TypeError):
            return None
        fields_ok = all(
            isinstance(p.loc.path, str) and type(p.loc.line) is int and type(p.loc.col) is int for p in found
        )
        if not fields_ok or not all(isinstance(p.message, str) for p in found):
            return None
        if type(failed) is not bool or not isinstance(output, str):
            return None
        return cls(found, failed, output)


def answer_key(command: Sequence[str], data_dir: Path, docs_dir: Path, settings: SiteSettings) -> str | None:
    """The key of ``command``'s answer for this project, or None when the project can't be keyed exactly."""
    digest = hashlib.sha256()
    if not _tree(digest, data_dir, lambda name: True):
        return None
    if docs_dir.is_dir() and not _tree(digest, docs_dir, lambda name: name.endswith(".md")):
        return None
    theme = settings.theme_dir
    if theme is not None and theme.is_dir() and not _tree(digest, theme, lambda name: False):
        return None
    shown = [
        sorted(settings.syntax.items()),
        sorted(settings.extra),
        None if theme is None else str(theme),
        settings.use_directory_urls,
    ]
    # Messages show paths as given and relative to where the command runs.
    where = [os.getcwd(), str(data_dir), str(docs_dir), docs_dir.is_dir()]
    return key(
        _FORMAT,
        package_code(),
        sys.version,
        json.dumps(list(command)),
        json.dumps(where),
        json.dumps(shown),
        digest.hexdigest(),
    )


def _tree(digest: hashlib._Hash, root: Path, with_bytes: Callable[[str], bool]) -> bool:
    """Every entry under ``root`` by path and kind, and the bytes of the files ``with_bytes`` names.

    False for anything a key of names and bytes would not describe: a
    symbolic link, something neither a file nor a folder, what can't be read.
    """
    digest.update(b"root\0" + str(root).encode() + b"\0")
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(root / folder if folder else root) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return False
        for entry in entries:
            name = (folder + entry.name).encode("utf-8", "surrogateescape")
            if entry.is_symlink():
                return False
            if entry.is_dir(follow_symlinks=False):
                digest.update(b"d" + len(name).to_bytes(4, "big") + name)
                folders.append(folder + entry.name + "/")
            elif entry.is_file(follow_symlinks=False):
                if not with_bytes(entry.name):
                    digest.update(b"n" + len(name).to_bytes(4, "big") + name)
                    continue
                try:
                    with open(entry.path, "rb") as source:
                        content = source.read()
                except OSError:
                    return False
                digest.update(b"f" + len(name).to_bytes(4, "big") + name + len(content).to_bytes(8, "big"))
                digest.update(content)
            else:
                return False
    return True


def recall(store: Store, name: str | None) -> Answer | None:
    entry = store.get(CACHE_KIND, name) if name is not None else None
    return Answer.decode(entry) if entry is not None else None


def keep(store: Store, name: str | None, answer: Answer) -> None:
    if name is not None:
        store.put(CACHE_KIND, name, answer.encode())
