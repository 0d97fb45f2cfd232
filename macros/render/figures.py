"""Inline figures: a part's label, a score, a probability, a market's price."""

from __future__ import annotations

from markupsafe import Markup

from macros.data.problems import MacroMisuse
from macros.render import fmt
from macros.render.base import (
    _VERDICTS,
    PageRenderer,
    macro,
)
from macros.render.html import text


class FigureMacros(PageRenderer):
    @macro
    def part_label(self, part: int | None = None) -> Markup:
        """``Part 14 of 12``: the plan is data, so the label may run past it."""
        number = self._part_number(part)
        return text(f"Part {number} of {self.data.sequence.planned_parts}")

    @macro
    def part_title(self, part: int | None = None) -> Markup:
        return text(self.data.part(self._part_number(part)).title)

    @macro
    def sequence_title(self) -> Markup:
        return text(self.data.sequence.title)

    @macro
    def sequence_author(self) -> Markup:
        return text(self.data.sequence.author)

    @macro
    def part_count(self) -> Markup:
        return text(str(len(self.data.sequence.parts)))

    @macro
    def planned_parts(self) -> Markup:
        return text(str(self.data.sequence.planned_parts))

    @macro
    def tier_name(self, tier: int) -> Markup:
        return text(self.data.tier(tier).name)

    @macro
    def score(self, scorecard_id: str) -> Markup:
        return text(fmt.signed(self._card_score(scorecard_id).score))

    @macro
    def verdict(self, scorecard_id: str) -> Markup:
        """``did less than the forecast expected``, from the score's sign."""
        return text(_VERDICTS[self._card_score(scorecard_id).verdict])

    @macro
    def brier(self, scorecard_id: str) -> Markup:
        brier = self._card_score(scorecard_id).brier
        return text(fmt.brier(brier))

    @macro
    def judged(self, scorecard_id: str) -> Markup:
        return text(str(self._card_score(scorecard_id).judged))

    @macro
    def happened(self, scorecard_id: str) -> Markup:
        return text(str(self._card_score(scorecard_id).happened))

    @macro
    def list_size(self, list_id: str) -> Markup:
        return text(str(len(self.data.prediction_list(list_id).predictions)))

    @macro
    def list_best(self, list_id: str) -> Markup:
        return text(fmt.signed(self._list_figures(list_id).best))

    @macro
    def list_worst(self, list_id: str) -> Markup:
        return text(fmt.signed(self._list_figures(list_id).worst))

    @macro
    def prob(self, list_id: str, prediction_id: str) -> Markup:
        plist = self.data.prediction_list(list_id)
        for prediction in plist.predictions:
            if prediction.id == prediction_id:
                return text(fmt.percent(prediction.p))
        known = ", ".join(prediction.id for prediction in plist.predictions)
        raise MacroMisuse(f"no prediction {prediction_id!r} in list {list_id!r} (known: {known})")

    @macro
    def market_p(self, market_id: str, date: str | None = None) -> Markup:
        market = self.data.market(market_id)
        snapshot = market.latest
        if date is not None:
            matches = [snap for snap in market.snapshots if snap.date.iso() == date]
            if not matches:
                dates = ", ".join(snap.date.iso() for snap in market.snapshots)
                raise MacroMisuse(f"market {market_id!r} has no snapshot on {date} (has: {dates})")
            snapshot = matches[0]
        return text(fmt.percent(snapshot.p))
