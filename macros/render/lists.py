"""Prediction lists and their scorecards: the table (which is also the explorer), summaries, breakdowns."""

from __future__ import annotations

from markupsafe import Markup

from macros.data.model import Scorecard
from macros.data.problems import MacroMisuse
from macros.render import fmt, marks, whatif
from macros.render.base import (
    _VERDICTS,
    SCORING_PAGE,
    _link,
    list_page_path,
    macro,
)
from macros.render.html import Content, el, join, table
from macros.render.sequence import SequenceMacros


class ListMacros(SequenceMacros):
    @macro
    def prediction_table(self, list_id: str, scorecard: str | None = None) -> Markup:
        """The list in the author's order, with one outcome column per scorecard.

        The table is also the list's what-if explorer: the column of the
        scorecard it shows (the latest, or the one asked for), or the pending
        column of a list not judged yet, becomes a set of controls when the
        page's script runs.  The first such table of a page loads the script.
        """
        plist = self.data.prediction_list(list_id)
        if scorecard is not None:
            card = self.data.scorecard(scorecard)
            if card.predictions != plist.id:
                raise MacroMisuse(f"scorecard {scorecard!r} judges list {card.predictions!r}, not {list_id!r}")
            cards: tuple[Scorecard, ...] = (card,)
            seed: Scorecard | None = card
        else:
            cards = self.data.scorecards_of(plist.id)
            seed = self.data.latest_scorecard(plist.id)
        choices = whatif.seeded_choices(plist, seed)
        figures = whatif.shown(whatif.evaluate([p.p for p in plist.predictions], choices), _VERDICTS)
        # A site without the script gets the static table alone.
        script = self.links.href(whatif.SCRIPT)
        if script is not None and self._explorers:
            script = ""  # loaded by the page's first explorer
        count = self._explorers[plist.id] = self._explorers.get(plist.id, 0) + 1
        suffix = f"-{count}" if count > 1 else ""

        head: list[Content] = [
            el("th", "#", scope="col"),
            el("th", "Probability", scope="col"),
            el("th", "Prediction", scope="col"),
        ]
        for card in cards:
            work = self.data.work(card.work)
            # On a phone each cell carries its heading; one judgement needs no name.
            against = f", {work.citation}" if len(cards) > 1 else ""
            head.append(
                el(
                    "th",
                    "Outcome",
                    el("br"),
                    el("small", work.citation),
                    scope="col",
                    data_label=f"Outcome{against}",
                )
            )
            head.append(el("th", "Points", scope="col", data_label=f"Points{against}"))
        if not cards:
            head += [el("th", "Outcome", scope="col"), el("th", "Points", scope="col")]
        rows = []
        for number, (prediction, choice) in enumerate(zip(plist.predictions, choices, strict=True), start=1):
            # The number leads to the forecast's own entry, its permalink.
            permalink = self.links.href(list_page_path(plist.id), prediction.id)
            cells: list[Content] = [
                el(
                    "td",
                    _link(
                        permalink, str(number), aria_label=f"Forecast {number}, its own entry" if permalink else None
                    ),
                ),
                el("td", fmt.percent(prediction.p), class_="eis-num"),
                el("td", prediction.claim, class_="eis-claim eis-wide"),
            ]
            for card in cards:
                outcome = card.outcome_of(prediction.id)
                earned = self._card_score(card.id).points[prediction.id]
                live = card is seed
                cells.append(
                    el("td", marks.of_outcome(outcome), class_="eis-mark-cell", data_choice=choice if live else None)
                )
                cells.append(
                    el(
                        "td",
                        fmt.signed(earned) if earned is not None else "—",
                        class_="eis-num eis-whatif__points" if live else "eis-num",
                    )
                )
            if not cards:
                cells.append(el("td", marks.of_outcome(None), class_="eis-mark-cell", data_choice=choice))
                cells.append(el("td", "—", class_="eis-num eis-whatif__points"))
            rows.append(
                el(
                    "tr",
                    cells,
                    id=f"{plist.id}-{prediction.id}{suffix}",
                    data_p=f"{prediction.p.numerator}/{prediction.p.denominator}",
                )
            )
        foot = None
        if cards:
            totals: list[Content] = [el("th", "Score", colspan=3, scope="row")]
            for card in cards:
                if card is seed:
                    happened = [whatif.output("happened", figures), " of ", whatif.output("judged", figures)]
                    totals.append(el("td", happened, " happened"))
                    totals.append(el("td", el("strong", whatif.output("score", figures)), class_="eis-num"))
                    continue
                result = self._card_score(card.id)
                totals.append(el("td", f"{result.happened} of {result.judged} happened"))
                totals.append(el("td", el("strong", fmt.signed(result.score)), class_="eis-num"))
            foot = el("tr", totals)
        shown = table(el("tr", head), rows, "eis-predictions", caption=plist.title, foot=foot)
        if count == 1 and len(self._explorers) == 1:
            shown = join([shown, marks.symbols()])  # the page's first table: the marks' drawings

        if script is None:
            return shown

        def seeded_by(card: Scorecard) -> Content:
            return ["the outcomes judged against ", self.cite(card.work), f" ({card.date.human()})"]

        return whatif.explorer(
            plist,
            seed,
            shown,
            prefix=f"whatif-{plist.id}{suffix}",
            verdicts=_VERDICTS,
            seeded_by=seeded_by,
            script=script or None,
        )

    def _scorecard_figures(self, card: Scorecard) -> Markup:
        result = self._card_score(card.id)
        scoring_href = self.links.href(SCORING_PAGE)
        figures = [
            ("Score", el("strong", fmt.signed(result.score), class_="eis-score")),
            (
                "Judged",
                f"{result.judged} predictions, {result.happened} happened"
                + (f", {result.ambiguous} ambiguous (left out)" if result.ambiguous else ""),
            ),
            ("Brier score", fmt.brier(result.brier)),
        ]
        items = join(el("div", el("dt", name), el("dd", value)) for name, value in figures)
        work = self.data.work(card.work)
        verdict = el(
            "p",
            "Verdict: ",
            self.cite(work.id),
            " ",
            _VERDICTS[result.verdict],
            ". ",
            _link(scoring_href, "How scores work"),
            class_="eis-verdict",
        )
        return join([el("dl", items, class_="eis-figures"), verdict])

    @macro
    def scorecard_summary(self, scorecard_id: str) -> Markup:
        card = self.data.scorecard(scorecard_id)
        plist = self.data.prediction_list(card.predictions)
        work = self.data.work(card.work)
        context: list[Content] = [plist.title, " judged against ", self.cite(work.id), f" ({card.date.human()})"]
        if card.reported_in is not None:
            context += [", reported in ", self._part_link(self.data.part(card.reported_in))]
        body: list[Content] = [el("p", context, class_="eis-card__context"), self._scorecard_figures(card)]
        if card.note:
            body.append(el("p", card.note, class_="eis-card__note"))
        return el("div", body, class_="eis-card eis-scorecard", id=f"scorecard-{card.id}")

    @macro
    def list_summary(self, list_id: str) -> Markup:
        """Scorecards of a list, or the range it can still score."""
        plist = self.data.prediction_list(list_id)
        cards = self.data.scorecards_of(plist.id)
        if cards:
            return join(self.scorecard_summary(card.id) for card in cards)
        span = self._list_figures(plist.id)
        figures = [
            ("Best possible", el("strong", fmt.signed(span.best)), "if every predicted event happens"),
            ("Worst possible", el("strong", fmt.signed(span.worst)), "if none does"),
            ("Expected", el("strong", fmt.signed(span.expected)), "under the author's own probabilities"),
        ]
        items = join(el("div", el("dt", name), el("dd", value, " ", el("small", why))) for name, value, why in figures)
        size = len(plist.predictions)
        return el(
            "div",
            el("p", f"Pending: none of these {size} predictions has been judged yet.", class_="eis-card__context"),
            el("dl", items, class_="eis-figures"),
            class_="eis-card eis-pending",
            id=f"pending-{plist.id}",
        )

    @macro
    def score_breakdown(self, scorecard_id: str) -> Markup:
        """The score as a sum, term by term, in the list's order."""
        figures = self._card_score(scorecard_id)
        terms = [earned for earned in figures.points.values() if earned is not None]
        if not terms:
            return el("p", "No prediction on this scorecard has been judged.", class_="eis-breakdown")
        written = [fmt.signed(terms[0])]
        for term in terms[1:]:
            written.append(("− " if term < 0 else "+ ") + fmt.signed(abs(term)).lstrip("+"))
        total = fmt.signed(figures.score)
        return el("p", el("code", " ".join(written) + " = " + total), class_="eis-breakdown")

    @macro
    def whatif(self, list_id: str) -> Markup:
        """The list's explorable table, unless the page already shows it.

        The explorer is the prediction table itself; pages written when it
        was a second table under the first keep one table per list.
        """
        plist = self.data.prediction_list(list_id)
        if self.links.href(whatif.SCRIPT) is None:
            raise LookupError(f"the explorer's script {whatif.SCRIPT} is missing from the docs")
        if plist.id in self._explorers:
            return Markup("")
        return self.prediction_table(plist.id)
