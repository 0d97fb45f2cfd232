"""Prediction lists and their scorecards: the table (which is also the explorer), summaries, breakdowns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

from markupsafe import Markup, escape

from macros.compute import scoring
from macros.data.model import PredictionList, Scorecard
from macros.data.problems import MacroMisuse
from macros.render import fmt, marks
from macros.render import whatif as what_if  # the module: ``whatif`` is the macro below
from macros.render.base import SCORING_PAGE, VERDICTS, PageContext, link, list_page_path
from macros.render.html import COLUMNS, Content, css_string, el, join, table
from macros.render.registry import macro
from macros.render.sequence import part_link
from macros.render.tiers import cite


def _shown_cards(
    page: PageContext, list_id: str, scorecard: str | None = None
) -> tuple[PredictionList, tuple[Scorecard, ...], Scorecard | None]:
    """The list, the scorecards its table shows, and the one its explorer starts from (None: pending)."""
    plist = page.data.prediction_list(list_id)
    if scorecard is None:
        return plist, page.data.scorecards_of(plist.id), page.data.latest_scorecard(plist.id)
    card = page.data.scorecard(scorecard)
    if card.predictions != plist.id:
        raise MacroMisuse(f"scorecard {scorecard!r} judges list {card.predictions!r}, not {list_id!r}")
    return plist, (card,), card


@macro(check=_shown_cards)
def prediction_table(page: PageContext, list_id: str, scorecard: str | None = None) -> Markup:
    """The list in the author's order, with one outcome column per scorecard.

    The table is also the list's what-if explorer: the column of the
    scorecard it shows (the latest, or the one asked for), or the pending
    column of a list not judged yet, becomes a set of controls when the
    page's script runs.  The first such table of a page loads the script.
    """
    plist, cards, seed = _shown_cards(page, list_id, scorecard)
    figures = page.seed(plist, seed)
    # A site without the script gets the static table alone.
    script = page.links.href(what_if.SCRIPT)
    if script is not None and page.explorers:
        script = ""  # loaded by the page's first explorer
    count = page.explorers[plist.id] = page.explorers.get(plist.id, 0) + 1
    suffix = f"-{count}" if count > 1 else ""

    number_head, probability, claim, outcome_head, points = COLUMNS["eis-predictions"]
    head: list[Content] = [el("th", name, scope="col") for name in (number_head, probability, claim)]
    for card in cards:
        work = page.data.work(card.work)
        # On a phone each cell carries its heading; one judgement needs no name.
        against = f", {work.citation}" if len(cards) > 1 else ""
        head.append(
            el(
                "th",
                outcome_head,
                el("br"),
                el("small", work.citation),
                scope="col",
                data_label=f"{outcome_head}{against}",
                # The explorer's column: its script reads each cell's choice from its mark.
                data_seeded=card is seed,
            )
        )
        head.append(el("th", points, scope="col", data_label=f"{points}{against}"))
    if not cards:
        head += [el("th", outcome_head, scope="col", data_seeded=True), el("th", points, scope="col")]
    rows = []
    for number, prediction in enumerate(plist.predictions, start=1):
        # The number leads to the forecast's own entry, its permalink.
        permalink = page.links.href(list_page_path(plist.id), prediction.id)
        cells: list[Content] = [
            el(
                "td",
                # Named "Forecast 1 (its own entry)" by the stylesheet (``permalink_styles``), once a site.
                link(permalink, str(number)),
            ),
            # Numbers are set as numbers by their column (eis.css), not a class a cell.
            el("td", fmt.percent(prediction.p)),
            el("td", prediction.claim),
        ]
        for card in cards:
            outcome = card.outcome_of(prediction.id)
            earned = page.card_score(card.id).points[prediction.id]
            cells.append(el("td", marks.of_outcome(outcome)))
            cells.append(el("td", fmt.signed(earned) if earned is not None else "—"))
        if not cards:
            cells.append(el("td", marks.of_outcome(None)))
            cells.append(el("td", "—"))
        rows.append(
            el(
                "tr",
                cells,
                id=f"{plist.id}-{prediction.id}{suffix}",
                # The explorer reads the probability from its cell when that says it exactly.
                data_p=None
                if fmt.percent_is_exact(prediction.p)
                else f"{prediction.p.numerator}/{prediction.p.denominator}",
            )
        )
    foot = None
    if cards:
        totals: list[Content] = [el("th", "Score", colspan=3, scope="row")]
        for card in cards:
            if card is seed:
                happened = [what_if.output("happened", figures), " of ", what_if.output("judged", figures)]
                totals.append(el("td", happened, " happened"))
                totals.append(el("td", el("strong", what_if.output("score", figures)), class_="eis-num"))
                continue
            result = page.card_score(card.id)
            totals.append(el("td", f"{result.happened} of {result.judged} happened"))
            totals.append(el("td", el("strong", fmt.signed(result.score)), class_="eis-num"))
        foot = el("tr", totals)
    shown = table(el("tr", head), rows, "eis-predictions", caption=plist.title, foot=foot)

    live = script is not None
    if seed is not None:
        panel = _panel(page, plist, seed, figures, live=live, suffix=suffix)
        page.panelled.add(seed.id)
    else:
        panel = _pending_panel(page, plist, live=live, suffix=suffix)
        page.panelled.add(plist.id)
    if not live:
        return join([shown, panel])
    scripts = (page.links.file_href(what_if.PARTS), script) if script else ()
    return what_if.explorer(plist, shown, panel, prefix=f"whatif-{plist.id}{suffix}", scripts=scripts)


def explorer_parts(page: PageContext) -> str:
    """The file at ``whatif.PARTS`` for a site whose links ``page`` holds, as seen from that file."""
    return what_if.parts_script(_explorer_parts(page), VERDICTS)


# The words around a row's number that name its link to the forecast's own
# entry ("Forecast 1 (its own entry)"), for screen readers only.  Hidden text
# is set apart from the number as a block is, so each side is whole words.
PERMALINK_NAME = ("Forecast", "(its own entry)")


def permalink_styles() -> str:
    """The stylesheet's rules that name each row's permalink, around its number: once a site, not once a row.

    Generated content counts in a link's accessible name; it is clipped as
    ``.eis-sr`` text is, so nobody sees it and nobody copies it.
    """
    hidden = "position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap;"
    link = ".eis-predictions tbody td:first-child>a"
    before, after = (css_string(words) for words in PERMALINK_NAME)
    return f'{link}::before{{content:"{before}";{hidden}}}{link}::after{{content:"{after}";{hidden}}}'


def _explorer_parts(page: PageContext) -> list[Content]:
    """What the script adds to explorers besides its controls: the figures of a scenario on a
    pending list, and the sentences on a scenario whose score and Brier score disagree."""
    scored = "eis-whatif__scored"
    blank = dict.fromkeys(("score", "brier", "judged", "happened", "worst", "best", "verdict"), "")
    value = _outputs(blank, True)
    items = [
        ("Scenario's score", el("strong", value("score"), class_="eis-score"), scored, True),
        ("Brier score", [value("brier"), " ", BRIER_SCALE], scored, True),
        ("Still possible", [value("worst"), " to ", value("best")], f"{scored} eis-whatif__open", True),
    ]
    # Into the head that stays in view, and the count into the panel's body.
    figures = el(
        "div",
        el("dl", [_figure(*item) for item in items], class_="eis-figures"),
        el("p", "Verdict: the work ", value("verdict"), ".", class_=f"eis-verdict {scored}", hidden=True),
        class_="eis-whatif__figures",
    )
    judged = el(
        "p",
        "In this scenario ",
        value("judged"),
        " judged, ",
        value("happened"),
        " happened.",
        class_=f"eis-whatif__judged {scored}",
        hidden=True,
    )
    sentences = [_disagreement(page, which, live=True, hidden=True) for which in _DISAGREEMENTS]
    return [figures, judged, *sentences]


def scale(page: PageContext, worst: Fraction, best: Fraction, expected: Fraction) -> Content:
    """What a list's score is measured against: its worst, its best, and what its own odds expected."""
    return el(
        "small",
        f"worst possible {fmt.signed(worst)}, best {fmt.signed(best)}; the author's own odds expected"
        f" {fmt.signed(expected)}",
        class_="eis-scale",
    )


