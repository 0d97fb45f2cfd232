"""Calibration of judged forecasts: how often events at each stated probability happened.

Forecast probabilities fall into ten bins of width one tenth.  Each bin
holds its lower edge and not its upper one, ``[0, 0.1)``, ``[0.1, 0.2)``
and so on, except the last, ``[0.9, 1]``, which also holds certainty: so a
forecast on an edge such as 0.1 counts with the forecasts above it.
Ambiguous outcomes are left out, as in every score.  Pure code: no
MkDocs, no I/O; exact arithmetic throughout.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from macros.compute import scoring
from macros.data.model import Dataset, Outcome, Scorecard

BINS = 10
WIDTH = Fraction(1, BINS)

# A judged prediction: the stated probability, and whether the event happened.
Judged = tuple[Fraction, bool]


@dataclass(frozen=True)
class Bin:
    lower: Fraction
    upper: Fraction
    count: int
    happened: int
    mean_forecast: Fraction | None  # None for an empty bin
    observed: Fraction | None  # the share that happened; None for an empty bin

    @property
    def closed(self) -> bool:
        """Whether the bin holds its upper edge (only the last one does)."""
        return self.upper == 1


@dataclass(frozen=True)
class Calibration:
    bins: tuple[Bin, ...]
    judged: int
    happened: int
    brier: Fraction | None  # None when nothing was judged


def bin_index(p: Fraction) -> int:
    """The bin of a probability, under the edge rule above."""
    if not 0 <= p <= 1:
        raise ValueError(f"probability {p} is outside 0 to 1")
    return min(int(p * BINS), BINS - 1)


def bins(judged: Iterable[Judged]) -> tuple[Bin, ...]:
    """All ten bins in order, empty ones included, so charts and tables line up."""
    totals = [Fraction(0)] * BINS
    counts = [0] * BINS
    hits = [0] * BINS
    for p, happened in judged:
        index = bin_index(p)
        totals[index] += p
        counts[index] += 1
        hits[index] += happened
    return tuple(
        Bin(
            lower=index * WIDTH,
            upper=(index + 1) * WIDTH,
            count=counts[index],
            happened=hits[index],
            mean_forecast=totals[index] / counts[index] if counts[index] else None,
            observed=Fraction(hits[index], counts[index]) if counts[index] else None,
        )
        for index in range(BINS)
    )


def brier(judged: Iterable[Judged]) -> Fraction | None:
    """The Brier score, by scoring's definition so that the site has only one."""
    outcomes = ((p, Outcome.HAPPENED if happened else Outcome.DID_NOT) for p, happened in judged)
    return scoring.score(outcomes).brier


def calibrate(judged: Iterable[Judged]) -> Calibration:
    pairs = list(judged)
    return Calibration(
        bins=bins(pairs),
        judged=len(pairs),
        happened=sum(happened for _, happened in pairs),
        brier=brier(pairs),
    )


def card_judged(data: Dataset, card: Scorecard) -> list[Judged]:
    """One scorecard's judged predictions, in list order; ambiguous ones left out."""
    return [
        (p, outcome is Outcome.HAPPENED)
        for p, outcome in scoring.judgements(card, data.prediction_list(card.predictions))
        if outcome is not Outcome.AMBIGUOUS
    ]


def sequence_judged(data: Dataset) -> list[Judged]:
    """Every judged prediction of every scorecard, card by card."""
    return [pair for card in data.scorecards for pair in card_judged(data, card)]
