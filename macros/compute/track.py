"""The sequence's track record: every judged forecast in the order it was judged.

A forecast's points are the author's rule (``scoring.points``); what the
author's own probabilities expected of it is the mean of those points with
the event happening as often as he said (``scoring.expected_points``), so
the running totals compare the two forecast by forecast.  Forecasts are
judged in scorecard order (``Scorecard.chronology``: by date, then id) and,
within a scorecard, in the list's order.  Ambiguous outcomes are left out,
as in every score.  Pure code: no MkDocs, no I/O; exact arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from macros.compute import scoring
from macros.data.model import Dataset, Outcome, PartialDate, Scorecard


@dataclass(frozen=True)
class Step:
    """One judged forecast, and the running totals up to and including it."""

    card: str  # the scorecard's id
    list_id: str
    prediction: str
    position: int  # 1-based, in its list
    date: PartialDate  # the scorecard's date
    p: Fraction
    happened: bool
    points: Fraction
    expected: Fraction
    total: Fraction  # points so far
    expected_total: Fraction  # points the probabilities expected so far
    # The variance of the total so far, had each event happened independently
    # with its stated probability: how far chance alone would take it.
    variance_total: Fraction


@dataclass(frozen=True)
class ListRecord:
    """One list's judged forecasts, over all its scorecards."""

    list_id: str
    judged: int
    happened: int
    points: Fraction
    expected: Fraction
    brier: Fraction | None  # None when nothing was judged


@dataclass(frozen=True)
class TrackRecord:
    steps: tuple[Step, ...]
    lists: tuple[ListRecord, ...]  # in the order of their first judged forecast

    @property
    def total(self) -> Fraction:
        return self.steps[-1].total if self.steps else Fraction(0)

    @property
    def expected_total(self) -> Fraction:
        return self.steps[-1].expected_total if self.steps else Fraction(0)


def track_record(data: Dataset) -> TrackRecord:
    steps: list[Step] = []
    total = expected_total = variance_total = Fraction(0)
    per_list: dict[str, list[tuple[Fraction, Outcome]]] = {}
    for card in sorted(data.scorecards, key=Scorecard.chronology):
        plist = data.prediction_list(card.predictions)
        for position, (prediction, (p, outcome)) in enumerate(
            zip(plist.predictions, scoring.judgements(card, plist), strict=True), start=1
        ):
            earned = scoring.points(p, outcome)
            if earned is None:
                continue
            expected = scoring.expected_points(p)
            total += earned
            expected_total += expected
            variance_total += scoring.points_variance(p)
            steps.append(
                Step(
                    card=card.id,
                    list_id=plist.id,
                    prediction=prediction.id,
                    position=position,
                    date=card.date,
                    p=p,
                    happened=outcome is Outcome.HAPPENED,
                    points=earned,
                    expected=expected,
                    total=total,
                    expected_total=expected_total,
                    variance_total=variance_total,
                )
            )
            per_list.setdefault(plist.id, []).append((p, outcome))
    lists = []
    for list_id, pairs in per_list.items():
        result = scoring.score(pairs)
        lists.append(
            ListRecord(
                list_id=list_id,
                judged=result.judged,
                happened=result.happened,
                points=result.score,
                expected=sum((scoring.expected_points(p) for p, _ in pairs), Fraction(0)),
                brier=result.brier,
            )
        )
    return TrackRecord(tuple(steps), tuple(lists))
