"""The track record: every judged forecast in the order judged, its running total and what was expected."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import score_card
from macros.compute import scoring, track
from tinydata import card, dataset, plist


@pytest.mark.parametrize("p", ["0", "0.01", "0.2", "1/3", "0.5", "0.63", "0.99", "1"])
def test_expected_points_follow_the_rule(p):
    """p x (1 - p) + (1 - p) x (-p): the rule's own mean at p, exactly."""
    p = F(p)
    happens, does_not = scoring.points(p, scoring.Outcome.HAPPENED), scoring.points(p, scoring.Outcome.DID_NOT)
    assert scoring.expected_points(p) == p * happens + (1 - p) * does_not == 0


A = plist("a", "0.6", "0.2", "0.9")
B = plist("b", "0.25", "0.5")


@pytest.mark.parametrize(
    ("cards", "order", "totals"),
    [
        ([], [], []),
        # One card: the list's order, ambiguous left out.
        ([card("a1", A, "yan")], [("a", "q1"), ("a", "q3")], [F("0.4"), F("-0.5")]),
        # Cards by date, whatever order the data holds them in.
        (
            [card("b1", B, "ny", date="2025-03"), card("a1", A, "yyy", date="2025-01-02")],
            [("a", "q1"), ("a", "q2"), ("a", "q3"), ("b", "q1"), ("b", "q2")],
            [F("0.4"), F("1.2"), F("1.3"), F("1.05"), F("1.55")],
        ),
        # The same date: by the cards' ids.
        (
            [card("z", B, "aa", date="2025-01"), card("m", B, "yn", date="2025-01")],
            [("b", "q1"), ("b", "q2")],
            [F("0.75"), F("0.25")],
        ),
    ],
)
def test_steps_in_the_order_judged(cards, order, totals):
    record = track.track_record(dataset(lists=(A, B), cards=cards))
    assert [(step.list_id, step.prediction) for step in record.steps] == order
    assert [step.total for step in record.steps] == totals
    assert record.total == (totals[-1] if totals else 0)
    assert [step.position for step in record.steps] == [int(pid[1:]) for _, pid in order]


def test_lists_add_up_over_their_cards():
    cards = [card("a1", A, "yan", date="2025-01"), card("b1", B, "yy", date="2025-02"), card("a2", A, "nnn")]
    record = track.track_record(dataset(lists=(A, B), cards=cards))
    by_list = {entry.list_id: entry for entry in record.lists}
    assert list(by_list) == ["a", "b"]  # by first judged forecast
    a = by_list["a"]
    assert (a.judged, a.happened) == (5, 1)
    assert a.points == F("0.4") - F("0.9") - F("0.6") - F("0.2") - F("0.9")
    assert a.brier == (F("0.4") ** 2 + F("0.9") ** 2 + F("0.6") ** 2 + F("0.2") ** 2 + F("0.9") ** 2) / 5
    assert by_list["b"].points == F("0.75") + F("0.5")
    assert sum(entry.points for entry in record.lists) == record.total


@given(
    st.lists(st.sampled_from("yna"), min_size=3, max_size=3), st.lists(st.sampled_from("yna"), min_size=2, max_size=2)
)
def test_totals_are_the_cards_scores(first, second):
    cards = [card("a1", A, "".join(first)), card("b1", B, "".join(second), date="2026")]
    data = dataset(lists=(A, B), cards=cards)
    record = track.track_record(data)
    assert record.total == sum(score_card(data, c).score for c in cards)
    assert record.expected_total == sum(step.expected for step in record.steps)
    assert len(record.steps) == sum(score_card(data, c).judged for c in cards)
    running = F(0)
    for step in record.steps:
        running += step.points
        assert step.total == running


@pytest.mark.parametrize("p", ["0", "0.01", "0.2", "1/3", "0.5", "0.63", "1"])
def test_points_variance_follows_the_rule(p):
    """The rule's points at p, X - p for X happening with probability p, vary by p x (1 - p)."""
    p = F(p)
    assert scoring.points_variance(p) == p * (1 - p)


def test_variance_adds_up_forecast_by_forecast():
    record = track.track_record(dataset(lists=(A,), cards=[card("a1", A, "yan")]))
    assert [step.variance_total for step in record.steps] == [F("0.24"), F("0.24") + F("0.09")]
