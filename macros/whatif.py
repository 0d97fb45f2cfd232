"""The what-if explorer under a prediction list: pick outcomes, see the score.

The reader chooses, for each prediction, whether it happened, did not, or is
still unknown, and sees the score under the author's rule, the Brier score,
the verdict, and the range still open to the unknowns.  The choices start
from the list's latest scorecard (all unknown while the list is pending).

The HTML written here already shows the figures of those seeded choices,
computed exactly, so the page reads completely without JavaScript; the
radios are disabled until ``overrides/javascripts/whatif.js`` enables them and
recomputes the same figures, also exactly, as the reader changes them.
Pure code: the renderer supplies links, citations and the verdict sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from markupsafe import Markup

from . import fmt, scoring
from .html import Content, el, head_row, table
from .model import Outcome, PredictionList, Scorecard

# The script, as a path in docs/; pages that hold an explorer load it.
SCRIPT = "javascripts/whatif.js"

# A reader's choice for one prediction, as the radios' values; whatif.js
# and tests/whatif_vectors.json use the same words.
HAPPENED = "happened"
DID_NOT = "did not"
UNKNOWN = "unknown"
CHOICES = ((HAPPENED, "happened"), (DID_NOT, "did not happen"), (UNKNOWN, "unknown"))

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
        "brier": fmt.unsigned(result.brier) if result.brier is not None else "n/a",
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
    *,
    prefix: str,
    verdicts: Mapping[scoring.Verdict, str],
    seeded_by: Callable[[Scorecard], Content],
    script: str | None,
) -> Markup:
    """One explorer, as one line of HTML.

    ``prefix`` starts every id (unique on the page); ``seeded_by`` says which
    judgement the card records; ``script`` is the URL of whatif.js, given to
    the first explorer of a page only.
    """
    choices = seeded_choices(plist, card)
    ps = [prediction.p for prediction in plist.predictions]
    figures = shown(evaluate(ps, choices), verdicts)

    if card is None:
        seed: list[Content] = ["The choices start with every outcome unknown: the list has not been judged yet."]
    else:
        seed = ["The choices start from the latest scorecard: ", seeded_by(card), "."]
    intro = el(
        "p",
        "Choose what happened to each prediction to see what the list would score. ",
        seed,
        class_="eis-whatif__seed",
    )
    hint = el(
        "p",
        "Changing the outcomes needs JavaScript; without it, the figures below are those of the starting choices.",
        class_="eis-whatif__nojs",
    )

    head = head_row("#", "Probability", "Prediction", "Outcome")
    rows = []
    for number, (prediction, chosen) in enumerate(zip(plist.predictions, choices, strict=True), start=1):
        radios = [
            el(
                "label",
                el("input", type="radio", name=f"{prefix}-{number}", value=value, checked=value == chosen),
                " ",
                label,
                class_="eis-whatif__choice",
            )
            for value, label in CHOICES
        ]
        group = el(
            "fieldset",
            el("legend", f"Outcome of prediction {number}", class_="eis-whatif__legend"),
            radios,
            class_="eis-whatif__choices",
            disabled=True,
        )
        rows.append(
            el(
                "tr",
                el("td", str(number)),
                el("td", fmt.percent(prediction.p), class_="eis-num"),
                el("td", prediction.claim, class_="eis-whatif__claim"),
                el("td", group),
                data_p=f"{prediction.p.numerator}/{prediction.p.denominator}",
            )
        )
    choices_table = table(head, rows, "eis-whatif__table")

    def output(name: str) -> Markup:
        return el("output", figures[name], name=name)

    items = [
        ("Score", el("strong", output("score"), class_="eis-score")),
        ("Brier score", output("brier")),
        ("Judged", [output("judged"), " judged, ", output("happened"), " happened"]),
        ("Still possible", [output("worst"), " to ", output("best")]),
    ]
    result = el(
        "div",
        el("dl", [el("div", el("dt", name), el("dd", value)) for name, value in items], class_="eis-figures"),
        el("p", "Verdict: with these outcomes, the work ", output("verdict"), ".", class_="eis-whatif__verdict"),
        class_="eis-whatif__result",
        aria_live="polite",
        aria_atomic="true",
    )
    reset = el(
        "button", "Reset to the starting choices", type="button", class_="md-button eis-whatif__reset", disabled=True
    )
    verdict_texts = {f"data_verdict_{verdict.value.replace(' ', '_')}": text for verdict, text in verdicts.items()}
    form = el(
        "form", intro, hint, choices_table, result, reset, class_="eis-whatif", data_list=plist.id, **verdict_texts
    )

    title_id = f"{prefix}-title"
    body: list[Content] = [el("h3", "What if? ", plist.title, id=title_id, class_="eis-whatif__title"), form]
    if script is not None:
        body.append(el("script", src=script, defer=True))
    return el("section", body, class_="eis-card eis-whatif-panel", id=prefix, aria_labelledby=title_id)
