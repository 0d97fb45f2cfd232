"""Scores of forecasts, in exact arithmetic.

The author's rule: a judged prediction made with probability ``p`` earns
``1 - p`` if the event happened and ``-p`` if it did not; a scorecard's
score is the sum.  Ambiguous outcomes are left out of every figure.
Pure code: no MkDocs, no I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .model import Dataset, Outcome, PredictionList, Scorecard


class Verdict(enum.Enum):
    MORE = "more"  # the work did more than the forecast expected
    LESS = "less"
    AS_EXPECTED = "as expected"
    NOTHING_JUDGED = "nothing judged"


def points(p: Fraction, outcome: Outcome) -> Fraction | None:
    """One prediction's points under the author's rule; None if not judged."""
    if outcome is Outcome.HAPPENED:
        return 1 - p
    if outcome is Outcome.DID_NOT:
        return -p
    return None


@dataclass(frozen=True)
class CardScore:
    score: Fraction
    judged: int
    happened: int
    ambiguous: int
    brier: Fraction | None  # None when nothing was judged

    @property
    def verdict(self) -> Verdict:
        if self.judged == 0:
            return Verdict.NOTHING_JUDGED
        if self.score > 0:
            return Verdict.MORE
        if self.score < 0:
            return Verdict.LESS
        return Verdict.AS_EXPECTED


def score(judgements: Iterable[tuple[Fraction, Outcome]]) -> CardScore:
    total = Fraction(0)
    squared = Fraction(0)
    judged = happened = ambiguous = 0
    for p, outcome in judgements:
        earned = points(p, outcome)
        if earned is None:
            ambiguous += 1
            continue
        judged += 1
        total += earned
        hit = outcome is Outcome.HAPPENED
        happened += hit
        squared += (p - hit) ** 2
    brier = squared / judged if judged else None
    return CardScore(total, judged, happened, ambiguous, brier)


@dataclass(frozen=True)
class Range:
    """What a list can still score: every event happens, or none does."""

    best: Fraction
    worst: Fraction
    expected: Fraction = Fraction(0)  # under the forecaster's own probabilities


def score_range(probabilities: Iterable[Fraction]) -> Range:
    ps = list(probabilities)
    return Range(best=sum((1 - p for p in ps), Fraction(0)), worst=-sum(ps, Fraction(0)))


def judgements(card: Scorecard, plist: PredictionList) -> list[tuple[Fraction, Outcome]]:
    """The list's probabilities paired with the card's outcomes, in list order."""
    return [(prediction.p, card.outcome_of(prediction.id)) for prediction in plist.predictions]


def score_card(data: Dataset, card: Scorecard) -> CardScore:
    return score(judgements(card, data.prediction_list(card.predictions)))


def list_range(plist: PredictionList) -> Range:
    return score_range(prediction.p for prediction in plist.predictions)
