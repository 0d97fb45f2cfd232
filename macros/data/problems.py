"""Locations in source files and the problems found at them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from macros.data.numbers import counted


class Loc(NamedTuple):
    """A place in a file; a tuple because every YAML node carries one, and tuples are cheap to make."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    loc: Loc
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.message}"

    def annotation(self) -> str:
        """The problem as a GitHub Actions workflow command, shown on the pull request's files."""

        def escaped(value: str, extra: str = "") -> str:
            for char in "%\r\n" + extra:
                value = value.replace(char, f"%{ord(char):02X}")
            return value

        where = f"file={escaped(self.loc.path, ':,')},line={self.loc.line},col={self.loc.col}"
        return f"::error {where}::{escaped(self.message)}"


class MacroMisuse(Exception):
    """A macro called with something it can't take: an id the data lacks, an argument out of place.

    Raised only for an author's mistake in a page; any other exception in a
    macro is a bug in ``macros/`` and keeps its traceback.
    """


class DataError(Exception):
    """Raised with every problem at once when the data cannot be used."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(set(problems)))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{counted(count, 'problem')} in the data")
        return "\n".join(lines)
