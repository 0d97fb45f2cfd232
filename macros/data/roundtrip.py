"""Editing a data file in place: only the lines meant to be added are added.

Commands that write to ``data/`` (``markets refresh``, ``new part``) read the
file with ruamel.yaml's round-trip loader, add to it and dump it again; every
comment, quote, key order and blank line comes back as it was.  Before
anything is written the new text is compared with the old byte for byte:
it must be the old text with whole lines inserted and nothing else changed
(``inserted_lines``), or the edit is refused.  A file is replaced atomically
(a temporary file beside it, then a rename), so a failed command leaves it
exactly as it was.

The strict reader in ``yamlsrc`` still decides whether the result is valid;
this module only writes.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import os
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

# The house style of data/: two spaces per mapping, list dashes indented by two.
_MAPPING_INDENT = 2
_SEQUENCE_INDENT = 4
_DASH_OFFSET = 2
# Long plain lines (a market's question) stay on one line.
_WIDTH = 100_000


class EditRefused(Exception):
    """The round-trip writer would change more than the lines it means to add."""


def _represent_decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    # Written digit for digit, as a plain number: 0.40 stays 0.40.
    return representer.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.indent(mapping=_MAPPING_INDENT, sequence=_SEQUENCE_INDENT, offset=_DASH_OFFSET)
    yaml.representer.add_representer(Decimal, _represent_decimal)
    return yaml


def load(text: str) -> Any:
    """A data file's text as round-trip nodes (``CommentedMap``, ``CommentedSeq``)."""
    return _yaml().load(text)


def dump(document: Any) -> str:
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def quoted(text: str) -> DoubleQuotedScalarString:
    """Text written in double quotes (``"yes"``, which unquoted would read as a YAML 1.1 boolean)."""
    quoted_text: DoubleQuotedScalarString = DoubleQuotedScalarString(text)
    return quoted_text


def mapping(*items: tuple[str, str | int | Decimal | dt.date]) -> CommentedMap:
    """A new block mapping with its keys in the order given."""
    return CommentedMap(items)


def append(items: CommentedSeq, item: Any) -> None:
    """Add ``item`` at the end of a list (see ``insert_before``)."""
    insert_before(items, len(items), item)


def insert_before(items: CommentedSeq, index: int, item: Any) -> None:
    """Put ``item`` in a list before its entry ``index``, right after the entry before it.

    ruamel.yaml keeps the blank lines and comments that follow an entry
    (before the next one, or the next market) attached to that entry; they
    move to the new entry, so the new lines come right after the old
    entry's own and the blank line or comment stays below them.
    """
    previous = items[index - 1] if index > 0 else None
    items.insert(index, item)
    if previous is not None:
        _move_tail(previous, item)


def add_key(record: CommentedMap, key: str, value: Any) -> None:
    """Add ``key: value`` at the end of a mapping, before the blank lines or comments that followed it."""
    tail = _take_tail(record)
    record[key] = value
    if tail is not None:
        _give_tail(record, tail)


def _deepest_last(node: Any) -> tuple[CommentedMap, Any] | None:
    """The mapping and key of the last scalar written in ``node``: where trailing lines are attached."""
    found = None
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        if isinstance(node, CommentedMap):
            key = list(node)[-1]
            found = (node, key)
            node = node[key]
        else:
            node = node[-1]
    return found


def _take_tail(node: Any) -> Any:
    """Detach what follows the last line of ``node`` (blank lines, comments), keeping its end-of-line comment."""
    place = _deepest_last(node)
    if place is None:
        return None
    container, key = place
    slots = container.ca.items.get(key)
    if not slots or len(slots) < 3 or slots[2] is None:
        return None
    token = slots[2]
    # The token holds the line's own end (and its end-of-line comment, if
    # any), then the lines that follow; only those move.
    if isinstance(container[key], (FoldedScalarString, LiteralScalarString)):
        # A block scalar ends its own last line: everything in the token
        # follows it, its first line indented as far as the token starts.
        tail = copy.copy(token)
        indent = " " * token.start_mark.column if token.value.startswith("#") else ""
        tail.value = "\n" + indent + token.value
        slots[2] = None
        return tail
    head, newline, rest = token.value.partition("\n")
    if not rest:
        return None
    tail = copy.copy(token)
    tail.value = newline + rest
    if head.strip():
        token.value = head + newline
    else:
        slots[2] = None
    return tail


def _give_tail(node: Any, tail: Any) -> None:
    place = _deepest_last(node)
    if place is not None:
        container, key = place
        container.ca.items[key] = [None, None, tail, None]


def _move_tail(previous: Any, new: Any) -> None:
    tail = _take_tail(previous)
    if tail is not None:
        _give_tail(new, tail)


def inserted_lines(old: str, new: str) -> list[tuple[int, list[str]]]:
    """The runs of whole lines that turn ``old`` into ``new``: (line number in ``new``, lines).

    Raises ``EditRefused`` if ``new`` is anything but ``old`` with lines inserted.
    """
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    if old and not old.endswith("\n") and new != old:
        raise EditRefused("the file does not end with a newline")
    runs = []
    for tag, i1, _, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag != "insert":
            line = before[i1] if i1 < len(before) else ""
            hint = ""
            if line.rstrip().endswith(("]", "}")):
                hint = ": a list written in brackets on one line cannot take a line more; write it one entry a line"
            raise EditRefused(f"line {i1 + 1} ({line.rstrip()!r}) would change, not only lines be added{hint}")
        runs.append((j1 + 1, after[j1:j2]))
    return runs


def check_only_inserted(old: str, new: str, expected: int) -> None:
    """``new`` is ``old`` with exactly ``expected`` lines added and every other byte kept."""
    runs = inserted_lines(old, new)
    added = sum(len(lines) for _, lines in runs)
    if added != expected:
        raise EditRefused(f"{added} lines would be added where {expected} were meant")
    # The same lines in the same order, with the additions taken out, are the old file byte for byte.
    kept = new.splitlines(keepends=True)
    for start, lines in reversed(runs):
        del kept[start - 1 : start - 1 + len(lines)]
    if "".join(kept) != old:
        raise EditRefused("the file would differ from the original by more than the added lines")


def line_count(document: Any) -> int:
    """How many lines ``document`` takes when dumped on its own (a new record's size)."""
    return dump(document).count("\n")


def replace_files(contents: Iterable[tuple[Path, bytes]], *, new: Iterable[Path] = ()) -> None:
    """Write every file, or none: each to a temporary file beside it, then all renamed in place.

    A path in ``new`` must not exist yet; it is created, never overwritten.
    """
    staged: list[tuple[str, Path]] = []
    fresh = set(new)
    # New files first: creating one fails if it exists, before anything is replaced.
    ordered = sorted(contents, key=lambda item: item[0] not in fresh)
    try:
        for path, data in ordered:
            if path in fresh and path.exists():
                raise FileExistsError(path)
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((temp, path))
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            if path.exists():
                os.chmod(temp, path.stat().st_mode & 0o7777)
            else:
                os.chmod(temp, 0o666 & ~_umask())
        done: list[Path] = []
        try:
            for temp, path in staged:
                if path in fresh:
                    os.link(temp, path)  # fails if the file appeared meanwhile: never overwrite it
                    os.unlink(temp)
                else:
                    os.replace(temp, path)
                done.append(path)
        except BaseException:
            for path in done:
                if path in fresh:
                    path.unlink(missing_ok=True)
            raise
    finally:
        for temp, _ in staged:
            Path(temp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