def _panel(
    page: PageContext, plist: PredictionList, card: Scorecard, shown: Mapping[str, str], *, live: bool, suffix: str = ""
) -> Markup:
    """A scorecard's one panel: its figures on their scales, its verdict, and what it was judged against.

    ``live``: the figures are the explorer's outputs, which its script
    keeps up to date; the head is what stays in view while the reader
    changes outcomes.
    """
    figures = page.card_score(card.id)
    value = _outputs(shown, live)
    items: list[tuple[str, Content, str | None, bool]] = [
        (
            "Score",
            [
                el("strong", value("score"), class_="eis-score"),
                " ",
                scale(page, figures.worst, figures.best, figures.expected),
            ],
            None,
            False,
        ),
        ("Brier score", [value("brier"), " ", BRIER_SCALE], None, False),
    ]
    if live and figures.ambiguous:
        # Only while some outcome is unknown (an ambiguous one starts so) is there a range left;
        # with none, the script adds the range from its parts once the reader makes one unknown.
        items.append(("Still possible", [value("worst"), " to ", value("best")], "eis-whatif__open", False))
    head = el(
        "div",
        el("dl", [_figure(*item) for item in items], class_="eis-figures"),
        el("p", "Verdict: ", cite(page, card.work), " ", value("verdict"), ".", class_="eis-verdict"),
        class_="eis-scorecard eis-panel",
        id=f"scorecard-{card.id}{suffix}",
    )
    judged: list[Content] = [
        value("judged"),
        " predictions judged, ",
        value("happened"),
        " happened",
        f", {figures.ambiguous} ambiguous (left out)" if figures.ambiguous else "",
        ". ",
    ]
    context: list[Content] = [
        plist.title,
        ", judged against ",
        cite(page, card.work),
        f" {card.date.when()}",
    ]
    if card.reported_in is not None:
        context += [", reported in ", part_link(page, page.data.part(card.reported_in))]
    context.append(". ")
    body: list[Content] = [el("p", context, judged, class_="eis-card__context")]
    if figures.disagreement is not scoring.Disagreement.NONE:
        body.append(_disagreement(page, figures.disagreement, live=live))
    if card.note:
        body.append(el("p", card.note, class_="eis-card__note"))
    return join([head, el("div", body, class_="eis-panel__more")])


