"""The data files' format, declared once: one spec per record, made of kinds.

A kind knows three things about one kind of value.  ``read`` turns a
located YAML node into a model value: a generator that yields a
``Problem`` for everything wrong with the node and returns the value, or
``INVALID`` when there is none to return (``collect`` gathers them all).
``json_schema`` is its JSON Schema, as an editor reads the YAML (YAML 1.2
core types: an unquoted ``2024-05-21`` is text, ``2024`` a number); it may
be more lenient than ``read`` (it cannot see that February has no 30th)
but never stricter.  ``to_json`` writes a model value back as the JSON
that mirrors its YAML.  Each pattern is written once, here, in a form both
Python's ``re`` and JSON Schema (ECMA-262) read.

``FILES`` says which file each record spec reads and which schema names it.
Pure: no I/O.
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
from typing import Any
from urllib.parse import urlsplit

from macros.data import colour, model, numbers
from macros.data.numbers import counted
from macros.data.problems import Loc, Problem
from macros.data.yamlsrc import Mapping, Node, NotFinite, Reported, Scalar, Sequence, is_yaml11_boolean

Reading = Generator[Problem, None, Any]
JSON = dict[str, Any]


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

MAX_TEXT = 4000
# A reason beside a verdict stands in a table cell: a sentence, not an essay.
MAX_NOTE = 280
FIRST_YEAR = 1900

# Control characters (Unicode category Cc) but tab and newline, and the text
# direction overrides that can make a line display differently from what it
# says: what no text may hold.  A character class both regex dialects read.
_CONTROL = r"\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"
_FORBIDDEN_CHAR = re.compile(f"[{_CONTROL}]")


class ExactNumber(str):
    """A number's exact decimal text, written into JSON as a number, digit for digit."""


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
    """How one value is written in YAML, what it becomes, its JSON Schema and its JSON."""

    description = "a value"

    def read(self, node: Node) -> Reading:
        if isinstance(node, Scalar) and isinstance(node.value, Reported):
            return INVALID  # already reported by the YAML reader; say it once
        return (yield from self.check(node))

    def check(self, node: Node) -> Reading:
        raise NotImplementedError  # every kind below defines it

    def json_schema(self) -> JSON:
        raise NotImplementedError  # every kind below defines it

    def to_json(self, value: Any) -> Any:
        """The model value as the JSON that mirrors its YAML (text unless a kind says otherwise)."""
        return str(value)

    def wrong(self, node: Node) -> Problem:
        if isinstance(node, Scalar) and node.value is None and not node.quoted:
            # A key with nothing after it: a blank an author has yet to fill (``new`` writes them).
            return Problem(node.loc, f"still to fill: expected {self.description}")
        return Problem(node.loc, f"expected {self.description}, found {_type_name(node)}")


def _has_text(node: Node) -> bool:
    """A scalar that reads as words or digits: not empty, not a boolean."""
    return isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, bool)


class Text(Kind):
    description = "text"

    def __init__(self, limit: int = MAX_TEXT):
        self.limit = limit

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Scalar) or not _has_text(node):
            yield self.wrong(node)
            return INVALID
        text = node.text  # a plain number is fine as text: a title may be "1984"
        if not text.strip():
            yield Problem(node.loc, "text is blank")
            return INVALID
        if len(text) > self.limit:
            yield Problem(node.loc, f"text is {len(text)} characters long; the limit is {self.limit}")
            return INVALID
        forbidden = _FORBIDDEN_CHAR.search(text)
        if forbidden is not None:
            yield Problem(node.loc, f"text contains the control character U+{ord(forbidden.group()):04X}")
            return INVALID
        return text.strip()

    def json_schema(self) -> JSON:
        # At least one character that is neither space nor control, and no control anywhere.
        # A plain number is text too, though YAML reads it as a number.
        pattern = f"^[^{_CONTROL}]*[^\\s{_CONTROL}][^{_CONTROL}]*$"
        return {"type": ["string", "number"], "pattern": pattern, "maxLength": self.limit}


class Slug(Kind):
    description = "an id (lowercase letters, digits and single hyphens)"
    PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Scalar) or not _has_text(node):
            yield self.wrong(node)
            return INVALID
        if not self.PATTERN.match(node.text):
            yield Problem(
                node.loc, f"'{node.text}' is not a valid id: use lowercase letters, digits and single hyphens"
            )
            return INVALID
        return node.text

    def json_schema(self) -> JSON:
        # Digits alone are an id to the loader but a number to YAML (and "1e5" too).
        return {"anyOf": [{"type": "string", "pattern": self.PATTERN.pattern}, {"type": "number", "minimum": 0}]}


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

    def json_schema(self) -> JSON:
        out: JSON = {"type": "integer", "minimum": self.low}
        if self.high is not None:
            out["maximum"] = self.high
        return out

    def to_json(self, value: Any) -> Any:
        return int(value)


