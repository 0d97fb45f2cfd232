"""How numbers are written for readers and for machines."""

from __future__ import annotations

import functools
from fractions import Fraction

MINUS = "\u2212"
PERCENT_PLACES = 2


def _round(value: Fraction, places: int) -> Fraction:
    """Round half away from zero, exactly."""
    scale = 10**places
    magnitude = (abs(value) * scale + Fraction(1, 2)).__floor__()
    return Fraction(magnitude if value >= 0 else -magnitude, scale)


def _digits(value: Fraction, places: int) -> str:
    """``value`` (already rounded to ``places``) as unsigned digits."""
    scaled = abs(value) * 10**places
    assert scaled.denominator == 1
    whole, frac = divmod(int(scaled), 10**places)
    return f"{whole}.{frac:0{places}d}" if places else str(whole)


def signed(value: Fraction, places: int = 2) -> str:
    """A score: ``−0.74``, ``+0.50``, ``0.00``.

    The sign follows the exact value, so a tiny loss still reads as one
    (``−0.00``) and agrees with the verdict.
    """
    body = _digits(_round(value, places), places)
    if value > 0:
        return "+" + body
    if value < 0:
        return MINUS + body
    return body


def unsigned(value: Fraction, places: int = 3) -> str:
    """A non-negative figure such as a Brier score: ``0.022``."""
    return _digits(_round(value, places), places)


# Pages repeat the same probabilities and bin edges thousands of times.
@functools.lru_cache(maxsize=4096)
def percent(p: Fraction) -> str:
    """A probability as a percent: ``63%``, ``12.5%``.

    Never rounded to 0% or 100%: those mean certainty and appear only when
    the probability is exactly 0 or 1.
    """
    value = p * 100
    for places in range(PERCENT_PLACES + 1):
        if (value * 10**places).denominator == 1:
            return _digits(value, places) + "%"
    rounded = _round(value, PERCENT_PLACES)
    smallest = Fraction(1, 10**PERCENT_PLACES)
    if rounded <= 0:
        return "<" + _digits(smallest, PERCENT_PLACES) + "%"
    if rounded >= 100:
        return ">" + _digits(100 - smallest, PERCENT_PLACES) + "%"
    return _digits(rounded, PERCENT_PLACES) + "%"


# Scores repeat the same few points for every prediction of a probability.
@functools.lru_cache(maxsize=4096)
def exact(value: Fraction) -> str:
    """An exact figure for machines: ``-0.74``; ``p/q`` if no decimal ends.

    Both forms parse back with ``Fraction(text)``.
    """
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    sign = "-" if value < 0 else ""
    return sign + _digits(value, places)