def _disagreement(page: PageContext, which: scoring.Disagreement, *, live: bool, hidden: bool = False) -> Markup:
    """The sentence saying why the score and the Brier score disagree.

    An explorer's script shows and hides it as the scenario calls for,
    taking those its page does not show yet from the explorer's parts file.
    """
    return el(
        "p",
        _DISAGREEMENTS[which],
        " ",
        link(page.links.href(SCORING_PAGE), "How scores work"),
        ".",
        class_="eis-disagree",
        data_disagreement=which.value if live else None,
        hidden=hidden,
    )


def _pending_panel(page: PageContext, plist: PredictionList, *, live: bool, suffix: str = "") -> Markup:
    """A list not judged yet: since when it waits, and the range a paper could score.

    An explorer's script adds the figures of the reader's scenario.
    """
    span = page.list_figures(plist.id)
    size = len(plist.predictions)
    could = [
        el("strong", fmt.signed(span.worst)),
        " to ",
        el("strong", fmt.signed(span.best)),
        " ",
        el("small", f"the author's own odds expected {fmt.signed(span.expected)}", class_="eis-scale"),
    ]
    head = el(
        "div",
        el("dl", _figure("Could score", could, None, False), class_="eis-figures"),
        class_="eis-pending eis-panel",
        id=f"pending-{plist.id}{suffix}",
    )
    context = el(
        "p",
        f"Pending since {plist.made_on.human()}: none of these {size} predictions has been judged yet.",
        class_="eis-card__context",
    )
    return join([head, el("div", context, class_="eis-panel__more")])


