"""Small datasets built in code, for tests whose expected text must follow from the test alone.

``dataset()`` is two parts, the second hosted at ``parts/two.md``, and two
works; ``plist`` and ``card`` make a prediction list and a scorecard from
probabilities and outcome letters.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from macros.data.model import (
    Dataset,
    HostedPage,
    Judgement,
    Market,
    Outcome,
    Part,
    PartialDate,
    Prediction,
    PredictionList,
    Scorecard,
    Sequence,
    Tier,
    Work,
)


def day(iso: str) -> PartialDate:
    return PartialDate(*(int(piece) for piece in iso.split("-")))


def part(number: int, date: str = "2024-10-11", title: str | None = None, url: str | None = None) -> Part:
    return Part(part=number, title=title or f"Part {number} title", date=day(date), url=url)


def plist(ident: str, *ps: str, made: str = "2024-01", **extra: Any) -> PredictionList:
    predictions = tuple(Prediction(id=f"q{i}", claim=f"claim {i}", p=Fraction(p)) for i, p in enumerate(ps, 1))
    return PredictionList(id=ident, title=f"List {ident}", made_on=day(made), predictions=predictions, **extra)


def card(
    ident: str, of: PredictionList, outcomes: str, work: str = "w1", date: str = "2025-01-01", **extra: Any
) -> Scorecard:
    """``outcomes`` gives one letter a prediction, in list order: y(es), n(o) or a(mbiguous)."""
    codes = {"y": Outcome.HAPPENED, "n": Outcome.DID_NOT, "a": Outcome.AMBIGUOUS}
    judged = tuple(Judgement(p.id, codes[c]) for p, c in zip(of.predictions, outcomes, strict=True))
    return Scorecard(id=ident, predictions=of.id, work=work, date=day(date), outcomes=judged, **extra)


WORKS = (
    Work(id="w1", title="First Paper", authors=("Ann Lee",), year=2025, url="https://example.org/w1"),
    Work(id="w2", title="Second Paper", authors=("Bo Chen", "Cy Diaz"), year=2025),
)


TWO_PARTS = (part(1), part(2))
PART_TWO_HOSTED = (HostedPage(part=2, src_path="parts/two.md"),)


def dataset(
    parts: Iterable[Part] = TWO_PARTS,
    lists: Iterable[PredictionList] = (),
    cards: Iterable[Scorecard] = (),
    markets: Iterable[Market] = (),
    pages: Iterable[HostedPage] = PART_TWO_HOSTED,
    planned: int = 2,
    tiers: Iterable[Tier] = (),
) -> Dataset:
    sequence = Sequence(
        title="Seq", author="Au Thor", planned_parts=planned, parts=tuple(parts), url="https://example.org/seq"
    )
    return Dataset(sequence, tuple(tiers), WORKS, tuple(lists), tuple(cards), tuple(markets), tuple(pages))
