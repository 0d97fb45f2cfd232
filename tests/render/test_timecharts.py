"""Line charts over time: their ticks, and a market's price history on the fixture data."""

from __future__ import annotations

import dataclasses
import re
from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Links, OnPage
from macros.data.model import PartialDate, Resolution, Resolved, Snapshot, Stance
from macros.render import timecharts


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        ("0", "1", ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
        ("-0.74", "0.26", ["-0.8", "-0.6", "-0.4", "-0.2", "0", "0.2", "0.4"]),
        ("0", "0", ["0", "0.2", "0.4", "0.6", "0.8", "1"]),  # a flat line still gets an axis above it
        ("-3.1", "0", ["-4", "-3", "-2", "-1", "0"]),
        ("0.01", "0.02", ["0.01", "0.012", "0.014", "0.016", "0.018", "0.02"]),
        ("0", "250", ["0", "50", "100", "150", "200", "250"]),
    ],
)
def test_nice_ticks(low, high, ticks):
    got = timecharts.nice_ticks(F(low), F(high))
    assert got == [F(tick) for tick in ticks]
    assert got[0] <= F(low) and got[-1] >= F(high) and len(got) <= 7


def test_day_number_takes_unknown_parts_as_the_first():
    assert timecharts.day_number(PartialDate(2024, 8)) == timecharts.day_number(PartialDate(2024, 8, 1))
    assert timecharts.day_number(PartialDate(2024)) + 31 == timecharts.day_number(PartialDate(2024, 2))


def market_card(data, **changes) -> str:
    market = dataclasses.replace(data.markets[0], **changes)
    return str(OnPage(dataclasses.replace(data, markets=(market,)), Links()).market_card(market.id))


def test_fixture_market_draws_its_history(data):
    """The fixture market has three snapshots: 20 June 2024 at 50%, August 2024 at 55%, 11 October 2024 at 63%."""
    card = market_card(data)
    assert '<figure class="eis-timechart eis-timechart--market" id="timechart-market-sae-downstream-2025">' in card
    assert (
        "Line chart of the price of the market on Manifold at 3 dates from 20 June 2024 to 11 October 2024:"
        " 50% on 20 June 2024, 55% on August 2024, 63% on 11 October 2024."
    ) in card
    prices = re.search(r'<polyline points="([^"]+)" class="eis-timechart__line--price"', card)
    assert prices is not None and len(prices.group(1).split()) == 3
    rows = re.findall(r'<td data-label="Price" class="eis-num">([^<]+)</td>', card)
    assert rows == ["50%", "55%", "63%"]
    # The author's stance, over: a triangle pointing up beside the last price, and in the legend.
    assert "The author&#39;s stance: over</li>" in card
    assert card.count('class="eis-timechart__marker--stance"') == 2
    assert "eis-market__history" not in card


def test_one_snapshot_draws_no_chart(data):
    card = market_card(data, snapshots=(Snapshot(PartialDate(2024, 10, 11), F("0.63")),))
    assert "<svg" not in card.replace('<svg class="eis-mark__icon"', "") and "timechart" not in card


@pytest.mark.parametrize(
    ("outcome", "drawn"),
    [
        (Resolved.YES, 'class="eis-timechart__marker--resolved"'),
        (Resolved.NO, 'class="eis-timechart__marker--resolved"'),
        (Resolved.AMBIGUOUS, 'class="eis-timechart__divider-label">resolved<'),
    ],
)
def test_a_resolved_market_draws_its_outcome(data, outcome, drawn):
    card = market_card(data, resolution=Resolution(outcome, PartialDate(2025, 1, 15)))
    assert drawn in card
    assert f"It resolved {outcome.value} on 15 January 2025." in card
    assert ">15 January 2025</text>" in card  # the axis runs to the resolution
    if outcome is not Resolved.AMBIGUOUS:
        assert f"Resolved {outcome.value}, 15 January 2025</li>" in card


@pytest.mark.parametrize(("stance", "tip"), [(Stance.OVER, -5), (Stance.UNDER, 5)])
def test_the_stance_points_its_way(data, stance, tip):
    card = market_card(data, stance=stance)
    triangle = re.findall(r'<polygon points="([^"]+)" class="eis-timechart__marker--stance"', card)[-1]
    (_, y_tip), (_, y_base), _ = (tuple(map(float, corner.split(","))) for corner in triangle.split())
    assert (y_tip - y_base) == 2 * tip


@given(
    st.fractions(min_value=-50, max_value=50, max_denominator=10**4),
    st.fractions(min_value=F(1, 100), max_value=50, max_denominator=10**4),
    st.fractions(min_value=-60, max_value=60, max_denominator=10**6),
    st.fractions(min_value=0, max_value=1, max_denominator=10**5),
)
def test_a_point_is_placed_where_the_exact_coordinates_put_it(low, span, value, across):
    """Integer placement writes what the Fractions it stands in for would write."""
    high = low + span
    place = timecharts._Place(low, high)
    plot_h = timecharts._HEIGHT - timecharts._TOP - timecharts._BOTTOM
    exact_y = timecharts._TOP + (high - value) / (high - low) * plot_h
    assert place.y(value) == timecharts._n(exact_y)
    assert place.x(across) == timecharts._n(timecharts._x(across))
