"""Building escaped HTML that survives a trip through Markdown.

Macro output lands in Markdown before it becomes HTML.  markupsafe makes
text safe for HTML, but Markdown would still read ``*``, ``_``, ``[`` or
backticks inside an inline tag, and a second template pass would read
``{{``.  So every character with a meaning to either is written as a
numeric character reference, which both leave alone and browsers show as
the character itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TypeAlias

from markupsafe import Markup, escape

# HTML's five, then what Markdown, its common extensions and Jinja react to
# ("#": a heading's closing hashes are dropped, so "C#" would read "C").
_ENTITIES = {char: f"&#{ord(char)};" for char in "&<>\"'\\`*_{}[]|~^=#"}
# Inside a tag: what the Markdown above and templates read, beyond HTML's five.
_IN_TAG = {char: _ENTITIES[char] for char in "\\`[]{}"}
# The same maps as str.translate tables: a page holds tens of thousands of these.
_TEXT_TABLE = str.maketrans(_ENTITIES)
_TAG_TABLE = str.maketrans(_IN_TAG)
_WHITESPACE = re.compile(r"\s+")

Content: TypeAlias = "str | int | Markup | Iterable[Content] | None"


# Class names, ids, numbers and labels recur on every page; results are
# immutable strings, so the same text is escaped once.
@functools.lru_cache(maxsize=8192)
def text(value: str) -> Markup:
    """Data text as inert HTML, on one line."""
    return Markup(_WHITESPACE.sub(" ", str(value)).translate(_TEXT_TABLE))


@functools.lru_cache(maxsize=8192)
def attribute(value: str) -> Markup:
    """Text for an attribute value, or for a template that prints it raw.

    In a paragraph, Markdown finds code spans, backslash escapes and links
    before it sees an inline tag, so it would read those inside an attribute
    value; a template pass would read braces.  Markup, so that a template's
    ``| e`` leaves it as it is.  (Markup in is escaped all the same: the
    whitespace pass hands ``escape`` a plain string.)
    """
    return Markup(str(escape(_WHITESPACE.sub(" ", value))).translate(_TAG_TABLE))


def inert(value: object) -> object:
    """A page's front matter as the theme prints it, unescaped: every string made text."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return attribute(value)
    if isinstance(value, list):
        return [inert(item) for item in value]
    if isinstance(value, dict):
        return {key: inert(item) for key, item in value.items()}
    return value


def render(content: Content) -> Markup:
    """Children of an element: Markup kept, text escaped, lists joined."""
    return Markup(_rendered(content))


def _rendered(content: Content) -> str:
    # Plain strings inside, one Markup at the end: every piece is already
    # safe here, and Markup's own join and + would escape each again.
    # Exact types first: this runs for every child of every element.
    kind = type(content)
    if kind is Markup:
        return content  # type: ignore[return-value]
    if kind is str:
        return text(content)  # type: ignore[arg-type]
    if kind is tuple or kind is list:
        return "".join([_rendered(child) for child in content])  # type: ignore[union-attr]
    if content is None:
        return ""
    if isinstance(content, Markup):
        return str(content)
    if isinstance(content, (str, int)):
        return str(text(str(content)))
    return "".join([_rendered(child) for child in content])


# class_ -> class, aria_label -> aria-label; a handful of names, met on every element.
_ATTRIBUTE_NAMES: dict[str, str] = {}


def el(tag: str, *children: Content, **attrs: str | int | bool | None) -> Markup:
    """One element.  ``class_`` stands for ``class``; ``None``/``False`` drop an attribute."""
    opening = "<" + tag
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        shown = _ATTRIBUTE_NAMES.get(name)
        if shown is None:
            shown = _ATTRIBUTE_NAMES[name] = name.rstrip("_").replace("_", "-")
        if value is True:
            opening += " " + shown
        else:
            opening += f' {shown}="{attribute(value if type(value) is str else str(value))}"'
    if tag in _VOID:
        return _markup(opening + ">")
    # Most elements have one child: rendered without the list a tuple of children needs.
    inner = _rendered(children[0]) if len(children) == 1 else _rendered(children)
    return _markup(f"{opening}>{inner}</{tag}>")


