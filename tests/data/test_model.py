"""The model's own rules: how partial dates compare, which scorecard is a list's latest."""

from __future__ import annotations

import pytest

from macros.data.model import Dataset, Judgement, Outcome, PartialDate, Scorecard, Sequence


def date(text: str) -> PartialDate:
    year, month, day = [*map(int, text.split("-")), None, None][:3]
    return PartialDate(year, month, day)


@pytest.mark.parametrize(
    ("later", "earlier", "surely_after"),
    [
        ("2025-07-01", "2025-06-30", True),
        ("2025-07", "2025-06-30", True),
        ("2026", "2025-12-31", True),
        ("2025-06-30", "2025-06-30", False),
        ("2025-06-15", "2025-06", False),  # within the month: may be before its end
        ("2025-06", "2025-06-15", False),
        ("2025", "2025-06-15", False),
        ("2025-06-14", "2025-06-15", False),
        ("2024-12", "2025", False),
    ],
)
def test_partial_dates_compare_as_far_as_both_are_known(later, earlier, surely_after):
    assert date(later).surely_after(date(earlier)) is surely_after


def _card(card_id: str, list_id: str, when: str) -> Scorecard:
    return Scorecard(card_id, list_id, "w", date(when), (Judgement("a", Outcome.HAPPENED),))


@pytest.mark.parametrize(
    ("cards", "list_id", "latest"),
    [
        ([], "l", None),
        ([("a", "l", "2024-05")], "l", "a"),
        ([("b", "l", "2025-01"), ("a", "l", "2024-05")], "l", "b"),
        ([("b", "l", "2024-05"), ("a", "l", "2024-05")], "l", "b"),  # same date: the greater id
        ([("a", "l", "2024-05"), ("b", "l", "2024-05-01")], "l", "b"),  # a month sorts before its days
        ([("a", "l", "2024"), ("z", "other", "2030")], "l", "a"),
        ([("a", "l", "2024"), ("z", "other", "2030")], None, "z"),  # of the whole sequence
    ],
)
def test_latest_scorecard(cards, list_id, latest):
    data = Dataset(Sequence("S", "A", 1, ()), (), (), (), tuple(_card(*card) for card in cards), ())
    found = data.latest_scorecard(list_id)
    assert (found.id if found is not None else None) == latest
