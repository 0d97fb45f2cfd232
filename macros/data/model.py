"""The validated data of the sequence, as frozen objects.

Field names match the keys of the YAML files.  Every record remembers
where it was read (``loc``) so that later checks can point at it; the
location takes no part in comparisons.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import TypeVar

from macros.data.problems import Loc, MacroMisuse

_NOWHERE = Loc("", 0, 0)
# The site is in English whatever the machine's locale; calendar.month_name asks
# strftime at each look-up, in the locale of the moment.
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def human(self) -> str:
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTH_NAMES[self.month]} {self.year}"
        return f"{self.day} {MONTH_NAMES[self.month]} {self.year}"

    def when(self) -> str:
        """The date after a verb: "on 21 May 2024", "in May 2024", "in 2024"."""
        return f"{'on' if self.day is not None else 'in'} {self.human()}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def surely_after(self, other: PartialDate) -> bool:
        """Later than ``other`` whichever days the two stand for: compared as far as both are known.

        ``2025-07`` is surely after ``2025-06-30``; ``2025-06`` is not after ``2025-06-15``.
        """
        mine, theirs = self._known(), other._known()
        common = min(len(mine), len(theirs))
        return mine[:common] > theirs[:common]

    def _known(self) -> tuple[int, ...]:
        return tuple(part for part in (self.year, self.month, self.day) if part is not None)


@dataclass(frozen=True)
class Located:
    """Where a record was read: the record itself and each of its keys."""

    loc: Loc = field(default=_NOWHERE, compare=False, repr=False, kw_only=True)
    key_locs: Mapping[str, Loc] = field(default_factory=dict, compare=False, repr=False, kw_only=True)

    def where(self, key: str) -> Loc:
        return self.key_locs.get(key, self.loc)


class Outcome(enum.Enum):
    HAPPENED = "true"
    DID_NOT = "false"
    AMBIGUOUS = "ambiguous"


class Stance(enum.Enum):
    OVER = "over"
    UNDER = "under"


class Resolved(enum.Enum):
    """How a market resolved."""

    YES = "yes"
    NO = "no"
    AMBIGUOUS = "ambiguous"  # annulled, or resolved N/A: neither side won


class Hosted(enum.Enum):
    """What this site's page of a part holds."""

    ORIGINAL = "original"  # the author's own text
    SUMMARY = "summary"  # an account of the post in this site's words


class TierPosition(enum.Enum):
    LOW = "low"
    HIGH = "high"


@dataclass(frozen=True)
class Part(Located):
    part: int
    title: str
    date: PartialDate
    url: str | None = None
    summary: str | None = None
    hosted: Hosted = Hosted.ORIGINAL


@dataclass(frozen=True)
class Sequence(Located):
    title: str
    author: str
    planned_parts: int
    parts: tuple[Part, ...]
    url: str | None = None


@dataclass(frozen=True)
class Tier(Located):
    tier: int
    name: str
    summary: str
    colour: str  # #rrggbb behind white text


@dataclass(frozen=True)
class Work(Located):
    id: str
    title: str
    authors: tuple[str, ...]
    year: int
    url: str | None = None
    tier: int | None = None
    tier_argued: int | None = None
    tier_position: TierPosition | None = None
    cite: str | None = None
    note: str | None = None

    @property
    def citation(self) -> str:
        """How the text refers to the work: ``Marks et al. (2024)``."""
        if self.cite:
            return self.cite
        surnames = [name.split()[-1] for name in self.authors]
        if len(surnames) == 1:
            who = surnames[0]
        elif len(surnames) == 2:
            who = f"{surnames[0]} and {surnames[1]}"
        else:
            who = f"{surnames[0]} et al."
        return f"{who} ({self.year})"


# The anchors a list's own page gives its sections.  Each forecast's
# permalink is its id on that page, so no prediction may take one of these.
LIST_PAGE_SECTIONS = ("calibration", "forecast-by-forecast")


@dataclass(frozen=True)
class Prediction(Located):
    id: str
    claim: str
    p: Fraction


@dataclass(frozen=True)
class PredictionList(Located):
    id: str
    title: str
    made_on: PartialDate
    predictions: tuple[Prediction, ...]
    made_in: int | None = None
    source: str | None = None
    about: str | None = None


@dataclass(frozen=True)
class Judgement(Located):
    prediction: str
    outcome: Outcome
    note: str | None = None  # why the outcome was judged so, in a sentence
    evidence: str | None = None  # where to see it: a web address

    @property
    def reasoned(self) -> bool:
        return self.note is not None or self.evidence is not None


@dataclass(frozen=True)
class Scorecard(Located):
    id: str
    predictions: str
    work: str
    date: PartialDate
    outcomes: tuple[Judgement, ...]
    reported_in: int | None = None
    note: str | None = None

    def chronology(self) -> tuple[tuple[int, int, int], str]:
        """Scorecards in the order they were made: by date, then by id."""
        return (self.date.sort_key(), self.id)

    def outcome_of(self, prediction_id: str) -> Outcome:
        return self.judgement_of(prediction_id).outcome

    def judgement_of(self, prediction_id: str) -> Judgement:
        for judgement in self.outcomes:
            if judgement.prediction == prediction_id:
                return judgement
        raise KeyError(prediction_id)


