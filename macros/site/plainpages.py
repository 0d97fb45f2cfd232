"""A page that is only text and macro calls, read without Jinja's lexer and parser.

Most pages are prose with a few ``{{ macro('id', n=2) }}`` in it; Jinja
spends more on reading such a page than the macros spend drawing it.
``read`` takes the page as Jinja would read it (its extensions'
``preprocess``, one final newline dropped) and finds its tags with the
site's one scanner (``templatetags.scan``).  It accepts only what it reads
exactly as Jinja does: text, comments, raw passages without whitespace
control, and tags that hold a quoted string or a call of a macro whose
arguments are written-out strings, whole numbers, booleans or none.  For
anything else it answers None, and Jinja reads the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from jinja2 import Environment

from macros.data.templatetags import Syntax, scan

# A call's arguments as written: the positional ones, then each keyword with its value.
Written = tuple[tuple[Any, ...], tuple[tuple[str, Any], ...]]
# A call as a page of text and calls makes it: the name, and its arguments as written.
DirectCall = tuple[str, tuple[Any, ...], dict[str, Any]]
# A call where the page writes it: the name, the line of its opening parenthesis (as Jinja counts it), its arguments.
Call = tuple[str, int, Written]

# Settings under which Jinja reads text and these tags as written (its defaults).
_AS_WRITTEN = {
    "trim_blocks": False,
    "lstrip_blocks": False,
    "keep_trailing_newline": False,
    "newline_sequence": "\n",
    "line_statement_prefix": None,
    "line_comment_prefix": None,
}
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# Strings without escapes or line breaks; whole numbers as Jinja writes them in decimal; Jinja's constants.
_LITERAL = r"""'[^'\\\n\r]*'|"[^"\\\n\r]*"|0|[1-9][0-9]*|true|false|True|False|none|None"""
_ARGUMENT = rf"(?:{_NAME}\s*=\s*)?(?:{_LITERAL})"
_CALL = re.compile(rf"\s*({_NAME})\s*(\()\s*((?:{_ARGUMENT})(?:\s*,\s*{_ARGUMENT})*)?\s*\)\s*")
_STRING = re.compile(r"""\s*('[^'\\\n\r]*'|"[^"\\\n\r]*")\s*""")
_EACH_ARGUMENT = re.compile(rf"(?:({_NAME})\s*=\s*)?({_LITERAL})")
_CONSTANTS = {"true": True, "True": True, "false": False, "False": False, "none": None, "None": None}
# Names Jinja never reads as a name before "(": its constants, and "not", which it reads as an operator.
_NOT_NAMES = frozenset({*_CONSTANTS, "not"})


def read(source: str, jinja: Environment, macros: Iterable[str]) -> tuple[list[str | DirectCall], list[Call]] | None:
    """The page as text and calls of ``macros``, in order, and each call; None when Jinja must read it."""
    if any(getattr(jinja, setting) != value for setting, value in _AS_WRITTEN.items()):
        return None
    text = jinja.preprocess(source)
    if "\r" in text:
        return None  # Jinja writes each line break as "\n"
    if text.endswith("\n"):
        text = text[:-1]  # Jinja drops one final line break
    syntax = Syntax.of(jinja)
    names = set(macros) - _NOT_NAMES
    pieces: list[str | DirectCall] = []
    calls: list[Call] = []
    position = 0
    for tag in scan(text, syntax, code_blanked=True):
        pieces.append(text[position : tag.start])
        written = text[tag.start : tag.end]
        inner = text[tag.inner[0] : tag.inner[1]]
        if tag.kind == "comment":
            closed = written.endswith(syntax.comment_end or "") and len(written) >= _closed_length(syntax)
            if not closed or _controls(inner):
                return None
        elif tag.kind == "raw":
            if not _plain_raw(written, inner, syntax):
                return None
            pieces.append(inner)
        elif tag.kind == "variable" and written.endswith(syntax.variable_end) and not _controls(inner):
            found = _STRING.fullmatch(inner) or _CALL.fullmatch(inner)
            if found is None:
                return None
            if found.re is _STRING:
                pieces.append(found.group(1)[1:-1])
            else:
                name = found.group(1)
                if name not in names:
                    return None
                written_out = _arguments(found.group(3) or "")
                if written_out is None:
                    return None
                args, kwargs = written_out
                calls.append((name, text.count("\n", 0, tag.inner[0] + found.start(2)) + 1, written_out))
                pieces.append((name, args, dict(kwargs)))
        else:
            return None  # a statement, or a tag never closed
        position = tag.end
    pieces.append(text[position:])
    return [piece for piece in pieces if piece != ""], calls


def _closed_length(syntax: Syntax) -> int:
    return len(syntax.comment_start or "") + len(syntax.comment_end or "")


def _controls(inner: str) -> bool:
    """Whether a tag's inside begins or ends with whitespace control ("-" or "+" next to a delimiter)."""
    return inner[:1] in "-+" or inner[-1:] in "-+"


def _plain_raw(written: str, inner: str, syntax: Syntax) -> bool:
    """A raw passage closed by its end tag, neither tag with whitespace control."""
    opening = written[: written.index(syntax.block_end) + len(syntax.block_end)]
    closing = written[len(opening) + len(inner) :]
    plain = re.compile(rf"{re.escape(syntax.block_start)}\s*(?:end)?raw\s*{re.escape(syntax.block_end)}")
    return plain.fullmatch(opening) is not None and plain.fullmatch(closing) is not None


def _arguments(written: str) -> Written | None:
    """The call's positional and keyword arguments; None where Jinja would refuse them (a positional after a
    keyword, a keyword twice)."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for found in _EACH_ARGUMENT.finditer(written):
        keyword, literal = found.groups()
        if keyword is None:
            if kwargs:
                return None
            args.append(_value(literal))
        elif keyword in kwargs:
            return None
        else:
            kwargs[keyword] = _value(literal)
    return tuple(args), tuple(kwargs.items())


def _value(literal: str) -> Any:
    if literal[0] in "'\"":
        return literal[1:-1]
    if literal in _CONSTANTS:
        return _CONSTANTS[literal]
    return int(literal)
