"""Scores of forecasts, in exact arithmetic.

The author's rule: a judged prediction made with probability ``p`` earns
``1 - p`` if the event happened and ``-p`` if it did not; a scorecard's
score is the sum.  Ambiguous outcomes are left out of every figure.

``scorecard_figures``, ``list_figures`` and ``market_figures`` give every
figure of a scorecard, a list and a market: the pages, the open data and
``scores --json`` all take theirs from these.  Each figure's field says
what it means (``doc``), and whether the data file itself already holds it
(``of_data``), for the open data and its schemas.
Pure code: no MkDocs, no I/O.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from macros.data.model import (
    Dataset,
    Market,
    Outcome,
    PredictionList,
    Resolution,
    Resolved,
    Scorecard,
    Snapshot,
    Stance,
)


class Verdict(enum.Enum):
    MORE = "more"  # the work did more than the forecast expected
    LESS = "less"
    AS_EXPECTED = "as expected"
    NOTHING_JUDGED = "nothing judged"


class Disagreement(enum.Enum):
    """Where the author's rule and the Brier score point opposite ways."""

    NONE = "none"
    # Every judged forecast leaned the right way (above even odds and it
    # happened, below and it did not), yet the score is negative.
    RIGHT_SIDE_NEGATIVE = "right side, negative"
    # Every judged forecast leaned the wrong way, yet the score is positive.
    WRONG_SIDE_POSITIVE = "wrong side, positive"


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
    # Judged forecasts that leaned the right way: above even odds and it
    # happened, or below and it did not (exactly even odds leans neither way).
    right_side: int = 0
    wrong_side: int = 0

    @property
    def disagreement(self) -> Disagreement:
        if self.judged and self.right_side == self.judged and self.score < 0:
            return Disagreement.RIGHT_SIDE_NEGATIVE
        if self.judged and self.wrong_side == self.judged and self.score > 0:
            return Disagreement.WRONG_SIDE_POSITIVE
        return Disagreement.NONE

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
    judged = happened = ambiguous = right = wrong = 0
    half = Fraction(1, 2)
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
        if p != half:
            leaned_right = (p > half) == hit
            right += leaned_right
            wrong += not leaned_right
    brier = squared / judged if judged else None
    return CardScore(total, judged, happened, ambiguous, brier, right, wrong)


@dataclass(frozen=True)
class Range:
    """What a list can score: every event happens, or none does; and on average, by its own odds."""

    best: Fraction
    worst: Fraction
    expected: Fraction  # each event happening with the probability the list gives it


def score_range(probabilities: Iterable[Fraction]) -> Range:
    best = worst = expected = Fraction(0)
    for p in probabilities:
        happens, does_not, average = _terms(p)
        best += happens
        worst += does_not
        expected += average
    return Range(best, worst, expected)


# Lists repeat a few probabilities thousands of times.
@functools.lru_cache(maxsize=4096)
def _terms(p: Fraction) -> tuple[Fraction, Fraction, Fraction]:
    """One prediction's points if it happens, if it does not, and on average by its own probability."""
    happens, does_not = points(p, Outcome.HAPPENED), points(p, Outcome.DID_NOT)
    assert happens is not None and does_not is not None
    return happens, does_not, p * happens + (1 - p) * does_not


def expected_points(p: Fraction) -> Fraction:
    """What a prediction at ``p`` expects to earn if its event happens with probability ``p``."""
    return _terms(p)[2]


def points_variance(p: Fraction) -> Fraction:
    """How far a prediction at ``p`` may stray from what it expects: the variance of its points, by its own odds."""
    happens, does_not, average = _terms(p)
    return p * (happens - average) ** 2 + (1 - p) * (does_not - average) ** 2


def judgements(card: Scorecard, plist: PredictionList) -> list[tuple[Fraction, Outcome]]:
    """The list's probabilities paired with the card's outcomes, in list order."""
    return [(prediction.p, card.outcome_of(prediction.id)) for prediction in plist.predictions]


def list_range(plist: PredictionList) -> Range:
    return score_range(prediction.p for prediction in plist.predictions)


# -- every figure, once --------------------------------------------------------------


def _about(doc: str, *, of_data: bool = False) -> dict[str, Any]:
    return {"doc": doc, "of_data": of_data}


