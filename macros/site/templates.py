"""Posts as templates: code kept as text, and every mistake in a page found with its place.

The same functions serve ``python -m macros check`` and the build, so both
give the same messages: ``docs/<page>.md:LINE:COL: message``.  Jinja reports
lines but not columns; a column is found by looking for the name on its
line in the page's template expressions only (``_expressions``), so prose,
code, raw passages, comments and quoted text never match.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes
from jinja2.ext import Extension
from markupsafe import Markup

from macros.data.literal import code_regions
from macros.data.problems import Loc, MacroMisuse, Problem
from macros.data.templatetags import Syntax, scan, without_code
from macros.site import plainpages
from macros.site.plainpages import DirectCall, Written

_BLANK = re.compile(r"[^\r\n]+")
# Names Jinja itself gives a loop, a call block or a template.
_SET_BY_JINJA = frozenset({"loop", "caller", "varargs", "kwargs", "self", "super"})
LITERAL_HINT = "to show it as text, put it in `code` or a code block, or between {% raw %} and {% endraw %}"


class CodeAsText(Extension):
    """Hands the template engine each code block and span of a post as raw text.

    Jinja calls ``preprocess`` with every source before it reads it, so a
    page's code is printed as written wherever the page is rendered.
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return code_as_text(source, self.environment)


def code_as_text(source: str, jinja: Environment) -> str:
    opening = f"{jinja.block_start_string} raw {jinja.block_end_string}"
    closing = f"{jinja.block_start_string} endraw {jinja.block_end_string}"
    # Code that itself holds the block start could close the raw passage:
    # each one is printed as a string instead.
    start = f"{closing}{jinja.variable_start_string} {jinja.block_start_string!r} {jinja.variable_end_string}{opening}"
    # A brace just before the code would join the raw tag's own into a
    # delimiter ("{" + "{% raw %}"); it goes inside, where it is text anyway.
    firsts = {s[0] for s in (jinja.block_start_string, jinja.variable_start_string, jinja.comment_start_string)}
    out: list[str] = []
    position = 0
    for begin, end in code_regions(source):
        while begin > position and source[begin - 1] in firsts:
            begin -= 1
        code = source[begin:end].replace(jinja.block_start_string, start)
        out.append(f"{source[position:begin]}{opening}{code}{closing}")
        position = end
    out.append(source[position:])
    return "".join(out)


def new_environment(**settings: Any) -> Environment:
    """A Jinja environment for pages, as mkdocs-macros makes one from the same settings."""
    jinja = Environment(**settings)
    jinja.add_extension(CodeAsText)
    return jinja


# -- where things are on a page -------------------------------------------------


def _expressions(source: str, syntax: Syntax) -> list[str]:
    """The page's lines with everything but template expressions blanked out (lengths kept)."""
    text = without_code(source)
    chars = list(_blank(source))
    for tag in scan(text, syntax, code_blanked=True):
        if tag.kind in ("variable", "block"):
            begin, end = tag.inner
            chars[begin:end] = text[begin:end]
            for opened, closed in tag.strings:
                chars[opened:closed] = _blank(text[opened:closed])
    return "".join(chars).splitlines()


def _blank(text: str) -> str:
    """``text`` with every character but line breaks made a space."""
    return _BLANK.sub(lambda run: " " * (run.end() - run.start()), text)


def _columns(lines: list[str], line: int, pattern: str) -> list[int]:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return [match.start() + 1 for match in re.finditer(pattern, text)]


@dataclass(frozen=True)
class CallSite:
    """One macro call in a page: where it is, and its arguments when they are written out."""

    name: str
    line: int
    col: int
    args: tuple[Any, ...] | None  # None: not constants (a variable, a loop)
    kwargs: tuple[tuple[str, Any], ...] = ()


def _constant(call: nodes.Call) -> Written | None:
    if call.dyn_args is not None or call.dyn_kwargs is not None:
        return None
    try:
        args = tuple(arg.as_const() for arg in call.args)
        kwargs = tuple((keyword.key, keyword.value.as_const()) for keyword in call.kwargs)
    except nodes.Impossible:
        return None
    return args, kwargs


def text_and_calls(tree: nodes.Template) -> list[str | DirectCall] | None:
    """The template as text and calls with written-out arguments, in order; None if it holds anything else.

    Most pages are prose with a few ``{{ macro('id') }}`` in it.  Jinja
    renders such a page as its text with ``str`` of each call's result in
    place, which can be done without compiling the page into Python.
    """
    pieces: list[str | DirectCall] = []
    for output in tree.body:
        if not isinstance(output, nodes.Output):
            return None
        for child in output.nodes:
            if isinstance(child, nodes.TemplateData):
                pieces.append(child.data)
                continue
            if isinstance(child, nodes.Const):  # e.g. "{{ '{%' }}", as the code in a page is kept as text
                pieces.append(str(child.value))
                continue
            if not isinstance(child, nodes.Call) or not isinstance(child.node, nodes.Name):
                return None
            constant = _constant(child)
            if constant is None:
                return None
            pieces.append((child.node.name, constant[0], dict(constant[1])))
    return pieces


