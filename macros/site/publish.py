"""Files the build writes beside the pages (feed, badges, open data), and the tier colours.

Pure: given the data and where pages live, returns each file's path in
the site and its bytes; the MkDocs plugin writes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import urljoin

from macros.data.model import Dataset
from macros.render import badges, feed, html, lists, opendata, whatif
from macros.render.base import VERDICTS, PageContext, list_page_path
from macros.site.sitelinks import PageLinks


def site_files(data: Dataset, site_url: str, description: str, urls: Mapping[str, str]) -> dict[str, bytes]:
    """Path in the site -> content.  ``urls`` maps a docs source path to its URL path."""
    files = {badge.path: badges.svg(badge) for badge in badges.badges(data)}
    files[feed.FEED_PATH] = feed_of(data, site_url, description, urls.get)
    files.update((path, text.encode()) for path, text in opendata.site_files(data, site_url, urls.get).items())
    # Its links are relative to the file itself, as a page's are to the page.
    links = PageLinks(whatif.PARTS, urls, site_url)
    files[whatif.PARTS] = lists.explorer_parts(PageContext(data, links)).encode()
    return files


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_SPACE = re.compile(r"\s+")
_CSS_PUNCTUATION_SPACE = re.compile(r"\s*([{};])\s*")


def page_styles(stylesheet: str, data: Dataset) -> str:
    """The site's stylesheet without comments or spare spaces, then the rules made from code and data.

    Those are the tables' labels, the words that name each forecast's
    permalink and the tier colours.  Only spaces next to braces and
    semicolons go, where CSS never needs them.
    """
    css = _CSS_SPACE.sub(" ", _CSS_COMMENT.sub("", stylesheet))
    rules = html.label_styles() + lists.permalink_styles() + tier_styles(data)
    return _CSS_PUNCTUATION_SPACE.sub(r"\1", css).strip() + rules


def tier_styles(data: Dataset) -> str:
    """Each tier's colour as a CSS variable, and the rules that give it to badges and rungs.

    The stylesheet never repeats the data, and no badge or rung carries a
    class saying its tier: a badge's link and a rung's place already do.

    Set in each page's head with the site's own styles (overrides/main.html):
    a stylesheet of its own would hold up the first paint for one more request.
    """
    tiers = sorted(data.tiers, key=lambda t: t.tier)
    lines = [f"--eis-tier-{tier.tier}:{tier.colour};" for tier in tiers]
    # A badge links to its tier's section, so the link says which colour it takes.
    badges = [f'.eis-badge[href$="#tier-{tier.tier}"]{{background:var(--eis-tier-{tier.tier})}}' for tier in tiers]
    # The ladder lists every tier from the top down (tiers.tier_ladder): the n-th rung
    # from the foot is the n-th tier up, stepped in half an em a rung.
    rungs = [
        f".md-typeset .eis-ladder>:where(li):nth-last-child({place})"
        f"{{border-left-color:var(--eis-tier-{tier.tier});margin-left:{(place - 1) / 2:g}em}}"
        for place, tier in enumerate(tiers, start=1)
    ]
    return ":root{" + "".join(lines) + "}" + "".join(badges + rungs)


def feed_of(data: Dataset, site_url: str, description: str, page_url: Callable[[str], str | None]) -> bytes:
    channel = feed.Channel(data.sequence.title, site_url, description, data.sequence.author)
    items = []
    for page in data.pages:
        url = page_url(page.src_path)
        if url is None:
            continue
        part = data.part(page.part)
        items.append(feed.Item(part.title, urljoin(site_url, url), part.date, part.summary))
    for card in data.scorecards:
        list_url = page_url(list_page_path(card.predictions))
        if list_url is not None:
            items.append(feed.scorecard_item(data, card, urljoin(site_url, list_url), VERDICTS))
    for market in data.markets:
        hosted = data.page_of(market.cited_in) if market.cited_in is not None else None
        shown_on = page_url(hosted.src_path) if hosted is not None else None
        item = feed.market_item(market, site_url, urljoin(site_url, shown_on) if shown_on else None)
        if item is not None:
            items.append(item)
    return feed.rss(channel, items)