@dataclass(frozen=True)
class ScorecardFigures:
    """Every figure of a scorecard."""

    id: str = field(metadata=_about("The scorecard's id.", of_data=True))
    predictions: str = field(metadata=_about("The id of the prediction list it judges.", of_data=True))
    work: str = field(metadata=_about("The id of the work the list is judged against.", of_data=True))
    score: Fraction = field(metadata=_about("The score under the author's rule."))
    brier: Fraction | None = field(
        metadata=_about("The Brier score of the judged predictions; null when nothing was judged.")
    )
    judged: int = field(metadata=_about("How many predictions were judged (true or false)."))
    happened: int = field(metadata=_about("How many judged predictions happened."))
    ambiguous: int = field(metadata=_about("How many outcomes are ambiguous and left out of every figure."))
    verdict: Verdict = field(metadata=_about("What the score's sign says of the work, against the forecast."))
    worst: Fraction = field(metadata=_about("The worst score the list could have got: no predicted event happens."))
    best: Fraction = field(metadata=_about("The best score the list could have got: every predicted event happens."))
    expected: Fraction = field(
        metadata=_about("The score the author's own probabilities expected: each event happening with its probability.")
    )
    right_side: int = field(
        metadata=_about(
            "How many judged predictions leaned the right way:"
            " above even odds and it happened, or below and it did not."
        )
    )
    disagreement: Disagreement = field(
        metadata=_about(
            "Whether the score and the Brier score point opposite ways: every judged prediction on the right side"
            " of even odds with a negative score, or every one on the wrong side with a positive score."
        )
    )
    points: dict[str, Fraction | None] = field(
        metadata=_about(
            "Each prediction's points under the author's rule, by prediction id in the list's order;"
            " null for an ambiguous outcome."
        )
    )


@dataclass(frozen=True)
class ListFigures:
    """Every figure of a prediction list."""

    id: str = field(metadata=_about("The list's id.", of_data=True))
    size: int = field(metadata=_about("How many predictions the list holds."))
    scorecards: tuple[str, ...] = field(metadata=_about("The ids of the scorecards that judge it, oldest first."))
    latest: str | None = field(
        metadata=_about("The id of its latest scorecard (by date, then id); null while it has none.")
    )
    best: Fraction = field(metadata=_about("The best score the list can get: every predicted event happens."))
    worst: Fraction = field(metadata=_about("The worst score the list can get: no predicted event happens."))
    expected: Fraction = field(
        metadata=_about("The score expected if each event happens with the probability the list gives it.")
    )


def scorecard_figures(data: Dataset, card: Scorecard) -> ScorecardFigures:
    plist = data.prediction_list(card.predictions)
    pairs = judgements(card, plist)
    result = score(pairs)
    span = list_range(plist)
    return ScorecardFigures(
        id=card.id,
        predictions=plist.id,
        work=card.work,
        score=result.score,
        brier=result.brier,
        judged=result.judged,
        happened=result.happened,
        ambiguous=result.ambiguous,
        verdict=result.verdict,
        worst=span.worst,
        best=span.best,
        expected=span.expected,
        right_side=result.right_side,
        disagreement=result.disagreement,
        points={
            prediction.id: points(p, outcome) for prediction, (p, outcome) in zip(plist.predictions, pairs, strict=True)
        },
    )


def list_figures(data: Dataset, plist: PredictionList) -> ListFigures:
    span = list_range(plist)
    latest = data.latest_scorecard(plist.id)
    return ListFigures(
        id=plist.id,
        size=len(plist.predictions),
        scorecards=tuple(card.id for card in sorted(data.scorecards_of(plist.id), key=Scorecard.chronology)),
        latest=latest.id if latest is not None else None,
        best=span.best,
        worst=span.worst,
        expected=span.expected,
    )


# -- markets --------------------------------------------------------------------------

_RESOLVED_AS = {Resolved.YES: Fraction(1), Resolved.NO: Fraction(0)}


@dataclass(frozen=True)
class MarketFigures:
    """A market's last price and, once it resolved, how far the outcome lay from it."""

    last: Snapshot  # the latest snapshot
    resolution: Resolution | None
    # The outcome (1 for yes, 0 for no) less the last price: how far the
    # market was off, and in which direction.  None unless it resolved yes or no.
    gap: Fraction | None
    # Whether the author's stance pointed the way the outcome lay from the
    # last price; None without a stance or a yes-or-no resolution.
    borne_out: bool | None


def market_figures(market: Market) -> MarketFigures:
    last = market.latest
    resolution = market.resolution
    value = _RESOLVED_AS.get(resolution.outcome) if resolution is not None else None
    gap = value - last.p if value is not None else None
    borne_out = None
    if gap is not None and market.stance is not None:
        borne_out = gap > 0 if market.stance is Stance.OVER else gap < 0
    return MarketFigures(last, resolution, gap, borne_out)