def render_text_and_calls(pieces: list[str | DirectCall], functions: Mapping[str, Callable[..., Any]]) -> str:
    """What Jinja renders from ``pieces``, calling each function as it would."""
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        else:
            name, args, kwargs = piece
            out.append(str(functions[name](*args, **kwargs)))
    return "".join(out)


def _calls(tree: nodes.Template, macros: Iterable[str]) -> list[tuple[str, int, Written | None]]:
    """Every call of a macro in the page, in the order written: its name, line and arguments if written out."""
    names = set(macros)
    return [
        (call.node.name, call.lineno, _constant(call))
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name in names
    ]


def _located(calls: Iterable[tuple[str, int, Written | None]], lines: list[str]) -> list[CallSite]:
    """Each call (name, line, its arguments if written out) with its column: the n-th of its name on its line."""
    seen: dict[tuple[int, str], int] = {}
    found: list[CallSite] = []
    for name, line, constant in calls:
        nth = seen[line, name] = seen.get((line, name), -1) + 1
        columns = _columns(lines, line, rf"(?<![\w.]){re.escape(name)}\s*\(")
        col = columns[nth] if nth < len(columns) else 1
        if constant is None:
            found.append(CallSite(name, line, col, None))
        else:
            found.append(CallSite(name, line, col, *constant))
    return found


# -- what is wrong with a page -----------------------------------------------------


def shown_call(name: str, args: Iterable[Any], kwargs: Iterable[tuple[str, Any]]) -> str:
    shown = [repr(arg) for arg in args] + [f"{key}={value!r}" for key, value in kwargs]
    return f"{name}({', '.join(shown)})"


