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
Pure code: the renderer supplies the table, citations and verdict sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from markupsafe import Markup

from macros.compute import scoring
from macros.data.model import Outcome, PredictionList, Scorecard
from macros.render import fmt, marks
from macros.render.html import Content, el

# The script, as a path in docs/; pages that hold an explorer load it.
SCRIPT = "javascripts/whatif.js"

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


def explorer(
    plist: PredictionList,
    card: Scorecard | None,
    table: Markup,
    *,
    prefix: str,
    verdicts: Mapping[scoring.Verdict, str],
    seeded_by: Callable[[Scorecard], Content],
    script: str | None,
) -> Markup:
    """The list's own table made explorable, as one line of HTML.

    ``table`` is the prediction table, whose rows carry ``data-p`` and whose
    seeded column's outcome cells carry ``data-choice``.  Without JavaScript
    the reader gets that table and nothing else: the figures below it stay
    hidden (their text is the seeded choices' figures all the same).  The
    script puts a control in each of those cells, shows the figures and
    keeps them, the marks and the points up to date.  ``prefix`` is the
    form's id (unique on the page); ``script`` is the URL of whatif.js, given
    to the first explorer of a page only.
    """
    choices = seeded_choices(plist, card)
    ps = [prediction.p for prediction in plist.predictions]
    figures = shown(evaluate(ps, choices), verdicts)

    if card is None:
        seed: list[Content] = ["They start with every outcome unknown: the list has not been judged yet."]
    else:
        seed = ["They start from ", seeded_by(card), "."]
    intro = el(
        "p", "Change the outcomes in the table to see what the list would score. ", seed, class_="eis-whatif__seed"
    )
    unknown = choices.count(UNKNOWN)
    items = [
        ("Score", el("strong", output("score", figures), class_="eis-score")),
        ("Brier score", output("brier", figures)),
        ("Judged", [output("judged", figures), " judged, ", output("happened", figures), " happened"]),
    ]
    figure_list = [el("div", el("dt", name), el("dd", value)) for name, value in items]
    # Only while some outcome is unknown is there a range left to show.
    figure_list.append(
        el(
            "div",
            el("dt", "Still possible"),
            el("dd", output("worst", figures), " to ", output("best", figures)),
            class_="eis-whatif__open",
            hidden=unknown == 0,
        )
    )
    # A section, not a div: the search index's exclusion ends at the first
    # closing tag of the same name, and the figures are divs.
    result = el(
        "section",
        intro,
        el(
            "div",
            el("dl", figure_list, class_="eis-figures"),
            el("p", "Verdict: with these outcomes, the work ", output("verdict", figures), ".", class_="eis-verdict"),
            aria_live="polite",
            aria_atomic="true",
        ),
        el("button", "Reset to the starting choices", type="button", class_="md-button eis-whatif__reset"),
        class_="eis-whatif__result",
        hidden=True,
        data_search_exclude=True,
    )
    # What the script copies into the table: a control, and the mark of each choice.
    options = [el("option", label, value=value) for value, label in CHOICES]
    parts = el(
        "template",
        el("select", options, class_="eis-whatif__choice", aria_label="Outcome of prediction"),
        [marks.mark(MARK_OF[value]) for value, _ in CHOICES],
        class_="eis-whatif__parts",
        data_search_exclude=True,
    )
    verdict_texts = {f"data_verdict_{verdict.value.replace(' ', '_')}": text for verdict, text in verdicts.items()}
    body: list[Content] = [table, result, parts]
    if script is not None:
        body.append(el("script", src=script, defer=True))
    return el("form", body, class_="eis-whatif", data_list=plist.id, id=prefix, **verdict_texts)


def output(name: str, figures: Mapping[str, str]) -> Markup:
    """One figure the script keeps up to date, showing its seeded value."""
    return el("output", figures[name], name=name)
