"""Walking YAML documents read as plain Python trees, for mutation tests."""

from __future__ import annotations

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