def misuse(function: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> str | None:
    """Why the arguments don't fit the macro's parameters, or None when they do."""
    try:
        _signature(function).bind(*args, **kwargs)
    except TypeError as error:
        return str(error)
    return None


def _signature(function: Callable[..., Any]) -> inspect.Signature:
    # A macro is called through a partial made for its page: its parameters are worked out once, not once a call.
    if type(function) is functools.partial and not function.keywords:
        return _after_fixed(function.func, len(function.args))
    return inspect.signature(function)


@functools.lru_cache(maxsize=256)
def _after_fixed(function: Callable[..., Any], fixed: int) -> inspect.Signature:
    """The parameters of ``function`` left once its first ``fixed`` positional arguments are given."""
    return inspect.signature(functools.partial(function, *(None,) * fixed))


@dataclass
class PageTemplate:
    """One page's template, read once: its tree, its call sites and what stops it from rendering."""

    path: str  # as an author names it: docs/<page>.md
    line_offset: int  # lines before the template in the file (front matter)
    source: str
    tree: nodes.Template | None = None  # as Jinja parsed it; None when read as text and calls (plainpages.py)
    pieces: list[str | DirectCall] | None = None  # the page as text and calls, when read without Jinja
    problems: list[Problem] = field(default_factory=list)
    # Each call of a macro (name, line, arguments if written out), and the syntax its columns are found with.
    calls: Sequence[tuple[str, int, Written | None]] = field(default_factory=list)
    syntax: Syntax = field(default_factory=Syntax)

    @functools.cached_property
    def lines(self) -> list[str]:
        """The page's lines with everything but template expressions blanked out: where columns are found."""
        return _expressions(self.source, self.syntax)

    @functools.cached_property
    def sites(self) -> list[CallSite]:
        """Each call with its column: worked out when first asked for, as a page that renders needs none."""
        return _located(self.calls, self.lines)

    def loc(self, line: int, col: int = 1) -> Loc:
        return Loc(self.path, line + self.line_offset, col)

    @property
    def renders(self) -> bool:
        """Whether the template can run: it was read and names nothing unknown."""
        return (self.tree is not None or self.pieces is not None) and not self.problems

    def text_and_calls(self) -> list[str | DirectCall] | None:
        """The page as text and calls, if that is all it holds."""
        if self.pieces is not None:
            return self.pieces
        return text_and_calls(self.tree) if self.tree is not None else None

    def site_of(self, name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> CallSite | None:
        """The call being run: by its written arguments, else the first call of the name that has none."""
        written = tuple(kwargs.items())
        fallback = None
        for site in self.sites:
            if site.name != name:
                continue
            if site.args == args and site.kwargs == written:
                return site
            if site.args is None and fallback is None:
                fallback = site
        return fallback


def _undeclared(tree: nodes.Template) -> set[str]:
    """Names the template reads but never sets (a loop variable, ``set``, a macro's parameter).

    Like ``jinja2.meta.find_undeclared_variables`` without compiling the
    page; a name set anywhere counts as set everywhere, which only ever
    reports less.
    """
    read: set[str] = set()
    written = set(_SET_BY_JINJA)
    for name in tree.find_all(nodes.Name):
        (read if name.ctx == "load" else written).add(name.name)
    return read - written


def read_page(
    jinja: Environment,
    path: str,
    source: str,
    known: Iterable[str],
    macros: Iterable[str],
    line_offset: int = 0,
    plainly: bool = True,
) -> PageTemplate:
    """Read a page's template and find what would stop it from rendering.

    A page of text and macro calls is read without Jinja (``plainly``,
    plainpages.py); any other is parsed by Jinja.
    """
    page = PageTemplate(path, line_offset, source, syntax=Syntax.of(jinja))
    plain = plainpages.read(source, jinja, macros) if plainly else None
    if plain is not None:
        # Text and calls of macros only: nothing unknown, and nothing Jinja's parser would add.
        page.pieces, page.calls = plain
        return page
    lines = page.lines
    try:
        page.tree = jinja.parse(source)
    except TemplateSyntaxError as error:
        line = error.lineno or 1
        columns = _columns(lines, line, r"\S")
        message = (error.message or "").rstrip(".")
        page.problems.append(
            Problem(page.loc(line, columns[0] if columns else 1), f"template syntax error: {message}; {LITERAL_HINT}")
        )
        return page
    names = sorted(macros)
    page.calls = _calls(page.tree, names)
    unknown = _undeclared(page.tree) - set(known) - set(names)
    reported: set[tuple[str, int]] = set()
    for node in page.tree.find_all(nodes.Name):
        if node.ctx != "load" or node.name not in unknown or (node.name, node.lineno) in reported:
            continue
        nth = sum(1 for name, line in reported if line == node.lineno and name == node.name)
        reported.add((node.name, node.lineno))
        columns = _columns(lines, node.lineno, rf"(?<![\w.]){re.escape(node.name)}(?!\w)")
        close = difflib.get_close_matches(node.name, names, n=1, cutoff=0.75)
        fix = f"did you mean '{close[0]}'?" if close else LITERAL_HINT
        page.problems.append(
            Problem(
                page.loc(node.lineno, columns[nth] if nth < len(columns) else 1),
                f"'{node.name}' is not a macro or variable of this site; {fix}",
            )
        )
    return page


class ParseOnce:
    """Hands the tree a page's check read (``read_page``) to the rendering that follows it.

    mkdocs-macros renders a page from its text, and Jinja would read that
    text again; with this on its environment, the tree kept for exactly
    that text is compiled instead, so each page's template is parsed once.
    Any other text is parsed as usual, and a tree is handed over only once.
    """

    def __init__(self, jinja: Environment) -> None:
        self._kept: tuple[str, nodes.Template] | None = None
        self._parse = jinja._parse
        jinja._parse = self._kept_or_parsed  # type: ignore[method-assign]

    @classmethod
    def on(cls, jinja: Environment) -> ParseOnce:
        """The environment's, made once however often a preview configures it."""
        found = getattr(jinja._parse, "__self__", None)
        return found if isinstance(found, ParseOnce) else cls(jinja)

    def keep(self, source: str, tree: nodes.Template) -> None:
        self._kept = (source, tree)

    def _kept_or_parsed(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        kept, self._kept = self._kept, None
        if kept is not None and name is None and filename is None and kept[0] == source:
            return kept[1]
        return self._parse(source, name, filename)


def run_call(
    name: str, function: Callable[..., Markup], args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> tuple[Markup, str | None]:
    """The macro's output, or empty output and the message for an author's mistake in the call.

    Only a wrong argument list or a ``MacroMisuse`` (an id the data does
    not have, an argument the macro can't take) is the author's; anything
    else raised here is a bug in ``macros/`` and goes on up with its traceback.
    """
    wrong = misuse(function, args, kwargs)
    if wrong is not None:
        return Markup(), f"{shown_call(name, args, kwargs.items())}: {wrong}"
    try:
        return function(*args, **kwargs), None
    except MacroMisuse as error:
        return Markup(), f"{shown_call(name, args, kwargs.items())}: {error}"


def call_problems(page: PageTemplate, macros: Mapping[str, Callable[..., Markup]]) -> Iterator[Problem]:
    """Every written-out macro call of the page that would fail, found here without rendering the page.

    ``macros`` maps each name to what is called for it: the macro, or its
    check (``registry.bind_checks``), which fails with the message the macro
    itself would give without drawing what the macro draws.
    """
    for site in page.sites:
        if site.args is None:
            continue
        _, wrong = run_call(site.name, macros[site.name], site.args, dict(site.kwargs))
        if wrong:
            yield Problem(page.loc(site.line, site.col), wrong)
