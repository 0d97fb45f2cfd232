"""An RSS 2.0 feed of the parts the site hosts.

Pure: the caller passes absolute URLs.  Dates come from the data, never
the clock, so a build writes the same feed every time.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from macros.data.model import PartialDate

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
FEED_PATH = "feed.xml"


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    date: PartialDate
    summary: str | None = None


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
        ET.SubElement(entry, "guid", isPermaLink="true").text = item.url
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
