"""The what-if explorer: a list's own table, where the reader picks outcomes and sees the score.

The reader chooses, for each prediction, whether it happened, did not, or is
still unknown, and sees the score under the author's rule, the Brier score,
the verdict, and the range still open to the unknowns.  The choices start
from the scorecard the table shows (all unknown while the list is pending).

Without JavaScript the reader has the static table, outcomes and points.
``overrides/javascripts/whatif.js`` turns each outcome cell of the seeded
column into a control and recomputes the figures exactly as the reader
changes them; the HTML written here already holds the seeded choices'
figures, so the script starts from the same strings the build wrote.
Pure code: the list macros (``lists``) supply the table, citations and
verdict sentences.  ``seed`` works out where an explorer starts, once a
build (``PageContext.seed``), for the table's totals, its panel and the
script alike.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from markupsafe import Markup

from macros.compute import scoring
from macros.data.model import Outcome, PredictionList, Scorecard
from macros.render import fmt, marks
from macros.render.html import Content, el, render

# The script, as a path in docs/; pages that hold an explorer load it.
SCRIPT = "javascripts/whatif.js"
# What the script copies into explorers (``parts_script``), a file the build
# writes beside it: the same for every page, so no page carries it.
PARTS = "javascripts/whatif-parts.js"

# A reader's choice for one prediction, as the radios' values; whatif.js
# and tests/whatif_vectors.json use the same words.
HAPPENED = "happened"
DID_NOT = "did not"
UNKNOWN = "unknown"
CHOICES = ((HAPPENED, "happened"), (DID_NOT, "did not happen"), (UNKNOWN, "unknown"))

# The mark the table shows for each choice.
MARK_OF = {HAPPENED: marks.Mark.HAPPENED, DID_NOT: marks.Mark.DID_NOT, UNKNOWN: marks.Mark.PENDING}

_AS_OUTCOME = {HAPPENED: Outcome.HAPPENED, DID_NOT: Outcome.DID_NOT, UNKNOWN: Outcome.AMBIGUOUS}
# An ambiguous outcome is left out of the score, as an unknown one is.
_SEEDED = {Outcome.HAPPENED: HAPPENED, Outcome.DID_NOT: DID_NOT, Outcome.AMBIGUOUS: UNKNOWN}


@dataclass(frozen=True)
class Figures:
    """What one choice of outcomes scores, and what the unknowns leave open."""

    result: scoring.CardScore
    worst: Fraction  # if no unknown event happens
    best: Fraction  # if every one does


def evaluate(ps: Sequence[Fraction], choices: Sequence[str]) -> Figures:
    """Scores ``ps`` under ``choices`` (one of HAPPENED, DID_NOT, UNKNOWN each)."""
    if len(ps) != len(choices):
        raise ValueError(f"{len(ps)} probabilities but {len(choices)} outcomes")
    unknown_choices = [choice for choice in choices if choice not in _AS_OUTCOME]
    if unknown_choices:
        raise ValueError(f"not an outcome: {unknown_choices[0]!r}")
    result = scoring.score((p, _AS_OUTCOME[choice]) for p, choice in zip(ps, choices, strict=True))
    still = scoring.score_range(p for p, choice in zip(ps, choices, strict=True) if choice == UNKNOWN)
    return Figures(result, worst=result.score + still.worst, best=result.score + still.best)


def shown(figures: Figures, verdicts: Mapping[scoring.Verdict, str]) -> dict[str, str]:
    """The strings the explorer shows, keyed by output name (as whatif.js's ``shown``)."""
    result = figures.result
    return {
        "score": fmt.signed(result.score),
        "brier": fmt.brier(result.brier),
        "judged": str(result.judged),
        "happened": str(result.happened),
        "verdict": verdicts[result.verdict],
        "worst": fmt.signed(figures.worst),
        "best": fmt.signed(figures.best),
    }


def seeded_choices(plist: PredictionList, card: Scorecard | None) -> list[str]:
    if card is None:
        return [UNKNOWN] * len(plist.predictions)
    return [_SEEDED[card.outcome_of(prediction.id)] for prediction in plist.predictions]


def seed(plist: PredictionList, card: Scorecard | None, verdicts: Mapping[scoring.Verdict, str]) -> dict[str, str]:
    """Where ``plist``'s explorer starts: ``shown`` of ``card``'s outcomes (all unknown for None, a pending list).

    The table's totals and its panel write these strings; the script starts from them.
    """
    choices = seeded_choices(plist, card)
    return shown(evaluate([prediction.p for prediction in plist.predictions], choices), verdicts)


def explorer(
    plist: PredictionList,
    table: Markup,
    panel: Markup,
    *,
    prefix: str,
    scripts: Sequence[str] = (),
) -> Markup:
    """The list's own table made explorable, as one line of HTML.

    ``table`` is the prediction table, whose rows each say their probability
    in their second cell (and as ``data-p`` too when it is rounded there), and whose
    seeded column's heading carries ``data-seeded`` (its cells' marks are
    the seeded choices, which the script reads); ``panel`` is the
    list's one summary (its figures are ``output`` elements holding the
    seeded choices' strings).  Without JavaScript the reader gets the table
    and the panel as static text.  The script puts a control in each of
    those cells, keeps the panel's figures, the marks and the points up to
    date, marks changed rows as hypothetical and keeps the scenario in the
    page's address.  ``prefix`` is the form's id (unique on the page) and the
    address's key; ``scripts`` are the URLs of the parts file and whatif.js,
    for the page's first explorer only.
    """
    body: list[Content] = [table, panel, [el("script", src=src, defer=True) for src in scripts]]
    return el("form", body, class_="eis-whatif", data_list=plist.id, id=prefix)


def parts_script(extra: Sequence[Content], verdicts: Mapping[scoring.Verdict, str]) -> str:
    """The file at ``PARTS``: what whatif.js copies into explorers, as ``window.eisWhatIfParts``.

    A control, the mark of each choice, the scenario's words and ``extra``
    as HTML (links in it relative to this file, which the script resolves
    against the file's own address), and the verdict sentences by verdict.
    Either script may run first (instant navigation inserts both anew), so
    this one starts the explorers too once it has run.
    """
    options = [el("option", label, value=value) for value, label in CHOICES]
    parts = render(
        [
            el("select", options, class_="eis-whatif__choice", aria_label="Outcome of prediction"),
            [marks.mark(MARK_OF[value]) for value, _ in CHOICES],
            el("span", "hypothetical", class_="eis-whatif__hyp"),
            el("span", ": a scenario, not the record", class_="eis-whatif__scenario"),
            el(
                "p",
                el("span", "A scenario, not the record.", class_="eis-whatif__note"),
                " ",
                el("button", "Reset to the record", type="button", class_="md-button eis-whatif__reset"),
                class_="eis-whatif__state",
            ),
            el("p", "Change an outcome in the table to see what the list would score.", class_="eis-whatif__hint"),
            *extra,
        ]
    )
    held = json.dumps(
        {"html": str(parts), "verdicts": {verdict.value: text for verdict, text in verdicts.items()}},
        ensure_ascii=False,
    )
    return (
        "/* What whatif.js copies into explorers; written by the build (macros/render/whatif.py). */\n"
        f"window.eisWhatIfParts = Object.assign({held}, {{ src: document.currentScript.src }});\n"
        "if (window.eisWhatIf) window.eisWhatIf.init();\n"
    )


def output(name: str, figures: Mapping[str, str]) -> Markup:
    """One figure the script keeps up to date, showing its seeded value."""
    return el("output", figures[name], name=name)