def _percent(number: str) -> str:
    """A percent as an author writes it (``"60%"``, ``" 12.5 % "``), its number as ``number``."""
    return r"^\s*(" + number + r")\s*%\s*$"


class Probability(Kind):
    description = 'a probability (a number from 0 to 1, or a percent such as "60%")'
    # The reader takes any number and says when it is over 100; a schema can
    # only say so in the pattern.
    _PERCENT = re.compile(_percent(r"[0-9]+(?:\.[0-9]+)?"))
    _PERCENT_UP_TO_100 = _percent(r"0*(?:100(?:\.0+)?|[0-9]{1,2}(?:\.[0-9]+)?)")

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Scalar):
            yield self.wrong(node)
            return INVALID
        value = node.value
        if isinstance(value, NotFinite):
            yield Problem(node.loc, f"'{node.text}' is not a finite number; expected {self.description}")
            return INVALID
        if isinstance(value, str):
            match = self._PERCENT.match(value)
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

    def json_schema(self) -> JSON:
        return {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1},
                {"type": "string", "pattern": self._PERCENT_UP_TO_100},
            ]
        }

    def to_json(self, value: Any) -> Any:
        text = numbers.exact(value)
        if "/" in text:  # the loader reads decimals only, so this never happens
            raise ValueError(f"probability {text} has no exact decimal")
        return ExactNumber(text)


def _looks_numeric(text: str) -> bool:
    try:
        Fraction(text.strip())
    except ValueError:
        return False
    return True


class Date(Kind):
    description = "a date (YYYY-MM-DD, YYYY-MM or YYYY)"
    _FORM = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
    # The same form with the ranges the reader checks, as far as a pattern
    # can tell them: years from FIRST_YEAR, real months, days up to the
    # month's longest (leap years are left to the reader).
    _YEAR = "(19[0-9]{2}|[2-9][0-9]{3})"
    _MONTH_DAY = (
        "(0[13578]|1[02])(-(0[1-9]|[12][0-9]|3[01]))?|(0[469]|11)(-(0[1-9]|[12][0-9]|30))?|02(-(0[1-9]|1[0-9]|2[0-9]))?"
    )
    LAST_YEAR = 9999

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Scalar) or not _has_text(node):
            yield self.wrong(node)
            return INVALID
        match = self._FORM.match(node.text)
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
                node.loc, f"'{node.text}' is not a real date: {model.MONTH_NAMES[month]} {year} has no day {day}"
            )
            return INVALID
        if year < FIRST_YEAR:
            yield Problem(node.loc, f"'{node.text}' is before {FIRST_YEAR}")
            return INVALID
        return model.PartialDate(year, month, day)

    def json_schema(self) -> JSON:
        # A year alone, unquoted, is a number in YAML.
        return {
            "anyOf": [
                {"type": "string", "pattern": f"^{self._YEAR}(-({self._MONTH_DAY}))?$"},
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": self.LAST_YEAR},
            ]
        }

    def to_json(self, value: Any) -> Any:
        return value.iso()


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

    def json_schema(self) -> JSON:
        # The reader strips the text and lowercases the scheme; the host may not be empty.
        pattern = f"^\\s*[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#{_CONTROL}]+[^\\s{_CONTROL}]*\\s*$"
        return {"type": "string", "format": "uri", "pattern": pattern, "maxLength": MAX_TEXT}


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

    def json_schema(self) -> JSON:
        # Quoted in YAML, or "#" starts a comment; the reader strips spaces; the contrast is left to it.
        hex_digits = colour.HEX.pattern.removeprefix("^").removesuffix("$")
        return {"type": "string", "pattern": f"^\\s*{hex_digits}\\s*$"}


class Choice(Kind):
    def __init__(self, enum: type[Enum]):
        self.enum = enum
        self.options = [str(member.value) for member in enum]
        self.description = " or ".join(self.options)
        self._by_value = {member.value: member for member in enum}
        # Options that YAML 1.1 reads as booleans, so the reader wants them quoted.
        self._quoted = [option for option in self.options if is_yaml11_boolean(option)]

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
        problem = self.wrong(node)
        if isinstance(node, Scalar) and isinstance(node.value, bool) and self._quoted:
            # The YAML 1.1 message says "write true or false": not for these options.
            words = " or ".join(f'"{option}"' for option in self._quoted)
            problem = Problem(node.loc, f"{problem.message}: write {words} in quotes")
        yield problem
        return INVALID

    def json_schema(self) -> JSON:
        return {"enum": [_as_yaml(option) for option in self.options]}

    def to_json(self, value: Any) -> Any:
        return _as_yaml(str(value.value))


