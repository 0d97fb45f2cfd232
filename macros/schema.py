"""The data files' format: one declarative spec per record, checked by kinds.

A kind turns a located YAML node into a model value.  Its ``read`` method
is a generator: it yields a ``Problem`` for everything wrong with the node
and returns the value, or ``INVALID`` when there is none to return.  A
caller gathers all problems with ``collect`` and reports them together.
"""

from __future__ import annotations

import calendar
import difflib
import math
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, TypeVar
from urllib.parse import urlsplit

from . import colour, model
from .problems import Loc, Problem
from .yamlsrc import Mapping, Node, NotFinite, Reported, Scalar, Sequence

T = TypeVar("T")
Reading = Generator[Problem, None, Any]


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_PERCENT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$")
MAX_TEXT = 4000


def collect(reading: Reading) -> tuple[Any, list[Problem]]:
    """Run a validator to the end: its value and every problem it found."""
    problems: list[Problem] = []
    while True:
        try:
            problems.append(next(reading))
        except StopIteration as done:
            return done.value, problems


def _type_name(node: Node) -> str:
    if isinstance(node, Scalar):
        value = node.value
        if node.quoted:
            return f'the text "{node.text}"'
        if value is None:
            return "an empty value"
        if isinstance(value, bool):
            return f"the boolean {node.text}"
        if isinstance(value, (int, Decimal, NotFinite)):
            return f"the number {node.text}"
        return f"the text '{node.text}'"
    return f"a {node.kind}"


class Kind:
    """How one value is written in YAML and what it becomes."""

    description = "a value"

    def read(self, node: Node) -> Reading:
        if isinstance(node, Scalar) and isinstance(node.value, Reported):
            return INVALID  # already reported by the YAML reader; say it once
        return (yield from self.check(node))

    def check(self, node: Node) -> Reading:
        raise NotImplementedError  # every kind below defines it

    def wrong(self, node: Node) -> Problem:
        return Problem(node.loc, f"expected {self.description}, found {_type_name(node)}")


def _has_text(node: Node) -> bool:
    """A scalar that reads as words or digits: not empty, not a boolean."""
    return isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, bool)


# Control characters (Unicode category Cc) but tab and newline, and the text
# direction overrides that can make a line display differently from what it says.
_FORBIDDEN_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Text(Kind):
    description = "text"

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Scalar) or not _has_text(node):
            yield self.wrong(node)
            return INVALID
        text = node.text  # a plain number is fine as text: a title may be "1984"
        if not text.strip():
            yield Problem(node.loc, "text is blank")
            return INVALID
        if len(text) > MAX_TEXT:
            yield Problem(node.loc, f"text is {len(text)} characters long; the limit is {MAX_TEXT}")
            return INVALID
        forbidden = _FORBIDDEN_CHAR.search(text)
        if forbidden is not None:
            yield Problem(node.loc, f"text contains the control character U+{ord(forbidden.group()):04X}")
            return INVALID
        return text.strip()


class Slug(Kind):
    description = "an id (lowercase letters, digits and single hyphens)"

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Scalar) or not _has_text(node):
            yield self.wrong(node)
            return INVALID
        if not SLUG.match(node.text):
            yield Problem(
                node.loc, f"'{node.text}' is not a valid id: use lowercase letters, digits and single hyphens"
            )
            return INVALID
        return node.text


class Integer(Kind):
    def __init__(self, low: int, high: int | None = None, what: str = "a whole number"):
        self.low, self.high, self.what = low, high, what
        self.description = what

    def check(self, node: Node) -> Reading:
        if (
            not isinstance(node, Scalar)
            or node.quoted
            or isinstance(node.value, bool)
            or not isinstance(node.value, int)
        ):
            hint = ""
            if isinstance(node, Scalar) and node.quoted and re.fullmatch("[0-9]+", node.text.strip()):
                hint = f": write {node.text.strip()} without quotes"
            yield Problem(node.loc, f"{self.wrong(node).message}{hint}")
            return INVALID
        if node.value < self.low or (self.high is not None and node.value > self.high):
            span = f"{self.low} to {self.high}" if self.high is not None else f"{self.low} or more"
            yield Problem(node.loc, f"{node.value} is out of range: expected {span}")
            return INVALID
        return node.value


class Probability(Kind):
    description = 'a probability (a number from 0 to 1, or a percent such as "60%")'

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Scalar):
            yield self.wrong(node)
            return INVALID
        value = node.value
        if isinstance(value, NotFinite):
            yield Problem(node.loc, f"'{node.text}' is not a finite number; expected {self.description}")
            return INVALID
        if isinstance(value, str):
            match = _PERCENT.match(value)
            if match is None:
                hint = ""
                if _looks_numeric(value):
                    hint = f': write {value.strip()} without quotes, or a percent such as "60%"'
                yield Problem(node.loc, f"expected {self.description}, found {_type_name(node)}{hint}")
                return INVALID
            p = Fraction(match.group(1)) / 100
            if p > 1:
                yield Problem(node.loc, f"{value.strip()} is more than 100%")
                return INVALID
            return p
        if isinstance(value, bool) or value is None:
            yield self.wrong(node)
            return INVALID
        p = Fraction(node.text)
        if not 0 <= p <= 1:
            hint = f' (for a percent write "{node.text}%")' if 1 < p <= 100 else ""
            yield Problem(node.loc, f"probability {node.text} is outside 0 to 1{hint}")
            return INVALID
        return p


