"""What each page's share image says: its title and, where the page is about data, its headline figure.

A link to the site posted elsewhere shows this card (``og:image``).  The
text is chosen here from the data and formatted as the page formats it;
``pages.share_card`` puts a page's card together and ``cardimage`` paints
it.  A part's headline is the latest scorecard it reports, else that of
the newest list it made, else how many forecasts that list still waits
on; a list page's is its own latest scorecard.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass

from macros.data.model import PredictionList, Scorecard
from macros.render import fmt
from macros.render.base import VERDICTS, PageContext


@dataclass(frozen=True)
class Headline:
    """A figure as large as the card allows, and what it is."""

    figure: str  # "" when there is nothing to count, e.g. every outcome ambiguous
    caption: str


@dataclass(frozen=True)
class ShareCard:
    site: str  # the site's name; "" where it is the title itself (the home page)
    kicker: str  # what the page is: "Part 14 of 12 · 11 October 2024"; "" for a page of the site
    title: str
    headline: Headline | None
    description: str  # shown where there is no headline; "" where there is one
    colours: tuple[str, ...]  # the tiers' colours, top to bottom, as #rrggbb

    @property
    def alt(self) -> str:
        """The card's words in reading order: its text alternative."""
        said = [self.kicker, self.title]
        if self.headline is not None:
            said.append(" ".join(part for part in (self.headline.figure, self.headline.caption) if part))
        else:
            said.append(self.description)
        # Each part a sentence; a title that ends in "?" ends its own.
        return " ".join(part if part.endswith((".", "?", "!")) else part + "." for part in said if part)

    def digest(self, design: str) -> str:
        """A name for the painted card: the same words and design, the same file."""
        fields = (design, *map(repr, astuple(self)))
        return hashlib.sha256("\0".join(fields).encode()).hexdigest()[:20]


def part_headline(page: PageContext, part: int) -> Headline | None:
    reported = page.index.reported_in.get(part, [])
    if reported:
        return _card_headline(page, max(reported, key=Scorecard.chronology), named=True)
    made = page.index.made_in.get(part, [])
    return list_headline(page, made[-1], named=True) if made else None


def list_headline(page: PageContext, plist: PredictionList, named: bool = False) -> Headline:
    """``named``: the card is not the list's own, so its caption says which list."""
    latest = page.data.latest_scorecard(plist.id)
    if latest is not None:
        return _card_headline(page, latest, named)
    size = len(plist.predictions)
    noun = fmt.plural(size, "forecast")
    return Headline(
        str(size), f"{noun} on \u201c{plist.title}\u201d, not yet judged" if named else f"{noun}, not yet judged"
    )


def _card_headline(page: PageContext, card: Scorecard, named: bool) -> Headline:
    plist = page.data.prediction_list(card.predictions)
    subject = f" of \u201c{plist.title}\u201d" if named else ""
    work = page.data.work(card.work).citation
    result = page.card_score(card.id)
    if result.judged == 0:
        return Headline("", f"no score{subject} against {work}: every outcome is ambiguous")
    # The verdict in words and the scale, as the page says them.
    verdict = VERDICTS[result.verdict]
    scale = f"{fmt.signed(result.worst)} to {fmt.signed(result.best)} possible"
    return Headline(
        fmt.signed(result.score),
        f"score{subject} against {work} ({scale}): it {verdict} · Brier\u00a0{fmt.brier(result.brier)}",
    )