def _as_yaml(option: str) -> str | bool:
    """An option as YAML reads it: ``true`` and ``false`` are booleans."""
    return {"true": True, "false": False}.get(option, option)


class Authors(Kind):
    description = "a list of author names (or one name)"

    def check(self, node: Node) -> Reading:
        if isinstance(node, Scalar):
            name = yield from Text().read(node)
            return INVALID if name is INVALID else (name,)
        names = yield from ListOf(Text(), min_items=1).read(node)
        return INVALID if names is INVALID else tuple(names)

    def json_schema(self) -> JSON:
        name = Text().json_schema()
        return {"anyOf": [name, {"type": "array", "items": name, "minItems": 1}]}

    def to_json(self, value: Any) -> Any:
        return [str(name) for name in value]


class ListOf(Kind):
    def __init__(self, item: Kind, min_items: int = 0):
        self.item, self.min_items = item, min_items
        self.description = f"a list of {item.description}"

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Sequence):
            yield self.wrong(node)
            return INVALID
        if len(node.items) < self.min_items:
            yield Problem(node.loc, f"the list needs at least {counted(self.min_items, 'item')}")
            return INVALID
        values = []
        for item in node.items:
            values.append((yield from self.item.read(item)))
        return INVALID if any(value is INVALID for value in values) else tuple(values)

    def json_schema(self) -> JSON:
        out: JSON = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        return out

    def to_json(self, value: Any) -> Any:
        return [self.item.to_json(item) for item in value]


class Outcomes(Kind):
    """``prediction-id: true | false | ambiguous``, or ``{outcome: ..., note: ..., evidence: ...}``, in any order."""

    description = "a mapping of prediction ids to true, false or ambiguous"
    _PREDICTION = Slug()
    _OUTCOME = Choice(model.Outcome)

    def check(self, node: Node) -> Reading:
        if not isinstance(node, Mapping):
            yield self.wrong(node)
            return INVALID
        judged = []
        valid = True
        for key, value in node.items:
            prediction = yield from self._PREDICTION.read(key)
            if isinstance(value, Mapping):
                reason = yield from REASONED_OUTCOME.read(value)
            else:
                outcome = yield from self._OUTCOME.read(value)
                reason = INVALID if outcome is INVALID else {"outcome": outcome}
            if INVALID in (prediction, reason):
                valid = False  # and no "missing outcome" on top of the real problem
            else:
                judged.append(model.Judgement(prediction, **reason, loc=key.loc))
        return tuple(judged) if valid else INVALID

    def json_schema(self) -> JSON:
        return {
            "type": "object",
            "propertyNames": {"pattern": Slug.PATTERN.pattern},
            "additionalProperties": {"anyOf": [self._OUTCOME.json_schema(), REASONED_OUTCOME.json_schema()]},
        }

    def to_json(self, value: Any) -> Any:
        """The short form unless a judgement has a reason, as an author writes it."""
        return {
            judgement.prediction: REASONED_OUTCOME.to_json(judgement)
            if judgement.reasoned
            else self._OUTCOME.to_json(judgement.outcome)
            for judgement in value
        }


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool = True
    doc: str = ""

    def json_schema(self) -> JSON:
        words = [self.doc, _sentence(self.kind.description)]
        if not self.required:
            words.append("Optional.")
        described: JSON = {"description": " ".join(word for word in words if word)}
        inner = self.kind.json_schema()
        if self.required:
            return described | inner
        # "url:" with nothing after it means no url.
        return described | {"anyOf": [inner, {"type": "null"}]}


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:] + ("" if words.endswith(".") else ".")


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

    def json_schema(self) -> JSON:
        return {
            "type": "object",
            "title": _sentence(self.description).removesuffix("."),
            "properties": {field.name: field.json_schema() for field in self.fields},
            "required": [field.name for field in self.fields if field.required],
            "additionalProperties": False,
        }

    def to_json(self, value: Any) -> Any:
        out: dict[str, Any] = {}
        for field in self.fields:
            item = getattr(value, field.name)
            if item is not None:  # an optional key left out stays out
                out[field.name] = field.kind.to_json(item)
        return out


class ListFile(Record):
    """A file whose one key holds a list (tiers, works, markets): the file stands for that list."""

    def __init__(self, description: str, field: Field):
        super().__init__(lambda loc, key_locs, **values: values[field.name], description, field)

    def to_json(self, value: Any) -> Any:
        (field,) = self.fields
        return {field.name: field.kind.to_json(value)}


