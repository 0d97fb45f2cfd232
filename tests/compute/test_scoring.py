"""The author's rule, the Brier score and the ranges, exactly."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.compute import scoring
from macros.data.model import Market, Outcome, PartialDate, Resolution, Resolved, Snapshot, Stance

H, N, A = Outcome.HAPPENED, Outcome.DID_NOT, Outcome.AMBIGUOUS

MAY_2024 = [
    (F("0.99"), H),
    (F("0.95"), H),
    (F("0.8"), H),
    (F("0.2"), N),
    (F("0.2"), N),
    (F("0.25"), N),
    (F("0.05"), N),
    (F("0.15"), N),
    (F("0.1"), N),
    (F("0.05"), N),
]
EIS_XIV = [F(p) for p in ("0.6", "0.2", "0.2", "0.15", "0.15", "0.15", "0.1", "0.1")]


@pytest.mark.parametrize(
    ("judgements", "score", "judged", "happened", "brier", "verdict"),
    [
        (MAY_2024, F("-0.74"), 10, 3, F("0.02226"), scoring.Verdict.LESS),
        ([(F("0.5"), H)], F("0.5"), 1, 1, F("0.25"), scoring.Verdict.MORE),
        ([(F("0.5"), H), (F("0.5"), N)], F(0), 2, 1, F("0.25"), scoring.Verdict.AS_EXPECTED),
        ([(F("0.3"), A), (F("0.9"), N)], F("-0.9"), 1, 0, F("0.81"), scoring.Verdict.LESS),
        ([(F("0.3"), A)], F(0), 0, 0, None, scoring.Verdict.NOTHING_JUDGED),
        ([], F(0), 0, 0, None, scoring.Verdict.NOTHING_JUDGED),
        ([(F(1), H), (F(0), N)], F(0), 2, 1, F(0), scoring.Verdict.AS_EXPECTED),
        ([(F(1, 3), H), (F(1, 3), N), (F(1, 3), N)], F(0), 3, 1, F(2, 9), scoring.Verdict.AS_EXPECTED),
    ],
)
def test_score(judgements, score, judged, happened, brier, verdict):
    result = scoring.score(judgements)
    assert (result.score, result.judged, result.happened, result.brier, result.verdict) == (
        score,
        judged,
        happened,
        brier,
        verdict,
    )


def test_may_2024_is_exactly_minus_074():
    assert scoring.score(MAY_2024).score == F(-74, 100)


@pytest.mark.parametrize(
    ("ps", "best", "worst"),
    [(EIS_XIV, F("6.35"), F("-1.65")), ([], F(0), F(0)), ([F(1)], F(0), F(-1)), ([F(0)], F(1), F(0))],
)
def test_range(ps, best, worst):
    span = scoring.score_range(ps)
    assert (span.best, span.worst, span.expected) == (best, worst, F(0))


probabilities = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False).map(lambda d: F(str(d)))
outcomes = st.sampled_from([H, N, A])
cards = st.lists(st.tuples(probabilities, outcomes), max_size=40)


@given(cards)
def test_score_is_happened_minus_sum_of_p(judgements):
    judged = [(p, o) for p, o in judgements if o is not A]
    result = scoring.score(judgements)
    assert result.score == result.happened - sum((p for p, _ in judged), F(0))
    assert result.judged == len(judged)
    assert result.ambiguous == len(judgements) - len(judged)


@given(cards)
def test_score_lies_within_the_range(judgements):
    judged = [(p, o) for p, o in judgements if o is not A]
    span = scoring.score_range(p for p, _ in judged)
    assert span.worst <= scoring.score(judgements).score <= span.best
    assert span.best - span.worst == len(judged)


@given(cards)
def test_brier_is_between_zero_and_one(judgements):
    brier = scoring.score(judgements).brier
    assert brier is None or 0 <= brier <= 1


@given(st.lists(probabilities, max_size=30))
def test_expected_score_is_zero_under_own_probabilities(ps):
    # Each event happens with probability p: E[points] = p(1 - p) + (1 - p)(-p) = 0.
    expected = sum((p * (1 - p) + (1 - p) * (-p) for p in ps), F(0))
    assert expected == scoring.score_range(ps).expected == 0


@given(probabilities, probabilities)
def test_rule_is_not_proper(belief, reported):
    # Expected points of reporting q when believing p is p - q: lower reports always gain.
    happened = scoring.points(reported, Outcome.HAPPENED)
    did_not = scoring.points(reported, Outcome.DID_NOT)
    assert happened is not None and did_not is not None
    assert belief * happened + (1 - belief) * did_not == belief - reported


@given(cards, st.randoms())
def test_order_does_not_matter(judgements, rng):
    shuffled = list(judgements)
    rng.shuffle(shuffled)
    assert scoring.score(shuffled) == scoring.score(judgements)


# -- markets ------------------------------------------------------------------------

OVER, UNDER = Stance.OVER, Stance.UNDER
YES, NO, VOID = Resolved.YES, Resolved.NO, Resolved.AMBIGUOUS


def _market(p: str, stance: Stance | None, outcome: Resolved | None) -> Market:
    snapshots = (Snapshot(PartialDate(2024, 1, 1), F("0.1")), Snapshot(PartialDate(2024, 10, 11), F(p)))
    resolution = Resolution(outcome, PartialDate(2025, 1, 15)) if outcome is not None else None
    return Market("m", "Will it?", "Manifold", snapshots, stance=stance, resolution=resolution)


@pytest.mark.parametrize(
    ("p", "stance", "outcome", "gap", "borne_out"),
    [
        ("0.63", OVER, YES, F("0.37"), True),
        ("0.63", OVER, NO, F("-0.63"), False),
        ("0.63", UNDER, NO, F("-0.63"), True),
        ("0.63", UNDER, YES, F("0.37"), False),
        ("0.63", OVER, VOID, None, None),
        ("0.63", None, YES, F("0.37"), None),
        ("0.63", OVER, None, None, None),
        ("1", OVER, YES, F(0), False),  # the market already said so: no side gained
        ("0", UNDER, NO, F(0), False),
        ("0.005", UNDER, NO, F("-0.005"), True),
    ],
)
def test_market_figures(p, stance, outcome, gap, borne_out):
    figures = scoring.market_figures(_market(p, stance, outcome))
    assert figures.last.date == PartialDate(2024, 10, 11), "the latest snapshot, whatever the order"
    assert (figures.gap, figures.borne_out) == (gap, borne_out)
