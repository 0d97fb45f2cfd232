"""What each page's share image says: its title and, where the page is about data, its headline figure.

A link to the site posted elsewhere shows this card (``og:image``).  The
text is chosen here from the data and formatted as the page formats it;
``cardimage`` paints it.  A part's headline is the latest scorecard it
reports, else that of the newest list it made, else how many forecasts
that list still waits on; a list page's is its own latest scorecard.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass

from macros.data.model import PredictionList, Scorecard
from macros.render import fmt
from macros.render.base import _VERDICTS
from macros.render.ledger import LedgerMacros


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


class ShareCards(LedgerMacros):
    def share_card(self, site: str, src_path: str, title: str, description: str, part: int | None = None) -> ShareCard:
        """The card of one page of the site named ``site``, whose title and description are as given."""
        kicker, headline = "", None
        if part is not None:
            entry = self.data.part(part)
            kicker = f"{self.part_label(part).unescape()} · {entry.date.human()}"
            headline = self._part_headline(part)
        else:
            listed = self.index.list_pages.get(src_path)
            if listed is not None:
                kicker = f"Prediction list · made {listed.made_on.human()}"
                headline = self._list_headline(listed)
        return ShareCard(
            site=site if site != title else "",
            kicker=kicker,
            title=title,
            headline=headline,
            description=description if headline is None else "",
            colours=tuple(tier.colour for tier in sorted(self.data.tiers, key=lambda tier: tier.tier)),
        )

    def _part_headline(self, part: int) -> Headline | None:
        reported = self.index.reported_in.get(part, [])
        if reported:
            return self._card_headline(max(reported, key=Scorecard.chronology), named=True)
        made = self.index.made_in.get(part, [])
        return self._list_headline(made[-1], named=True) if made else None

    def _list_headline(self, plist: PredictionList, named: bool = False) -> Headline:
        """``named``: the card is not the list's own, so its caption says which list."""
        latest = self.data.latest_scorecard(plist.id)
        if latest is not None:
            return self._card_headline(latest, named)
        size = len(plist.predictions)
        noun = fmt.plural(size, "forecast")
        return Headline(
            str(size), f"{noun} on \u201c{plist.title}\u201d, not yet judged" if named else f"{noun}, not yet judged"
        )

    def _card_headline(self, card: Scorecard, named: bool) -> Headline:
        plist = self.data.prediction_list(card.predictions)
        subject = f" of \u201c{plist.title}\u201d" if named else ""
        work = self.data.work(card.work).citation
        result = self._card_score(card.id)
        if result.judged == 0:
            return Headline("", f"no score{subject} against {work}: every outcome is ambiguous")
        # The verdict in words and the scale, as the page says them.
        verdict = _VERDICTS[result.verdict]
        scale = f"{fmt.signed(result.worst)} to {fmt.signed(result.best)} possible"
        return Headline(
            fmt.signed(result.score),
            f"score{subject} against {work} ({scale}): it {verdict} · Brier\u00a0{fmt.brier(result.brier)}",
        )
