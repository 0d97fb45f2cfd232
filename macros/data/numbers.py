"""Exact numbers as text for machines: the open data and ``scores --json`` write them this way."""

from __future__ import annotations

import functools
from fractions import Fraction


def counted(number: int, noun: str) -> str:
    """``1 problem``, ``3 problems``: a count with its noun, for every message and sentence."""
    return f"{number} {plural(number, noun)}"


def plural(number: int, noun: str) -> str:
    """The noun as a count of ``number`` takes it: ``problem``, ``problems``."""
    return noun if number == 1 else noun + "s"


def digits(value: Fraction, places: int) -> str:
    """``value`` (already rounded to ``places``) as unsigned digits."""
    scaled = abs(value) * 10**places
    assert scaled.denominator == 1
    return scaled_digits(int(scaled), places)


def scaled_digits(scaled: int, places: int) -> str:
    """A whole number of ``10**-places`` as unsigned digits: ``scaled_digits(74, 2)`` is ``0.74``."""
    whole, frac = divmod(abs(scaled), 10**places)
    return f"{whole}.{frac:0{places}d}" if places else str(whole)


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
    return sign + digits(value, places)