@dataclass(frozen=True)
class Snapshot(Located):
    date: PartialDate
    p: Fraction


@dataclass(frozen=True)
class Resolution(Located):
    outcome: Resolved
    date: PartialDate


@dataclass(frozen=True)
class Market(Located):
    id: str
    question: str
    platform: str
    snapshots: tuple[Snapshot, ...]
    url: str | None = None
    stance: Stance | None = None
    creator: str | None = None
    cited_in: int | None = None
    note: str | None = None
    resolution: Resolution | None = None

    @property
    def latest(self) -> Snapshot:
        return max(self.snapshots, key=lambda snap: snap.date.sort_key())


@dataclass(frozen=True)
class HostedPage(Located):
    """A page in ``docs/`` that carries one part of the sequence."""

    part: int
    src_path: str


@dataclass(frozen=True)
class Dataset:
    sequence: Sequence
    tiers: tuple[Tier, ...]
    works: tuple[Work, ...]
    lists: tuple[PredictionList, ...]
    scorecards: tuple[Scorecard, ...]
    markets: tuple[Market, ...]
    pages: tuple[HostedPage, ...] = ()

    def part(self, number: int) -> Part:
        return _find(self._index.parts, number, "part")

    def tier(self, number: int) -> Tier:
        return _find(self._index.tiers, number, "tier")

    def work(self, work_id: str) -> Work:
        return _find(self._index.works, work_id, "work")

    def tier_or_work(self, ref: object) -> Tier | Work:
        """A tier by its number, or a work by its id: what a page names to show a badge."""
        if isinstance(ref, bool) or not isinstance(ref, (int, str)):
            raise MacroMisuse(f"takes a tier number or a work id, not {ref!r}")
        return self.tier(ref) if isinstance(ref, int) else self.work(ref)

    def prediction_list(self, list_id: str) -> PredictionList:
        return _find(self._index.lists, list_id, "prediction list")

    def scorecard(self, scorecard_id: str) -> Scorecard:
        return _find(self._index.scorecards, scorecard_id, "scorecard")

    def market(self, market_id: str) -> Market:
        return _find(self._index.markets, market_id, "market")

    def scorecards_of(self, list_id: str) -> tuple[Scorecard, ...]:
        return self._index.cards_by_list.get(list_id, ())

    def latest_scorecard(self, list_id: str | None = None) -> Scorecard | None:
        """The most recent scorecard of a list (of the whole sequence if None); None if there is none."""
        cards = self.scorecards if list_id is None else self.scorecards_of(list_id)
        return max(cards, key=Scorecard.chronology, default=None)

    def page_of(self, part: int) -> HostedPage | None:
        return self._index.pages_by_part.get(part)

    @cached_property
    def _index(self) -> _Index:
        # Built on first use: macros on a thousand pages must not scan every
        # record on every call.
        return _Index.of(self)


@dataclass(frozen=True)
class _Index:
    parts: dict[int, Part]
    tiers: dict[int, Tier]
    works: dict[str, Work]
    lists: dict[str, PredictionList]
    scorecards: dict[str, Scorecard]
    markets: dict[str, Market]
    cards_by_list: dict[str, tuple[Scorecard, ...]]
    pages_by_part: dict[int, HostedPage]

    @classmethod
    def of(cls, data: Dataset) -> _Index:
        cards: dict[str, tuple[Scorecard, ...]] = {}
        for card in data.scorecards:
            cards[card.predictions] = (*cards.get(card.predictions, ()), card)
        # Reversed, so that the first of two duplicates wins (validation
        # reports duplicates; this only keeps lookups stable meanwhile).
        return cls(
            parts={part.part: part for part in reversed(data.sequence.parts)},
            tiers={tier.tier: tier for tier in reversed(data.tiers)},
            works={work.id: work for work in reversed(data.works)},
            lists={plist.id: plist for plist in reversed(data.lists)},
            scorecards={card.id: card for card in reversed(data.scorecards)},
            markets={market.id: market for market in reversed(data.markets)},
            cards_by_list=cards,
            pages_by_part={page.part: page for page in reversed(data.pages)},
        )


class UnknownReference(MacroMisuse, LookupError):
    """A page asked for data that does not exist (a typo in a macro call)."""


K = TypeVar("K")
R = TypeVar("R")


def _find(index: dict[K, R], key: K, what: str) -> R:
    try:
        return index[key]
    except (KeyError, TypeError):
        raise UnknownReference(f"no {what} {key!r} in the data{_hint(key, index)}") from None


def _hint(key: object, index: Mapping[K, R]) -> str:
    """The closest ids, or all of them while they are few."""
    names = sorted(str(name) for name in index)
    close = difflib.get_close_matches(str(key), names, n=3, cutoff=0.6)
    if close:
        return "; did you mean " + " or ".join(repr(name) for name in close) + "?"
    return f" (known: {', '.join(names)})" if 0 < len(names) <= 12 else ""
