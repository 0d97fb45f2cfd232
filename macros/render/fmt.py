"""How numbers are written for readers and for machines."""

from __future__ import annotations

import functools
from fractions import Fraction

from macros.data.numbers import counted as counted

# Exact figures for machines are the data stage's; they are offered here beside the ones for readers.
from macros.data.numbers import digits, scaled_digits
from macros.data.numbers import exact as exact
from macros.data.numbers import plural as plural

MINUS = "\u2212"
PERCENT_PLACES = 2


def _rounded(value: Fraction, places: int) -> int:
    """``|value|`` in whole ``10**-places``, rounded half away from zero, exactly.

    Worked in integers: the track-record page writes tens of thousands of figures.
    """
    numerator, denominator = abs(value.numerator), value.denominator
    scale: int = 10**places
    return (2 * numerator * scale + denominator) // (2 * denominator)


def _round(value: Fraction, places: int) -> Fraction:
    """Round half away from zero, exactly."""
    magnitude = _rounded(value, places)
    return Fraction(magnitude if value >= 0 else -magnitude, 10**places)


def signed(value: Fraction, places: int = 2) -> str:
    """A score: ``−0.74``, ``+0.50``, ``0.00``.

    The sign follows the exact value, so a tiny loss still reads as one
    (``−0.00``) and agrees with the verdict.
    """
    body = scaled_digits(_rounded(value, places), places)
    if value > 0:
        return "+" + body
    if value < 0:
        return MINUS + body
    return body


def unsigned(value: Fraction, places: int = 3) -> str:
    """A non-negative figure such as a Brier score: ``0.022``."""
    return scaled_digits(_rounded(value, places), places)


def _exact_places(p: Fraction) -> int | None:
    """The fewest decimal places, up to ``PERCENT_PLACES``, that write ``p`` as a percent exactly; None if none do."""
    value = p * 100
    return next((places for places in range(PERCENT_PLACES + 1) if (value * 10**places).denominator == 1), None)


def percent_is_exact(p: Fraction) -> bool:
    """Whether ``percent(p)`` writes ``p`` exactly, so the text can be read back as it."""
    return _exact_places(p) is not None


# Pages repeat the same probabilities and bin edges thousands of times.
@functools.lru_cache(maxsize=4096)
def percent(p: Fraction) -> str:
    """A probability as a percent: ``63%``, ``12.5%``.

    Never rounded to 0% or 100%: those mean certainty and appear only when
    the probability is exactly 0 or 1.
    """
    value = p * 100
    places = _exact_places(p)
    if places is not None:
        return digits(value, places) + "%"
    rounded = _round(value, PERCENT_PLACES)
    smallest = Fraction(1, 10**PERCENT_PLACES)
    if rounded <= 0:
        return "<" + digits(smallest, PERCENT_PLACES) + "%"
    if rounded >= 100:
        return ">" + digits(100 - smallest, PERCENT_PLACES) + "%"
    return digits(rounded, PERCENT_PLACES) + "%"


def brier(value: Fraction | None) -> str:
    """A Brier score as readers see it, or ``n/a`` when nothing was judged."""
    return unsigned(value) if value is not None else "n/a"
