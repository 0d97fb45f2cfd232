"""The ledger, the list pages, calibration, open data, and each page's title and description."""

from __future__ import annotations

from markupsafe import Markup

from macros.compute import scoring
from macros.compute.calibration import calibrate, sequence_judged
from macros.data.model import LIST_PAGE_SECTIONS, PredictionList
from macros.render import charts, fmt, opendata
from macros.render.base import (
    _VERDICTS,
    LEDGER_PAGE,
    TIERS_PAGE,
    TRACK_PAGE,
    WORKS_PAGE,
    _link,
    list_page_path,
    macro,
)
from macros.render.forecasts import ForecastMacros
from macros.render.html import Content, columns, el, join, table, text
from macros.render.lists import _BRIER_SCALE

CALIBRATION, FORECASTS = LIST_PAGE_SECTIONS


class LedgerMacros(ForecastMacros):
    @macro
    def waiting_lists(self) -> Markup:
        """The lists no paper has been judged against yet, each with the range it can still score."""
        waiting = [plist for plist in self._lists_in_order() if not self.data.scorecards_of(plist.id)]
        if not waiting:
            if not self.data.lists:
                return el("p", "The sequence has not made a prediction list yet.", class_="eis-waiting")
            return el(
                "p",
                "No list is waiting for a paper: every prediction list has been judged at least once.",
                class_="eis-waiting",
            )
        if len(waiting) == 1:
            plist = waiting[0]
            span = scoring.list_range(plist)
            size = len(plist.predictions)
            cases = ("one prediction", "the event does not happen", "it does")
            if size > 1:
                cases = (f"{size} predictions", "none of the events happens", "all of them do")
            return el(
                "p",
                "One list is still waiting for a paper: ",
                self._list_link(plist),
                f", made {plist.made_on.human()}. Judged against its {cases[0]}, a paper could score anywhere"
                f" from {fmt.signed(span.worst)} (if {cases[1]}) to {fmt.signed(span.best)} (if {cases[2]}).",
                class_="eis-waiting",
            )
        items = []
        for plist in waiting:
            span = scoring.list_range(plist)
            items.append(
                el(
                    "li",
                    self._list_link(plist),
                    f", made {plist.made_on.human()}, {fmt.counted(len(plist.predictions), 'prediction')}:"
                    f" {fmt.signed(span.worst)} to {fmt.signed(span.best)}",
                )
            )
        intro = (
            f"These {len(waiting)} lists are still waiting for a paper. Judged against any of them, a paper could"
            " score anywhere from the worst case (none of the events happens) to the best (all of them do):"
        )
        return el("div", el("p", intro), el("ul", items), class_="eis-waiting")

    @macro
    def latest_scorecard(self, list_id: str | None = None) -> Markup:
        """A sentence on the latest paper judged against a list, or against any list."""
        plist = self.data.prediction_list(list_id) if list_id is not None else None
        cards = self.data.scorecards_of(plist.id) if plist is not None else self.data.scorecards
        against: Content = self._list_link(plist) if plist is not None else "the sequence's forecasts"
        if not cards:
            return join(["No paper has been judged against ", against, " yet."])
        card = max(cards, key=lambda c: (c.date.sort_key(), c.id))
        result = self._card_score(card.id)
        # Linked like a citation but not counted as one: a part does not cite the papers judged after it.
        work = self.data.work(card.work)
        paper = _link(work.url, work.citation, class_="eis-cite")
        when = f" {card.date.when()}"
        if plist is None:
            whose = f"{self.data.sequence.author}'s forecasts in "
            judged: list[Content] = ["The latest paper judged is ", paper, ": ", whose]
            judged += [self._list_link(self.data.prediction_list(card.predictions)), f" were held against it{when}"]
        elif len(cards) == 1:
            judged = [paper, " has been judged against ", against, when]
        else:
            judged = [
                f"The latest of the {len(cards)} papers judged against ",
                against,
                " is ",
                paper,
                f", judged{when}",
            ]
        if result.judged == 0:
            judged.append("; every outcome on its scorecard is ambiguous, so it has no score.")
        else:
            judged += [
                "; it scored ",
                el("strong", fmt.signed(result.score)),
                " (",
                self._scale(result.worst, result.best, result.expected),
                f") and {_VERDICTS[result.verdict]}.",
            ]
        if plist is None and card.reported_in is not None:
            part = self.data.part(card.reported_in)
            linked = self._part_link(part)
            # A title that ends a sentence itself ends this one, unless a note follows it.
            stop = "" if str(linked).endswith(("?</a>", "!</a>", ".</a>", "?", "!", ".")) else "."
            judged += [" The result is reported in ", linked, stop]
        return join(judged)

    def _lists_in_order(self) -> list[PredictionList]:
        return sorted(self.data.lists, key=lambda lst: (lst.made_on.sort_key(), lst.id))

    def _list_link(self, plist: PredictionList) -> Markup:
        return _link(self.links.href(list_page_path(plist.id)), plist.title)

    @macro
    def data_files(self) -> Markup:
        """The table of the JSON files and schemas the build publishes."""
        return opendata.files_table(self.data, self.links.file_href)

    @macro
    def calibration(self, scorecard: str | None = None) -> Markup:
        """A reliability diagram of one scorecard, or of every judged prediction."""
        if scorecard is None:
            return charts.sequence_calibration(self.data)
        return charts.card_calibration(self.data, self.data.scorecard(scorecard))

    def page_title(self, src_path: str, part: int | None = None) -> str | None:
        """The title of a page whose subject is data (a part, a list); None leaves the page's own."""
        if part is not None:
            return self.data.part(part).title
        if src_path == TRACK_PAGE:
            return "Track record"
        listed = self.index.list_pages.get(src_path)
        return listed.title if listed is not None else None

    def page_description(self, src_path: str, part: int | None = None) -> str | None:
        """A description for pages whose subject is data; None leaves the page's own."""
        if part is not None:
            return self.data.part(part).summary
        if src_path == LEDGER_PAGE:
            return self._ledger_description()
        if src_path == TRACK_PAGE:
            return self._track_description()
        if src_path == TIERS_PAGE:
            tiers = sorted(self.data.tiers, key=lambda t: t.tier)
            placed = sum(1 for work in self.data.works if work.tier is not None)
            names = ", ".join(f"{tier.tier}. {tier.name}" for tier in tiers)
            return (
                f"The {len(tiers)} tiers of rigor for safety-oriented interpretability work ({names}),"
                f" with the {fmt.counted(placed, 'work')} placed on them."
            )
        if src_path == WORKS_PAGE:
            works = self.data.works
            placed = sum(1 for work in works if work.tier is not None)
            return (
                f"The {fmt.counted(len(works), 'work')} the sequence discusses, with authors, links and notes;"
                f" {placed} of them placed on the tiers of rigor."
            )
        listed = self.index.list_pages.get(src_path)
        if listed is not None:
            return self._list_description(listed)
        return None

    def _list_description(self, plist: PredictionList) -> str:
        said = f"{fmt.counted(len(plist.predictions), 'forecast')} made {plist.made_on.human()}"
        if plist.made_in is not None:
            said += f" in {self.data.part(plist.made_in).title}"
        latest = self.data.latest_scorecard(plist.id)
        if latest is None:
            return said.rstrip(".") + ", not yet judged."
        work = self.data.work(latest.work)
        score = fmt.signed(self._card_score(latest.id).score)
        return f"{said.rstrip('.')}; judged against {work.citation}, they scored {score}."

    def _ledger_description(self) -> str:
        lists = self.data.lists
        size = sum(len(plist.predictions) for plist in lists)
        said = f"{fmt.counted(len(lists), 'prediction list')} holding {fmt.counted(size, 'forecast')}"
        latest = self.data.latest_scorecard()
        if latest is None:
            return said + ", none judged yet."
        overall = calibrate(sequence_judged(self.data))
        cards = len(self.data.scorecards)
        judged, on = fmt.counted(overall.judged, "forecast"), fmt.counted(cards, "scorecard")
        said += f"; {judged} judged against later papers on {on}"
        if overall.brier is not None:
            said += f", with a Brier score of {fmt.unsigned(overall.brier)} over all of them"
        work = self.data.work(latest.work)
        return f"{said}. Latest: {work.citation} scored {fmt.signed(self._card_score(latest.id).score)}."

    @macro
    def ledger(self) -> Markup:
        """Markdown: every list and how it scored, then the calibration of the whole sequence.

        Each list's table, scores and explorer are on its own page, so the
        ledger stays one row a scorecard however many forecasts there are.
        """
        track = el(
            "p",
            "The ",
            _link(self.links.href(TRACK_PAGE), "track record"),
            " adds up every judged forecast in the order it was judged, against what the author's own"
            " probabilities expected.",
            class_="eis-track-link",
        )
        as_of = self._as_of(self.data.lists)
        blocks = [as_of] if as_of is not None else []
        blocks.append(track)
        blocks.append(self._ledger_overview())
        blocks += [Markup(f"## Calibration {{: #{CALIBRATION} }}"), self.calibration()]
        return Markup("\n\n").join(blocks)

    @macro
    def list_page(self, list_id: str) -> Markup:
        """Markdown of a list's own page: its context, its table (the explorer), scores and calibration."""
        plist = self.data.prediction_list(list_id)
        blocks = [self._crumbs(LEDGER_PAGE, "Predictions ledger"), Markup("# ") + text(plist.title)]
        blocks.append(self._list_context(plist))
        blocks.append(self._as_of([plist]) or Markup(""))
        blocks.append(self.prediction_table(plist.id))
        blocks.append(self.list_summary(plist.id))
        cards = self.data.scorecards_of(plist.id)
        if cards:
            blocks.append(Markup(f"## Calibration {{: #{CALIBRATION} }}"))
            blocks.extend(self.calibration(card.id) for card in cards)
        # Last, each forecast on its own: where its permalink leads.
        blocks.append(Markup(f"## Forecast by forecast {{: #{FORECASTS} }}"))
        blocks.append(self.forecast_entries(plist))
        return Markup("\n\n").join(blocks)

    def _list_context(self, plist: PredictionList) -> Markup:
        said: list[Content] = [f"Made {plist.made_on.human()}"]
        last_words = ""
        if plist.made_in is not None:
            part = self.data.part(plist.made_in)
            said += [" in ", self._part_link(part)]
            last_words = part.title
        if plist.source:
            said += [" (", _link(plist.source, "source"), ")"]
            last_words = ")"
        said.append("" if last_words.endswith(("?", "!", ".")) else ".")
        if plist.about:
            said += [" ", plist.about]
        return el("p", said, class_="eis-list-context")

    def _ledger_overview(self) -> Markup:
        head = columns("eis-ledger")
        rows = []
        for plist in sorted(self.data.lists, key=lambda lst: (lst.made_on.sort_key(), lst.id)):
            anchor = _link(self.links.href(list_page_path(plist.id)), plist.title)
            cards = self.data.scorecards_of(plist.id)
            for card in cards:
                result = self._card_score(card.id)
                rows.append(
                    el(
                        "tr",
                        el("td", anchor),
                        el("td", self.cite(card.work)),
                        el(
                            "td",
                            el("strong", fmt.signed(result.score)),
                            el("br"),
                            self._scale(result.worst, result.best, result.expected),
                            class_="eis-num",
                        ),
                        el("td", f"{result.happened} of {result.judged} happened"),
                        el("td", fmt.brier(result.brier), el("br"), _BRIER_SCALE, class_="eis-num"),
                        el("td", _VERDICTS[result.verdict]),
                    )
                )
            if not cards:
                span = self._list_figures(plist.id)
                rows.append(
                    el(
                        "tr",
                        el("td", anchor),
                        el("td", f"pending since {plist.made_on.human()}"),
                        el(
                            "td",
                            f"{fmt.signed(span.worst)} to {fmt.signed(span.best)}",
                            el("br"),
                            el("small", f"expected {fmt.signed(span.expected)}", class_="eis-scale"),
                            class_="eis-num",
                        ),
                        el("td", f"0 of {len(plist.predictions)}"),
                        el("td", "n/a", class_="eis-num"),
                        el("td", "not yet judged"),
                    )
                )
        return table(head, rows, "eis-ledger", caption="Every prediction list and how it scored")