def _unknown_key(key: str, known: dict[str, Field]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (expected one of: {', '.join(known)})"
    return f"unknown key '{key}'{hint}"


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


TIERS_FILE = ListFile("the tiers file", Field("tiers", ListOf(TIER_RECORD, min_items=1)))

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


WORKS_FILE = ListFile("the works file", Field("works", ListOf(WORK_RECORD)))

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


def _reason(loc: Loc, key_locs: dict[str, Loc], **values: Any) -> dict[str, Any]:
    """An outcome's fields, for ``Outcomes`` to put beside the prediction id it is keyed by."""
    return values


REASONED_OUTCOME = Record(
    _reason,
    "an outcome with its reason",
    Field("outcome", Choice(model.Outcome), doc="Whether the predicted event happened."),
    Field("note", Text(MAX_NOTE), required=False, doc="Why it was judged so, in a sentence."),
    Field("evidence", Url(), required=False, doc="Where to see it: the page, figure or section of the work."),
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

RESOLUTION_RECORD = Record(
    model.Resolution,
    "a resolution",
    Field("outcome", Choice(model.Resolved), doc='How the market resolved; write "yes" and "no" in quotes.'),
    Field("date", Date(), doc="When it resolved: on or after its last snapshot."),
)

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
    Field("resolution", RESOLUTION_RECORD, required=False, doc="How and when the market resolved, once it has."),
)


MARKETS_FILE = ListFile("the markets file", Field("markets", ListOf(MARKET_RECORD)))


# -- the files ---------------------------------------------------------------------


@dataclass(frozen=True)
class DataFile:
    """One kind of data file: the spec that reads it, its schema's file name and where it lives."""

    schema_name: str
    spec: Record
    source: str  # the YAML file, or its pattern in a folder: data/predictions/<id>.yaml
    summary: str  # one line saying what such a file holds


FILES = (
    DataFile(
        "sequence.schema.json",
        SEQUENCE_FILE,
        "data/sequence.yaml",
        "The sequence: its title, author, number of planned parts and every part with its date.",
    ),
    DataFile(
        "tiers.schema.json",
        TIERS_FILE,
        "data/tiers.yaml",
        "The five tiers of rigor, each with its name and summary.",
    ),
    DataFile(
        "works.schema.json",
        WORKS_FILE,
        "data/works.yaml",
        "Every work cited, with its authors, year, link and tier.",
    ),
    DataFile(
        "prediction-list.schema.json",
        LIST_FILE,
        "data/predictions/<id>.yaml",
        "One list of predictions, each with its claim and probability.",
    ),
    DataFile(
        "scorecard.schema.json",
        SCORECARD_FILE,
        "data/scorecards/<id>.yaml",
        "One scorecard: a prediction list judged against a work, with an outcome per prediction.",
    ),
    DataFile(
        "markets.schema.json",
        MARKETS_FILE,
        "data/markets.yaml",
        "Prediction markets cited in the sequence, with dated snapshots of their probability.",
    ),
)
_FILE_OF = {id(file.spec): file for file in FILES}


def file_of(spec: Record) -> DataFile:
    """The kind of data file that ``spec`` reads."""
    try:
        return _FILE_OF[id(spec)]
    except KeyError:
        raise LookupError(f"no data file is read by the spec of {spec.description}") from None


SCHEMA_DIR = "schemas/"
MODELINE_PREFIX = "# yaml-language-server: $schema="
# ``# yaml-language-server: $schema=URL``, as the YAML language server reads it.
MODELINE = re.compile(r"^#\s*yaml-language-server\s*:\s*\$schema=(\S*)")


def schema_url(name: str, site_url: str | None) -> str:
    """A schema's address: the site's URL (or the site's root), then ``schemas/`` and its file name."""
    base = site_url or "/"
    return (base if base.endswith("/") else base + "/") + SCHEMA_DIR + name


def modeline(spec: Record, site_url: str | None) -> str:
    """The first line of a data file read by ``spec``, for editors that know the YAML language server."""
    return MODELINE_PREFIX + schema_url(file_of(spec).schema_name, site_url)


def modeline_problems(path: str, first_line: str, spec: Record) -> list[Problem]:
    """A modeline must name the schema of its file's kind; a file may have none.

    Only the schema's file name is compared, so a modeline may point at the
    published site or at a local copy.  The fix keeps the author's address.
    """
    match = MODELINE.match(first_line)
    if match is None:
        return []
    expected = file_of(spec).schema_name
    address = match.group(1).rstrip("/")
    folder, _, named = address.rpartition("/")
    if named == expected:
        return []
    where = Loc(path, 1, match.start(1) + 1)
    if not named:
        return [Problem(where, f"the modeline names no schema: write the address of {expected} after $schema=")]
    if not named.endswith(".json"):  # an address that stops at a folder
        folder = address
    fixed = MODELINE_PREFIX + (f"{folder}/" if folder else "") + expected
    return [Problem(where, f"the modeline names the schema '{named}', not this file's: write {fixed}")]
