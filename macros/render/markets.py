"""Prediction markets: the card with its price, stance and resolution, and a price as of a part."""

from __future__ import annotations

from markupsafe import Markup

from macros.compute import scoring
from macros.data.problems import MacroMisuse
from macros.render import fmt
from macros.render.base import (
    _link,
    _resolution,
    _stance,
    macro,
)
from macros.render.html import Content, el, text
from macros.render.tiers import TierMacros


class MarketMacros(TierMacros):
    @macro
    def market_card(self, market_id: str) -> Markup:
        market = self.data.market(market_id)
        latest = market.latest
        body: list[Content] = [
            el("p", _link(market.url, market.question), class_="eis-market__question"),
            el(
                "p",
                market.platform + (f" · asked by {market.creator}" if market.creator else ""),
                class_="eis-card__context",
            ),
            el("p", el("strong", fmt.percent(latest.p), class_="eis-market__p"), f" on {latest.date.human()}"),
        ]
        figures = scoring.market_figures(market)
        if market.stance is not None:
            body.append(el("p", _stance(market, resolved=figures.resolution is not None), class_="eis-market__stance"))
        if figures.resolution is not None:
            body.append(el("p", _resolution(market, figures), class_="eis-market__resolution"))
        history = sorted(market.snapshots, key=lambda snap: snap.date.sort_key())
        if len(history) > 1:
            body.append(
                el(
                    "ul",
                    [el("li", f"{snap.date.human()}: {fmt.percent(snap.p)}") for snap in history],
                    class_="eis-market__history",
                )
            )
        if market.note:
            body.append(el("p", market.note, class_="eis-card__note"))
        return el("div", body, class_="eis-card eis-market", id=f"market-{market.id}")

    @macro
    def market_p_when(self, market_id: str, part: int | None = None) -> Markup:
        """A market's price when a part was written: its latest snapshot not after the part's date."""
        market = self.data.market(market_id)
        written = self.data.part(self._part_number(part))
        # Compared to the part's precision: a snapshot on 11 May is not after a part dated May.
        depth = 1 + (written.date.month is not None) + (written.date.day is not None)
        bound = written.date.sort_key()[:depth]
        before = [snap for snap in market.snapshots if snap.date.sort_key()[:depth] <= bound]
        if not before:
            raise MacroMisuse(
                f"market {market_id!r} has no snapshot on or before part {written.part} ({written.date.iso()})"
            )
        return text(fmt.percent(max(before, key=lambda snap: snap.date.sort_key()).p))
