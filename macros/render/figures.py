"""Inline figures: a part's label, a score, a probability, a market's price."""

from __future__ import annotations

from markupsafe import Markup

from macros.data.model import Prediction, Snapshot
from macros.data.problems import MacroMisuse
from macros.render import fmt
from macros.render.base import VERDICTS, PageContext
from macros.render.html import text
from macros.render.registry import macro


@macro
def part_label(page: PageContext, part: int | None = None) -> Markup:
    """``Part 14 of 12``: the plan is data, so the label may run past it."""
    number = page.part_number(part)
    return text(f"Part {number} of {page.data.sequence.planned_parts}")


@macro
def part_title(page: PageContext, part: int | None = None) -> Markup:
    return text(page.data.part(page.part_number(part)).title)


@macro
def sequence_title(page: PageContext) -> Markup:
    return text(page.data.sequence.title)


@macro
def sequence_author(page: PageContext) -> Markup:
    return text(page.data.sequence.author)


@macro
def part_count(page: PageContext) -> Markup:
    return text(str(len(page.data.sequence.parts)))


@macro
def planned_parts(page: PageContext) -> Markup:
    return text(str(page.data.sequence.planned_parts))


@macro
def tier_name(page: PageContext, tier: int) -> Markup:
    return text(page.data.tier(tier).name)


@macro
def score(page: PageContext, scorecard_id: str) -> Markup:
    return text(fmt.signed(page.card_score(scorecard_id).score))


@macro
def verdict(page: PageContext, scorecard_id: str) -> Markup:
    """``did less than the forecast expected``, from the score's sign."""
    return text(VERDICTS[page.card_score(scorecard_id).verdict])


@macro
def brier(page: PageContext, scorecard_id: str) -> Markup:
    brier = page.card_score(scorecard_id).brier
    return text(fmt.brier(brier))


@macro
def judged(page: PageContext, scorecard_id: str) -> Markup:
    return text(str(page.card_score(scorecard_id).judged))


@macro
def happened(page: PageContext, scorecard_id: str) -> Markup:
    return text(str(page.card_score(scorecard_id).happened))


@macro
def list_size(page: PageContext, list_id: str) -> Markup:
    return text(str(len(page.data.prediction_list(list_id).predictions)))


@macro
def list_best(page: PageContext, list_id: str) -> Markup:
    return text(fmt.signed(page.list_figures(list_id).best))


@macro
def list_worst(page: PageContext, list_id: str) -> Markup:
    return text(fmt.signed(page.list_figures(list_id).worst))


def _prediction(page: PageContext, list_id: str, prediction_id: str) -> Prediction:
    plist = page.data.prediction_list(list_id)
    for prediction in plist.predictions:
        if prediction.id == prediction_id:
            return prediction
    known = ", ".join(prediction.id for prediction in plist.predictions)
    raise MacroMisuse(f"no prediction {prediction_id!r} in list {list_id!r} (known: {known})")


@macro(check=_prediction)
def prob(page: PageContext, list_id: str, prediction_id: str) -> Markup:
    return text(fmt.percent(_prediction(page, list_id, prediction_id).p))


def _snapshot(page: PageContext, market_id: str, date: str | None = None) -> Snapshot:
    """The market's snapshot on ``date``, else its latest."""
    market = page.data.market(market_id)
    if date is None:
        return market.latest
    matches = [snap for snap in market.snapshots if snap.date.iso() == date]
    if not matches:
        dates = ", ".join(snap.date.iso() for snap in market.snapshots)
        raise MacroMisuse(f"market {market_id!r} has no snapshot on {date} (has: {dates})")
    return matches[0]


@macro(check=_snapshot)
def market_p(page: PageContext, market_id: str, date: str | None = None) -> Markup:
    return text(fmt.percent(_snapshot(page, market_id, date).p))