@macro
def scorecard_summary(page: PageContext, scorecard_id: str) -> Markup:
    """A scorecard's panel, unless the page's explorer of its list already shows it."""
    card = page.data.scorecard(scorecard_id)
    if card.id in page.panelled:
        return Markup("")
    plist = page.data.prediction_list(card.predictions)
    shown = page.seed(plist, card)
    page.panelled.add(card.id)
    return _panel(page, plist, card, shown, live=False)


@macro
def list_summary(page: PageContext, list_id: str) -> Markup:
    """Scorecards of a list, or the range it can still score; none that the page already shows."""
    plist = page.data.prediction_list(list_id)
    cards = page.data.scorecards_of(plist.id)
    if cards:
        return join(scorecard_summary(page, card.id) for card in cards)
    if plist.id in page.panelled:
        return Markup("")
    page.panelled.add(plist.id)
    return _pending_panel(page, plist, live=False)


@macro
def score_breakdown(page: PageContext, scorecard_id: str) -> Markup:
    """The score as a sum, term by term, in the list's order."""
    figures = page.card_score(scorecard_id)
    terms = [earned for earned in figures.points.values() if earned is not None]
    if not terms:
        return el("p", "No prediction on this scorecard has been judged.", class_="eis-breakdown")
    written = [fmt.signed(terms[0])]
    for term in terms[1:]:
        written.append(("− " if term < 0 else "+ ") + fmt.signed(abs(term)).lstrip("+"))
    total = fmt.signed(figures.score)
    return el("p", el("code", " ".join(written) + " = " + total), class_="eis-breakdown")


@macro
def whatif(page: PageContext, list_id: str) -> Markup:
    """The list's explorable table, unless the page already shows it.

    The explorer is the prediction table itself; pages written when it
    was a second table under the first keep one table per list.
    """
    plist = page.data.prediction_list(list_id)
    if page.links.href(what_if.SCRIPT) is None:
        raise LookupError(f"the explorer's script {what_if.SCRIPT} is missing from the docs")
    if plist.id in page.explorers:
        return Markup("")
    return prediction_table(page, plist.id)


BRIER_SCALE = el("small", "0 is perfect, 0.25 a coin flip", class_="eis-scale")

# Why the score and the Brier score can point opposite ways.
_DISAGREEMENTS = {
    scoring.Disagreement.RIGHT_SIDE_NEGATIVE: (
        "Every judged forecast fell on the right side of even odds, hence the good Brier score; the score is"
        " negative all the same, because the author's rule weighs the list as a whole: fewer of its events"
        " happened than its probabilities added up to."
    ),
    scoring.Disagreement.WRONG_SIDE_POSITIVE: (
        "Every judged forecast fell on the wrong side of even odds, hence the poor Brier score; the score is"
        " positive all the same, because the author's rule weighs the list as a whole: more of its events"
        " happened than its probabilities added up to."
    ),
}


def _outputs(shown: Mapping[str, str], live: bool) -> Callable[[str], Content]:
    """A figure by name: the explorer's output the script updates, or plain text."""
    if live:
        return lambda name: what_if.output(name, shown)
    return lambda name: escape(shown[name])


def _figure(name: str, value: Content, class_: str | None, hidden: bool) -> Markup:
    return el("div", el("dt", name), el("dd", value), class_=class_, hidden=hidden)