def _looks_numeric(text: str) -> bool:
    try:
        Fraction(text.strip())
    except ValueError:
        return False
    return True


class Date(Kind):
    description = "a date (YYYY-MM-DD, YYYY-MM or YYYY)"

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Scalar) or not _has_text(node):
            yield self.wrong(node)
            return INVALID
        match = _DATE.match(node.text)
        if match is None:
            yield Problem(node.loc, f"'{node.text}' is not {self.description}")
            return INVALID
        year, month, day = (int(group) if group else None for group in match.groups())
        assert year is not None
        if month is not None and not 1 <= month <= 12:
            yield Problem(node.loc, f"'{node.text}' has no month {month}")
            return INVALID
        if month is not None and day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            yield Problem(
                node.loc, f"'{node.text}' is not a real date: {calendar.month_name[month]} {year} has no day {day}"
            )
            return INVALID
        if year < 1900:
            yield Problem(node.loc, f"'{node.text}' is before 1900")
            return INVALID
        return model.PartialDate(year, month, day)


class Url(Kind):
    description = "a web address starting with https:// or http://"

    def check(self, node: Node) -> Reading:
        text = yield from Text().read(node)
        if text is INVALID:
            return INVALID
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
            yield Problem(node.loc, f"'{text}' is not {self.description}")
            return INVALID
        return text


class Colour(Kind):
    description = "a colour written #rrggbb, dark enough for white text"

    def check(self, node: Node) -> Reading:
        text = yield from Text().read(node)
        if text is INVALID:
            return INVALID
        if not colour.HEX.match(text):
            yield Problem(node.loc, f"'{text}' is not a colour written #rrggbb (six hexadecimal digits)")
            return INVALID
        ratio = colour.contrast(text, colour.WHITE)
        if ratio < colour.AA_CONTRAST:
            yield Problem(
                node.loc,
                # Rounded down: 4.499 must not read as 4.50 beside "needs 4.5".
                f"white text on {text} has a contrast of {math.floor(ratio * 100) / 100:.2f}:1; WCAG AA needs "
                f"{colour.AA_CONTRAST}:1, so choose a darker colour",
            )
            return INVALID
        return text.lower()


class Choice(Kind):
    def __init__(self, enum: type[Enum]):
        self.enum = enum
        self.options = [str(member.value) for member in enum]
        self.description = " or ".join(self.options)
        self._by_value = {member.value: member for member in enum}

    def check(self, node: Node) -> Reading:
        token: str | None = None
        if isinstance(node, Scalar):
            if isinstance(node.value, bool):
                token = "true" if node.value else "false"
            elif isinstance(node.value, str) and node.value not in ("true", "false"):
                token = node.value  # a quoted "true" is text, not a boolean
        member = self._by_value.get(token) if token is not None else None
        if member is not None:
            return member
        yield self.wrong(node)
        return INVALID


class Authors(Kind):
    description = "a list of author names (or one name)"

    def check(self, node: Node) -> Reading:
        if isinstance(node, Scalar):
            name = yield from Text().read(node)
            return INVALID if name is INVALID else (name,)
        names = yield from ListOf(Text(), min_items=1).read(node)
        return INVALID if names is INVALID else tuple(names)


class ListOf(Kind):
    def __init__(self, item: Kind, min_items: int = 0):
        self.item, self.min_items = item, min_items
        self.description = f"a list of {item.description}"

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Sequence):
            yield self.wrong(node)
            return INVALID
        if len(node.items) < self.min_items:
            yield Problem(node.loc, f"the list needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}")
            return INVALID
        values = []
        for item in node.items:
            values.append((yield from self.item.read(item)))
        return INVALID if any(value is INVALID for value in values) else tuple(values)


class Outcomes(Kind):
    """``prediction-id: true | false | ambiguous``, in any order."""

    description = "a mapping of prediction ids to true, false or ambiguous"

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Mapping):
            yield self.wrong(node)
            return INVALID
        judged = []
        choice = Choice(model.Outcome)
        valid = True
        for key, value in node.items:
            prediction = yield from Slug().read(key)
            outcome = yield from choice.read(value)
            if INVALID in (prediction, outcome):
                valid = False  # and no "missing outcome" on top of the real problem
            else:
                judged.append(model.Judgement(prediction, outcome, loc=key.loc))
        return tuple(judged) if valid else INVALID


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool = True
    doc: str = ""


