"""The mark of an outcome: a drawn icon and its word.

Each outcome has a shape of its own (a ticked disc, a crossed square, a
diamond with a bar, an open dashed ring), so it reads without colour and
without any font: no emoji or symbol character is involved.  Each page holds the
drawings once (``symbols``) and every icon uses them.  The icon is
hidden from screen readers, which read the word instead; the word is shown
as well, so print and black-and-white copies keep the meaning.
"""

from __future__ import annotations

from enum import Enum

from markupsafe import Markup

from macros.data.model import Outcome
from macros.render.html import el


class Mark(Enum):
    HAPPENED = "happened"
    DID_NOT = "did-not"
    AMBIGUOUS = "ambiguous"
    PENDING = "pending"


WORDS = {
    Mark.HAPPENED: "happened",
    Mark.DID_NOT: "did not happen",
    Mark.AMBIGUOUS: "ambiguous, not scored",
    Mark.PENDING: "not yet judged",
}

OF_OUTCOME = {Outcome.HAPPENED: Mark.HAPPENED, Outcome.DID_NOT: Mark.DID_NOT, Outcome.AMBIGUOUS: Mark.AMBIGUOUS}

# 16 x 16 drawings; fills and strokes come from the stylesheet (currentColor
# and the page's background), so both palettes and print follow.
_SHAPES = {
    Mark.HAPPENED: '<circle cx="8" cy="8" r="7.5" class="eis-mark__fill"/>'
    '<path d="M4.3 8.3l2.5 2.5 4.9-5.2" class="eis-mark__cut"/>',
    Mark.DID_NOT: '<rect x="1" y="1" width="14" height="14" rx="2" class="eis-mark__fill"/>'
    '<path d="M5 5l6 6M11 5l-6 6" class="eis-mark__cut"/>',
    Mark.AMBIGUOUS: '<path d="M8 1l7 7-7 7-7-7z" class="eis-mark__line"/><path d="M5 8h6" class="eis-mark__line"/>',
    Mark.PENDING: '<circle cx="8" cy="8" r="6.5" class="eis-mark__line eis-mark__dashed"/>'
    '<circle cx="8" cy="8" r="1.6" class="eis-mark__fill"/>',
}


def icon(mark: Mark) -> Markup:
    """The drawing alone, hidden from assistive technology: a use of the page's symbol (see ``symbols``).

    ``xlink:href``, not ``href``: the theme's instant navigation rewrites the
    ``href`` of every element that has one, which a ``<use>`` does not allow.
    """
    use = f'<use xlink:href="#eis-mark-{mark.value}"/>'
    return Markup(f'<svg class="eis-mark__icon" width="16" height="16" aria-hidden="true">{use}</svg>')


def symbols() -> Markup:
    """Every drawing once, for the icons of a page to use: a page that shows a mark holds this once."""
    drawn = "".join(f'<symbol id="eis-mark-{mark.value}" viewBox="0 0 16 16">{_SHAPES[mark]}</symbol>' for mark in Mark)
    return Markup(f'<svg class="eis-mark-symbols" width="0" height="0" aria-hidden="true">{drawn}</svg>')


def mark(which: Mark) -> Markup:
    """The icon and its word, in one element classed by the outcome."""
    return el(
        "span",
        icon(which),
        " ",
        el("span", WORDS[which], class_="eis-mark__word"),
        class_=f"eis-mark eis-mark--{which.value}",
    )


def of_outcome(outcome: Outcome | None) -> Markup:
    """The mark of a judged outcome, or of one not judged yet (None)."""
    return mark(OF_OUTCOME[outcome] if outcome is not None else Mark.PENDING)