def _markup(html: str) -> Markup:
    # Markup(...) first asks its argument for __html__; built here from escaped pieces, a str never has one.
    return str.__new__(Markup, html)


_VOID = {"br", "img", "hr", "meta", "link", "input"}


def chart_svg(
    figure_id: str, title: Content, description: Content, *drawing: Content, size: tuple[int, int], class_: str
) -> Markup:
    """A chart's SVG, named and described for screen readers by its own title and desc.

    Marks are drawn in ``currentColor`` so the chart follows the palette.
    """
    title_id, desc_id = f"{figure_id}-title", f"{figure_id}-desc"
    return el(
        "svg",
        el("title", title, id=title_id),
        el("desc", description, id=desc_id),
        *drawing,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {size[0]} {size[1]}",
        role="img",
        aria_labelledby=f"{title_id} {desc_id}",
        class_=class_,
        fill="currentColor",
    )


def join(items: Iterable[Content], separator: str = "") -> Markup:
    # str's join: Markup's would escape a nested list's already rendered HTML again.
    return Markup(str(_rendered(separator)).join(_rendered(item) for item in items))


# Each kind of table's column headings, by the table's class: written here
# once, for its head (``columns``) and, for the kinds in ``LABELLED``, for
# the phone view's cell labels (``label_styles``), so a cell under its
# kind's own heading carries no label of its own.  A kind's later columns
# (a list judged twice) and any heading that differs keep ``data-label`` on
# each cell.
COLUMNS: dict[str, tuple[str, ...]] = {
    "eis-predictions": ("#", "Probability", "Prediction", "Outcome", "Points"),
    "eis-ledger": ("Prediction list", "Judged against", "Score", "Judged", "Brier", "Verdict"),
    "eis-track-table": (
        "#", "Judged", "Forecast", "Probability", "Outcome", "Points", "Total", "Expected total", "Band (2 s.d.)"
    ),
    "eis-track-lists": ("Prediction list", "Judged", "Happened", "Points", "Expected", "Brier"),
    "eis-calibration-table": ("Forecast range", "Predictions", "Happened", "Mean forecast", "Observed frequency"),
    "eis-market-history": ("Date", "Price"),
    "eis-data-files": ("File", "What it holds", "Schema", "Made from"),
    "eis-sequence": ("Part", "Title", "Date"),
    "eis-works-table": ("Work", "Year", "Tier", "Note"),
}  # fmt: skip

# The kinds the stylesheet labels: those on many pages (a list's table on
# every post and list page, calibration on each list page).  Every page
# carries the stylesheet, so a kind on one page alone keeps its cells'
# labels: they cost that page less than their rules would cost every page.
LABELLED = ("eis-predictions", "eis-calibration-table")

# The stylesheet's phone view (overrides/partials/eis.css), where cells show labels.
PHONE = "screen and (max-width: 44.9375em)"


def head_row(*names: str) -> Markup:
    """A table's header row of column headings."""
    return el("tr", [el("th", name, scope="col") for name in names])


def columns(kind: str) -> Markup:
    """The header row of one kind of table (``COLUMNS``)."""
    return head_row(*COLUMNS[kind])


def label_styles() -> str:
    """The phone view's label of each kind's cells, column by column: once a site, not once a cell.

    Styles from the site's stylesheet, not inline: the page's policy hashes
    them with the rest.  A cell's own ``data-label`` wins (eis.css).
    """
    rules = "".join(
        f'.{kind} td:nth-child({number})::before{{content:"{css_string(name)}"}}'
        for kind in LABELLED
        for number, name in enumerate(COLUMNS[kind], start=1)
    )
    return f"@media {PHONE}{{{rules}}}"


