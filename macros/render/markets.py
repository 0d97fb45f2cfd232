"""Prediction markets: the card with its price, stance and resolution, and a price as of a part."""

from __future__ import annotations

from fractions import Fraction

from markupsafe import Markup

from macros.compute import scoring
from macros.data.model import Market, Snapshot, Stance
from macros.data.problems import MacroMisuse
from macros.render import fmt, timecharts
from macros.render.base import PageContext, link
from macros.render.html import Content, columns, el, table, text
from macros.render.registry import macro


@macro
def market_card(page: PageContext, market_id: str) -> Markup:
    market = page.data.market(market_id)
    latest = market.latest
    body: list[Content] = [
        el("p", link(market.url, market.question), class_="eis-market__question"),
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
    if len(market.snapshots) > 1:
        body.append(history_chart(market, figures))
    if market.note:
        body.append(el("p", market.note, class_="eis-card__note"))
    return el("div", body, class_="eis-card eis-market", id=f"market-{market.id}")


def _snapshot_when(page: PageContext, market_id: str, part: int | None = None) -> Snapshot:
    """The market's latest snapshot not after the part's date."""
    market = page.data.market(market_id)
    written = page.data.part(page.part_number(part))
    # Compared to the part's precision: a snapshot on 11 May is not after a part dated May.
    depth = 1 + (written.date.month is not None) + (written.date.day is not None)
    bound = written.date.sort_key()[:depth]
    before = [snap for snap in market.snapshots if snap.date.sort_key()[:depth] <= bound]
    if not before:
        raise MacroMisuse(
            f"market {market_id!r} has no snapshot on or before part {written.part} ({written.date.iso()})"
        )
    return max(before, key=lambda snap: snap.date.sort_key())


@macro(check=_snapshot_when)
def market_p_when(page: PageContext, market_id: str, part: int | None = None) -> Markup:
    """A market's price when a part was written: its latest snapshot not after the part's date."""
    return text(fmt.percent(_snapshot_when(page, market_id, part).p))


def history_chart(market: Market, figures: scoring.MarketFigures) -> Markup:
    """The market's snapshots over time, with the author's stance and, once resolved, the outcome."""
    history = sorted(market.snapshots, key=lambda snap: snap.date.sort_key())
    resolution = figures.resolution
    first = timecharts.day_number(history[0].date)
    last_day = timecharts.day_number(history[-1].date)
    end = max(last_day, timecharts.day_number(resolution.date)) if resolution is not None else last_day

    def across(day: int) -> Fraction:
        return Fraction(day - first, end - first)

    prices = [(across(timecharts.day_number(snap.date)), snap.p) for snap in history]
    series = [timecharts.Series("Market price", "price", prices, markers=True)]
    marks: list[timecharts.Mark] = []
    dividers: list[tuple[Fraction, str]] = []
    said = [
        f"Line chart of the price of the market on {market.platform} at {len(history)} dates from"
        f" {history[0].date.human()} to {history[-1].date.human()}: "
        + ", ".join(f"{fmt.percent(snap.p)} on {snap.date.human()}" for snap in history)
        + "."
    ]
    if market.stance is not None:
        said.append(_stance(market, resolved=resolution is not None))
        stance = market.stance.value
        shape = "up" if market.stance is Stance.OVER else "down"
        marks.append(timecharts.Mark(f"The author's stance: {stance}", "stance", prices[-1], shape))
    if resolution is not None:
        at = across(timecharts.day_number(resolution.date))
        if figures.gap is not None:  # yes or no: the outcome is the last price plus the gap
            value = figures.last.p + figures.gap
            marks.append(
                timecharts.Mark(
                    f"Resolved {resolution.outcome.value}, {resolution.date.human()}", "resolved", (at, value)
                )
            )
        else:
            dividers.append((at, "resolved"))
        said.append(f"It resolved {resolution.outcome.value} on {resolution.date.human()}.")
    chart = timecharts.Chart(
        key=f"market-{market.id}",
        title="The market's price over time",
        description=" ".join(said),
        x_title="Date of the snapshot",
        y_title="Market price",
        x_ticks=[
            (Fraction(0), history[0].date.human()),
            (Fraction(1), (resolution.date if end != last_day and resolution else history[-1].date).human()),
        ],
        y_range=(Fraction(0), Fraction(1)),
        y_label=fmt.percent,
        series=series,
        marks=marks,
        dividers=dividers,
    )
    rows = [
        el(
            "tr",
            el("td", el("time", snap.date.human(), datetime=snap.date.iso())),
            el("td", fmt.percent(snap.p), class_="eis-num"),
        )
        for snap in history
    ]
    numbers = table(
        columns("eis-market-history"), rows, "eis-market-history", caption="Every snapshot of the market's price"
    )
    return timecharts.figure(chart, numbers)


def _stance(market: Market, resolved: bool = False) -> str:
    side = "over" if market.stance is Stance.OVER else "under"
    direction = "higher" if market.stance is Stance.OVER else "lower"
    if resolved:
        return f"The author took the {side}: he expected the true chance to be {direction} than the market said."
    return f"The author would take the {side}: he expects the true chance to be {direction} than the market says."


def _resolution(market: Market, figures: scoring.MarketFigures) -> list[Content]:
    """How the market resolved, how far that lay from its last price, and whether the stance was borne out."""
    resolution, last = figures.resolution, figures.last
    assert resolution is not None
    said: list[Content] = ["Resolved ", el("strong", resolution.outcome.value), f" on {resolution.date.human()}"]
    price = f"its last price of {fmt.percent(last.p)} ({last.date.human()})"
    if figures.gap is None:
        said.append(": neither yes nor no, so neither side won.")
    elif figures.gap == 0:
        said.append(f", exactly as {price} said.")
    else:
        way = "above" if figures.gap > 0 else "below"
        said.append(f", {fmt.percent(abs(figures.gap)).removesuffix('%')} percentage points {way} {price}.")
    if market.stance is not None:
        side = f" The author's {market.stance.value}"
        if figures.borne_out is None:
            said.append(f"{side} can be judged neither way.")
        else:
            said.append(f"{side} was {'borne out' if figures.borne_out else 'not borne out'}.")
    return said
