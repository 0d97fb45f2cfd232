"""What every macro draws on: the build's indexes, one page's links and what it has used.

A ``PageContext`` is made afresh for each page (``PageContext.for_page``):
the data and the ``SiteIndex`` are shared by the whole build, while the
works a page has cited, the explorers it carries and the panels it shows
belong to that page alone.  Every macro takes it first (``registry``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, Protocol

from markupsafe import Markup

from macros.compute import scoring, track
from macros.data.model import Dataset, PredictionList, Scorecard
from macros.data.problems import MacroMisuse
from macros.render import citation, whatif
from macros.render.html import Content, el, text

# The site's own pages that macro output links to.
TIERS_PAGE = "tiers.md"
WORKS_PAGE = "works.md"
LEDGER_PAGE = "ledger.md"
SCORING_PAGE = "scoring.md"
SEQUENCE_PAGE = "sequence.md"
# Made from data, beside the ledger rather than under it: a list's id may be any slug.
TRACK_PAGE = "track-record.md"

# One name each: the forum's listing of the whole sequence (data/sequence.yaml's
# url), and this site's index of its parts (SEQUENCE_PAGE, "The sequence").
FORUM_LISTING = "forum listing"


def list_page_path(list_id: str) -> str:
    """The page the build generates for a prediction list: ``ledger/<id>.md``."""
    return f"ledger/{list_id}.md"


def generated_pages(data: Dataset) -> dict[str, str]:
    """Docs source path -> Markdown of every page the build makes from data.

    A list id is a slug, so it is safe in YAML and in a Jinja string.
    """
    pages = {
        list_page_path(plist.id): f"---\nprediction_list: {plist.id}\n---\n\n{{{{ list_page('{plist.id}') }}}}\n"
        for plist in data.lists
    }
    pages[TRACK_PAGE] = "{{ track_record() }}\n"
    return pages


def forecast_citation(data: Dataset, plist: PredictionList, position: int) -> str:
    """``EIS XIV, forecast 4``: the part that made the list, and the forecast's place in it."""
    part = roman(plist.made_in) if plist.made_in is not None else None
    return citation.forecast(data.sequence.title, part, plist.title, position)


# What a scorecard's verdict says of the work, wherever it is written.
VERDICTS = {
    scoring.Verdict.MORE: "did more than the forecast expected",
    scoring.Verdict.LESS: "did less than the forecast expected",
    scoring.Verdict.AS_EXPECTED: "did exactly as much as the forecast expected",
    scoring.Verdict.NOTHING_JUDGED: "has no judged predictions yet",
}


class Links(Protocol):
    def href(self, src_path: str, anchor: str | None = None) -> str | None:
        """A URL for a page (or another file) of the site, relative to the current page; None if absent."""

    def file_href(self, path: str) -> str:
        """A URL for a file the build writes, relative to the current page."""

    def absolute(self, path: str) -> str:
        """The public URL of a page (a docs source path) or a written file."""

    @property
    def current_part(self) -> int | None:
        """The part carried by the page being rendered, if any."""


def link(href: str | None, *children: Content, **attrs: Any) -> Markup:
    return el("a", *children, href=href, **attrs) if href else el("span", *children, **attrs)


def roman(number: int) -> str:
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


class SiteIndex:
    """Lookups built once a build, so a page costs the same however long the sequence grows."""

    def __init__(self, data: Dataset):
        self.data = data
        self.list_pages = {list_page_path(plist.id): plist for plist in data.lists}
        self.parts = sorted(data.sequence.parts, key=lambda p: p.part)
        self.part_order = {part.part: index for index, part in enumerate(self.parts)}
        self.made_in: dict[int, list[PredictionList]] = {}
        for plist in sorted(data.lists, key=lambda lst: (lst.made_on.sort_key(), lst.id)):
            if plist.made_in is not None:
                self.made_in.setdefault(plist.made_in, []).append(plist)
        self.reported_in: dict[int, list[Scorecard]] = {}
        for card in sorted(data.scorecards, key=lambda c: (c.date.sort_key(), c.id)):
            if card.reported_in is not None:
                self.reported_in.setdefault(card.reported_in, []).append(card)
        # The data is immutable for the whole build: each card is scored once,
        # and each explorer's seed (by list id and scorecard id) worked out once.
        self.scores: dict[str, scoring.ScorecardFigures] = {}
        self.seeds: dict[tuple[str, str | None], Mapping[str, str]] = {}

    @cached_property
    def track_record(self) -> track.TrackRecord:
        """Every judged forecast in order: the track-record page and its description both show it."""
        return track.track_record(self.data)


class PageContext:
    """The data, the build's indexes, and one page: its links and what it has used so far."""

    def __init__(self, data: Dataset, links: Links, index: SiteIndex | None = None):
        self.data = data
        self.links = links
        self.index = index if index is not None else SiteIndex(data)
        # The works this page has cited, in order of first mention.
        self.cited: dict[str, None] = {}
        # How many explorers each list has on the page, by list id.
        self.explorers: dict[str, int] = {}
        # The scorecards (by id) and pending lists (by list id) whose panel the page shows.
        self.panelled: set[str] = set()

    def for_page(self, links: Links) -> PageContext:
        """A fresh context for another page of the same build: the same data and indexes, nothing used yet."""
        return PageContext(self.data, links, self.index)

    def part_number(self, part: int | None) -> int:
        """The part asked for, else the page's own; a page that is not a part must name one."""
        number = part if part is not None else self.links.current_part
        if number is None:
            raise MacroMisuse("needs a part number on a page that is not a part")
        return self.data.part(number).part

    def card_score(self, scorecard_id: str) -> scoring.ScorecardFigures:
        """A scorecard's figures, worked out once a build."""
        scores = self.index.scores
        if scorecard_id not in scores:
            scores[scorecard_id] = scoring.scorecard_figures(self.data, self.data.scorecard(scorecard_id))
        return scores[scorecard_id]

    def seed(self, plist: PredictionList, card: Scorecard | None) -> Mapping[str, str]:
        """The figures a list's table shows for ``card`` (None: pending), which its explorer starts from."""
        key = (plist.id, card.id if card is not None else None)
        if key not in self.index.seeds:
            self.index.seeds[key] = whatif.seed(plist, card, VERDICTS)
        return self.index.seeds[key]

    def list_figures(self, list_id: str) -> scoring.ListFigures:
        return scoring.list_figures(self.data, self.data.prediction_list(list_id))

    def crumbs(self, src_path: str, label: str) -> Markup:
        """The way back up from a page the navigation does not list."""
        return el("nav", link(self.links.href(src_path), label), class_="eis-crumbs", aria_label="Breadcrumb")


def preformatted(lines: str) -> Markup:
    """Text for a <pre> with its breaks and indents as character references: block output stays on one line."""
    out = []
    for line in lines.split("\n"):
        body = line.lstrip(" ")
        out.append(Markup("&#32;" * (len(line) - len(body))) + text(body))
    return Markup("&#10;").join(out)
