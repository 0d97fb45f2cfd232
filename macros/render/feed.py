"""An RSS 2.0 feed: the parts the site hosts, each scorecard, and each resolved market.

Pure: the caller passes absolute URLs.  Dates come from the data, never
the clock, so a build writes the same feed every time.  Each item has an
id of its own that never changes once published (``guid``): a part's page,
a scorecard's anchor on its list's page, a market's resolution.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from macros.compute import scoring
from macros.data.model import Dataset, Market, PartialDate, Scorecard
from macros.render import fmt

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
FEED_PATH = "feed.xml"


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    date: PartialDate
    summary: str | None = None
    guid: str | None = None  # a stable id that is not an address; None: the item's url is its id


@dataclass(frozen=True)
class Channel:
    title: str
    url: str  # the site's home page
    description: str
    author: str


def rfc822(date: PartialDate) -> str:
    """RSS dates must name a day: a part dated by month counts from its first day."""
    moment = dt.datetime(date.year, date.month or 1, date.day or 1, tzinfo=dt.UTC)
    return email.utils.format_datetime(moment)


def rss(channel: Channel, items: Iterable[Item]) -> bytes:
    """The feed document, newest item first."""
    ordered = sorted(items, key=lambda item: (item.date.sort_key(), item.url), reverse=True)
    ET.register_namespace("atom", ATOM)
    ET.register_namespace("dc", DC)
    root = ET.Element("rss", version="2.0")
    feed = ET.SubElement(root, "channel")
    _text(feed, "title", channel.title)
    _text(feed, "link", channel.url)
    _text(feed, "description", channel.description)
    _text(feed, "language", "en")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=channel.url + FEED_PATH, rel="self", type="application/rss+xml")
    if ordered:
        _text(feed, "lastBuildDate", rfc822(ordered[0].date))
    for item in ordered:
        entry = ET.SubElement(feed, "item")
        _text(entry, "title", item.title)
        _text(entry, "link", item.url)
        if item.guid is None:
            ET.SubElement(entry, "guid", isPermaLink="true").text = item.url
        else:
            ET.SubElement(entry, "guid", isPermaLink="false").text = item.guid
        _text(entry, "pubDate", rfc822(item.date))
        # RSS's own <author> wants an e-mail address; Dublin Core takes a name.
        _text(entry, f"{{{DC}}}creator", channel.author)
        if item.summary:
            _text(entry, "description", item.summary)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def scorecard_item(data: Dataset, card: Scorecard, list_url: str, verdicts: dict[scoring.Verdict, str]) -> Item:
    """A list judged against a work, with its score on its scale; ``list_url`` is the list's page."""
    plist = data.prediction_list(card.predictions)
    work = data.work(card.work)
    figures = scoring.scorecard_figures(data, card)
    title = f"{plist.title}, judged against {work.citation}"
    if figures.judged == 0:
        summary = "Every outcome on its scorecard is ambiguous, so it has no score."
    else:
        summary = (
            f"It scored {fmt.signed(figures.score)} (worst possible {fmt.signed(figures.worst)},"
            f" best {fmt.signed(figures.best)}; the author's own odds expected {fmt.signed(figures.expected)}):"
            f" the work {verdicts[figures.verdict]}. {figures.happened} of {figures.judged} predictions happened;"
            f" Brier score {fmt.brier(figures.brier)} (0 is perfect, 0.25 a coin flip)."
        )
    return Item(
        f"{title}: {fmt.signed(figures.score)}" if figures.judged else title,
        f"{list_url}#scorecard-{card.id}",
        card.date,
        summary,
    )


def market_item(market: Market, site_url: str, page_url: str | None) -> Item | None:
    """A market's resolution, once it has one; linked to the page that shows it, else to the market."""
    figures = scoring.market_figures(market)
    resolution = figures.resolution
    if resolution is None:
        return None
    last = figures.last
    said = f"Resolved {resolution.outcome.value}; its last price was {fmt.percent(last.p)} ({last.date.human()})."
    if figures.borne_out is not None and market.stance is not None:
        said += f" The author's {market.stance.value} was {'borne out' if figures.borne_out else 'not borne out'}."
    url = f"{page_url}#market-{market.id}" if page_url else (market.url or site_url)
    return Item(
        f"Market resolved {resolution.outcome.value}: {market.question}",
        url,
        resolution.date,
        said,
        guid=f"{site_url}#market-{market.id}-resolved",
    )
