"""The mark of an outcome: a drawn icon and its word.

Each outcome has a shape of its own (a ticked disc, a crossed square, a
diamond with a bar, an open dashed ring), so it reads without colour and
without any font: no emoji or symbol character is involved.  The site's
stylesheet draws each shape (a mask painted in the mark's colour, printed
too), so a page holds each drawing once, in its styles.  The icon is not
content: screen readers read the word, which is shown as well, so print
and black-and-white copies keep the meaning.
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

# Each shape is drawn by the stylesheet (overrides/partials/eis.css, the
# ``.eis-mark--<value>`` rules): one drawing a page, in its styles, instead of
# one a mark in the page.  ``STYLED`` names the rule each mark needs there.
STYLED = {which: f".eis-mark--{which.value}" for which in Mark}


# Any mark, as the stylesheet and whatif.js select it: a mark's one class is its
# kind's, so the class every mark shares is not written once a mark.
ANY = '[class^="eis-mark--"]'


def mark(which: Mark) -> Markup:
    """The word in one element classed by the outcome, whose class draws its icon."""
    return el("span", WORDS[which], class_=f"eis-mark--{which.value}")


def of_outcome(outcome: Outcome | None) -> Markup:
    """The mark of a judged outcome, or of one not judged yet (None)."""
    return mark(OF_OUTCOME[outcome] if outcome is not None else Mark.PENDING)
