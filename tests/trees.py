"""Walking YAML documents read as plain Python trees, for mutation tests."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any


def places(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a tree, as the path to it: mapping keys and list indexes."""
    yield here
    if isinstance(value, dict):
        for key, child in value.items():
            yield from places(child, (*here, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from places(child, (*here, index))


ACTIONS = ("delete", "duplicate", "retype")


def mutate(tree: Any, where: tuple[Any, ...], action: str, replacement: Any = None) -> None:
    """Delete, duplicate or retype (to ``replacement``) the value at ``where``, in place."""
    if not where:
        return
    parent = tree
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    if action == "delete":
        del parent[last]
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    elif action == "duplicate":
        parent[f"{last}-copy"] = copy.deepcopy(parent[last])
    elif action == "retype":
        # A copy: a strategy hands out the same list or dict to every example, and a later
        # mutation of this tree must not change what the next example draws.
        parent[last] = copy.deepcopy(replacement)
    else:
        raise ValueError(f"unknown action {action!r}")
