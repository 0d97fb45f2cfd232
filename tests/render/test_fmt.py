"""Display and machine formats of numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.render import fmt


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F("-0.74"), "\u22120.74"),
        (F("0.5"), "+0.50"),
        (F(0), "0.00"),
        (F("6.35"), "+6.35"),
        (F("-1.65"), "\u22121.65"),
        (F("0.005"), "+0.01"),  # half away from zero
        (F("-0.005"), "\u22120.01"),
        (F("0.004"), "+0.00"),  # the sign follows the exact value
        (F("-0.004"), "\u22120.00"),
        (F(1, 3), "+0.33"),
        (F(-2, 3), "\u22120.67"),
        (F(12), "+12.00"),
    ],
)
def test_signed(value, expected):
    assert fmt.signed(value) == expected


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (F("0.63"), "63%"),
        (F("0.6"), "60%"),
        (F("0.05"), "5%"),
        (F("0.125"), "12.5%"),
        (F("0.1234"), "12.34%"),
        (F("0.12345"), "12.35%"),
        (F(0), "0%"),
        (F(1), "100%"),
        (F("0.00001"), "<0.01%"),  # never rounded down to certainty
        (F("0.99999"), ">99.99%"),
        (F("0.99995"), ">99.99%"),
        (F("0.00005"), "0.01%"),
        (F(1, 3), "33.33%"),
    ],
)
def test_percent(p, expected):
    assert fmt.percent(p) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F("-0.74"), "-0.74"),
        (F("6.35"), "6.35"),
        (F("-1.65"), "-1.65"),
        (F("0.02226"), "0.02226"),
        (F(0), "0"),
        (F(3), "3"),
        (F("-0.5"), "-0.5"),
        (F(1, 3), "1/3"),
        (F(-2, 7), "-2/7"),
        (F(1, 1024), "0.0009765625"),
    ],
)
def test_exact(value, expected):
    assert fmt.exact(value) == expected
    assert F(fmt.exact(value)) == value


@pytest.mark.parametrize(("value", "expected"), [(F("0.02226"), "0.022"), (F("0.0225"), "0.023"), (F(0), "0.000")])
def test_unsigned(value, expected):
    assert fmt.unsigned(value) == expected


@given(st.fractions(max_denominator=10**6).filter(lambda value: abs(value) < 10**6), st.integers(0, 4))
def test_signed_and_unsigned_round_half_away_from_zero_as_decimal_does(value, places):
    quantum = Decimal(1).scaleb(-places)
    with localcontext() as context:
        # Sixty digits: far more than a denominator up to a million needs to tell a tie from a near one.
        context.prec = 60
        rounded = abs(Decimal(value.numerator) / Decimal(value.denominator)).quantize(quantum, ROUND_HALF_UP)
    assert fmt.unsigned(value, places) == str(rounded)
    sign = "+" if value > 0 else "\u2212" if value < 0 else ""
    assert fmt.signed(value, places) == sign + str(rounded)
