"""The one table of macros: every function a page may call, by name, and how it is bound to a page.

A macro is a module-level function of a subject module (``figures``,
``tiers``, ``markets``, ``sequence``, ``lists``, ``forecasts``, ``ledger``)
marked ``@macro``, which enters it here under its own name.  It takes the
page's ``PageContext`` first; the build and ``check`` hand each page the
table with that context bound (``bind``), so an author writes
``{{ prediction_table('eis-xiv') }}``.  ``macros.render`` imports every
subject module, so the table is whole once that package is imported.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from markupsafe import Markup

from macros.render.base import PageContext

Macro = Callable[..., Markup]
F = TypeVar("F", bound=Macro)

MACROS: dict[str, Macro] = {}


def macro(function: F) -> F:
    """Enters a function in the table of macros pages may call, under its own name."""
    name = function.__name__
    if name in MACROS:
        raise ValueError(f"two macros named {name!r}: {MACROS[name].__module__} and {function.__module__}")
    MACROS[name] = function
    return function


def macro_names() -> tuple[str, ...]:
    """Every macro's name, sorted."""
    return tuple(sorted(MACROS))


def bind(page: PageContext) -> dict[str, Macro]:
    """Every macro, by name, drawing on ``page``."""
    return {name: functools.partial(function, page) for name, function in sorted(MACROS.items())}