class Record(Kind):
    """A mapping with known keys that becomes one model object."""

    def __init__(self, build: Callable[..., Any], description: str, *fields: Field):
        self.build, self.description, self.fields = build, description, fields
        self.by_name = {f.name: f for f in fields}

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Mapping):
            yield self.wrong(node)
            return INVALID
        values: dict[str, Any] = {}
        key_locs: dict[str, Loc] = {}
        for key, value in node.items:
            spec = self.by_name.get(key.text)
            if spec is None:
                yield Problem(key.loc, _unknown_key(key.text, self.by_name))
                continue
            if isinstance(value, Scalar) and value.value is None and not value.quoted and not spec.required:
                continue  # "url:" with nothing after it means no url
            values[key.text] = yield from spec.kind.read(value)
            key_locs[key.text] = value.loc
        missing = [f.name for f in self.fields if f.required and f.name not in values]
        for name in missing:
            yield Problem(node.loc, f"missing required key '{name}' in {self.description}")
        if missing or any(value is INVALID for value in values.values()):
            return INVALID
        return self.build(**values, loc=node.loc, key_locs=key_locs)


def _unknown_key(key: str, known: dict[str, Field]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (expected one of: {', '.join(known)})"
    return f"unknown key '{key}'{hint}"


def _only(key: str) -> Callable[..., Any]:
    """A file whose one key holds a list: the file stands for that list."""
    return lambda loc, key_locs, **values: values[key]


TIER = Integer(1, 5, "a tier from 1 to 5")
PART = Integer(1, None, "a part number (1 or more)")

PART_RECORD = Record(
    model.Part,
    "a part",
    Field("part", PART, doc="The part's number in the sequence."),
    Field("title", Text()),
    Field("date", Date()),
    Field("url", Url(), required=False, doc="The post itself, where the author published it."),
    Field(
        "summary",
        Text(),
        required=False,
        doc="What the part argues, in a sentence or two: its page description and its feed entry.",
    ),
    Field(
        "hosted",
        Choice(model.Hosted),
        required=False,
        doc="What this site's page of the part holds: the author's original text, or a summary of the post.",
    ),
)

SEQUENCE_FILE = Record(
    model.Sequence,
    "the sequence",
    Field("title", Text()),
    Field("author", Text()),
    Field("planned_parts", Integer(1, None, "the number of planned parts")),
    Field("url", Url(), required=False, doc="The sequence's own page; parts without a url link there."),
    Field("parts", ListOf(PART_RECORD, min_items=1)),
)

TIER_RECORD = Record(
    model.Tier,
    "a tier",
    Field("tier", TIER),
    Field("name", Text()),
    Field("summary", Text()),
    Field("colour", Colour(), doc="The tier's badge colour, behind white text."),
)


TIERS_FILE = Record(_only("tiers"), "the tiers file", Field("tiers", ListOf(TIER_RECORD, min_items=1)))

WORK_RECORD = Record(
    model.Work,
    "a work",
    Field("id", Slug()),
    Field("title", Text()),
    Field("authors", Authors()),
    Field("year", Integer(1900, 2999, "a year")),
    Field("url", Url(), required=False),
    Field("tier", TIER, required=False, doc="The tier the author places the work on."),
    Field("tier_argued", TIER, required=False, doc="A tier others have argued for."),
    Field("tier_position", Choice(model.TierPosition), required=False, doc="Low or high within its tier."),
    Field("cite", Text(), required=False, doc="How the text cites it; derived from the authors if absent."),
    Field("note", Text(), required=False),
)


WORKS_FILE = Record(_only("works"), "the works file", Field("works", ListOf(WORK_RECORD)))

PREDICTION_RECORD = Record(
    model.Prediction,
    "a prediction",
    Field("id", Slug()),
    Field("claim", Text()),
    Field("p", Probability()),
)

LIST_FILE = Record(
    model.PredictionList,
    "a prediction list",
    Field("id", Slug()),
    Field("title", Text()),
    Field("made_on", Date()),
    Field("made_in", PART, required=False, doc="The part in which the list was made."),
    Field("source", Url(), required=False),
    Field("about", Text(), required=False),
    Field("predictions", ListOf(PREDICTION_RECORD, min_items=1)),
)

SCORECARD_FILE = Record(
    model.Scorecard,
    "a scorecard",
    Field("id", Slug()),
    Field("predictions", Slug(), doc="The id of the prediction list being judged."),
    Field("work", Slug(), doc="The id of the work it is judged against."),
    Field("date", Date()),
    Field("reported_in", PART, required=False),
    Field("note", Text(), required=False),
    Field("outcomes", Outcomes()),
)

SNAPSHOT_RECORD = Record(model.Snapshot, "a snapshot", Field("date", Date()), Field("p", Probability()))

MARKET_RECORD = Record(
    model.Market,
    "a market",
    Field("id", Slug()),
    Field("question", Text()),
    Field("platform", Text()),
    Field("url", Url(), required=False),
    Field("stance", Choice(model.Stance), required=False, doc="Whether the author would bet over or under."),
    Field("creator", Text(), required=False),
    Field("cited_in", PART, required=False),
    Field("note", Text(), required=False),
    Field("snapshots", ListOf(SNAPSHOT_RECORD, min_items=1)),
)


MARKETS_FILE = Record(_only("markets"), "the markets file", Field("markets", ListOf(MARKET_RECORD)))
