"""The one table of macros: every function a page may call, by name, how it is bound to a page and checked.

A macro is a module-level function of a subject module (``figures``,
``tiers``, ``markets``, ``sequence``, ``lists``, ``forecasts``, ``ledger``)
marked ``@macro``, which enters it here under its own name.  It takes the
page's ``PageContext`` first; the build and ``check`` hand each page the
table with that context bound (``bind``), so an author writes
``{{ prediction_table('eis-xiv') }}``.  ``macros.render`` imports every
subject module, so the table is whole once that package is imported.

A call is checked without drawing anything (``check``): each argument an
author names data by is looked up by its parameter's name (``LOOKUPS``),
then the macro's own ``check=`` function, if any, runs.  A macro raises
its ``MacroMisuse`` through those same lookups and that same function, so
``python -m macros check`` reports what the build would, word for word.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, overload

from markupsafe import Markup

from macros.render.base import PageContext

Macro = Callable[..., Markup]
F = TypeVar("F", bound=Macro)

MACROS: dict[str, Macro] = {}
# A macro's checks beyond its lookups: called with the macro's arguments,
# raising the MacroMisuse the macro would raise.
CHECKS: dict[str, Callable[..., object]] = {}


def _optional(lookup: Callable[[PageContext, Any], object]) -> Callable[[PageContext, Any], object]:
    """A lookup for a parameter whose None means "none asked for"."""
    return lambda page, value: None if value is None else lookup(page, value)


# Parameter name -> how the data looks up what it names; every macro names
# its parameters so.  ``part`` None is the page's own part.
LOOKUPS: dict[str, Callable[[PageContext, Any], object]] = {
    "list_id": _optional(lambda page, value: page.data.prediction_list(value)),
    "scorecard_id": lambda page, value: page.data.scorecard(value),
    "scorecard": _optional(lambda page, value: page.data.scorecard(value)),
    "work_id": lambda page, value: page.data.work(value),
    "market_id": lambda page, value: page.data.market(value),
    "ref": lambda page, value: page.data.tier_or_work(value),
    "tier": lambda page, value: page.data.tier(value),
    "part": lambda page, value: page.part_number(value),
}


@overload
def macro(function: F, *, check: None = None) -> F: ...


@overload
def macro(function: None = None, *, check: Callable[..., object]) -> Callable[[F], F]: ...


def macro(function: F | None = None, *, check: Callable[..., object] | None = None) -> F | Callable[[F], F]:
    """Enters a function in the table of macros pages may call, under its own name.

    ``check``: what the macro itself checks beyond its lookups, as a function
    the macro calls (``@macro(check=_snapshot)``).
    """

    def enter(function: F) -> F:
        name = function.__name__
        if name in MACROS:
            raise ValueError(f"two macros named {name!r}: {MACROS[name].__module__} and {function.__module__}")
        MACROS[name] = function
        if check is not None:
            CHECKS[name] = check
        return function

    return enter(function) if function is not None else enter


def macro_names() -> tuple[str, ...]:
    """Every macro's name, sorted."""
    return tuple(sorted(MACROS))


def bind(page: PageContext) -> dict[str, Macro]:
    """Every macro, by name, drawing on ``page``."""
    return {name: functools.partial(function, page) for name, function in sorted(MACROS.items())}


def check(page: PageContext, name: str, *args: Any, **kwargs: Any) -> None:
    """Raises the MacroMisuse that ``name(*args, **kwargs)`` would raise on ``page``, without drawing it.

    A wrong argument list raises TypeError, as the call would.
    """
    bound = _parameters(name).bind(*args, **kwargs)
    bound.apply_defaults()
    for parameter, value in bound.arguments.items():
        lookup = LOOKUPS.get(parameter)
        if lookup is not None:
            lookup(page, value)
    extra = CHECKS.get(name)
    if extra is not None:
        extra(page, *args, **kwargs)


def bind_checks(page: PageContext) -> dict[str, Macro]:
    """Every macro's ``check``, by name, on ``page``: with the macro's parameters, returning empty Markup."""
    return {name: _checker(page, name) for name in sorted(MACROS)}


def _checker(page: PageContext, name: str) -> Macro:
    def checked(*args: Any, **kwargs: Any) -> Markup:
        check(page, name, *args, **kwargs)
        return Markup()

    # What an author may pass, for templates.misuse to word a wrong argument list as the macro's.
    checked.__signature__ = _parameters(name)  # type: ignore[attr-defined]
    checked.__name__ = name
    return checked


@functools.cache
def _parameters(name: str) -> inspect.Signature:
    """The macro's parameters after the page: what an author passes (worked out once, not once a page)."""
    signature = inspect.signature(MACROS[name])
    return signature.replace(parameters=list(signature.parameters.values())[1:])
