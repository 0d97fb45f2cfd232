"""Strict YAML reading: source text to a tree of located nodes.

PyYAML's own constructors silently keep the last of two duplicate keys,
resolve ``yes``/``on`` to booleans, follow aliases and turn dates into
``datetime`` objects.  We read the event stream instead and build a small
tree that keeps every scalar's source text and position, so that the
validators can report ``path:line:col`` and read numbers exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from macros.data.problems import Loc, Problem

# libyaml is several times faster; the pure-Python parser gives the same events.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 16

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}
# YAML 1.1 read these as booleans; YAML 1.2 (and we) do not.
_YAML11_BOOLS = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_DECIMAL = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")


class NotFinite(str):
    """A plain ``.nan`` or ``.inf``: typed as a number, but never a valid one."""


class Reported(str):
    """A value whose problem was already reported while reading the YAML."""


ScalarValue = str | bool | int | Decimal | None | NotFinite | Reported


@dataclass(frozen=True)
class Scalar:
    loc: Loc
    text: str
    quoted: bool
    value: ScalarValue

    kind = "scalar"


@dataclass(frozen=True)
class Mapping:
    loc: Loc
    items: tuple[tuple[Scalar, Node], ...]

    kind = "mapping"


@dataclass(frozen=True)
class Sequence:
    loc: Loc
    items: tuple[Node, ...]

    kind = "list"


Node = Scalar | Mapping | Sequence


def is_yaml11_boolean(text: str) -> bool:
    """Whether YAML 1.1 reads ``text``, unquoted, as a boolean (and so this reader refuses it)."""
    return _YAML11_BOOLS.match(text) is not None


def resolve_plain(text: str) -> ScalarValue:
    """The YAML 1.2 core-schema value of an unquoted scalar."""
    if text in _NULLS:
        return None
    if text in _TRUES:
        return True
    if text in _FALSES:
        return False
    if text[:1].isalpha():  # no number starts with a letter: words and ids stop here
        return text
    if _INT.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return Decimal(text)
    if _SPECIAL_FLOAT.match(text):
        return NotFinite(text)
    return text


@dataclass
class _Reader:
    path: str
    text: str
    problems: list[Problem] = field(default_factory=list)

    def loc(self, mark: Any, line_offset: int = 0) -> Loc:
        return Loc(self.path, mark.line + 1 + line_offset, mark.column + 1)


def _position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1


_ODD_BREAKS = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}
_ODD_BREAK = re.compile("[" + "".join(_ODD_BREAKS) + "]")


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a data file, or the problem that stops us reading it."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(Loc(path, 1, 1), f"file is {len(raw)} bytes; the limit is {MAX_BYTES}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        prefix = raw[: err.start].decode("utf-8", "replace")
        line, col = _position(prefix, len(prefix))
        return None, [Problem(Loc(path, line, col), f"not valid UTF-8 (byte 0x{raw[err.start]:02x})")]
    return text.removeprefix("\ufeff"), []


def parse(path: str, text: str, line_offset: int = 0) -> tuple[Node | None, list[Problem]]:
    """One YAML document as located nodes, plus every problem found.

    ``None`` stands for an empty or unreadable document; the problems then
    say why.  ``line_offset`` shifts reported lines, for YAML embedded in a
    larger file (a page's front matter).
    """
    breaks = [
        Problem(Loc(path, line + line_offset, col), f"character U+{ord(char):04X} ({_ODD_BREAKS[char]}) is not allowed")
        for match in _ODD_BREAK.finditer(text)
        for char, (line, col) in [(match.group(), _position(text, match.start()))]
    ]
    if breaks:
        # YAML 1.1 reads these as line breaks and editors mostly don't, so
        # every line number after one would point at the wrong line.
        return None, breaks
    reader = _Reader(path, text)
    loader = _Loader(text)
    try:
        node = _document(reader, loader.get_event, line_offset)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = reader.loc(mark, line_offset) if mark else Loc(path, 1 + line_offset, 1)
        what = err.problem or err.context or "unreadable YAML"
        reader.problems.append(Problem(where, f"YAML syntax error: {what}"))
        node = None
    except yaml.reader.ReaderError as err:
        line, col = _position(text, err.position)
        reader.problems.append(
            Problem(Loc(path, line + line_offset, col), f"character U+{err.character:04X} is not allowed in YAML")
        )
        node = None
    except yaml.YAMLError as err:  # any other parser failure still gets a location
        reader.problems.append(Problem(Loc(path, 1 + line_offset, 1), f"YAML error: {err}"))
        node = None
    finally:
        loader.dispose()
    return node, reader.problems


# The parser's next event; it keeps the events balanced or raises, so the
# walk below never runs past the end of the stream.
NextEvent = Callable[[], Any]


def _document(reader: _Reader, next_event: NextEvent, line_offset: int) -> Node | None:
    next_event()  # StreamStart
    event = next_event()
    if isinstance(event, yaml.StreamEndEvent):
        reader.problems.append(Problem(Loc(reader.path, 1 + line_offset, 1), "file is empty"))
        return None
    node = _node(reader, next_event, next_event(), 1, line_offset)
    next_event()  # DocumentEnd
    extra = next_event()
    if isinstance(extra, yaml.DocumentStartEvent):
        reader.problems.append(
            Problem(reader.loc(extra.start_mark, line_offset), "a second YAML document; a data file holds exactly one")
        )
    return node


def _node(reader: _Reader, next_event: NextEvent, event: Any, depth: int, off: int) -> Node:
    # Called for every key and value of every file: the common cases first.
    mark = event.start_mark
    loc = Loc(reader.path, mark.line + 1 + off, mark.column + 1)
    kind = type(event)
    if kind is yaml.AliasEvent:
        reader.problems.append(Problem(loc, f"alias '*{event.anchor}' is not allowed; write the value out"))
        return Scalar(loc, "", False, Reported(""))
    if event.anchor is not None:
        reader.problems.append(Problem(loc, f"anchor '&{event.anchor}' is not allowed"))
    if event.tag is not None:
        reader.problems.append(Problem(loc, f"tag '{event.tag}' is not allowed"))
    if depth > MAX_DEPTH:
        reader.problems.append(Problem(loc, f"nested more than {MAX_DEPTH} levels deep"))
        _skip(next_event, event)
        return Scalar(loc, "", False, Reported(""))
    if kind is yaml.ScalarEvent:
        value = event.value
        if event.style not in (None, ""):
            return Scalar(loc, value, True, value)
        if _YAML11_BOOLS.match(value):
            reader.problems.append(
                Problem(loc, f"'{value}' is a YAML 1.1 boolean: write true or false, or quote it if you mean text")
            )
            return Scalar(loc, value, False, Reported(value))
        return Scalar(loc, value, False, resolve_plain(value))
    if kind is yaml.SequenceStartEvent:
        items: list[Node] = []
        while type(child := next_event()) is not yaml.SequenceEndEvent:
            items.append(_node(reader, next_event, child, depth + 1, off))
        return Sequence(loc, tuple(items))
    assert kind is yaml.MappingStartEvent
    pairs: list[tuple[Scalar, Node]] = []
    seen: dict[str, Loc] = {}
    while type(child := next_event()) is not yaml.MappingEndEvent:
        key = _node(reader, next_event, child, depth + 1, off)
        value_node = _node(reader, next_event, next_event(), depth + 1, off)
        if not isinstance(key, Scalar):
            reader.problems.append(Problem(key.loc, "a mapping key must be plain text"))
            continue
        if key.text in seen:
            first = seen[key.text]
            reader.problems.append(Problem(key.loc, f"duplicate key '{key.text}' (first at line {first.line})"))
            continue
        seen[key.text] = key.loc
        pairs.append((key, value_node))
    return Mapping(loc, tuple(pairs))


def _skip(next_event: NextEvent, event: yaml.Event) -> None:
    """Consume the rest of a collection that is too deep to keep."""
    level = 1 if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)) else 0
    while level:
        child = next_event()
        if isinstance(child, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            level += 1
        elif isinstance(child, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            level -= 1


# -- located nodes as plain JSON, for the build's cache -------------------------------

_VALUE_KINDS: tuple[tuple[str, type], ...] = (
    ("f", NotFinite),
    ("r", Reported),
    ("b", bool),
    ("i", int),
    ("d", Decimal),
    ("t", str),
)
_VALUE_OF: dict[str, Callable[[Any], ScalarValue]] = {
    "f": NotFinite,
    "r": Reported,
    "b": bool,
    "i": int,
    "d": Decimal,
    "t": str,
}


def _plain(node: Node) -> list[Any]:
    loc = node.loc
    if isinstance(node, Scalar):
        value = node.value
        kind = "n" if value is None else next(tag for tag, cls in _VALUE_KINDS if isinstance(value, cls))
        shown = None if value is None else value if kind in ("b", "i") else str(value)
        return ["s", loc.line, loc.col, node.text, node.quoted, kind, shown]
    if isinstance(node, Mapping):
        return ["m", loc.line, loc.col, [[_plain(key), _plain(value)] for key, value in node.items]]
    return ["l", loc.line, loc.col, [_plain(item) for item in node.items]]


def _located(path: str, plain: list[Any]) -> Node:
    kind, line, col = plain[0], plain[1], plain[2]
    loc = Loc(path, line, col)
    if kind == "s":
        _, _, _, text, quoted, tag, shown = plain
        return Scalar(loc, text, quoted, None if tag == "n" else _VALUE_OF[tag](shown))
    if kind == "m":
        pairs = []
        for key, value in plain[3]:
            scalar = _located(path, key)
            if not isinstance(scalar, Scalar):
                raise ValueError("a mapping key that is not a scalar")
            pairs.append((scalar, _located(path, value)))
        return Mapping(loc, tuple(pairs))
    if kind == "l":
        return Sequence(loc, tuple(_located(path, item) for item in plain[3]))
    raise ValueError(f"not a node: {kind!r}")


def dump_parsed(node: Node | None, problems: list[Problem]) -> str:
    """What ``parse`` returned, as JSON (every node's place, text and value)."""
    return json.dumps(
        {
            "node": None if node is None else _plain(node),
            "problems": [[p.loc.path, p.loc.line, p.loc.col, p.message] for p in problems],
        },
        separators=(",", ":"),
    )


def load_parsed(path: str, dumped: str | bytes) -> tuple[Node | None, list[Problem]]:
    """``dump_parsed``'s JSON read back; ValueError if it is not such JSON."""
    try:
        entry = json.loads(dumped)
        node = None if entry["node"] is None else _located(path, entry["node"])
        problems = [Problem(Loc(where, line, col), message) for where, line, col, message in entry["problems"]]
    except (KeyError, TypeError, IndexError, InvalidOperation) as error:
        raise ValueError(f"not a parsed data file: {error}") from None
    return node, problems