def css_string(value: str) -> str:
    """Text for a CSS string in double quotes."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


def table(
    head: Markup, rows: list[Markup], class_: str, caption: str | None = None, foot: Markup | None = None
) -> Markup:
    """The one table shape: captioned, and labelled cell by cell.

    On a phone the stylesheet turns each row into a card whose cells show
    their column's heading, so no table scrolls sideways: for a kind of
    table in ``LABELLED`` the stylesheet names each of its columns once
    (``label_styles``), and any other cell carries its label
    (``data-label``).  A heading may carry its own shorter ``data-label``.
    Cells are separated by a space, so text taken from the page (the
    search index) never runs one cell into the next.
    """
    labels = _column_labels(head)
    standard = COLUMNS[class_] if class_ in LABELLED else ()
    styled = _every_column_styled(labels, standard)
    parts: list[Content] = []
    if caption:
        parts.append(el("caption", caption))
    # A heading's label served its column's cells; the heading shows its own text.
    parts.append(el("thead", Markup(_spaced(_LABEL_ATTRIBUTE.sub("", str(head))))))
    parts.append(el("tbody", Markup(" ".join(_labelled(row, labels, standard, styled) for row in rows))))
    if foot is not None:
        parts.append(el("tfoot", Markup(_labelled(foot, labels, standard, styled))))
    return el("div", el("table", join(parts, " "), class_=class_), class_="eis-table-wrap")


# Our own markup, never data: data text reaches here escaped, so "<td" and
# "<th" only ever start a cell.
_CELL = re.compile(r"<(td|th)\b([^>]*)>")
_TAGS = re.compile(r"<[^>]*>")
_LABEL = re.compile(r'\bdata-label="([^"]*)"')
_LABEL_ATTRIBUTE = re.compile(r' data-label="[^"]*"')
_SPAN = re.compile(r'\bcolspan="([0-9]+)"')
_BETWEEN_CELLS = re.compile(r"(</t[dh]>)(?=<t[dh][\s>])")


def _column_labels(head: str) -> list[str]:
    """Each column's label: its heading's ``data-label``, else the heading's text."""
    labels = []
    for match in re.finditer(r"<th\b([^>]*)>(.*?)</th>", str(head)):
        given = _LABEL.search(match.group(1))
        label = given.group(1) if given else " ".join(_TAGS.sub(" ", match.group(2)).split())
        span = _SPAN.search(match.group(1))
        labels += [label] * (int(span.group(1)) if span else 1)
    return labels


def _every_column_styled(labels: list[str], standard: tuple[str, ...]) -> bool:
    """Whether the stylesheet names every column: each heading is its kind's own, in its place."""
    return len(labels) <= len(standard) and all(
        label == str(text(column)) for label, column in zip(labels, standard, strict=False)
    )


def _spaced(row: str) -> str:
    return _BETWEEN_CELLS.sub(r"\1 ", str(row))


def _labelled(row: str, labels: list[str], standard: tuple[str, ...] = (), styled: bool = False) -> str:
    """A row whose cells each name their column, unless spanning several or already named.

    A data cell in its kind's own column under its kind's own heading is
    named by the stylesheet instead (``label_styles``): it must be its row's
    n-th cell for the n-th column, so no cell before it may span columns.
    When the stylesheet names every column (``styled``), a row of data
    cells none of which spans columns is left as it is.
    """
    if styled and "<th" not in row and "colspan=" not in row:
        return _spaced(row)
    column = 0
    spanned = False  # a cell before spans columns: from here the n-th cell is not the n-th column

    def label(match: re.Match[str]) -> str:
        nonlocal column, spanned
        attrs = match.group(2)
        span = _SPAN.search(attrs)
        name = labels[column] if column < len(labels) else ""
        styled = (
            not spanned and match.group(1) == "td" and column < len(standard) and name == str(text(standard[column]))
        )
        column += int(span.group(1)) if span else 1
        spanned = spanned or span is not None
        if span or not name or styled or "data-label=" in attrs:
            return match.group(0)
        # Already escaped: the label is text of our own escaped heading.
        return f'<{match.group(1)} data-label="{name}"{attrs}>'

    return _spaced(_CELL.sub(label, str(row)))
